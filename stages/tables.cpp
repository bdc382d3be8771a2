#include "stages/tables.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cmath>
#include <optional>

#include "stages/layout.h"
#include "stages/rulings.h"
#include "stages/table_builder.h"
#include "stages/table_joins.h"

namespace agendapack {

TablesOptions TablesOptions::from_vocab(const nlohmann::json& v) {
  TablesOptions o;
  o.bullets = get_or<std::vector<std::string>>(v, "bullets", {});
  o.row_start = Regex(get_or<std::string>(v, "row_start_pattern", "^\\d{1,3}[.)]?$"),
                      Regex::kIcase);
  o.min_col_gap = get_or<double>(v, "min_col_gap", o.min_col_gap);
  o.col_gap_size_factor = get_or<double>(v, "col_gap_size_factor", o.col_gap_size_factor);
  o.stream_gap_factor = get_or<double>(v, "stream_gap_factor", o.stream_gap_factor);
  o.stream_min_cols = get_or<int>(v, "stream_min_cols", o.stream_min_cols);
  o.stream_two_col_rows = get_or<int>(v, "stream_two_col_rows", o.stream_two_col_rows);
  o.max_row_gap_factor = get_or<double>(v, "max_row_gap_factor", o.max_row_gap_factor);
  o.column_match = get_or<double>(v, "column_match", o.column_match);
  return o;
}

namespace {

using table_build::Builder;
using table_build::CellLine;
using table_build::column_of;
using table_build::size_of;
using table_joins::continue_table;
using table_joins::drop_empty_columns;
using table_joins::Joined;
using table_joins::looks_tabular;
using table_joins::Part;

}  // namespace

namespace table_build {

namespace {
// A figure as a table's column prints it: "5,111,372", "104.03", "(106,870)", "£1.2m", "12%",
// "-" for none.
bool is_figure(const std::string& t) {
  size_t i = 0;
  auto at = [&](const char* p) { return t.compare(i, std::strlen(p), p) == 0; };
  if (t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94") return true;
  if (at("(")) ++i;
  if (at("-")) ++i;
  if (at("\xC2\xA3")) i += 2;       // £
  else if (at("$")) ++i;
  else if (at("\xE2\x82\xAC")) i += 3;  // €
  size_t digits = 0;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == ',' || t[i] == '.')) {
    digits += std::isdigit(static_cast<unsigned char>(t[i])) != 0;
    ++i;
  }
  if (digits == 0) return false;
  if (at("%") || at("m") || at("k")) ++i;
  if (at(")")) ++i;
  return i == t.size();
}
}  // namespace

bool Builder::is_bullet(const std::string& w) const {
  return std::find(o_.bullets.begin(), o_.bullets.end(), w) != o_.bullets.end();
}

Cell Builder::make_cell(uint32_t page_idx, const std::vector<CellLine>& lines) const {
  const Page& page = doc_.pages[page_idx];
  Cell cell;
  std::vector<std::string> paragraphs;
  std::vector<std::string> current;
  bool in_bullet = false;
  double bullet_x = 0;
  const CellLine* prev = nullptr;
  auto flush = [&] {
    if (!current.empty()) paragraphs.push_back(join_lines(current));
    current.clear();
  };
  for (const CellLine& cl : lines) {
    std::string text;
    for (uint32_t wi : cl.words) {
      if (!text.empty()) text += ' ';
      text += page.words[wi].text;
      cell.words.push_back({page_idx, wi});
    }
    bool bullet = cl.words.size() > 1 && is_bullet(page.words[cl.words.front()].text);
    // A blank line between paragraphs: whitespace between the lines' boxes, or (OCR's boxes
    // span the whole row, so they nearly touch) a baseline pitch well over the usual 1.2 em.
    bool blank = prev && (cl.y0 - prev->y1 > 0.45 * cl.size ||
                          cl.baseline - prev->baseline > 1.4 * std::max(cl.size, prev->size));
    if (bullet) {
      flush();
      in_bullet = true;
      bullet_x = cl.x0;
    } else if (blank || (in_bullet && cl.x0 <= bullet_x + 1.5)) {
      flush();
      in_bullet = false;
    }
    current.push_back(text);
    prev = &cl;
  }
  flush();
  for (size_t k = 0; k < paragraphs.size(); ++k) {
    if (k) cell.text += '\n';
    cell.text += paragraphs[k];
  }
  return cell;
}

std::vector<std::vector<Cell>> Builder::make_rows(
    uint32_t page_idx, const std::vector<std::vector<uint32_t>>& row_words,
    const std::vector<double>& edges, size_t phrase_rows,
    const std::vector<std::pair<double, double>>* gaps) const {
  const Page& page = doc_.pages[page_idx];
  int n_cols = static_cast<int>(edges.size()) - 1;
  std::vector<std::vector<Cell>> rows;
  for (const auto& words : row_words) {
    std::vector<std::vector<uint32_t>> by_col(n_cols);
    if (rows.size() < phrase_rows) {
      for (const CellLine& cl : cell_lines(page, words)) {
        double size = cl.size;
        double gap = std::max(o_.min_col_gap, o_.col_gap_size_factor * size);
        int prev = -1;  // phrases of one line take columns left to right, one each
        for (size_t k = 0; k < cl.words.size();) {
          size_t e = k + 1;
          while (e < cl.words.size() &&
                 page.words[cl.words[e]].bbox.x0 - page.words[cl.words[e - 1]].bbox.x1 < gap)
            ++e;
          double p0 = page.words[cl.words[k]].bbox.x0, p1 = page.words[cl.words[e - 1]].bbox.x1;
          int best = column_of(edges, (p0 + p1) / 2);
          double best_overlap = -1;
          for (int c = 0; c < n_cols; ++c) {
            double overlap = std::min(p1, edges[c + 1]) - std::max(p0, edges[c]);
            if (overlap > best_overlap + 0.5) best_overlap = overlap, best = c;
          }
          // A phrase over the whole whitespace between two body columns spans them: its text
          // goes to the first column it covers, as the peers print spanning cells.
          if (gaps && gaps->size() + 2 == edges.size())
            for (const auto& [g0, g1] : *gaps)
              if (p0 <= g0 && p1 >= g1) {
                best = column_of(edges, p0);
                break;
              }
          if (best <= prev && prev + 1 < n_cols && p1 > edges[prev + 1]) best = prev + 1;
          prev = best;
          for (size_t j = k; j < e; ++j) by_col[best].push_back(cl.words[j]);
          k = e;
        }
      }
    } else {
      for (uint32_t wi : words) by_col[column_of(edges, page.words[wi].bbox.cx())].push_back(wi);
    }
    std::vector<Cell> row;
    for (int c = 0; c < n_cols; ++c)
      row.push_back(make_cell(page_idx, cell_lines(page, by_col[c])));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<CellLine> Builder::cell_lines(const Page& page, std::vector<uint32_t> words) {
  std::sort(words.begin(), words.end(), [&](uint32_t a, uint32_t b) {
    const Word &wa = page.words[a], &wb = page.words[b];
    if (std::abs(wa.baseline - wb.baseline) > 1.5) return wa.baseline < wb.baseline;
    return wa.bbox.x0 < wb.bbox.x0;
  });
  std::vector<CellLine> out;
  for (uint32_t wi : words) {
    const Word& w = page.words[wi];
    double size = w.font_size > 0 ? w.font_size : std::max(4.0, w.bbox.height() * 0.8);
    if (out.empty() || std::abs(page.words[out.back().words.back()].baseline - w.baseline) >
                           0.4 * size) {
      out.push_back({});
      out.back().x0 = w.bbox.x0;
      out.back().y0 = w.bbox.y0;
      out.back().y1 = w.bbox.y1;
      out.back().size = size;
      out.back().baseline = w.baseline;
    }
    CellLine& cl = out.back();
    cl.words.push_back(wi);
    cl.x0 = std::min(cl.x0, w.bbox.x0);
    cl.y0 = std::min(cl.y0, w.bbox.y0);
    cl.y1 = std::max(cl.y1, w.bbox.y1);
  }
  return out;
}

std::vector<double> Builder::whitespace_edges(const Page& page, const std::vector<uint32_t>& words,
                                              double size,
                                              std::vector<std::pair<double, double>>* gaps,
                                              double min_gap_override) const {
  std::vector<std::pair<double, double>> spans;
  for (uint32_t wi : words) spans.push_back({page.words[wi].bbox.x0, page.words[wi].bbox.x1});
  std::sort(spans.begin(), spans.end());
  std::vector<double> edges;
  if (spans.empty()) return edges;
  double min_gap = min_gap_override > 0 ? min_gap_override
                                        : std::max(o_.min_col_gap, o_.col_gap_size_factor * size);
  edges.push_back(spans.front().first - 1);
  double reach = spans.front().second;
  for (const auto& [x0, x1] : spans) {
    if (x0 - reach >= min_gap) {
      edges.push_back((reach + x0) / 2);
      if (gaps) gaps->push_back({reach, x0});
    }
    reach = std::max(reach, x1);
  }
  edges.push_back(reach + 1);
  return edges;
}

double Builder::median_size(const Page& page, const std::vector<uint32_t>& words) const {
  std::vector<double> sizes;
  for (uint32_t wi : words)
    if (page.words[wi].font_size > 0) sizes.push_back(page.words[wi].font_size);
  if (sizes.empty()) return 10;
  std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
  return sizes[sizes.size() / 2];
}

bool Builder::mostly_bold(const Page& page, const std::vector<Cell>& row) const {
  size_t bold = 0, all = 0;
  for (const Cell& c : row)
    for (const WordRef& r : c.words) {
      all += page.words[r.word_idx].text.size();
      if (page.words[r.word_idx].bold) bold += page.words[r.word_idx].text.size();
    }
  return all > 0 && bold * 10 >= all * 7;
}

std::vector<Part> Builder::ruled_parts(uint32_t page_idx, std::vector<bool>& used_lines) const {
  const Page& page = doc_.pages[page_idx];
  std::vector<Ruling> hs, vs;
  for (const Ruling& r : page.rulings)
    if (!r.typed) (r.horizontal ? hs : vs).push_back(r);
  std::sort(hs.begin(), hs.end(), [](const Ruling& a, const Ruling& b) {
    return a.pos != b.pos ? a.pos < b.pos : a.from < b.from;
  });
  // Pieces of one rule (broken at a crossing or by antialiasing) become one.
  std::vector<Ruling> merged;
  for (const Ruling& r : hs) {
    bool joined = false;
    for (Ruling& m : merged)
      if (std::abs(m.pos - r.pos) <= 2 && r.from <= m.to + 3 && r.to >= m.from - 3) {
        m.from = std::min(m.from, r.from);
        m.to = std::max(m.to, r.to);
        joined = true;
        break;
      }
    if (!joined) merged.push_back(r);
  }
  std::sort(merged.begin(), merged.end(),
            [](const Ruling& a, const Ruling& b) { return a.pos < b.pos; });

  std::vector<Part> parts;
  std::vector<Ruling> cluster;
  auto finish = [&] {
    if (cluster.size() >= 2) {
      if (auto part = ruled_part(page_idx, cluster, vs, used_lines)) parts.push_back(*part);
    }
    cluster.clear();
  };
  for (const Ruling& h : merged) {
    if (!cluster.empty()) {
      double cx0 = cluster.front().from, cx1 = cluster.front().to;
      for (const Ruling& c : cluster) {
        cx0 = std::min(cx0, c.from);
        cx1 = std::max(cx1, c.to);
      }
      double overlap = std::min(cx1, h.to) - std::max(cx0, h.from);
      double above = cluster.size() >= 2 ? cluster[cluster.size() - 2].pos : -1;
      bool same_table = overlap >= 0.5 * std::min(cx1 - cx0, h.to - h.from) &&
                        !prose_between(page, above, cluster.back().pos, h.pos, cx0, cx1, vs) &&
                        !empty_gap(page, cluster, h.pos);
      if (!same_table) finish();
    }
    cluster.push_back(h);
  }
  finish();
  return parts;
}

bool Builder::empty_gap(const Page& page, const std::vector<Ruling>& cluster, double y1) const {
  double y0 = cluster.back().pos;
  if (cluster.size() < 2 || y1 - y0 < 48) return false;
  std::vector<double> steps;
  for (size_t k = 1; k < cluster.size(); ++k)
    if (cluster[k].pos - cluster[k - 1].pos > 3)
      steps.push_back(cluster[k].pos - cluster[k - 1].pos);
  if (steps.empty()) return false;
  std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
  if (y1 - y0 < 4 * steps[steps.size() / 2]) return false;
  for (const Line& line : page.lines)
    if (line.role == LineRole::body && line.bbox.cy() > y0 && line.bbox.cy() < y1) return false;
  return true;
}

bool Builder::prose_between(const Page& page, double above, double y0, double y1, double x0,
                            double x1, const std::vector<Ruling>& vs) const {
  for (const Ruling& v : vs)
    if (v.pos > x0 + 4 && v.pos < x1 - 4 && v.from < (y0 + y1) / 2 && v.to > (y0 + y1) / 2)
      return false;
  // A frame's sides that stop at the band above: the framed table ended there.
  auto framed = [&](double ya, double yb) {
    for (const Ruling& v : vs)
      if (v.pos >= x0 - 4 && v.pos <= x1 + 4 && v.from < (ya + yb) / 2 && v.to > (ya + yb) / 2)
        return true;
    return false;
  };
  bool frame_ended = above >= 0 && framed(above, y0) && !framed(y0, y1);
  if (frame_ended)
    for (const Line& line : page.lines)
      if (line.role == LineRole::body && line.heading && line.bbox.cy() > y0 &&
          line.bbox.cy() < y1)
        return true;  // the next table's title under the frame
  bool wide_prose = false, label_heading = false;
  for (const Line& line : page.lines) {
    if (line.role != LineRole::body) continue;
    if (line.bbox.cy() <= y0 || line.bbox.cy() >= y1) continue;
    if (line.column != 0) return false;
    double reach = std::max(6.0, size_of(line));
    if (line.bbox.x0 < x0 - reach || line.bbox.x1 > x1 + reach) return true;
    // Prose spaces its words alike, stretched by justification to under a font size each;
    // one space a little wider than the rest ("December  31") is no column gap there.
    std::vector<double> spaces;
    for (size_t k = 1; k < line.words.size(); ++k)
      spaces.push_back(page.words[line.words[k]].bbox.x0 - page.words[line.words[k - 1]].bbox.x1);
    double min_gap = std::max(o_.min_col_gap, 0.6 * size_of(line));
    if (spaces.size() >= 5) {
      std::vector<double> sorted = spaces;
      std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
      double usual = sorted[sorted.size() / 2];
      if (usual < size_of(line)) min_gap = std::max(min_gap, 2.5 * usual);
    }
    std::vector<size_t> gaps;  // k: a gap before word k
    for (size_t k = 1; k < line.words.size(); ++k)
      if (spaces[k - 1] >= min_gap) gaps.push_back(k);
    // The space after a bullet or a list label is not a column gap.
    bool labelled = !line.bullet.empty() || is_label(page.words[line.words.front()].text);
    if (labelled && !gaps.empty() && gaps.front() == 1) {
      if (!line.bullet.empty()) {
        gaps.erase(gaps.begin());
      } else if (gaps.size() == 1 &&
                 (!starts_column(page, above, y0, page.words[line.words[0]].bbox.x0,
                                 page.words[line.words[1]].bbox.x0) ||
                  (line.bold && !bold_band(page, above, y0)))) {
        gaps.clear();
        label_heading = true;
      }
    }
    if (!gaps.empty()) return false;
    if (line.bbox.width() >= 0.5 * (x1 - x0)) wide_prose = true;
  }
  return wide_prose || label_heading;
}

bool Builder::is_label(const std::string& w) {
  static const Regex label(
      "^(?:\\(?(?:[0-9]{1,3}[A-Za-z]?|[A-Za-z]|[ivxIVX]{1,4})[.):]?|[0-9]{1,3}(?:[./][0-9]{1,3})+[.)]?)$");
  return label.match(w);
}

bool Builder::bold_band(const Page& page, double above, double y0) const {
  size_t bold = 0, all = 0;
  for (const Word& w : page.words) {
    if (w.bbox.cy() <= above || w.bbox.cy() >= y0) continue;
    all += w.text.size();
    if (w.bold) bold += w.text.size();
  }
  return all > 0 && bold * 10 >= all * 7;
}

bool Builder::starts_column(const Page& page, double above, double y0, double label_x,
                            double text_x) const {
  if (above < 0) return false;
  bool at_label = false, at_text = false;
  for (const Word& w : page.words) {
    if (w.bbox.cy() <= above || w.bbox.cy() >= y0) continue;
    if (std::abs(w.bbox.x0 - label_x) <= 4) at_label = true;
    if (std::abs(w.bbox.x0 - text_x) <= 4) at_text = true;
  }
  return at_label && at_text;
}

size_t Builder::first_body_band(const Page& page,
                                const std::vector<std::vector<uint32_t>>& band_words, double size,
                                size_t from) const {
  auto columns = [&](size_t k0) {
    std::vector<uint32_t> ws;
    for (size_t k = k0; k < band_words.size(); ++k)
      ws.insert(ws.end(), band_words[k].begin(), band_words[k].end());
    return whitespace_edges(page, ws, size).size();
  };
  // A body ruled only at its head and foot is one tall band: its lines are the rows.
  size_t half = band_words.size() / 2;
  if (band_words.size() >= 3 && cell_lines(page, band_words.back()).size() >= 8)
    half = band_words.size() - 1;
  else if (band_words.size() < 6)
    return from;
  size_t base = columns(half);
  if (base < 4 || columns(from) >= base) return from;
  size_t k = half;
  while (k > from && columns(k - 1) >= base) --k;
  return k;
}

std::optional<Part> Builder::ruled_part(uint32_t page_idx, const std::vector<Ruling>& hs,
                                        const std::vector<Ruling>& vs,
                                        std::vector<bool>& used_lines) const {
  const Page& page = doc_.pages[page_idx];
  Part part;
  part.page_idx = page_idx;
  double x0 = hs.front().from, x1 = hs.front().to;
  for (const Ruling& h : hs) {
    x0 = std::min(x0, h.from);
    x1 = std::max(x1, h.to);
  }
  double y0 = hs.front().pos, y1 = hs.back().pos;
  part.region = {x0 - 2, y0 - 2, x1 + 2, y1 + 2};
  std::vector<uint32_t> words, lines;
  for (uint32_t li = 0; li < page.lines.size(); ++li) {
    const Line& line = page.lines[li];
    if (line.role != LineRole::body) continue;
    if (line.bbox.cy() <= y0 || line.bbox.cy() >= y1) continue;
    if (line.bbox.cx() < x0 || line.bbox.cx() > x1) continue;
    lines.push_back(li);
    for (uint32_t wi : line.words) {
      const BBox& b = page.words[wi].bbox;
      if (b.cx() >= x0 - 2 && b.cx() <= x1 + 2) words.push_back(wi);
    }
  }
  if (words.empty()) return std::nullopt;
  double size = median_size(page, words);
  // Rows first: the bands between rules that hold words.
  std::vector<double> ys;
  for (const Ruling& h : hs)
    if (ys.empty() || h.pos - ys.back() > 3) ys.push_back(h.pos);
  std::vector<std::vector<uint32_t>> band_words;
  std::vector<std::pair<double, double>> bands;
  for (size_t k = 1; k < ys.size(); ++k) {
    std::vector<uint32_t> in;
    for (uint32_t wi : words) {
      double cy = page.words[wi].bbox.cy();
      if (cy > ys[k - 1] && cy < ys[k]) in.push_back(wi);
    }
    if (in.empty()) continue;
    band_words.push_back(std::move(in));
    bands.push_back({ys[k - 1], ys[k]});
  }
  if (band_words.empty()) return std::nullopt;
  // Columns: inner vertical rules, and where the table has no frame (a statistical table
  // ruled only above, below and under its header), the whitespace the body rows share
  // between them. Header words are left out of that: a spanning heading ("Projected")
  // would cover the gaps of the columns it spans. A framed grid is trusted as drawn.
  std::vector<double> inner;
  bool frame_left = false, frame_right = false;
  for (const Ruling& v : vs) {
    double overlap = std::min(y1, v.to) - std::max(y0, v.from);
    if (overlap < 8) continue;
    if (std::abs(v.pos - x0) <= 4) frame_left = true;
    if (std::abs(v.pos - x1) <= 4) frame_right = true;
    if (v.pos <= x0 + 4 || v.pos >= x1 - 4) continue;
    bool dup = false;
    for (double x : inner)
      if (std::abs(x - v.pos) <= 3) dup = true;
    if (!dup) inner.push_back(v.pos);
  }
  std::sort(inner.begin(), inner.end());
  part.inner_rules = !inner.empty();
  size_t body_from = band_words.size() > 1 ? 1 : 0;
  if (inner.empty()) body_from = first_body_band(page, band_words, size, body_from);
  std::vector<uint32_t> body;
  for (size_t k = body_from; k < band_words.size(); ++k)
    body.insert(body.end(), band_words[k].begin(), band_words[k].end());
  std::vector<double> rule_edges;  // edges drawn as rules: a cell may span them
  std::vector<std::pair<double, double>> body_gaps;  // whitespace between body columns
  if (inner.empty()) {
    std::vector<std::pair<double, double>> gaps;
    // Whitespace that runs down many lines of one band (the body's last) is a column gap
    // even where it is narrow: figures set tight under a grid ruled only at head and foot
    // leave under half a font size. Not on a scan, whose word boxes wander more than that.
    size_t body_lines = cell_lines(page, band_words.back()).size();
    double narrow = body_lines >= 12 && page.method == PageMethod::text
                        ? std::max(3.0, 0.3 * size)
                        : 0;
    part.edges = whitespace_edges(page, body, size, &gaps, narrow);
    body_gaps = gaps;
    // Within the whitespace between two body columns, the edge goes where the header's
    // words leave room: a heading centred over right-aligned numbers stays in its column.
    if (band_words.size() > 1 && gaps.size() + 2 == part.edges.size())
      for (size_t g = 0; g < gaps.size(); ++g) {
        auto [a, b] = gaps[g];
        std::vector<std::pair<double, double>> covered;
        for (uint32_t wi : band_words[0]) {
          const BBox& w = page.words[wi].bbox;
          if (w.x1 > a && w.x0 < b) covered.push_back({std::max(w.x0, a), std::min(w.x1, b)});
        }
        if (covered.empty()) continue;
        std::sort(covered.begin(), covered.end());
        double at = a, best_a = 0, best_b = 0;
        for (const auto& [c0, c1] : covered) {
          if (c0 - at > best_b - best_a) best_a = at, best_b = c0;
          at = std::max(at, c1);
        }
        if (b - at > best_b - best_a) best_a = at, best_b = b;
        if (best_b - best_a >= 1) part.edges[g + 1] = (best_a + best_b) / 2;
      }
    if (part.edges.size() >= 2) {
      part.edges.front() = std::min(part.edges.front(), x0);
      part.edges.back() = std::max(part.edges.back(), x1);
    }
  } else {
    std::vector<double> bounds{x0};
    bounds.insert(bounds.end(), inner.begin(), inner.end());
    bounds.push_back(x1);
    rule_edges = inner;
    part.edges.push_back(x0);
    for (size_t k = 1; k < bounds.size(); ++k) {
      if (!(frame_left && frame_right)) {
        std::vector<uint32_t> seg;
        for (uint32_t wi : body) {
          double cx = page.words[wi].bbox.cx();
          if (cx > bounds[k - 1] && cx < bounds[k]) seg.push_back(wi);
        }
        std::vector<double> ws = whitespace_edges(page, seg, size);
        for (size_t e = 1; e + 1 < ws.size(); ++e) part.edges.push_back(ws[e]);
      }
      part.edges.push_back(bounds[k]);
    }
  }
  // On a scanned page the cells are OCR words, whatever drew the rules.
  part.method = page.method == PageMethod::text ? TableMethod::ruled : TableMethod::ocr;
  part.ruled = true;
  if (part.n_cols() < 2) return std::nullopt;
  // A band far taller than the others, whose lines each fill most columns, is rows that
  // were not ruled apart (only the header and the foot are): one row per line.
  // So is a band of two lines or more that fill most columns each among bands of one line.
  std::vector<std::vector<uint32_t>> row_words;
  std::vector<std::pair<double, double>> row_bands;
  size_t single = 0;
  for (size_t k = 1; k < band_words.size(); ++k)
    single += cell_lines(page, band_words[k]).size() == 1;
  bool rows_single = band_words.size() >= 4 && single * 3 >= (band_words.size() - 1) * 2;
  std::vector<std::vector<bool>> spans;  // per row: the columns a spanning header line joins
  for (size_t k = 0; k < band_words.size(); ++k) {
    std::vector<CellLine> lines_in = cell_lines(page, band_words[k]);
    if (k == 0) {
      if (auto tiers = header_tiers(page, lines_in, part.edges, size)) {
        for (auto& tier : *tiers) {
          row_words.push_back(std::move(tier.words));
          row_bands.push_back(tier.band);
          spans.push_back(std::move(tier.joined));
        }
        continue;
      }
    }
    bool split = false;
    bool tall = bands.size() <= 3 || lines_in.size() >= 6 || (k > 0 && rows_single);
    size_t min_lines = k > 0 && rows_single ? 2 : 3;
    if (lines_in.size() >= min_lines && part.n_cols() >= 3 && tall) {
      size_t row_like = 0;
      int need = std::max(2, static_cast<int>(std::ceil(0.7 * part.n_cols())));
      for (const CellLine& cl : lines_in) {
        std::vector<bool> filled(part.n_cols(), false);
        for (uint32_t wi : cl.words)
          filled[column_of(part.edges, page.words[wi].bbox.cx())] = true;
        if (std::count(filled.begin(), filled.end(), true) >= need) ++row_like;
      }
      // A long band (a statistical table's body) keeps section labels ("Sex", "Region")
      // between its rows: half its lines filling the columns is enough.
      split = row_like * 10 >= lines_in.size() * (lines_in.size() >= 10 ? 5 : 8);
    } else if (k > 0 && lines_in.size() >= 3 && part.n_cols() == 2) {
      // Two columns, labels and figures ("Net Asset Value at 31 December | 5,111,372"), ruled
      // only above and below: each line with a figure on the right is a row of its own. Prose
      // wrapped beside a "Yes" is not figures.
      size_t figures = 0;
      bool other = false;
      for (const CellLine& cl : lines_in) {
        std::string left, right;
        for (uint32_t wi : cl.words) {
          std::string& side = column_of(part.edges, page.words[wi].bbox.cx()) == 0 ? left : right;
          side += (side.empty() ? "" : " ") + page.words[wi].text;
        }
        if (right.empty()) continue;
        if (left.empty() || !is_figure(right)) other = true;
        else ++figures;
      }
      split = !other && figures * 2 >= lines_in.size();
    }
    if (!split) {
      row_words.push_back(band_words[k]);
      row_bands.push_back(bands[k]);
      continue;
    }
    for (const CellLine& cl : lines_in) {
      row_words.push_back(cl.words);
      row_bands.push_back({cl.y0, cl.y1});
    }
  }
  // Header bands above the body (`body_from`) place their phrases whole, as the first does.
  size_t header_rows_placed = std::max<size_t>(1, spans.size());
  for (size_t k = 1; k < body_from && k < band_words.size(); ++k) ++header_rows_placed;
  part.rows = make_rows(page_idx, row_words, part.edges,
                        band_words.size() > 1 && inner.empty() ? header_rows_placed : 0,
                        body_gaps.size() + 2 == part.edges.size() ? &body_gaps : nullptr);
  // A header line over several columns ("How often do you have these symptoms") is one
  // cell, its text in the first column it covers.
  for (size_t r = 0; r < spans.size() && r < part.rows.size(); ++r)
    for (size_t c = 0; c + 1 < spans[r].size(); ++c) {
      if (!spans[r][c]) continue;
      size_t last = c;
      while (last + 1 < spans[r].size() && spans[r][last + 1]) ++last;
      Cell& first = part.rows[r][c];
      for (size_t d = c + 1; d <= last; ++d) {
        Cell& next = part.rows[r][d];
        if (!next.text.empty()) first.text += (first.text.empty() ? "" : " ") + next.text;
        first.words.insert(first.words.end(), next.words.begin(), next.words.end());
        first.col_span += next.col_span;
        next = Cell{};
        next.col_span = 0;
      }
      c = last;
    }
  // A cell whose inner rule is missing in its row spans the next column.
  for (size_t r = 0; r < part.rows.size(); ++r) {
    double mid = (row_bands[r].first + row_bands[r].second) / 2;
    for (size_t c = part.edges.size() - 2; c-- > 0;) {
      double x = part.edges[c + 1];
      if (std::find(rule_edges.begin(), rule_edges.end(), x) == rule_edges.end()) continue;
      bool present = false;
      for (const Ruling& v : vs)
        if (std::abs(v.pos - x) <= 3 && v.from <= mid && v.to >= mid) present = true;
      if (present) continue;
      Cell& left = part.rows[r][c];
      Cell& right = part.rows[r][c + 1];
      if (!right.text.empty()) left.text += (left.text.empty() ? "" : " ") + right.text;
      left.words.insert(left.words.end(), right.words.begin(), right.words.end());
      left.col_span += right.col_span;
      right = Cell{};
      right.col_span = 0;
    }
  }
  part.header_rows = mostly_bold(page, part.rows.front()) ? 1 : 0;
  if (body_from > 1) {
    int above = 0;
    for (const auto& band : row_bands) above += band.second <= bands[body_from].first + 0.5;
    part.header_rows = std::max(part.header_rows, above);
  }
  for (uint32_t li : lines) used_lines[li] = true;
  return part;
}

std::optional<std::vector<Builder::Tier>> Builder::header_tiers(const Page& page,
                                                                const std::vector<CellLine>& lines,
                                                                const std::vector<double>& edges,
                                                                double size) const {
  if (lines.size() < 2) return std::nullopt;
  int n_cols = static_cast<int>(edges.size()) - 1;
  double min_gap = std::max(o_.min_col_gap, o_.col_gap_size_factor * size);
  double split_y = -1;
  std::vector<bool> joined(n_cols, false);
  double top = 1e9;
  for (const CellLine& cl : lines) top = std::min(top, cl.y0);
  for (const CellLine& cl : lines) {
    // Only the header's first line of text may run over the columns: below it, two
    // sub-headings a small gap apart ("At least every About every") are two cells.
    if (cl.y0 > top + 0.8 * size) continue;
    std::vector<uint32_t> ws = cl.words;
    std::sort(ws.begin(), ws.end(), [&](uint32_t a, uint32_t b) {
      return page.words[a].bbox.x0 < page.words[b].bbox.x0;
    });
    bool spans = false;
    for (size_t k = 1; k < ws.size(); ++k) {
      const BBox &a = page.words[ws[k - 1]].bbox, &b = page.words[ws[k]].bbox;
      int ca = column_of(edges, a.cx()), cb = column_of(edges, b.cx());
      if (ca != cb && b.x0 - a.x1 < min_gap) {
        spans = true;
        for (int c = ca; c <= cb; ++c) joined[c] = true;
      }
    }
    if (spans) split_y = std::max(split_y, cl.y1);
  }
  if (split_y < 0) return std::nullopt;
  std::vector<Tier> tiers(2);
  tiers[1].joined.assign(n_cols, false);
  tiers[0].joined = joined;
  std::vector<std::vector<uint32_t>> below(n_cols);
  for (const CellLine& cl : lines)
    for (uint32_t wi : cl.words) {
      if (page.words[wi].bbox.cy() <= split_y) tiers[0].words.push_back(wi);
      else below[column_of(edges, page.words[wi].bbox.cx())].push_back(wi);
    }
  if (tiers[0].words.empty()) return std::nullopt;
  std::vector<bool> above_filled(n_cols, false);
  for (uint32_t wi : tiers[0].words)
    above_filled[column_of(edges, page.words[wi].bbox.cx())] = true;
  // The top of the second tier: where most of its columns start.
  std::vector<double> tops;
  for (int c = 0; c < n_cols; ++c) {
    double col_top = 1e9;
    for (uint32_t wi : below[c]) col_top = std::min(col_top, page.words[wi].bbox.y0);
    if (!below[c].empty()) tops.push_back(col_top);
  }
  if (tops.empty()) return std::nullopt;
  std::sort(tops.begin(), tops.end());
  double usual_top = tops[tops.size() / 2];
  for (int c = 0; c < n_cols; ++c) {
    double col_top = 1e9;
    for (uint32_t wi : below[c]) col_top = std::min(col_top, page.words[wi].bbox.y0);
    bool centred = !above_filled[c] && !below[c].empty() && col_top < usual_top - 2;
    auto& into = centred ? tiers[0].words : tiers[1].words;
    into.insert(into.end(), below[c].begin(), below[c].end());
  }
  if (tiers[1].words.empty()) return std::nullopt;
  double y0 = 1e9, y1 = -1e9;
  for (const CellLine& cl : lines) {
    y0 = std::min(y0, cl.y0);
    y1 = std::max(y1, cl.y1);
  }
  tiers[0].band = {y0, split_y};
  tiers[1].band = {split_y, y1};
  return tiers;
}

std::optional<Part> Builder::recut(const Part& b, const Part& a) const {
  if (b.page_idx != a.page_idx + 1 || !a.ends_page || !b.starts_page) return std::nullopt;
  if (b.n_cols() >= a.n_cols() || b.n_cols() < 1) return std::nullopt;
  const double tol = o_.column_match;
  if (b.region.x0 < a.edges.front() - tol || b.region.x1 > a.edges.back() + tol)
    return std::nullopt;
  for (size_t k = 1; k + 1 < b.edges.size(); ++k) {
    bool matched = false;
    for (size_t j = 1; j + 1 < a.edges.size(); ++j)
      if (std::abs(b.edges[k] - a.edges[j]) <= tol) matched = true;
    if (!matched) return std::nullopt;
  }
  const Page& page = doc_.pages[b.page_idx];
  std::vector<std::vector<uint32_t>> row_words;
  for (size_t r = 0; r < b.rows.size(); ++r) {
    std::vector<uint32_t> words;
    for (const Cell& c : b.rows[r])
      for (const WordRef& ref : c.words) words.push_back(ref.word_idx);
    if (static_cast<int>(r) >= b.header_rows)
      for (uint32_t wi : words) {
        const BBox& w = page.words[wi].bbox;
        for (size_t j = 1; j + 1 < a.edges.size(); ++j)
          if (w.x0 < a.edges[j] - 1 && w.x1 > a.edges[j] + 1) return std::nullopt;
      }
    row_words.push_back(std::move(words));
  }
  Part out = b;
  out.edges = a.edges;
  out.rows = make_rows(b.page_idx, row_words, a.edges, static_cast<size_t>(b.header_rows));
  return out;
}

void Builder::mark_page_edges(Part& part, const std::vector<bool>& used_lines) const {
  const Page& page = doc_.pages[part.page_idx];
  part.starts_page = part.ends_page = true;
  for (uint32_t li : page.order) {
    if (used_lines[li]) continue;
    const Line& line = page.lines[li];
    if (line.bbox.y0 >= part.region.y1 - 1) part.ends_page = false;
    if (line.bbox.y1 <= part.region.y0 + 1) part.starts_page = false;
  }
}

}  // namespace table_build

void find_tables(Document& doc, const TablesOptions& options) {
  doc.tables.clear();
  Builder builder(doc, options);
  std::vector<Joined> tables;
  std::optional<size_t> open;  // the table that may continue on the next page
  for (uint32_t p = 0; p < doc.pages.size(); ++p) {
    Page& page = doc.pages[p];
    for (Line& line : page.lines) line.table = -1;
    std::vector<bool> used(page.lines.size(), false);
    std::vector<Part> parts = builder.ruled_parts(p, used);
    // A table left open by the previous page and not ruled here may continue unruled.
    if (open && !tables[*open].parts.back().ruled)
      if (auto cont = builder.stream_continuation(p, tables[*open].parts.back(), used))
        parts.insert(parts.begin(), std::move(*cont));
    std::vector<Part> streams;
    bool two_columns = std::any_of(page.lines.begin(), page.lines.end(),
                                   [](const Line& l) { return l.column == 1; });
    for (int column : two_columns ? std::vector<int>{0, 1, -1} : std::vector<int>{-1}) {
      std::vector<Part> found = builder.stream_parts(p, used, column);
      streams.insert(streams.end(), found.begin(), found.end());
    }
    parts.insert(parts.end(), streams.begin(), streams.end());
    std::sort(parts.begin(), parts.end(),
              [](const Part& a, const Part& b) { return a.region.y0 < b.region.y0; });
    for (Part& part : parts) builder.mark_page_edges(part, used);
    std::optional<size_t> next_open;
    for (size_t k = 0; k < parts.size(); ++k) {
      Part& part = parts[k];
      bool joined = false;
      if (k == 0 && open) {
        joined = continue_table(tables[*open], part, options, doc);
        if (!joined)
          if (auto again = builder.recut(part, tables[*open].parts.back()))
            joined = continue_table(tables[*open], *again, options, doc);
      }
      size_t idx;
      if (joined) {
        idx = *open;
      } else {
        Joined t;
        t.rows = part.rows;
        t.header_rows = part.header_rows;
        t.parts.push_back(std::move(part));
        tables.push_back(std::move(t));
        idx = tables.size() - 1;
      }
      if (k + 1 == parts.size() && tables[idx].parts.back().ends_page) next_open = idx;
    }
    open = next_open;
  }
  for (Joined& t : tables) {
    drop_empty_columns(t.rows);
    // A lone row that continued nothing is not a table.
    int data_rows = static_cast<int>(t.rows.size()) - t.header_rows;
    if (data_rows < 1 || static_cast<int>(t.rows.size()) < 2) continue;
    if (!looks_tabular(t, options)) continue;
    Table table;
    table.id = "t" + std::to_string(doc.tables.size() + 1);
    table.header_rows = t.header_rows;
    table.method = t.parts.front().method;
    table.rows = std::move(t.rows);
    std::vector<WordRef> words;
    for (const auto& row : table.rows)
      for (const Cell& c : row) words.insert(words.end(), c.words.begin(), c.words.end());
    int index = static_cast<int>(doc.tables.size());
    for (const Part& part : t.parts) {
      table.pages.push_back(doc.pages[part.page_idx].number);
      Page& page = doc.pages[part.page_idx];
      for (Line& line : page.lines)
        if (line.bbox.cx() >= part.region.x0 && line.bbox.cx() <= part.region.x1 &&
            line.bbox.cy() >= part.region.y0 && line.bbox.cy() <= part.region.y1)
          line.table = index;
    }
    table.prov = provenance_of(doc, words);
    doc.tables.push_back(std::move(table));
  }
}

Result<void> TablesStage::run(Document& doc, StageContext& ctx) {
  nlohmann::json vocab = ctx.vocab("tables");
  if (!vocab.contains("bullets"))
    vocab["bullets"] = ctx.vocab("layout").value("bullets", nlohmann::json::array());
  find_tables(doc, TablesOptions::from_vocab(vocab));
  return {};
}

}  // namespace agendapack
