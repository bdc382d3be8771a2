/// \file Helpers the money tests share (money_test.cpp, money_documents_test.cpp,
/// decimal_test.cpp): exact amounts from text, the stages they run, a breakdown's lines.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "pipeline/decimal.h"
#include "pipeline/document.h"
#include "stages/money.h"

namespace agendapack::test {

inline const MoneyVocab& money_vocab() { return MoneyVocab::builtin(); }

/// An exact amount written as text: dec("12.71").
inline Decimal dec(const char* text) { return Decimal::parse(text).value(); }

inline const std::vector<std::string> kMoneyStages = {"load", "text", "layout", "money"};
inline const std::vector<std::string> kMoneyTableStages = {"load",   "text",   "layout",
                                                           "rulings", "tables", "money"};

inline int count_issues(const Document& doc, const std::string& code) {
  int n = 0;
  for (const Issue& i : doc.issues) n += i.code == code;
  return n;
}

/// A breakdown's lines, in order: each label and amount.
inline void expect_lines(const FundingBreakdown& f,
                         const std::vector<std::pair<std::string, Decimal>>& lines) {
  ASSERT_EQ(f.lines.size(), lines.size());
  for (size_t k = 0; k < lines.size(); ++k) {
    EXPECT_EQ(f.lines[k].label, lines[k].first);
    EXPECT_EQ(f.lines[k].money.amount, lines[k].second) << f.lines[k].label;
  }
}

}  // namespace agendapack::test
