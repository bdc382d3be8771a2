#include "stages/route.h"

#include <poppler/cpp/poppler-image.h>
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stages/load.h"

namespace agendapack {

RouteOptions RouteOptions::from_json(const nlohmann::json& s, const nlohmann::json& ocr) {
  RouteOptions o;
  o.mode = get_or<std::string>(ocr, "mode", o.mode);
  o.min_words = get_or<int>(s, "min_words", o.min_words);
  o.max_bad_char_share = get_or<double>(s, "max_bad_char_share", o.max_bad_char_share);
  o.min_wordlike_share = get_or<double>(s, "min_wordlike_share", o.min_wordlike_share);
  o.min_shape_tokens = get_or<int>(s, "min_shape_tokens", o.min_shape_tokens);
  o.probe_below_words = get_or<int>(s, "probe_below_words", o.probe_below_words);
  o.probe_gap_share = get_or<double>(s, "probe_gap_share", o.probe_gap_share);
  o.probe_dpi = get_or<double>(s, "probe_dpi", o.probe_dpi);
  o.ink_threshold = get_or<int>(s, "ink_threshold", o.ink_threshold);
  o.blank_ink_share = get_or<double>(s, "blank_ink_share", o.blank_ink_share);
  o.min_uncovered_blobs = get_or<int>(s, "min_uncovered_blobs", o.min_uncovered_blobs);
  o.min_uncovered_share = get_or<double>(s, "min_uncovered_share", o.min_uncovered_share);
  o.word_margin = get_or<double>(s, "word_margin", o.word_margin);
  o.separator_max_blobs = get_or<int>(s, "separator_max_blobs", o.separator_max_blobs);
  o.separator_min_letter_pt =
      get_or<double>(s, "separator_min_letter_pt", o.separator_min_letter_pt);
  o.separator_solid_share = get_or<double>(s, "separator_solid_share", o.separator_solid_share);
  return o;
}

namespace {

bool is_bad_code_point(utf8proc_int32_t cp) {
  if (cp == 0xFFFD || cp < 0x20) return true;
  if (cp >= 0xE000 && cp <= 0xF8FF) return true;  // private use area
  return cp >= 0xF0000;                           // supplementary private use areas
}

bool is_letter(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
      return true;
    default:
      return false;
  }
}

bool is_digit(utf8proc_int32_t cp) { return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND; }

// Inside a word: apostrophes, hyphens and dots (abbreviations) are ordinary.
bool is_inner_joiner(utf8proc_int32_t cp) {
  return cp == '\'' || cp == '-' || cp == '.' || cp == 0x2019 || cp == 0x2010 || cp == 0x2011;
}

std::vector<utf8proc_int32_t> decode(const std::string& s, size_t& bad) {
  std::vector<utf8proc_int32_t> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // invalid UTF-8 counts as an unmapped glyph
      ++bad;
      out.push_back(0xFFFD);
      ++p;
      --left;
      continue;
    }
    out.push_back(cp);
    p += n;
    left -= n;
  }
  return out;
}

// Plausible case shapes in any cased script: all lower, all upper, or one capital then lower.
bool plausible_case(const std::vector<utf8proc_int32_t>& letters) {
  size_t upper = 0, lower = 0;
  bool upper_after_first = false;
  for (size_t idx = 0; idx < letters.size(); ++idx) {
    auto cat = utf8proc_category(letters[idx]);
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
      ++upper;
      if (idx > 0) upper_after_first = true;
    } else if (cat == UTF8PROC_CATEGORY_LL) {
      ++lower;
    }
  }
  if (upper == 0 || lower == 0) return true;  // uncased scripts land here too
  return !upper_after_first;
}

}  // namespace

TextLayerStats text_layer_stats(const std::vector<Word>& words) {
  TextLayerStats st;
  for (const Word& w : words) {
    size_t bad_utf8 = 0;
    std::vector<utf8proc_int32_t> cps = decode(w.text, bad_utf8);
    size_t bad = 0;
    for (auto cp : cps) bad += is_bad_code_point(cp);
    st.chars += cps.size();
    st.bad_chars += bad;
    // Token shape: strip punctuation around the word, then look at what is left.
    size_t first = 0, last = cps.size();
    auto edge = [&](utf8proc_int32_t cp) {
      return !is_letter(cp) && !is_digit(cp) && !is_bad_code_point(cp);
    };
    while (first < last && edge(cps[first])) ++first;
    while (last > first && edge(cps[last - 1])) --last;
    if (first == last) continue;
    bool letters = false, digits = false, other = bad > 0;
    std::vector<utf8proc_int32_t> core;
    for (size_t idx = first; idx < last; ++idx) {
      auto cp = cps[idx];
      if (is_letter(cp)) {
        letters = true;
        core.push_back(cp);
      } else if (is_digit(cp)) {
        digits = true;
      } else if (!is_inner_joiner(cp) && cp != '/' && cp != '&' && cp != ',' && cp != ':') {
        other = true;
      }
    }
    if (other) {
      ++st.odd;  // symbols or unmapped glyphs inside a token
    } else if (letters && !digits) {
      if (plausible_case(core)) ++st.wordlike;
      else ++st.odd;
    }
    // Digits alone, or letters with digits (references, "£2.5m", "10am"): neutral.
  }
  return st;
}

