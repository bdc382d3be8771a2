#include "stages/meeting.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "pipeline/dates.h"
#include "stages/layout.h"

namespace agendapack {

namespace {

// ---- text helpers ----

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_word_char(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80 ||
         c == '\'';
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// Spaces, NBSP, punctuation and dashes at either end go; brackets and quotes inside stay.
std::string trim_punct(std::string_view s) {
  static const std::vector<std::string_view> kEdge = {"\u00a0", "\u2013", "\u2014", "\u2019",
                                                      "\u2018", "\u201c", "\u201d", "\u2022"};
  std::string out(s);
  bool changed = true;
  while (changed && !out.empty()) {
    changed = false;
    char f = out.front(), b = out.back();
    if (is_space(f) || f == ',' || f == ';' || f == ':' || f == '.' || f == '-' || f == '|' ||
        f == '*') {
      out.erase(0, 1);
      changed = true;
      continue;
    }
    if (is_space(b) || b == ',' || b == ';' || b == ':' || b == '.' || b == '-' || b == '|' ||
        b == '*') {
      out.pop_back();
      changed = true;
      continue;
    }
    for (std::string_view e : kEdge) {
      if (out.size() >= e.size() && std::string_view(out).substr(0, e.size()) == e) {
        out.erase(0, e.size());
        changed = true;
        break;
      }
      if (out.size() >= e.size() && std::string_view(out).substr(out.size() - e.size()) == e) {
        out.erase(out.size() - e.size());
        changed = true;
        break;
      }
    }
  }
  return out;
}

// Collapses runs of whitespace to one space.
std::string squash(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (is_space(c)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool boundary_before(std::string_view s, size_t pos) { return pos == 0 || !is_word_char(s[pos - 1]); }
bool boundary_after(std::string_view s, size_t pos) { return pos >= s.size() || !is_word_char(s[pos]); }

// The first whole-word occurrence of `phrase` in `hay` (both lower case) at or after `from`.
size_t find_word(std::string_view hay, std::string_view phrase, size_t from = 0) {
  if (phrase.empty()) return std::string::npos;
  for (size_t p = hay.find(phrase, from); p != std::string::npos; p = hay.find(phrase, p + 1)) {
    bool left = !is_word_char(phrase.front()) || boundary_before(hay, p);
    bool right = !is_word_char(phrase.back()) || boundary_after(hay, p + phrase.size());
    if (left && right) return p;
  }
  return std::string::npos;
}

bool has_word(std::string_view hay, std::string_view phrase) {
  return find_word(hay, phrase) != std::string::npos;
}

bool starts_with_word(std::string_view hay, std::string_view phrase) {
  return hay.size() >= phrase.size() && hay.substr(0, phrase.size()) == phrase &&
         boundary_after(hay, phrase.size());
}

bool in_list(const std::vector<std::string>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Text printed in capitals becomes title case ("UPPERTON COUNCIL" -> "Upperton Council");
// text with lower case letters is kept as printed.
std::string title_case_if_caps(std::string_view s) {
  bool any_lower = false, any_upper = false;
  for (char c : s) {
    any_lower |= is_lower(c);
    any_upper |= is_upper(c);
  }
  if (any_lower || !any_upper) return std::string(s);
  static const std::set<std::string> kMinor = {"of", "and", "the", "for", "upon", "on", "in", "at"};
  std::string out;
  bool first_word = true;
  for (const std::string& w : words_of(s)) {
    std::string lw = lower(w);
    if (!out.empty()) out += ' ';
    if (!first_word && kMinor.count(lw)) {
      out += lw;
    } else {
      bool start = true;
      for (char c : lw) {
        out += start && is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
        start = !is_alpha(c) && c != '\'';
      }
    }
    first_word = false;
  }
  return out;
}

std::vector<std::string> strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(lower(v.get<std::string>()));
  // Longest first, so "members present" wins over "present".
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

// ---- names ----

std::string strip_dots(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '.') out += c;
  return out;
}

bool has_lower(std::string_view w) {
  for (char c : w)
    if (is_lower(c)) return true;
  return false;
}

bool all_caps(std::string_view w) {
  int letters = 0;
  for (char c : w) {
    if (is_lower(c)) return false;
    letters += is_upper(c);
  }
  return letters >= 2;
}

// A word that can be part of a person's name as printed: capitalised ("Hawthorne",
// "O'Brien", "Smith-Jones", "McKenzie"), an initial ("J", "J.", "A.B."), or non-ASCII led.
bool name_like(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 0x80) return true;
  if (!is_upper(w[0])) return false;
  for (char ch : w)
    if (!(is_alpha(ch) || ch == '\'' || ch == '-' || ch == '.' ||
          static_cast<unsigned char>(ch) >= 0x80))
      return false;
  return true;
}

// How many words of `w` from index i form an honorific from `list` (0 if none).
size_t honorific_len(const std::vector<std::string>& w, size_t i,
                     const std::vector<std::string>& list) {
  for (size_t n = std::min<size_t>(3, w.size() - i); n >= 1; --n) {
    std::string joined;
    for (size_t k = 0; k < n; ++k) {
      if (k) joined += ' ';
      joined += lower(strip_dots(w[i + k]));
    }
    if (in_list(list, joined)) return n;
  }
  return 0;
}

bool is_chair_marker(std::string_view text, const MeetingVocab& v) {
  std::string t = lower(trim_punct(text));
  if (in_list(v.chair_markers, t)) return true;
  // "(Vice-Chairman, in the Chair)": whoever is in the chair chairs.
  static const std::string kInChair = "in the chair";
  return t.size() > kInChair.size() && t.substr(t.size() - kInChair.size()) == kInChair;
}

// Splits at separators outside brackets: commas, semicolons, " and ", " & ".
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (depth == 0) {
      if (c == ',' || c == ';' || c == '\n') {
        out.push_back(cur);
        cur.clear();
        continue;
      }
      auto sep_at = [&](std::string_view sep) {
        return text.substr(i, sep.size()).size() == sep.size() &&
               lower(text.substr(i, sep.size())) == sep;
      };
      if (is_space(c) && (sep_at(" and ") || sep_at(" & "))) {
        out.push_back(cur);
        cur.clear();
        i += sep_at(" and ") ? 4 : 2;
        continue;
      }
    }
    cur += c;
  }
  out.push_back(cur);
  return out;
}

// Removes bracketed parts, reporting whether one of them marked the chair.
std::string without_brackets(std::string_view s, bool& chair, const MeetingVocab& v) {
  std::string out, inner;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      if (depth++ == 0) inner.clear();
      continue;
    }
    if ((c == ')' || c == ']') && depth > 0) {
      if (--depth == 0 && is_chair_marker(inner, v)) chair = true;
      continue;
    }
    if (depth > 0)
      inner += c;
    else
      out += c;
  }
  return out;
}

