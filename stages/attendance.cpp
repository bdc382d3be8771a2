#include "stages/attendance.h"

#include <algorithm>

#include "stages/layout.h"

namespace agendapack {

using namespace meeting_text;

namespace {

// ---- one list ----

bool is_chair_marker(std::string_view text, const MeetingVocab& v) {
  std::string t = lower(trim_punct(text));
  if (in_list(v.chair_markers, t)) return true;
  // "(Vice-Chairman, in the Chair)": whoever is in the chair chairs.
  static const std::string kInChair = "in the chair";
  return t.size() > kInChair.size() && t.substr(t.size() - kInChair.size()) == kInChair;
}

// Splits at separators outside brackets: commas, semicolons, line breaks and the vocabulary's
// conjunctions (" and ", " & ", Welsh " a ", " ac ", " a'r "), matched as printed.
std::vector<std::string> split_list(std::string_view text, const MeetingVocab& v) {
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
      if (is_space(c)) {
        bool split = false;
        for (const std::string& conj : v.list_conjunctions) {
          std::string_view after = text.substr(i + 1);
          if (after.size() > conj.size() && after.substr(0, conj.size()) == conj &&
              is_space(after[conj.size()])) {
            out.push_back(cur);
            cur.clear();
            i += conj.size() + 1;
            split = true;
            break;
          }
        }
        if (split) continue;
      }
    }
    cur += c;
  }
  out.push_back(cur);
  return out;
}

// Removes bracketed parts: whether one marked the chair, and the first other one (a role).
std::string without_brackets(std::string_view s, bool& chair, std::string& role,
                             const MeetingVocab& v) {
  std::string out, inner;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      if (depth++ == 0) inner.clear();
      else inner += c;
      continue;
    }
    if ((c == ')' || c == ']') && depth > 0) {
      if (--depth == 0) {
        if (is_chair_marker(inner, v))
          chair = true;
        else if (role.empty())
          role = trim(inner);
      } else {
        inner += c;
      }
      continue;
    }
    if (depth > 0)
      inner += c;
    else
      out += c;
  }
  return out;
}

// A word of a job title: a role word, or a hyphenated word with one ("Administrator-Clerk",
// "Chief-MLEO-CEMC"), or an acronym of three or more capitals.
bool role_like(std::string_view word, const MeetingVocab& v) {
  std::string lw = lower(strip_dots(trim_punct(word)));
  if (in_list(v.role_words, lw)) return true;
  if (all_caps(word) && strip_dots(word).size() >= 3 && !in_list(v.suffixes, lw)) return true;
  size_t p = 0;
  while (true) {
    size_t dash = lw.find('-', p);
    if (in_list(v.role_words, lw.substr(p, dash == std::string::npos ? dash : dash - p)) &&
        lw.find('-') != std::string::npos)
      return true;
    if (dash == std::string::npos) break;
    p = dash + 1;
  }
  return false;
}

// The singular of a plural honorific as printed: "Councillors" -> "Councillor",
// "Cllrs." -> "Cllr.", "CYNGHORWYR" -> "CYNGHORYDD".
std::string singular(std::string_view printed, const std::string& singular_lower) {
  std::string out = singular_lower;
  bool caps = all_caps(printed);
  // Each word takes the case its printed counterpart starts with ("Council Members").
  std::vector<std::string> pw = words_of(printed);
  size_t word = 0;
  bool start = true;
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k] == ' ') {
      ++word;
      start = true;
      continue;
    }
    bool upper = caps || (start && word < pw.size() && !pw[word].empty() && is_upper(pw[word][0]));
    if (is_lower(out[k]) && upper) out[k] = static_cast<char>(out[k] - 'a' + 'A');
    start = false;
  }
  if (!printed.empty() && printed.back() == '.') out += '.';
  return out;
}

struct ListState {
  std::optional<std::string> plural;  // the singular honorific a plural one carries
};

