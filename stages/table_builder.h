/// \file table_builder: the parts of tables found on one page (internal to `tables`): cells
/// from words, ruled tables between rules (stages/tables.cpp), unruled ones from the whitespace
/// their rows share (stages/table_streams.cpp), and a page's head cut again at the columns of
/// the table it continues.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "stages/table_joins.h"
#include "stages/tables.h"

namespace agendapack::table_build {

using table_joins::Part;

inline double size_of(const Line& l) { return l.font_size > 0 ? l.font_size : 10; }

// Words of one line that fall into one cell: the unit cells are assembled from.
struct CellLine {
  std::vector<uint32_t> words;
  double x0 = 0, y0 = 0, y1 = 0, size = 10;
  double baseline = 0;  // its first word's
};

inline int column_of(const std::vector<double>& edges, double x) {
  for (size_t c = 1; c + 1 < edges.size(); ++c)
    if (x < edges[c]) return static_cast<int>(c) - 1;
  return static_cast<int>(edges.size()) - 2;
}

class Builder {
 public:
  Builder(Document& doc, const TablesOptions& o) : doc_(doc), o_(o) {}

  bool is_bullet(const std::string& w) const;

  // Text of a cell from its lines in top-to-bottom order: wrapped lines join with a space
  // (hyphenation undone), a bullet opens its own line, a blank opens a new paragraph.
  Cell make_cell(uint32_t page_idx, const std::vector<CellLine>& lines) const;

  // Cells of the rows of one part. `row_words[r]` holds the word indices of row r.
  // `phrase_rows` first rows (a header) place each phrase (words a space apart) whole in
  // the column it overlaps most: a heading centred over right-aligned numbers may lie across
  // the edge the numbers' whitespace gives.
  std::vector<std::vector<Cell>> make_rows(uint32_t page_idx,
                                           const std::vector<std::vector<uint32_t>>& row_words,
                                           const std::vector<double>& edges,
                                           size_t phrase_rows = 0,
                                           const std::vector<std::pair<double, double>>* gaps =
                                               nullptr) const;

  // Groups words of one cell into visual lines (by baseline), left to right.
  static std::vector<CellLine> cell_lines(const Page& page, std::vector<uint32_t> words);

  // Column edges from the whitespace every line of a region leaves free.
  std::vector<double> whitespace_edges(const Page& page, const std::vector<uint32_t>& words,
                                       double size,
                                       std::vector<std::pair<double, double>>* gaps = nullptr,
                                       double min_gap_override = 0) const;

  double median_size(const Page& page, const std::vector<uint32_t>& words) const;

  bool mostly_bold(const Page& page, const std::vector<Cell>& row) const;

  // ---- ruled and partly ruled tables ----

  std::vector<Part> ruled_parts(uint32_t page_idx, std::vector<bool>& used_lines) const;

  // A tall stretch of paper without body text under a ruled table (down to the box around a
  // running footer) is no row of it: a blank row is about as tall as the rows around it.
  bool empty_gap(const Page& page, const std::vector<Ruling>& cluster, double y1) const;

  // A band between two rules that holds running text separates two tables rather than two
  // rows: a wide line with no column gap, and no line of the band with one (a wrapped cell
  // of a wide column is as wide as prose, but its row's first line shows the columns). So
  // does a line that reaches out of the rules' span (a numbered heading in the margin of an
  // indented table), and a heading whose only gap is the tab after its label ("6/18    TITLE",
  // "2.   APPROVAL OF THE AGENDA") unless the band above (`above`..`y0`, when above >= 0)
  // has words where its label and its text start: then the label is a number column. Nor is a
  // band that holds a heading where the sides of a frame around the band above stop (the next
  // table's title).
  bool prose_between(const Page& page, double above, double y0, double y1, double x0,
                     double x1, const std::vector<Ruling>& vs) const;

  static bool is_label(const std::string& w);

  // Whether most of the text between rules `above` and `y0` is bold (a header row): a bold
  // numbered line under plain rows is a heading even where its tab meets their columns.
  bool bold_band(const Page& page, double above, double y0) const;

  // Whether the band between rules `above` and `y0` has words starting at both x positions.
  bool starts_column(const Page& page, double above, double y0, double label_x,
                     double text_x) const;

  // The first band of a ruled table's body: where a grid ruled only across (no inner
  // column rules) has a header of two bands or more ("Revenue | Capital" over "Medical &
  // Public Health | Family Welfare"), the upper bands' words cover the whitespace the body's
  // columns share. Columns come from the lower half of the bands; a band above joins the body
  // while it leaves those columns' gaps open.
  size_t first_body_band(const Page& page, const std::vector<std::vector<uint32_t>>& band_words,
                         double size, size_t from) const;

