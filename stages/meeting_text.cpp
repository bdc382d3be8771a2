#include "stages/meeting_text.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include "stages/layout.h"

namespace agendapack {

namespace meeting_text {

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

std::string trim_punct(std::string_view s) {
  static const std::vector<std::string_view> kEdge = {"\u00a0", "\u2013", "\u2014", "\u2019",
                                                      "\u2018", "\u201c", "\u201d", "\u2022"};
  auto edge_char = [](char c) {
    return is_space(c) || c == ',' || c == ';' || c == ':' || c == '.' || c == '-' || c == '|' ||
           c == '*';
  };
  std::string out(s);
  bool changed = true;
  while (changed && !out.empty()) {
    changed = false;
    if (edge_char(out.front())) {
      out.erase(0, 1);
      changed = true;
      continue;
    }
    if (edge_char(out.back())) {
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

namespace {
bool boundary_before(std::string_view s, size_t pos) { return pos == 0 || !is_word_char(s[pos - 1]); }
bool boundary_after(std::string_view s, size_t pos) { return pos >= s.size() || !is_word_char(s[pos]); }
}  // namespace

size_t find_word(std::string_view hay, std::string_view phrase, size_t from) {
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
         (!is_word_char(phrase.back()) || boundary_after(hay, phrase.size()));
}

bool ends_with_word(std::string_view hay, std::string_view phrase) {
  return hay.size() >= phrase.size() && hay.substr(hay.size() - phrase.size()) == phrase &&
         (!is_word_char(phrase.front()) || boundary_before(hay, hay.size() - phrase.size()));
}

bool in_list(const std::vector<std::string>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

std::string strip_dots(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '.') out += c;
  return out;
}

bool has_lower(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return is_lower(c); });
}

bool all_caps(std::string_view w) {
  int letters = 0;
  for (char c : w) {
    if (is_lower(c)) return false;
    letters += is_upper(c);
  }
  return letters >= 2;
}

bool name_like(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 0x80) {
    // A curly quote or dash is punctuation, not the start of a name.
    return w.rfind("\u2019", 0) != 0 && w.rfind("\u2018", 0) != 0 && w.rfind("\u2013", 0) != 0 &&
           w.rfind("\u2014", 0) != 0 && w.rfind("\u201c", 0) != 0;
  }
  if (!is_upper(w[0])) return false;
  for (char ch : w)
    if (!(is_alpha(ch) || ch == '\'' || ch == '-' || ch == '.' ||
          static_cast<unsigned char>(ch) >= 0x80))
      return false;
  return true;
}

namespace {

// Appends code point `cp` to `out` as UTF-8.
void put_utf8(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

}  // namespace

std::string title_case_if_caps(std::string_view s, const MeetingVocab& v) {
  bool any_lower = false, any_upper = false;
  for (char c : s) {
    any_lower |= is_lower(c);
    any_upper |= is_upper(c);
  }
  if (any_lower || !any_upper) return std::string(s);
  std::string out;
  bool first_word = true;
  for (const std::string& w : words_of(s)) {
    if (!out.empty()) out += ' ';
    bool minor = !first_word && in_list(v.minor_words, lower(w));
    // Letters after the first of each part go to lower case, "Ñ" as well as "N"; a part
    // starts the word and after anything that is not a letter ("O'BRIEN", "SMITH-JONES").
    bool start = true;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(w.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(w.size());
    while (left > 0) {
      utf8proc_int32_t cp = 0;
      utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
      if (n <= 0) {  // not UTF-8: keep the byte
        out += static_cast<char>(*p);
        ++p;
        --left;
        continue;
      }
      bool letter = utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
                    utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO;
      put_utf8(out, letter && start && !minor ? utf8proc_toupper(cp) : utf8proc_tolower(cp));
      start = !letter && cp != '\'' && cp != 0x2019;
      p += n;
      left -= n;
    }
    first_word = false;
  }
  return out;
}

size_t phrase_len(const std::vector<std::string>& w, size_t i, const std::vector<std::string>& list) {
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

std::string join_list_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& raw : lines) {
    std::string l = trim(raw);
    if (l.empty()) continue;
    if (out.size() >= 2 && out.back() == '-' && is_alpha(out[out.size() - 2]) && is_alpha(l[0])) {
      // "Barrington-" / "King": a double-barrelled name keeps its hyphen; "reco-" / "mmended"
      // is a word broken at the line end.
      if (is_lower(l[0])) out.pop_back();
      out += l;
      continue;
    }
    if (!out.empty()) out += ' ';
    out += l;
  }
  return out;
}

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

std::optional<Label> match_label(std::string_view text, const MeetingVocab& v) {
  std::string t = trim(text);
  std::string lt = lower(t);
  for (const auto& [field, list] : v.labels) {
    for (const std::string& label : list) {
      if (!starts_with_word(lt, label)) continue;
      size_t p = label.size();
      while (p < lt.size() && is_space(lt[p])) ++p;
      if (p < lt.size() && lt[p] == ':') return Label{field, trim(t.substr(p + 1))};
    }
  }
  return std::nullopt;
}

bool is_item_start(std::string_view text, const MeetingVocab& v) {
  std::string t = trim(text);
  // "4/23/19" alone is a date, not a minute number: an item has a title.
  if (!std::any_of(t.begin(), t.end(), [](char c) { return is_alpha(c); })) return false;
  bool numbered = false;
  for (const Regex& re : v.item_starts) {
    if (re.search(t)) {
      numbered = true;
      break;
    }
  }
  // "11 th NOVEMBER 2015", "10.00 am Council Chamber": a date or time is no item number.
  if (!numbered) return false;
  auto dates = find_dates(t, v.dates);
  if (!dates.empty() && dates.front().begin == 0) return false;
  auto times = find_times(t, v.dates);
  return times.empty() || times.front().begin != 0;
}

namespace {

// Words printed one letter at a time: runs of four or more single letters are closed up, and
// a gap well above the run's usual one (the space between words) separates two words.
std::string close_letter_spacing(const Page& page, const Line& line) {
  auto single = [&](size_t k) {
    const std::string& t = page.words[line.words[k]].text;
    return t.size() == 1 && is_alpha(t[0]);
  };
  std::string out;
  bool changed = false;
  for (size_t k = 0; k < line.words.size();) {
    size_t e = k;
    while (e < line.words.size() && single(e)) ++e;
    if (e - k >= 4) {
      std::vector<double> gaps;
      for (size_t j = k + 1; j < e; ++j)
        gaps.push_back(page.words[line.words[j]].bbox.x0 - page.words[line.words[j - 1]].bbox.x1);
      std::vector<double> sorted = gaps;
      std::sort(sorted.begin(), sorted.end());
      double usual = sorted[sorted.size() / 2];
      const Word& w0 = page.words[line.words[k]];
      double min_gap = 0.25 * (w0.font_size > 0 ? w0.font_size : 10);
      if (!out.empty()) out += ' ';
      out += w0.text;
      for (size_t j = k + 1; j < e; ++j) {
        double g = gaps[j - k - 1];
        if (g > 1.8 * usual && g > min_gap) out += ' ';
        out += page.words[line.words[j]].text;
      }
      changed = true;
      k = e;
      continue;
    }
    for (size_t j = k; j < std::max(e, k + 1); ++j) {
      if (!out.empty()) out += ' ';
      out += page.words[line.words[j]].text;
    }
    k = std::max(e, k + 1);
  }
  return changed ? out : std::string();
}

}  // namespace

std::string line_text(const Page& page, const Line& line, bool* bulleted) {
  std::string closed = close_letter_spacing(page, line);
  std::string t = squash(closed.empty() ? text_without_bullet(line) : closed);
  bool marked = !line.bullet.empty();
  if (!closed.empty() && marked && t.rfind(line.bullet, 0) == 0) t = trim(t.substr(line.bullet.size()));
  // U+E000..U+F8FF: UTF-8 EE 80 80 .. EF A3 BF.
  auto c0 = [&](size_t k) { return k < t.size() ? static_cast<unsigned char>(t[k]) : 0u; };
  if (t.size() >= 3 && (c0(0) == 0xEE || (c0(0) == 0xEF && c0(1) <= 0xA3))) {
    t = trim(t.substr(3));
    marked = true;
  }
  if (bulleted) *bulleted = marked;
  return t;
}

double gap_between(const MLine& a, const MLine& b) {
  if (a.ref.page_idx != b.ref.page_idx) return 1e9;
  return b.line->bbox.y0 - a.line->bbox.y1;
}

}  // namespace meeting_text

namespace {

using meeting_text::lower;

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

std::map<std::string, std::string> string_map(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items())
    if (v.is_string()) out[lower(k)] = lower(v.get<std::string>());
  return out;
}

}  // namespace

MeetingVocab MeetingVocab::from_json(const nlohmann::json& j) {
  return from_json(j, nlohmann::json::object());
}

MeetingVocab MeetingVocab::from_json(const nlohmann::json& j, const nlohmann::json& dates) {
  MeetingVocab v;
  v.dates = DateWords::from_json(dates);
  if (!j.is_object()) return v;
  if (j.contains("attendance_headings") && j["attendance_headings"].is_object())
    for (const auto& [group, list] : j["attendance_headings"].items()) v.headings[group] = strings(list);
  if (j.contains("labels") && j["labels"].is_object())
    for (const auto& [field, list] : j["labels"].items()) v.labels[field] = strings(list);
  auto get = [&](const char* key) { return j.contains(key) ? strings(j[key]) : std::vector<std::string>{}; };
  auto map = [&](const char* key) {
    return j.contains(key) ? string_map(j[key]) : std::map<std::string, std::string>{};
  };
  v.heading_tails = map("attendance_heading_tails");
  v.plural_honorifics = map("plural_honorifics");
  for (const auto& [plural, one] : v.plural_honorifics) v.plural_list.push_back(plural);
  std::stable_sort(v.plural_list.begin(), v.plural_list.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  v.roll_call_status = map("roll_call_status");
  if (j.contains("authority_acronyms") && j["authority_acronyms"].is_object())
    for (const auto& [initials, kinds] : j["authority_acronyms"].items())
      for (const auto& k : kinds)
        if (k.is_string()) v.authority_acronyms[lower(initials)].push_back(k.get<std::string>());
  v.member_words = get("member_words");
  v.staff_words = get("staff_words");
  v.public_words = get("public_words");
  v.officer_role_words = get("officer_role_words");
  v.member_role_words = get("member_role_words");
  v.chair_markers = get("chair_markers");
  v.honorifics = get("honorifics");
  v.suffixes = get("suffixes");
  v.particles = get("name_particles");
  v.role_words = get("role_words");
  v.role_separators = get("role_separators");
  v.list_stop_words = get("list_stop_words");
  v.apologies_titles = get("apologies_item_titles");
  v.apologies_phrases = get("apologies_phrases");
  v.virtual_phrases = get("virtual_attendance_phrases");
  v.joined_after_name = get("joined_after_name");
  v.joined_before_name = get("joined_before_name");
  v.chair_after_name = get("chair_after_name");
  v.chair_before_name = get("chair_before_name");
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
  v.held_words = get("held_words");
  v.date_reject_words = get("date_reject_words");
  v.letter_openings = get("letter_openings");
  v.minor_words = get("title_case_minor_words");
  v.meeting_words = get("meeting_words");
  v.full_council_words = get("full_council_words");
  v.name_joiners = get("authority_name_joiners");
  v.venue_articles = get("venue_articles");
  v.venue_words = get("venue_words");
  v.agenda_words = get("agenda_words");
  v.minutes_words = get("minutes_words");
  v.adjourn_onward = get("adjourn_onward_words");
  v.vote_labels = get("vote_labels");
  // Conjunctions are matched as printed (lower case), so that "A" the initial is no "a".
  if (j.contains("list_conjunctions") && j["list_conjunctions"].is_array())
    for (const auto& c : j["list_conjunctions"])
      if (c.is_string()) v.list_conjunctions.push_back(c.get<std::string>());
  if (j.contains("item_start_patterns") && j["item_start_patterns"].is_array())
    for (const auto& p : j["item_start_patterns"])
      if (p.is_string()) v.item_starts.emplace_back(p.get<std::string>(), Regex::kIcase);
  return v;
}

}  // namespace agendapack
