/// \file route: decides per page whether the text layer is usable (text), missing or unusable
/// (ocr), or covers only part of the ink (text+ocr), and records why in Page::route_reason.
/// Cheap checks on the words come first; the page is rendered at a low resolution only when
/// they are inconclusive (few words, or a large stretch of the page without words), so
/// born-digital documents pay almost nothing. Runs after `text`, before `ocr`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/stage.h"

namespace agendapack {

struct RouteOptions {
  std::string mode = "auto";  // ocr.mode: never | auto | always
  /// Fewer words than this is no text layer (if the page has ink).
  int min_words = 3;
  /// A text layer with more than this share of U+FFFD, private-use or control code points is
  /// garbage (unmapped glyphs).
  double max_bad_char_share = 0.05;
  /// A text layer where fewer than this share of the tokens with letters look like words
  /// (letters only, plausible case) is garbage; judged only from `min_shape_tokens` tokens.
  double min_wordlike_share = 0.5;
  int min_shape_tokens = 12;
  /// The page is rendered (at probe_dpi) to compare ink with words when it has fewer words
  /// than this, or a stretch without words taller than probe_gap_share of the page above its
  /// last word (text that ends part way down a page is no reason to render it).
  int probe_below_words = 150;
  double probe_gap_share = 0.3;
  double probe_dpi = 50;
  int ink_threshold = 160;          // grey level (0..255) below which a pixel is ink
  double blank_ink_share = 0.0005;  // less ink than this share of the page: blank
  /// Text-like ink outside the word boxes needed for text+ocr: at least this many blobs and
  /// this share of all text-like ink.
  int min_uncovered_blobs = 50;
  double min_uncovered_share = 0.3;
  double word_margin = 2;  // points around a word box that count as covered
  /// A separator sheet (between the parts of a pack): a page with no text layer and at most
  /// separator_max_blobs text-like blobs whose median height is at least
  /// separator_min_letter_pt ("APPENDIX A" across the page) is read by `ocr` at its
  /// separator dpi, not at ocr.dpi; one mostly ink (at least separator_solid_share of the
  /// page: a coloured sheet) with no more blobs is not OCRed at all. 0 blobs: off.
  int separator_max_blobs = 40;
  double separator_min_letter_pt = 14;
  double separator_solid_share = 0.6;
  static RouteOptions from_json(const nlohmann::json& route, const nlohmann::json& ocr);
};

/// What the words of a page look like, for the garbage check.
struct TextLayerStats {
  size_t chars = 0, bad_chars = 0;        // code points; bad: U+FFFD, private use, controls
  size_t wordlike = 0, odd = 0;           // tokens with letters: plausible words vs not
  double bad_share() const { return chars ? double(bad_chars) / double(chars) : 0; }
  double wordlike_share() const {
    return wordlike + odd ? double(wordlike) / double(wordlike + odd) : 1;
  }
};
TextLayerStats text_layer_stats(const std::vector<Word>& words);

/// Ink of a page image compared with its word boxes.
struct InkStats {
  double ink_share = 0;       // ink pixels / page pixels
  int text_blobs = 0;         // connected ink components of text-like size
  int uncovered_blobs = 0;    // ... of which mostly outside the word boxes
  double uncovered_share = 0; // uncovered text-like ink / all text-like ink
  double median_blob_height = 0;  // points, over the text-like blobs
};

/// How `route` begins the reason of a page it sends to OCR as a separator sheet: `ocr` reads
/// such a page at ocr.separator_dpi (its few large words need no more).
inline constexpr std::string_view kSeparatorReason = "separator sheet";
/// `gray`: 8-bit rows of `stride` bytes, rendered at `dpi`; word boxes in points.
InkStats ink_stats(const unsigned char* gray, int width, int height, int stride, double dpi,
                   const std::vector<Word>& words, const RouteOptions& options);

class RouteStage final : public PageStage {
 public:
  explicit RouteStage(RouteOptions options = {}) : options_(std::move(options)) {}
  std::string_view name() const override { return "route"; }
  Result<void> run_page(Document& doc, Page& page, StageContext& ctx) override;

 private:
  RouteOptions options_;
};

}  // namespace agendapack
