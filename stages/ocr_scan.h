/// \file ocr_scan: the resolution a scanned page was scanned at, read from the PDF (the pixel
/// size of the image that covers the page against the size it is drawn at), so that `ocr`
/// renders a 200 dpi scan at 200 dpi rather than inventing pixels at 300. Part of the OCR
/// module (it walks the page's content with Poppler's core, as a render would).
#pragma once

#include <vector>

namespace agendapack {

class PdfFile;

/// For each page index in `indices` (0-based): the resolution, in pixels per inch, of the
/// coarsest image drawn over at least `min_cover` of the page's area (its smaller of the two
/// axes' resolutions), or 0 when no image covers that much (text drawn as outlines, a page of
/// vector art). Images are not decoded: only their size and placement are read.
std::vector<double> scanned_dpi(const PdfFile& pdf, const std::vector<int>& indices,
                                double min_cover = 0.5);

/// The dpi to render a page at for OCR: the scan's own resolution, at least `floor_dpi` and
/// at most `cap_dpi` (ocr.dpi); `cap_dpi` when the page has no scanned image (scan_dpi 0).
/// Resolutions within 5% of a round figure are taken as it (a 200 dpi A4 scan of 1654 pixels
/// is 199.9 dpi).
double render_dpi_for(double scan_dpi, double floor_dpi, double cap_dpi);

}  // namespace agendapack
