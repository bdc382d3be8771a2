/// \file The money stage's reader (private to stages/money*.cpp): one document's amounts and
/// breakdowns, read from its prose (stages/money.cpp), from lists of lines with amounts
/// (stages/money_lists.cpp) and from tables (stages/money_tables.cpp), then checked against
/// the totals it states (stages/money.cpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/stage.h"
#include "stages/money.h"
#include "stages/money_parse.h"

namespace agendapack::money_detail {

// Words joined into one text, remembering which bytes each word holds.
struct Piece {
  WordRef ref;
  size_t begin = 0, end = 0;
  size_t ro = 0;  // reading-order index of its line
};

struct JoinedText {
  std::string text;
  std::vector<Piece> pieces;

  void add(const Document& doc, WordRef ref, size_t ro);
  std::vector<WordRef> words_in(size_t b, size_t e) const;
  size_t ro_at(size_t b) const;
};

// One list entry: label on the left, an amount at the end of its (last) line.
struct Entry {
  std::vector<size_t> ros;  // reading-order indices of its lines, wrapped label lines first
  std::string label;
  AmountMatch match;
  std::vector<AmountMatch> matches;  // both ends of a range
  std::vector<WordRef> amount_words, words;
  double label_x0 = 0, amount_x0 = 0, amount_x1 = 0, font_size = 0;
  bool has_bullet = false;
  bool tab = false;  // the amount sits at a tab stop or after a leader, apart from the label
};

struct Sentence {
  std::string text;
  size_t ro_first = 0, ro_last = 0;
  std::vector<AmountMatch> matches;
};

// What a column header (or a list's header line) says about the figures under it.
struct Column {
  bool header_money = false;
  bool per_unit = false;  // "Average cost", "£ per pupil": figures that are no breakdown
  std::string currency;
  int64_t unit = 1;
};

// A breakdown found, waiting for its context and total check.
struct Pending {
  size_t ro = 0;  // where it starts in reading order
  FundingBreakdown fb;
  // One unit in the last printed place of a column in thousands or millions ("1,250" under
  // "£000": 1000): its lines and total were rounded to it, so a total that differs by no more
  // is rounding, not a mismatch. 0 elsewhere.
  Decimal rounding;
};

class MoneyReader {
 public:
  MoneyReader(Document& doc, StageContext& ctx, const MoneyOptions& o, const MoneyVocab& v)
      : doc_(doc), ctx_(ctx), o_(o), v_(v) {}

  void run();

 private:
  using LineKey = std::pair<uint32_t, uint32_t>;
  static LineKey key(const LineRef& l) { return {l.page_idx, l.line_idx}; }
  const Line& line(size_t ro) const {
    return doc_.pages[order_[ro].page_idx].lines[order_[ro].line_idx];
  }
  WordRef word_ref(size_t ro, uint32_t wi) const { return {order_[ro].page_idx, wi}; }
  std::optional<std::string> item_at(size_t ro) const;
  void add_amount(const Money& m, size_t ro, size_t offset, std::string sentence,
                  const std::vector<WordRef>& words);

  // ---- labels and columns (money_lists.cpp) ----
  bool is_total_label(const std::string& label) const;
  bool is_subtotal_label(const std::string& label) const;
  bool is_per_unit(const std::string& label) const;
  std::string strip_marker(const std::string& label) const;
  Column column_of(const std::string& header) const;

  // ---- lists (money_lists.cpp) ----
  std::optional<Entry> list_line(size_t ro) const;
  bool wraps_into(size_t w, const Entry& e) const;
  void attach_wrap(Entry& e, size_t w) const;
  std::string preceding_text(size_t ro, size_t lines) const;
  void find_lists();
  bool take_list(std::vector<Entry>& run, const std::optional<std::pair<size_t, Column>>& header,
                 bool first_group);
  std::optional<std::pair<size_t, Column>> list_header(const std::vector<Entry>& run) const;

  // ---- tables (money_tables.cpp) ----
  void mark_table_lines();
  JoinedText cell_text(const Cell& c, size_t fallback_ro) const;
  void read_tables();
  void read_table(size_t t);

  // ---- charts, prose, totals (money.cpp) ----
  void mark_axis_labels();
  bool on_axis(const std::vector<WordRef>& words) const;
  void read_prose();
  void read_segment(const JoinedText& seg);
  void find_inline_split(const Sentence& s, const JoinedText& seg, size_t offset);
  void report_unparsed(const std::string& text, const std::vector<AmountMatch>& found,
                       const JoinedText& jt, size_t offset);
  void finish();

  Document& doc_;
  StageContext& ctx_;
  const MoneyOptions& o_;
  const MoneyVocab& v_;
  std::vector<LineRef> order_;
  std::map<LineKey, std::string> item_of_line_;
  std::vector<bool> in_table_;
  std::vector<size_t> table_first_ro_;
  std::set<std::pair<uint32_t, uint32_t>> axis_words_;  // chart axis labels: no money
  std::vector<std::pair<std::pair<size_t, size_t>, Amount>> amounts_;
  std::vector<std::optional<Entry>> cand_;
  std::vector<bool> used_;
  std::vector<Pending> pending_;
  std::vector<Sentence> sentences_;
  std::map<std::pair<uint32_t, uint32_t>, size_t> ro_of_word_;
};

}  // namespace agendapack::money_detail