// Reads names from one piece of a list; a piece may hold several names run together when a
// one-name-per-line list was joined ("Cllr A Cllr B").
void names_from_piece(std::string piece, const MeetingVocab& v, std::vector<ListedName>& out,
                      ListState& state) {
  bool chair = false;
  std::string role;
  piece = without_brackets(piece, chair, role, v);
  // "Cllr X - Leader", "Cllr Y: Cabinet Member": the role after the separator goes.
  for (const std::string& sep : v.role_separators) {
    size_t p = piece.find(sep);
    if (p != std::string::npos) {
      if (role.empty()) role = trim_punct(piece.substr(p + sep.size()));
      piece = piece.substr(0, p);
    }
  }
  // "Cllr X in the Chair"
  std::string lp = lower(piece);
  static const std::string kInChair = " in the chair";
  if (size_t ic = lp.find(kInChair); ic != std::string::npos) {
    chair = true;
    piece = piece.substr(0, ic);
  }
  // "Nancy Sayer who was substituted by ...", "Dan Bride were in attendance virtually"
  {
    std::vector<std::string> w = words_of(piece);
    for (size_t k = 1; k < w.size(); ++k) {
      if (in_list(v.list_stop_words, w[k])) {
        w.resize(k);
        break;
      }
    }
    std::string cut;
    for (const std::string& x : w) cut += (cut.empty() ? "" : " ") + x;
    piece = cut;
  }
  piece = trim_punct(piece);
  if (piece.empty()) return;
  if (is_chair_marker(piece, v)) {
    // "Cllr X, Chairman": the marker belongs to the name before it.
    if (!out.empty()) out.back().chair = true;
    return;
  }
  std::vector<std::string> w = words_of(piece);
  // "Mr R C Love, OBE": an honour alone after a comma stays with its name, as printed.
  if (!out.empty() && std::all_of(w.begin(), w.end(), [&](const std::string& x) {
        return in_list(v.suffixes, lower(strip_dots(x))) && x != lower(x);
      })) {
    out.back().name += ", " + piece;
    return;
  }
  // "Fire Chief-MLEO-CEMC Will Bateman": a job title before a name without an honorific.
  if (!phrase_len(w, 0, v.honorifics) && !phrase_len(w, 0, v.plural_list)) {
    size_t b = w.size();
    while (b > 0 && name_like(w[b - 1]) && !role_like(w[b - 1], v) &&
           !in_list(v.auth_generic, lower(w[b - 1])))
      --b;
    bool titled = false;
    for (size_t k = 0; k < b; ++k) titled |= role_like(w[k], v);
    if (titled && b > 0 && w.size() - b >= 2 && w.size() - b <= 4) {
      std::string title;
      for (size_t k = 0; k < b; ++k) title += (title.empty() ? "" : " ") + w[k];
      if (role.empty()) role = title;
      w.erase(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(b));
    }
  }
  size_t i = 0;
  bool first = true;
  while (i < w.size()) {
    std::vector<std::string> name;
    // A plural honorific earlier in the list vouches for this name (`carried`, checked below),
    // one in this piece simply names it; either way the name takes its singular.
    bool carried = first && state.plural.has_value();
    bool plural = carried;
    bool honorific = carried;
    first = false;
    // Honorifics: "Cllr", "The Rt Hon", "Councillors" (a plural one is not part of each name).
    while (i < w.size()) {
      size_t n = phrase_len(w, i, v.plural_list);
      if (n) {
        std::string key, printed;
        for (size_t k = 0; k < n; ++k) {
          key += (k ? " " : "") + lower(strip_dots(w[i + k]));
          printed += (k ? " " : "") + w[i + k];
        }
        state.plural = singular(printed, v.plural_honorifics.at(key));
        i += n;
        honorific = plural = true;
        carried = false;
        continue;
      }
      n = phrase_len(w, i, v.honorifics);
      if (!n) break;
      carried = plural = false;
      for (size_t k = 0; k < n; ++k) name.push_back(w[i + k]);
      i += n;
      honorific = true;
    }
    size_t name_words = 0;
    while (i < w.size()) {
      const std::string& word = w[i];
      std::string lw = lower(strip_dots(word));
      if (name_words > 0 && phrase_len(w, i, v.honorifics)) break;  // the next name starts
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
      if ((honorific ? in_list(v.role_words, lw) : role_like(word, v)) &&
          (!honorific || name_words >= 2))
        break;
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
      if (!ok) state.plural.reset();
    }
    // Without an honorific, a run of capitals is more often a heading than a name.
    if (ok && !honorific) {
      bool caps = true;
      for (const std::string& x : name) caps &= all_caps(x) || x.size() <= 2;
      ok = !caps;
    }
    if (ok) {
      std::string joined = plural && state.plural ? *state.plural : "";
      for (const std::string& s : name) joined += (joined.empty() ? "" : " ") + s;
      out.push_back({trim_punct(joined), role, chair});
      chair = false;
    }
    // Skip to the next honorific, if any: the rest of this piece is a role or prose.
    while (i < w.size() && !phrase_len(w, i, v.honorifics) &&
           !phrase_len(w, i, v.plural_list))
      ++i;
  }
}

}  // namespace

