#include "stages/rulings.h"

#include <leptonica/allheaders.h>

// Poppler's core API (libpoppler-private-dev): poppler-cpp cannot skip text or keep a
// renderer's fonts between pages.
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <Stream.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "stages/load.h"

namespace agendapack {

RulingsOptions RulingsOptions::from_json(const nlohmann::json& s) {
  RulingsOptions o;
  o.dpi = get_or<double>(s, "dpi", o.dpi);
  o.min_length = get_or<double>(s, "min_length", o.min_length);
  o.dark_threshold = get_or<int>(s, "dark_threshold", o.dark_threshold);
  o.max_thickness = get_or<double>(s, "max_thickness", o.max_thickness);
  o.gap_min = get_or<double>(s, "gap_min", o.gap_min);
  o.gap_size_factor = get_or<double>(s, "gap_size_factor", o.gap_size_factor);
  o.aligned_lines_min = get_or<int>(s, "aligned_lines_min", o.aligned_lines_min);
  o.align_tolerance = get_or<double>(s, "align_tolerance", o.align_tolerance);
  return o;
}

namespace {

// An item number or list label in a left gutter ("7.", "1553.", "(a)") followed by its title
// is a wide gap that every minutes page has; it says nothing about tables.
bool is_gutter_label(const std::string& text) {
  if (text.empty() || text.size() > 6) return false;
  char last = text.back();
  return std::isdigit(static_cast<unsigned char>(last)) || last == '.' || last == ')';
}

}  // namespace

bool has_table_candidates(const Page& page, const RulingsOptions& o) {
  std::map<long, int> left_edges, right_edges;  // rounded x -> lines
  auto bucket = [&](double x) { return std::lround(x / std::max(1.0, o.align_tolerance)); };
  for (uint32_t li : page.order) {
    const Line& line = page.lines[li];
    if (line.words.size() < 2) continue;
    double size = line.font_size > 0 ? line.font_size : 10;
    double wide = std::max(o.gap_min, o.gap_size_factor * size);
    int gaps = 0;
    double after_x = 0;
    for (size_t k = 1; k < line.words.size(); ++k) {
      const Word& prev = page.words[line.words[k - 1]];
      const Word& w = page.words[line.words[k]];
      if (w.bbox.x0 - prev.bbox.x1 < wide) continue;
      if (k == 1 && (!line.bullet.empty() || is_gutter_label(prev.text))) continue;
      ++gaps;
      after_x = w.bbox.x0;
    }
    if (gaps >= 2) return true;
    if (gaps == 1) {
      // Neighbouring buckets too, so values on a bucket edge still meet.
      for (long d = -1; d <= 1; ++d) {
        if (++left_edges[bucket(after_x) + d] >= o.aligned_lines_min) return true;
        if (++right_edges[bucket(line.bbox.x1) + d] >= o.aligned_lines_min) return true;
      }
    }
  }
  return false;
}

namespace {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// Long thin components of `lines` (already opened) as rulings. A component thicker than
// `max_thick` pixels is a filled band (a shaded header row): both its edges are rules.
void collect(PIX* lines, bool horizontal, double scale, int max_thick, std::vector<Ruling>& out) {
  BOXA* boxes = nullptr;
  PIXA* pixa = nullptr;
  boxes = pixConnComp(lines, &pixa, 8);
  if (pixa) pixaDestroy(&pixa);
  if (!boxes) return;
  int n = boxaGetCount(boxes);
  for (int i = 0; i < n; ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
    int thick = horizontal ? h : w;
    auto add = [&](double pos) {
      Ruling r;
      r.horizontal = horizontal;
      r.pos = pos * scale;
      r.from = (horizontal ? x : y) * scale;
      r.to = (horizontal ? x + w : y + h) * scale;
      out.push_back(r);
    };
    if (thick <= max_thick) {
      add((horizontal ? y : x) + thick / 2.0);
    } else {
      add(horizontal ? y : x);
      add(horizontal ? y + h : x + w);
    }
  }
  boxaDestroy(&boxes);
}

}  // namespace

std::vector<Ruling> find_rulings(const unsigned char* gray, int width, int height, int stride,
                                 double dpi, const RulingsOptions& o) {
  std::vector<Ruling> out;
  if (!gray || width <= 0 || height <= 0 || dpi <= 0) return out;
  PixPtr ink(pixCreate(width, height, 1));
  if (!ink) return out;
  l_uint32* data = pixGetData(ink.get());
  int wpl = pixGetWpl(ink.get());
  for (int row = 0; row < height; ++row) {
    const unsigned char* src = gray + static_cast<size_t>(row) * stride;
    l_uint32* dst = data + static_cast<size_t>(row) * wpl;
    for (int col = 0; col < width; ++col)
      if (src[col] < o.dark_threshold) SET_DATA_BIT(dst, col);
  }
  double scale = 72.0 / dpi;
  int len = std::max(3, static_cast<int>(std::lround(o.min_length / scale)));
  int max_thick = std::max(2, static_cast<int>(std::lround(o.max_thickness / scale)));
  // Opening with a long thin brick keeps only ink at least that long in one direction: text
  // strokes vanish, rules stay.
  PixPtr h(pixOpenCompBrickDwa(nullptr, ink.get(), len, 1));
  if (h) collect(h.get(), true, scale, max_thick, out);
  PixPtr v(pixOpenCompBrickDwa(nullptr, ink.get(), 1, len));
  if (v) collect(v.get(), false, scale, max_thick, out);
  return out;
}

class RuleRenderer {
 public:
  explicit RuleRenderer(const PdfFile& pdf) : pdf_(pdf) {}

