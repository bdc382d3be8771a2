/// \file Inputs for the route and OCR tests: lines of known words at known positions, and
/// "scans" of them (the page rendered by Poppler and painted back as an image, optionally
/// skewed or turned sideways), so a test knows which words OCR must find and where.
#pragma once

#include <poppler/cpp/poppler-image.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/runner.h"
#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"

namespace agendapack::test {

struct TruthWord {
  std::string text;
  BBox box;  // points on the page the words were drawn on
};

/// Sentences a council's minutes would hold; plain words OCR reads reliably.
inline std::vector<std::string> minutes_lines() {
  return {"Minutes of the meeting of the Cabinet",
          "held on Monday 18 September 2017 at 10.00 am",
          "Present: Councillor Mark Hawthorne (Chairman)",
          "1. Apologies for absence",
          "Apologies were received from Councillor Kathy Williams.",
          "2. Declarations of interest",
          "There were no declarations of interest.",
          "3. Highways maintenance programme",
          "The Cabinet considered the report on road repairs",
          "and agreed the funding of nine million pounds.",
          "RESOLVED to approve the programme for next year."};
}

/// Draws each word separately (so its box is known) on the builder's current page.
inline std::vector<TruthWord> draw_words(fixtures::PdfBuilder& pdf,
                                         const std::vector<std::string>& lines, double x,
                                         double first_baseline, double size = 13,
                                         double leading = 24) {
  std::vector<TruthWord> out;
  fixtures::TextStyle style;
  style.size = size;
  double space = pdf.text_width(" ", style);
  double baseline = first_baseline;
  for (const std::string& line : lines) {
    std::istringstream words(line);
    double cx = x;
    for (std::string w; words >> w;) {
      BBox box = pdf.text(cx, baseline, w, style);
      out.push_back({w, box});
      cx = box.x1 + space;
    }
    baseline += leading;
  }
  return out;
}

struct GrayImage {
  std::vector<unsigned char> px;  // row-major, no padding
  int w = 0, h = 0;
};

/// Page `index` of a PDF rendered to grey by Poppler.
inline GrayImage rasterise(const std::filesystem::path& pdf_path, double dpi, int index = 0) {
  std::ifstream in(pdf_path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto bytes = std::make_shared<const std::string>(ss.str());
  auto pdf = PdfFile::open(bytes, "");
  if (!pdf) throw std::runtime_error("cannot open " + pdf_path.string());
  poppler::image img = pdf.value()->render_gray(index, dpi);
  GrayImage out;
  out.w = img.width();
  out.h = img.height();
  out.px.resize(static_cast<size_t>(out.w) * static_cast<size_t>(out.h));
  const char* data = img.const_data();
  for (int y = 0; y < out.h; ++y)
    for (int x = 0; x < out.w; ++x)
      out.px[static_cast<size_t>(y) * static_cast<size_t>(out.w) + static_cast<size_t>(x)] =
          static_cast<unsigned char>(data[static_cast<size_t>(y) * static_cast<size_t>(img.bytes_per_row()) + static_cast<size_t>(x)]);
  return out;
}

/// A portrait A4 page of `lines`, rendered at `dpi` as a scanner would: the image and the
/// words' true boxes on that (unrotated) page.
inline GrayImage scan_of(const std::filesystem::path& dir, const std::vector<std::string>& lines,
                         std::vector<TruthWord>& truth, double dpi = 200, double size = 13,
                         double first_baseline = 110) {
  auto src = dir / "scan-source.pdf";
  {
    fixtures::PdfBuilder pdf(src);
    truth = draw_words(pdf, lines, 72, first_baseline, size);
    pdf.finish();
  }
  return rasterise(src, dpi);
}

/// Where a point of the unrotated page lands when the page image is painted turned by
/// `degrees` (clockwise, as cairo in a top-left space) about the centre of a page of
/// `out_w` x `out_h` points.
inline void turn_point(double x, double y, double degrees, double in_w, double in_h,
                       double out_w, double out_h, double& ox, double& oy) {
  double a = degrees * M_PI / 180, dx = x - in_w / 2, dy = y - in_h / 2;
  ox = out_w / 2 + dx * std::cos(a) - dy * std::sin(a);
  oy = out_h / 2 + dx * std::sin(a) + dy * std::cos(a);
}

/// Paints `img` (a scan of an A4 portrait page) on the builder's current page, turned by
/// `degrees` about the page centre, and moves the truth boxes with it.
/// Where `truth` (boxes in the image) lands on a page_w x page_h page when the image is painted
/// centred and turned by `degrees`.
inline void place_truth(std::vector<TruthWord>& truth, double degrees, double in_w, double in_h,
                        double page_w, double page_h) {
  for (TruthWord& t : truth) {
    double xs[4], ys[4];
    const double px[4] = {t.box.x0, t.box.x1, t.box.x0, t.box.x1};
    const double py[4] = {t.box.y0, t.box.y0, t.box.y1, t.box.y1};
    for (int k = 0; k < 4; ++k)
      turn_point(px[k], py[k], degrees, in_w, in_h, page_w, page_h, xs[k], ys[k]);
    t.box = {*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
             *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
  }
}

inline void paint_scan(fixtures::PdfBuilder& pdf, const GrayImage& img, double degrees,
                       std::vector<TruthWord>& truth, double in_w = 595.3, double in_h = 841.9) {
  double cx = pdf.width() / 2, cy = pdf.height() / 2;
  if (degrees != 0) pdf.begin_rotation(cx, cy, degrees);
  pdf.image(img.px, img.w, img.h, BBox{cx - in_w / 2, cy - in_h / 2, cx + in_w / 2, cy + in_h / 2});
  if (degrees != 0) pdf.end_rotation();
  place_truth(truth, degrees, in_w, in_h, pdf.width(), pdf.height());
}

/// Text whose glyphs are right but whose text layer says private-use code points (a font
/// with a broken ToUnicode map): looks like text, extracts as garbage.
inline void text_with_private_use(fixtures::PdfBuilder& pdf, double x, double baseline,
                                  const std::string& ascii, double size = 13) {
  cairo_t* cr = pdf.cairo();
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_scaled_font_t* sf = cairo_get_scaled_font(cr);
  cairo_glyph_t* glyphs = nullptr;
  int n_glyphs = 0;
  cairo_text_cluster_t* clusters = nullptr;
  int n_clusters = 0;
  cairo_text_cluster_flags_t flags;
  cairo_scaled_font_text_to_glyphs(sf, x, baseline, ascii.c_str(), static_cast<int>(ascii.size()),
                                   &glyphs, &n_glyphs, &clusters, &n_clusters, &flags);
  std::string mapped;
  for (int idx = 0; idx < n_clusters; ++idx) {
    unsigned char c = static_cast<unsigned char>(ascii[static_cast<size_t>(idx)]);
    if (c == ' ') {
      mapped += ' ';
      continue;
    }
    unsigned cp = 0xE000 + c;  // three UTF-8 bytes
    mapped += static_cast<char>(0xE0 | (cp >> 12));
    mapped += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    mapped += static_cast<char>(0x80 | (cp & 0x3F));
    clusters[idx].num_bytes = 3;
  }
  cairo_show_text_glyphs(cr, mapped.c_str(), static_cast<int>(mapped.size()), glyphs, n_glyphs,
                         clusters, n_clusters, flags);
  cairo_glyph_free(glyphs);
  cairo_text_cluster_free(clusters);
}

/// A configuration with `sets` ("ocr.mode=never") over the test defaults.
inline Config config_with(const std::vector<std::string>& sets) {
  auto c = Config::load(default_config_dir(), {}, sets);
  if (!c) throw std::runtime_error(c.error().message);
  return c.value();
}

inline Conversion run_with(const std::filesystem::path& pdf, const Config& base,
                           const std::vector<std::string>& stages) {
  static Logger log(LogLevel::error);
  Config cfg = base;
  cfg.set_stages(stages);
  auto pipeline = Pipeline::build(cfg);
  if (!pipeline) throw std::runtime_error(pipeline.error().message);
  return pipeline->convert(pdf.string(), log);
}

}  // namespace agendapack::test