std::vector<ListedName> parse_name_list(std::string_view text, const MeetingVocab& vocab) {
  std::vector<ListedName> out;
  ListState state;
  for (const std::string& piece : split_list(text, vocab)) names_from_piece(piece, vocab, out, state);
  return out;
}

namespace {

// The text after a heading: its colon or dash goes, the list's own punctuation stays ("David
// Brazier," continues on the next line).
std::string after_heading(std::string_view rest) {
  size_t b = 0;
  while (b < rest.size() && (is_space(rest[b]) || rest[b] == ':' || rest[b] == '-')) ++b;
  if (rest.substr(b, 3) == "\u2013") {
    b += 3;
    while (b < rest.size() && is_space(rest[b])) ++b;
  }
  return trim(rest.substr(b));
}

}  // namespace

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
        ok = !w.empty() && (phrase_len(w, 0, v.honorifics) > 0 ||
                            phrase_len(w, 0, v.plural_list) > 0);
      }
      if (ok) {
        best = HeadingMatch{group, after_heading(rest)};
        best_len = h.size();
      }
    }
  }
  if (best) return best;
  // "Commissioners Present:", "Others Present:", "Certified Candidates absent:": a few
  // capitalised words, a status word and a colon. Whose status it is decides the group.
  size_t colon = t.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string head = lower(trim(t.substr(0, colon)));
  std::vector<std::string> hw = words_of(t.substr(0, colon));
  if (hw.size() < 2 || hw.size() > 6 || !name_like(hw.front())) return std::nullopt;
  for (const auto& [tail, status] : v.heading_tails) {
    if (!ends_with_word(head, tail) || head.size() == tail.size()) continue;
    std::string who = trim(head.substr(0, head.size() - tail.size()));
    bool members = false, staff = false, others = false;
    for (const std::string& m : v.member_words) members |= has_word(who, m);
    for (const std::string& s : v.staff_words) staff |= has_word(who, s);
    // "Members of the public attending:" are no members.
    for (const std::string& o : v.public_words) others |= has_word(who, o);
    if (others) members = staff = false;
    std::string group;
    if (status == "apologies")
      group = members ? "apologies" : "";
    else
      group = members ? "present" : staff ? "officers" : "in_attendance";
    return HeadingMatch{group, after_heading(t.substr(colon + 1))};
  }
  return std::nullopt;
}

namespace {

// ---- the document's blocks ----

class AttendanceReader {
 public:
  AttendanceReader(const Document& doc, const std::vector<MLine>& lines, size_t title_end,
                   size_t region_end, const MeetingVocab& v)
      : doc_(doc),
        lines_(lines),
        title_end_(std::min(title_end, lines.size())),
        region_end_(std::min(region_end, lines.size())),
        v_(v) {}

