#include "stages/documents.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "pipeline/dates.h"
#include "stages/item_lines.h"
#include "stages/layout.h"

namespace agendapack {

namespace {

using Json = nlohmann::json;

// One copy of these in the stages: item_lines.h.
using item_lines::trim;
std::string lower(std::string s) { return item_lines::lower_ascii(std::move(s)); }

bool any_search(const std::vector<Regex>& res, const std::string& s, RegexMatch* m = nullptr) {
  for (const Regex& re : res)
    if (re.search(s, m)) return true;
  return false;
}

// Words that say what a title is about: letters only, four or more, lower case. Short words
// ("the", "of", "and") and numbers say nothing about which item a part belongs to.
std::set<std::string> content_words(const std::string& s) {
  std::set<std::string> out;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 4) out.insert(w);
    w.clear();
  };
  for (unsigned char c : s) {
    if (std::isalpha(c) || c >= 0x80)
      w += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  return out;
}

// Capitals OCR set apart ("CORRE S POND ENCE") closed up again: a line of capitals only with
// a piece of one letter.
std::string close_up(const std::string& s) {
  bool caps = !s.empty(), short_piece = false;
  size_t piece = 0;
  for (char c : s + " ") {
    if (c == ' ') {
      short_piece = short_piece || piece == 1;
      piece = 0;
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      ++piece;
    } else {
      caps = false;
    }
  }
  if (!caps || !short_piece) return s;
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

// What one page's top says about the part it opens.
struct PageInfo {
  std::vector<uint32_t> body;  // body line indices in reading order
  std::string kind;            // "" | minutes | report | appendix
  uint32_t signal_line = 0;    // index into Page::lines of the heading that said so
  std::string title;
  std::optional<std::string> date;
  std::optional<std::string> marker;  // "Agenda Item 6" printed at the top
  std::vector<int> numbers;  // printed page numbers (furniture)
  bool landscape = false;
};

// One numbered item of the front sheet.
struct ListedItem {
  std::string number;
  int value = 0;
  std::string title;
  std::optional<int> printed_page;
};

// A part's first page and what is known of it.
struct Start {
  std::string kind;  // "" when only its item or a page turn says a part begins here
  std::string title;
  std::optional<std::string> item;
  std::optional<std::string> date;
  ProvenanceList prov;
};

class Segmenter {
 public:
  Segmenter(Document& doc, const DocumentsVocab& v, const DateWords& dates, StageContext& ctx)
      : doc_(doc), v_(v), dates_(dates), ctx_(ctx) {}
  void run();

 private:
  const Line& line(uint32_t p, uint32_t l) const { return doc_.pages[p].lines[l]; }
  std::string text(uint32_t p, uint32_t l) const { return trim(line(p, l).text); }
  void read_page(uint32_t p);
  std::string report_title(uint32_t p, size_t from) const;
  std::optional<std::string> date_near(uint32_t p, size_t from) const;
  bool front_sheet() const;
  void read_item_list();
  int page_offset() const;
  std::string single_kind() const;
  std::optional<size_t> best_by_words(uint32_t p, const std::vector<std::string>& titles) const;
  std::optional<std::string> link_by_words(uint32_t p) const;
  std::vector<std::string> listed_entries(uint32_t p) const;
  void link_correspondence();
  ProvenanceList prov_of(uint32_t p, uint32_t l) const { return provenance_of_lines(doc_, {{p, l}}); }

  Document& doc_;
  const DocumentsVocab& v_;
  const DateWords& dates_;
  StageContext& ctx_;
  std::vector<PageInfo> pages_;
  std::vector<ListedItem> items_;
  uint32_t list_last_page_ = 0;  // the page the front sheet's item list ends on
};

void Segmenter::read_page(uint32_t p) {
  const Page& page = doc_.pages[p];
  PageInfo& info = pages_[p];
  for (uint32_t l : page.order)
    if (!trim(page.lines[l].text).empty()) info.body.push_back(l);
  info.landscape = page.view_width() > page.view_height() * 1.05;
  static const Regex number_re("(\\d{1,4})");
  for (const Line& l : page.lines) {
    RegexMatch m;
    if (l.role == LineRole::page_number && number_re.search(l.text, &m))
      info.numbers.push_back(std::stoi(m[1].str()));
  }
  for (size_t k = 0; k < info.body.size() && k < v_.top_lines && !info.marker; ++k) {
    RegexMatch m;
    std::string t = text(p, info.body[k]);
    for (const Regex& re : v_.item_marker)
      if (re.search(t, &m)) {
        info.marker = m[1].str();
        break;
      }
  }
  // A list's label ("B.", "3.", "(a)") at the top: the page continues a list (an agenda's
  // "Draft Minutes" link under its item), and no heading under it opens a part.
  static const Regex list_label("^(?:[A-Z]|\\d{1,2}|[ivx]{1,4})[.)]\\s|^\\([a-z0-9]{1,3}\\)\\s");
  for (size_t k = 0; k < info.body.size() && k < v_.top_lines; ++k) {
    std::string t = text(p, info.body[k]);
    if (list_label.search(t)) break;
    if (t.size() > 160) continue;
    std::string kind;
    if (any_search(v_.minutes, t))
      kind = "minutes";
    else if (any_search(v_.report, t))
      kind = "report";
    else if (t.size() <= 100 && any_search(v_.appendix, t))
      kind = "appendix";
    else if (t.size() <= 120 && (any_search(v_.other, t) || any_search(v_.letter, t)))
      kind = "other";
    else
      continue;
    // "Subject:" over "Decision No:" heads a decision report, not a letter.
    if (kind == "other" && any_search(v_.letter, t))
      for (size_t j = k + 1; j < info.body.size() && j <= k + 3; ++j)
        if (any_search(v_.report, text(p, info.body[j]))) kind = "report";
    // Under two lines or more set like it (same left edge and size) the line is an entry of
    // a list ("Minutes of the meeting held on ..." among an agenda's unnumbered business).
    const Line& sl = line(p, info.body[k]);
    int alike = 0;
    for (size_t j = 0; j < k; ++j) {
      const Line& o = line(p, info.body[j]);
      alike += std::abs(o.bbox.x0 - sl.bbox.x0) <= 3 && std::abs(o.font_size - sl.font_size) <= 0.5;
    }
    if (alike >= 2) continue;
    info.kind = kind;
    info.signal_line = info.body[k];
    if (kind == "minutes") {
      // "MINUTES of a meeting of the Cabinet held at ... on ...": the title stops where the
      // place and time begin; a bare "MINUTES" takes the line under it.
      std::string title = t;
      size_t held = lower(title).find(" held");
      if (held != std::string::npos && held > 10) title = trim(title.substr(0, held));
      while (!title.empty() && std::ispunct(static_cast<unsigned char>(title.back()))) title.pop_back();
      if (content_words(title).size() <= 1 && k + 1 < info.body.size())
        title += " – " + text(p, info.body[k + 1]);
      info.title = title;
    } else if (kind == "report") {
      info.title = report_title(p, k);
    } else if (kind == "other") {
      // The heading itself: a letterhead's tagline OCR read into its line is no title.
      RegexMatch m;
      if (any_search(v_.letter, t, &m))
        info.title = trim(m[1].str());
      else if (any_search(v_.other, t, &m))
        info.title = close_up(trim(m[0].str()));
      else
        info.title = t;
    } else {
      std::string title = t;
      if (content_words(t).size() <= 1 && k + 1 < info.body.size()) {
        const Line& next = line(p, info.body[k + 1]);
        std::string nt = trim(next.text);
        if (nt.size() <= 100 && (next.heading || next.bold)) title += ": " + nt;
      }
      info.title = title;
    }
    info.date = date_near(p, k);
    break;
  }
}

// A report's title: its "Subject:" line near the top, else the heading under the report's
// first line, else that line.
std::string Segmenter::report_title(uint32_t p, size_t from) const {
  const PageInfo& info = pages_[p];
  for (size_t k = 0; k < info.body.size() && k < from + 14; ++k) {
    RegexMatch m;
    std::string t = text(p, info.body[k]);
    for (const Regex& re : v_.subject) {
      if (!re.match(t, &m)) continue;
      // "SUBJECT: HOUSING ASSISTANCE PAYMENTS PROGRAM – APPROVE" / "WARRANT RUN ...": the
      // subject wraps under itself, right of its label, in its own type.
      std::string subject = trim(m[1].str());
      for (size_t j = k + 1; j < info.body.size() && j <= k + 2; ++j) {
        const Line& prev = line(p, info.body[j - 1]);
        const Line& l = line(p, info.body[j]);
        double size = prev.font_size > 0 ? prev.font_size : 10;
        if (l.bold != prev.bold || std::abs(l.font_size - prev.font_size) > 0.5 ||
            l.bbox.x0 < line(p, info.body[k]).bbox.x0 + 2 * size || l.bbox.y0 - prev.bbox.y1 > 0.5 * size)
          break;
        subject = join_lines({subject, trim(l.text)});
      }
      return subject;
    }
  }
  // A heading too long for one line ("Report of the Head of Licensing to the Regulatory
  // Committee, 16" / "January 2025") carries on in its own type right under itself, where the
  // next line's first word would not have fitted on it; a title set like the heading under a
  // short one is the title.
  const Page& page = doc_.pages[p];
  double right = 0;
  for (uint32_t l : info.body) right = std::max(right, line(p, l).bbox.x1);
  size_t after = from + 1;
  for (; after < info.body.size(); ++after) {
    const Line& prev = line(p, info.body[after - 1]);
    const Line& l = line(p, info.body[after]);
    double size = prev.font_size > 0 ? prev.font_size : 10;
    double first_word = l.words.empty() ? 0 : page.words[l.words.front()].bbox.width();
    if (l.bold != prev.bold || std::abs(l.font_size - prev.font_size) > 0.5 ||
        std::abs(l.bbox.x0 - prev.bbox.x0) > 3 || l.bbox.y0 - prev.bbox.y1 > 0.5 * size ||
        right - prev.bbox.x1 > first_word + 0.5 * size + 2)
      break;
  }
  for (size_t k = after; k < info.body.size() && k < from + 6; ++k) {
    const Line& l = line(p, info.body[k]);
    std::string t = trim(l.text);
    if ((l.heading || l.bold) && t.find(':') == std::string::npos && !find_dates(t, dates_).size() &&
        t.size() <= 120)
      return t;
  }
  return text(p, info.body[from]);
}

std::optional<std::string> Segmenter::date_near(uint32_t p, size_t from) const {
  const PageInfo& info = pages_[p];
  std::vector<std::string> parts;
  for (size_t k = from; k < info.body.size() && k < from + 6; ++k) parts.push_back(text(p, info.body[k]));
  auto found = find_dates(join_lines(parts), dates_);
  if (found.empty()) return std::nullopt;
  return found.front().iso;
}

// The first page is an agenda's front sheet: it says agenda (or that a meeting will be held)
// before anything says minutes or report.
bool Segmenter::front_sheet() const {
  if (pages_.empty() || !pages_[0].kind.empty()) return false;
  const PageInfo& info = pages_[0];
  // Minutes name themselves in an unnumbered line; a front sheet's "3. Minutes of the last
  // meeting" is one of its items.
  static const Regex minutes_word("\\b(?:minutes|cofnodion)\\b", Regex::kIcase);
  for (size_t k = 0; k < info.body.size() && k < 30; ++k) {
    std::string t = text(0, info.body[k]);
    if (any_search(v_.minutes, t) || any_search(v_.report, t) || any_search(v_.item_marker, t)) return false;
    if (minutes_word.search(t) && !v_.item_line.match(t)) return false;
    if (t.size() <= 200 && any_search(v_.agenda, t)) return true;
  }
  return false;
}

// The front sheet's numbered items: the longest chain of numbered lines at one left edge whose
// numbers rise in small steps, on the first pages before another part begins. A number alone
// at the line's end after a wide gap, leader dots or "Page" is the page the item's papers
// start on.
void Segmenter::read_item_list() {
  struct Cand {
    uint32_t page, line;
    ListedItem item;
    double x0 = 0;
  };
  std::vector<Cand> cands;
  std::vector<std::pair<uint32_t, uint32_t>> order;  // every body line of the list pages
  static const Regex page_word("^(?:page|tudalen|p\\.?|pp\\.?)$", Regex::kIcase);
  static const Regex digits("^\\d{1,3}$");
  for (uint32_t p = 0; p < pages_.size() && p < 4; ++p) {
    if (p > 0 && !pages_[p].kind.empty()) break;
    const Page& page = doc_.pages[p];
    for (uint32_t l : pages_[p].body) {
      order.emplace_back(p, l);
      const Line& ln = page.lines[l];
      RegexMatch m;
      std::string t = trim(ln.text);
      if (!v_.item_line.match(t, &m)) continue;
      Cand c{p, l, {}, ln.bbox.x0};
      c.item.number = m[1].str();
      c.item.value = std::atoi(c.item.number.c_str());
      std::string rest = trim(m[2].str());
      // The printed page: the last word, alone after a wide gap, leaders or "Page".
      if (ln.words.size() >= 2) {
        const Word& last = page.words[ln.words.back()];
        const Word& before = page.words[ln.words[ln.words.size() - 2]];
        double size = ln.font_size > 0 ? ln.font_size : 10;
        bool leaders = before.text.find("..") != std::string::npos;
        if (digits.match(last.text) &&
            (last.bbox.x0 - before.bbox.x1 > 2.5 * size || leaders || page_word.match(before.text))) {
          c.item.printed_page = std::stoi(last.text);
          size_t cut = rest.rfind(last.text);
          if (cut != std::string::npos) rest = trim(rest.substr(0, cut));
          if (page_word.match(before.text) || leaders) {
            size_t b = rest.rfind(before.text);
            if (b != std::string::npos) rest = trim(rest.substr(0, b));
          }
        }
      }
      for (const Regex& re : v_.title_strip) rest = trim(re.replace_all(rest, ""));
      c.item.title = rest;
      cands.push_back(std::move(c));
    }
  }
  // The longest chain.
  std::vector<size_t> best;
  for (size_t s = 0; s < cands.size(); ++s) {
    if (cands[s].item.value > 1) continue;
    std::vector<size_t> chain{s};
    for (size_t k = s + 1; k < cands.size(); ++k) {
      const Cand& prev = cands[chain.back()];
      int step = cands[k].item.value - prev.item.value;
      if (std::abs(cands[k].x0 - cands[s].x0) > 12 || step < 0 || step > 3) continue;
      if (step == 0 && cands[k].item.number == prev.item.number) continue;
      chain.push_back(k);
    }
    if (chain.size() > best.size()) best = std::move(chain);
  }
  if (best.size() < 3) return;
  // A title wraps onto lines indented under it; the page may be printed on the last of them.
  for (size_t b = 0; b < best.size(); ++b) {
    Cand& c = cands[best[b]];
    auto it = std::find(order.begin(), order.end(), std::make_pair(c.page, c.line));
    for (++it; it != order.end(); ++it) {
      if (b + 1 < best.size() && *it == std::make_pair(cands[best[b + 1]].page, cands[best[b + 1]].line)) break;
      const Line& ln = line(it->first, it->second);
      if (it->first != c.page || ln.bbox.x0 < c.x0 + 4 || c.item.title.size() > 200) break;
      const Page& page = doc_.pages[it->first];
      std::string t = trim(ln.text);
      if (!c.item.printed_page && ln.words.size() >= 2) {
        const Word& last = page.words[ln.words.back()];
        const Word& before = page.words[ln.words[ln.words.size() - 2]];
        if (std::all_of(last.text.begin(), last.text.end(), ::isdigit) && last.text.size() <= 3 &&
            last.bbox.x0 - before.bbox.x1 > 2.5 * (ln.font_size > 0 ? ln.font_size : 10)) {
          c.item.printed_page = std::stoi(last.text);
          t = trim(t.substr(0, t.rfind(last.text)));
        }
      }
      c.item.title = join_lines({c.item.title, t});
    }
    items_.push_back(c.item);
    list_last_page_ = std::max(list_last_page_, c.page);
  }
  // Printed pages rise with the items; a list whose numbers do not is no list of pages.
  int last = 0;
  bool rising = true;
  for (const ListedItem& it : items_) {
    if (!it.printed_page) continue;
    rising = rising && *it.printed_page >= last;
    last = *it.printed_page;
  }
  if (!rising)
    for (ListedItem& it : items_) it.printed_page.reset();
}

// How the pack's printed page numbers relate to the pages: printed = index + 1 + offset,
// where most numbered pages agree. 0 when nothing is printed.
int Segmenter::page_offset() const {
  int best = 0, best_count = 0;
  for (int d = -6; d <= 6; ++d) {
    int count = 0;
    for (size_t p = 0; p < pages_.size(); ++p)
      for (int n : pages_[p].numbers)
        if (n == static_cast<int>(p) + 1 + d) {
          ++count;
          break;
        }
    if (count > best_count || (count == best_count && d == 0)) {
      best = d;
      best_count = count;
    }
  }
  return best_count >= 2 ? best : 0;
}

// What a document that is no pack is: its top says so, else the first lines name it.
std::string Segmenter::single_kind() const {
  if (pages_.empty()) return "other";
  if (!pages_[0].kind.empty()) return pages_[0].kind;
  if (front_sheet()) return "agenda";
  static const Regex minutes_word("\\b(?:minutes|cofnodion)\\b", Regex::kIcase);
  const PageInfo& info = pages_[0];
  for (size_t k = 0; k < info.body.size() && k < 15; ++k) {
    std::string t = text(0, info.body[k]);
    if (t.size() > 160) continue;
    if (minutes_word.search(t)) return "minutes";
    if (any_search(v_.agenda, t)) return "agenda";
  }
  // Minutes that never say so ("... held their meeting at 7.30pm", "PRESENT").
  for (size_t k = 0; k < info.body.size() && k < 30; ++k)
    if (any_search(v_.minutes_cues, text(0, info.body[k]))) return "minutes";
  return "other";
}

// The title most of whose words page `p` prints, by index ("Appointment of a representative
// to the ... Committee" over a resolution that appoints one).
std::optional<size_t> Segmenter::best_by_words(uint32_t p, const std::vector<std::string>& titles) const {
  std::string head;
  const PageInfo& info = pages_[p];
  for (uint32_t l : info.body) head += text(p, l) + " ";
  // Words compare by their first five letters: "request" is "requests", "amendments" "amend";
  // a title of one word must be printed whole.
  auto stem = [](const std::string& w) { return w.size() > 5 ? w.substr(0, 5) : w; };
  std::set<std::string> exact = content_words(head), words;
  std::string closed;
  for (char c : lower(head))
    if (c != ' ') closed += c;
  for (const std::string& w : exact) words.insert(stem(w));
  std::optional<size_t> best;
  size_t best_common = 0;
  double best_share = 0;
  for (size_t t = 0; t < titles.size(); ++t) {
    // Words every part of a pack prints (the council, the meeting, a month) link nothing.
    std::vector<std::string> want;
    for (const std::string& w : content_words(titles[t]))
      if (!month_number(w, dates_) && !is_weekday(w, dates_) &&
          std::find(v_.link_stop_words.begin(), v_.link_stop_words.end(), w) == v_.link_stop_words.end())
        want.push_back(w);
    if (want.empty()) continue;
    size_t common = 0;
    // OCR sets a heading's capitals apart ("CORRE S POND ENCE"): a one-word title is also
    // looked for in the text with its spaces closed up.
    for (const std::string& w : want)
      common += want.size() == 1 ? (exact.count(w) || closed.find(w) != std::string::npos) : words.count(stem(w));
    double share = static_cast<double>(common) / static_cast<double>(want.size());
    // Most of the title's words, and more of them than any other title's.
    if (common < std::min<size_t>(2, want.size()) || share < 0.6) continue;
    if (common > best_common || (common == best_common && share > best_share)) {
      best = t;
      best_common = common;
      best_share = share;
    }
  }
  return best;
}

std::optional<std::string> Segmenter::link_by_words(uint32_t p) const {
  std::vector<std::string> titles;
  for (const ListedItem& it : items_) titles.push_back(it.title);
  auto best = best_by_words(p, titles);
  if (!best) return std::nullopt;
  return items_[*best].number;
}

// The entries a page lists ("1. Minutes from the ... Board, held November 25, 2024."), each
// with the lines indented under it.
std::vector<std::string> Segmenter::listed_entries(uint32_t p) const {
  std::vector<std::string> out;
  double x0 = 0;
  bool open = false;  // the last entry may still take indented lines
  for (uint32_t l : pages_[p].body) {
    const Line& ln = line(p, l);
    RegexMatch m;
    std::string t = text(p, l);
    if (v_.item_line.match(t, &m)) {
      out.push_back(trim(m[2].str()));
      x0 = ln.bbox.x0;
      open = true;
    } else if (open && ln.bbox.x0 > x0 + 4) {
      out.back() = join_lines({out.back(), t});
    } else {
      open = false;
    }
  }
  return out;
}

// Letters and other bodies' papers enclosed under a "Correspondence" item follow its list of
// them: each part after it that no item claims, whose first page prints most of the words of
// one of the listed entries, belongs to that item too.
void Segmenter::link_correspondence() {
  std::map<int, uint32_t> page_index;
  for (uint32_t p = 0; p < doc_.pages.size(); ++p) page_index[doc_.pages[p].number] = p;
  for (size_t k = 0; k < doc_.documents.size(); ++k) {
    const PackDocument& list = doc_.documents[k];
    if (!list.item || list.kind == "agenda") continue;
    const ListedItem* listed = nullptr;
    for (const ListedItem& li : items_)
      if (li.number == *list.item) listed = &li;
    std::set<std::string> words = content_words(listed ? listed->title : "");
    if (std::none_of(v_.correspondence_item_words.begin(), v_.correspondence_item_words.end(),
                     [&](const std::string& w) { return words.count(w) > 0; }))
      continue;
    std::vector<std::string> entries = listed_entries(page_index[list.first_page]);
    if (entries.empty()) continue;
    for (size_t j = k + 1; j < doc_.documents.size() && !doc_.documents[j].item; ++j)
      if (best_by_words(page_index[doc_.documents[j].first_page], entries))
        doc_.documents[j].item = list.item;
  }
}

void Segmenter::run() {
  doc_.documents.clear();
  if (doc_.pages.empty()) return;
  pages_.resize(doc_.pages.size());
  for (uint32_t p = 0; p < doc_.pages.size(); ++p) read_page(p);
  const int n = static_cast<int>(doc_.pages.size());

  auto first_line = [&](uint32_t p) -> ProvenanceList {
    if (pages_[p].body.empty()) return {{doc_.pages[p].number, {}}};
    return prov_of(p, pages_[p].body.front());
  };
  auto single = [&] {
    PackDocument d;
    d.kind = single_kind();
    d.first_page = doc_.pages.front().number;
    d.last_page = doc_.pages.back().number;
    // No title: the record's meeting says what a lone document is, and the facts database
    // names a document by its first part's title only when it is a pack.
    d.prov = pages_[0].kind.empty() ? first_line(0) : prov_of(0, pages_[0].signal_line);
    doc_.documents.push_back(std::move(d));
  };
  if (!front_sheet()) return single();

  read_item_list();
  const int offset = page_offset();
  std::map<uint32_t, Start> starts;
  // Pages the item list names.
  for (const ListedItem& it : items_) {
    if (!it.printed_page) continue;
    int p = *it.printed_page - offset - 1;
    if (p <= static_cast<int>(list_last_page_) || p >= n) continue;
    Start& s = starts[static_cast<uint32_t>(p)];
    if (!s.item) {
      s.item = it.number;
      s.title = it.title;
      s.date = date_near(static_cast<uint32_t>(p), 0);
    }
  }
  // "Agenda Item 6" printed at a page's top.
  for (uint32_t p = list_last_page_ + 1; p < pages_.size(); ++p) {
    if (!pages_[p].marker) continue;
    Start& s = starts[p];
    if (!s.item) s.item = pages_[p].marker;
  }
  // Headings at a page's top, and the turns into and out of a run of landscape pages.
  for (uint32_t p = list_last_page_ + 1; p < pages_.size(); ++p) {
    const PageInfo& info = pages_[p];
    if (!info.kind.empty()) {
      Start& s = starts[p];
      s.kind = info.kind;
      s.title = info.title;
      if (info.date) s.date = info.date;
      s.prov = prov_of(p, info.signal_line);
    } else if (info.landscape != pages_[p - 1].landscape && !starts.count(p)) {
      Start& s = starts[p];
      s.kind = info.landscape ? "appendix" : "other";
      s.title = info.body.empty() ? "" : text(p, info.body.front());
    }
  }
  if (starts.empty()) return single();
  if (items_.empty())
    ctx_.issue("PACK_AGENDA_WITHOUT_ITEMS", "warning",
               "the first page is an agenda followed by other documents, but it lists no "
               "numbered items",
               doc_.pages.front().number);

  PackDocument agenda;
  agenda.kind = "agenda";
  agenda.title = "Agenda";
  for (size_t k = 0; k < pages_[0].body.size() && k < 30; ++k) {
    std::string t = text(0, pages_[0].body[k]);
    if (!any_search(v_.agenda, t)) continue;
    // "Cabinet Agenda" names the part; "A meeting of ... will be held:" does not.
    static const Regex agenda_word("\\b(?:agenda|rhaglen)\\b", Regex::kIcase);
    if (agenda_word.search(t) && t.size() <= 60) agenda.title = t;
    agenda.prov = prov_of(0, pages_[0].body[k]);
    break;
  }
  agenda.first_page = doc_.pages.front().number;
  agenda.last_page = doc_.pages[starts.begin()->first - 1].number;
  doc_.documents.push_back(std::move(agenda));

  std::set<std::string> minutes_taken;
  for (auto it = starts.begin(); it != starts.end(); ++it) {
    const uint32_t p = it->first;
    Start& s = it->second;
    auto next = std::next(it);
    const int last_page = doc_.pages[next == starts.end() ? n - 1 : next->first - 1].number;
    // "Agenda Item 6" printed on every page of its report opens it once.
    if (s.kind.empty() && s.item && doc_.documents.back().kind != "agenda" &&
        doc_.documents.back().item == s.item) {
      doc_.documents.back().last_page = last_page;
      continue;
    }
    PackDocument d;
    d.first_page = doc_.pages[p].number;
    d.last_page = last_page;
    d.item = s.item;
    d.date = s.date;
    d.prov = s.prov.empty() ? first_line(p) : s.prov;
    d.title = s.title;
    const ListedItem* listed = nullptr;
    for (const ListedItem& li : items_)
      if (s.item && li.number == *s.item) listed = &li;
    auto names_minutes = [&](const std::string& title) {
      std::string lt = lower(title);
      return std::any_of(v_.minutes_item_words.begin(), v_.minutes_item_words.end(),
                         [&](const std::string& w) { return content_words(lt).count(w) > 0; });
    };
    // A running title repeated at the top of the next page ("Minutes of the Regular
    // Meeting / October 18, 2022") continues the part it names.
    const PackDocument& prev = doc_.documents.back();
    if (!s.kind.empty() && s.kind != "other" && s.kind == prev.kind && !s.item &&
        lower(s.title) == lower(prev.title)) {
      doc_.documents.back().last_page = last_page;
      continue;
    }
    if (!s.kind.empty())
      d.kind = s.kind;
    else if (listed)
      d.kind = names_minutes(listed->title) ? "minutes" : "report";
    else
      d.kind = "other";
    if (d.title.empty() && listed) d.title = listed->title;
    if (!d.item) {
      if (d.kind == "appendix" && !doc_.documents.empty() && doc_.documents.back().kind != "agenda") {
        d.item = doc_.documents.back().item;
      } else if (d.kind == "minutes") {
        // The item that approves minutes: the one naming this meeting's date, else the only one.
        std::vector<const ListedItem*> named;
        for (const ListedItem& li : items_)
          if (names_minutes(li.title) && !minutes_taken.count(li.number)) named.push_back(&li);
        for (const ListedItem* li : named) {
          auto dates = find_dates(li->title, dates_);
          if (d.date && !dates.empty() && dates.front().iso == *d.date) d.item = li->number;
        }
        if (!d.item && named.size() == 1 && minutes_taken.empty()) d.item = named.front()->number;
      } else {
        d.item = link_by_words(p);
      }
    }
    if (d.kind == "minutes" && d.item) minutes_taken.insert(*d.item);
    doc_.documents.push_back(std::move(d));
  }
  link_correspondence();
  ctx_.debug(0, std::to_string(doc_.documents.size()) + " parts, " +
                    std::to_string(items_.size()) + " listed items, page offset " +
                    std::to_string(offset));
}

}  // namespace

DocumentsVocab DocumentsVocab::from_json(const Json& j) {
  DocumentsVocab v;
  auto list = [&](const char* key) {
    return compile_all(get_or<std::vector<std::string>>(j, key, {}), Regex::kIcase);
  };
  v.agenda = list("agenda_patterns");
  v.minutes = list("minutes_patterns");
  v.report = list("report_patterns");
  v.subject = list("subject_patterns");
  v.appendix = list("appendix_patterns");
  v.title_strip = list("title_strip_patterns");
  v.item_marker = list("item_marker_patterns");
  v.minutes_cues = list("minutes_cue_patterns");
  v.other = list("other_patterns");
  v.letter = list("letter_patterns");
  v.minutes_item_words = get_or<std::vector<std::string>>(j, "minutes_item_words", {});
  v.link_stop_words = get_or<std::vector<std::string>>(j, "link_stop_words", {});
  v.correspondence_item_words = get_or<std::vector<std::string>>(j, "correspondence_item_words", {});
  v.item_line = Regex(get_or<std::string>(j, "item_line_pattern", "$^"), Regex::kIcase);
  v.top_lines = get_or<size_t>(j, "top_lines", v.top_lines);
  return v;
}

Result<void> DocumentsStage::run(Document& doc, StageContext& ctx) {
  DocumentsVocab vocab = DocumentsVocab::from_json(ctx.vocab("documents"));
  DateWords dates = DateWords::from_json(ctx.vocab("dates"));
  Segmenter(doc, vocab, dates, ctx).run();
  return {};
}

bool is_pack(const Document& doc) {
  return doc.documents.size() > 1 && doc.documents.front().kind == "agenda";
}

std::pair<int, int> own_pages(const Document& doc) {
  if (is_pack(doc)) return {doc.documents.front().first_page, doc.documents.front().last_page};
  return {1, static_cast<int>(doc.pages.size())};
}

std::vector<LineRef> own_reading_order(const Document& doc) {
  std::vector<LineRef> all = reading_order(doc);
  if (!is_pack(doc)) return all;
  auto [first, last] = own_pages(doc);
  std::vector<LineRef> out;
  for (const LineRef& r : all) {
    int page = doc.pages[r.page_idx].number;
    if (page >= first && page <= last) out.push_back(r);
  }
  return out;
}

const PackDocument* document_at(const Document& doc, int page) {
  for (const PackDocument& d : doc.documents)
    if (page >= d.first_page && page <= d.last_page) return &d;
  return nullptr;
}

}  // namespace agendapack
