// Unruled tables (internal to `tables`): a bold or underlined header whose column gaps every
// line under it leaves open, read into rows where a blank opens one; see table_builder.h.
#include <algorithm>
#include <cmath>
#include <optional>

#include "stages/layout.h"
#include "stages/rulings.h"
#include "stages/table_builder.h"

namespace agendapack::table_build {

bool Builder::underlined(const Page& page, const Line& line) const {
  double covered = 0;
  for (const Ruling& r : page.rulings) {
    // A typed rule ("-----") on the next line sits most of a font size below.
    if (!r.horizontal || r.pos < line.bbox.y1 - 1 || r.pos > line.bbox.y1 + 0.8 * size_of(line))
      continue;
    covered += std::max(0.0, std::min(r.to, line.bbox.x1) - std::max(r.from, line.bbox.x0));
  }
  double ink = 0;
  for (uint32_t wi : line.words) ink += page.words[wi].bbox.width();
  return ink > 0 && covered >= 0.7 * ink;
}

std::vector<Builder::Gap> Builder::line_gaps(const Page& page, const Line& line,
                                             double min_gap) const {
  std::vector<Gap> out;
  for (size_t k = 1; k < line.words.size(); ++k) {
    double a = page.words[line.words[k - 1]].bbox.x1, b = page.words[line.words[k]].bbox.x0;
    if (b - a >= min_gap) out.push_back({a, b});
  }
  return out;
}

bool Builder::narrow(const Page& page, const Line& line, std::vector<Gap>& gaps,
                     double min_gap) const {
  std::vector<Gap> next;
  for (const Gap& g : gaps) {
    // The largest piece of g that no word of the line covers.
    std::vector<std::pair<double, double>> covered;
    for (uint32_t wi : line.words) {
      const BBox& b = page.words[wi].bbox;
      if (b.x1 > g.a && b.x0 < g.b) covered.push_back({std::max(b.x0, g.a), std::min(b.x1, g.b)});
    }
    std::sort(covered.begin(), covered.end());
    Gap best{0, 0};
    double at = g.a;
    for (const auto& [c0, c1] : covered) {
      if (c0 - at > best.b - best.a) best = {at, c0};
      at = std::max(at, c1);
    }
    if (g.b - at > best.b - best.a) best = {at, g.b};
    if (best.b - best.a < min_gap) return false;
    next.push_back(best);
  }
  gaps = std::move(next);
  return true;
}

std::vector<Builder::VisualLine> Builder::visual_lines(const Page& page,
                                                       const std::vector<bool>& used_lines,
                                                       int column) const {
  std::vector<uint32_t> order;
  for (uint32_t li : page.order)
    if (!used_lines[li] && page.lines[li].role == LineRole::body &&
        (column < 0 || page.lines[li].column == column))
      order.push_back(li);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Line &la = page.lines[a], &lb = page.lines[b];
    if (std::abs(la.baseline - lb.baseline) > 0.3 * size_of(la)) return la.baseline < lb.baseline;
    return la.bbox.x0 < lb.bbox.x0;
  });
  std::vector<VisualLine> out;
  for (uint32_t li : order) {
    const Line& l = page.lines[li];
    if (!out.empty()) {
      Line& v = out.back().line;
      bool same = std::abs(v.baseline - l.baseline) <= 0.3 * size_of(l) &&
                  l.bbox.x0 >= v.bbox.x1 && std::abs(size_of(v) - size_of(l)) <= 1.5;
      if (same) {
        v.words.insert(v.words.end(), l.words.begin(), l.words.end());
        v.bbox = v.bbox.united(l.bbox);
        v.bold = v.bold && l.bold;
        v.heading = v.heading && l.heading;
        v.text += " " + l.text;
        out.back().members.push_back(li);
        continue;
      }
    }
    out.push_back({l, {li}});
  }
  return out;
}