// Reads names from one piece of a list; a piece may hold several names run together when a
// one-name-per-line list was joined ("Cllr A Cllr B"). `plural` is set by a plural honorific
// and kept for the list's later pieces: in "Councillors Adams (Chair), Baker and Clarke" each
// surname is a name.
void names_from_piece(std::string piece, const MeetingVocab& v, std::vector<ListedName>& out,
                      bool& plural) {
  bool chair = false;
  piece = without_brackets(piece, chair, v);
  // "Cllr X - Leader", "Cllr Y: Cabinet Member": the role after the separator goes.
  for (const std::string& sep : v.role_separators) {
    size_t p = piece.find(sep);
    if (p != std::string::npos) piece = piece.substr(0, p);
  }
  std::string lp = lower(piece);
  // "Cllr X in the Chair"
  static const std::string kInChair = " in the chair";
  size_t ic = lp.find(kInChair);
  if (ic != std::string::npos) {
    chair = true;
    piece = piece.substr(0, ic);
  }
  piece = trim_punct(piece);
  if (piece.empty()) return;
  if (is_chair_marker(piece, v)) {
    // "Cllr X, Chairman": the marker belongs to the name before it.
    if (!out.empty()) out.back().chair = true;
    return;
  }
  std::vector<std::string> w = words_of(piece);
  size_t i = 0;
  bool first = true;
  while (i < w.size()) {
    std::vector<std::string> name;
    // Only the list's plural honorific vouches for this name.
    bool carried = first && plural;
    bool honorific = carried;
    first = false;
    // Honorifics: "Cllr", "The Rt Hon", "Councillors" (a plural one is not part of each name).
    while (i < w.size()) {
      size_t n = honorific_len(w, i, v.plural_honorifics);
      if (n) {
        i += n;
        honorific = plural = true;
        carried = false;
        continue;
      }
      n = honorific_len(w, i, v.honorifics);
      if (!n) break;
      carried = false;
      for (size_t k = 0; k < n; ++k) name.push_back(w[i + k]);
      i += n;
      honorific = true;
    }
    size_t name_words = 0;
    while (i < w.size()) {
      std::string word = w[i];
      std::string lw = lower(strip_dots(word));
      if (name_words > 0 && honorific_len(w, i, v.honorifics)) break;  // the next name starts
      if (name_words > 0 && in_list(v.suffixes, lw) && word != lower(word)) break;
      if (in_list(v.particles, lw) && name_words > 0 && i + 1 < w.size() && name_like(w[i + 1])) {
        name.push_back(word);
        ++i;
        continue;
      }
      if (!name_like(word)) break;
      // "Mayor Bradley PLEDGE": a word in capitals after a name in mixed case is a heading.
      if (all_caps(word) && word.size() >= 3 && name_words > 0 && has_lower(name.back()) &&
          !in_list(v.suffixes, lw))
        break;
      // A role word ends a name that already has a first name and a surname, and is
      // never a name without an honorific.
      if (in_list(v.role_words, lw) && (!honorific || name_words >= 2)) break;
      name.push_back(word);
      ++name_words;
      ++i;
    }
    while (i < w.size() && in_list(v.suffixes, lower(strip_dots(w[i]))) && name_words > 0 &&
           w[i] != lower(w[i])) {
      name.push_back(w[i]);
      ++i;
    }
    bool ok = name_words >= 1 && (honorific || (name_words >= 2 && name_words <= 5));
    // A surname that has only the list's "Councillors" to go on must look like one: no
    // capitals, no role word ("Council", "Committee"). The first that does not ends the list.
    if (ok && carried) {
      for (const std::string& x : name) {
        std::string lx = lower(strip_dots(x));
        if ((all_caps(x) && x.size() > 2) || in_list(v.role_words, lx) ||
            in_list(v.auth_generic, lx))
          ok = false;
      }
      if (!ok) plural = false;
    }
    // Without an honorific, a run of capitals is more often a heading than a name.
    if (ok && !honorific) {
      bool caps = true;
      for (const std::string& x : name) caps &= all_caps(x) || x.size() <= 2;
      ok = !caps;
    }
    if (ok) {
      std::string joined;
      for (const std::string& s : name) {
        if (!joined.empty()) joined += ' ';
        joined += s;
      }
      out.push_back({trim_punct(joined), chair});
      chair = false;
    }
    // Skip to the next honorific, if any: the rest of this piece is a role or prose.
    while (i < w.size() && !honorific_len(w, i, v.honorifics)) ++i;
  }
}

// ---- the document's lines ----

struct ZLine {
  LineRef ref;
  const Line* line = nullptr;
  std::string text;
  int page = 0;  // 1-based
};

double gap_between(const ZLine& a, const ZLine& b) {
  if (a.ref.page_idx != b.ref.page_idx) return 1e9;
  return b.line->bbox.y0 - a.line->bbox.y1;
}

struct Label {
  std::string field;  // date | time | venue | chair
  std::string value;
};

// "Date: 5 October 2020" -> {date, "5 October 2020"}; a label alone on its line has value "".
std::optional<Label> match_label(std::string_view text, const MeetingVocab& v) {
  std::string lt = lower(trim(text));
  for (const auto& [field, list] : v.labels) {
    for (const std::string& label : list) {
      if (!starts_with_word(lt, label)) continue;
      size_t p = label.size();
      while (p < lt.size() && is_space(lt[p])) ++p;
      if (p < lt.size() && lt[p] == ':') {
        return Label{field, trim(trim(text).substr(p + 1))};
      }
    }
  }
  return std::nullopt;
}

struct HeadingMatch {
  std::string group;
  std::string rest;
};

