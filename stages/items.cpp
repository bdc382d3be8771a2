#include "stages/items.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

#include "stages/layout.h"

namespace agendapack {

namespace {

using Json = nlohmann::json;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<Regex> compile(const Json& v, const char* key, bool icase = true) {
  return compile_all(get_or<std::vector<std::string>>(v, key, {}),
                     icase ? Regex::kIcase : Regex::kNone);
}

bool any_search(const std::string& s, const std::vector<Regex>& res) { return search_any(res, s); }

// Letters of a text are (almost) all capitals: "APOLOGIES FOR ABSENCE".
bool mostly_caps(const std::string& s) {
  size_t upper = 0, letters = 0;
  for (unsigned char c : s) {
    if (std::isupper(c)) ++upper;
    if (std::isalpha(c)) ++letters;
  }
  return letters >= 3 && upper * 10 >= letters * 9;
}

// The words of a text, letters only, in their printed case.
std::vector<std::string> letter_words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s) {
    if (std::isalpha(c)) {
      cur += static_cast<char>(c);
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Dot leaders ("Pothole repairs . . . . . £652,000") become one space.
std::string collapse_leaders(const std::string& s) {
  static const Regex leaders(R"((?:\s*\.){4,}\s*)");
  static const Regex ellipses("(?:\\s*\xE2\x80\xA6){2,}\\s*");
  std::string out = leaders.replace_all(s, " ");
  out = ellipses.replace_all(out, " ");
  return trim(out);
}

// ---- lines of the document as the items stage sees them ----

struct LineInfo {
  LineRef ref;
  const Line* line = nullptr;
  std::string text;        // for the item text: bullet glyph removed, leaders collapsed
  bool starts_list = false;  // begins with a bullet glyph or a list label
  bool label = false;        // the list marker is a label kept in the text ("(a)", "1)")
  bool table = false;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0, size = 10;
  double first_word_width = 0;
};

bool is_label(const std::string& marker, const ItemsVocab& v) {
  for (const Regex& re : v.labels)
    if (re.match(marker)) return true;
  return false;
}

LineInfo describe(const Document& doc, LineRef ref, const ItemsVocab& v) {
  const Page& page = doc.pages[ref.page_idx];
  const Line& line = page.lines[ref.line_idx];
  LineInfo info;
  info.ref = ref;
  info.line = &line;
  info.table = line.table >= 0;
  info.size = line.font_size > 0 ? line.font_size : 10;
  info.x0 = line.bbox.x0;
  info.x1 = line.bbox.x1;
  info.y0 = line.bbox.y0;
  info.y1 = line.bbox.y1;
  size_t first = 0;
  if (!line.bullet.empty()) {
    info.starts_list = true;
    info.label = is_label(line.bullet, v);
    if (!info.label && line.words.size() > 1) {
      first = 1;
      info.x0 = page.words[line.words[1]].bbox.x0;
    }
  } else if (!line.words.empty() && is_label(page.words[line.words.front()].text, v) &&
             line.words.size() > 1) {
    info.starts_list = true;
    info.label = true;
  }
  if (first < line.words.size()) info.first_word_width = page.words[line.words[first]].bbox.width();
  info.text = collapse_leaders(info.starts_list && !info.label ? text_without_bullet(line) : line.text);
  return info;
}

// ---- headings ----

struct Candidate {
  size_t pos = 0;      // index into the reading order of the number's line
  size_t last = 0;     // index of the heading's last line (title lines included)
  std::string number, kind, title;
  int value = 0;       // the number's integer part, for the chain
  int key = 0;         // value with a letter suffix folded in, strictly increasing in a chain
  double x0 = 0;       // where the number starts
  double title_x0 = 0;  // where the title starts
  bool styled = false;  // bold, larger or capitals
  double weight = 1;
};

int number_value(const std::string& number, int* suffix) {
  int value = 0;
  size_t i = 0;
  // A minute code's letters ("EX45", "CAB.12") name the series, not the number.
  while (i < number.size() && !std::isdigit(static_cast<unsigned char>(number[i]))) ++i;
  while (i < number.size() && std::isdigit(static_cast<unsigned char>(number[i])))
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
  static const Regex edge("^(?:-|\xE2\x80\x93|\xE2\x80\x94|:|\\.)\\s*|\\s*(?:-|\xE2\x80\x93|\xE2\x80\x94|:)$");
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
std::string drop_page_ref(const Page& page, const Line& line, std::string title) {
  if (line.words.size() < 3) return title;
  const Word& last = page.words[line.words.back()];
  const Word& before = page.words[line.words[line.words.size() - 2]];
  bool digits = !last.text.empty() && std::all_of(last.text.begin(), last.text.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch));
  });
  double size = line.font_size > 0 ? line.font_size : 10;
  if (!digits || last.bbox.x0 - before.bbox.x1 < 3 * size) return title;
  title = trim(title);
  if (title.size() > last.text.size() &&
      title.compare(title.size() - last.text.size(), last.text.size(), last.text) == 0)
    title = trim(title.substr(0, title.size() - last.text.size()));
  return title;
}

struct Walk {
  const Document& doc;
  const ItemsVocab& v;
  std::vector<LineInfo> lines;  // the body lines in reading order
};

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
  if (any_search(next.text, v.paragraph_start)) return false;
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

std::optional<Candidate> heading_at(const Walk& w, size_t pos) {
  const LineInfo& info = w.lines[pos];
  if (info.table || info.starts_list) return std::nullopt;
  const Line& line = *info.line;
  const Page& page = w.doc.pages[info.ref.page_idx];
  const std::string& text = line.text;
  for (const auto& hp : w.v.headings) {
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
    c.value = number_value(c.number, &suffix);
    c.key = c.value * 32 + suffix;
    c.x0 = line.bbox.x0;
    std::string raw_title = m[2].str();
    // Where the title starts on the line: the first word at or after the title's offset.
    double title_x0 = line.bbox.x1;
    const LineInfo* title_line = &info;
    size_t title_offset = static_cast<size_t>(m.position(2));
    size_t offset = 0;
    for (uint32_t wi : line.words) {
      const Word& word = page.words[wi];
      if (offset + word.text.size() > title_offset) {
        title_x0 = word.bbox.x0;
        break;
      }
      offset += word.text.size() + 1;
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
    if (c.kind == "item") c.weight += 0.3;  // "Item 4" is rarely anything else
    return c;
  }
  return std::nullopt;
}

// The best chain of candidates: numbers increasing in small steps, the same numbering style,
// the same left edge and the same look.
std::vector<Candidate> best_chain(const std::vector<Candidate>& cands, int max_step) {
  size_t n = cands.size();
  std::vector<double> best(n);
  std::vector<int> from(n, -1);
  for (size_t i = 0; i < n; ++i) {
    best[i] = cands[i].weight;
    for (size_t j = 0; j < i; ++j) {
      const Candidate &a = cands[j], &b = cands[i];
      if (b.key <= a.key || b.pos <= a.last) continue;
      int step = b.value - a.value;
      if (step > max_step) continue;
      double s = best[j] + b.weight - 0.35 * std::max(0, step - 1);
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

// OCR reads a bold heading's number badly ("7." as "te", "1." as "A,") or not at all, and the
// chain skips that item. On OCR lines only, a heading that looks like the chain's others (its
// title where their titles start, in capitals if theirs are, after a short unreadable token
// where their numbers are, or alone) takes the number the gap leaves for it: exactly as many
// such headings as numbers are missing between two items, or after the last one.
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
    if (std::abs(first.bbox.x0 - tx) <= 6) {
      title = line.text;
    } else if (line.words.size() >= 2 && std::abs(first.bbox.x0 - nx) <= 6 &&
               first.text.size() <= 3 &&
               std::none_of(first.text.begin(), first.text.end(),
                            [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }) &&
               std::abs(page.words[line.words[1]].bbox.x0 - tx) <= 6) {
      title = line.text.substr(std::min(line.text.size(), first.text.size() + 1));
      token = true;
    } else {
      continue;
    }
    title = clean_title(title, w.v);
    if (!title_ok(title, w.v) || (caps_titles && !mostly_caps(title))) continue;
    found.push_back({i, title, token});
  }
  if (found.empty()) return;
  std::vector<Candidate> out;
  auto add = [&](size_t pos, const std::string& title, int value) {
    Candidate k = chain.front();
    k.pos = k.last = pos;
    k.number = std::to_string(value);
    k.value = value;
    k.key = value * 32;
    k.title = title;
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
        add(between[b]->pos, between[b]->title, from + 1 + static_cast<int>(b));
    if (k < chain.size()) out.push_back(chain[k]);
  }
  chain = std::move(out);
}

// ---- paragraphs ----

struct Paragraph {
  std::string text;
  std::vector<size_t> lines;  // indices into Walk::lines
  bool list = false;          // opened by a bullet or a label
  bool label = false;         // opened by a label kept in the text ("(a)", "1)")
};

using Margins = std::map<std::pair<uint32_t, int>, double>;

Margins right_margins(const Walk& w) {
  Margins m;
  for (const LineInfo& l : w.lines) {
    if (l.table) continue;
    double& r = m[{l.ref.page_idx, l.line->column}];
    r = std::max(r, l.x1);
  }
  return m;
}

std::vector<Paragraph> paragraphs(const Walk& w, const std::vector<size_t>& idx,
                                  const Margins& margins) {
  std::vector<Paragraph> out;
  std::vector<std::string> texts;
  auto close = [&] {
    if (!out.empty() && !texts.empty()) out.back().text = join_lines(texts);
    texts.clear();
  };
  const LineInfo* prev = nullptr;
  for (size_t i : idx) {
    const LineInfo& l = w.lines[i];
    if (l.text.empty()) continue;
    bool start = prev == nullptr || l.starts_list || any_search(l.text, w.v.paragraph_start);
    if (!start) {
      bool same_flow = prev->ref.page_idx == l.ref.page_idx && prev->line->column == l.line->column;
      if (same_flow && l.y0 - prev->y1 > 0.7 * std::max(prev->size, l.size)) start = true;
      // The previous line stopped short: this line's first word would have fitted on it.
      auto it = margins.find({prev->ref.page_idx, prev->line->column});
      double right = it == margins.end() ? prev->x1 : it->second;
      if (right - prev->x1 > l.first_word_width + 0.6 * prev->size + 4) start = true;
      // Back out of a bullet's hanging indent, or out of an indented block.
      const Paragraph& p = out.back();
      bool first_line = p.lines.size() == 1;
      if ((p.list || !first_line) && l.x0 < prev->x0 - 8) start = true;
      // Into an indented block after a paragraph's second line.
      if (!first_line && l.x0 > prev->x0 + 12) start = true;
    }
    if (start) {
      close();
      out.push_back({});
      out.back().list = l.starts_list;
      out.back().label = l.label;
    }
    out.back().lines.push_back(i);
    texts.push_back(l.text);
    prev = &l;
  }
  close();
  return out;
}

// ---- resolutions, declarations, actions ----

std::string strip_sub_label(const std::string& text, const ItemsVocab& v, bool* had) {
  RegexMatch m;
  *had = v.sub_label.match_prefix(text, &m);
  return *had ? trim(m.suffix()) : text;
}

std::string strip_trailing(std::string text, const ItemsVocab& v) {
  for (const Regex& re : v.resolution_trailing) text = re.replace_all(text, "");
  return trim(text);
}

struct Context {
  const Document& doc;
  const Walk& w;
  const ItemsVocab& v;
};

ProvenanceList prov_of(const Walk& w, const Document& doc, const std::vector<size_t>& idx) {
  std::vector<std::pair<uint32_t, uint32_t>> refs;
  for (size_t i : idx) refs.emplace_back(w.lines[i].ref.page_idx, w.lines[i].ref.line_idx);
  return provenance_of_lines(doc, refs);
}

void find_resolutions(const Context& c, const std::vector<Paragraph>& paras, Item& item) {
  const ItemsVocab& v = c.v;
  // Sub-resolutions lose the "; and" that links them; a whole paragraph stays as printed.
  auto add = [&](const std::string& text, const std::vector<size_t>& lines, bool labelled) {
    std::string t = labelled ? strip_trailing(text, v) : trim(text);
    if (t.empty()) return;
    Resolution r;
    r.text = t;
    r.decision = decision_of(t, v);
    r.prov = prov_of(c.w, c.doc, lines);
    item.resolutions.push_back(std::move(r));
  };
  // The labelled paragraphs from `from` on, one resolution each; returns the index after them.
  auto add_labelled = [&](size_t from) {
    size_t k = from;
    for (; k < paras.size(); ++k) {
      bool had = false;
      std::string t = strip_sub_label(paras[k].text, v, &had);
      if (!had) break;
      add(t, paras[k].lines, true);
    }
    return k;
  };
  for (size_t i = 0; i < paras.size(); ++i) {
    const Paragraph& p = paras[i];
    RegexMatch m;
    bool resolved = false;
    for (const Regex& re : v.resolved)
      if (re.match_prefix(p.text, &m)) {
        resolved = true;
        break;
      }
    if (resolved) {
      std::string rest = trim(m.suffix());
      bool rest_empty = false;
      for (const Regex& re : v.resolved_rest_empty)
        if (re.match(rest)) rest_empty = true;
      bool had = false;
      strip_sub_label(rest, v, &had);
      if (had) {
        // "RESOLVED that (a) ...": the first sub-resolution shares the label's line.
        add(strip_sub_label(rest, v, &had), p.lines, true);
        i = add_labelled(i + 1) - 1;
      } else if (!rest_empty) {
        bool opens_list = !rest.empty() && (rest.back() == ':' || rest.back() == '-');
        size_t after = opens_list ? add_labelled(i + 1) : i + 1;
        if (after == i + 1) add(rest, p.lines, false);
        i = after - 1;
      } else {
        size_t after = add_labelled(i + 1);
        // "Decision:" over "RESOLVED that ...": the paragraph below is read on its own.
        bool next_resolved = false;
        if (i + 1 < paras.size())
          for (const Regex& re : v.resolved) next_resolved |= re.match_prefix(paras[i + 1].text);
        if (after == i + 1 && i + 1 < paras.size() && !next_resolved &&
            !any_search(paras[i + 1].text, v.paragraph_start)) {
          add(paras[i + 1].text, paras[i + 1].lines, false);
          after = i + 2;
        }
        i = after - 1;
      }
      continue;
    }
    for (const Regex& re : v.decision_sentence)
      if (re.match_prefix(p.text)) {
        add(p.text, p.lines, false);
        break;
      }
  }
}

// Sentences of a paragraph: ". " followed by a capital.
std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i + 1] == ' ' &&
        std::isupper(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(trim(text.substr(start, i + 1 - start)));
      start = i + 2;
    }
  }
  out.push_back(trim(text.substr(start)));
  return out;
}