std::vector<std::vector<uint32_t>> Builder::stream_rows(const Page& page,
                                                        const std::vector<VisualLine>& vl,
                                                        const std::vector<uint32_t>& lines,
                                                        const std::vector<double>& edges) const {
  std::vector<std::vector<uint32_t>> rows;
  const Line* prev = nullptr;
  for (uint32_t li : lines) {
    const Line& line = vl[li].line;
    std::vector<bool> filled(edges.size() - 1, false);
    for (uint32_t wi : line.words) filled[column_of(edges, page.words[wi].bbox.cx())] = true;
    int n_filled = static_cast<int>(std::count(filled.begin(), filled.end(), true));
    bool blank = prev && line.bbox.y0 - prev->bbox.y1 > 0.45 * size_of(line);
    // A line that fills most columns of three or more is a row of its own even without a
    // blank above it (figures set one row per line); a wrapped cell's next line fills one.
    int most = std::max(3, static_cast<int>(std::ceil(0.7 * static_cast<double>(filled.size()))));
    bool opens = !prev || (blank && (filled[0] || n_filled >= 2)) || n_filled >= most;
    if (opens || rows.empty()) rows.push_back({});
    for (uint32_t wi : line.words) rows.back().push_back(wi);
    prev = &line;
  }
  return rows;
}

std::vector<Part> Builder::stream_parts(uint32_t page_idx, std::vector<bool>& used_lines,
                                        int column) const {
  const Page& page = doc_.pages[page_idx];
  std::vector<VisualLine> vl = visual_lines(page, used_lines, column);
  std::vector<Part> parts;
  for (size_t i = 0; i < vl.size();) {
    const Line& head = vl[i].line;
    double size = size_of(head);
    double min_gap = std::max(o_.min_col_gap, o_.col_gap_size_factor * size);
    std::vector<Gap> gaps = line_gaps(page, head, std::max(8.0, o_.stream_gap_factor * size));
    // Two columns ("Recommendation | Agreed?") are a table only with a header that is no
    // numbered heading ("5.   TITLE") and rows that each open with both cells filled.
    bool two = gaps.size() == 1 && o_.stream_two_col_rows > 0 &&
               !is_label(page.words[head.words.front()].text);
    bool marked = head.bold || underlined(page, head);
    if (!marked || (static_cast<int>(gaps.size()) + 1 < o_.stream_min_cols && !two) ||
        (column >= 0 && header_goes_across(page, head, column))) {
      ++i;
      continue;
    }
    // A header of two bold lines ("Fused aluminum oxide | Silicon carbide" over "2009 | 2010 |
    // 2009 | 2010"): the columns come from the line that has more of them.
    if (i + 1 < vl.size() && more_columns_below(page, vl[i + 1].line, head, gaps.size())) {
      ++i;
      continue;
    }
    two = two && static_cast<int>(gaps.size()) + 1 < o_.stream_min_cols;
    double split = two ? (gaps[0].a + gaps[0].b) / 2 : 0;
    std::vector<uint32_t> lines;
    if (i > 0 && more_columns_below(page, head, vl[i - 1].line, 0))
      lines.push_back(static_cast<uint32_t>(i - 1));
    lines.push_back(static_cast<uint32_t>(i));
    double label_reach = -1;  // the right end of a label column left of an indented header
    double figures_from = head.bbox.x0;  // and the left end of the figures right of it
    size_t j = i + 1;
    for (; j < vl.size(); ++j) {
      const Line& line = vl[j].line;
      const Line& prev = vl[lines.back()].line;
      if (line.bbox.y0 - prev.bbox.y1 > o_.max_row_gap_factor * size) break;
      if (is_typed_rule(page, line)) continue;  // the header's typed underline
      if (line.bbox.x0 < head.bbox.x0 - 3 * size) {
        // A header over figures only, its rows opening with a label further left ("United
        // States and Canada   60,400   60,400"): the labels are a column of their own, from
        // the first row on.
        if (lines.back() != i && label_reach < 0) break;
        double reach = -1, first_figure = 1e9;
        for (uint32_t wi : line.words) {
          const BBox& b = page.words[wi].bbox;
          if (b.x1 < head.bbox.x0)
            reach = std::max(reach, b.x1);
          else
            first_figure = std::min(first_figure, b.x0);
        }
        if (reach < 0 || first_figure > 1e8 || two) break;
        if (std::max(label_reach, reach) > std::min(figures_from, first_figure) - min_gap) break;
        label_reach = std::max(label_reach, reach);
        figures_from = std::min(figures_from, first_figure);
      }
      // A bold heading after the body began opens the next item, not a row.
      if (line.bold && line.heading && !prev.bold) break;
      if (!narrow(page, line, gaps, min_gap)) break;
      if (two && line.bbox.y0 - prev.bbox.y1 > 0.45 * size_of(line)) {
        bool left = false, right = false;
        for (uint32_t wi : line.words) (page.words[wi].bbox.cx() < split ? left : right) = true;
        if (!left || !right) break;
      }
      lines.push_back(static_cast<uint32_t>(j));
    }
    if (label_reach >= 0) gaps.insert(gaps.begin(), Gap{label_reach, figures_from});
    std::optional<Part> part;
    if (lines.size() >= 3) part = stream_part(page_idx, vl, lines, gaps);
    if (!part) {
      ++i;
      continue;
    }
    for (uint32_t k : lines)
      for (uint32_t li : vl[k].members) used_lines[li] = true;
    parts.push_back(std::move(*part));
    i = j;
  }
  return parts;
}