InkStats ink_stats(const unsigned char* gray, int width, int height, int stride, double dpi,
                   const std::vector<Word>& words, const RouteOptions& options) {
  InkStats st;
  if (width <= 0 || height <= 0) return st;
  const size_t n = static_cast<size_t>(width) * static_cast<size_t>(height);
  std::vector<unsigned char> covered(n, 0);
  const double scale = dpi / 72.0;
  for (const Word& w : words) {
    int x0 = std::max(0, static_cast<int>(std::floor((w.bbox.x0 - options.word_margin) * scale)));
    int y0 = std::max(0, static_cast<int>(std::floor((w.bbox.y0 - options.word_margin) * scale)));
    int x1 = std::min(width, static_cast<int>(std::ceil((w.bbox.x1 + options.word_margin) * scale)));
    int y1 = std::min(height, static_cast<int>(std::ceil((w.bbox.y1 + options.word_margin) * scale)));
    for (int y = y0; y < y1; ++y)
      std::fill(covered.begin() + static_cast<long>(y) * width + x0,
                covered.begin() + static_cast<long>(y) * width + std::max(x0, x1), 1);
  }
  // 0: background, 1: ink not yet labelled, 2: visited.
  std::vector<unsigned char> ink(n, 0);
  size_t ink_pixels = 0;
  for (int y = 0; y < height; ++y) {
    const unsigned char* row = gray + static_cast<size_t>(y) * static_cast<size_t>(stride);
    for (int x = 0; x < width; ++x) {
      if (row[x] < options.ink_threshold) {
        ink[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] = 1;
        ++ink_pixels;
      }
    }
  }
  st.ink_share = double(ink_pixels) / double(n);
  // Text-like blobs: letters and words at the probe resolution are a few pixels to a third of
  // an inch tall; rules are long and one or two pixels thin; pictures are large.
  const int max_h = static_cast<int>(dpi * 0.6), max_w = static_cast<int>(dpi * 2.0);
  size_t text_ink = 0, uncovered_ink = 0;
  std::vector<int> stack;
  std::vector<int> heights;  // pixels, of the text-like blobs
  for (size_t start = 0; start < n; ++start) {
    if (ink[start] != 1) continue;
    ink[start] = 2;
    stack.assign(1, static_cast<int>(start));
    int bx0 = width, by0 = height, bx1 = -1, by1 = -1;
    size_t pixels = 0, inside = 0;
    while (!stack.empty()) {
      int p = stack.back();
      stack.pop_back();
      int x = p % width, y = p / width;
      ++pixels;
      inside += covered[static_cast<size_t>(p)];
      bx0 = std::min(bx0, x);
      bx1 = std::max(bx1, x);
      by0 = std::min(by0, y);
      by1 = std::max(by1, y);
      for (int dy = -1; dy <= 1; ++dy) {
        int yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (int dx = -1; dx <= 1; ++dx) {
          int xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          size_t q = static_cast<size_t>(yy) * static_cast<size_t>(width) + static_cast<size_t>(xx);
          if (ink[q] == 1) {
            ink[q] = 2;
            stack.push_back(static_cast<int>(q));
          }
        }
      }
    }
    int bw = bx1 - bx0 + 1, bh = by1 - by0 + 1;
    bool rule = (bh <= 2 && bw > 6 * bh) || (bw <= 2 && bh > 6 * bw);
    bool text_like = !rule && bh >= 2 && bh <= max_h && bw <= max_w &&
                     double(pixels) >= 0.1 * double(bw) * double(bh);
    if (!text_like) continue;
    ++st.text_blobs;
    heights.push_back(bh);
    text_ink += pixels;
    if (2 * inside < pixels) {
      ++st.uncovered_blobs;
      uncovered_ink += pixels;
    }
  }
  st.uncovered_share = text_ink ? double(uncovered_ink) / double(text_ink) : 0;
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2),
                     heights.end());
    st.median_blob_height = heights[heights.size() / 2] * 72.0 / dpi;
  }
  return st;
}