std::optional<HeadingMatch> match_heading(std::string_view text, const MeetingVocab& v) {
  std::string t = trim(text);
  std::string lt = lower(t);
  std::optional<HeadingMatch> best;
  size_t best_len = 0;
  for (const auto& [group, list] : v.headings) {
    for (const std::string& h : list) {
      if (h.size() <= best_len || !starts_with_word(lt, h)) continue;
      std::string rest = t.substr(h.size());
      std::string tr = trim_punct(rest);
      // "Present", "Present:", "Present:-", "Present: Cllr A, ..."
      size_t p = 0;
      while (p < rest.size() && is_space(rest[p])) ++p;
      bool colon = p < rest.size() && (rest[p] == ':' || rest[p] == '-' ||
                                       rest.compare(p, 3, "\u2013") == 0);
      bool ok = tr.empty() || colon;
      if (!ok) {
        // "Present Cllr A, Cllr B": a list that starts with an honorific.
        auto w = words_of(tr);
        ok = !w.empty() && honorific_len(w, 0, v.honorifics) > 0;
      }
      if (ok) {
        best = HeadingMatch{group, tr};
        best_len = h.size();
      }
    }
  }
  return best;
}

bool is_item_start(const ZLine& l, const MeetingVocab& v) {
  std::string t = trim(l.text);
  auto dates = find_dates(t);
  if (!dates.empty() && dates.front().begin == 0) return false;
  auto times = find_times(t);
  if (!times.empty() && times.front().begin == 0) return false;
  for (const Regex& re : v.item_starts)
    if (re.search(t)) return true;
  return false;
}

