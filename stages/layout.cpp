#include "stages/layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>

namespace agendapack {

namespace {

constexpr double kDefaultSize = 10;

double word_size(const Word& w) {
  if (w.font_size > 0) return w.font_size;
  return std::max(4.0, w.bbox.height() * 0.8);
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A visual row: words sharing a baseline, left to right.
struct Row {
  std::vector<uint32_t> words;
  double baseline = 0, size = 0;
  BBox box;
};

std::vector<Row> group_rows(const Page& page) {
  std::vector<uint32_t> idx(page.words.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
    const Word &wa = page.words[a], &wb = page.words[b];
    if (std::abs(wa.baseline - wb.baseline) > 0.5) return wa.baseline < wb.baseline;
    return wa.bbox.x0 < wb.bbox.x0;
  });
  std::vector<Row> rows;
  for (uint32_t wi : idx) {
    const Word& w = page.words[wi];
    double size = word_size(w);
    // Rows are searched from the newest: words of one row arrive together in baseline order.
    Row* row = nullptr;
    for (size_t r = rows.size(); r-- > 0 && rows.size() - r <= 3;) {
      double tol = 0.4 * std::min(size, rows[r].size);
      if (std::abs(rows[r].baseline - w.baseline) <= tol) {
        row = &rows[r];
        break;
      }
    }
    if (!row) {
      rows.push_back({});
      row = &rows.back();
      row->baseline = w.baseline;
      row->size = size;
    }
    row->words.push_back(wi);
    row->box = row->box.united(w.bbox);
    row->size = std::max(row->size, size);
  }
  for (Row& row : rows) {
    std::sort(row.words.begin(), row.words.end(), [&](uint32_t a, uint32_t b) {
      return page.words[a].bbox.x0 < page.words[b].bbox.x0;
    });
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.baseline < b.baseline; });
  return rows;
}

// A two-column page has one vertical gutter near the middle that the rows of its text zone
// do not cross, with running text (wide lines) on both sides. Tables have several gutters
// and ragged cells, so they are not taken for columns.
std::optional<double> find_gutter(const Page& page, const std::vector<Row>& rows) {
  if (rows.size() < 8) return std::nullopt;
  double best_x = 0;
  int best_score = 0;
  for (double x = page.view_width() * 0.3; x <= page.view_width() * 0.7; x += 2) {
    int both = 0, cross = 0;
    for (const Row& row : rows) {
      bool left = false, right = false, crosses = false;
      for (uint32_t wi : row.words) {
        const BBox& b = page.words[wi].bbox;
        if (b.x1 <= x - 4) left = true;
        else if (b.x0 >= x + 4) right = true;
        else crosses = true;
      }
      if (crosses) ++cross;
      else if (left && right) ++both;
    }
    int score = both - 3 * cross;
    if (score > best_score) {
      best_score = score;
      best_x = x;
    }
  }
  if (best_score < 6) return std::nullopt;
  // Both sides must hold running text: on average, segments fill most of their column.
  double left_w = 0, right_w = 0, left_min = page.view_width(), right_max = 0;
  int n = 0;
  for (const Row& row : rows) {
    BBox l, r;
    bool crosses = false;
    for (uint32_t wi : row.words) {
      const BBox& b = page.words[wi].bbox;
      if (b.x1 <= best_x - 4) l = l.united(b);
      else if (b.x0 >= best_x + 4) r = r.united(b);
      else crosses = true;
    }
    if (crosses || l.empty() || r.empty()) continue;
    left_w += l.width();
    right_w += r.width();
    left_min = std::min(left_min, l.x0);
    right_max = std::max(right_max, r.x1);
    ++n;
  }
  if (n == 0) return std::nullopt;
  double left_col = best_x - left_min, right_col = right_max - best_x;
  if (left_w / n < 0.6 * left_col || right_w / n < 0.6 * right_col) return std::nullopt;
  return best_x;
}

bool is_bullet_word(const std::string& text, const LayoutOptions& o) {
  if (std::find(o.bullets.begin(), o.bullets.end(), text) != o.bullets.end()) return true;
  for (const Regex& re : o.list_markers)
    if (re.match(text)) return true;
  return false;
}

void finish_line(Page& page, Line& line, const LayoutOptions& o) {
  line.bbox = {};
  std::map<float, size_t> size_chars;
  size_t bold_chars = 0, all_chars = 0;
  for (uint32_t wi : line.words) {
    const Word& w = page.words[wi];
    line.bbox = line.bbox.united(w.bbox);
    size_chars[std::round(w.font_size * 2) / 2] += w.text.size();
    all_chars += w.text.size();
    if (w.bold) bold_chars += w.text.size();
    if (!line.text.empty()) line.text += ' ';
    line.text += w.text;
  }
  line.baseline = page.words[line.words.front()].baseline;
  size_t best = 0;
  for (const auto& [size, chars] : size_chars)
    if (chars > best) {
      best = chars;
      line.font_size = size;
    }
  line.bold = all_chars > 0 && bold_chars * 2 > all_chars;
  const Word& first = page.words[line.words.front()];
  if (line.words.size() > 1 && is_bullet_word(first.text, o)) {
    line.bullet = first.text;
  } else if (line.words.size() > 1 && first.source == WordSource::ocr &&
             std::find(o.ocr_bullets.begin(), o.ocr_bullets.end(), first.text) !=
                 o.ocr_bullets.end()) {
    const Word& next = page.words[line.words[1]];
    unsigned char c = next.text.empty() ? ' ' : static_cast<unsigned char>(next.text.front());
    if (next.bbox.x0 - first.bbox.x1 >= 0.6 * line.font_size && std::isalnum(c))
      line.bullet = first.text;
  }
}

}  // namespace

