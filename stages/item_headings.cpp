#include "stages/item_headings.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "stages/layout.h"

namespace agendapack {

using item_lines::LineInfo;
using item_lines::mostly_caps;
using item_lines::trim;
using item_lines::Walk;

namespace {

struct Candidate {
  size_t pos = 0;      // index into the reading order of the number's line
  size_t last = 0;     // index of the heading's last line (title lines included)
  std::string number, kind, title;
  int value = 0;       // the number's integer part, for the chain
  int key = 0;         // value with a letter suffix folded in, increasing in a chain
  double x0 = 0;       // where the number starts
  double title_x0 = 0;  // where the title starts
  bool styled = false;  // bold, larger or capitals
  bool bold_cut = false;  // the title is the line's bold words, the rest a summary
  double weight = 1;
};

// "XIV" -> 14; 0 when the text is not a Roman numeral.
int roman_value(const std::string& s) {
  auto digit = [](char c) {
    switch (c) {
      case 'I': return 1;
      case 'V': return 5;
      case 'X': return 10;
      case 'L': return 50;
      case 'C': return 100;
      default: return 0;
    }
  };
  int total = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    int d = digit(s[i]);
    if (d == 0) return 0;
    int next = i + 1 < s.size() ? digit(s[i + 1]) : 0;
    total += next > d ? -d : d;
  }
  return total;
}

// The integer a number is ordered by: its first run of digits ("EX45" -> 45, "14/038" -> 14),
// or its last for a resolution number ("R2024-070" -> 70: the year names the series). A
// letter right after the digits ("6A") is `suffix` (a = 1).
int number_value(const std::string& number, int* suffix, bool last_group = false) {
  size_t i = 0;
  if (last_group) {
    size_t j = number.size();
    while (j > 0 && std::isalpha(static_cast<unsigned char>(number[j - 1]))) --j;
    while (j > 0 && std::isdigit(static_cast<unsigned char>(number[j - 1]))) --j;
    i = j;
  }
  // A minute code's letters ("EX45", "CAB.12") name the series, not the number.
  while (i < number.size() && !std::isdigit(static_cast<unsigned char>(number[i]))) ++i;
  int value = 0;
  while (i < number.size() && std::isdigit(static_cast<unsigned char>(number[i])) && value < 100000)
    value = value * 10 + (number[i++] - '0');
  *suffix = 0;
  if (i < number.size() && std::isalpha(static_cast<unsigned char>(number[i])))
    *suffix = std::tolower(static_cast<unsigned char>(number[i])) - 'a' + 1;
  return value;
}

std::string clean_title(std::string title, const ItemsVocab& v) {
  for (const Regex& re : v.title_strip) title = re.replace_all(title, "");
  title = trim(title);
  // A dash or colon left between number and title, or after it.
  static const Regex edge("^(?:-|\xE2\x80\x93|\xE2\x80\x94|:|\\.)\\s*|\\s*(?:-|\xE2\x80\x93|\xE2\x80\x94|:|(?<![A-Z.]\\w)(?<!\\b\\w)\\.)$");
  return trim(edge.replace_all(title, ""));
}

bool title_ok(const std::string& title, const ItemsVocab& v) {
  if (title.empty() || title.size() > v.title_max_chars) return false;
  unsigned char c = static_cast<unsigned char>(title.front());
  if (std::islower(c)) return false;
  if (std::ispunct(c) && c != '\'' && c != '"' && c != '(') return false;
  for (const Regex& re : v.title_reject)
    if (re.match_prefix(title)) return false;
  return true;
}

// An agenda's page reference set far to the right of its title ("Work programme      169").
bool ends_in_page_ref(const Page& page, const Line& line) {
  if (line.words.size() < 3) return false;
  const Word& last = page.words[line.words.back()];
  const Word& before = page.words[line.words[line.words.size() - 2]];
  bool digits = !last.text.empty() && std::all_of(last.text.begin(), last.text.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch));
  });
  double size = line.font_size > 0 ? line.font_size : 10;
  return digits && last.bbox.x0 - before.bbox.x1 >= 3 * size;
}

std::string drop_page_ref(const Page& page, const Line& line, std::string title) {
  if (!ends_in_page_ref(page, line)) return title;
  const Word& last = page.words[line.words.back()];
  title = trim(title);
  if (title.size() > last.text.size() &&
      title.compare(title.size() - last.text.size(), last.text.size(), last.text) == 0)
    title = trim(title.substr(0, title.size() - last.text.size()));
  return title;
}

// Where a line's text ends, its page reference left out.
double text_right(const Page& page, const Line& line) {
  if (!ends_in_page_ref(page, line)) return line.bbox.x1;
  return page.words[line.words[line.words.size() - 2]].bbox.x1;
}

