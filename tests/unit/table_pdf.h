/// \file Draws tables with the PDF generator for the rulings, tables and recommendations
/// tests: the cell texts are given line by line, so the test knows every cell's truth.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "tests/fixtures/pdf_builder.h"

namespace agendapack::test {

enum class Rules { grid, horizontal, none };

struct TableDrawing {
  std::vector<double> edges;  // column edges, n_cols + 1, points
  /// rows[r][c] = the lines of cell (r, c); row 0 is the header.
  std::vector<std::vector<std::vector<std::string>>> rows;
  Rules rules = Rules::grid;
  double size = 9;
  double leading = 11;
  double pad = 4;
  bool repeat_header = false;  // on every page the table continues on
  double bottom = 780;         // a row that does not fit moves to the next page...
  bool split_rows = false;     // ...unless rows may break inside themselves
};

/// Draws `t` from y = `top` on the current page, starting pages as needed (`on_new_page`
/// draws furniture and returns the y to continue at). Returns the y below the table.
template <typename NewPage>
double draw_table(fixtures::PdfBuilder& pdf, const TableDrawing& t, double top,
                  NewPage on_new_page) {
  using fixtures::TextStyle;
  double y = top;
  size_t n_cols = t.edges.size() - 1;
  auto hline = [&](double at) {
    if (t.rules != Rules::none) pdf.line(t.edges.front(), at, t.edges.back(), at, 0.6);
  };
  auto vlines = [&](double y0, double y1) {
    if (t.rules != Rules::grid) return;
    for (double x : t.edges) pdf.line(x, y0, x, y1, 0.6);
  };
  // Draws lines [from, to) of every cell of row r as one band.
  auto band = [&](size_t r, size_t from, size_t to, bool bold) {
    double y0 = y;
    for (size_t c = 0; c < n_cols; ++c) {
      const auto& cell = t.rows[r][c];
      for (size_t k = from; k < std::min(to, cell.size()); ++k)
        pdf.text(t.edges[c] + t.pad, y0 + t.pad + t.size + (k - from) * t.leading, cell[k],
                 TextStyle{t.size, bold});
    }
    double h = 2 * t.pad + (to - from - 1) * t.leading + t.size + 2;
    vlines(y0, y0 + h);
    y = y0 + h;
    hline(y);
  };
  auto lines_of = [&](size_t r) {
    size_t n = 1;
    for (const auto& cell : t.rows[r]) n = std::max(n, cell.size());
    return n;
  };
  auto height = [&](size_t n) { return 2 * t.pad + (n - 1) * t.leading + t.size + 2; };
  auto header = [&] {
    hline(y);
    band(0, 0, lines_of(0), true);
  };
  header();
  for (size_t r = 1; r < t.rows.size(); ++r) {
    size_t n = lines_of(r), done = 0;
    while (done < n) {
      size_t fit = n - done;
      if (y + height(fit) > t.bottom) {
        size_t room = 0;
        while (room < fit && y + height(room + 1) <= t.bottom) ++room;
        if (!t.split_rows || room == 0) {
          pdf.new_page();
          y = on_new_page(pdf);
          if (t.repeat_header) header(); else hline(y);
          continue;
        }
        fit = room;
      }
      band(r, done, done + fit, false);
      done += fit;
    }
  }
  return y;
}

}  // namespace agendapack::test
