/// \file ocr_marks: marks OCR reads as letters, told by their shape in the page image rather
/// than by what Tesseract guessed: a list bullet (a small filled blob at a line's start, left of
/// its text, read as "¢", "e", "*", "«" or glued to the first word) and a dot leader (a row of
/// dots read as "........" or as letters). `ocr` asks for each word it keeps; the image is the
/// one Tesseract read, as a binary copy (1 bit, ink set).
#pragma once

#include <leptonica/allheaders.h>

#include <string>
#include <vector>

namespace agendapack {

/// One 8-connected piece of ink, in image pixels (right and bottom exclusive).
/// A word's box in the image Tesseract read, pixels.
struct PixelBox {
  int l = 0, t = 0, r = 0, b = 0;
  int base = -1;  // the word's baseline, when known (-1: not)
  int em = 0;     // its row's em, when known
};

struct InkBlob {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int ink = 0;  // pixels set
  int w() const { return x1 - x0; }
  int h() const { return y1 - y0; }
  double fill() const { return w() > 0 && h() > 0 ? double(ink) / (double(w()) * h()) : 0; }
};

/// The pieces of ink of `bin` (1 bpp) inside [l, r) x [t, b), left to right.
std::vector<InkBlob> ink_blobs(PIX* bin, int l, int t, int r, int b);

/// Whether `blob` is a list bullet: filled (a disc or square, not a letter's ring or stroke),
/// about as wide as high, between a fifth and two thirds of an `em` (pixels) high, its middle
/// above the `baseline` (pixels; a full stop sits on it), and followed by a gap of at least a
/// quarter em before `next_x` (the next ink's left edge; INT_MAX when there is none).
bool is_bullet_blob(const InkBlob& blob, double em, double baseline, int next_x);

/// Whether `blobs` (a word's ink) are a dot leader: four or more small marks in a row, all on
/// the baseline, none taller than a fifth of an em, evenly spread.
bool is_dot_leader(const std::vector<InkBlob>& blobs, double em, double baseline);

/// Where a dot leader at the end of a word's ink begins (the index of its first blob; four
/// blobs or more, as is_dot_leader), or blobs.size() when the word does not end in one:
/// "Apologies........" read as one word, the dots perhaps as letters.
size_t leader_start(const std::vector<InkBlob>& blobs, double em, double baseline);

/// A word's text with its dot leader cut: "Apologies......" -> "Apologies", "........" -> "".
/// Runs of four or more dots (or "…" and a dot) at either end go, with the spaces beside them.
std::string without_leader_text(const std::string& text);

/// The first word of an OCR line, split at a bullet found by shape: `bullet_symbols` is how
/// many of Tesseract's symbols (from the left) lie on the bullet's ink, `symbols` the word's
/// symbols' texts. Returns the text left for the word ("" when the word was the bullet).
std::string text_after_bullet(const std::vector<std::string>& symbols, size_t bullet_symbols);

}  // namespace agendapack

namespace agendapack {

/// Whether `text` is only dashes, underscores or tildes ("-", "—", "___").
bool dashes_only(const std::string& text);

/// Whether the ink of a word read as a dash (`blobs`, pixels) lies where no dash does: above
/// the x-height's middle or on the baseline, or there is no dark ink at all (a faint trace). Tesseract reads a step of a table's rule, levelled
/// with the page, into the text row under it as "—"; standing in the whitespace between two
/// columns it would join them.
bool is_stray_rule_piece(const std::vector<InkBlob>& blobs, double em, double baseline);

/// Whether `text` is only upright bars ("|", "||", "¦") and brackets Tesseract makes of them.
bool bars_only(const std::string& text);

/// Whether the word box [l, r) x [t, b) of `bin` (1 bpp) stands on a vertical rule: ink that
/// runs on more than half an em (`em`, pixels) above and below the box. Tesseract reads a
/// table's column rule beside a cell's text as "|" and the cell keeps it ("| No").
bool on_vertical_rule(PIX* bin, int l, int t, int r, int b, double em);

/// How many of a word's pieces of ink (`blobs`, left to right) stand on the `baseline` before
/// a raised tail (an ordinal's superscript, "11th", "11eg"; a footnote mark), when all after
/// them sit well above it and are smaller than the text (`em`, pixels); 0 when there is no
/// such tail. Tesseract reads the tail as "%", a quote mark or digits ("11% NOVEMBER",
/// "1129 Ebrill" for "11eg Ebrill").
size_t pieces_before_raised_tail(const std::vector<InkBlob>& blobs, double em, double baseline);

/// Erases dot leaders from the page image Tesseract is about to read ("Pothole repairs . . . .
/// £652,000"): runs of `min_dots` or more small round marks on one baseline, evenly spaced.
/// Read, they become words of "eee" and spoil the label beside them. `page` is 8 bpp grey
/// (painted white) or 1 bpp (cleared); `dpi` its resolution. Returns the runs erased.
int erase_dot_leaders(PIX* page, double dpi, int min_dots = 6);

/// A run of marks erased from a page: its box (pixels) and how many marks it held.
struct MarkRun {
  PixelBox box;
  int count = 0;
};

/// Erases rows of typed hyphens ("-------------" under a plain-text table's header) from the
/// page image Tesseract is about to read, as for dot leaders: ten or more short strokes on one
/// baseline, a character apart. Tesseract takes such a row for a separator and drops the
/// header line above it with it. Each run is added to `runs`, for the row to be put back as a
/// word of dashes. Returns the runs erased.
int erase_typed_dash_rules(PIX* page, double dpi, std::vector<MarkRun>& runs,
                           int min_dashes = 10);

}  // namespace agendapack