  AttendanceReading run() {
    read_blocks();
    read_roll_call();
    read_sentences();
    read_joined();
    read_chair_statement();
    return std::move(out_);
  }

 private:
  // The line's text without a bullet ("o Commissioners Present: ...").
  std::string text_of(size_t i) const { return lines_[i].text; }
  bool bulleted(size_t i) const {
    bool b = false;
    line_text(doc_.pages[lines_[i].ref.page_idx], *lines_[i].line, &b);
    return b;
  }
  void use(size_t i) { out_.used.emplace_back(lines_[i].ref.page_idx, lines_[i].ref.line_idx); }

  bool listed(const std::string& name) const {
    for (const Attendee& a : out_.attendance)
      if (lower(a.name) == lower(name)) return true;
    return false;
  }

  void add(const ListedName& n, std::string group) {
    if (group.empty()) return;
    if (group == "in_attendance" && !n.role.empty()) {
      // "In attendance: Dr A Ghosh (Director of Public Health)": staff, by their job title.
      std::string lr = lower(n.role);
      bool officer = false, member = false;
      for (const std::string& w : v_.officer_role_words) officer |= has_word(lr, w);
      for (const std::string& w : v_.member_role_words) member |= has_word(lr, w);
      if (officer && !member) group = "officers";
    }
    if (n.chair && !out_.chair && group == "present") out_.chair = n.name;
    if (!listed(n.name)) out_.attendance.push_back({n.name, group});
  }

  void add_list(const std::vector<std::string>& list_lines, const std::string& group) {
    // A list with no separators is one name per line; otherwise it is running text.
    bool separated = false;
    for (const std::string& gl : list_lines) {
      separated |= gl.find(',') != std::string::npos || gl.find(';') != std::string::npos;
      for (const std::string& c : v_.list_conjunctions)
        separated |= (" " + gl + " ").find(" " + c + " ") != std::string::npos;
    }
    if (separated) {
      add_running(join_list_lines(list_lines), group);
    } else {
      for (const std::string& gl : list_lines) add_names(gl, group);
    }
  }

  // "Present: Mayor A, Councilmembers B and C. Absent: Councilmember D.": a heading inside a
  // running list starts the next list.
  void add_running(std::string text, std::string group) {
    for (size_t p = 0; p + 2 < text.size(); ++p) {
      if (!((text[p] == '.' || text[p] == ';') && text[p + 1] == ' ')) continue;
      std::string after = text.substr(p + 2);
      auto h = match_heading(after, v_);
      if (!h || after.find(':') == std::string::npos || after.find(':') > 40) continue;
      add_names(text.substr(0, p), group);
      group = h->group;
      text = h->rest;
      p = 0;
    }
    add_names(text, group);
  }

  void add_names(std::string text, const std::string& group) {
    // "Present: 5 - Garcia, Fisk, ...": a count before the list.
    size_t d = 0;
    while (d < text.size() && text[d] >= '0' && text[d] <= '9') ++d;
    if (d > 0) {
      std::string rest = trim(text.substr(d));
      for (const char* dash : {"-", "\u2013", "\u2014"})
        if (rest.rfind(dash, 0) == 0) text = trim(rest.substr(std::string(dash).size()));
    }
    auto names = parse_name_list(text, v_);
    if (names.empty() && in_title_) {
      // Under a heading in the title area, a list of surnames alone ("Garcia, Fisk and
      // Sherrard") is one; in the items it is more likely a vote's.
      std::vector<std::string> pieces;
      for (const std::string& piece : split_list(text, v_)) {
        std::string t = trim_punct(piece);
        if (!t.empty()) pieces.push_back(t);
      }
      bool surnames = pieces.size() >= 2;
      for (const std::string& t : pieces)
        surnames &= words_of(t).size() == 1 && name_like(t) && !role_like(t, v_) &&
                    !in_list(v_.auth_generic, lower(t));
      if (surnames)
        for (const std::string& t : pieces) names.push_back({t, "", false});
    }
    for (const ListedName& n : names) add(n, group);
  }