  /// The page drawn without its text, 8-bit grey; nullptr when Poppler cannot draw it.
  SplashBitmap* render(int page_number, double dpi) {
    if (!open()) return nullptr;
    if (page_number < 1 || page_number > doc_->getNumPages()) return nullptr;
    pdf_.count_render();
    // Same arguments as poppler-cpp's page_renderer: the page's own rotation, crop box.
    doc_->displayPage(dev_.get(), page_number, dpi, dpi, pdf_.view_rotation(page_number - 1),
                      false, true, false);
    return dev_->getBitmap();
  }

 private:
  bool open() {
    if (failed_) return false;
    if (dev_) return true;
    // poppler-cpp made globalParams when the document was loaded and keeps it while any
    // document is open; the PdfFile we render for is open.
    if (!globalParams) {
      failed_ = true;
      return false;
    }
    const std::string& bytes = pdf_.bytes();
    std::optional<GooString> password;
    if (!pdf_.password().empty()) password.emplace(pdf_.password());
    auto* stream =
        new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull));
    doc_ = std::make_unique<PDFDoc>(stream, password, password);
    if (!doc_->isOk()) {
      failed_ = true;
      return false;
    }
    SplashColor paper;
    paper[0] = 255;
    dev_ = std::make_unique<SplashOutputDev>(splashModeMono8, 4, false, paper, true,
                                             splashThinLineSolid);
    dev_->setFontAntialias(false);
    dev_->setVectorAntialias(false);
    dev_->setSkipText(true, true);
    dev_->startDoc(doc_.get());
    return true;
  }

  const PdfFile& pdf_;
  std::unique_ptr<PDFDoc> doc_;
  std::unique_ptr<SplashOutputDev> dev_;
  bool failed_ = false;
};

Result<void> RulingsStage::run(Document& doc, StageContext& ctx) {
  if (!doc.pdf) return {};
  RuleRenderer renderer(*doc.pdf);
  for (Page& page : doc.pages) {
    page.rulings.clear();
    if (!has_table_candidates(page, options_)) continue;
    SplashBitmap* img = renderer.render(page.number, options_.dpi);
    if (!img || img->getWidth() <= 0 || img->getHeight() <= 0) {
      ctx.warn(page.number, "page could not be rendered; no rulings");
      continue;
    }
    // A rotated page renders as displayed; words are in the same space, so nothing to undo.
    page.rulings = find_rulings(img->getDataPtr(), img->getWidth(), img->getHeight(),
                                img->getRowSize(), options_.dpi, options_);
  }
  return {};
}

}  // namespace agendapack