// Does the line after `prev` continue a title ("Select Committee Work Programme &" / "Inquiry
// Work Programme")? Same look, same left edge, right below, and not a label.
bool continues_title(const LineInfo& prev, const LineInfo& next, double title_x0,
                     const ItemsVocab& v) {
  if (next.table || next.starts_list || prev.ref.page_idx != next.ref.page_idx) return false;
  const Line& a = *prev.line;
  const Line& b = *next.line;
  if (std::abs(b.font_size - a.font_size) > 0.6) return false;
  bool same_look = (a.bold && b.bold) || (mostly_caps(prev.text) && mostly_caps(next.text));
  if (!same_look) return false;
  if (std::abs(next.x0 - title_x0) > 6) return false;
  if (next.y0 - prev.y1 > 0.8 * prev.size) return false;
  if (!next.text.empty() && next.text.back() == ':') return false;
  if (item_lines::any_search(next.text, v.paragraph_start)) return false;
  if (v.trailing_number.match(next.text)) return false;
  return true;
}

// Bold, a heading, or capitals. OCR's bold is an estimate from stroke widths, good enough to
// find a table's header but not to outweigh an agenda's plain numbered list with an appended
// paper's bold one: on OCR lines it does not count.
bool styled(const Page& page, const Line& line, const std::string& text) {
  bool ocr = !line.words.empty() && page.words[line.words.front()].source == WordSource::ocr;
  if (ocr && line.bold) return mostly_caps(text);
  return line.bold || line.heading || mostly_caps(text);
}

// A numbered line in a list that a line ending in a colon introduces ("spoke in the
// following order:" / "1. Shawn Hughes" / "2. ..."): the lines above it at its indent lead
// back to that line.
bool in_colon_list(const Walk& w, size_t pos) {
  constexpr size_t kMaxList = 40;
  const double x = w.lines[pos].x0;
  for (size_t k = pos; k > 0 && pos - k < kMaxList; --k) {
    const LineInfo& prev = w.lines[k - 1];
    const LineInfo& cur = w.lines[k];
    if (prev.ref.page_idx == cur.ref.page_idx && cur.y0 - prev.y1 > 2.5 * prev.size) return false;
    bool colon = !prev.text.empty() && prev.text.back() == ':';
    // Right under the colon, or under a run of entries that starts left of them.
    if (colon && (k == pos || prev.x0 < x - 4)) return true;
    if (std::abs(prev.x0 - x) > 2) return false;
  }
  return false;
}

