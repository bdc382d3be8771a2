/// \file ocr_numbers: a number OCR missed ("6." set apart at the margin, left of a bold
/// heading, or a table row's lone "5" in its number column, dropped by Tesseract's layout),
/// read again: a second recognition of just that box, as a single word of digits. Cheap (a
/// crop of a few hundred pixels), and only where unread ink stands before a line.
#pragma once

#include <leptonica/allheaders.h>

#include <string>
#include <vector>

#include "pipeline/document.h"
#include "stages/ocr_marks.h"

namespace tesseract {
class TessBaseAPI;
}

namespace agendapack {

/// A word's box in the image Tesseract read, pixels.
struct PixelBox {
  int l = 0, t = 0, r = 0, b = 0;
};

/// Where a line's number may be, for each line of `words` (in reading order, a line ending at
/// a word without space_after) whose first word holds no digit, on the line's height, when no
/// word lies there: before a bold line, about five ems (from the first word's ink height);
/// before a plain line whose text starts where the text after other lines' numbers starts
/// (a numbered list or a table's number column), where those numbers stand.
/// Returns {index of the line's first word, box}.
std::vector<std::pair<size_t, PixelBox>> number_slots(const std::vector<Word>& words,
                                                      const std::vector<PixelBox>& boxes);

/// The ink of `bin` (1 bpp) inside `slot`, less what belongs to a table's vertical rule that
/// crosses it (ink running on an em above and below the line): read as a digit, a rule put a
/// "5" before a table's header.
std::vector<InkBlob> ink_off_rules(PIX* bin, const PixelBox& slot);

/// Reads each slot that holds ink (`bin`, 1 bpp) with `api` (whose image is the page, still
/// set) as one word of digits and stops, and puts a number it reads ("6", "6.", "12.") before
/// the line, as bold as the line's first word, with the line's size and baseline. `boxes` and `ink` stay parallel to
/// `words`; `pt_per_px` maps the box to points (no quarter turn). Returns the numbers added.
int recover_heading_numbers(tesseract::TessBaseAPI& api, PIX* bin, int psm,
                            double pt_per_px, std::vector<Word>& words,
                            std::vector<PixelBox>& boxes, std::vector<double>& ink);

}  // namespace agendapack