// Splits a line into the parts its words' wide gaps separate ("Cabinet Meeting      Glos...").
std::vector<std::string> gap_segments(const Page& page, const Line& line) {
  std::vector<std::string> out;
  std::string cur;
  double prev_x1 = 0;
  double gap = std::max(8.0, 1.5 * (line.font_size > 0 ? line.font_size : 10));
  for (size_t k = 0; k < line.words.size(); ++k) {
    const Word& w = page.words[line.words[k]];
    if (k > 0 && w.bbox.x0 - prev_x1 > gap) {
      out.push_back(cur);
      cur.clear();
    }
    if (!cur.empty()) cur += ' ';
    cur += w.text;
    prev_x1 = w.bbox.x1;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// ---- meeting sentence ----

struct SentenceParts {
  std::optional<std::string> body, venue, date, start, end;
};

// Drops leading words that are articles, meeting adjectives or "meeting of".
std::string strip_meeting_words(std::string s, const MeetingVocab& v, bool& saw_meeting) {
  bool changed = true;
  while (changed) {
    changed = false;
    s = trim(s);
    std::string ls = lower(s);
    for (std::string_view art : {"a", "an", "the", "of", "its"}) {
      if (starts_with_word(ls, art)) {
        s = s.substr(art.size());
        changed = true;
        break;
      }
    }
    if (changed) continue;
    for (const std::string& adj : v.adjectives) {
      // An adjective only counts before "meeting" ("Special Meeting of"), not as part of a
      // body's name ("Council").
      if (starts_with_word(ls, adj)) {
        std::string after = trim(ls.substr(adj.size()));
        if (starts_with_word(after, "meeting") || starts_with_word(after, "meetings") ||
            starts_with_word(after, "session")) {
          s = s.substr(adj.size());
          changed = true;
          break;
        }
      }
    }
    if (changed) continue;
    for (std::string_view m : {"meetings of", "meeting of", "session of", "meeting", "session"}) {
      if (starts_with_word(ls, m)) {
        s = s.substr(m.size());
        saw_meeting = true;
        changed = true;
        break;
      }
    }
  }
  return s;
}

// Cuts a body name at the first stop ("held", " on ", a date, a comma ...).
std::string cut_body(const std::string& s, const MeetingVocab& v) {
  size_t end = s.size();
  std::string ls = lower(s);
  for (const std::string& stop : v.body_stops) {
    size_t p = ls.find(stop);
    if (p != std::string::npos) end = std::min(end, p);
  }
  for (const std::string& pre : v.auth_prefixes) {
    size_t p = find_word(ls, "of " + pre);
    if (p != std::string::npos && p > 0) end = std::min(end, p);
  }
  auto dates = find_dates(s);
  if (!dates.empty()) end = std::min(end, dates.front().begin);
  auto times = find_times(s);
  if (!times.empty()) end = std::min(end, times.front().begin);
  return trim_punct(s.substr(0, end));
}

// "Planning Commission Regular Meeting Agenda" -> "Planning Commission".
std::string clean_body(std::string b, const MeetingVocab& v) {
  bool changed = true;
  while (changed) {
    changed = false;
    std::string lb = lower(b);
    for (const std::string& t : v.body_trailing) {
      if (lb.size() > t.size() + 1 && lb.compare(lb.size() - t.size(), t.size(), t) == 0 &&
          lb[lb.size() - t.size() - 1] == ' ') {
        b = trim_punct(b.substr(0, b.size() - t.size()));
        changed = true;
        break;
      }
    }
  }
  return b;
}

bool plausible_body(std::string& b, const MeetingVocab& v) {
  b = clean_body(b, v);
  if (b.empty()) return false;
  std::string lb0 = lower(b);
  if (in_list(v.adjectives, lb0) || in_list(v.body_trailing, lb0) || in_list(v.minutes_titles, lb0))
    return false;
  // "Council Chamber" is where a body meets, not the body.
  for (const std::string& r : v.body_reject)
    if (has_word(lb0, r)) return false;
  auto w = words_of(b);
  if (w.size() > 10) return false;
  if (!is_upper(b[0]) && static_cast<unsigned char>(b[0]) < 0x80) return false;
  std::string lb = lower(b);
  for (const auto& [f, list] : v.labels)
    for (const std::string& l : list)
      if (lb == l) return false;
  return true;
}

bool has_body_word(const std::string& s, const MeetingVocab& v) {
  std::string ls = lower(s);
  for (const std::string& w : v.body_words)
    if (has_word(ls, w)) return true;
  return false;
}

// The venue among the parts a meeting sentence leaves once dates and times are taken out.
std::optional<std::string> venue_from(std::string_view rest, const MeetingVocab& v,
                                      const std::optional<std::string>& body) {
  std::string s(rest);
  std::vector<std::pair<size_t, size_t>> cuts;
  for (const auto& d : find_dates(s)) cuts.emplace_back(d.begin, d.end);
  for (const auto& t : find_times(s)) cuts.emplace_back(t.begin, t.end);
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string> parts;
  size_t pos = 0;
  for (auto [b, e] : cuts) {
    if (b >= pos) parts.push_back(s.substr(pos, b - pos));
    pos = std::max(pos, e);
  }
  parts.push_back(s.substr(std::min(pos, s.size())));
  std::vector<std::string> kLead = v.venue_lead;
  for (const char* p : {"-", "\u2013", ","}) kLead.push_back(p);
  static const std::vector<std::string> kTrail = {"on", "at", "in", "commencing", "starting", "from",
                                                  "to", "until", "and", "held", "beginning",
                                                  "commencing at", "-", "\u2013", ","};
  for (std::string p : parts) {
    bool changed = true;
    while (changed) {
      changed = false;
      p = trim_punct(p);
      std::string lp = lower(p);
      for (const std::string& w : kLead) {
        if (starts_with_word(lp, w) || (!is_word_char(w[0]) && lp.rfind(w, 0) == 0)) {
          p = p.substr(w.size());
          changed = true;
          break;
        }
      }
      if (changed) continue;
      for (const std::string& w : kTrail) {
        if (lp.size() > w.size() && lp.compare(lp.size() - w.size(), w.size(), w) == 0 &&
            (!is_word_char(w[0]) || !is_word_char(lp[lp.size() - w.size() - 1]))) {
          p = p.substr(0, p.size() - w.size());
          changed = true;
          break;
        }
      }
    }
    if (p.size() < 3) continue;
    bool upper = false;
    for (char c : p) upper |= is_upper(c);
    if (!upper) continue;
    if (body && lower(p) == lower(*body)) continue;
    // "the Community Centre, and livestreamed to ...": the venue ends before the aside.
    size_t aside = p.find(", and ");
    if (aside != std::string::npos) p = trim_punct(p.substr(0, aside));
    if (words_of(p).size() > 20) continue;
    return p;
  }
  return std::nullopt;
}

// Start and end from the times after the date: "at 7.00 pm - 8.50 pm", "14:30 to 16:15".
void times_from(std::string_view s, const MeetingVocab& v, std::optional<std::string>& start,
                std::optional<std::string>& end) {
  auto times = find_times(s);
  if (times.empty()) return;
  start = times[0].hhmm;
  if (times.size() >= 2) {
    std::string between = lower(trim_punct(s.substr(times[0].end, times[1].begin - times[0].end)));
    if (between.empty() || in_list(v.range_separators, between) ||
        in_list(v.range_separators, trim(between)))
      end = times[1].hhmm;
  }
}

// ---- the stage's reading ----

class MeetingReader {
 public:
  MeetingReader(Document& doc, const MeetingVocab& v) : doc_(doc), v_(v) {}
  void run();

 private:
  void collect_lines();
  void read_zone();
  void read_sentence(size_t i);
  void read_title_lines();
  void read_authority();
  void read_body_fallback();
  void read_end_time();
  void read_start_phrase();
  void read_next_meeting();
  void read_apologies_item();
  void add_names(const std::string& text, const std::string& group);
  void use(const ZLine& l) { used_.emplace_back(l.ref.page_idx, l.ref.line_idx); }
  std::string joined_from(size_t i, size_t max_lines, const std::vector<ZLine>& lines) const;

  Document& doc_;
  const MeetingVocab& v_;
  std::vector<ZLine> all_;    // body lines in reading order
  size_t zone_end_ = 0;       // all_[0, zone_end_) lie before the first item
  size_t first_heading_ = 0;  // the first attendance heading in the zone (or zone_end_)
  std::vector<ZLine> furniture_;  // running headers and footers
  std::vector<std::pair<uint32_t, uint32_t>> used_;
  std::optional<std::string> label_date_, label_time_, label_venue_, label_chair_;
  SentenceParts sentence_;
  std::optional<std::string> title_date_, title_start_, title_end_;
  std::optional<std::string> chair_marked_;
  std::vector<Attendee> attendance_;
};

std::string MeetingReader::joined_from(size_t i, size_t max_lines,
                                       const std::vector<ZLine>& lines) const {
  std::vector<std::string> parts;
  for (size_t k = i; k < lines.size() && k < i + max_lines; ++k) parts.push_back(lines[k].text);
  return join_lines(parts);
}

void MeetingReader::collect_lines() {
  for (const LineRef& r : reading_order(doc_)) {
    const Page& page = doc_.pages[r.page_idx];
    const Line& line = page.lines[r.line_idx];
    all_.push_back({r, &line, squash(line.text), page.number});
  }
  for (uint32_t p = 0; p < doc_.pages.size(); ++p) {
    const Page& page = doc_.pages[p];
    for (uint32_t k = 0; k < page.lines.size(); ++k) {
      const Line& line = page.lines[k];
      if (line.role == LineRole::header || line.role == LineRole::footer)
        furniture_.push_back({{p, k}, &line, squash(line.text), page.number});
    }
  }
  // The zone ends at the first item's first line, or where an item heading is seen.
  zone_end_ = all_.size();
  if (!doc_.items.empty() && !doc_.items.front().lines.empty()) {
    const LineRef& first = doc_.items.front().lines.front();
    for (size_t i = 0; i < all_.size(); ++i) {
      if (all_[i].ref.page_idx == first.page_idx && all_[i].ref.line_idx == first.line_idx) {
        zone_end_ = i;
        break;
      }
    }
  } else {
    for (size_t i = 0; i < all_.size(); ++i) {
      if (is_item_start(all_[i], v_)) {
        zone_end_ = i;
        break;
      }
    }
  }
  // A document with no items (a notice, an agenda cover) still has its meeting at the top.
  zone_end_ = std::min<size_t>(zone_end_, 80);
}

void MeetingReader::add_names(const std::string& text, const std::string& group) {
  for (ListedName& n : parse_name_list(text, v_)) {
    if (n.chair && !chair_marked_) chair_marked_ = n.name;
    bool dup = false;
    for (const Attendee& a : attendance_) dup |= (a.name == n.name && a.group == group);
    if (!dup) attendance_.push_back({n.name, group});
  }
}

void MeetingReader::read_zone() {
  first_heading_ = zone_end_;
  std::string group, collected;
  std::vector<std::string> group_lines;
  auto flush = [&] {
    if (group.empty()) return;
    // A list with no separators is one name per line; otherwise it is running text.
    bool separated = false;
    for (const std::string& gl : group_lines) {
      std::string lg = lower(gl);
      separated |= gl.find(',') != std::string::npos || gl.find(';') != std::string::npos ||
                   has_word(lg, "and") || lg.find(" & ") != std::string::npos;
    }
    if (separated) {
      add_names(join_lines(group_lines), group);
    } else {
      for (const std::string& gl : group_lines) add_names(gl, group);
    }
    group.clear();
    group_lines.clear();
  };
  for (size_t i = 0; i < zone_end_; ++i) {
    const ZLine& l = all_[i];
    if (auto h = match_heading(l.text, v_)) {
      flush();
      first_heading_ = std::min(first_heading_, i);
      group = h->group;
      if (!h->rest.empty()) group_lines.push_back(h->rest);
      use(l);
      continue;
    }
    if (auto lab = match_label(l.text, v_)) {
      flush();
      std::string value = lab->value;
      if (value.empty() && i + 1 < zone_end_ && !match_label(all_[i + 1].text, v_) &&
          !match_heading(all_[i + 1].text, v_))
        value = all_[i + 1].text;
      if (lab->field == "date" && !label_date_) {
        label_date_ = parse_date(value);
        if (label_date_) {
          auto dates = find_dates(value);
          std::optional<std::string> s, e;
          times_from(std::string_view(value).substr(dates.front().end), v_, s, e);
          if (s && !label_time_) label_time_ = value.substr(dates.front().end);
        }
      } else if (lab->field == "time" && (!label_time_ || find_times(*label_time_).empty())) {
        label_time_ = value;
      } else if (lab->field == "venue" && !label_venue_ && !trim_punct(value).empty()) {
        label_venue_ = trim_punct(value);
      } else if (lab->field == "chair" && !label_chair_) {
        auto names = parse_name_list(value, v_);
        if (!names.empty()) label_chair_ = names.front().name;
      }
      use(l);
      continue;
    }
    if (!group.empty()) {
      // A wide gap ends a list that nothing else ends (no items found).
      if (!group_lines.empty() && i > 0 && gap_between(all_[i - 1], l) > 3.5 * l.line->font_size &&
          gap_between(all_[i - 1], l) < 1e8)
        flush();
      else {
        group_lines.push_back(l.text);
        use(l);
        continue;
      }
    }
  }
  flush();
}

// "MINUTES of a meeting of the X held at VENUE on DATE at TIME", joined over its lines.
void MeetingReader::read_sentence(size_t i) {
  const ZLine& first = all_[i];
  std::vector<std::string> parts = {first.text};
  use(first);
  double x0 = first.line->bbox.x0;
  float size = first.line->font_size > 0 ? first.line->font_size : 10;
  for (size_t k = i + 1; k < first_heading_ && k < i + 5; ++k) {
    const ZLine& l = all_[k];
    double gap = gap_between(all_[k - 1], l);
    if (gap > 0.9 * size || std::abs(l.line->bbox.x0 - x0) > 3 * size) break;
    if (match_label(l.text, v_) || match_heading(l.text, v_) || is_item_start(l, v_)) break;
    parts.push_back(l.text);
    use(l);
  }
  std::string s = join_lines(parts);
  std::string ls = lower(s);
  size_t body_from = std::string::npos;
  for (const std::string& op : v_.openers) {
    size_t p = find_word(ls, op);
    if (p != std::string::npos && p < 40) {
      body_from = p + op.size();
      break;
    }
  }
  if (body_from == std::string::npos) {
    // "A special meeting of the X was held on ..."
    size_t of = find_word(ls, "meeting of");
    size_t held = find_word(ls, "held");
    body_from = of != std::string::npos && of < held ? of : held == std::string::npos ? 0 : held;
  }
  bool saw_meeting = false;
  std::string rest = strip_meeting_words(s.substr(body_from), v_, saw_meeting);
  std::string lrest = lower(rest);
  std::string body;
  if (!starts_with_word(lrest, "held") && !starts_with_word(lrest, "on")) body = cut_body(rest, v_);
  if (plausible_body(body, v_)) sentence_.body = title_case_if_caps(body);
  size_t after_body = s.size() - rest.size() + (sentence_.body ? body.size() : 0);
  std::string tail = s.substr(std::min(after_body, s.size()));
  auto dates = find_dates(tail);
  if (!dates.empty()) {
    sentence_.date = dates.front().iso;
    times_from(std::string_view(tail).substr(dates.front().end), v_, sentence_.start, sentence_.end);
    if (!sentence_.start) times_from(tail, v_, sentence_.start, sentence_.end);
  } else {
    times_from(tail, v_, sentence_.start, sentence_.end);
  }
  sentence_.venue = venue_from(tail, v_, sentence_.body);
}

// Dates and times printed in the title area (before the attendance headings), and a body
// on the line after a bare "Minutes" title.
void MeetingReader::read_title_lines() {
  for (size_t i = 0; i < first_heading_; ++i) {
    const ZLine& l = all_[i];
    if (match_label(l.text, v_)) continue;
    std::string lt = lower(trim_punct(l.text));
    // "Minutes" or "Agenda and minutes" alone: the body is on the next line.
    if (in_list(v_.minutes_titles, lt) && !sentence_.body) {
      for (size_t k = i + 1; k < first_heading_ && k < i + 4; ++k) {
        const ZLine& n = all_[k];
        if (match_label(n.text, v_) || find_authority(n.text, v_)) continue;
        std::string b = cut_body(n.text, v_);
        if (plausible_body(b, v_) && has_body_word(b, v_)) {
          sentence_.body = title_case_if_caps(b);
          use(n);
        }
        break;
      }
    }
    if (!title_date_) {
      auto dates = find_dates(l.text);
      if (!dates.empty()) {
        title_date_ = dates.front().iso;
        times_from(std::string_view(l.text).substr(dates.front().end), v_, title_start_, title_end_);
        // A time on the next line ("Tuesday 4 June 2019" / "10.00 am")
        if (!title_start_ && i + 1 < first_heading_ && find_dates(all_[i + 1].text).empty() &&
            !match_label(all_[i + 1].text, v_)) {
          auto t = find_times(all_[i + 1].text);
          if (!t.empty() && t.front().begin == 0)
            times_from(all_[i + 1].text, v_, title_start_, title_end_);
        }
        use(l);
      }
    }
  }
}

std::optional<std::string> authority_in_line(const Document& doc, const ZLine& l,
                                             const MeetingVocab& v) {
  for (const std::string& seg : gap_segments(doc.pages[l.ref.page_idx], *l.line))
    if (auto a = find_authority(seg, v)) return a;
  return find_authority(l.text, v);
}

void MeetingReader::read_authority() {
  if (doc_.pages.empty()) return;
  // Page one's top lines (furniture included), by position: a logo may be two lines.
  const Page& page = doc_.pages.front();
  std::vector<uint32_t> idx;
  for (uint32_t k = 0; k < page.lines.size(); ++k)
    if (page.lines[k].bbox.y0 < page.height * 0.5) idx.push_back(k);
  std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
    return page.lines[a].bbox.y0 < page.lines[b].bbox.y0;
  });
  if (idx.size() > 20) idx.resize(20);
  for (size_t n = 0; n < idx.size(); ++n) {
    const Line& line = page.lines[idx[n]];
    ZLine zl{{0, idx[n]}, &line, squash(line.text), page.number};
    if (auto a = authority_in_line(doc_, zl, v_)) {
      doc_.meeting.authority = a;
      use(zl);
      return;
    }
    // "Gloucestershire" over "COUNTY COUNCIL"
    if (n + 1 < idx.size()) {
      const Line& next = page.lines[idx[n + 1]];
      std::string ln = lower(trim_punct(next.text));
      auto w = words_of(zl.text);
      bool overlap = next.bbox.x0 < line.bbox.x1 && line.bbox.x0 < next.bbox.x1;
      if (overlap && in_list(v_.auth_logo_suffixes, ln) && !w.empty() && w.size() <= 3 &&
          name_like(w[0]) && next.bbox.y0 - line.bbox.y1 < 2 * std::max(line.font_size, 8.0f)) {
        std::string logo = title_case_if_caps(zl.text) + " " + title_case_if_caps(trim_punct(next.text));
        if (auto a = find_authority(logo, v_)) {
          doc_.meeting.authority = a;
          use(zl);
          return;
        }
      }
    }
  }
  for (const ZLine& f : furniture_) {
    if (auto a = authority_in_line(doc_, f, v_)) {
      doc_.meeting.authority = a;
      return;
    }
  }
  for (size_t i = 0; i < zone_end_; ++i) {
    if (auto a = find_authority(all_[i].text, v_)) {
      doc_.meeting.authority = a;
      return;
    }
  }
}

