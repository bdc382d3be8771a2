/// \file money: every money amount mentioned (doc.amounts), and funding breakdowns (doc.funding):
/// two or more line items with amounts, printed as a table, a tab- or dot-leader-aligned list,
/// a bulleted list or an inline split ("£356.0k (£42.7k + £313.3k)"), with the total the text
/// states kept apart and checked against the sum, exactly.
/// Runs after `layout`, `tables`, `items` (the item each mention belongs to) and `meeting` (the
/// authority, one clue to the currency of a bare "$").
///
/// The stage's parts:
/// - stages/money_parse.h: the vocabulary and the amount parser, on strings alone;
/// - stages/money_currency.h: which currency the document's "$" and bare figures are;
/// - stages/money_reader.h: the reader of one document; prose, chart axes and the totals check
///   in stages/money.cpp, lists in stages/money_lists.cpp, tables in stages/money_tables.cpp.
#pragma once

#include <cstdint>
#include <utility>

#include "pipeline/stage.h"
#include "stages/money_parse.h"

namespace agendapack {

struct MoneyOptions {
  int64_t total_tolerance = 0;   // whole units a stated total may differ from the sum and agree
  double tab_gap_em = 1.2;  // a gap this many font sizes wide aligns an amount to a tab stop (a word space is ~0.3)
  int max_label_words = 14;      // longer text before an amount is prose, not a list label
  static MoneyOptions from_json(const nlohmann::json& section);
};

class MoneyStage final : public Stage {
 public:
  MoneyStage() = default;
  explicit MoneyStage(MoneyOptions options) : options_(std::move(options)) {}
  std::string_view name() const override { return "money"; }
  Result<void> run(Document& doc, StageContext& ctx) override;

 private:
  MoneyOptions options_;
};

}  // namespace agendapack
