#include "stages/ocr_numbers.h"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <memory>

#include "stages/ocr_marks.h"

namespace agendapack {

namespace {
// What a "1" known by its shape is worth: as sure as a word Tesseract read well.
constexpr float kShapeConfidence = 0.9f;
// Below this, digits read over a misread word do not replace it.
constexpr float kReplaceConfidence = 0.7f;
}  // namespace

std::optional<PixelBox> ruled_cell_left(PIX* bin, const PixelBox& line) {
  if (!bin || pixGetDepth(bin) != 1) return std::nullopt;
  const int em = std::max(1, line.b - line.t);
  const int iw = static_cast<int>(pixGetWidth(bin)), ih = static_cast<int>(pixGetHeight(bin));
  // A band an em above and below the line: a vertical rule inks nearly all of it; a letter,
  // a digit or a row's horizontal rule a third or less.
  const int t = std::max(0, line.t - em), b = std::min(ih, line.b + em);
  const int l = std::max(0, line.l - 16 * em), r = std::min(iw, line.l);
  if (r <= l || b - t < 2 * em) return std::nullopt;
  const l_uint32* data = pixGetData(bin);
  const int wpl = pixGetWpl(bin);
  std::vector<int> inked(static_cast<size_t>(r - l), 0);
  for (int y = t; y < b; ++y) {
    const l_uint32* row = data + static_cast<size_t>(y) * static_cast<size_t>(wpl);
    for (int x = l; x < r; ++x)
      if (GET_DATA_BIT(row, x)) ++inked[static_cast<size_t>(x - l)];
  }
  // Rules as runs of such columns, right to left: {x0, x1}.
  std::vector<std::pair<int, int>> rules;
  const int need = (b - t) * 9 / 10;
  for (int x = r - 1; x >= l; --x) {
    if (inked[static_cast<size_t>(x - l)] < need) continue;
    int x0 = x;
    while (x0 - 1 >= l && inked[static_cast<size_t>(x0 - 1 - l)] >= need) --x0;
    rules.emplace_back(x0, x + 1);
    x = x0;
  }
  if (rules.size() < 2) return std::nullopt;
  const auto& [n0, n1] = rules[0];
  const auto& [f0, f1] = rules[1];
  if (n1 - n0 > em / 2 || f1 - f0 > em / 2) return std::nullopt;  // bars, not rules
  if (line.l - n1 > 2 * em) return std::nullopt;
  if (n0 - f1 < em || n0 - f1 > 12 * em) return std::nullopt;
  // A rule's grey edge, thresholded, leaves slivers beside it: keep clear of both.
  return PixelBox{f1 + em / 6, line.t, n0 - em / 6, line.b};
}

std::string one_by_shape(PIX* bin, const std::vector<InkBlob>& blobs, int em) {
  em = std::max(1, em);
  if (!bin || pixGetDepth(bin) != 1) return {};
  const InkBlob* stroke = nullptr;
  for (const InkBlob& bl : blobs) {
    if (bl.h() < em / 3) continue;
    if (stroke) return {};  // two strokes are not a lone "1"
    stroke = &bl;
  }
  if (!stroke) return {};
  const int h = stroke->h(), w = stroke->w();
  if (h < em / 2 || h > 2 * em || w * 4 > h * 3) return {};
  const l_uint32* data = pixGetData(bin);
  const int wpl = pixGetWpl(bin);
  auto ink = [&](int x, int y) {
    return GET_DATA_BIT(data + static_cast<size_t>(y) * static_cast<size_t>(wpl), x) != 0;
  };
  // The stem: columns inked over nearly the whole height, side by side.
  int s0 = -1, s1 = -1;
  for (int x = stroke->x0; x < stroke->x1; ++x) {
    int n = 0;
    for (int y = stroke->y0; y < stroke->y1; ++y) n += ink(x, y);
    if (n * 5 < h * 4) continue;
    if (s0 < 0) s0 = x;
    else if (x != s1) return {};  // two stems: "11", "H"
    s1 = x + 1;
  }
  if (s0 < 0 || (s1 - s0) * 3 > h) return {};
  // Across its middle, a "1" is its stem alone: a "4"'s diagonal, a "7"'s slope or a "2"'s
  // curve put ink beside it. The flag above and the foot below may spread.
  for (int y = stroke->y0 + h * 3 / 10; y < stroke->y0 + h * 7 / 10; ++y)
    for (int x = stroke->x0; x < stroke->x1; ++x)
      if (ink(x, y) && (x < s0 - 1 || x > s1)) return {};
  std::string out = "1";
  for (const InkBlob& bl : blobs) {
    if (&bl == stroke || bl.x0 < stroke->x1) continue;
    // A full stop: small, on the stroke's foot.
    const bool stop = bl.h() < em / 2 && bl.w() < em / 2 && std::abs(bl.y1 - stroke->y1) <= em / 5;
    if (!stop || out.size() > 1) return {};
    out += '.';
  }
  return out;
}

namespace {
// "6", "6.", "12)", "271.": up to `max_digits` digits and their stop, as a line's number is
// printed.
bool number_form(const std::string& t, size_t max_digits = 3) {
  size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  return digits > 0 && digits <= max_digits &&
         (t.size() == digits || (t.size() == digits + 1 && (t.back() == '.' || t.back() == ')')));
}
}  // namespace

std::vector<NumberSlot> number_slots(const std::vector<Word>& words,
                                     const std::vector<PixelBox>& boxes, PIX* bin) {
  std::vector<NumberSlot> out;
  if (words.empty() || boxes.size() != words.size()) return out;
  auto has_digit = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  // Lines as Tesseract gave them: {first word, last word}.
  std::vector<std::pair<size_t, size_t>> lines;
  for (size_t start = 0; start < words.size();) {
    size_t end = start;
    while (end + 1 < words.size() && words[end].space_after) ++end;
    lines.emplace_back(start, end);
    start = end + 1;
  }
  // Numbered lines ("4  That a Member champion ..."): the number's box and where the text
  // after it starts. A line whose text starts there with nothing before it may be a row whose
  // lone number Tesseract dropped.
  struct Numbered {
    PixelBox number;
    int text_l = 0;
  };
  // The word after a line's first: its second, or, when Tesseract's layout set the first word
  // apart as a line of its own (a bold heading's "270."), the nearest line's first word to its
  // right on the same row. -1: none.
  auto next_word = [&](size_t start, size_t end) -> long {
    if (end > start) return static_cast<long>(start + 1);
    const PixelBox& a = boxes[start];
    long best = -1;
    for (const auto& [s2, e2] : lines) {
      const PixelBox& b = boxes[s2];
      const int overlap = std::min(a.b, b.b) - std::max(a.t, b.t);
      if (s2 == start || b.l < a.r || 2 * overlap < std::min(a.b - a.t, b.b - b.t)) continue;
      if (best < 0 || b.l < boxes[static_cast<size_t>(best)].l) best = static_cast<long>(s2);
    }
    return best;
  };
  std::vector<Numbered> numbered;
  for (const auto& [start, end] : lines) {
    const long next = next_word(start, end);
    if (next < 0 || !number_form(words[start].text)) continue;
    numbered.push_back({boxes[start], boxes[static_cast<size_t>(next)].l});
  }
  auto empty_slot = [&](const PixelBox& slot) {
    if (slot.r <= slot.l) return false;
    for (const PixelBox& o : boxes)
      if (o.l < slot.r && o.r > slot.l && o.t < slot.b && o.b > slot.t) return false;
    return true;
  };
  for (const auto& [start, end] : lines) {
    const Word& first = words[start];
    const PixelBox& fb = boxes[start];
    // The word's ink: a capital's height, about 0.7 em, in a heading of capitals.
    const int cap = std::max(1, fb.b - fb.t);
    if (number_form(first.text, 4)) continue;  // "1720." is a minute's number, read right
    // A short word in the numbers' column, well apart from text that starts where the
    // numbered lines' text does: the number itself, misread ("aL" for a row's lone "1",
    // "ari." and "22;" for a bold heading's "271." and "272.").
    const bool inked = std::any_of(first.text.begin(), first.text.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    });
    const long next = next_word(start, end);
    if (next >= 0 && first.text.size() <= 5 && inked) {
      const PixelBox& nb = boxes[static_cast<size_t>(next)];
      const int text_cap = std::max(1, nb.b - nb.t);
      const bool misread = nb.l - fb.r >= text_cap &&
          std::any_of(numbered.begin(), numbered.end(), [&](const Numbered& n) {
            return std::abs(n.text_l - nb.l) <= text_cap / 2 && fb.l < n.number.r &&
                   fb.r > n.number.l;
          });
      if (misread) {
        out.push_back({start, fb, true, text_cap});
        continue;
      }
    }
    if (has_digit(first.text)) continue;
    if (first.bold) {
      // Up to seven cap heights (about five ems) to the left: "1720." and its gap.
      PixelBox slot{std::max(0, fb.l - 7 * cap), fb.t, fb.l - cap / 4, fb.b};
      if (empty_slot(slot)) out.push_back({start, slot, false, cap});
      continue;
    }
    // The numbers' column, where it stands left of lines whose text starts where this does.
    PixelBox slot{INT32_MAX, fb.t, -1, fb.b};
    for (const Numbered& n : numbered)
      if (std::abs(n.text_l - fb.l) <= cap / 2 && n.number.r < fb.l) {
        slot.l = std::min(slot.l, std::max(0, n.number.l - cap / 2));
        slot.r = std::max(slot.r, std::min(fb.l - cap / 4, n.number.r + cap / 2));
      }
    // Or the ruled cell left of the line's: a table's number column of which OCR read nothing.
    if (slot.r < 0)
      if (auto cell = ruled_cell_left(bin, fb)) slot = *cell;
    // Or a line that opens with a capital, alone on the page: a table's first row on a
    // continuation page, whose number column OCR left empty everywhere.
    if (slot.r < 0 && std::isupper(static_cast<unsigned char>(first.text.front())))
      slot = {std::max(0, fb.l - 5 * cap), fb.t, fb.l - cap, fb.b};
    if (slot.r > slot.l && empty_slot(slot)) out.push_back({start, slot, false, cap});
  }
  return out;
}

