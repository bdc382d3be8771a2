#include "stages/table_joins.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "pipeline/regex.h"
#include "stages/layout.h"

namespace agendapack::table_joins {

namespace {

std::string normalised(const std::string& s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(c));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool same_row(const std::vector<Cell>& a, const std::vector<Cell>& b) {
  if (a.size() != b.size()) return false;
  for (size_t c = 0; c < a.size(); ++c)
    if (normalised(a[c].text) != normalised(b[c].text)) return false;
  return true;
}

bool edges_match(const Part& a, const Part& b, double tol) {
  if (a.n_cols() != b.n_cols()) return false;
  for (size_t k = 1; k + 1 < a.edges.size(); ++k)
    if (std::abs(a.edges[k] - b.edges[k]) > tol) return false;
  return true;
}

bool read_by_ocr(const Document& doc, const std::vector<Cell>& row) {
  for (const Cell& c : row)
    if (!c.words.empty()) return doc.word(c.words.front()).source == WordSource::ocr;
  return false;
}

// Whether `head`, the first row of a page, reads as a row of its own after `last` rather than
// its end: in some column the text above ends a sentence and the text below opens another,
// and in none does the text below go on in lower case from text that did not end.
bool opens_new_row(const std::vector<Cell>& last, const std::vector<Cell>& head) {
  bool fresh = false;
  for (size_t c = 0; c < last.size() && c < head.size(); ++c) {
    const std::string& above = last[c].text;
    const std::string& below = head[c].text;
    if (above.empty() || below.empty()) continue;
    bool ended = std::strchr(".!?", above.back()) != nullptr;
    unsigned char first = static_cast<unsigned char>(below.front());
    if (!ended && std::islower(first)) return false;
    if (ended && std::isupper(first)) fresh = true;
  }
  return fresh;
}

}  // namespace

// Appends part `b` (the next page's head) to table `t`, or says it does not continue it.
bool continue_table(Joined& t, Part b, const TablesOptions& o, const Document& doc) {
  const Part& a = t.parts.back();
  if (b.page_idx != a.page_idx + 1 || !a.ends_page || !b.starts_page) return false;
  if (!edges_match(a, b, o.column_match)) return false;
  if (b.header_rows > 0) {
    if (t.header_rows == 0 || !same_row(b.rows.front(), t.rows.front())) return false;
    b.rows.erase(b.rows.begin());
  }
  if (b.rows.empty()) {
    t.parts.push_back(std::move(b));
    return true;
  }
  // A row broken by the page: the head's first row does not open a row as the others do.
  auto opens_row = [&](const std::vector<Cell>& row) {
    if (row.empty() || row[0].text.empty()) return false;
    const std::string& first = doc.word(row[0].words.front()).text;
    return o.row_start.match(first);
  };
  int data = 0, numbered = 0, first_filled = 0;
  for (size_t r = t.header_rows; r < t.rows.size(); ++r) {
    ++data;
    numbered += opens_row(t.rows[r]);
    first_filled += !t.rows[r][0].text.empty();
  }
  const auto& head = b.rows.front();
  bool broken = data > 0 && ((numbered * 10 >= data * 8 && !opens_row(head)) ||
                             (first_filled == data && head[0].text.empty()));
  // On a scan the head's row number may be what OCR lost (a lone digit in a wide cell), so
  // an empty first cell says little. A broken row shows in its text: some cell goes on
  // mid-sentence from the one above it.
  if (broken && head[0].text.empty() && read_by_ocr(doc, head) && opens_new_row(t.rows.back(), head))
    broken = false;
  size_t from = 0;
  if (broken) {
    auto& last = t.rows.back();
    for (size_t c = 0; c < last.size(); ++c) {
      if (head[c].text.empty()) continue;
      last[c].text = last[c].text.empty() ? head[c].text : join_lines({last[c].text, head[c].text});
      last[c].words.insert(last[c].words.end(), head[c].words.begin(), head[c].words.end());
    }
    from = 1;
  }
  for (size_t r = from; r < b.rows.size(); ++r) t.rows.push_back(b.rows[r]);
  t.parts.push_back(std::move(b));
  return true;
}

// Columns no row has text in (whitespace beside a boxed layout, a frame's margin) are not
// columns.
void drop_empty_columns(std::vector<std::vector<Cell>>& rows) {
  if (rows.empty()) return;
  for (size_t c = rows.front().size(); c-- > 0;) {
    bool used = false;
    for (const auto& row : rows)
      if (c < row.size() && (!row[c].text.empty() || row[c].col_span != 1)) used = true;
    if (used) continue;
    for (auto& row : rows)
      if (c < row.size()) row.erase(row.begin() + static_cast<long>(c));
  }
}

// Rules between the paragraphs of an agenda, or boxes around a vote, make bands that look
// like rows. A narrow table without column rules has columns that each hold text in two
// data rows or more, a two-column one whose first column holds only list labels ("1.",
// "H.") and no header is a list, and one whose first column holds only field names
// ("RESULT:") is a record of a vote.
bool looks_tabular(const Joined& t, const TablesOptions& o) {
  size_t n_cols = t.rows.front().size();
  if (n_cols < 2) return false;
  bool verticals = std::any_of(t.parts.begin(), t.parts.end(),
                               [](const Part& p) { return p.inner_rules; });
  size_t data_rows = t.rows.size() - static_cast<size_t>(t.header_rows);
  // Wide tables may have a column that is mostly blank ("Related entity, if any").
  size_t need = verticals || n_cols > 3 ? 0 : std::min<size_t>(2, data_rows);
  for (size_t c = 0; c < n_cols; ++c) {
    size_t filled = 0;
    for (size_t r = static_cast<size_t>(t.header_rows); r < t.rows.size(); ++r)
      if (c < t.rows[r].size() && (!t.rows[r][c].text.empty() || t.rows[r][c].col_span != 1))
        ++filled;
    if (filled < need) return false;
  }
  // "RESULT:  Approved", "MOVER:  Cllr A": a box of fields (a vote's record) is no table.
  if (n_cols == 2 && !verticals) {
    bool fields = true;
    for (const auto& row : t.rows) {
      const std::string& first = row[0].text;
      if (!first.empty() && first.back() != ':') fields = false;
    }
    if (fields) return false;
  }
  if (n_cols == 2 && !verticals && t.header_rows == 0) {
    static const Regex label("^(?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]?$");
    bool labels_only = true;
    for (const auto& row : t.rows) {
      std::string first = row[0].text;
      if (!first.empty() && !label.match(first)) labels_only = false;
    }
    if (labels_only) return false;
  }
  (void)o;
  return true;
}

}  // namespace agendapack::table_joins