// The body from a running header or footer ("Cabinet Meeting", "Council – Cabinet – date").
void MeetingReader::read_body_fallback() {
  std::string auth = doc_.meeting.authority ? lower(*doc_.meeting.authority) : "";
  for (const ZLine& f : furniture_) {
    std::vector<std::string> segs;
    for (const std::string& g : gap_segments(doc_.pages[f.ref.page_idx], *f.line)) {
      // "Council – Cabinet – 8 August 2016"
      std::string cur;
      for (const std::string& w : words_of(g)) {
        if (w == "\u2013" || w == "-" || w == "\u2014" || w == "|") {
          segs.push_back(cur);
          cur.clear();
        } else {
          cur += (cur.empty() ? "" : " ") + w;
        }
      }
      segs.push_back(cur);
    }
    for (std::string seg : segs) {
      seg = trim_punct(seg);
      std::string ls = lower(seg);
      if (seg.empty() || (!auth.empty() && ls.find(auth) != std::string::npos && ls.size() <= auth.size() + 2))
        continue;
      // "Cabinet Meeting" / "Cabinet 18 September 2017"
      auto dates = find_dates(seg);
      if (!dates.empty()) seg = trim_punct(seg.substr(0, dates.front().begin));
      ls = lower(seg);
      if (ls.size() > 8 && ls.compare(ls.size() - 8, 8, " meeting") == 0)
        seg = trim_punct(seg.substr(0, seg.size() - 8));
      if (find_authority(seg, v_) && !(has_word(lower(seg), "committee") || has_word(lower(seg), "cabinet")))
        continue;
      if (plausible_body(seg, v_) && has_body_word(seg, v_) && words_of(seg).size() <= 8) {
        doc_.meeting.body = title_case_if_caps(seg);
        return;
      }
    }
  }
  // A short line in the title area naming a body ("PLANNING COMMITTEE").
  for (size_t i = 0; i < first_heading_ && i < 15; ++i) {
    std::string b = cut_body(all_[i].text, v_);
    std::string lb = lower(b);
    if (find_authority(b, v_) || in_list(v_.minutes_titles, lb)) continue;
    if (plausible_body(b, v_) && has_body_word(b, v_) && words_of(b).size() <= 6) {
      doc_.meeting.body = title_case_if_caps(b);
      return;
    }
  }
  // Still none: a body named before "meeting(s)" on the first page ("Council meetings will be
  // held in person at ...", "Adopt the Minutes of the 4 February Council Meeting"), when the
  // title area only says "AGENDA" and a date. Capitalised words, at most four, one of them a
  // body word; a leading adjective ("Regular") is dropped.
  const uint32_t first_page = all_.empty() ? 0 : all_.front().ref.page_idx;
  for (size_t i = 0; i < all_.size() && all_[i].ref.page_idx == first_page; ++i) {
    std::vector<std::string> ws = words_of(all_[i].text);
    for (size_t k = 1; k < ws.size(); ++k) {
      std::string lw = lower(trim_punct(ws[k]));
      if (lw != "meeting" && lw != "meetings") continue;
      size_t from = k;
      while (from > 0 && k - from < 4) {
        std::string prev = trim_punct(ws[from - 1]);
        if (prev.empty() || !is_upper(prev[0]) || prev != ws[from - 1]) break;
        --from;
      }
      while (from + 1 < k && in_list(v_.adjectives, lower(ws[from]))) ++from;
      if (from == k) continue;
      std::string b;
      for (size_t j = from; j < k; ++j) b += (b.empty() ? "" : " ") + ws[j];
      std::string lb = lower(b);
      bool rejected = false;
      for (const std::string& r : v_.body_reject) rejected = rejected || has_word(lb, r);
      if (rejected || find_authority(b, v_) || !has_body_word(b, v_)) continue;
      doc_.meeting.body = title_case_if_caps(b);
      return;
    }
  }
}

