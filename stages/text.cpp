#include "stages/text.h"

#include <poppler/cpp/poppler-page.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

#include "stages/load.h"

namespace agendapack {

std::string strip_subset_prefix(std::string_view font) {
  if (font.size() > 7 && font[6] == '+' &&
      std::all_of(font.begin(), font.begin() + 6, [](char c) { return c >= 'A' && c <= 'Z'; }))
    font.remove_prefix(7);
  return std::string(font);
}

std::string normalize_text(std::string_view in) {
  bool ascii = true;
  for (unsigned char c : in) {
    if (c >= 0x80 || c < 0x20) {
      ascii = false;
      break;
    }
  }
  if (ascii) return std::string(in);
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                                    static_cast<utf8proc_ssize_t>(in.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE |
                                                                   UTF8PROC_STABLE));
  std::string s = n >= 0 ? std::string(reinterpret_cast<char*>(out), static_cast<size_t>(n))
                         : std::string(in);
  std::free(out);
  s.erase(std::remove_if(s.begin(), s.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
          s.end());
  return s;
}

namespace {

bool has_any(const std::string& s, std::initializer_list<const char*> parts) {
  for (const char* p : parts)
    if (s.find(p) != std::string::npos) return true;
  return false;
}

bool all_letters(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c));
  });
}

}  // namespace

void join_superscript_ordinals(std::vector<Word>& words) {
  // "13" + a raised, smaller "th" ("13th", Welsh "14eg", "10fed"): one word, as printed, so
  // that dates and resolutions read "13th April" rather than "13 th April".
  std::vector<Word> out;
  out.reserve(words.size());
  for (Word& w : words) {
    if (!out.empty()) {
      Word& a = out.back();
      bool digit = !a.text.empty() && std::isdigit(static_cast<unsigned char>(a.text.back()));
      bool raised = w.bbox.y1 < a.bbox.y1 - 0.15 * a.bbox.height();
      bool smaller = w.font_size > 0 && w.font_size < 0.85 * a.font_size;
      bool close = w.bbox.x0 - a.bbox.x1 < 0.3 * a.font_size;
      if (digit && raised && smaller && close && w.text.size() <= 4 && all_letters(w.text)) {
        a.text += w.text;
        a.bbox = a.bbox.united(w.bbox);
        a.space_after = w.space_after;
        continue;
      }
    }
    out.push_back(std::move(w));
  }
  words = std::move(out);
}

Result<void> TextStage::run_page(Document& doc, Page& page, StageContext& /*ctx*/) {
  auto pg = doc.pdf->page(page.number - 1);
  if (!pg) return {};
  std::vector<poppler::text_box> boxes = pg->text_list(poppler::page::text_list_include_font);
  page.words.reserve(boxes.size());
  // Text that runs sideways on an upright page (a landscape table printed on a portrait
  // page): when most characters run one way, the page is turned so that they read left to
  // right, as a reader would turn it, and every later stage works as on an upright page.
  size_t chars = 0, up = 0, down = 0;
  for (const poppler::text_box& box : boxes) {
    size_t n = box.text().size();
    chars += n;
    if (box.rotation() == 1) down += n;  // reads top to bottom
    if (box.rotation() == 3) up += n;    // reads bottom to top
  }
  int turn = 0;
  if (chars > 0 && up * 10 > chars * 6) turn = 90;
  if (chars > 0 && down * 10 > chars * 6) turn = 270;
  if (turn) {
    doc.pdf->set_view_rotation(page.number - 1, turn);
    page.rotation = (page.rotation + turn) % 360;
  }
  // Turning clockwise by 90 maps (x, y) to (H - y, x); by 270, to (y, W - x); W and H are
  // the page as the text layer saw it.
  double pw = pg->page_rect().width(), ph = pg->page_rect().height();
  if (page.rotation % 180 != turn % 180) std::swap(pw, ph);
  auto turned = [&](const poppler::rectf& r) -> BBox {
    if (turn == 90) return {ph - r.bottom(), r.left(), ph - r.top(), r.right()};
    if (turn == 270) return {r.top(), pw - r.right(), r.bottom(), pw - r.left()};
    return {r.left(), r.top(), r.right(), r.bottom()};
  };
  for (poppler::text_box& box : boxes) {
    auto bytes = box.text().to_utf8();
    std::string text = normalize_text(std::string_view(bytes.data(), bytes.size()));
    if (text.empty()) continue;
    Word w;
    w.text = std::move(text);
    w.bbox = turned(box.bbox());
    // Poppler's cpp API gives no baseline; the descent of text fonts is about a fifth of
    // the box height, close enough to group words into lines.
    w.baseline = w.bbox.y1 - 0.2 * w.bbox.height();
    w.font_size = static_cast<float>(box.get_font_size());
    w.font = strip_subset_prefix(box.get_font_name());
    w.bold = has_any(w.font, {"Bold", "bold", "Black", "Heavy", "Semibold", "SemiBold", "Demi"});
    w.italic = has_any(w.font, {"Italic", "italic", "Oblique", "oblique"});
    w.space_after = box.has_space_after();
    w.source = WordSource::text;
    page.words.push_back(std::move(w));
  }
  join_superscript_ordinals(page.words);
  return {};
}

}  // namespace agendapack