LayoutOptions LayoutOptions::from_vocab(const nlohmann::json& v) {
  LayoutOptions o;
  o.bullets = get_or<std::vector<std::string>>(v, "bullets", {});
  o.ocr_bullets = get_or<std::vector<std::string>>(v, "ocr_bullets", {});
  for (const auto& p : get_or<std::vector<std::string>>(v, "list_marker_patterns", {}))
    o.list_markers.emplace_back(p, Regex::kIcase);
  for (const auto& p : get_or<std::vector<std::string>>(v, "page_number_patterns", {}))
    o.page_numbers.emplace_back(p, Regex::kIcase);
  o.edge_band = get_or<double>(v, "edge_band", o.edge_band);
  o.repeat_min_pages = get_or<int>(v, "repeat_min_pages", o.repeat_min_pages);
  o.repeat_y_tolerance = get_or<double>(v, "repeat_y_tolerance", o.repeat_y_tolerance);
  return o;
}

void build_lines(Page& page, const LayoutOptions& o) {
  page.lines.clear();
  page.order.clear();
  page.blocks.clear();
  if (page.words.empty()) return;
  std::vector<Row> rows = group_rows(page);
  std::optional<double> gutter = find_gutter(page, rows);

  // Rows become lines; on a two-column page a row that does not cross the gutter splits in
  // two. Reading order: full-width lines in order; between them, the left column's lines,
  // then the right column's.
  std::vector<uint32_t> left, right;
  auto flush = [&] {
    for (uint32_t l : left) page.order.push_back(l);
    for (uint32_t r : right) page.order.push_back(r);
    left.clear();
    right.clear();
  };
  for (const Row& row : rows) {
    std::vector<uint32_t> lw, rw;
    bool crosses = false;
    if (gutter) {
      for (uint32_t wi : row.words) {
        const BBox& b = page.words[wi].bbox;
        if (b.x1 <= *gutter - 4) lw.push_back(wi);
        else if (b.x0 >= *gutter + 4) rw.push_back(wi);
        else crosses = true;
      }
    }
    if (!gutter || crosses) {
      flush();
      Line line;
      line.words = row.words;
      finish_line(page, line, o);
      page.order.push_back(static_cast<uint32_t>(page.lines.size()));
      page.lines.push_back(std::move(line));
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      auto& words = side == 0 ? lw : rw;
      if (words.empty()) continue;
      Line line;
      line.words = words;
      line.column = side;
      finish_line(page, line, o);
      (side == 0 ? left : right).push_back(static_cast<uint32_t>(page.lines.size()));
      page.lines.push_back(std::move(line));
    }
  }
  flush();

  // Headings: larger than the page's body size, or bold and short.
  std::map<int, size_t> sizes;
  for (const Line& l : page.lines) sizes[static_cast<int>(std::lround(l.font_size * 2))] += l.text.size();
  double body = kDefaultSize;
  size_t best = 0;
  for (const auto& [s, n] : sizes)
    if (n > best) {
      best = n;
      body = s / 2.0;
    }
  for (Line& l : page.lines) {
    bool big = l.font_size > body * 1.15;
    bool short_bold = l.bold && l.text.size() < 100;
    l.heading = big || short_bold;
  }

  // Blocks: consecutive lines in reading order, close vertically, in the same column.
  for (uint32_t li : page.order) {
    const Line& l = page.lines[li];
    if (!page.blocks.empty()) {
      Block& b = page.blocks.back();
      const Line& prev = page.lines[b.lines.back()];
      double gap = l.bbox.y0 - prev.bbox.y1;
      double lh = std::max<double>(prev.font_size, l.font_size);
      // OCR lines of a page scanned a little askew have staggered boxes (each word sits
      // where it is on the page, one end of a line lower than the other), so neighbouring
      // lines' boxes overlap; their baselines are level, and the gap is taken from them, with
      // a text-layer word's height (ascent to descent, about 1.12 em) between.
      if (page.words[prev.words.front()].source == WordSource::ocr &&
          page.words[l.words.front()].source == WordSource::ocr)
        gap = (l.baseline - prev.baseline) - 1.12 * lh;
      if (prev.column == l.column && gap >= -2 && gap < 0.9 * std::max(lh, 6.0) &&
          prev.heading == l.heading) {
        b.lines.push_back(li);
        b.bbox = b.bbox.united(l.bbox);
        continue;
      }
    }
    page.blocks.push_back({{li}, l.bbox, l.column});
  }
}