void MeetingReader::read_end_time() {
  // From the end: "Meeting concluded at 10.25 am", "The meeting closed at 11:25am".
  for (size_t n = all_.size(); n-- > 0;) {
    std::string text = all_[n].text;
    if (n + 1 < all_.size()) text += " " + all_[n + 1].text;
    std::string lt = lower(text);
    for (const std::string& verb : v_.end_verbs) {
      size_t p = find_word(lt, verb);
      if (p == std::string::npos || p >= all_[n].text.size()) continue;
      std::string before = lt.substr(0, p + verb.size());
      size_t stop = before.rfind(". ");
      if (stop != std::string::npos) before = before.substr(stop);
      bool context = false;
      for (const std::string& c : v_.end_context) context |= has_word(before, c);
      if (!context) continue;
      auto times = find_times(std::string_view(text).substr(p + verb.size()));
      if (!times.empty() && times.front().begin <= 25) {
        doc_.meeting.end_time = times.front().hhmm;
        use(all_[n]);
        return;
      }
    }
  }
}

void MeetingReader::read_start_phrase() {
  for (size_t n = 0; n < all_.size() && n < 200; ++n) {
    std::string text = all_[n].text;
    if (n + 1 < all_.size()) text += " " + all_[n + 1].text;
    std::string lt = lower(text);
    for (const std::string& ph : v_.start_phrases) {
      size_t p = find_word(lt, ph);
      if (p == std::string::npos || p >= all_[n].text.size()) continue;
      auto times = find_times(std::string_view(text).substr(p + ph.size()));
      if (!times.empty() && times.front().begin <= 20) {
        doc_.meeting.start_time = times.front().hhmm;
        return;
      }
    }
  }
}

