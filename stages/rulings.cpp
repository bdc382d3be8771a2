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
  o.scan_dpi = get_or<double>(s, "scan_dpi", o.scan_dpi);
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

// Pieces of one rule: same direction, positions within `slack`, ends less than `max_gap`
// apart. Joined at the pieces' mean position.
void join_pieces(std::vector<Ruling>& rules, double max_gap, double slack) {
  std::sort(rules.begin(), rules.end(), [](const Ruling& a, const Ruling& b) {
    if (a.horizontal != b.horizontal) return a.horizontal;
    return a.pos != b.pos ? a.pos < b.pos : a.from < b.from;
  });
  std::vector<Ruling> out;
  std::vector<bool> used(rules.size(), false);
  for (size_t i = 0; i < rules.size(); ++i) {
    if (used[i]) continue;
    Ruling r = rules[i];
    double weight = r.to - r.from, pos_sum = r.pos * weight;
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t j = i + 1; j < rules.size(); ++j) {
        const Ruling& q = rules[j];
        if (used[j] || q.horizontal != r.horizontal) continue;
        if (q.pos - r.pos > slack + 1) break;
        if (std::fabs(q.pos - r.pos) > slack) continue;
        if (q.from > r.to + max_gap || q.to < r.from - max_gap) continue;
        r.from = std::min(r.from, q.from);
        r.to = std::max(r.to, q.to);
        pos_sum += q.pos * (q.to - q.from);
        weight += q.to - q.from;
        used[j] = grew = true;
      }
    }
    if (weight > 0) r.pos = pos_sum / weight;
    out.push_back(r);
  }
  rules = std::move(out);
}

}  // namespace