  void read_blocks() {
    std::optional<std::string> group;
    std::vector<std::string> list_lines;
    bool bullet_list = false;  // the names are bulleted: a bullet does not end the list
    auto flush = [&] {
      if (group) add_list(list_lines, *group);
      group.reset();
      list_lines.clear();
    };
    for (size_t i = 0; i < region_end_; ++i) {
      std::string text = text_of(i);
      auto h = match_heading(text, v_);
      // "AYES: ... / ABSENT: Hernandez" under a motion: a vote's, not the meeting's.
      for (size_t k = i; h && k-- > 0 && k + 4 >= i;) {
        std::string lk = lower(text_of(k));
        for (const std::string& label : v_.vote_labels) {
          if (starts_with_word(lk, label) && lk.find(':') != std::string::npos &&
              lk.find(':') <= label.size() + 2) {
            h.reset();
            break;
          }
        }
      }
      if (h) {
        flush();
        in_title_ = i < title_end_;
        group = h->group;
        bullet_list = false;
        if (!h->rest.empty()) list_lines.push_back(h->rest);
        use(i);
        continue;
      }
      if (!group) continue;
      const MLine& l = lines_[i];
      double size = l.line->font_size > 0 ? l.line->font_size : 10;
      double gap = i > 0 ? gap_between(lines_[i - 1], l) : 0;
      // A list ends at a label, an item, a paragraph break or a bulleted line once it has
      // begun (unless its names are bulleted); it may run onto the next page.
      bool paragraph = !list_lines.empty() && gap < 1e8 && gap > 0.8 * size;
      if (list_lines.empty()) bullet_list = bulleted(i);
      bool bullet = !list_lines.empty() && bulleted(i) && !bullet_list;
      if (match_label(text, v_) || is_item_start(text, v_) || paragraph || bullet) {
        flush();
        continue;
      }
      list_lines.push_back(text);
      use(i);
    }
    flush();
  }

  // A roll call printed as a table: a name, then a status word in its own column.
  void read_roll_call() {
    std::vector<std::pair<ListedName, std::string>> rows;
    for (size_t i = 0; i < region_end_; ++i) {
      const MLine& l = lines_[i];
      auto segs = gap_segments(doc_.pages[l.ref.page_idx], *l.line);
      if (segs.size() < 2) continue;
      std::optional<std::string> group;
      for (size_t s = 1; s < segs.size() && !group; ++s) {
        auto it = v_.roll_call_status.find(lower(trim_punct(segs[s])));
        if (it != v_.roll_call_status.end()) group = it->second;
      }
      if (!group) continue;
      auto names = parse_name_list(segs[0], v_);
      if (names.size() != 1 || words_of(names[0].name).size() != words_of(segs[0]).size()) continue;
      rows.emplace_back(names[0], *group);
      use(i);
    }
    if (rows.size() < 2) return;  // one line with "Present" in a column is no roll call
    for (const auto& [name, group] : rows) add(name, group);
  }

  // The sentence of the joined lines [i, i + 3) around byte `pos` of line i: from the last
  // sentence end before it to the next one after `end`.
  std::string window(size_t i) const {
    std::vector<std::string> parts;
    for (size_t k = i; k < lines_.size() && k < i + 4; ++k) parts.push_back(text_of(k));
    return join_list_lines(parts);
  }

