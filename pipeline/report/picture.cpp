#include "pipeline/report/picture.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-image.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "stages/load.h"

namespace agendapack::report {

std::string base64(std::string_view bytes) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t idx = 0;
  for (; idx + 2 < bytes.size(); idx += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[idx]) << 16) |
                 (static_cast<uint8_t>(bytes[idx + 1]) << 8) | static_cast<uint8_t>(bytes[idx + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (idx < bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[idx]) << 16;
    if (idx + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[idx + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += idx + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> page_picture(const std::string& pdf_path, int page, double dpi,
                                 const std::optional<PageBox>& box) {
  std::ifstream in(pdf_path, std::ios::binary);
  if (!in) return Error{"PICTURE_FAILED", pdf_path + ": cannot read the PDF"};
  std::stringstream buf;
  buf << in.rdbuf();
  auto pdf = PdfFile::open(std::make_shared<const std::string>(buf.str()), "");
  if (!pdf) return pdf.error();
  if (page < 1 || page > pdf.value()->page_count())
    return Error{"PICTURE_FAILED", "no page " + std::to_string(page)};
  poppler::image img = pdf.value()->render_gray(page - 1, dpi);
  if (!img.is_valid() || img.format() != poppler::image::format_gray8)
    return Error{"PICTURE_FAILED", "Poppler could not render page " + std::to_string(page)};
  int w = img.width(), h = img.height();
  PIX* gray = pixCreate(w, h, 8);
  const char* data = img.const_data();
  for (int y = 0; y < h; ++y) {
    l_uint32* line = pixGetData(gray) + y * pixGetWpl(gray);
    const auto* src = reinterpret_cast<const unsigned char*>(data + y * img.bytes_per_row());
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, src[x]);
  }
  PIX* rgb = pixConvertTo32(gray);
  pixDestroy(&gray);
  if (box) {
    double s = dpi / 72.0;
    int x0 = static_cast<int>(std::floor(box->x0 * s)) - 2;
    int y0 = static_cast<int>(std::floor(box->y0 * s)) - 2;
    int bw = static_cast<int>(std::ceil((box->x1 - box->x0) * s)) + 4;
    int bh = static_cast<int>(std::ceil((box->y1 - box->y0) * s)) + 4;
    BOX* b = boxCreate(std::max(0, x0), std::max(0, y0), std::max(4, bw), std::max(4, bh));
    pixRenderBoxArb(rgb, b, 2, 220, 30, 30);
    boxDestroy(&b);
  }
  l_uint8* png = nullptr;
  size_t size = 0;
  int rc = pixWriteMem(&png, &size, rgb, IFF_PNG);
  pixDestroy(&rgb);
  if (rc != 0 || !png) return Error{"PICTURE_FAILED", "could not encode PNG"};
  std::string out = "data:image/png;base64," +
                    base64(std::string_view(reinterpret_cast<const char*>(png), size));
  lept_free(png);
  return out;
}

}  // namespace agendapack::report