void find_declarations(const Context& c, const std::vector<Paragraph>& paras, Item& item) {
  for (const Paragraph& p : paras) {
    // The positive patterns first: they rule out almost every paragraph, and cheaply.
    if (!any_search(p.text, c.v.declaration) || any_search(p.text, c.v.declaration_none)) continue;
    std::vector<std::string> parts;
    for (const std::string& s : sentences(p.text))
      if (any_search(s, c.v.declaration) && !any_search(s, c.v.declaration_none)) parts.push_back(s);
    if (parts.size() < 2) parts = {p.text};
    for (const std::string& s : parts) {
      Declaration d;
      d.text = s;
      // The member is named before the verb: "Mr B Chapple, Cabinet Member ... declared".
      size_t verb = lower_ascii(s).find("declared");
      d.member = member_in(verb == std::string::npos ? s : s.substr(0, verb), c.v);
      if (!d.member) d.member = member_in(s, c.v);
      d.prov = prov_of(c.w, c.doc, p.lines);
      item.declarations.push_back(std::move(d));
    }
  }
}

void find_actions(const Context& c, const std::vector<Paragraph>& paras, Item& item) {
  for (const Paragraph& p : paras) {
    for (const Regex& re : c.v.action) {
      RegexMatch m;
      if (!re.match(p.text, &m)) continue;
      Action a;
      if (m[1].matched && !m[1].str().empty()) a.number = m[1].str();
      std::string owner = trim(m[2].str());
      std::string text = trim(m[3].str());
      if (owner.empty()) {
        // No separator: an honorific and a name at the start are the owner.
        RegexMatch n;
        if (c.v.member.match_prefix(text, &n)) {
          owner = trim(n.str(1));
          text = trim(n.suffix());
          static const Regex sep("^(?:,|:|-|\xE2\x80\x93|\xE2\x80\x94)\\s*");
          text = sep.replace_all(text, "");
        }
      }
      if (!owner.empty()) a.owner = owner;
      a.text = text;
      a.prov = prov_of(c.w, c.doc, p.lines);
      if (!a.text.empty()) item.actions.push_back(std::move(a));
      break;
    }
  }
}