namespace {

// The tallest stretch of the page (as a share of its height) with no word on it, from the top
// of the page to its last word: room for an image the text layer says nothing about. The
// stretch below the last word does not count: text that simply ends part way down is the last
// page of a report or a section far more often than text with a picture under it.
double largest_gap_share(const Page& page) {
  if (page.height <= 0) return 0;
  std::vector<std::pair<double, double>> spans;
  spans.reserve(page.words.size());
  for (const Word& w : page.words) spans.emplace_back(w.bbox.y0, w.bbox.y1);
  std::sort(spans.begin(), spans.end());
  double gap = 0, reach = 0;
  for (const auto& [y0, y1] : spans) {
    gap = std::max(gap, y0 - reach);
    reach = std::max(reach, y1);
  }
  return gap / page.height;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

}  // namespace

Result<void> RouteStage::run_page(Document& doc, Page& page, StageContext& ctx) {
  const size_t n_words = page.words.size();
  const std::string words_str = std::to_string(n_words) + (n_words == 1 ? " word" : " words");
  if (options_.mode == "never") {
    page.method = PageMethod::text;
    page.route_reason = n_words ? "text layer used; OCR is off (--ocr never)"
                                : "no text layer, but OCR is off (--ocr never)";
    return {};
  }
  if (options_.mode == "always") {
    page.method = PageMethod::ocr;
    page.route_reason = "OCR of every page requested (--ocr always)";
    return {};
  }

  if (static_cast<int>(n_words) >= options_.min_words) {
    TextLayerStats st = text_layer_stats(page.words);
    if (st.bad_share() > options_.max_bad_char_share) {
      page.method = PageMethod::ocr;
      page.route_reason = "garbage text layer: " + percent(st.bad_share()) +
                          " of the characters are unmapped glyphs or private-use code points";
      return {};
    }
    if (static_cast<int>(st.wordlike + st.odd) >= options_.min_shape_tokens &&
        st.wordlike_share() < options_.min_wordlike_share) {
      page.method = PageMethod::ocr;
      page.route_reason = "garbage text layer: only " + percent(st.wordlike_share()) +
                          " of the tokens look like words";
      return {};
    }
  }

  // A page with many words and no hole in the middle of its text is settled without
  // rendering; a short text layer, or one with a hole, is compared with the ink.
  const bool many = static_cast<int>(n_words) >= options_.probe_below_words;
  bool probe = !many || largest_gap_share(page) > options_.probe_gap_share;
  if (!probe || !doc.pdf) {
    page.method = PageMethod::text;
    page.route_reason = "text layer with " + words_str + " covering the page";
    return {};
  }

  PageImage probe_img = doc.pdf->render_page(page.number - 1, options_.probe_dpi);
  const poppler::image& img = probe_img.image;
  if (probe_img.over_budget) {
    // The page keeps what its text layer has; its drawing would have taken the process down.
    page.method = PageMethod::text;
    page.route_reason = "text layer with " + words_str +
                        "; the page could not be drawn within the memory budget";
    ctx.issue("RENDER_LIMIT", "warning",
              "drawing the page needs more memory than load.max_render_mb allows; it keeps "
              "its text-layer words and is not OCRed",
              page.number);
    return {};
  }
  if (!img.is_valid() || img.format() != poppler::image::format_gray8) {
    page.method = PageMethod::text;
    page.route_reason = "text layer with " + words_str + "; the page could not be rendered";
    ctx.debug(page.number, "route: render failed; keeping the text layer");
    return {};
  }
  InkStats ink = ink_stats(reinterpret_cast<const unsigned char*>(img.const_data()), img.width(),
                           img.height(), img.bytes_per_row(), probe_img.dpi, page.words,
                           options_);
  if (ctx.debug_enabled()) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "route: %zu words, ink %.4f, text blobs %d, uncovered %d (%.2f)",
                  n_words, ink.ink_share, ink.text_blobs, ink.uncovered_blobs,
                  ink.uncovered_share);
    ctx.debug(page.number, buf);
  }
  if (static_cast<int>(n_words) < options_.min_words) {
    if (ink.ink_share < options_.blank_ink_share) {
      page.method = PageMethod::text;
      page.route_reason = n_words ? "almost blank page with " + words_str : "blank page";
      return {};
    }
    // A separator sheet holds a few large words or none: reading it at ocr.dpi would spend
    // a page's time on a title.
    if (options_.separator_max_blobs > 0 && ink.text_blobs <= options_.separator_max_blobs) {
      char buf[160];
      if (ink.ink_share >= options_.separator_solid_share) {
        std::snprintf(buf, sizeof buf, "%s: %.0f%% of the page is ink (a coloured sheet); not OCRed",
                      std::string(kSeparatorReason).c_str(), ink.ink_share * 100);
        page.method = PageMethod::text;
        page.route_reason = buf;
        return {};
      }
      if (ink.text_blobs > 0 && ink.median_blob_height >= options_.separator_min_letter_pt) {
        std::snprintf(buf, sizeof buf, "%s: %d large marks (median %.0f pt high); read at low dpi",
                      std::string(kSeparatorReason).c_str(), ink.text_blobs,
                      ink.median_blob_height);
        page.method = PageMethod::ocr;
        page.route_reason = buf;
        return {};
      }
    }
    page.method = PageMethod::ocr;
    page.route_reason = (n_words ? "only " + words_str + " in the text layer"
                                 : std::string("no text layer")) +
                        ", but the page has ink (a scan, or text drawn as outlines)";
    return {};
  }
  if (ink.uncovered_blobs >= options_.min_uncovered_blobs &&
      ink.uncovered_share >= options_.min_uncovered_share) {
    page.method = PageMethod::text_ocr;
    page.route_reason = "the text layer (" + words_str + ") covers only " +
                        percent(1 - ink.uncovered_share) +
                        " of the text-like ink; the rest is OCRed (an image of text)";
    return {};
  }
  page.method = PageMethod::text;
  page.route_reason = "text layer with " + words_str + " covering the ink";
  return {};
}

}  // namespace agendapack
