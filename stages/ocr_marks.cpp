#include "stages/ocr_marks.h"

#include <algorithm>
#include <functional>
#include <climits>
#include <cmath>
#include <cstring>
#include <initializer_list>

namespace agendapack {

std::vector<InkBlob> ink_blobs(PIX* bin, int l, int t, int r, int b) {
  std::vector<InkBlob> out;
  if (!bin || pixGetDepth(bin) != 1) return out;
  const int iw = static_cast<int>(pixGetWidth(bin)), ih = static_cast<int>(pixGetHeight(bin));
  l = std::max(l, 0);
  t = std::max(t, 0);
  r = std::min(r, iw);
  b = std::min(b, ih);
  if (r <= l || b <= t) return out;
  const int w = r - l, h = b - t;
  const l_uint32* data = pixGetData(bin);
  const int wpl = pixGetWpl(bin);
  // 0: background, 1: ink not yet visited, 2: visited. A word's box is small: a flood fill of
  // our own is simpler than Leptonica's component lists.
  std::vector<unsigned char> mark(static_cast<size_t>(w) * static_cast<size_t>(h), 0);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y + t) * static_cast<size_t>(wpl);
    for (int x = 0; x < w; ++x)
      if (GET_DATA_BIT(line, x + l)) mark[static_cast<size_t>(y) * w + x] = 1;
  }
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (mark[static_cast<size_t>(start)] != 1) continue;
    mark[static_cast<size_t>(start)] = 2;
    stack.assign(1, start);
    InkBlob blob{w, h, -1, -1, 0};
    while (!stack.empty()) {
      int p = stack.back();
      stack.pop_back();
      int x = p % w, y = p / w;
      ++blob.ink;
      blob.x0 = std::min(blob.x0, x);
      blob.y0 = std::min(blob.y0, y);
      blob.x1 = std::max(blob.x1, x + 1);
      blob.y1 = std::max(blob.y1, y + 1);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          int xx = x + dx, yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          size_t q = static_cast<size_t>(yy) * w + xx;
          if (mark[q] == 1) {
            mark[q] = 2;
            stack.push_back(static_cast<int>(q));
          }
        }
    }
    blob.x0 += l;
    blob.x1 += l;
    blob.y0 += t;
    blob.y1 += t;
    out.push_back(blob);
  }
  std::sort(out.begin(), out.end(),
            [](const InkBlob& a, const InkBlob& c) { return a.x0 < c.x0; });
  return out;
}

bool is_bullet_blob(const InkBlob& blob, double em, double baseline, int next_x) {
  if (em <= 0 || blob.h() <= 0 || blob.w() <= 0) return false;
  const double h = blob.h(), w = blob.w();
  // A bullet is 0.3-0.5 em across in the fonts of council papers; a full stop is under 0.15.
  if (h < 0.2 * em || h > 0.67 * em) return false;
  if (w < 0.6 * h || w > 1.6 * h) return false;
  // A disc fills pi/4 of its box (0.79) and a square all of it; a grainy scan loses some. The
  // rings and strokes of letters ("o", "e", "c") fill half or less.
  if (blob.fill() < 0.66) return false;
  // Its middle is on the x-height's middle, well above the baseline.
  const double mid = (blob.y0 + blob.y1) / 2.0;
  if (mid > baseline - 0.15 * em) return false;
  return next_x == INT_MAX || next_x - blob.x1 >= 0.25 * em;
}

bool is_dot_leader(const std::vector<InkBlob>& blobs, double em, double baseline) {
  if (blobs.size() < 4 || em <= 0) return false;
  std::vector<double> steps;
  for (size_t k = 0; k < blobs.size(); ++k) {
    const InkBlob& d = blobs[k];
    if (d.h() > 0.2 * em || d.w() > 0.25 * em) return false;
    // On the baseline: a dot's bottom within a sixth of an em of it.
    if (std::abs(d.y1 - baseline) > em / 6) return false;
    if (k > 0) steps.push_back(d.x0 - blobs[k - 1].x0);
  }
  std::sort(steps.begin(), steps.end());
  const double median = steps[steps.size() / 2];
  if (median <= 0) return false;
  for (double s : steps)
    if (s < 0.5 * median || s > 1.6 * median) return false;
  return true;
}

size_t leader_start(const std::vector<InkBlob>& blobs, double em, double baseline) {
  size_t start = blobs.size();
  // The longest run of dots that ends the word.
  while (start > 0) {
    const InkBlob& d = blobs[start - 1];
    if (d.h() > 0.2 * em || d.w() > 0.25 * em || std::abs(d.y1 - baseline) > em / 6) break;
    --start;
  }
  if (blobs.size() - start < 4) return blobs.size();
  std::vector<InkBlob> run(blobs.begin() + static_cast<long>(start), blobs.end());
  return is_dot_leader(run, em, baseline) ? start : blobs.size();
}

