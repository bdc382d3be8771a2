/// \file table_joins: the parts of a table found page by page (internal to `tables`), joined
/// over page breaks into one table, and the tests a joined table must pass to be one: the
/// columns each hold text, a list's labels or a vote's field names are no column.
#pragma once

#include <string>
#include <vector>

#include "pipeline/document.h"
#include "stages/tables.h"

namespace agendapack::table_joins {

// One part of a table on one page, before parts are joined over page breaks.
struct Part {
  uint32_t page_idx = 0;
  BBox region;
  std::vector<double> edges;  // column edges, n_cols + 1, left to right
  std::vector<std::vector<Cell>> rows;
  int header_rows = 0;
  TableMethod method = TableMethod::stream;
  bool starts_page = false, ends_page = false;
  bool inner_rules = false;  // columns drawn as vertical rules
  bool ruled = false;        // rows between horizontal rules (method may still be ocr)
  int n_cols() const { return static_cast<int>(edges.size()) - 1; }
};

struct Joined {
  std::vector<Part> parts;
  std::vector<std::vector<Cell>> rows;
  int header_rows = 0;
};

/// Appends part `b` (the next page's head) to table `t`, or says it does not continue it.
bool continue_table(Joined& t, Part b, const TablesOptions& o, const Document& doc);
/// Drops the columns no row has text in.
void drop_empty_columns(std::vector<std::vector<Cell>>& rows);
/// Whether a joined table is a table rather than ruled prose, a list or a vote's box.
bool looks_tabular(const Joined& t, const TablesOptions& o);

}  // namespace agendapack::table_joins