std::vector<InkBlob> ink_off_rules(PIX* bin, const PixelBox& slot) {
  const int em = std::max(1, slot.b - slot.t);
  auto blobs = ink_blobs(bin, slot.l, slot.t, slot.r, slot.b);
  auto around = ink_blobs(bin, slot.l, slot.t - em, slot.r, slot.b + em);
  auto on_rule = [&](const InkBlob& bl) {
    return std::any_of(around.begin(), around.end(), [&](const InkBlob& a) {
      return a.h() > 3 * em / 2 && a.x0 < bl.x1 && a.x1 > bl.x0;
    });
  };
  blobs.erase(std::remove_if(blobs.begin(), blobs.end(), on_rule), blobs.end());
  return blobs;
}

int recover_heading_numbers(tesseract::TessBaseAPI& api, PIX* bin, int psm, double pt_per_px,
                            std::vector<Word>& words, std::vector<PixelBox>& boxes,
                            std::vector<double>& ink) {
  auto slots = number_slots(words, boxes, bin);
  if (slots.empty() || !bin) return 0;
  int added = 0;
  // Back to front, so that earlier indices stay valid as words are inserted.
  std::reverse(slots.begin(), slots.end());
  api.SetVariable("tessedit_char_whitelist", "0123456789.");
  for (const auto& [idx, slot, replaces, line_em] : slots) {
    // Only ink as tall as a digit (half an em or more) is worth reading: specks are not, nor
    // the sliver a rule's edge leaves.
    const int em = std::max(1, line_em);
    auto blobs = ink_off_rules(bin, slot);
    PixelBox inked{INT32_MAX, INT32_MAX, -1, -1};
    for (const InkBlob& bl : blobs) {
      if (bl.h() < em / 3 || bl.w() < std::max(2, em / 8)) continue;
      inked = {std::min(inked.l, bl.x0), std::min(inked.t, bl.y0), std::max(inked.r, bl.x1),
               std::max(inked.b, bl.y1)};
    }
    if (inked.r < 0) continue;
    // The dot after the number is small: take every blob inside the inked span's row.
    for (const InkBlob& bl : blobs)
      if (bl.x0 >= inked.l && bl.y1 <= slot.b) {
        inked.r = std::max(inked.r, bl.x1);
        inked.b = std::max(inked.b, bl.y1);
      }
    // A lone "1" is the digit the LSTM most often reads as nothing, or as letters, or (bold,
    // with its stop) as "4": its shape is plain enough to know it by, so it is asked first.
    std::vector<InkBlob> in_ink;
    for (const InkBlob& bl : blobs)
      if (bl.x0 >= inked.l && bl.x1 <= inked.r && bl.y0 >= inked.t && bl.y1 <= inked.b)
        in_ink.push_back(bl);
    std::string text = one_by_shape(bin, in_ink, em);
    float conf = kShapeConfidence;
    if (text.empty()) {
      // Room around the ink as the LSTM saw it in training; one digit alone ("7.") is often
      // not a word to it, so a line is asked for when the word comes back empty.
      const int pad = std::max(2, em / 2);
      const int cl = std::max(0, inked.l - pad), ct = std::max(0, inked.t - pad);
      std::unique_ptr<char[]> raw;
      for (auto mode : {tesseract::PSM_SINGLE_WORD, tesseract::PSM_SINGLE_LINE}) {
        api.SetPageSegMode(mode);
        api.SetRectangle(cl, ct, inked.r + pad - cl, inked.b + pad - ct);
        raw.reset(api.GetUTF8Text());
        if (raw && raw[0] != '\0') break;
      }
      for (const char* p = raw ? raw.get() : ""; *p; ++p)
        if (!std::isspace(static_cast<unsigned char>(*p))) text += *p;
      conf = std::clamp(api.MeanTextConf() / 100.0f, 0.0f, 1.0f);
    }
    // "6", "6.", "1720.": a number of one to four digits and its stop.
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 4 || text.size() > digits + 1 ||
        (text.size() == digits + 1 && text.back() != '.'))
      continue;
    Word& first = words[idx];
    if (replaces) {
      // Over a word OCR did read, digits forced on it are taken only when read with some
      // assurance: a letter whitelisted into a digit is read with little.
      if (conf < kReplaceConfidence) continue;
      first.text = text;
      first.confidence = conf;
      ++added;
      continue;
    }
    Word w = first;
    w.text = text;
    w.bbox = {inked.l * pt_per_px, first.bbox.y0, inked.r * pt_per_px, first.bbox.y1};
    w.bold = first.bold;  // a heading's number is as bold as its heading; a row's is not
    w.space_after = true;
    w.confidence = conf;
    words.insert(words.begin() + static_cast<long>(idx), std::move(w));
    boxes.insert(boxes.begin() + static_cast<long>(idx), inked);
    ink.insert(ink.begin() + static_cast<long>(std::min(idx, ink.size())), 0.0);
    ++added;
  }
  api.SetVariable("tessedit_char_whitelist", "");
  api.SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
  return added;
}