std::vector<Ruling> find_rulings(const unsigned char* gray, int width, int height, int stride,
                                 double dpi, const RulingsOptions& o, double skew,
                                 bool scanned) {
  std::vector<Ruling> out;
  if (!gray || width <= 0 || height <= 0 || dpi <= 0) return out;
  // A rule drawn 0.6 degrees off level steps down a pixel every hundred: the long brick below
  // would cut it to pieces. Turned as `ocr` turned the page, it is level again. The grey image
  // is turned (by area mapping), not the binary one: sampling a one-pixel sloped line drops
  // a pixel at every step, and the rule would come out dashed.
  PixPtr level;
  if (skew != 0) {
    PixPtr grey(pixCreate(width, height, 8));
    if (grey) {
      l_uint32* gd = pixGetData(grey.get());
      int gwpl = pixGetWpl(grey.get());
      for (int row = 0; row < height; ++row) {
        const unsigned char* src = gray + static_cast<size_t>(row) * stride;
        l_uint32* dst = gd + static_cast<size_t>(row) * gwpl;
        for (int col = 0; col < width; ++col) SET_DATA_BYTE(dst, col, src[col]);
      }
      level.reset(pixRotate(grey.get(), static_cast<l_float32>(skew * M_PI / 180.0),
                            L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
    }
  }
  PixPtr ink(pixCreate(width, height, 1));
  if (!ink) return out;
  l_uint32* data = pixGetData(ink.get());
  int wpl = pixGetWpl(ink.get());
  if (level && pixGetDepth(level.get()) == 8) {
    const l_uint32* ld = pixGetData(level.get());
    int lwpl = pixGetWpl(level.get());
    for (int row = 0; row < height; ++row)
      for (int col = 0; col < width; ++col)
        if (static_cast<int>(GET_DATA_BYTE(ld + static_cast<size_t>(row) * lwpl, col)) <
            o.dark_threshold)
          SET_DATA_BIT(data + static_cast<size_t>(row) * wpl, col);
  } else {
    for (int row = 0; row < height; ++row) {
      const unsigned char* src = gray + static_cast<size_t>(row) * stride;
      l_uint32* dst = data + static_cast<size_t>(row) * wpl;
      for (int col = 0; col < width; ++col)
        if (src[col] < o.dark_threshold) SET_DATA_BIT(dst, col);
    }
  }
  double scale = 72.0 / dpi;
  int len = std::max(3, static_cast<int>(std::lround(o.min_length / scale)));
  int max_thick = std::max(2, static_cast<int>(std::lround(o.max_thickness / scale)));
  // Opening with a long thin brick keeps only ink at least that long in one direction: text
  // strokes vanish, rules stay.
  PixPtr h(pixOpenCompBrickDwa(nullptr, ink.get(), len, 1));
  PixPtr v(pixOpenCompBrickDwa(nullptr, ink.get(), 1, len));
  if (level) {
    // Where a levelled rule crossed a pixel row of the scan its grey split between two rows,
    // both too light to be ink: the rule comes out in pieces a pixel or two apart. With the
    // text gone, closing joins them.
    if (h) h.reset(pixCloseSafeBrick(nullptr, h.get(), 7, 5));
    if (v) v.reset(pixCloseSafeBrick(nullptr, v.get(), 5, 7));
  }
  if (h) collect(h.get(), true, scale, max_thick, out);
  if (v) collect(v.get(), false, scale, max_thick, out);
  if (scanned) join_pieces(out, o.min_length, 1.5);
  return out;
}

class RuleRenderer {
 public:
  explicit RuleRenderer(const PdfFile& pdf) : pdf_(pdf) {}

  /// The page drawn without its text, 8-bit grey; nullptr when Poppler cannot draw it or the
  /// drawing would not fit the memory budget (`over_budget` then says so). `dpi` comes back
  /// lower when the page is too large for the budget at the dpi asked.
  SplashBitmap* render(int page_number, double& dpi, bool& over_budget) {
    over_budget = false;
    if (!open()) return nullptr;
    if (page_number < 1 || page_number > doc_->getNumPages()) return nullptr;
    // The bitmap, Leptonica's copies of it (the ink, two openings) and its own: about four
    // bytes a pixel.
    const double budget = static_cast<double>(pdf_.render_budget());
    dpi = fit_dpi(doc_->getPageCropWidth(page_number), doc_->getPageCropHeight(page_number), dpi,
                  budget, 4);
    if (dpi <= 0) {
      over_budget = true;
      return nullptr;
    }
    pdf_.count_render();
    RenderWatch watch(static_cast<size_t>(budget));
    // Same arguments as poppler-cpp's page_renderer: the page's own rotation, crop box.
    doc_->displayPage(dev_.get(), page_number, dpi, dpi, pdf_.view_rotation(page_number - 1),
                      false, true, false, &RenderWatch::check, &watch);
    if (watch.over) {
      over_budget = true;
      return nullptr;
    }
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

namespace {

// Whether the page's lowest horizontal rule lies under all its body text and closes a row:
// a rule of about the same span lies less than ten lines above it with a body line between.
// A rule over the footer has prose above it, not another rule.
bool table_ends_page(const Page& page) {
  std::vector<const Ruling*> hs;
  for (const Ruling& r : page.rulings)
    if (r.horizontal) hs.push_back(&r);
  if (hs.size() < 2) return false;
  std::sort(hs.begin(), hs.end(), [](const Ruling* a, const Ruling* b) { return a->pos < b->pos; });
  const Ruling& last = *hs.back();
  double lowest_text = 0;
  for (const Line& line : page.lines)
    if (line.role == LineRole::body) lowest_text = std::max(lowest_text, line.bbox.y1);
  if (last.pos < lowest_text - 1) return false;
  for (size_t k = hs.size() - 1; k-- > 0;) {
    const Ruling& above = *hs[k];
    if (last.pos - above.pos < 3) continue;  // the same rule, drawn thick
    double overlap = std::min(last.to, above.to) - std::max(last.from, above.from);
    if (overlap < 0.5 * std::min(last.to - last.from, above.to - above.from)) return false;
    for (const Line& line : page.lines) {
      if (line.role != LineRole::body) continue;
      double size = line.font_size > 0 ? line.font_size : 10;
      if (last.pos - above.pos > 10 * 1.2 * size) continue;
      if (line.bbox.cy() > above.pos && line.bbox.cy() < last.pos) return true;
    }
    return false;
  }
  return false;
}

}  // namespace

bool is_typed_rule(const Page& page, const Line& line) {
  size_t marks = 0;
  for (uint32_t wi : line.words)
    for (char c : page.words[wi].text) {
      if (c != '-' && c != '_' && c != '=') return false;
      ++marks;
    }
  return marks >= 20;
}

namespace {

// A line typed as a row of dashes, underscores or equals signs is a rule drawn with the
// keyboard (typewriter and plain-text reports): it goes in with the drawn ones.
void add_typed_rules(Page& page) {
  for (const Line& line : page.lines) {
    if (line.role != LineRole::body || !is_typed_rule(page, line)) continue;
    // Dashes sit at about the middle of the line's box.
    page.rulings.push_back({true, (line.bbox.y0 + line.bbox.y1) / 2, line.bbox.x0, line.bbox.x1, true});
  }
}

}  // namespace

Result<void> RulingsStage::run(Document& doc, StageContext& ctx) {
  if (!doc.pdf) return {};
  RuleRenderer renderer(*doc.pdf);
  bool table_at_foot = false;  // the previous page ends with a rule under all its text
  for (Page& page : doc.pages) {
    page.rulings.clear();
    // The head of a table that runs over from the previous page may be too short to look
    // like one (a lone row), so that page's last rule makes this page a candidate.
    bool continues = table_at_foot;
    table_at_foot = false;
    if (!continues && !has_table_candidates(page, options_)) continue;
    double dpi = page.method == PageMethod::text ? options_.dpi : options_.scan_dpi;
    bool over_budget = false;
    SplashBitmap* img = renderer.render(page.number, dpi, over_budget);
    if (over_budget) {
      ctx.issue("RENDER_LIMIT", "warning",
                "drawing the page needs more memory than load.max_render_mb allows; no rulings",
                page.number);
      continue;
    }
    if (!img || img->getWidth() <= 0 || img->getHeight() <= 0) {
      ctx.warn(page.number, "page could not be rendered; no rulings");
      continue;
    }
    // A rotated page renders as displayed; words are in the same space, so nothing to undo.
    page.rulings = find_rulings(img->getDataPtr(), img->getWidth(), img->getHeight(),
                                img->getRowSize(), dpi, options_, page.skew,
                                page.method != PageMethod::text);
    table_at_foot = table_ends_page(page);
  }
  for (Page& page : doc.pages) add_typed_rules(page);
  return {};
}

}  // namespace agendapack