// On the printed line: dot leaders ("Chairman ........ Date ......") are part of the signal.
bool is_end(const LineInfo& l, const ItemsVocab& v) { return any_search(trim(l.line->text), v.end); }

// A signature name above its role ("JAMES HARTIGAN" / "CHAIRMAN"): short, capitals, no digits.
bool looks_like_signature_name(const LineInfo& l) {
  if (l.text.size() > 50 || !mostly_caps(l.text)) return false;
  for (unsigned char ch : l.text)
    if (std::isdigit(ch)) return false;
  return true;
}

}  // namespace

ItemsVocab ItemsVocab::from_json(const Json& j) {
  ItemsVocab v;
  if (j.contains("heading_patterns"))
    for (const auto& h : j["heading_patterns"])
      v.headings.push_back({h.value("kind", "num"), Regex(h.value("regex", "$^"), Regex::kIcase)});
  v.title_reject = compile(j, "title_reject_patterns");
  v.title_strip = compile(j, "title_strip_patterns");
  v.end = compile(j, "end_patterns");
  v.paragraph_start = compile(j, "paragraph_start_patterns");
  v.labels = compile(j, "label_patterns");
  v.resolved = compile(j, "resolved_patterns");
  v.resolved_rest_empty = compile(j, "resolved_rest_empty_patterns");
  v.decision_sentence = compile(j, "decision_sentence_patterns", false);
  v.resolution_trailing = compile(j, "resolution_trailing_patterns");
  v.declaration = compile(j, "declaration_patterns");
  v.declaration_none = compile(j, "declaration_none_patterns");
  v.action = compile(j, "action_patterns");
  v.sub_label = Regex(get_or<std::string>(j, "sub_label_pattern", "$^"), Regex::kIcase);
  if (j.contains("decisions") && j["decisions"].is_object())
    for (const auto& [decision, words] : j["decisions"].items())
      for (const auto& word : words) v.decision_words.emplace_back(lower_ascii(word), decision);
  for (const auto& a : get_or<std::vector<std::string>>(j, "passive_auxiliaries", {}))
    v.passive.push_back(lower_ascii(a));
  // An honorific, then up to four capitalised words or initials ("Mr B Chapple", "Cllr Angela
  // Kirkbride", "Mrs R Tolhurst OBE"). Case-sensitive: names are capitalised.
  std::string hon;
  for (const auto& h : get_or<std::vector<std::string>>(j, "honorifics", {}))
    hon += (hon.empty() ? "" : "|") + h;
  v.member = Regex("(?:^|\\s|\\()((?:" + hon + ")\\.?(?:\\s+[A-Z][^\\s,;:()]*){1,4})");
  v.name_stop_words = get_or<std::vector<std::string>>(j, "name_stop_words", {});
  v.title_max_chars = get_or<size_t>(j, "title_max_chars", v.title_max_chars);
  v.max_number_step = get_or<int>(j, "max_number_step", v.max_number_step);
  return v;
}