int recover_dropped_bullets(PIX* bin, double pt_per_px, std::vector<Word>& words,
                            std::vector<PixelBox>& boxes, std::vector<double>& ink) {
  if (!bin || words.empty() || boxes.size() != words.size()) return 0;
  const std::string bullet = "\xE2\x80\xA2";
  // Line starts, back to front, so that earlier indices stay valid as words go in.
  std::vector<size_t> starts;
  for (size_t i = 0; i < words.size(); ++i)
    if (i == 0 || !words[i - 1].space_after) starts.push_back(i);
  int added = 0;
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    const size_t idx = *it;
    const PixelBox fb = boxes[idx];
    if (words[idx].text == bullet || fb.base < 0 || fb.em <= 0) continue;
    const int em = fb.em;
    // Nothing Tesseract read in the way, up to four ems left.
    PixelBox area{std::max(0, fb.l - 4 * em), fb.base - em, fb.l - em / 8, fb.base + em / 4};
    if (area.r <= area.l) continue;
    const bool taken = std::any_of(boxes.begin(), boxes.end(), [&](const PixelBox& o) {
      return o.l < area.r && o.r > area.l && o.t < area.b && o.b > area.t;
    });
    if (taken) continue;
    auto blobs = ink_blobs(bin, area.l, area.t, area.r, area.b);
    // Specks of grain are not the question; anything bigger must be the bullet alone.
    blobs.erase(std::remove_if(blobs.begin(), blobs.end(),
                               [&](const InkBlob& b) { return b.h() < em / 10 && b.w() < em / 10; }),
                blobs.end());
    if (blobs.size() != 1 || !is_bullet_blob(blobs[0], em, fb.base, fb.l)) continue;
    // A piece cut by the area's edge is part of something larger.
    const InkBlob& b = blobs[0];
    if (b.x0 <= area.l || b.y0 <= area.t || b.y1 >= area.b) continue;
    Word w = words[idx];
    w.text = bullet;
    w.bbox = {b.x0 * pt_per_px, words[idx].bbox.y0, b.x1 * pt_per_px, words[idx].bbox.y1};
    w.bold = false;
    w.space_after = true;
    w.confidence = 0.9f;  // the shape is the evidence
    words.insert(words.begin() + static_cast<long>(idx), std::move(w));
    boxes.insert(boxes.begin() + static_cast<long>(idx), PixelBox{b.x0, b.y0, b.x1, b.y1, fb.base, em});
    ink.insert(ink.begin() + static_cast<long>(std::min(idx, ink.size())), 0.0);
    ++added;
  }
  return added;
}

}  // namespace agendapack