std::optional<Candidate> numbered_at(const Walk& w, size_t pos) {
  const LineInfo& info = w.lines[pos];
  // "(1)" is a list label in running text and an item's number on some agendas: only the
  // "paren" headings read a labelled line.
  if (info.table || (info.starts_list && !info.label)) return std::nullopt;
  const Line& line = *info.line;
  const Page& page = w.doc.pages[info.ref.page_idx];
  const std::string& text = line.text;
  for (const auto& hp : w.v.headings) {
    if (info.starts_list && hp.kind != "paren") continue;
    RegexMatch m;
    if (!hp.re.match(text, &m)) continue;
    Candidate c;
    c.pos = c.last = pos;
    c.kind = hp.kind;
    c.number = m[1].str();
    // Codes from two series ("EX45", "PL12") are two numberings, never one chain.
    if (hp.kind == "code") {
      for (char ch : c.number) {
        if (!std::isalpha(static_cast<unsigned char>(ch))) break;
        c.kind += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      }
    }
    int suffix = 0;
    c.value = hp.kind == "roman" ? roman_value(c.number) : number_value(c.number, &suffix);
    if (c.value == 0) return std::nullopt;
    c.key = c.value * 32 + suffix;
    c.x0 = line.bbox.x0;
    std::string raw_title = m[2].str();
    // Where the title starts on the line: the first word at or after the title's offset.
    double title_x0 = line.bbox.x1;
    const LineInfo* title_line = &info;
    size_t title_offset = static_cast<size_t>(m.position(2));
    size_t offset = 0, title_word = line.words.size();
    for (size_t k = 0; k < line.words.size(); ++k) {
      const Word& word = page.words[line.words[k]];
      if (offset + word.text.size() > title_offset) {
        title_x0 = word.bbox.x0;
        title_word = k;
        break;
      }
      offset += word.text.size() + 1;
    }
    // A bold title with its summary run on after it in plain type ("1. Golf Course Annual
    // Report The Board will receive ..."): the title is the bold words. The heading is judged
    // (a sentence? styled?) on the whole line, as without the cut.
    std::string bold_title;
    if (title_word < line.words.size() && page.words[line.words[title_word]].bold &&
        page.words[line.words[title_word]].source != WordSource::ocr) {
      size_t end = title_word;
      while (end < line.words.size() && page.words[line.words[end]].bold) ++end;
      if (end < line.words.size()) {
        std::string bold;
        for (size_t k = title_word; k < end; ++k) bold += (bold.empty() ? "" : " ") + page.words[line.words[k]].text;
        bold_title = bold;
      }
    }
    if (trim(raw_title).empty()) {
      // A number alone: the title is the next line.
      if (pos + 1 >= w.lines.size()) return std::nullopt;
      const LineInfo& next = w.lines[pos + 1];
      if (next.table || next.starts_list) return std::nullopt;
      bool same_page = next.ref.page_idx == info.ref.page_idx;
      if (same_page && next.y0 - info.y1 > 3 * info.size) return std::nullopt;
      raw_title = drop_page_ref(w.doc.pages[next.ref.page_idx], *next.line, next.line->text);
      title_x0 = next.x0;
      title_line = &next;
      c.last = pos + 1;
      c.styled = styled(w.doc.pages[next.ref.page_idx], *next.line, next.text);
    } else {
      raw_title = drop_page_ref(page, line, raw_title);
      c.styled = styled(page, line, raw_title);
    }
    if (!title_ok(trim(raw_title), w.v)) return std::nullopt;
    std::string title = trim(raw_title);
    // Titles wrapped over more lines.
    while (c.last + 1 < w.lines.size() &&
           continues_title(*title_line, w.lines[c.last + 1], title_x0, w.v) &&
           title.size() + w.lines[c.last + 1].text.size() < w.v.title_max_chars) {
      title_line = &w.lines[c.last + 1];
      title = join_lines({title, title_line->line->text});
      ++c.last;
    }
    // The agenda's own number under the minute's ("76. Apologies" / "(Item 1)") is part of
    // the heading, not of the text.
    if (c.last + 1 < w.lines.size() && w.v.trailing_number.match(w.lines[c.last + 1].text)) ++c.last;
    c.title = clean_title(title, w.v);
    if (c.title.empty()) return std::nullopt;
    c.title_x0 = title_x0;
    // Running text that happens to start with a number ("2017 be endorsed" is caught above;
    // "12 Members attended the meeting and ..." is not): long, ending a sentence, and
    // followed by a line at the title's left edge.
    bool sentence = c.title.size() > 90 && !c.styled;
    if (!sentence && !c.styled && c.last + 1 < w.lines.size()) {
      const LineInfo& after = w.lines[c.last + 1];
      unsigned char f = after.text.empty() ? 'A' : static_cast<unsigned char>(after.text.front());
      if (std::islower(f) && std::abs(after.x0 - title_x0) < 4 &&
          after.ref.page_idx == info.ref.page_idx)
        sentence = true;
    }
    c.weight = 1.0 + (c.styled ? 1.0 : 0.0) - (sentence ? 1.6 : 0.0);
    if (!bold_title.empty()) {
      std::string t = clean_title(bold_title, w.v);
      if (!t.empty()) {
        c.title = t;
        c.bold_cut = true;
      }
    }
    if (c.kind == "item") c.weight += 0.3;  // "Item 4" is rarely anything else
    if (!c.styled && in_colon_list(w, pos)) c.weight -= 0.8;
    return c;
  }
  return std::nullopt;
}

// "Apologies and Substitutes" / "(Item 1)": the number under its title. A title that carries
// a number of its own is read by numbered_at (the minute number wins).
std::optional<Candidate> trailing_at(const Walk& w, size_t pos) {
  RegexMatch m;
  if (pos == 0 || !w.v.trailing_number.match(w.lines[pos].text, &m)) return std::nullopt;
  size_t first = pos - 1;
  const LineInfo& title = w.lines[first];
  if (title.table || title.starts_list || title.text.empty()) return std::nullopt;
  for (const auto& hp : w.v.headings)
    if (hp.re.match(title.text)) return std::nullopt;
  const Page& page = w.doc.pages[title.ref.page_idx];
  // On a scan a bold line is taken for a title only in capitals (styled): OCR's weight misses
  // and adds. Here the "(Item N)" under it says what the line is, so its weight alone will do.
  const bool ocr = !title.line->words.empty() &&
                   page.words[title.line->words.front()].source == WordSource::ocr;
  if (!styled(page, *title.line, title.text) && !(ocr && title.line->bold)) return std::nullopt;
  // A title wrapped over two lines: its first line above, in the same look.
  while (first > 0 && continues_title(w.lines[first - 1], w.lines[first], w.lines[first].x0, w.v) &&
         styled(w.doc.pages[w.lines[first - 1].ref.page_idx], *w.lines[first - 1].line,
                w.lines[first - 1].text) &&
         first + 3 > pos)
    --first;
  std::vector<std::string> parts;
  for (size_t i = first; i < pos; ++i) parts.push_back(w.lines[i].line->text);
  Candidate c;
  c.pos = first;
  c.last = pos;
  c.kind = "item";
  c.number = m[1].str();
  int suffix = 0;
  c.value = number_value(c.number, &suffix);
  c.key = c.value * 32 + suffix;
  c.x0 = c.title_x0 = w.lines[first].x0;
  c.title = clean_title(join_lines(parts), w.v);
  if (!title_ok(c.title, w.v)) return std::nullopt;
  c.styled = true;
  c.weight = 2.3;
  return c;
}

