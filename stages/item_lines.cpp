#include "stages/item_lines.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "stages/layout.h"

namespace agendapack::item_lines {

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

bool mostly_caps(const std::string& s) {
  size_t upper = 0, letters = 0;
  for (unsigned char c : s) {
    if (std::isupper(c)) ++upper;
    if (std::isalpha(c)) ++letters;
  }
  return letters >= 3 && upper * 10 >= letters * 9;
}

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

std::string collapse_leaders(const std::string& s) {
  static const Regex leaders(R"((?:\s*\.){4,}\s*)");
  static const Regex ellipses("(?:\\s*\xE2\x80\xA6){2,}\\s*");
  std::string out = leaders.replace_all(s, " ");
  out = ellipses.replace_all(out, " ");
  return trim(out);
}

bool any_search(const std::string& s, const std::vector<Regex>& res) { return search_any(res, s); }

namespace {

bool is_label(const std::string& marker, const ItemsVocab& v) {
  for (const Regex& re : v.labels)
    if (re.match(marker)) return true;
  return false;
}

}  // namespace

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

namespace {

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

constexpr size_t kMaxNoteWords = 5;
constexpr double kNoteColumn = 0.55;  // share of the page width a note starts beyond

// The index of the first word of a right-margin note on `line`, or 0 when it has none.
size_t margin_tail(const Page& page, const Line& line) {
  size_t n = line.words.size();
  if (n < 2) return 0;
  double size = line.font_size > 0 ? line.font_size : 10;
  for (size_t k = n - 1; k >= 1 && n - k <= kMaxNoteWords; --k) {
    const Word& a = page.words[line.words[k - 1]];
    const Word& b = page.words[line.words[k]];
    if (b.bbox.x0 - a.bbox.x1 < 3 * size) continue;
    if (b.bbox.x0 < kNoteColumn * page.view_width()) return 0;
    for (size_t t = k; t < n; ++t)
      if (has_digit(page.words[line.words[t]].text)) return 0;
    return k;
  }
  return 0;
}

std::string words_text(const Page& page, const Line& line, size_t from, size_t to) {
  std::string out;
  for (size_t k = from; k < to; ++k) out += (out.empty() ? "" : " ") + page.words[line.words[k]].text;
  return out;
}

}  // namespace

void split_margin_notes(Walk& w) {
  std::vector<size_t> tail(w.lines.size(), 0);
  size_t with_notes = 0;
  for (size_t i = 0; i < w.lines.size(); ++i) {
    const LineInfo& l = w.lines[i];
    if (l.table) continue;
    tail[i] = margin_tail(w.doc.pages[l.ref.page_idx], *l.line);
    with_notes += tail[i] > 0;
  }
  if (with_notes < 3) return;
  // A line whose text runs almost to the notes column keeps only a narrow gap before its
  // note ("... for future meetings.   Clerk"): such a tail is a note when it stands in the
  // notes column after a gap no word space makes and the vocabulary knows it as an owner or
  // as a note ("Noted").
  // Notes flush right: a tail that ends on the notes' right edge may follow a gap of less.
  std::map<uint32_t, double> note_right;
  for (size_t i = 0; i < w.lines.size(); ++i)
    if (tail[i] > 0) {
      const LineInfo& l = w.lines[i];
      double& r = note_right[l.ref.page_idx];
      r = std::max(r, w.doc.pages[l.ref.page_idx].words[l.line->words.back()].bbox.x1);
    }
  for (size_t i = 0; i < w.lines.size(); ++i) {
    const LineInfo& l = w.lines[i];
    if (l.table || tail[i] > 0) continue;
    const Page& page = w.doc.pages[l.ref.page_idx];
    const Line& line = *l.line;
    size_t n = line.words.size();
    if (n < 2) continue;
    double size = line.font_size > 0 ? line.font_size : 10;
    auto right = note_right.find(l.ref.page_idx);
    bool flush = right != note_right.end() &&
                 std::abs(page.words[line.words.back()].bbox.x1 - right->second) <= 4;
    // Text that runs up to its note leaves only a word space: "... meeting agenda. Clerk".
    // A note then ends a sentence's line with words in capitals, and the paragraph ends with
    // the line (the next opens a list entry, stands apart, or is a stray mark): otherwise the
    // capitals begin the next sentence ("... Church. Cllr. Alun" / "Davies would clear ...").
    auto next_goes_on = [&]() {
      if (i + 1 >= w.lines.size()) return false;
      const LineInfo& next = w.lines[i + 1];
      if (next.text.size() <= 2 || next.starts_list || next.table) return false;
      return next.y0 - w.lines[i].y1 < 0.6 * size;
    };
    for (size_t k = n - 1; k >= 1 && n - k <= 3; --k) {
      const Word& a = page.words[line.words[k - 1]];
      const Word& b = page.words[line.words[k]];
      bool after_stop = !a.text.empty() && a.text.back() == '.' && !next_goes_on();
      for (size_t t = k; t < n && after_stop; ++t)
        after_stop = std::isupper(static_cast<unsigned char>(page.words[line.words[t]].text.front()));
      const bool wide = b.bbox.x0 - a.bbox.x1 >= (flush ? 0.8 : 1.5) * size;
      if (!wide && !after_stop) continue;
      std::string note = words_text(page, line, k, n);
      bool known = any_search(note, w.v.not_owners);
      for (const Regex& re : w.v.owners) known = known || re.match_prefix(note);
      if (known && !has_digit(note) && b.bbox.x0 >= kNoteColumn * page.view_width()) {
        tail[i] = k;
        break;
      }
      if (wide) break;  // an initial's stop ("P. Harries") is no sentence's end: look further
    }
  }
  for (size_t i = 0; i < w.lines.size(); ++i) {
    LineInfo& l = w.lines[i];
    if (l.table) continue;
    const Page& page = w.doc.pages[l.ref.page_idx];
    const Line& line = *l.line;
    if (tail[i] > 0) {
      l.margin = words_text(page, line, tail[i], line.words.size());
      size_t first = l.starts_list && !l.label && line.words.size() > 1 ? 1 : 0;
      l.text = collapse_leaders(words_text(page, line, first, tail[i]));
      l.x1 = page.words[line.words[tail[i] - 1]].bbox.x1;
      continue;
    }
    // A note alone on its line, below the text it belongs to.
    if (line.words.size() <= kMaxNoteWords && l.x0 >= kNoteColumn * page.view_width() &&
        !has_digit(l.text) && i > 0) {
      l.margin = l.text;
      l.text.clear();
    }
  }
}

Margins right_margins(const Walk& w) {
  Margins m;
  for (const LineInfo& l : w.lines) {
    if (l.table || l.text.empty()) continue;
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
      // A line that opens in lower case after a line without a full stop carries on the
      // sentence, whatever the spacing or the ragged edge say: typists break lines by hand
      // ("... proposed by Cllr. A, seconded" / "by Cllr. B and unanimously agreed ...").
      unsigned char c0 = static_cast<unsigned char>(l.text[0]);
      char last = prev->text.empty() ? '.' : prev->text.back();
      bool carries_on = std::islower(c0) && !l.label && last != '.' && last != ':';
      bool same_flow = prev->ref.page_idx == l.ref.page_idx && prev->line->column == l.line->column;
      if (!carries_on && same_flow && l.y0 - prev->y1 > 0.7 * std::max(prev->size, l.size)) start = true;
      // The previous line stopped short: this line's first word would have fitted on it.
      auto it = margins.find({prev->ref.page_idx, prev->line->column});
      double right = it == margins.end() ? prev->x1 : it->second;
      if (!carries_on && right - prev->x1 > l.first_word_width + 0.6 * prev->size + 4) start = true;
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

ProvenanceList prov_of(const Walk& w, const std::vector<size_t>& idx) {
  std::vector<std::pair<uint32_t, uint32_t>> refs;
  for (size_t i : idx) refs.emplace_back(w.lines[i].ref.page_idx, w.lines[i].ref.line_idx);
  return provenance_of_lines(w.doc, refs);
}

}  // namespace agendapack::item_lines