  // The start of the sentence holding byte `pos`: after ". " that follows a word longer than
  // an initial or honorific, or after an item number at the line's start.
  size_t sentence_start(const std::string& s, size_t pos) const {
    size_t start = 0;
    for (size_t p = s.find(". "); p != std::string::npos && p < pos; p = s.find(". ", p + 1)) {
      size_t b = p;
      while (b > 0 && is_word_char(s[b - 1])) --b;
      std::string word = lower(s.substr(b, p - b));
      if (word.size() <= 1 || in_list(v_.honorifics, word) ||
          v_.plural_honorifics.count(word))
        continue;
      start = p + 2;
    }
    return start;
  }

  size_t sentence_end(const std::string& s, size_t from) const {
    for (size_t p = s.find('.', from); p != std::string::npos; p = s.find('.', p + 1)) {
      size_t b = p;
      while (b > 0 && is_word_char(s[b - 1])) --b;
      std::string word = lower(s.substr(b, p - b));
      if (word.size() <= 1 || in_list(v_.honorifics, word) || v_.plural_honorifics.count(word) ||
          in_list(v_.suffixes, word))
        continue;
      if (p + 1 < s.size() && !is_space(s[p + 1])) continue;
      return p;
    }
    return s.size();
  }

  // Leading lower-case words ("y", "the") before a list of names go.
  static std::string from_first_capital(std::string s) {
    std::vector<std::string> w = words_of(s);
    size_t k = 0;
    while (k < w.size() && !w[k].empty() && is_lower(w[k][0])) ++k;
    std::string out;
    for (; k < w.size(); ++k) out += (out.empty() ? "" : " ") + w[k];
    return out;
  }

  // "Apologies were received from A, B and C.", "Derbyniwyd ymddiheuriadau gan y Cynghorwyr
  // ...": apologies; "A, B and C were in attendance virtually.": present.
  void read_sentences() {
    for (size_t i = 0; i < region_end_; ++i) {
      const size_t own = text_of(i).size();
      std::string s = window(i);
      std::string ls = lower(s);
      for (const std::string& ph : v_.apologies_phrases) {
        for (size_t p = find_word(ls, ph); p != std::string::npos && p < own;
             p = find_word(ls, ph, p + 1)) {
          size_t start = sentence_start(s, p);
          bool apology = false;
          std::string lead = ls.substr(start, p + ph.size() - start);
          for (const std::string& w : v_.apologies_titles) apology |= has_word(lead, w);
          if (!apology) continue;
          size_t from = p + ph.size();
          std::string names = s.substr(from, sentence_end(s, from) - from);
          for (const ListedName& n : parse_name_list(from_first_capital(names), v_))
            add(n, "apologies");
          use(i);
        }
      }
      for (const std::string& ph : v_.virtual_phrases) {
        size_t p = find_word(ls, ph);
        if (p == std::string::npos || p >= own) continue;
        size_t start = sentence_start(s, p);
        for (const ListedName& n : parse_name_list(s.substr(start, p - start), v_))
          add(n, "present");
        use(i);
      }
    }
  }