  std::optional<Part> ruled_part(uint32_t page_idx, const std::vector<Ruling>& hs,
                                 const std::vector<Ruling>& vs,
                                 std::vector<bool>& used_lines) const;

  struct Tier {
    std::vector<uint32_t> words;
    std::pair<double, double> band;
    std::vector<bool> joined;  // columns one line of the tier runs across
  };

  // A header band whose line runs across column edges (a heading over sub-headings) is two
  // rows, as the peers' tables print it: the spanning lines and what stands above them, then
  // the rest. A column empty in the first whose text starts above the second's (a heading
  // centred on both) goes to the first. nullopt when no line spans.
  std::optional<std::vector<Tier>> header_tiers(const Page& page,
                                                const std::vector<CellLine>& lines,
                                                const std::vector<double>& edges,
                                                double size) const;

  // ---- unruled tables ----

  struct Gap {
    double a, b;
  };

  // Whether rules run under the line's words (an underlined header, as a bold one is marked):
  // rules just below it as long as most of its words together.
  bool underlined(const Page& page, const Line& line) const;

  // Wide gaps between the words of a line, as x intervals.
  std::vector<Gap> line_gaps(const Page& page, const Line& line, double min_gap) const;

  // Narrows each free interval by the words of `line`; false when the line fills one.
  bool narrow(const Page& page, const Line& line, std::vector<Gap>& gaps, double min_gap) const;

  // A line as the eye reads it across the page: layout may have cut a table's row into a
  // left-column and a right-column line, and an unruled table is found by the gaps of whole
  // rows. Body lines not yet in a table, top to bottom.
  struct VisualLine {
    Line line;
    std::vector<uint32_t> members;  // indices into Page::lines
  };

  std::vector<VisualLine> visual_lines(const Page& page, const std::vector<bool>& used_lines,
                                       int column = -1) const;

  // Rows of unruled lines: a row opens after a blank where the first cell has text or
  // several cells do; other lines continue the row.
  std::vector<std::vector<uint32_t>> stream_rows(const Page& page,
                                                 const std::vector<VisualLine>& vl,
                                                 const std::vector<uint32_t>& lines,
                                                 const std::vector<double>& edges) const;

  // `column` >= 0: only the lines of that column of a two-column page, so that a table in
  // one column is not read across the prose of the other.
  std::vector<Part> stream_parts(uint32_t page_idx, std::vector<bool>& used_lines,
                                 int column = -1) const;

  // Whether a bold line of the page's other column stands level with `head` (of `column`):
  // then the header runs across both and so does its table, which the pass over whole lines
  // reads. Alone, the column's part would take the table's right half for a table.
  bool header_goes_across(const Page& page, const Line& head, int column) const;

  // Whether `below`, a bold line right under the bold line `above` and within its span, has
  // more column gaps than `above_gaps` (0: than `above` itself has).
  bool more_columns_below(const Page& page, const Line& below, const Line& above,
                          size_t above_gaps) const;

  // Whether the line after the `n_head` header lines still belongs to the header although it
  // is not bold: on a scan weight is a guess from stroke width, and a short second header line
  // ("Yes/No" under "Agreed") may come out plain. It is set tight under the header, fills one
  // cell and not the first (a row opens there), lies under a header word, and a blank follows.
  bool header_tail(const Page& page, const std::vector<VisualLine>& vl,
                   const std::vector<uint32_t>& lines, size_t n_head,
                   const std::vector<double>& edges) const;

  std::optional<Part> stream_part(uint32_t page_idx, const std::vector<VisualLine>& vl,
                                  const std::vector<uint32_t>& lines,
                                  const std::vector<Gap>& gaps) const;

  // The head of a page continuing an unruled table of the previous page, read with its
  // columns: lines that cross no column edge, from the top.
  std::optional<Part> stream_continuation(uint32_t page_idx, const Part& prev,
                                          std::vector<bool>& used_lines) const;

  // `b`, the head of a page, cut again at the columns of `a`, the table it may continue, when
  // its own columns are some of a's: on a scan a column the next page leaves empty (row
  // numbers OCR did not read) merges with its neighbour, and the two parts would not join.
  // nullopt when a body word of b crosses one of a's edges: then the columns differ.
  std::optional<Part> recut(const Part& b, const Part& a) const;

  // Whether body text lies below (above) the part on its page, outside every table.
  void mark_page_edges(Part& part, const std::vector<bool>& used_lines) const;

 private:
  Document& doc_;
  const TablesOptions& o_;
};

}  // namespace agendapack::table_build