std::string without_leader_text(const std::string& text) {
  auto leader_at_end = [](const std::string& s, bool front) {
    // Bytes of the run of leader marks at one end: '.', and U+2026 (three bytes).
    size_t n = 0, dots = 0;
    while (n < s.size()) {
      size_t pos = front ? n : s.size() - 1 - n;
      if (s[pos] == '.') {
        ++n;
        ++dots;
      } else if (s[pos] == ' ') {
        ++n;
      } else if (front ? s.compare(n, 3, "\xE2\x80\xA6") == 0
                       : n + 3 <= s.size() && s.compare(s.size() - n - 3, 3, "\xE2\x80\xA6") == 0) {
        n += 3;
        dots += 3;
      } else {
        break;
      }
    }
    // Three dots may be an ellipsis in the text; a leader is longer.
    return dots >= 4 ? n : 0;
  };
  std::string s = text;
  s.erase(s.size() - leader_at_end(s, false));
  s.erase(0, leader_at_end(s, true));
  return s;
}

namespace {
// Whether `t` is made only of the one-byte marks in `ascii` and the UTF-8 marks in `wide`.
bool only_marks(const std::string& t, const char* ascii, std::initializer_list<const char*> wide) {
  if (t.empty()) return false;
  for (size_t i = 0; i < t.size();) {
    if (std::strchr(ascii, t[i]) && t[i] != '\0') {
      ++i;
      continue;
    }
    size_t len = 0;
    for (const char* w : wide)
      if (t.compare(i, std::strlen(w), w) == 0) len = std::strlen(w);
    if (len == 0) return false;
    i += len;
  }
  return true;
}
}  // namespace

bool dashes_only(const std::string& t) {
  // en dash, em dash, horizontal bar
  return only_marks(t, "-_~", {"\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"});
}

bool bars_only(const std::string& t) {
  return only_marks(t, "|[]", {"\xC2\xA6"});  // and the broken bar
}

bool on_vertical_rule(PIX* bin, int l, int t, int r, int b, double em) {
  const int reach = static_cast<int>(std::lround(std::max(1.0, em)));
  for (const InkBlob& bl : ink_blobs(bin, l, t - reach, r, b + reach))
    if (bl.y0 < t - reach / 2 && bl.y1 > b + reach / 2) return true;
  return false;
}

size_t pieces_before_raised_tail(const std::vector<InkBlob>& blobs, double em,
                                 double baseline) {
  if (em <= 0 || blobs.size() < 2) return 0;
  auto on_base = [&](const InkBlob& b) { return b.y1 >= baseline - 0.12 * em; };
  size_t base = 0;
  int top = INT_MAX;
  while (base < blobs.size() && on_base(blobs[base])) top = std::min(top, blobs[base++].y0);
  if (base == 0 || base == blobs.size()) return 0;
  const double high = baseline - top;
  // A superscript letter ends well above the baseline, or hangs from the digits' top line
  // and is smaller than they are (a raised "g" reaches nearly down to the baseline).
  int right = 0;
  for (size_t k = 0; k < base; ++k) right = std::max(right, blobs[k].x1);
  auto raised = [&](const InkBlob& b) {
    // Letter-sized (a colon's upper dot is not), after the digits, not over them.
    if (b.h() >= 0.6 * em || b.h() < 0.25 * em || b.x0 < right - 1) return false;
    if (b.y1 < baseline - 0.15 * em) return true;
    return b.y0 <= top + 0.2 * high && b.h() <= 0.75 * high && b.y1 < baseline;
  };
  for (size_t k = base; k < blobs.size(); ++k)
    if (!raised(blobs[k])) return 0;
  return base;
}

bool is_stray_rule_piece(const std::vector<InkBlob>& blobs, double em, double baseline) {
  if (em <= 0) return false;
  if (blobs.empty()) return true;  // no dark ink at all: a faint trace, not a printed dash
  for (const InkBlob& b : blobs) {
    double mid = (b.y0 + b.y1) / 2.0;
    // A dash's bar crosses the x-height's middle, a quarter to a half em over the baseline.
    if (mid > baseline - 0.6 * em && mid < baseline - 0.1 * em) return false;
  }
  return true;
}

std::string text_after_bullet(const std::vector<std::string>& symbols, size_t bullet_symbols) {
  std::string out;
  for (size_t k = std::min(bullet_symbols, symbols.size()); k < symbols.size(); ++k)
    out += symbols[k];
  return out;
}

}  // namespace agendapack

