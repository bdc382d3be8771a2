#include "stages/ocr.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-image.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <new>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

#include "pipeline/errors.h"
#include "stages/load.h"
#include "stages/ocr_marks.h"
#include "stages/ocr_numbers.h"
#include "stages/ocr_scan.h"
#include "stages/route.h"
#include "stages/text.h"

namespace agendapack {

namespace fs = std::filesystem;

OcrOptions OcrOptions::from_json(const nlohmann::json& s, const nlohmann::json& runner) {
  OcrOptions o;
  o.mode = get_or<std::string>(s, "mode", o.mode);
  o.dpi = get_or<double>(s, "dpi", o.dpi);
  o.lang = get_or<std::string>(s, "lang", o.lang);
  o.tessdata = get_or<std::string>(s, "tessdata", o.tessdata);
  o.jobs = get_or<int>(runner, "jobs", o.jobs);
  o.jobs = get_or<int>(s, "jobs", o.jobs);
  o.min_page_confidence = get_or<double>(s, "min_page_confidence", o.min_page_confidence);
  o.min_word_confidence = get_or<double>(s, "min_word_confidence", o.min_word_confidence);
  o.orientation = get_or<bool>(s, "orientation", o.orientation);
  o.deskew = get_or<bool>(s, "deskew", o.deskew);
  o.min_deskew_degrees = get_or<double>(s, "min_deskew_degrees", o.min_deskew_degrees);
  o.bold_ink_ratio = get_or<double>(s, "bold_ink_ratio", o.bold_ink_ratio);
  o.binarize = get_or<std::string>(s, "binarize", o.binarize);
  o.despeckle = get_or<int>(s, "despeckle", o.despeckle);
  o.psm = get_or<int>(s, "psm", o.psm);
  o.native_dpi = get_or<bool>(s, "native_dpi", o.native_dpi);
  o.native_min_dpi = get_or<double>(s, "native_min_dpi", o.native_min_dpi);
  o.separator_dpi = get_or<double>(s, "separator_dpi", o.separator_dpi);
  if (!(o.dpi >= 50 && o.dpi <= 1200)) o.dpi = 300;
  o.jobs = std::clamp(o.jobs, 1, 64);
  return o;
}

namespace {

// Tesseract's LSTM runs OpenMP teams of four threads per page. On two cores that costs more
// than it gains, and we already run one page per core; OMP_THREAD_LIMIT=1 set here is too late
// for a libgomp that read its environment at load time, so also make every parallel region
// inactive (max-active-levels 0), looked up at run time so no OpenMP link is needed.
void limit_openmp() {
  using SetLevels = void (*)(int);
  static SetLevels set_levels =
      reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (set_levels) set_levels(0);
}

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

std::vector<std::string> split_langs(const std::string& lang) {
  std::vector<std::string> out;
  std::stringstream ss(lang);
  for (std::string part; std::getline(ss, part, '+');)
    if (!part.empty()) out.push_back(part);
  return out;
}

std::vector<fs::path> tessdata_candidates(const std::string& tessdata) {
  if (!tessdata.empty()) return {tessdata};
  std::vector<fs::path> out;
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix && *prefix) {
    out.emplace_back(prefix);
    out.emplace_back(fs::path(prefix) / "tessdata");
  }
  for (const char* dir : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                          "/usr/share/tessdata", "/usr/local/share/tessdata"})
    out.emplace_back(dir);
  return out;
}

// The first candidate folder holding every language; "" when none does.
fs::path find_tessdata(const std::string& tessdata, const std::string& lang) {
  auto langs = split_langs(lang);
  for (const fs::path& dir : tessdata_candidates(tessdata)) {
    std::error_code ec;
    bool all = !langs.empty();
    for (const auto& l : langs) all = all && fs::is_regular_file(dir / (l + ".traineddata"), ec);
    if (all) return dir;
  }
  return {};
}

PixPtr to_pix(const poppler::image& img) {
  const int w = img.width(), h = img.height();
  PixPtr pix(pixCreate(w, h, 8));
  if (!pix) return pix;
  const auto* src = reinterpret_cast<const unsigned char*>(img.const_data());
  l_uint32* data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < h; ++y) {
    const unsigned char* row = src + static_cast<size_t>(y) * static_cast<size_t>(img.bytes_per_row());
    l_uint32* line = data + static_cast<size_t>(y) * static_cast<size_t>(wpl);
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return pix;
}

// Otsu's threshold over the whole page, as Tesseract computes it: the grey level t that best
// splits the histogram, ink being every pixel at or below t. Leptonica's tiled Otsu was used
// before; on pages of two grey levels (a 1-bit scan whose text is painted in dark grey) a tile
// picks its threshold at the ink level itself, and empty tiles pull their neighbours' down,
// so whole regions of text came out white.
int otsu_ink_level(PIX* gray) {
  std::array<double, 256> hist{};
  const int w = static_cast<int>(pixGetWidth(gray)), h = static_cast<int>(pixGetHeight(gray));
  const int wpl = pixGetWpl(gray);
  const l_uint32* data = pixGetData(gray);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * static_cast<size_t>(wpl);
    for (int x = 0; x < w; ++x) hist[GET_DATA_BYTE(line, x)] += 1;
  }
  double total = 0, sum = 0;
  for (int v = 0; v < 256; ++v) {
    total += hist[v];
    sum += v * hist[v];
  }
  double w0 = 0, sum0 = 0, best = -1;
  int level = 127;
  for (int t = 0; t < 255; ++t) {
    w0 += hist[t];
    sum0 += t * hist[t];
    double w1 = total - w0;
    if (w0 == 0 || w1 == 0) continue;
    double m0 = sum0 / w0, m1 = (sum - sum0) / w1;
    double between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      level = t;
    }
  }
  return level;
}

