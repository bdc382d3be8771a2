/// \file Small pictures of pages for the report: a page rendered by Poppler at a low dpi, the
/// record's box drawn on it, encoded as PNG in a data: URI so the report stays one file.
#pragma once

#include <optional>
#include <string>

#include "pipeline/result.h"

namespace agendapack::report {

struct PageBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // PDF points, origin top-left (the record contract)
};

/// "data:image/png;base64,..." of page `page` (1-based) of the PDF at `pdf_path`, `dpi` dots
/// per inch, with `box` outlined in red when given.
Result<std::string> page_picture(const std::string& pdf_path, int page, double dpi,
                                 const std::optional<PageBox>& box);

std::string base64(std::string_view bytes);

}  // namespace agendapack::report