std::optional<std::string> member_in(const std::string& text, const ItemsVocab& v) {
  RegexMatch m;
  if (!v.member.search(text, &m)) return std::nullopt;
  // "Mr W Whyte Cabinet Member for ...": the name stops before a capitalised role word.
  std::string name;
  std::istringstream words(trim(m[1].str()));
  bool first = true;
  for (std::string word; words >> word; first = false) {
    std::string bare = word;
    while (!bare.empty() && (bare.back() == '.' || bare.back() == '\'')) bare.pop_back();
    if (!first && std::find(v.name_stop_words.begin(), v.name_stop_words.end(), bare) !=
                      v.name_stop_words.end())
      break;
    name += (name.empty() ? "" : " ") + word;
  }
  while (!name.empty() && (name.back() == '.' || name.back() == '\'')) name.pop_back();
  if (name.find(' ') == std::string::npos) return std::nullopt;  // an honorific alone
  return name;
}

std::string decision_of(const std::string& text, const ItemsVocab& v) {
  std::vector<std::string> words = letter_words(text);
  auto lookup = [&](const std::string& w) -> std::string {
    std::string l = lower_ascii(w);
    for (const auto& [form, decision] : v.decision_words)
      if (form == l) return decision;
    return "";
  };
  if (words.empty()) return "other";
  // "Approve the plan": an imperative first word.
  if (std::isupper(static_cast<unsigned char>(words[0][0]))) {
    std::string d = lookup(words[0]);
    if (!d.empty()) return d;
  }
  // "Cabinet AGREED to DEFER": the last verb in capitals decides.
  std::string caps;
  for (const std::string& w : words)
    if (w.size() >= 4 && mostly_caps(w)) {
      std::string d = lookup(w);
      if (!d.empty()) caps = d;
    }
  if (!caps.empty()) return caps;
  // "... be endorsed", "were agreed".
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (std::find(v.passive.begin(), v.passive.end(), lower_ascii(words[i])) != v.passive.end()) {
      std::string d = lookup(words[i + 1]);
      if (!d.empty()) return d;
    }
  // "Cabinet agreed to ...": a verb in the past tense anywhere.
  for (const std::string& w : words) {
    std::string l = lower_ascii(w);
    if (l.size() > 2 && l.compare(l.size() - 2, 2, "ed") == 0) {
      std::string d = lookup(w);
      if (!d.empty()) return d;
    }
  }
  return "other";
}