bool Builder::header_goes_across(const Page& page, const Line& head, int column) const {
  for (uint32_t li : page.order) {
    const Line& other = page.lines[li];
    if (other.column == column || other.role != LineRole::body || !other.bold) continue;
    if (std::abs(other.baseline - head.baseline) <= 0.3 * size_of(head)) return true;
  }
  return false;
}

bool Builder::more_columns_below(const Page& page, const Line& below, const Line& above,
                                 size_t above_gaps) const {
  double size = size_of(above);
  if (!below.bold || !above.bold) return false;
  if (below.bbox.y0 - above.bbox.y1 > size || below.bbox.y0 < above.bbox.y1 - 1) return false;
  if (below.bbox.x0 < above.bbox.x0 - 3 * size || below.bbox.x1 > above.bbox.x1 + 3 * size)
    return false;
  double wide = std::max(8.0, o_.stream_gap_factor * size);
  if (above_gaps == 0) above_gaps = line_gaps(page, above, wide).size();
  size_t below_gaps = line_gaps(page, below, wide).size();
  return below_gaps > above_gaps && static_cast<int>(below_gaps) + 1 >= o_.stream_min_cols;
}

bool Builder::header_tail(const Page& page, const std::vector<VisualLine>& vl,
                          const std::vector<uint32_t>& lines, size_t n_head,
                          const std::vector<double>& edges) const {
  if (n_head + 1 >= lines.size()) return false;
  const Line& last = vl[lines[n_head - 1]].line;
  const Line& line = vl[lines[n_head]].line;
  const Line& after = vl[lines[n_head + 1]].line;
  if (line.bbox.y0 - last.bbox.y1 > 0.45 * size_of(line)) return false;
  if (after.bbox.y0 - line.bbox.y1 <= 0.45 * size_of(after)) return false;
  std::vector<bool> filled(edges.size() - 1, false);
  for (uint32_t wi : line.words) {
    const BBox& b = page.words[wi].bbox;
    filled[column_of(edges, b.cx())] = true;
    bool under = false;
    for (size_t k = 0; k < n_head; ++k)
      for (uint32_t hi : vl[lines[k]].line.words) {
        const BBox& h = page.words[hi].bbox;
        if (b.x0 < h.x1 && b.x1 > h.x0) under = true;
      }
    if (!under) return false;
  }
  return !filled[0] && std::count(filled.begin(), filled.end(), true) == 1;
}