// "R2024-070 S. Kirkey, T. Butler:", "Resolution No. R2024-228": a numbered resolution block.
std::optional<Candidate> resolution_at(const Walk& w, size_t pos) {
  const LineInfo& info = w.lines[pos];
  if (info.table) return std::nullopt;
  for (const Regex& re : w.v.resolution_blocks) {
    RegexMatch m;
    if (!re.match(info.line->text, &m)) continue;
    Candidate c;
    c.pos = c.last = pos;
    c.kind = "resolution";
    c.number = m[1].str();
    int suffix = 0;
    c.value = number_value(c.number, &suffix, true);
    c.key = c.value * 32 + suffix;
    c.x0 = c.title_x0 = info.x0;
    c.styled = styled(w.doc.pages[info.ref.page_idx], *info.line, info.text);
    c.weight = c.styled ? 2 : 1;
    return c;
  }
  return std::nullopt;
}

bool is_dash(const std::string& t) {
  return t == "-" || t == "--" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94" ||
         t == "\xE2\x80\x94-";
}

// Where a lead from word `first` of `line` ends: at its first dash word ("Meeting called to
// order at 9:08am - M. Prest (motion)"), or the line's end.
size_t dash_end(const Page& page, const Line& line, size_t first) {
  size_t end = first;
  while (end < line.words.size() && !is_dash(page.words[line.words[end]].text)) ++end;
  return end;
}

// The words [from, to) of `line`, a space apart.
std::string words_text(const Page& page, const Line& line, size_t from, size_t to) {
  std::string out;
  for (size_t k = from; k < to && k < line.words.size(); ++k)
    out += (out.empty() ? "" : " ") + page.words[line.words[k]].text;
  return out;
}

// The text a named heading is read from: the bold words a line opens with (a lead label,
// "Disclosure of pecuniary interest:  None."), or the whole line when it is all bold or all
// capitals. "" when the line opens with no such heading.
std::string lead_label(const Walk& w, const LineInfo& info) {
  const Page& page = w.doc.pages[info.ref.page_idx];
  const Line& line = *info.line;
  if (mostly_caps(info.text) && info.text.size() <= 80) return info.text;
  size_t first = line.bullet.empty() || info.label ? 0 : 1;
  if (page.words[line.words.front()].source == WordSource::ocr) {
    // OCR's weight is a guess from stroke widths, wrong a word here and there: the lead is
    // where the line says a lead ends (a dash, or the line's end), taken when most of its
    // words read bold ("Meeting called to order at 9:08am - M. Prest (motion)").
    const size_t end = dash_end(page, line, first);
    size_t bold = 0;
    for (size_t k = first; k < end; ++k) bold += page.words[line.words[k]].bold;
    if (end == first || 2 * bold < end - first) return "";
    return words_text(page, line, first, end);
  }
  std::string lead;
  for (size_t k = first; k < line.words.size(); ++k) {
    const Word& word = page.words[line.words[k]];
    if (!word.bold) break;
    lead += (lead.empty() ? "" : " ") + word.text;
  }
  return lead;
}

// An unnumbered heading the vocabulary names as an item ("Committee Reports:",
// "Election of Chair"), set apart by weight or capitals.
std::optional<Candidate> named_at(const Walk& w, size_t pos) {
  const LineInfo& info = w.lines[pos];
  if (info.table || info.starts_list || info.line->words.empty()) return std::nullopt;
  auto known = [&](const std::string& t) {
    if (t.empty() || t.size() > 80) return false;
    for (const Regex& re : w.v.unnumbered_items)
      if (re.match(t)) return true;
    return false;
  };
  std::string lead = clean_title(lead_label(w, info), w.v);
  if (!known(lead)) {
    // A plain label the vocabulary names, ended by a colon at the start of its line
    // ("Disclosure of pecuniary interest: None."): the colon sets it apart as bold would.
    size_t colon = info.text.find(':');
    lead = colon == std::string::npos || colon > 60 ? "" : clean_title(info.text.substr(0, colon), w.v);
    if (!known(lead)) return std::nullopt;
  }
  Candidate c;
  c.pos = c.last = pos;
  c.kind = "named";
  c.title = lead;
  c.x0 = c.title_x0 = info.x0;
  c.styled = true;
  return c;
}

