/// \file rulings: long horizontal and vertical ruling lines, found by morphology (Leptonica)
/// on a low-resolution render of the pages that have table candidates. Which pages are
/// candidates is decided cheaply from word geometry first (lines with several wide gaps,
/// or several lines whose wide gaps line up), so prose pages are never rendered. The
/// detector works on an image, not on PDF drawing operators, so scanned pages (OCR words)
/// are served the same way. Results go to Page::rulings in points.
#pragma once

#include <vector>

#include "pipeline/stage.h"

namespace agendapack {

struct RulingsOptions {
  double dpi = 72;                 // render resolution: rules survive, cost stays low
  double scan_dpi = 150;           // ... for OCR pages: a scan's thin grey rules fade at 72
  double min_length = 24;          // points: shorter ink runs are text, not rules
  int dark_threshold = 200;        // 0..255: grey below this is ink (thin rules antialias)
  double max_thickness = 4;        // points: thicker ink is a filled band; its edges are rules
  double gap_min = 14;             // points: a gap between words this wide may separate cells
  double gap_size_factor = 1.4;    // ... and at least this many times the font size
  int aligned_lines_min = 3;       // lines whose wide gaps line up make a candidate page
  double align_tolerance = 3;      // points
  static RulingsOptions from_json(const nlohmann::json& section);
};

/// True when the page's lines look like they may hold a table (cheap; no rendering).
/// Whether the line is typed as a row of dashes, underscores or equals signs (20 or more, and
/// nothing else): a rule drawn with the keyboard.
bool is_typed_rule(const Page& page, const Line& line);

bool has_table_candidates(const Page& page, const RulingsOptions& options);

/// Rulings in an 8-bit grey image (row-major, `stride` bytes per row) rendered at `dpi`,
/// in points. `skew` (degrees, Page::skew) levels the image first, about its centre. On a
/// `scanned` page, pieces of one rule that noise or the levelling broke apart (in line, less
/// than min_length apart) are joined. Exposed for tests and for callers with their own images.
std::vector<Ruling> find_rulings(const unsigned char* gray, int width, int height, int stride,
                                 double dpi, const RulingsOptions& options, double skew = 0,
                                 bool scanned = false);

class RuleRenderer;

/// Renders with Poppler's Splash device directly, not poppler-cpp's page_renderer: one device
/// per document keeps the font cache across pages, and glyphs are skipped, since text is
/// never a rule. That makes a candidate page cost a fraction of its text extraction.
class RulingsStage final : public Stage {
 public:
  explicit RulingsStage(RulingsOptions options) : options_(options) {}
  std::string_view name() const override { return "rulings"; }
  Result<void> run(Document& doc, StageContext& ctx) override;

 private:
  RulingsOptions options_;
};

}  // namespace agendapack
