/// \file ocr_numbers: a number OCR missed ("6." set apart at the margin, left of a bold
/// heading, or a table row's lone "5" in its number column, dropped by Tesseract's layout),
/// read again: a second recognition of just that box, as a single word of digits. Cheap (a
/// crop of a few hundred pixels), and only where unread ink stands before a line.
#pragma once

#include <leptonica/allheaders.h>

#include <optional>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "stages/ocr_marks.h"

namespace tesseract {
class TessBaseAPI;
}

namespace agendapack {


/// A box to read a line's number from: before the line's first word (`index`), or that word's
/// own box when OCR put a misreading there (`replaces`: "aL" for a row's lone "1").
struct NumberSlot {
  size_t index = 0;
  PixelBox box;
  bool replaces = false;
  int em = 0;  // the ink height of the line's text, pixels: what a digit's height is set against
};

/// Where a line's number may be, for each line of `words` (in reading order, a line ending at
/// a word without space_after) whose first word holds no digit, on the line's height, when no
/// word lies there: before a bold line, about five ems (from the first word's ink height);
/// before a plain line whose text starts where the text after other lines' numbers starts
/// (a numbered list or a table's number column), where those numbers stand; failing that, in
/// the ruled cell left of the line's (`bin`, 1 bpp, when given: a table whose number column
/// OCR read none of), or five ems left of a line opening with a capital. A short word standing
/// in the numbers' column, set apart from text that starts where the numbered lines' text
/// starts, is a number misread: its own box is the slot.
std::vector<NumberSlot> number_slots(const std::vector<Word>& words,
                                     const std::vector<PixelBox>& boxes, PIX* bin = nullptr);

/// The cell between the two vertical rules of `bin` (1 bpp) nearest left of `line` (the ink box
/// of a line's first word), on the line's height, when the nearer rule stands within two ems of
/// the line and the cell is one to eight ems wide: a table's narrow first column.
std::optional<PixelBox> ruled_cell_left(PIX* bin, const PixelBox& line);

/// "1" (or "1.") by its shape in `bin` (1 bpp), for ink Tesseract reads as nothing or as
/// letters in a number's slot ("aL", "L"): one piece of ink about as high as the line's text
/// (`em`, pixels), with one upright stem over its whole height and nothing but the stem across
/// its middle (a flag above and a foot below may spread), and at most a full stop after it on
/// its foot. Empty otherwise.
std::string one_by_shape(PIX* bin, const std::vector<InkBlob>& blobs, int em);

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

/// A bullet Tesseract's layout left out (a disc set well apart from its line, read as no
/// word at all): for each line of `words` whose first word is no bullet, the ink of `bin`
/// (1 bpp) up to four ems before it on the line's height holds exactly one piece, and it has a
/// bullet's shape and place (ocr_marks.h is_bullet_blob). A "•" word is put before the line,
/// `boxes` and `ink` kept parallel; `pt_per_px` maps pixels to points. Returns the bullets put.
int recover_dropped_bullets(PIX* bin, double pt_per_px, std::vector<Word>& words,
                            std::vector<PixelBox>& boxes, std::vector<double>& ink);

}  // namespace agendapack