PixPtr binarize(PIX* gray, const std::string& method, double dpi) {
  PIX* out = nullptr;
  if (method == "sauvola") {
    // Window of about a sixth of an inch: a few strokes, so uneven lighting is followed.
    int wh = std::max(8, static_cast<int>(dpi / 12));
    if (pixSauvolaBinarizeTiled(gray, wh, 0.34f, 1, 1, nullptr, &out) != 0) out = nullptr;
  } else {
    // pixThresholdToBinary makes pixels below its threshold ink.
    out = pixThresholdToBinary(gray, otsu_ink_level(gray) + 1);
  }
  if (!out) out = pixConvertTo1(gray, 128);
  return PixPtr(out);
}

// Maps a point of the image Tesseract saw back to the rendered page image: undo the quarter
// turns (clockwise) of the orientation fix. The deskew (about the centre, clockwise-positive as
// Leptonica's pixRotate) is kept: words stay in the levelled page (Page::skew), so that a
// table's rows and its rules stay horizontal.
struct Geometry {
  int page_w = 0, page_h = 0;  // rendered page, pixels
  int quads = 0;               // clockwise quarter turns applied
  double skew_rad = 0;         // clockwise rotation applied after the quarter turns
  double dpi = 300;

  void to_page(double u, double v, double& x, double& y) const {
    switch (quads) {
      case 1: x = v; y = page_h - u; break;
      case 2: x = page_w - u; y = page_h - v; break;
      case 3: x = page_w - v; y = u; break;
      default: x = u; y = v;
    }
  }
  BBox box_to_points(double l, double t, double r, double b) const {
    double xs[4], ys[4];
    to_page(l, t, xs[0], ys[0]);
    to_page(r, t, xs[1], ys[1]);
    to_page(l, b, xs[2], ys[2]);
    to_page(r, b, xs[3], ys[3]);
    double k = 72.0 / dpi;
    return {*std::min_element(xs, xs + 4) * k, *std::min_element(ys, ys + 4) * k,
            *std::max_element(xs, xs + 4) * k, *std::max_element(ys, ys + 4) * k};
  }
};

// A bullet found by its shape is kept at least this confident: the ink is the evidence.
constexpr double kBulletConfidence = 0.9;

double overlap_share(const BBox& a, const BBox& b) {
  double w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  double h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  if (w <= 0 || h <= 0 || a.empty()) return 0;
  return (w * h) / (a.width() * a.height());
}

}  // namespace

// The mean length of the ink runs across a word's rows: the width of its upright strokes,
// which a bold face makes half as wide again whatever the letters.
double stroke_width(PIX* bin, int l, int t, int r, int b) {
  int w = static_cast<int>(pixGetWidth(bin)), h = static_cast<int>(pixGetHeight(bin));
  l = std::max(l, 0);
  t = std::max(t, 0);
  r = std::min(r, w);
  b = std::min(b, h);
  const l_uint32* data = pixGetData(bin);
  int wpl = pixGetWpl(bin);
  long ink = 0, runs = 0;
  for (int y = t; y < b; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    bool in = false;
    for (int x = l; x < r; ++x) {
      bool on = GET_DATA_BIT(line, x) != 0;
      if (on) {
        ++ink;
        if (!in) ++runs;
      }
      in = on;
    }
  }
  return runs ? double(ink) / double(runs) : 0;
}

void mark_bold(std::vector<Word>& words, const std::vector<double>& ink, double ratio) {
  std::vector<double> usual;
  for (size_t i = 0; i < words.size() && i < ink.size(); ++i)
    if (words[i].text.size() >= 4 && ink[i] > 0) usual.push_back(ink[i]);
  // Too few words to know the page's usual weight.
  if (usual.size() < 20 || ratio <= 0) return;
  std::nth_element(usual.begin(), usual.begin() + usual.size() / 2, usual.end());
  const double median = usual[usual.size() / 2];
  for (size_t i = 0; i < words.size() && i < ink.size(); ++i) {
    if (words[i].text.size() >= 2) {
      words[i].bold = ink[i] >= ratio * median;
    } else if (i > 0 && words[i - 1].space_after) {
      words[i].bold = words[i - 1].bold;  // one character's share says little
    }
  }
}

namespace {

// The number of "4." read as "4,": a line's first word of one to three digits and a comma,
// before a capital, where the page's lines also open with "3." or "5.". Without such
// neighbours it may be "12, High Street".
void mend_list_numbers(std::vector<Word>& words) {
  auto number_of = [](const std::string& t, char stop) {
    size_t digits = 0;
    while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
    if (digits == 0 || digits > 3 || t.size() != digits + 1 || t.back() != stop) return -1;
    return std::atoi(t.c_str());
  };
  std::vector<size_t> firsts;
  for (size_t i = 0; i < words.size(); ++i)
    if (i == 0 || !words[i - 1].space_after) firsts.push_back(i);
  std::vector<int> listed;
  for (size_t i : firsts)
    if (int n = number_of(words[i].text, '.'); n >= 0) listed.push_back(n);
  for (size_t i : firsts) {
    int n = number_of(words[i].text, ',');
    if (n < 0 || !words[i].space_after || i + 1 >= words.size()) continue;
    if (!std::isupper(static_cast<unsigned char>(words[i + 1].text.front()))) continue;
    if (std::find(listed.begin(), listed.end(), n - 1) == listed.end() &&
        std::find(listed.begin(), listed.end(), n + 1) == listed.end())
      continue;
    words[i].text.back() = '.';
  }
}

// Whether `rest` starts in lower case on the line of `capital`, a lone capital before it:
// perhaps one word OCR cut in two ("C ommittee").
bool capital_then_rest(const Word& capital, const Word& rest) {
  double size = rest.font_size > 0 ? rest.font_size : 10;
  return capital.text.size() == 1 && std::isupper(static_cast<unsigned char>(capital.text[0])) &&
         !rest.text.empty() && std::islower(static_cast<unsigned char>(rest.text[0])) &&
         capital.space_after && std::abs(capital.baseline - rest.baseline) < 0.3 * size;
}

// `w` joined onto `prev`: one word over both boxes, as sure as the less sure of them.
void absorb(Word& prev, const Word& w) {
  prev.text += w.text;
  prev.bbox.x1 = w.bbox.x1;
  prev.bbox.y0 = std::min(prev.bbox.y0, w.bbox.y0);
  prev.bbox.y1 = std::max(prev.bbox.y1, w.bbox.y1);
  prev.space_after = w.space_after;
  prev.confidence = std::min(prev.confidence, w.confidence);
}

}  // namespace