std::optional<Part> Builder::stream_part(uint32_t page_idx, const std::vector<VisualLine>& vl,
                                         const std::vector<uint32_t>& lines,
                                         const std::vector<Gap>& gaps) const {
  const Page& page = doc_.pages[page_idx];
  Part part;
  part.page_idx = page_idx;
  part.method = TableMethod::stream;
  BBox region;
  for (uint32_t li : lines) region = region.united(vl[li].line.bbox);
  part.region = region;
  part.edges.push_back(region.x0 - 1);
  for (const Gap& g : gaps) part.edges.push_back((g.a + g.b) / 2);
  part.edges.push_back(region.x1 + 1);
  // Header: the bold lines on top.
  size_t n_head = 0;
  while (n_head < lines.size() && vl[lines[n_head]].line.bold) ++n_head;
  if (n_head == 0 && underlined(page, vl[lines[0]].line)) n_head = 1;
  if (n_head > 0 && page.method != PageMethod::text &&
      header_tail(page, vl, lines, n_head, part.edges))
    ++n_head;
  std::vector<std::vector<uint32_t>> rows;
  if (n_head > 0) {
    rows.push_back({});
    for (size_t k = 0; k < n_head; ++k)
      for (uint32_t wi : vl[lines[k]].line.words) rows.back().push_back(wi);
  }
  auto body = stream_rows(page, vl, {lines.begin() + static_cast<long>(n_head), lines.end()},
                          part.edges);
  rows.insert(rows.end(), body.begin(), body.end());
  // A header of two lines places each phrase whole; one over the whitespace between two
  // columns spans them.
  std::vector<std::pair<double, double>> free;
  for (const Gap& g : gaps) free.push_back({g.a, g.b});
  part.rows = make_rows(page_idx, rows, part.edges, n_head >= 2 ? 1 : 0,
                        n_head >= 2 ? &free : nullptr);
  part.header_rows = n_head > 0 ? 1 : 0;
  int full = 0;
  for (size_t r = part.header_rows; r < part.rows.size(); ++r) {
    int n = 0;
    for (const Cell& c : part.rows[r]) n += !c.text.empty();
    if (n >= 2) ++full;
  }
  if (full < (part.n_cols() == 2 ? std::max(2, o_.stream_two_col_rows) : 2)) return std::nullopt;
  if (part.method == TableMethod::stream && doc_.pages[page_idx].method != PageMethod::text)
    part.method = TableMethod::ocr;
  return part;
}

std::optional<Part> Builder::stream_continuation(uint32_t page_idx, const Part& prev,
                                                 std::vector<bool>& used_lines) const {
  const Page& page = doc_.pages[page_idx];
  std::vector<VisualLine> vl = visual_lines(page, used_lines);
  std::vector<uint32_t> lines;
  for (uint32_t li = 0; li < vl.size(); ++li) {
    const Line& line = vl[li].line;
    if (!lines.empty() &&
        line.bbox.y0 - vl[lines.back()].line.bbox.y1 > o_.max_row_gap_factor * size_of(line))
      break;
    if (line.bbox.x0 < prev.edges.front() - 6 || line.bbox.x1 > prev.edges.back() + 30) break;
    if (line.bold && line.heading) break;
    bool crosses = false;
    for (uint32_t wi : line.words) {
      const BBox& b = page.words[wi].bbox;
      for (size_t c = 1; c + 1 < prev.edges.size(); ++c)
        if (b.x0 < prev.edges[c] - 1 && b.x1 > prev.edges[c] + 1) crosses = true;
    }
    if (crosses) break;
    lines.push_back(li);
  }
  if (lines.empty()) return std::nullopt;
  Part part;
  part.page_idx = page_idx;
  part.method = prev.method;
  part.edges = prev.edges;
  for (uint32_t li : lines) part.region = part.region.united(vl[li].line.bbox);
  part.rows = make_rows(page_idx, stream_rows(page, vl, lines, part.edges), part.edges);
  int multi = 0;
  for (const auto& row : part.rows) {
    int n = 0;
    for (const Cell& c : row) n += !c.text.empty();
    if (n >= 2) ++multi;
  }
  if (multi == 0) return std::nullopt;
  for (uint32_t k : lines)
    for (uint32_t li : vl[k].members) used_lines[li] = true;
  return part;
}

}  // namespace agendapack::table_build