void MeetingReader::read_next_meeting() {
  auto accept = [&](const std::string& iso) {
    if (doc_.meeting.date && iso <= *doc_.meeting.date) return false;
    doc_.meeting.next_meeting = iso;
    return true;
  };
  auto title_matches = [&](const std::string& title) {
    std::string lt = lower(title);
    for (const std::string& t : v_.next_titles)
      if (has_word(lt, t)) return true;
    return false;
  };
  for (const Item& item : doc_.items) {
    if (!title_matches(item.title)) continue;
    if (auto d = parse_date(item.title); d && accept(*d)) return;
    std::string text = item.text;
    if (text.empty()) {
      std::vector<std::string> parts;
      for (const LineRef& r : item.lines) parts.push_back(doc_.pages[r.page_idx].lines[r.line_idx].text);
      text = join_lines(parts);
    }
    if (auto d = parse_date(text); d && accept(*d)) return;
  }
  if (doc_.items.empty()) {
    for (size_t n = zone_end_; n < all_.size(); ++n) {
      if (words_of(all_[n].text).size() > 10 || !title_matches(all_[n].text)) continue;
      for (size_t k = n; k < all_.size() && k < n + 4; ++k) {
        if (k > n && is_item_start(all_[k], v_)) break;
        if (auto d = parse_date(all_[k].text); d && accept(*d)) return;
      }
    }
  }
  // "The next meeting will be held on Monday 3 October 2016 at 6:30pm."
  for (size_t n = 0; n < all_.size(); ++n) {
    std::string lt = lower(all_[n].text);
    for (const std::string& ph : v_.next_phrases) {
      size_t p = find_word(lt, ph);
      if (p == std::string::npos) continue;
      std::string text = joined_from(n, 3, all_).substr(p);
      size_t stop = text.find(". ");
      if (stop != std::string::npos) text = text.substr(0, stop);
      if (auto d = parse_date(text); d && accept(*d)) return;
    }
  }
}

// "Apologies for absence were received from Cllr L Hepworth." in an "Apologies" item.
void MeetingReader::read_apologies_item() {
  auto title_matches = [&](const std::string& title) {
    std::string lt = lower(title);
    for (const std::string& t : v_.apologies_titles)
      if (starts_with_word(trim_punct(lt), t) || has_word(lt, t)) return true;
    return false;
  };
  std::vector<std::string> paragraphs;
  bool found = false;
  for (const Item& item : doc_.items) {
    if (!title_matches(item.title)) continue;
    found = true;
    std::string text = item.text;
    if (text.empty()) {
      for (const LineRef& r : item.lines) paragraphs.push_back(doc_.pages[r.page_idx].lines[r.line_idx].text);
    } else {
      size_t pos = 0;
      while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        paragraphs.push_back(text.substr(pos, nl - pos));
        pos = nl + 1;
      }
    }
    break;
  }
  if (!found && doc_.items.empty()) {
    for (size_t n = zone_end_; n < all_.size(); ++n) {
      std::string t = all_[n].text;
      auto w = words_of(t);
      if (w.size() > 10 || !title_matches(t)) continue;
      std::vector<std::string> lines;
      for (size_t k = n + 1; k < all_.size() && k < n + 8; ++k) {
        if (is_item_start(all_[k], v_)) break;
        lines.push_back(all_[k].text);
      }
      paragraphs.push_back(join_lines(lines));
      break;
    }
  }
  for (const std::string& para : paragraphs) {
    std::string lp = lower(para);
    size_t from = std::string::npos;
    for (const std::string& ph : v_.apologies_phrases) {
      size_t p = find_word(lp, ph);
      if (p != std::string::npos) {
        from = p + ph.size();
        break;
      }
    }
    if (from == std::string::npos) continue;
    std::string rest = para.substr(from);
    // The sentence ends at a full stop after a word longer than an initial or honorific.
    size_t end = rest.size();
    for (size_t p = rest.find('.'); p != std::string::npos; p = rest.find('.', p + 1)) {
      size_t b = p;
      while (b > 0 && is_word_char(rest[b - 1])) --b;
      std::string word = lower(rest.substr(b, p - b));
      if (word.size() <= 1 || in_list(v_.honorifics, word)) continue;
      if (p + 1 < rest.size() && !is_space(rest[p + 1])) continue;
      end = p;
      break;
    }
    add_names(rest.substr(0, end), "apologies");
  }
}

void MeetingReader::run() {
  collect_lines();
  read_zone();
  // The meeting sentence: the first line in the title area opening with "Minutes of ...",
  // or else one saying where and when it was held.
  std::optional<size_t> sentence_line;
  for (size_t i = 0; i < first_heading_ && !sentence_line; ++i) {
    std::string lt = lower(all_[i].text);
    for (const std::string& op : v_.openers) {
      size_t p = find_word(lt, op);
      if (p != std::string::npos && p < 40) {
        sentence_line = i;
        break;
      }
    }
  }
  for (size_t i = 0; i < first_heading_ && !sentence_line; ++i) {
    std::string lt = lower(all_[i].text);
    if ((starts_with_word(lt, "held") || has_word(lt, "meeting held") || has_word(lt, "was held")) &&
        !find_dates(all_[i].text).empty())
      sentence_line = i;
  }
  if (sentence_line) read_sentence(*sentence_line);
  read_title_lines();
  read_authority();

  Meeting& m = doc_.meeting;
  m.body = sentence_.body;
  if (!m.body) read_body_fallback();
  m.date = label_date_ ? label_date_ : sentence_.date ? sentence_.date : title_date_;
  if (!m.date) {
    for (const ZLine& f : furniture_) {
      if (auto d = parse_date(f.text)) {
        m.date = d;
        break;
      }
    }
  }
  std::optional<std::string> start, end;
  if (label_time_) times_from(*label_time_, v_, start, end);
  if (!start) {
    start = sentence_.start;
    end = sentence_.end;
  }
  if (!start) {
    start = title_start_;
    end = title_end_;
  }
  m.start_time = start;
  if (!m.start_time) read_start_phrase();
  read_end_time();
  if (!m.end_time) m.end_time = end;
  m.venue = label_venue_ ? label_venue_ : sentence_.venue;
  m.chair = label_chair_ ? label_chair_ : chair_marked_;
  read_apologies_item();
  read_next_meeting();
  m.attendance = attendance_;
  m.prov = provenance_of_lines(doc_, used_);
}

}  // namespace