bool reads_as_word(const std::string& text) {
  size_t alnum = 0, chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: same character
    ++chars;
    if (std::isalnum(c)) ++alnum;
  }
  return chars >= 2 && alnum * 4 >= chars * 3;
}

void join_split_capitals(Document& doc) {
  // The letters of a word, without the punctuation around it: "Jessop," -> "Jessop".
  auto core = [](const std::string& t) {
    size_t a = 0, b = t.size();
    while (a < b && !std::isalnum(static_cast<unsigned char>(t[a]))) ++a;
    while (b > a && !std::isalnum(static_cast<unsigned char>(t[b - 1]))) --b;
    return t.substr(a, b - a);
  };
  std::map<std::string, int> seen;
  for (const Page& page : doc.pages)
    for (const Word& w : page.words) {
      std::string c = core(w.text);
      if (c.size() >= 3 && std::isupper(static_cast<unsigned char>(c[0]))) ++seen[c];
    }
  for (Page& page : doc.pages) {
    std::vector<Word> out;
    out.reserve(page.words.size());
    for (Word& w : page.words) {
      if (!out.empty() && w.source == WordSource::ocr && out.back().source == WordSource::ocr) {
        Word& prev = out.back();
        double size = w.font_size > 0 ? w.font_size : 10;
        if (capital_then_rest(prev, w) && w.bbox.x0 - prev.bbox.x1 < 0.6 * size &&
            seen.count(prev.text + core(w.text))) {
          absorb(prev, w);
          continue;
        }
      }
      out.push_back(std::move(w));
    }
    page.words = std::move(out);
  }
}

