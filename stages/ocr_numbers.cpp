#include "stages/ocr_numbers.h"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <memory>

#include "stages/ocr_marks.h"

namespace agendapack {

std::vector<std::pair<size_t, PixelBox>> number_slots(const std::vector<Word>& words,
                                                      const std::vector<PixelBox>& boxes) {
  std::vector<std::pair<size_t, PixelBox>> out;
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
  std::vector<Numbered> numbered;
  for (const auto& [start, end] : lines) {
    if (end == start) continue;
    const std::string& t = words[start].text;
    size_t digits = 0;
    while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
    if (digits == 0 || digits > 3 || t.size() > digits + 1 ||
        (t.size() == digits + 1 && t.back() != '.' && t.back() != ')'))
      continue;
    numbered.push_back({boxes[start], boxes[start + 1].l});
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
    if (has_digit(first.text)) continue;
    if (first.bold) {
      // Up to seven cap heights (about five ems) to the left: "1720." and its gap.
      PixelBox slot{std::max(0, fb.l - 7 * cap), fb.t, fb.l - cap / 4, fb.b};
      if (empty_slot(slot)) out.emplace_back(start, slot);
      continue;
    }
    // The numbers' column, where it stands left of lines whose text starts where this does.
    PixelBox slot{INT32_MAX, fb.t, -1, fb.b};
    for (const Numbered& n : numbered)
      if (std::abs(n.text_l - fb.l) <= cap / 2 && n.number.r < fb.l) {
        slot.l = std::min(slot.l, std::max(0, n.number.l - cap / 2));
        slot.r = std::max(slot.r, std::min(fb.l - cap / 4, n.number.r + cap / 2));
      }
    // Or a line that opens with a capital, alone on the page: a table's first row on a
    // continuation page, whose number column OCR left empty everywhere.
    if (slot.r < 0 && std::isupper(static_cast<unsigned char>(first.text.front())))
      slot = {std::max(0, fb.l - 5 * cap), fb.t, fb.l - cap, fb.b};
    if (slot.r > slot.l && empty_slot(slot)) out.emplace_back(start, slot);
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
  auto slots = number_slots(words, boxes);
  if (slots.empty() || !bin) return 0;
  int added = 0;
  // Back to front, so that earlier indices stay valid as words are inserted.
  std::reverse(slots.begin(), slots.end());
  api.SetVariable("tessedit_char_whitelist", "0123456789.");
  for (const auto& [idx, slot] : slots) {
    // Only ink as tall as a digit (half an em or more) is worth reading: specks are not.
    const int em = std::max(1, slot.b - slot.t);
    auto blobs = ink_off_rules(bin, slot);
    PixelBox inked{INT32_MAX, INT32_MAX, -1, -1};
    for (const InkBlob& bl : blobs) {
      if (bl.h() < em / 3) continue;
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
    if (!raw) continue;
    std::string text;
    for (const char* p = raw.get(); *p; ++p)
      if (!std::isspace(static_cast<unsigned char>(*p))) text += *p;
    // "6", "6.", "1720.": a number of one to four digits and its stop.
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 4 || text.size() > digits + 1 ||
        (text.size() == digits + 1 && text.back() != '.'))
      continue;
    const Word& first = words[idx];
    Word w = first;
    w.text = text;
    w.bbox = {inked.l * pt_per_px, first.bbox.y0, inked.r * pt_per_px, first.bbox.y1};
    w.bold = first.bold;  // a heading's number is as bold as its heading; a row's is not
    w.space_after = true;
    w.confidence = std::clamp(api.MeanTextConf() / 100.0f, 0.0f, 1.0f);
    words.insert(words.begin() + static_cast<long>(idx), std::move(w));
    boxes.insert(boxes.begin() + static_cast<long>(idx), inked);
    ink.insert(ink.begin() + static_cast<long>(std::min(idx, ink.size())), 0.0);
    ++added;
  }
  api.SetVariable("tessedit_char_whitelist", "");
  api.SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
  return added;
}

}  // namespace agendapack