// The best chain of candidates: numbers increasing in small steps, the same numbering style,
// the same left edge and the same look. A number printed twice in the same style ("5.
// MATTERS ARISING", "5. CORRESPONDENCE": a typist's slip) may repeat.
std::vector<Candidate> best_chain(const std::vector<Candidate>& cands, int max_step) {
  size_t n = cands.size();
  std::vector<double> best(n);
  std::vector<int> from(n, -1);
  for (size_t i = 0; i < n; ++i) {
    best[i] = cands[i].weight;
    for (size_t j = 0; j < i; ++j) {
      const Candidate &a = cands[j], &b = cands[i];
      if (b.pos <= a.last) continue;
      bool repeat = b.key == a.key && a.styled && b.styled && a.kind == b.kind &&
                    std::abs(a.x0 - b.x0) <= 8;
      if (b.key < a.key || (b.key == a.key && !repeat)) continue;
      int step = b.value - a.value;
      if (step > max_step) continue;
      double s = best[j] + b.weight - 0.35 * std::max(0, step - 1) - (repeat ? 0.7 : 0.0);
      if (a.kind != b.kind) s -= 0.8;
      if (std::abs(a.x0 - b.x0) > 8) s -= 0.6;
      if (a.styled != b.styled) s -= 0.4;
      if (s > best[i]) {
        best[i] = s;
        from[i] = static_cast<int>(j);
      }
    }
  }
  int end = -1;
  for (size_t i = 0; i < n; ++i)
    if (best[i] > 0 && (end < 0 || best[i] > best[end])) end = static_cast<int>(i);
  std::vector<Candidate> chain;
  for (int i = end; i >= 0; i = from[i]) chain.push_back(cands[i]);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

double chain_weight(const std::vector<Candidate>& chain) {
  double s = 0;
  for (const Candidate& c : chain) s += c.weight;
  return s;
}

// OCR reads a bold heading's number badly ("7." as "te", "1." as "A,") or not at all, and the
// chain skips that item. On OCR lines only, a heading that looks like the chain's others (its
// title where their titles start, in capitals if theirs are, after a short unreadable token
// where their numbers are, or alone) takes the number the gap leaves for it: exactly as many
// such headings as numbers are missing between two items, or after the last one.
// "7", "7.", "271.", "12)": digits and at most their stop, as a heading's number reads.
bool reads_as_number(const std::string& t) {
  size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  return digits > 0 &&
         (t.size() == digits || (t.size() == digits + 1 && (t.back() == '.' || t.back() == ')')));
}

// What OCR leaves of a heading's number: up to three characters ("te" for "7."), or up to five
// with a digit or a mark among them ("ari." for "271.", "22;" for "272."); not a number it
// read, and not a word ("ANNE" of a signature's name).
bool unread_number_token(const std::string& t) {
  if (t.empty() || t.size() > 5 || reads_as_number(t)) return false;
  if (t.size() <= 3) return true;
  return std::any_of(t.begin(), t.end(), [](char c) { return !std::isalpha(static_cast<unsigned char>(c)); });
}

void fill_unread_numbers(const Walk& w, std::vector<Candidate>& chain) {
  if (chain.size() < 3 || chain.front().kind != "num") return;
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  std::vector<double> num_x, title_x;
  size_t caps = 0;
  for (const Candidate& c : chain) {
    num_x.push_back(c.x0);
    title_x.push_back(c.title_x0);
    caps += mostly_caps(c.title);
  }
  const double nx = median(num_x), tx = median(title_x);
  const bool caps_titles = caps * 4 >= chain.size() * 3;
  if (tx - nx < 8) return;  // titles not apart from their numbers: nothing to go by
  struct Found {
    size_t pos;
    std::string title;
    bool token;  // an unreadable token stood where the number belongs
    size_t last = 0;  // its title's last line
  };
  std::vector<Found> found;
  size_t c = 0;
  for (size_t i = 0; i < w.lines.size(); ++i) {
    while (c < chain.size() && chain[c].last < i) ++c;
    if (c < chain.size() && chain[c].pos <= i) continue;  // a chain heading's own line
    const LineInfo& info = w.lines[i];
    const Page& page = w.doc.pages[info.ref.page_idx];
    const Line& line = *info.line;
    if (info.table || line.words.empty() || !line.bold) continue;
    if (page.words[line.words.front()].source != WordSource::ocr) continue;
    std::string title;
    bool token = false;
    const Word& first = page.words[line.words.front()];
    // A found heading's title wrapped onto this line, at the titles' edge right under it.
    if (!found.empty() && found.back().last + 1 == i && std::abs(first.bbox.x0 - tx) <= 6 &&
        w.lines[i - 1].ref.page_idx == info.ref.page_idx &&
        info.y0 - w.lines[i - 1].y1 < 0.6 * info.size) {
      found.back().title = clean_title(found.back().title + " " + line.text, w.v);
      found.back().last = i;
      continue;
    }
    if (std::abs(first.bbox.x0 - tx) <= 6) {
      title = line.text;
    } else if (line.words.size() >= 2 && std::abs(first.bbox.x0 - nx) <= 6 &&
               unread_number_token(first.text) &&
               std::abs(page.words[line.words[1]].bbox.x0 - tx) <= 6) {
      // "te", "ari." or "22;" where "7.", "271." or "272." stands: a token, not a number.
      title = line.text.substr(std::min(line.text.size(), first.text.size() + 1));
      token = true;
    } else {
      continue;
    }
    title = clean_title(title, w.v);
    if (!title_ok(title, w.v) || (caps_titles && !mostly_caps(title))) continue;
    found.push_back({i, title, token, i});
  }
  if (found.empty()) return;
  std::vector<Candidate> out;
  auto add = [&](const Found& f, int value) {
    Candidate k = chain.front();
    k.pos = f.pos;
    k.last = f.last;
    k.number = std::to_string(value);
    k.value = value;
    k.key = value * 32;
    k.title = f.title;
    out.push_back(k);
  };
  for (size_t k = 0; k <= chain.size(); ++k) {
    size_t lo = k == 0 ? 0 : chain[k - 1].last + 1;
    size_t hi = k < chain.size() ? chain[k].pos : w.lines.size();
    // After the last item only headings with a token where the number belongs: a bold
    // "RESOLVED" at the title's edge is no item.
    std::vector<const Found*> between;
    for (const Found& f : found)
      if (f.pos >= lo && f.pos < hi && (k < chain.size() || f.token)) between.push_back(&f);
    int from = k == 0 ? 0 : chain[k - 1].value;
    int missing = k == 0 ? chain.front().value - 1
                         : k < chain.size() ? chain[k].value - chain[k - 1].value - 1 : 3;
    bool fits = k < chain.size() ? static_cast<int>(between.size()) == missing
                                 : !between.empty() && static_cast<int>(between.size()) <= missing;
    if (missing > 0 && fits)
      for (size_t b = 0; b < between.size(); ++b)
        add(*between[b], from + 1 + static_cast<int>(b));
    if (k < chain.size()) out.push_back(chain[k]);
  }
  chain = std::move(out);
}

// Minutes with no numbering at all, written as a bulleted list: each top-level bullet led by
// bold text is an item, titled by that text ("Minutes from 11/30/17 meeting approved"). Only
// bullets at the leftmost bullet indent count; sub-bullets belong to their item.
std::vector<Candidate> bullet_items(const Walk& w) {
  double left = 1e9;
  for (const LineInfo& l : w.lines)
    if (l.starts_list && !l.label && !l.table) left = std::min(left, l.line->bbox.x0);
  std::vector<Candidate> out;
  // On a scan, weight is read word by word and misses some ("Perfunctory Business" read as
  // plain): where most top-level bullets lead bold, the rest of them are items too, titled to
  // their dash or their line's end.
  std::vector<size_t> top;
  size_t led = 0, ocr = 0;
  for (size_t i = 0; i < w.lines.size(); ++i) {
    const LineInfo& l = w.lines[i];
    if (!l.starts_list || l.label || l.table || std::abs(l.line->bbox.x0 - left) > 4) continue;
    top.push_back(i);
    led += !clean_title(lead_label(w, l), w.v).empty();
    const Page& page = w.doc.pages[l.ref.page_idx];
    ocr += !l.line->words.empty() && page.words[l.line->words.front()].source == WordSource::ocr;
  }
  const bool family = ocr * 2 > top.size() && led >= 3 && led * 3 >= top.size() * 2;
  for (size_t i : top) {
    const LineInfo& l = w.lines[i];
    std::string lead = clean_title(lead_label(w, l), w.v);
    if (lead.empty() && family) {
      const Page& page = w.doc.pages[l.ref.page_idx];
      const Line& line = *l.line;
      const size_t first = line.bullet.empty() ? 0 : 1;
      lead = clean_title(words_text(page, line, first, dash_end(page, line, first)), w.v);
    }
    if (lead.empty()) continue;
    // The bold lead may wrap onto the next line, at the text's indent and still bold.
    Candidate c;
    c.pos = c.last = i;
    c.kind = "bullet";
    c.title = lead;
    c.x0 = c.title_x0 = l.x0;
    c.styled = true;
    out.push_back(std::move(c));
  }
  return out;
}

// Numbers the chain passed over that its neighbours place exactly, at the chain's left edge
// and in its numbering: "9A." printed as a paragraph between 9 and 10; the 7, 8 and 9 whose
// long titles wrap like sentences between 6 and 10; the 1 and 2 before a chain that starts at
// 3. Their look does not matter: only a run that fills the whole gap, each number once and
// in order, is taken.
void fill_gaps(const std::vector<Candidate>& numbered, std::vector<Candidate>& chain, int max_step) {
  if (chain.empty()) return;
  // The candidates strictly between positions (after, before) that number from..to in order.
  auto run = [&](size_t after, size_t before, const Candidate& like, int from, int to) {
    std::vector<Candidate> out;
    int expected = from;
    for (const Candidate& c : numbered) {
      if (c.pos <= after || c.pos >= before || c.kind != like.kind || c.key % 32 != 0) continue;
      if (std::abs(c.x0 - like.x0) > 8) continue;
      if (c.value == expected && expected <= to) {
        out.push_back(c);
        ++expected;
      }
    }
    if (expected != to + 1) out.clear();
    return out;
  };
  std::vector<Candidate> out;
  const Candidate& head = chain.front();
  if (head.key % 32 == 0 && head.value > 1 && head.value - 1 <= max_step)
    out = run(0, head.pos, head, 1, head.value - 1);
  for (size_t k = 0; k < chain.size(); ++k) {
    out.push_back(chain[k]);
    if (k + 1 >= chain.size()) continue;
    const Candidate &a = chain[k], &b = chain[k + 1];
    if (a.key % 32 == 0 && b.value == a.value + 1) {  // room for 9A, 9B
      for (const Candidate& c : numbered) {
        if (c.pos <= a.last || c.pos >= b.pos || c.kind != a.kind || c.key <= out.back().key) continue;
        if (std::abs(c.x0 - a.x0) > 8 && std::abs(c.x0 - b.x0) > 8) continue;
        if (c.value == a.value && c.key > a.key) out.push_back(c);
      }
      continue;
    }
    int gap = b.value - a.value - 1;
    if (a.key % 32 != 0 || b.key % 32 != 0 || gap < 1 || gap > max_step) continue;
    for (Candidate& c : run(a.last, b.pos, a, a.value + 1, b.value - 1)) out.push_back(std::move(c));
  }
  chain = std::move(out);
}

// A title set in plain type wraps like any text: its line runs to the right edge of the list's
// column (the next line's first word would not have fitted on it) and carries on at the
// title's indent, not at the number's ("3. Minutes of the meeting held on 24 September 2009
// and notes of" / "the Joint session with ..."). Same size and weight where the two lines
// meet, no wider gap than a line's, no list label of its own. A summary run on after
// the title wraps the same way, so the wrap is kept only where it ends as a title does: on a
// line that stops short, with no full stop closing a sentence in it (unless the list ends
// every one-line title with one). Judged after the chain is picked, so a wrap can change a
// title but never which headings are items.
void extend_wrapped_titles(const Walk& w, std::vector<Candidate>& picked) {
  static const Regex inner_sentence("[a-z0-9)]\\.\\s+[A-Z][a-z]");
  static const Regex final_stop("[a-z0-9)]\\.\\s*$");
  static const Regex list_label("^(?:\\d{1,2}|[a-z]|[ivx]{1,4})[.)]\\s|^\\d{1,2}\\.\\d{1,2}\\s|^\\(\\w{1,4}\\)\\s",
                                Regex::kIcase);
  size_t one_line = 0, stopped = 0;
  for (const Candidate& c : picked) {
    if (c.title.empty() || c.last != c.pos) continue;
    const LineInfo& l = w.lines[c.pos];
    ++one_line;
    stopped += final_stop.search(drop_page_ref(w.doc.pages[l.ref.page_idx], *l.line, l.line->text));
  }
  const bool stops_are_style = one_line >= 2 && stopped * 2 > one_line;
  for (size_t k = 0; k < picked.size(); ++k) {
    Candidate& c = picked[k];
    if (c.title.empty() || c.bold_cut || c.title_x0 < c.x0 + 6) continue;
    const size_t stop = k + 1 < picked.size() ? picked[k + 1].pos : w.lines.size();
    const LineInfo& head = w.lines[c.last];
    const Page& page = w.doc.pages[head.ref.page_idx];
    // The right edge of the titles' column on this page: the headings' lines and the lines at
    // the titles' indent. A note across the page under the list may run wider than a list
    // set as a table with its page numbers on the right.
    double edge = 0;
    for (const LineInfo& l : w.lines)
      if (l.ref.page_idx == head.ref.page_idx && l.line->column == head.line->column && !l.table &&
          std::abs(l.x0 - c.title_x0) <= 3)
        edge = std::max(edge, text_right(page, *l.line));
    for (const Candidate& o : picked)
      for (size_t i = o.pos; i <= o.last; ++i)
        if (w.lines[i].ref.page_idx == head.ref.page_idx && w.lines[i].line->column == head.line->column)
          edge = std::max(edge, text_right(page, *w.lines[i].line));
    auto runs_to_edge = [&](const LineInfo& l, double next_word) {
      return edge - text_right(page, *l.line) <= next_word + 0.4 * l.size + 2;
    };
    std::vector<std::string> parts;
    size_t last = c.last;
    while (last + 1 < stop) {
      const LineInfo& prev = w.lines[last];
      const LineInfo& next = w.lines[last + 1];
      if (next.table || next.starts_list || next.text.empty() || next.ref.page_idx != prev.ref.page_idx ||
          next.line->column != prev.line->column)
        break;
      if (std::abs(next.x0 - c.title_x0) > 3 || std::abs(next.size - prev.size) > 0.6) break;
      if (page.words[prev.line->words.back()].bold != page.words[next.line->words.front()].bold) break;
      if (next.y0 - prev.y1 > 0.5 * prev.size || !runs_to_edge(prev, next.first_word_width)) break;
      if (next.text.back() == ':' || item_lines::any_search(next.text, w.v.paragraph_start) ||
          w.v.trailing_number.match(next.text))
        break;
      // A label of a list under the title ("1.", "a.", "4.1", "Item 2") opens an entry; a
      // number that is part of the text ("391/21: Blue Box ...", "2009") does not.
      bool labelled = list_label.search(next.text);
      for (const auto& hp : w.v.headings) labelled = labelled || (hp.kind == "item" && hp.re.match(next.text));
      if (labelled) break;
      parts.push_back(drop_page_ref(page, *next.line, next.line->text));
      ++last;
    }
    if (parts.empty()) continue;
    // The title's end is seen: its last line stops short of the edge.
    const LineInfo& end = w.lines[last];
    if (last + 1 < w.lines.size() && runs_to_edge(end, w.lines[last + 1].first_word_width)) continue;
    std::string more = join_lines(parts);
    if (inner_sentence.search(more) || (!stops_are_style && final_stop.search(more))) continue;
    std::string title = clean_title(join_lines({c.title, more}), w.v);
    if (title.size() > w.v.title_max_chars) continue;
    c.title = title;
    c.last = last;
  }
}

ItemHeading to_heading(const Candidate& c) {
  ItemHeading h;
  h.pos = c.pos;
  h.last = c.last;
  h.number = c.number;
  h.title = c.title;
  h.kind = c.kind;
  return h;
}

}  // namespace