void fix_ocr_words(std::vector<Word>& words, const nlohmann::json& vocab) {
  std::map<std::string, std::string> fixes;
  if (vocab.contains("corrections") && vocab["corrections"].is_object())
    for (const auto& [from, to] : vocab["corrections"].items())
      if (to.is_string()) fixes[from] = to.get<std::string>();
  auto glued = get_or<std::vector<std::string>>(vocab, "glued_honorifics", {});
  std::map<std::string, std::string> misread_initial;  // mark -> the capital it was
  if (vocab.contains("initial_misreads") && vocab["initial_misreads"].is_object())
    for (const auto& [from, to] : vocab["initial_misreads"].items())
      if (to.is_string()) misread_initial[from] = to.get<std::string>();
  std::map<std::string, std::string> lost_capitals;
  if (vocab.contains("lost_capitals") && vocab["lost_capitals"].is_object())
    for (const auto& [from, to] : vocab["lost_capitals"].items())
      if (to.is_string()) lost_capitals[from] = to.get<std::string>();
  auto listed = [](const std::vector<std::string>& list, const std::string& t) {
    return std::find(list.begin(), list.end(), t) != list.end();
  };
  const double join_gap = get_or<double>(vocab, "join_gap_em", 0.22);
  auto fixed = [&](const std::string& t) {
    auto it = fixes.find(t);
    return it == fixes.end() ? t : it->second;
  };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  std::vector<Word> out;
  out.reserve(words.size());
  for (Word& w : words) {
    w.text = fixed(w.text);
    // "A$34.766m__": a total's underline read into the figure above it. An underscore
    // never ends or opens a word of the text ("john_smith" keeps its own).
    if (std::any_of(w.text.begin(), w.text.end(),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
      while (!w.text.empty() && w.text.back() == '_') w.text.pop_back();
      w.text.erase(0, w.text.find_first_not_of('_'));
    }
    // "MrBJ", "MrBJSweetland": an honorific from the list run into its initials, and the
    // surname after them: a word for each ("Mr B J Sweetland").
    {
      std::string head;
      for (const std::string& h : glued)
        if (h.size() > head.size() && w.text.size() > h.size() + 1 &&
            fixed(w.text.substr(0, h.size())) == h)
          head = h;
      const std::string rest = head.empty() ? "" : w.text.substr(head.size());
      size_t caps = 0;
      while (caps < rest.size() && upper(rest[caps])) ++caps;
      const bool surname = caps < rest.size() && caps > 0 &&
                           std::all_of(rest.begin() + static_cast<long>(caps), rest.end(),
                                       [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '-' || c == '\''; });
      const size_t initials = surname ? caps - 1 : caps;
      if (!head.empty() && (caps == rest.size() || surname) && initials <= 3 &&
          (initials >= 2 || surname)) {
        std::vector<std::string> parts = {head};
        for (size_t k = 0; k < initials; ++k) parts.push_back(rest.substr(k, 1));
        if (surname) parts.push_back(rest.substr(initials));
        const double per_char = w.bbox.width() / double(w.text.size());
        double x = w.bbox.x0;
        for (size_t k = 0; k < parts.size(); ++k) {
          Word b = w;
          b.text = parts[k];
          b.bbox.x0 = x + (k ? 0.5 : 0.0);
          x += per_char * double(parts[k].size());
          b.bbox.x1 = x - (k + 1 < parts.size() ? 0.5 : 0.0);
          b.space_after = k + 1 < parts.size() || w.space_after;
          out.push_back(std::move(b));
        }
        continue;
      }
    }
    // "ClirE", "MrJ.": an honorific from the list, then one capital (and a dot); "Cllr!",
    // "Cllr1", "Mr)": the capital (I, J) read as a mark or a digit.
    std::string t = w.text;
    size_t tail = t.size() >= 2 && t.back() == '.' ? 2 : 1;
    auto misread_as = tail == 1 && t.size() > 1 ? misread_initial.find(t.substr(t.size() - 1))
                                                 : misread_initial.end();
    const bool misread = misread_as != misread_initial.end();
    if (t.size() > tail && (upper(t[t.size() - tail]) || misread)) {
      std::string head = fixed(t.substr(0, t.size() - tail));
      if (std::find(glued.begin(), glued.end(), head) != glued.end()) {
        Word a = w, b = w;
        double cut = w.bbox.x0 + w.bbox.width() * double(t.size() - tail) / double(t.size());
        a.text = head;
        a.bbox.x1 = cut - 0.5;
        a.space_after = true;
        b.text = misread ? misread_as->second : t.substr(t.size() - tail);
        b.bbox.x0 = cut + 0.5;
        out.push_back(std::move(a));
        out.push_back(std::move(b));
        continue;
      }
    }
    // "Cllr | Woolcott": the initial alone after an honorific, read as a mark.
    if (auto m = misread_initial.find(w.text); m != misread_initial.end() && !out.empty() &&
        listed(glued, out.back().text) &&
        std::abs(out.back().baseline - w.baseline) < 0.3 * w.font_size)
      w.text = m->second;
    // "31st) anuary": a month's capital read as a bracket glued to the word before.
    if (auto lc = lost_capitals.find(w.text); lc != lost_capitals.end()) {
      w.text = lc->second;
      if (!out.empty()) {
        Word& prev = out.back();
        // Only a bracket nothing opened: "(31st)" keeps its own.
        char last = prev.text.empty() ? ' ' : prev.text.back();
        const char* opener = last == ')' ? "(" : last == ']' ? "[" : last == '}' ? "{" : "";
        if (prev.text.size() > 1 && std::strchr(")]}|", last) &&
            (!*opener || prev.text.find(opener) == std::string::npos))
          prev.text.pop_back();
      }
    }
    // "C ommittee": a lone capital, then lower-case letters almost touching it on the line.
    if (!out.empty()) {
      Word& prev = out.back();
      double gap = w.bbox.x0 - prev.bbox.x1;
      if (capital_then_rest(prev, w) && gap >= -1 && gap < join_gap * w.font_size) {
        absorb(prev, w);
        continue;
      }
    }
    out.push_back(std::move(w));
  }
  words = std::move(out);
  mend_list_numbers(words);
}

std::string missing_tessdata(const std::string& tessdata, const std::string& lang) {
  if (split_langs(lang).empty()) return "no OCR language is configured (ocr.lang)";
  if (!find_tessdata(tessdata, lang).empty()) return {};
  std::string where = tessdata.empty() ? "the Tesseract data folders" : "'" + tessdata + "'";
  return "language data for '" + lang + "' is missing from " + where +
         " (install tesseract-ocr-<lang>, or set ocr.tessdata / TESSDATA_PREFIX)";
}

class OcrStage::Engine {
 public:
  tesseract::TessBaseAPI api;
};

OcrStage::OcrStage(OcrOptions options) : options_(std::move(options)) {
  // Before any Tesseract instance exists: see limit_openmp.
  ::setenv("OMP_THREAD_LIMIT", "1", 0);
  // Leptonica reports routine choices ("1 bpp; rotate by shear") on stderr; keep warnings.
  setMsgSeverity(L_SEVERITY_WARNING);
}

OcrStage::~OcrStage() {
  for (auto& e : pool_)
    if (e) e->api.End();
}

Result<OcrStage::Engine*> OcrStage::engine(size_t idx) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (idx < pool_.size() && pool_[idx]) return pool_[idx].get();
  }
  // Loading a model takes a few tenths of a second: workers load theirs at the same time,
  // outside the lock. Each index is asked for by one worker only.
  fs::path dir = find_tessdata(options_.tessdata, options_.lang);
  if (dir.empty())
    return Error{codes::kOcrUnavailable, missing_tessdata(options_.tessdata, options_.lang)};
  limit_openmp();
  auto e = std::make_unique<Engine>();
  if (e->api.Init(dir.string().c_str(), options_.lang.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    return Error{codes::kOcrUnavailable,
                 "Tesseract could not load '" + options_.lang + "' from " + dir.string()};
  e->api.SetPageSegMode(static_cast<tesseract::PageSegMode>(options_.psm));
  // Tesseract's progress notes ("Detected 20 diacritics") are not ours to print.
  e->api.SetVariable("debug_file", "/dev/null");
  std::lock_guard<std::mutex> lock(pool_mu_);
  if (pool_.size() <= idx) pool_.resize(idx + 1);
  pool_[idx] = std::move(e);
  return pool_[idx].get();
}

Result<void> OcrStage::run_page(Document& doc, Page& page, StageContext& ctx) {
  if (page.method == PageMethod::text || !doc.pdf) return {};
  auto eng = engine(0);
  if (!eng) return eng.error();
  double dpi = render_dpis(doc, {static_cast<size_t>(page.number - 1)}).front();
  return ocr_page(*doc.pdf, *eng.value(), page, dpi, ctx);
}

std::vector<double> OcrStage::render_dpis(const Document& doc,
                                          const std::vector<size_t>& todo) const {
  std::vector<double> out(todo.size(), options_.dpi);
  if (options_.native_dpi && doc.pdf) {
    std::vector<int> indices(todo.begin(), todo.end());
    std::vector<double> scanned = scanned_dpi(*doc.pdf, indices);
    for (size_t k = 0; k < todo.size(); ++k)
      out[k] = render_dpi_for(scanned[k], options_.native_min_dpi, options_.dpi);
  }
  for (size_t k = 0; k < todo.size(); ++k)
    if (todo[k] < doc.pages.size() &&
        std::string_view(doc.pages[todo[k]].route_reason).starts_with(kSeparatorReason))
      out[k] = std::min(out[k], options_.separator_dpi);
  return out;
}

Result<void> OcrStage::run(Document& doc, StageContext& ctx) {
  std::vector<size_t> todo;
  for (size_t idx = 0; idx < doc.pages.size(); ++idx)
    if (doc.pages[idx].method != PageMethod::text) todo.push_back(idx);
  if (todo.empty() || !doc.pdf) return {};
  const size_t threads = std::min<size_t>(static_cast<size_t>(options_.jobs), todo.size());
  // Missing language data fails here, before any thread starts. The engines themselves load
  // in the workers, side by side: a model takes a few tenths of a second to read, and loading
  // the first before starting the others put that time on every other worker's path.
  if (fs::path dir = find_tessdata(options_.tessdata, options_.lang); dir.empty())
    return Error{codes::kOcrUnavailable, missing_tessdata(options_.tessdata, options_.lang)};

  // Read before the workers start: one walk of the routed pages' content, no pixels.
  const std::vector<double> dpis = render_dpis(doc, todo);
  std::atomic<size_t> next{0};
  std::mutex err_mu;
  std::optional<Error> first_error;
  auto worker = [&](size_t worker_idx) {
    limit_openmp();
    // PdfFile is not thread-safe: every worker but the first reads its own copy.
    std::shared_ptr<PdfFile> pdf = doc.pdf;
    if (worker_idx > 0) {
      auto copy = doc.pdf->clone();
      if (!copy) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (!first_error) first_error = copy.error();
        return;
      }
      pdf = copy.value();
    }
    auto got = engine(worker_idx);
    if (!got) {
      std::lock_guard<std::mutex> lock(err_mu);
      if (!first_error) first_error = got.error();
      return;
    }
    Engine* eng = got.value();
    for (size_t k; (k = next++) < todo.size();) {
      {
        std::lock_guard<std::mutex> lock(err_mu);
        if (first_error) return;
      }
      Page& page = doc.pages[todo[k]];
      auto r = ocr_page(*pdf, *eng, page, dpis[k], ctx);
      if (!r) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (!first_error) {
          first_error = r.error();
          if (first_error->page == 0) first_error->page = page.number;
        }
      }
    }
  };
  // An exception must not leave a worker: on a pool thread it would reach std::terminate,
  // and on this one it would destroy the pool's threads unjoined. It fails the document.
  auto guarded = [&](size_t worker_idx) {
    std::optional<Error> thrown;
    try {
      worker(worker_idx);
    } catch (const std::bad_alloc&) {
      thrown = Error{codes::kMemoryLimit, "out of memory during OCR"};
    } catch (const std::exception& e) {
      thrown = Error{codes::kStageFailed, std::string("unexpected failure: ") + e.what()};
    }
    if (!thrown) return;
    std::lock_guard<std::mutex> lock(err_mu);
    if (!first_error) first_error = std::move(thrown);
  };
  std::vector<std::thread> pool;
  for (size_t idx = 1; idx < threads; ++idx) pool.emplace_back(guarded, idx);
  guarded(0);
  for (auto& t : pool) t.join();
  if (first_error) return *first_error;
  join_split_capitals(doc);
  return {};
}