namespace {

// Digits vary between pages ("Page 3", "18 September 2017" stays the same); compare texts with
// digit runs folded.
std::string fold_digits(const std::string& s) {
  std::string out;
  bool in_digits = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (!in_digits) out += '#';
      in_digits = true;
    } else {
      in_digits = false;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

void mark_furniture(Document& doc, const LayoutOptions& o) {
  // A running header is matched as a whole row: the lines in a page's edge band at one height,
  // left to right. A two-column page (or an OCR reading) can cut "Executive Meeting ...
  // Selbury Council" into two lines where the other pages have one.
  struct Candidate {
    uint32_t page_idx;
    std::vector<uint32_t> lines;
    bool top;
    double y;
  };
  std::map<std::string, std::vector<Candidate>> by_text;
  for (uint32_t p = 0; p < doc.pages.size(); ++p) {
    Page& page = doc.pages[p];
    double band = page.view_height() * o.edge_band;
    std::vector<Candidate> rows;
    for (uint32_t li = 0; li < page.lines.size(); ++li) {
      Line& line = page.lines[li];
      bool top = line.bbox.y1 <= band;
      bool bottom = line.bbox.y0 >= page.view_height() - band;
      if (!top && !bottom) continue;
      std::string t = lower_ascii(line.text);
      bool number = false;
      for (const Regex& re : o.page_numbers)
        if (re.match(t)) number = true;
      if (number) {
        line.role = LineRole::page_number;
        continue;
      }
      // Labels ("Minutes:", "Present:") open content even when they repeat at a page top.
      if (!line.text.empty() && line.text.back() == ':') continue;
      double y = top ? line.bbox.y0 : line.bbox.y1;
      auto row = std::find_if(rows.begin(), rows.end(), [&](const Candidate& c) {
        return c.top == top && std::abs(c.y - y) <= 3;
      });
      if (row == rows.end()) rows.push_back({p, {li}, top, y});
      else row->lines.push_back(li);
    }
    for (Candidate& row : rows) {
      std::sort(row.lines.begin(), row.lines.end(), [&](uint32_t a, uint32_t b) {
        return page.lines[a].bbox.x0 < page.lines[b].bbox.x0;
      });
      std::string text;
      for (uint32_t li : row.lines) text += (text.empty() ? "" : " ") + page.lines[li].text;
      by_text[fold_digits(text)].push_back(row);
    }
  }
  for (auto& [text, cands] : by_text) {
    // Count the distinct pages where the text sits at about the same height.
    for (const Candidate& c : cands) {
      std::vector<uint32_t> pages;
      for (const Candidate& d : cands)
        if (d.top == c.top && std::abs(d.y - c.y) <= o.repeat_y_tolerance &&
            std::find(pages.begin(), pages.end(), d.page_idx) == pages.end())
          pages.push_back(d.page_idx);
      // More than half the pages: a heading that happens to open two pages of four is not
      // a running header.
      if (static_cast<int>(pages.size()) >= o.repeat_min_pages &&
          pages.size() * 2 > doc.pages.size()) {
        for (uint32_t li : c.lines)
          doc.pages[c.page_idx].lines[li].role = c.top ? LineRole::header : LineRole::footer;
      }
    }
  }
  // Reading order keeps body lines only; blocks too.
  for (Page& page : doc.pages) {
    auto is_body = [&](uint32_t li) { return page.lines[li].role == LineRole::body; };
    page.order.erase(std::remove_if(page.order.begin(), page.order.end(),
                                    [&](uint32_t li) { return !is_body(li); }),
                     page.order.end());
    for (Block& b : page.blocks)
      b.lines.erase(std::remove_if(b.lines.begin(), b.lines.end(),
                                   [&](uint32_t li) { return !is_body(li); }),
                    b.lines.end());
    page.blocks.erase(std::remove_if(page.blocks.begin(), page.blocks.end(),
                                     [](const Block& b) { return b.lines.empty(); }),
                      page.blocks.end());
  }
}

Result<void> LayoutStage::run(Document& doc, StageContext& ctx) {
  LayoutOptions options = LayoutOptions::from_vocab(ctx.vocab("layout"));
  for (Page& page : doc.pages) build_lines(page, options);
  mark_furniture(doc, options);
  return {};
}

std::vector<LineRef> reading_order(const Document& doc) {
  std::vector<LineRef> out;
  for (uint32_t p = 0; p < doc.pages.size(); ++p)
    for (uint32_t li : doc.pages[p].order) out.push_back({p, li});
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    if (out.empty()) {
      out = line;
      continue;
    }
    bool hyphen = out.size() >= 2 && out.back() == '-' &&
                  std::isalpha(static_cast<unsigned char>(out[out.size() - 2]));
    bool lower_next = std::islower(static_cast<unsigned char>(line.front()));
    bool upper_next = std::isupper(static_cast<unsigned char>(line.front()));
    if (hyphen && lower_next) {
      out.pop_back();
      out += line;
    } else if (hyphen && upper_next) {
      // A compound broken at its hyphen ("Barrington-" / "King"): the hyphen stays.
      out += line;
    } else {
      out += ' ';
      out += line;
    }
  }
  return out;
}

std::string text_without_bullet(const Line& line) {
  if (line.bullet.empty()) return line.text;
  std::string t = line.text.substr(std::min(line.text.size(), line.bullet.size()));
  size_t start = t.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : t.substr(start);
}

}  // namespace agendapack