Result<void> ItemsStage::run(Document& doc, StageContext& ctx) {
  ItemsVocab vocab = ItemsVocab::from_json(ctx.vocab("items"));
  Walk w{doc, vocab, {}};
  for (const LineRef& ref : reading_order(doc)) w.lines.push_back(describe(doc, ref, vocab));

  std::vector<Candidate> cands;
  for (size_t i = 0; i < w.lines.size(); ++i)
    if (auto c = heading_at(w, i)) cands.push_back(std::move(*c));
  std::vector<Candidate> chain = best_chain(cands, vocab.max_number_step);
  // One bare number of three or four digits and nothing like it elsewhere is a street number
  // ("1600 Huntington Drive") or a year, not an agenda: such numbering comes in runs.
  if (chain.size() == 1 && chain.front().kind == "num" && chain.front().value >= 100)
    chain.clear();
  fill_unread_numbers(w, chain);
  Margins margins = right_margins(w);
  Context c{doc, w, vocab};

  doc.items.clear();
  for (size_t k = 0; k < chain.size(); ++k) {
    const Candidate& h = chain[k];
    size_t stop = k + 1 < chain.size() ? chain[k + 1].pos : w.lines.size();
    std::vector<size_t> heading_lines, body;
    for (size_t i = h.pos; i <= h.last; ++i) heading_lines.push_back(i);
    for (size_t i = h.last + 1; i < stop; ++i) {
      if (is_end(w.lines[i], vocab)) {
        // A signature: the name printed just above the role goes too.
        if (!body.empty() && looks_like_signature_name(w.lines[body.back()])) body.pop_back();
        break;
      }
      body.push_back(i);
    }
    Item item;
    item.number = h.number;
    item.title = h.title;
    std::vector<size_t> all = heading_lines;
    all.insert(all.end(), body.begin(), body.end());
    for (size_t i : all) {
      item.lines.push_back(w.lines[i].ref);
      int page = doc.pages[w.lines[i].ref.page_idx].number;
      if (std::find(item.pages.begin(), item.pages.end(), page) == item.pages.end())
        item.pages.push_back(page);
    }
    std::sort(item.pages.begin(), item.pages.end());
    std::vector<size_t> text_lines;
    for (size_t i : body)
      if (!w.lines[i].table) text_lines.push_back(i);
    std::vector<Paragraph> paras = paragraphs(w, text_lines, margins);
    for (const Paragraph& p : paras) {
      if (!item.text.empty()) item.text += '\n';
      item.text += p.text;
    }
    item.prov = prov_of(w, doc, all);
    find_resolutions(c, paras, item);
    find_declarations(c, paras, item);
    find_actions(c, paras, item);
    doc.items.push_back(std::move(item));
  }
  if (doc.items.empty() && !w.lines.empty())
    ctx.debug(0, "no numbered item headings found");
  return {};
}

}  // namespace agendapack
