/// \file Money in tables: every figure of a money column is a mention (scaled by the unit its
/// header states, "£'000"), and each money column with a label column to its left is a
/// breakdown, closed by each total row ("Total", "Total=" under each ward of a grants table).
#include <algorithm>
#include <set>

#include "stages/money_reader.h"
#include "stages/money_text.h"

namespace agendapack::money_detail {

using namespace money_text;

namespace {

std::string flat(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return trim(s);
}

// The first column left of money column `c` whose body cells are mostly words.
int label_column(const Table& table, const std::vector<bool>& money, int header, int c) {
  for (int lc = 0; lc < c; ++lc) {
    if (money[lc]) continue;
    int letters = 0, rows = 0;
    for (int r = header; r < table.n_rows(); ++r) {
      ++rows;
      letters += has_letter(table.rows[r][lc].text);
    }
    if (rows > 0 && letters * 2 >= rows) return lc;
  }
  return -1;
}

}  // namespace

// Lines inside a table are read from the table's cells instead.
void MoneyReader::mark_table_lines() {
  std::set<std::pair<uint32_t, uint32_t>> table_words;
  for (size_t t = 0; t < doc_.tables.size(); ++t)
    for (const auto& row : doc_.tables[t].rows)
      for (const Cell& c : row)
        for (const WordRef& w : c.words) table_words.insert({w.page_idx, w.word_idx});
  in_table_.assign(order_.size(), false);
  table_first_ro_.assign(doc_.tables.size(), order_.size());
  for (size_t ro = 0; ro < order_.size(); ++ro) {
    const Line& l = line(ro);
    size_t inside = 0;
    for (uint32_t wi : l.words) inside += table_words.count({order_[ro].page_idx, wi});
    if (l.table >= 0 || (!l.words.empty() && inside * 2 > l.words.size())) in_table_[ro] = true;
  }
  for (size_t t = 0; t < doc_.tables.size(); ++t) {
    std::set<std::pair<uint32_t, uint32_t>> mine;
    for (const auto& row : doc_.tables[t].rows)
      for (const Cell& c : row)
        for (const WordRef& w : c.words) mine.insert({w.page_idx, w.word_idx});
    for (size_t ro = 0; ro < order_.size(); ++ro) {
      const Line& l = line(ro);
      bool hit = l.table == static_cast<int>(t);
      for (uint32_t wi : l.words) hit = hit || mine.count({order_[ro].page_idx, wi});
      if (hit) {
        table_first_ro_[t] = ro;
        break;
      }
    }
  }
}

JoinedText MoneyReader::cell_text(const Cell& c, size_t fallback_ro) const {
  JoinedText jt;
  for (const WordRef& w : c.words) {
    auto it = ro_of_word_.find({w.page_idx, w.word_idx});
    jt.add(doc_, w, it == ro_of_word_.end() ? fallback_ro : it->second);
  }
  return jt;
}

void MoneyReader::read_tables() {
  for (size_t ro = 0; ro < order_.size(); ++ro)
    for (uint32_t wi : line(ro).words) ro_of_word_[{order_[ro].page_idx, wi}] = ro;
  for (size_t t = 0; t < doc_.tables.size(); ++t) read_table(t);
}

void MoneyReader::read_table(size_t t) {
  const Table& table = doc_.tables[t];
  size_t ro0 = table_first_ro_[t] < order_.size() ? table_first_ro_[t] : 0;
  int n_cols = table.n_cols(), n_rows = table.n_rows();
  if (n_rows == 0) return;
  int header = std::clamp(table.header_rows, 0, n_rows);
  auto columns_under = [&](int rows) {
    std::vector<Column> cols(n_cols);
    for (int c = 0; c < n_cols; ++c) {
      std::string h;
      for (int r = 0; r < std::max(rows, 1); ++r) {
        h += ' ';
        h += flat(table.rows[r][c].text);
      }
      cols[c] = column_of(h);
    }
    return cols;
  };
  std::vector<Column> cols = columns_under(header);
  if (header == 0) {
    // Leading rows that name a money column and hold no amounts are a header, over one row
    // or two ("Budget" over "£'000").
    auto has_figures = [&](int r) {
      for (int c = 0; c < n_cols; ++c)
        if (parse_amount(flat(table.rows[r][c].text), v_, MoneyContext::column)) return true;
      return false;
    };
    int rows = 0;
    while (rows < std::min(2, n_rows - 1) && !has_figures(rows)) ++rows;
    std::vector<Column> found(n_cols);
    bool named = false;
    if (rows > 0) {
      found = columns_under(rows);
      for (const Column& c : found) named = named || c.header_money;
    }
    if (named) {
      header = rows;
      cols = found;
    } else {
      cols.assign(n_cols, Column{});
    }
  }
  // Money columns: most body cells are single amounts.
  std::vector<bool> money(n_cols, false);
  for (int c = 0; c < n_cols; ++c) {
    int parsed = 0, strong = 0, filled = 0;
    for (int r = header; r < n_rows; ++r) {
      std::string text = flat(table.rows[r][c].text);
      if (text.empty() || text == "-" || text == "\u2013") continue;
      ++filled;
      std::vector<AmountMatch> m =
          find_amounts(text, v_, MoneyContext::column, cols[c].currency, cols[c].unit);
      if (auto p = parse_amount(text, v_, MoneyContext::column, cols[c].currency, cols[c].unit)) {
        ++parsed;
        if (!m.empty() && (m.front().has_currency || m.front().has_multiplier)) ++strong;
      }
    }
    money[c] = filled > 0 && ((cols[c].header_money && parsed >= 2 && parsed * 10 >= filled * 6) ||
                              (strong >= 2 && parsed * 10 >= filled * 8));
  }
  // Amount mentions of every cell.
  for (int r = 0; r < n_rows; ++r) {
    for (int c = 0; c < n_cols; ++c) {
      const Cell& cell = table.rows[r][c];
      if (cell.words.empty()) continue;
      JoinedText jt = cell_text(cell, ro0);
      bool column = money[c] && r >= header;
      std::vector<AmountMatch> found =
          column ? find_amounts(jt.text, v_, MoneyContext::column, cols[c].currency, cols[c].unit)
                 : find_amounts(jt.text, v_);
      std::string sentence = jt.text;
      if (column) {
        int lc = label_column(table, money, header, c);
        if (lc >= 0) sentence = flat(table.rows[r][lc].text) + " " + jt.text;
      }
      for (const AmountMatch& m : found) {
        std::vector<WordRef> words = jt.words_in(m.begin, m.end);
        if (!on_axis(words)) add_amount(m.money, jt.ro_at(m.begin), m.begin, sentence, words);
      }
      if (r >= header) report_unparsed(jt.text, found, jt, 0);
    }
  }
  // Breakdowns: one per money column with a label column to its left, unless its header
  // says its figures are per unit or averages. A total row closes a breakdown: rows after it
  // start another (a statement of groups, each with its total).
  for (int c = 0; c < n_cols; ++c) {
    if (!money[c] || cols[c].per_unit) continue;
    int lc = label_column(table, money, header, c);
    if (lc < 0) continue;
    Pending p;
    std::vector<WordRef> all;
    Decimal running;
    auto close = [&] {
      if (p.fb.lines.size() >= 2) {
        p.fb.item = item_at(ro0);
        p.fb.prov = provenance_of(doc_, all);
        p.ro = ro0;
        pending_.push_back(std::move(p));
      }
      p = Pending{};
      all.clear();
      running = Decimal{};
    };
    for (int r = header; r < n_rows; ++r) {
      const Cell& cell = table.rows[r][c];
      std::string label = flat(table.rows[r][lc].text);
      auto m = parse_amount(flat(cell.text), v_, MoneyContext::column, cols[c].currency,
                            cols[c].unit);
      if (!m) continue;
      if (cols[c].unit > 1) {
        // One unit in the last printed place: "1,250" under £000 was rounded to £1,000.
        std::vector<AmountMatch> f =
            find_amounts(flat(cell.text), v_, MoneyContext::column, cols[c].currency, cols[c].unit);
        if (!f.empty() && !f.front().has_currency && !f.front().has_multiplier)
          if (auto place = Decimal::of(1, f.front().decimals))
            if (auto r1 = place->times(cols[c].unit); r1 && *r1 > p.rounding) p.rounding = *r1;
      }
      for (const Cell* x : {&cell, &table.rows[r][lc]})
        all.insert(all.end(), x->words.begin(), x->words.end());
      if (is_subtotal_label(label)) continue;
      // A total row, or a row without a label whose figure is the sum of the rows above it.
      bool unlabeled_sum = label.empty() && p.fb.lines.size() >= 2 && m->amount == running;
      if (is_total_label(label) || unlabeled_sum) {
        p.fb.stated_total = *m;
        close();
        continue;
      }
      if (label.empty() || is_per_unit(label)) continue;
      FundingLine fl;
      fl.label = label;
      fl.money = *m;
      if (auto sum = running.plus(m->amount)) running = *sum;
      std::vector<WordRef> words = table.rows[r][lc].words;
      words.insert(words.end(), cell.words.begin(), cell.words.end());
      fl.prov = provenance_of(doc_, words);
      p.fb.lines.push_back(std::move(fl));
    }
    close();
  }
}

}  // namespace agendapack::money_detail
