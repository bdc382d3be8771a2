#include "stages/ocr_scan.h"

#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Stream.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "stages/load.h"

namespace agendapack {

namespace {

// Records the images a page draws, with the area and resolution each is drawn at, and draws
// nothing: Gfx walks the content stream as for a render, but no pixel is decoded (an inline
// image's bytes are skipped by OutputDev's own drawImage).
class ImageProbe final : public OutputDev {
 public:
  bool upsideDown() override { return true; }
  bool useDrawChar() override { return false; }
  bool interpretType3Chars() override { return false; }
  bool needCharCount() override { return false; }

  void drawImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                 GfxImageColorMap* color_map, bool interpolate, const int* mask_colors,
                 bool inline_img) override {
    note(state, width, height);
    OutputDev::drawImage(state, ref, str, width, height, color_map, interpolate, mask_colors,
                         inline_img);
  }
  void drawMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                       GfxImageColorMap* color_map, bool interpolate, Stream* mask_str,
                       int mask_width, int mask_height, bool mask_invert,
                       bool mask_interpolate) override {
    note(state, width, height);
    OutputDev::drawMaskedImage(state, ref, str, width, height, color_map, interpolate, mask_str,
                               mask_width, mask_height, mask_invert, mask_interpolate);
  }
  void drawSoftMaskedImage(GfxState* state, Object* ref, Stream* str, int width, int height,
                           GfxImageColorMap* color_map, bool interpolate, Stream* mask_str,
                           int mask_width, int mask_height, GfxImageColorMap* mask_color_map,
                           bool mask_interpolate) override {
    note(state, width, height);
    OutputDev::drawSoftMaskedImage(state, ref, str, width, height, color_map, interpolate,
                                   mask_str, mask_width, mask_height, mask_color_map,
                                   mask_interpolate);
  }
  // A 1-bit scan is often drawn as an image mask (the ink painted in the fill colour).
  void drawImageMask(GfxState* state, Object* ref, Stream* str, int width, int height,
                     bool invert, bool interpolate, bool inline_img) override {
    note(state, width, height);
    OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inline_img);
  }

  struct Seen {
    double area_pt2 = 0;  // drawn area, square points
    double ppi = 0;       // the coarser axis
  };
  std::vector<Seen> seen;

 private:
  void note(GfxState* state, int width, int height) {
    // At 72 dpi device space is in points. The image's unit square is drawn on the vectors
    // (ctm[0], ctm[1]) and (ctm[2], ctm[3]): a turned (skewed) scan keeps their lengths.
    const double* m = state->getCTM();
    double len_x = std::hypot(m[0], m[1]), len_y = std::hypot(m[2], m[3]);
    double area = std::abs(m[0] * m[3] - m[1] * m[2]);
    if (len_x <= 0 || len_y <= 0 || width <= 0 || height <= 0) return;
    double ppi = std::min(width / (len_x / 72.0), height / (len_y / 72.0));
    seen.push_back({area, ppi});
  }
};

}  // namespace

std::vector<double> scanned_dpi(const PdfFile& pdf, const std::vector<int>& indices,
                                double min_cover) {
  std::vector<double> out(indices.size(), 0.0);
  // poppler-cpp made globalParams when the document was loaded and keeps it while any
  // document is open, as `pdf` is.
  if (!globalParams || indices.empty()) return out;
  const std::string& bytes = pdf.bytes();
  std::optional<GooString> password;
  if (!pdf.password().empty()) password.emplace(pdf.password());
  auto* stream =
      new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
  PDFDoc doc(stream, password, password);
  if (!doc.isOk()) return out;
  for (size_t k = 0; k < indices.size(); ++k) {
    const int number = indices[k] + 1;
    if (number < 1 || number > doc.getNumPages()) continue;
    ImageProbe probe;
    // The walk keeps nothing but the list, yet a hostile content stream can still grow the
    // graphics state: the same memory watch as a render.
    RenderWatch watch(pdf.render_budget());
    doc.displayPage(&probe, number, 72, 72, 0, false, true, false, &RenderWatch::check, &watch);
    if (watch.over) continue;
    const double page_area = doc.getPageCropWidth(number) * doc.getPageCropHeight(number);
    if (page_area <= 0) continue;
    double dpi = 0;
    for (const auto& s : probe.seen)
      if (s.area_pt2 >= min_cover * page_area) dpi = dpi > 0 ? std::min(dpi, s.ppi) : s.ppi;
    out[k] = dpi;
  }
  return out;
}

double render_dpi_for(double scan_dpi, double floor_dpi, double cap_dpi) {
  if (scan_dpi <= 0) return cap_dpi;
  // 199.9 (1654 pixels over 8.27 in) is a 200 dpi scan.
  double round = std::round(scan_dpi / 50.0) * 50.0;
  double dpi = std::abs(scan_dpi - round) <= 0.05 * round ? round : std::round(scan_dpi);
  return std::clamp(dpi, std::min(floor_dpi, cap_dpi), cap_dpi);
}

}  // namespace agendapack
