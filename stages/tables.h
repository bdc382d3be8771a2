/// \file tables: tables from ruling lines and word geometry, joined over page breaks.
/// Three kinds: ruled (horizontal and vertical rules), partly ruled (horizontal rules only;
/// columns from the whitespace the rows share) and unruled (whitespace-aligned, recognised by
/// a bold header row over at least three columns, or two over rows that fill both). Cells that wrap stay one cell; bullets in
/// a cell keep their own line. A table that ends at the foot of a page and one that starts at
/// the head of the next with the same columns are one table: a repeated header is dropped and
/// a row broken by the page is joined. Runs after `rulings`, before `items`: every line inside
/// a table gets Line::table, so item text can leave table lines out.
#pragma once

#include <string>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct TablesOptions {
  std::vector<std::string> bullets;   // glyphs that open a bullet line in a cell
  Regex row_start;               // what the first cell of a new row starts with ("1.", "12")
  double min_col_gap = 4;             // points: narrower whitespace does not separate columns
  double col_gap_size_factor = 0.5;   // ... and at least this share of the font size
  double stream_gap_factor = 1.0;     // unruled: gaps of a header line, in font sizes
  int stream_min_cols = 3;            // unruled tables need this many columns...
  int stream_two_col_rows = 3;        // ...or two and this many rows with both cells (0: never)
  double max_row_gap_factor = 3.0;    // unruled: a blank this many font sizes ends the table
  double column_match = 14;           // points: column edges of two parts of one table
  static TablesOptions from_vocab(const nlohmann::json& vocab);
};

class TablesStage final : public Stage {
 public:
  std::string_view name() const override { return "tables"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

/// Finds the tables of `doc` (pages need lines, and rulings where rendered), fills
/// doc.tables and marks their lines.
void find_tables(Document& doc, const TablesOptions& options);

}  // namespace agendapack