namespace agendapack {

namespace {

struct Mark {
  int x, y, w, h;
};

// Runs of `min_count` or more marks of `page` (8 bpp grey or 1 bpp) that `shape` accepts (box
// width and height, pixels), on one baseline and evenly spaced (each step within half and one
// and a half times the run's first, and no longer than `max_step`), erased from the page
// (painted white); the box of each run erased is added to `runs` when given.
int erase_mark_runs(PIX* page, double dpi, int min_count, double max_step,
                    const std::function<bool(int, int)>& shape, std::vector<MarkRun>* runs) {
  if (!page || dpi <= 0) return 0;
  const int depth = static_cast<int>(pixGetDepth(page));
  if (depth != 8 && depth != 1) return 0;
  PIX* bin = depth == 8 ? pixThresholdToBinary(page, 150) : pixClone(page);
  if (!bin) return 0;
  BOXA* boxes = pixConnCompBB(bin, 8);
  pixDestroy(&bin);
  if (!boxes) return 0;
  std::vector<Mark> marks;
  const int n = boxaGetCount(boxes);
  for (int idx = 0; idx < n; ++idx) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    if (boxaGetBoxGeometry(boxes, idx, &x, &y, &w, &h) != 0) continue;
    if (shape(w, h)) marks.push_back({x, y, w, h});
  }
  boxaDestroy(&boxes);
  // Rows: marks whose bottoms are within a hundredth of an inch, then runs along each row.
  std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return a.y + a.h != b.y + b.h ? a.y + a.h < b.y + b.h : a.x < b.x;
  });
  const int row_tol = std::max(2, static_cast<int>(dpi * 0.012));
  int erased = 0;
  for (size_t start = 0; start < marks.size();) {
    size_t end = start + 1;
    while (end < marks.size() &&
           (marks[end].y + marks[end].h) - (marks[start].y + marks[start].h) <= row_tol)
      ++end;
    std::vector<Mark> row(marks.begin() + static_cast<long>(start),
                          marks.begin() + static_cast<long>(end));
    std::sort(row.begin(), row.end(), [](const Mark& a, const Mark& b) { return a.x < b.x; });
    for (size_t a = 0; a < row.size();) {
      size_t b = a + 1;
      const double first = b < row.size() ? row[b].x - row[a].x : 0;
      while (b < row.size()) {
        double step = row[b].x - row[b - 1].x;
        if (step <= 0 || step > max_step || step < 0.5 * first || step > 1.5 * first) break;
        ++b;
      }
      if (static_cast<int>(b - a) >= min_count) {
        PixelBox run{INT_MAX, INT_MAX, -1, -1};
        for (size_t k = a; k < b; ++k) {
          run = {std::min(run.l, row[k].x), std::min(run.t, row[k].y),
                 std::max(run.r, row[k].x + row[k].w), std::max(run.b, row[k].y + row[k].h)};
          BOX* box = boxCreate(row[k].x - 1, row[k].y - 1, row[k].w + 2, row[k].h + 2);
          if (!box) continue;
          if (depth == 8) pixSetInRect(page, box);
          else pixClearInRect(page, box);
          boxDestroy(&box);
        }
        if (runs) runs->push_back({run, static_cast<int>(b - a)});
        ++erased;
        a = b;
      } else {
        // A mark before the run starts none with it: try again from the next.
        ++a;
      }
    }
    start = end;
  }
  return erased;
}

}  // namespace

int erase_dot_leaders(PIX* page, double dpi, int min_dots) {
  // A leader's dot is a full stop of body type: 0.01 to 0.035 in across, about round; leaders
  // space their dots a few points apart.
  const int min_side = std::max(2, static_cast<int>(dpi * 0.008));
  const int max_side = static_cast<int>(dpi * 0.035) + 1;
  return erase_mark_runs(page, dpi, min_dots, dpi * 0.2, [&](int w, int h) {
    return w >= min_side && h >= min_side && w <= max_side && h <= max_side && w <= 2 * h &&
           h <= 2 * w;
  }, nullptr);
}

int erase_typed_dash_rules(PIX* page, double dpi, std::vector<MarkRun>& runs, int min_dashes) {
  // A typed hyphen: 0.02 to 0.08 in long, a stroke's height, at least twice as long as high;
  // typed one a character apart (a tenth of an inch or so).
  const int min_w = std::max(3, static_cast<int>(dpi * 0.02));
  const int max_w = static_cast<int>(dpi * 0.08) + 1;
  const int max_h = std::max(2, static_cast<int>(dpi * 0.02));
  return erase_mark_runs(page, dpi, min_dashes, dpi * 0.15, [&](int w, int h) {
    return w >= min_w && w <= max_w && h <= max_h && w >= 2 * h;
  }, &runs);
}

}  // namespace agendapack
