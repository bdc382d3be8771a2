/// \file layout: words into lines, lines into blocks, reading order over one or two columns,
/// running headers, footers and page numbers set apart (kept on the page, out of the text),
/// bullets and headings marked. Runs after `text`/`ocr`; everything after it reads lines.
#pragma once

#include <string>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct LayoutOptions {
  std::vector<std::string> bullets;
  // What OCR makes of a bullet glyph ("O", "0", "oO" for a hollow one): a bullet only on an
  // OCR line, and only with a bullet's gap after it.
  std::vector<std::string> ocr_bullets;
  std::vector<Regex> list_markers;
  std::vector<Regex> page_numbers;
  double edge_band = 0.11;      // share of the page height searched for headers and footers
  int repeat_min_pages = 2;     // a header or footer repeats on at least this many pages
  double repeat_y_tolerance = 18;  // points
  static LayoutOptions from_vocab(const nlohmann::json& vocab);
};

class LayoutStage final : public Stage {
 public:
  std::string_view name() const override { return "layout"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

/// Lines and reading order of one page (no header/footer decisions; those need all pages).
void build_lines(Page& page, const LayoutOptions& options);
/// Marks lines repeated near the page edges across pages, and page numbers.
void mark_furniture(Document& doc, const LayoutOptions& options);

/// Every body line of the document in reading order.
std::vector<LineRef> reading_order(const Document& doc);
/// Joins line texts into running text: a line ending in a hyphen after a letter, followed by
/// a line starting in lower case, is joined without the hyphen, and by one starting with a
/// capital keeps it ("Barrington-King"); otherwise with a space.
std::string join_lines(const std::vector<std::string>& lines);
/// The text of a line without its bullet marker.
std::string text_without_bullet(const Line& line);

}  // namespace agendapack