std::vector<ItemHeading> find_item_headings(const Walk& w) {
  std::vector<Candidate> numbered, resolutions, named;
  for (size_t i = 0; i < w.lines.size(); ++i) {
    if (auto r = resolution_at(w, i)) {
      resolutions.push_back(std::move(*r));
      continue;
    }
    if (auto c = numbered_at(w, i)) numbered.push_back(std::move(*c));
    else if (auto t = trailing_at(w, i)) numbered.push_back(std::move(*t));
    else if (auto n = named_at(w, i)) named.push_back(std::move(*n));
  }
  // A trailing "(Item N)" candidate starts on an earlier line than the candidates before it in
  // the list; the chain needs them in reading order.
  std::stable_sort(numbered.begin(), numbered.end(),
                   [](const Candidate& a, const Candidate& b) { return a.pos < b.pos; });
  std::vector<Candidate> chain = best_chain(numbered, w.v.max_number_step);
  // One bare number of three or four digits and nothing like it elsewhere is a street number
  // ("1600 Huntington Drive") or a year, not an agenda: such numbering comes in runs.
  if (chain.size() == 1 && chain.front().kind == "num" && chain.front().value >= 100)
    chain.clear();
  // A numbering of the document's own: at least three items that look like headings, or two
  // set apart by their style.
  bool strong = (chain.size() >= 3 && chain_weight(chain) >= 0.9 * static_cast<double>(chain.size())) ||
                (chain.size() >= 2 && std::all_of(chain.begin(), chain.end(),
                                                  [](const Candidate& c) { return c.styled; }));
  std::vector<Candidate> picked;
  if (strong || (resolutions.size() < 2 && chain.size() >= 2)) {
    fill_unread_numbers(w, chain);
    fill_gaps(numbered, chain, w.v.max_number_step);
    picked = std::move(chain);
  } else if (resolutions.size() >= 2) {
    // Minutes whose items are their numbered resolutions, with a few named or numbered
    // headings between them ("Disclosure of pecuniary interest:", "Item #10 ...").
    picked = resolutions;
    for (const Candidate& c : chain)
      if (c.weight > 1.5 || c.kind == "item") picked.push_back(c);
    picked.insert(picked.end(), named.begin(), named.end());
  } else {
    std::vector<Candidate> bullets = bullet_items(w);
    if (bullets.size() >= 3) picked = std::move(bullets);
    else if (!chain.empty()) picked = std::move(chain);
    else if (named.size() >= 2) picked = std::move(named);
  }
  std::stable_sort(picked.begin(), picked.end(),
                   [](const Candidate& a, const Candidate& b) { return a.pos < b.pos; });
  extend_wrapped_titles(w, picked);
  std::vector<ItemHeading> out;
  for (const Candidate& c : picked) {
    if (!out.empty() && c.pos <= out.back().last) continue;  // two readings of one heading
    out.push_back(to_heading(c));
  }
  return out;
}

}  // namespace agendapack