Result<void> OcrStage::ocr_page(const PdfFile& pdf, Engine& engine, Page& page,
                                double asked_dpi, StageContext& ctx) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point t_start = Clock::now();
  Clock::time_point t_rendered, t_prepared;
  PixPtr gray;
  double dpi = asked_dpi;
  {
    // The grey page, its binary and half-size copies and Tesseract's own images of it: about
    // eight bytes a pixel. A page too large for the memory budget at ocr.dpi is read at the
    // dpi that fits rather than failing the document.
    PageImage rendered = pdf.render_page(page.number - 1, asked_dpi, 8);
    const poppler::image& img = rendered.image;
    if (rendered.over_budget) {
      ctx.issue("RENDER_LIMIT", "warning",
                "drawing the page needs more memory than load.max_render_mb allows; it keeps "
                "its text-layer words and is not OCRed",
                page.number);
      page.method = PageMethod::text;
      page.route_reason += "; not OCRed: drawing it needs more memory than the budget";
      return {};
    }
    if (!img.is_valid() || img.format() != poppler::image::format_gray8) {
      ctx.issue("OCR_FAILED", "warning", "the page could not be rendered for OCR", page.number);
      return {};
    }
    dpi = rendered.dpi;
    if (rendered.reduced) {
      char msg[160];
      std::snprintf(msg, sizeof msg,
                    "read at %.0f dpi instead of %.0f: the page is too large for the memory "
                    "budget (load.max_render_mb) at %.0f",
                    dpi, asked_dpi, asked_dpi);
      ctx.issue("OCR_DPI_REDUCED", "warning", msg, page.number);
    }
    gray = to_pix(img);
  }  // the Poppler image is freed here; only the Leptonica copy lives on
  if (!gray) return Error{codes::kMemoryLimit, "no memory for the page image", "", page.number};
  t_rendered = Clock::now();
  Geometry geo;
  geo.page_w = static_cast<int>(pixGetWidth(gray.get()));
  geo.page_h = static_cast<int>(pixGetHeight(gray.get()));
  geo.dpi = dpi;

  const bool keep_text = page.method == PageMethod::text_ocr;
  if (keep_text) {
    // Blank out what the text layer already says, so OCR reads only the rest.
    const double k = dpi / 72.0;
    for (const Word& w : page.words) {
      BOX* box = boxCreate(static_cast<int>(w.bbox.x0 * k) - 2, static_cast<int>(w.bbox.y0 * k) - 2,
                           static_cast<int>(w.bbox.width() * k) + 4,
                           static_cast<int>(w.bbox.height() * k) + 4);
      if (box) pixSetInRect(gray.get(), box);
      boxDestroy(&box);
    }
  } else {
    page.words.clear();  // a garbage or absent text layer: OCR replaces it
  }

  // Tesseract reads either our binary image or, with binarize "none", the grey page (its LSTM
  // then sees the grey strokes, which reads "Cllr" where a binary image gives "Clir").
  // Orientation and skew are measured on a binary probe: with grey input a 2x reduction of
  // the page (at 250 dpi or more) is enough and costs a quarter of the full page.
  const bool gray_input = options_.binarize == "none";
  const bool halve = dpi >= 250;
  PixPtr bin, probe;
  if (gray_input) {
    PixPtr small(halve ? pixScaleAreaMap2(gray.get()) : pixClone(gray.get()));
    if (small) probe = binarize(small.get(), "otsu", halve ? dpi / 2 : dpi);
  } else {
    bin = binarize(gray.get(), options_.binarize, dpi);
    if (bin && options_.despeckle > 0) {
      int keep = options_.despeckle + 1;
      PIX* clean = pixSelectBySize(bin.get(), keep, keep, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr);
      if (clean) bin.reset(clean);
    }
    // The orientation detector counts ascenders and descenders and is meant for 150 to 300
    // ppi: at 300 dpi a 2x reduction gives the same answer for a quarter of the work.
    if (bin) probe.reset(halve ? pixReduceRankBinary2(bin.get(), 1, nullptr) : pixClone(bin.get()));
  }
  if (!probe || (!gray_input && !bin))
    return Error{codes::kMemoryLimit, "no memory for the page image", "", page.number};
  PixPtr& target = gray_input ? gray : bin;  // what Tesseract will read
  if (options_.orientation) {
    l_float32 upconf = 0, leftconf = 0;
    l_int32 orient = L_TEXT_ORIENT_UNKNOWN;
    if (pixOrientDetect(probe.get(), &upconf, &leftconf, 0, 0) == 0 &&
        makeOrientDecision(upconf, leftconf, 0, 0, &orient, 0) == 0) {
      switch (orient) {
        case L_TEXT_ORIENT_LEFT: geo.quads = 1; break;
        case L_TEXT_ORIENT_DOWN: geo.quads = 2; break;
        case L_TEXT_ORIENT_RIGHT: geo.quads = 3; break;
        default: geo.quads = 0;
      }
    }
    if (geo.quads) {
      probe.reset(pixRotateOrth(probe.get(), geo.quads));
      target.reset(pixRotateOrth(target.get(), geo.quads));
      if (!probe || !target)
        return Error{codes::kMemoryLimit, "no memory to rotate the page", "", page.number};
    }
  }
  // A page that keeps its text layer is not turned: its text words are in the page as drawn.
  if (options_.deskew && !keep_text) {
    // Tiny skews are left to Tesseract, which fits sloped rows itself (and rows keep one
    // baseline below); rotating the whole page costs a tenth of the recognition. Above
    // min_deskew_degrees (0.2) a table's rules would slope by points across the page.
    l_float32 angle = 0, conf = 0;
    if (pixFindSkew(probe.get(), &angle, &conf) == 0 && conf >= 3.0f &&
        std::fabs(angle) >= options_.min_deskew_degrees) {
      geo.skew_rad = angle * M_PI / 180.0;
      PIX* rotated = pixRotate(target.get(), static_cast<l_float32>(geo.skew_rad),
                               L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
      if (rotated) target.reset(rotated);
      else geo.skew_rad = 0;
      page.skew = geo.skew_rad * 180 / M_PI;
    }
  }
  probe.reset();
  // Dot leaders go before Tesseract reads the page: read, they are words of "eee" and they
  // spoil the label beside them ("Sustainable Hea en" for "Sustainable transport").
  const int leader_runs = erase_dot_leaders(target.get(), dpi);
  // Typed dash rows go too (Tesseract drops the header above one with it), and come back as
  // words of dashes after recognition: the tables stage reads them as a header's underline.
  std::vector<MarkRun> dash_rows;
  if (!keep_text) erase_typed_dash_rules(target.get(), dpi, dash_rows);
  PIX* input = target.get();
  if (!gray_input) gray.reset();  // only the binary image is needed now

  t_prepared = Clock::now();
  tesseract::TessBaseAPI& api = engine.api;
  api.SetImage(input);
  api.SetSourceResolution(static_cast<int>(dpi));
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    ctx.issue("OCR_FAILED", "warning", "Tesseract could not recognise the page", page.number);
    return {};
  }

  std::vector<Word> found;
  // Tesseract's LSTM says nothing about weight, but tables and headings are found by their
  // bold lines: a word's share of ink in its box, against the page's usual share, tells.
  PixPtr inkmap(gray_input ? pixThresholdToBinary(input, 150) : pixClone(input));
  std::vector<double> ink;  // per found word
  std::vector<PixelBox> boxes;  // per found word, in the image Tesseract read
  const double k = 72.0 / dpi;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  // Tesseract's symbols of the current word with the middle of each (image x), for cutting a
  // word where its ink says a bullet or a leader is.
  auto symbols_of_word = [&]() {
    std::vector<std::pair<std::string, int>> out;
    tesseract::ResultIterator sym(*it);
    for (bool more = true; more;) {
      std::unique_ptr<char[]> st(sym.GetUTF8Text(tesseract::RIL_SYMBOL));
      int sl = 0, stop = 0, sr = 0, sb = 0;
      if (st && sym.BoundingBox(tesseract::RIL_SYMBOL, &sl, &stop, &sr, &sb))
        out.emplace_back(st.get(), (sl + sr) / 2);
      more = !sym.IsAtFinalElement(tesseract::RIL_WORD, tesseract::RIL_SYMBOL) &&
             sym.Next(tesseract::RIL_SYMBOL);
    }
    return out;
  };
  size_t bullets = 0, leaders = 0, specks = 0, raised_tails = 0;
  const auto ordinals =
      get_or<std::vector<std::string>>(ctx.vocab("ocr"), "ordinal_suffixes", {});
  if (it) {
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      std::unique_ptr<char[]> raw(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!raw) continue;
      std::string text = normalize_text(raw.get());
      // Tesseract may keep surrounding spaces; a word is what is between them.
      text.erase(0, text.find_first_not_of(' '));
      text.erase(text.find_last_not_of(' ') + 1);
      if (text.empty()) continue;
      float conf = it->Confidence(tesseract::RIL_WORD) / 100.0f;
      int l = 0, t = 0, r = 0, b = 0;
      if (!it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
      // The line's geometry gives every word of a line the same height and size. Tesseract's
      // row height runs from the descender bottom to the ascender top (x-height + ascenders
      // + descenders), about 0.95 em in the fonts of council papers (0.93 Arial, 1.0 DejaVu,
      // 0.9 Times); the box is then drawn from the font's ascent (0.9 em) to its descent
      // (0.22 em) like a text-layer word's, so that both kinds of word line up.
      float row_height = 0, descenders = 0, ascenders = 0;
      it->RowAttributes(&row_height, &descenders, &ascenders);
      double base = b;
      int bx1 = 0, by1 = 0, bx2 = 0, by2 = 0;
      if (it->Baseline(tesseract::RIL_WORD, &bx1, &by1, &bx2, &by2) && bx2 != bx1) {
        double cx = (l + r) / 2.0;
        base = by1 + (by2 - by1) * (cx - bx1) / double(bx2 - bx1);
      } else if (it->Baseline(tesseract::RIL_WORD, &bx1, &by1, &bx2, &by2)) {
        base = (by1 + by2) / 2.0;
      }
      double em = row_height > 0 ? row_height / 0.95 : std::max(1.0, (base - t) / 0.75);

      // Marks told by their ink, not by the letters OCR guessed (stages/ocr_marks.h): a bullet
      // at a line's start becomes a word of its own, "•", even when Tesseract doubted it or
      // glued it to the first word; a dot leader goes.
      std::vector<InkBlob> blobs;
      if (inkmap) blobs = ink_blobs(inkmap.get(), l, t, r, b);
      std::optional<InkBlob> bullet;
      if (!blobs.empty() && it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
        int next_x = INT_MAX;
        for (size_t bi = 1; bi < blobs.size(); ++bi)
          if (blobs[bi].x0 >= blobs[0].x1) {
            next_x = blobs[bi].x0;
            break;
          }
        if (is_bullet_blob(blobs[0], em, base, next_x)) bullet = blobs[0];
      }
      if (inkmap && dashes_only(text) && is_stray_rule_piece(blobs, em, base)) {
        ++specks;
        continue;
      }
      if (inkmap && bars_only(text) && on_vertical_rule(inkmap.get(), l, t, r, b, em)) {
        ++specks;
        continue;
      }
      if (!bullet && is_dot_leader(blobs, em, base)) {
        ++leaders;
        continue;
      }
      // Tesseract's LSTM scores some words it read right at zero ("Confirmation" in a bold
      // heading, "Cllr John" in a long line): below the floor a word is kept when it reads
      // as one, letters or digits, and dropped when it is marks.
      if (conf < options_.min_word_confidence && !bullet && !reads_as_word(text)) continue;
      if (bullet || (blobs.size() >= 4 && leader_start(blobs, em, base) < blobs.size())) {
        auto syms = symbols_of_word();
        size_t cut_from = blobs.size() >= 4 ? leader_start(blobs, em, base) : blobs.size();
        int leader_x = cut_from < blobs.size() ? blobs[cut_from].x0 : INT_MAX;
        std::vector<std::string> kept;
        for (const auto& [st, mid] : syms) {
          // The symbols on the bullet's ink, from the left: its reading ("¢", "e").
          if (bullet && kept.empty() && mid < bullet->x1 + 1) continue;
          if (mid >= leader_x) continue;
          kept.push_back(st);
        }
        if (leader_x != INT_MAX) {
          ++leaders;
          r = std::max(l + 1, leader_x - 1);
        }
        text = normalize_text(text_after_bullet(kept, 0));
        text.erase(0, text.find_first_not_of(' '));
        text.erase(text.find_last_not_of(' ') + 1);
      }
      text = without_leader_text(text);
      // A number with its ordinal raised ("11th"), read as "11%", '11"', "1129" or "8h": the
      // number stays, the misread tail goes (an ordinal read right is kept).
      if (inkmap && !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) {
        if (size_t pieces = pieces_before_raised_tail(blobs, em, base)) {
          size_t digits = 0;
          while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
            ++digits;
          size_t keep = std::min(digits, pieces);
          // Kept when OCR read it as an ordinal the vocabulary knows ("th", "eg"); "8h" is not.
          std::string tail = text.substr(keep);
          std::transform(tail.begin(), tail.end(), tail.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
          const bool ordinal =
              std::find(ordinals.begin(), ordinals.end(), tail) != ordinals.end();
          if (keep < text.size() && !ordinal) {
            text.resize(keep);
            ++raised_tails;
          }
        }
      }
      auto make_word = [&](std::string word_text, int wl, int wr, float word_conf) {
        double top = std::min<double>(t, base - 0.9 * em);
        double bottom = std::max<double>(b, base + 0.22 * em);
        Word w;
        w.text = std::move(word_text);
        w.bbox = geo.box_to_points(wl, top, wr, bottom);
        // The baseline is the row's, at the row's middle: below the deskew threshold the
        // words of one sloped line would sit a point or two apart at its ends, and layout
        // would split the line.
        int rx1 = 0, ry1 = 0, rx2 = 0, ry2 = 0;
        double row_base = base, row_mid = (wl + wr) / 2.0;
        if (it->Baseline(tesseract::RIL_TEXTLINE, &rx1, &ry1, &rx2, &ry2)) {
          row_base = (ry1 + ry2) / 2.0;
          row_mid = (rx1 + rx2) / 2.0;
        }
        double px = 0, py = 0;
        geo.to_page(row_mid, row_base, px, py);
        w.baseline = geo.quads % 2 ? w.bbox.y1 : py * k;
        w.font_size = static_cast<float>(em * k);
        w.bold = false;
        w.source = WordSource::ocr;
        w.confidence = std::clamp(word_conf, 0.0f, 1.0f);
        w.space_after = true;
        return w;
      };
      auto keep = [&](Word w, double word_ink, PixelBox px) {
        if (keep_text) {
          bool dup = std::any_of(page.words.begin(), page.words.end(), [&](const Word& tw) {
            return tw.source == WordSource::text && overlap_share(w.bbox, tw.bbox) > 0.3;
          });
          if (dup) return;
        }
        ink.push_back(word_ink);
        px.base = static_cast<int>(std::lround(base));
        px.em = static_cast<int>(std::lround(em));
        boxes.push_back(px);
        found.push_back(std::move(w));
      };
      const bool line_end = it->IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD);
      if (bullet) {
        ++bullets;
        // The shape is the evidence, whatever Tesseract's confidence in its reading was.
        Word mark = make_word("\xE2\x80\xA2", bullet->x0, bullet->x1,
                              std::max(conf, static_cast<float>(kBulletConfidence)));
        mark.space_after = !(text.empty() && line_end);
        keep(std::move(mark), 0, {bullet->x0, bullet->y0, bullet->x1, bullet->y1});
        if (text.empty()) continue;
        int next_x = l;
        for (const InkBlob& bl : blobs)
          if (bl.x0 >= bullet->x1) {
            next_x = bl.x0;
            break;
          }
        l = std::max(l, next_x);
      }
      if (text.empty()) continue;
      Word w = make_word(std::move(text), l, r, conf);
      w.space_after = !line_end;
      // In ems, so that a heading's bigger type is not taken for weight.
      keep(std::move(w), inkmap && em > 0 ? stroke_width(inkmap.get(), l, t, r, b) / em : 0,
           {l, t, r, b});
    } while (it->Next(tesseract::RIL_WORD));
  }
  it.reset();
  mark_bold(found, ink, options_.bold_ink_ratio);
  // A bold heading's number set apart at the margin, which Tesseract's layout dropped, is read
  // again on its own (stages/ocr_numbers.h). Boxes map back by scale alone without a turn.
  int numbers = 0;
  if (geo.quads == 0 && !keep_text && inkmap)
    numbers = recover_heading_numbers(api, inkmap.get(), options_.psm, k, found, boxes, ink);
  for (const auto& [run, hyphens] : dash_rows) {
    if (geo.quads != 0) break;
    Word w;
    w.text = std::string(static_cast<size_t>(std::max(1, hyphens)), '-');
    // A monospaced hyphen is 0.6 em wide, its row an em high with the stroke at mid x-height.
    const double em = double(run.r - run.l) / std::max(1, hyphens) / 0.6;
    w.bbox = geo.box_to_points(run.l, static_cast<int>(run.b - 0.6 * em), run.r,
                               static_cast<int>(run.b + 0.5 * em));
    w.baseline = w.bbox.y1 - 0.22 * em * k;
    w.font_size = static_cast<float>(em * k);
    w.source = WordSource::ocr;
    w.confidence = 0.9f;  // the ink's shape is the evidence
    w.space_after = false;
    found.push_back(std::move(w));
    boxes.push_back(run);
    ink.push_back(0.0);
  }
  // A bullet Tesseract's layout dropped, known by its shape before a line.
  if (geo.quads == 0 && !keep_text && inkmap)
    bullets += static_cast<size_t>(recover_dropped_bullets(inkmap.get(), k, found, boxes, ink));
  api.Clear();

  if (ctx.debug_enabled()) {
    auto secs = [](Clock::time_point a, Clock::time_point b) {
      return std::chrono::duration<double>(b - a).count();
    };
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "ocr: %.0f dpi, render %.3f s, preprocess %.3f s, recognise %.3f s; %zu words, "
                  "%d quarter turns, skew %.2f deg; %zu bullets by shape, %zu leaders cut, %d leader runs erased, %d numbers read again, %zu rule pieces read as dashes or bars dropped, %zu raised tails cut",
                  dpi, secs(t_start, t_rendered), secs(t_rendered, t_prepared),
                  secs(t_prepared, Clock::now()), found.size(), geo.quads,
                  geo.skew_rad * 180 / M_PI, bullets, leaders, leader_runs, numbers, specks, raised_tails);
    ctx.debug(page.number, buf);
  }
  fix_ocr_words(found, ctx.vocab("ocr"));
  double sum = 0;
  for (const Word& w : found) sum += w.confidence;
  page.ocr_confidence = found.empty() ? 0.0 : sum / double(found.size());
  if (found.empty() && !keep_text) {
    ctx.issue("OCR_NO_TEXT", "warning", "OCR found no words on the page", page.number);
  } else if (!found.empty() && *page.ocr_confidence < options_.min_page_confidence) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "mean OCR word confidence %.2f is below %.2f",
                  *page.ocr_confidence, options_.min_page_confidence);
    ctx.issue("OCR_LOW_CONFIDENCE", "warning", buf, page.number);
  }
  for (Word& w : found) page.words.push_back(std::move(w));
  return {};
}

}  // namespace agendapack