  // "PCSO Roger Anthony joined the meeting", "Ymunodd PC Arwel Davies y cyfarfod": a guest,
  // unless a member already listed.
  void read_joined() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      const size_t own = text_of(i).size();
      std::string s = window(i);
      std::string ls = lower(s);
      std::optional<ListedName> who;
      for (const std::string& ph : v_.joined_after_name) {
        size_t p = find_word(ls, ph);
        if (p == std::string::npos || p >= own) continue;
        size_t start = sentence_start(s, p);
        std::string before = s.substr(start, p - start);
        // "9A. P.C.S.O. Roger Anthony joined ...": an item number is no part of the name.
        auto bw = words_of(before);
        if (!bw.empty() && is_item_start(bw.front() + " X", v_)) bw.erase(bw.begin());
        std::string cand;
        for (const std::string& x : bw) cand += (cand.empty() ? "" : " ") + x;
        auto names = parse_name_list(cand, v_);
        if (names.size() == 1 && words_of(names[0].name).size() == bw.size()) who = names[0];
      }
      for (const std::string& ph : v_.joined_before_name) {
        size_t p = find_word(ls, ph);
        if (p == std::string::npos || p >= own || sentence_start(s, p) != p) continue;
        std::string after = s.substr(p + ph.size());
        auto names = parse_name_list(after, v_);
        auto aw = words_of(after);
        if (!names.empty() && !aw.empty() && words_of(names[0].name).front() == aw.front())
          who = names[0];
      }
      if (!who || same_as_listed(who->name)) continue;
      add(*who, "in_attendance");
      use(i);
    }
  }

  // The bare name without honorifics, and its honorific (lower case, no dots).
  std::pair<std::string, std::string> split_honorific(const std::string& name) const {
    auto w = words_of(name);
    size_t n = phrase_len(w, 0, v_.honorifics);
    std::string hon, bare;
    for (size_t k = 0; k < w.size(); ++k) {
      std::string x = lower(strip_dots(w[k]));
      if (k < n)
        hon += (hon.empty() ? "" : " ") + x;
      else
        bare += (bare.empty() ? "" : " ") + x;
    }
    return {hon, bare};
  }

  // "Cllr. A. Davies" is "Councillor Alun Davies" (a member's honorific either way, the same
  // surname and initial); "PC Arwel Davies" is not "Cynghorydd Arwel Davies".
  bool same_as_listed(const std::string& name) const {
    auto [hon, bare] = split_honorific(name);
    auto bw = words_of(bare);
    if (bw.empty()) return false;
    for (const Attendee& a : out_.attendance) {
      auto [ahon, abare] = split_honorific(a.name);
      auto aw = words_of(abare);
      if (aw.empty() || aw.back() != bw.back() || aw.front()[0] != bw.front()[0]) continue;
      bool member = in_list(v_.member_role_words, hon) || hon.empty();
      bool amember = in_list(v_.member_role_words, ahon) || ahon.empty();
      if (hon == ahon || (member && amember)) return true;
    }
    return false;
  }

  // "Cllr. P. Harries took the Chair", "Cymerwyd y gadair gan y Cyng. G. Evans", "called to
  // order by Commissioner Robert Sherrard": the first such statement near the start.
  void read_chair_statement() {
    if (out_.chair) return;
    for (size_t i = 0; i < region_end_; ++i) {
      const size_t own = text_of(i).size();
      std::string s = window(i);
      std::string ls = lower(s);
      for (const std::string& ph : v_.chair_after_name) {
        size_t p = find_word(ls, ph);
        if (p == std::string::npos || p >= own) continue;
        size_t start = sentence_start(s, p);
        std::string before = trim(s.substr(start, p - start));
        auto names = parse_name_list(before, v_);
        if (names.empty()) continue;
        auto nw = words_of(names.back().name);
        auto bw = words_of(before);
        if (!bw.empty() && !nw.empty() && trim_punct(bw.back()) == trim_punct(nw.back())) {
          out_.chair = names.back().name;
          return;
        }
      }
      for (const std::string& ph : v_.chair_before_name) {
        size_t p = find_word(ls, ph);
        if (p == std::string::npos || p >= own) continue;
        std::string after = from_first_capital(s.substr(p + ph.size()));
        auto names = parse_name_list(after, v_);
        auto aw = words_of(after);
        if (!names.empty() && !aw.empty() && words_of(names[0].name).front() == aw.front()) {
          out_.chair = names[0].name;
          return;
        }
      }
    }
  }

  const Document& doc_;
  const std::vector<MLine>& lines_;
  size_t title_end_, region_end_;
  bool in_title_ = false;  // the list being read lies in the title area
  const MeetingVocab& v_;
  AttendanceReading out_;
};

}  // namespace

AttendanceReading read_attendance(const Document& doc, const std::vector<MLine>& lines,
                                  size_t title_end, size_t region_end, const MeetingVocab& v) {
  return AttendanceReader(doc, lines, title_end, region_end, v).run();
}

}  // namespace agendapack