MeetingVocab MeetingVocab::from_json(const nlohmann::json& j) {
  MeetingVocab v;
  if (j.contains("attendance_headings") && j["attendance_headings"].is_object())
    for (const auto& [group, list] : j["attendance_headings"].items()) v.headings[group] = strings(list);
  if (j.contains("labels") && j["labels"].is_object())
    for (const auto& [field, list] : j["labels"].items()) v.labels[field] = strings(list);
  auto get = [&](const char* key) { return j.contains(key) ? strings(j[key]) : std::vector<std::string>{}; };
  v.chair_markers = get("chair_markers");
  v.honorifics = get("honorifics");
  v.plural_honorifics = get("plural_honorifics");
  v.suffixes = get("suffixes");
  v.particles = get("name_particles");
  v.role_words = get("role_words");
  v.role_separators = get("role_separators");
  v.list_stop_words = get("list_stop_words");
  v.apologies_titles = get("apologies_item_titles");
  v.apologies_phrases = get("apologies_phrases");
  v.next_titles = get("next_meeting_titles");
  v.next_phrases = get("next_meeting_phrases");
  v.openers = get("minutes_openers");
  v.minutes_titles = get("minutes_titles");
  v.adjectives = get("meeting_adjectives");
  v.body_stops = get("body_stops");
  v.body_words = get("body_words");
  v.auth_suffixes = get("authority_suffixes");
  v.auth_prefixes = get("authority_prefixes");
  v.auth_logo_suffixes = get("authority_logo_suffixes");
  v.auth_reject = get("authority_reject_words");
  v.start_phrases = get("start_phrases");
  v.end_verbs = get("end_verbs");
  v.end_context = get("end_context");
  v.range_separators = get("time_range_separators");
  v.auth_generic = get("authority_generic_words");
  v.body_trailing = get("body_trailing_words");
  v.venue_lead = get("venue_lead_words");
  v.body_reject = get("body_reject_words");
  if (j.contains("item_start_patterns") && j["item_start_patterns"].is_array())
    for (const auto& p : j["item_start_patterns"])
      if (p.is_string()) v.item_starts.emplace_back(p.get<std::string>(), Regex::kIcase);
  return v;
}

std::vector<ListedName> parse_name_list(std::string_view text, const MeetingVocab& vocab) {
  std::vector<ListedName> out;
  bool plural = false;
  for (const std::string& piece : split_list(text)) names_from_piece(piece, vocab, out, plural);
  return out;
}

std::optional<std::string> find_authority(std::string_view text, const MeetingVocab& v) {
  std::string t = squash(text);
  std::vector<std::string> w = words_of(t);
  std::vector<std::string> lw;
  for (const std::string& x : w) lw.push_back(lower(trim_punct(x)));
  static const std::set<std::string> kArticles = {"the", "this", "that", "our", "a", "an", "its"};
  auto capital = [&](size_t k) {
    return name_like(trim_punct(w[k])) && !in_list(v.body_words, lw[k]) && !kArticles.count(lw[k]) &&
           !in_list(v.auth_reject, lw[k]);
  };
  // A span naming the authority, unless it holds a word no authority's name holds.
  auto accept = [&](size_t b, size_t e) -> std::optional<std::string> {
    // "City Council" alone names a body, not an authority: some word must be a proper name.
    bool proper = false;
    for (size_t k = b; k < e; ++k)
      proper |= capital(k) && lw[k].size() >= 3 && !in_list(v.auth_generic, lw[k]) &&
                !in_list(v.auth_suffixes, lw[k]);
    if (!proper) return std::nullopt;
    std::string out;
    for (size_t k = b; k < e; ++k) out += (out.empty() ? "" : " ") + w[k];
    out = trim_punct(out);
    std::string lo = lower(out);
    for (const std::string& r : v.auth_reject)
      if (has_word(lo, r)) return std::nullopt;
    return title_case_if_caps(out);
  };
  // "London Borough of Marsham", "City of Greyford Council"
  for (const std::string& pre : v.auth_prefixes) {
    auto pw = words_of(pre);
    for (size_t s = 0; s + pw.size() < w.size(); ++s) {
      bool match = true;
      for (size_t k = 0; k < pw.size() && match; ++k) match = lw[s + k] == pw[k];
      if (!match) continue;
      size_t e = s + pw.size();
      size_t names = 0;
      while (e < w.size() && names < 4 && (capital(e) || lw[e] == "council") &&
             find_dates(w[e]).empty()) {
        ++names;
        ++e;
        if (lw[e - 1] == "council" || w[e - 1].back() == ',') break;
      }
      if (names == 0) continue;
      if (auto a = accept(s, e)) return a;
    }
  }
  // "Gloucestershire County Council", "Upperton Council"
  for (const std::string& suf : v.auth_suffixes) {
    auto sw = words_of(suf);
    for (size_t s = 0; s + sw.size() <= w.size(); ++s) {
      bool match = true;
      for (size_t k = 0; k < sw.size() && match; ++k) match = lw[s + k] == sw[k];
      if (!match) continue;
      size_t b = s;
      auto joiner = [&](size_t k) {
        return (lw[k] == "and" || lw[k] == "&" || lw[k] == "upon" || lw[k] == "on") && k >= 1 &&
               capital(k - 1);
      };
      while (b > 0 && s - b < 4 && (capital(b - 1) || joiner(b - 1)) &&
             w[b - 1].back() != ',' && w[b - 1].back() != ':')
        --b;
      if (b == s) continue;
      if (auto a = accept(b, s + sw.size())) return a;
    }
  }
  return std::nullopt;
}

Result<void> MeetingStage::run(Document& doc, StageContext& ctx) {
  MeetingVocab vocab = MeetingVocab::from_json(ctx.vocab("meeting"));
  MeetingReader(doc, vocab).run();
  return {};
}

}  // namespace agendapack
