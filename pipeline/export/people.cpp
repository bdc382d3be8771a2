#include "pipeline/export/people.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace agendapack::facts {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string strip_dots(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '.') out += c;
  return out;
}

bool has_lower(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

bool has_alpha(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

/// "TETT" -> "Tett", "SMITH-JONES" -> "Smith-Jones"; non-ASCII bytes are left as printed.
std::string title_case(const std::string& word) {
  std::string out;
  bool start = true;
  for (char c : word) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) {
      out += static_cast<char>(start ? std::toupper(u) : std::tolower(u));
      start = false;
    } else {
      out += c;
      start = c == '-' || c == '\'' || c == ' ';
    }
  }
  return out;
}

void add_words(const json& list, std::vector<std::vector<std::string>>& out) {
  if (!list.is_array()) return;
  for (const auto& w : list) {
    if (!w.is_string()) continue;
    std::istringstream in(lower(w.get<std::string>()));
    std::vector<std::string> words;
    std::string t;
    while (in >> t) words.push_back(strip_dots(t));
    if (!words.empty()) out.push_back(std::move(words));
  }
}

void add_set(const json& list, std::set<std::string>& out) {
  if (!list.is_array()) return;
  for (const auto& w : list)
    if (w.is_string()) out.insert(strip_dots(lower(w.get<std::string>())));
}

}  // namespace

NameVocab NameVocab::from(const Config& config) {
  NameVocab v;
  // The meeting stage's lists are the project's one list of honorifics and post-nominals;
  // people.json adds what only normalisation needs.
  const json& meeting = config.vocab("meeting");
  const json& people = config.vocab("people");
  add_words(meeting.value("honorifics", json::array()), v.honorifics);
  add_words(people.value("honorifics", json::array()), v.honorifics);
  std::sort(v.honorifics.begin(), v.honorifics.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  add_set(meeting.value("suffixes", json::array()), v.suffixes);
  add_set(people.value("suffixes", json::array()), v.suffixes);
  add_set(meeting.value("name_particles", json::array()), v.particles);
  const json classes = people.value("title_classes", json::object());
  for (auto& [cls, words] : classes.items())
    for (const auto& w : words)
      if (w.is_string()) v.title_class[strip_dots(lower(w.get<std::string>()))] = cls;
  for (const auto& c : people.value("cut_at", json::array()))
    if (c.is_string()) v.cut_at.push_back(c.get<std::string>());
  return v;
}

std::string ParsedName::key() const {
  std::string given = !forename.empty()  ? lower(forename)
                      : initials.empty() ? ""
                                         : lower(initials.substr(0, 1));
  return lower(surname) + "|" + given;
}

std::string ParsedName::display() const {
  std::string out;
  if (!forename.empty()) {
    out = forename;
  } else {
    for (char c : initials) {
      if (!out.empty()) out += ' ';
      out += c;
    }
  }
  if (!out.empty()) out += ' ';
  return out + surname;
}

ParsedName parse_name(const std::string& printed, const NameVocab& vocab) {
  ParsedName p;
  p.printed = printed;
  // Roles in brackets and after a separator are not the name.
  std::string s;
  int depth = 0;
  for (char c : printed) {
    if (c == '(' || c == '[')
      ++depth;
    else if (c == ')' || c == ']')
      depth = std::max(0, depth - 1);
    else if (depth == 0)
      s += c;
  }
  for (const auto& cut : vocab.cut_at) {
    size_t at = s.find(cut);
    if (at != std::string::npos) s = s.substr(0, at);
  }
  bool capitals = has_alpha(s) && !has_lower(s);
  std::vector<std::string> tokens;
  {
    std::istringstream in(s);
    std::string t;
    while (in >> t) {
      while (!t.empty() && (t.back() == ',' || t.back() == ';' || t.back() == ':')) t.pop_back();
      if (!t.empty() && has_alpha(t))
        tokens.push_back(capitals && t.size() > 1 ? title_case(t) : t);
    }
  }
  // Leading honorifics, longest phrase first, as many as are printed ("Cllr Dr").
  size_t first = 0;
  for (bool found = true; found && first < tokens.size();) {
    found = false;
    for (const auto& h : vocab.honorifics) {
      if (first + h.size() > tokens.size()) continue;
      bool same = true;
      for (size_t k = 0; k < h.size() && same; ++k)
        same = strip_dots(lower(tokens[first + k])) == h[k];
      if (!same) continue;
      std::string joined;
      for (const auto& w : h) joined += (joined.empty() ? "" : " ") + w;
      p.honorifics.push_back(joined);
      auto cls = vocab.title_class.find(joined);
      if (cls != vocab.title_class.end() && p.title_class.empty()) p.title_class = cls->second;
      first += h.size();
      found = true;
      break;
    }
  }
  size_t last = tokens.size();
  while (last > first + 1 && vocab.suffixes.count(strip_dots(lower(tokens[last - 1])))) --last;
  if (last <= first) return p;
  // The surname, with the particles printed before it ("van der Berg").
  size_t sur = last - 1;
  while (sur > first && vocab.particles.count(lower(tokens[sur - 1]))) --sur;
  for (size_t k = sur; k < last; ++k)
    p.surname += (p.surname.empty() ? "" : " ") + strip_dots(tokens[k]);
  while (!p.surname.empty() && (p.surname.back() == '.' || p.surname.back() == '\''))
    p.surname.pop_back();
  for (size_t k = first; k < sur; ++k) {
    const std::string& t = tokens[k];
    std::string bare = strip_dots(t);
    if (bare.empty()) continue;
    // "M", "M.", "J.R." and "JR" (capitals run together) are initials; "Martin" is a name.
    bool initials = bare.size() == 1 || (t.find('.') != std::string::npos && bare.size() <= 3) ||
                    (!has_lower(bare) && bare.size() <= 3 && !capitals);
    if (initials) {
      for (char c : bare)
        p.initials += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else {
      if (k == first && p.forename.empty()) p.forename = bare;
      p.initials += static_cast<char>(std::toupper(static_cast<unsigned char>(bare[0])));
    }
  }
  return p;
}

const std::vector<std::pair<std::string, std::string>>& person_columns() {
  static const std::vector<std::pair<std::string, std::string>> kColumns = {
      {"attendance", "person_id"},
      {"recorded_votes", "person_id"},
      {"meetings", "chair_person_id"},
      {"resolutions", "moved_by_person_id"},
      {"resolutions", "seconded_by_person_id"},
      {"declarations", "person_id"}};
  return kColumns;
}

Result<People::Authority*> People::load(const std::string& authority) {
  auto it = cache_.find(authority);
  if (it != cache_.end()) return &it->second;
  Authority& a = cache_[authority];
  auto st = db_.prepare_own(
      "SELECT p.person_id, p.surname, p.forename, p.initials, n.printed FROM people p "
      "LEFT JOIN people_names n ON n.person_id = p.person_id WHERE p.authority = ?");
  if (!st) return st.error();
  Statement& s = *st.value();
  s.bind(1, authority);
  while (s.next()) {
    Person& p = a.people[s.integer(0)];
    if (p.id == 0) {
      p.id = s.integer(0);
      p.surname = s.text(1);
      p.forename = s.text(2);
      p.initials = s.text(3);
      a.by_surname.emplace(lower(p.surname), p.id);
    }
    if (!s.is_null(4)) {
      p.printed.insert(s.text(4));
      if (p.title_class.empty()) p.title_class = parse_name(s.text(4), vocab_).title_class;
    }
  }
  if (s.error()) return *s.error();
  return &a;
}

Result<void> People::save(const std::string& authority, Person& p, bool is_new) {
  ParsedName as{};
  as.surname = p.surname;
  as.forename = p.forename;
  as.initials = p.initials;
  std::string key = as.key();
  // Two people may share surname and initial (Mr J Smith, Mrs J Smith): number the second.
  for (int n = 1;; ++n) {
    std::string candidate = n == 1 ? key : key + "#" + std::to_string(n);
    auto taken = db_.prepare("SELECT person_id FROM people WHERE authority = ? AND key = ?");
    if (!taken) return taken.error();
    taken.value()->bind(1, authority).bind(2, candidate);
    bool used = taken.value()->next() && taken.value()->integer(0) != p.id;
    if (!used) {
      key = candidate;
      break;
    }
  }
  auto st =
      db_.prepare(is_new ? "INSERT INTO people (authority, name, surname, forename, initials, "
                           "key) VALUES (?, ?, ?, ?, ?, ?)"
                         : "UPDATE people SET authority = ?, name = ?, surname = ?, "
                           "forename = ?, initials = ?, key = ? WHERE person_id = ?");
  if (!st) return st.error();
  Statement& s = *st.value();
  s.bind(1, authority).bind(2, as.display()).bind(3, p.surname);
  if (p.forename.empty())
    s.bind_null(4);
  else
    s.bind(4, p.forename);
  if (p.initials.empty())
    s.bind_null(5);
  else
    s.bind(5, p.initials);
  s.bind(6, key);
  if (!is_new) s.bind(7, p.id);
  if (auto r = s.run(); !r) return r;
  if (is_new) p.id = db_.last_id();
  return {};
}

Result<void> People::merge(Authority& a, int64_t from, int64_t into) {
  for (const auto& [table, column] : person_columns()) {
    auto st = db_.prepare("UPDATE " + table + " SET " + column + " = ? WHERE " + column + " = ?");
    if (!st) return st.error();
    if (auto r = st.value()->bind(1, into).bind(2, from).run(); !r) return r;
  }
  auto names = db_.prepare(
      "INSERT OR IGNORE INTO people_names (person_id, printed) "
      "SELECT ?, printed FROM people_names WHERE person_id = ?");
  if (!names) return names.error();
  if (auto r = names.value()->bind(1, into).bind(2, from).run(); !r) return r;
  for (const char* sql :
       {"DELETE FROM people_names WHERE person_id = ?", "DELETE FROM people WHERE person_id = ?"}) {
    auto st = db_.prepare(sql);
    if (!st) return st.error();
    if (auto r = st.value()->bind(1, from).run(); !r) return r;
  }
  Person gone = a.people[from];
  a.people.erase(from);
  for (auto it = a.by_surname.begin(); it != a.by_surname.end();) {
    if (it->second == from)
      it = a.by_surname.erase(it);
    else
      ++it;
  }
  a.people[into].printed.insert(gone.printed.begin(), gone.printed.end());
  ++merged_;
  return {};
}

Result<std::optional<int64_t>> People::resolve(const std::string& authority,
                                               const std::string& printed) {
  ParsedName n = parse_name(printed, vocab_);
  if (n.surname.empty()) return std::optional<int64_t>();
  auto loaded = load(authority);
  if (!loaded) return loaded.error();
  Authority& a = *loaded.value();
  std::string initial = n.initials.empty() ? "" : n.initials.substr(0, 1);

  auto compatible = [&](const Person& p) {
    if (!n.title_class.empty() && !p.title_class.empty() && n.title_class != p.title_class)
      return false;
    if (!n.forename.empty() && !p.forename.empty()) return lower(n.forename) == lower(p.forename);
    if (!initial.empty() && !p.initials.empty()) {
      size_t common = std::min(n.initials.size(), p.initials.size());
      return n.initials.compare(0, common, p.initials, 0, common) == 0;
    }
    return true;
  };
  auto exact = [&](const Person& p) {
    if (!n.forename.empty() || !p.forename.empty()) return lower(n.forename) == lower(p.forename);
    return n.initials.substr(0, 1) == p.initials.substr(0, 1);
  };
  std::vector<int64_t> fits, same;
  auto range = a.by_surname.equal_range(lower(n.surname));
  for (auto it = range.first; it != range.second; ++it) {
    const Person& p = a.people[it->second];
    if (!compatible(p)) continue;
    fits.push_back(p.id);
    if (exact(p)) same.push_back(p.id);
  }
  int64_t id = 0;
  if (!same.empty()) {
    id = *std::min_element(same.begin(), same.end());
  } else if (fits.size() == 1) {
    // The one person this name can stand for; what it adds (a full forename, more initials,
    // a title) makes the row fuller.
    id = fits[0];
    Person& p = a.people[id];
    bool changed = false;
    if (p.forename.empty() && !n.forename.empty()) {
      p.forename = n.forename;
      changed = true;
    }
    if (n.initials.size() > p.initials.size()) {
      p.initials = n.initials;
      changed = true;
    }
    if (p.title_class.empty()) p.title_class = n.title_class;
    if (changed)
      if (auto r = save(authority, p, false); !r) return r.error();
  } else {
    Person p;
    p.surname = n.surname;
    p.forename = n.forename;
    p.initials = n.initials;
    p.title_class = n.title_class;
    if (auto r = save(authority, p, true); !r) return r.error();
    id = p.id;
    a.people[id] = p;
    a.by_surname.emplace(lower(p.surname), id);
    ++created_;
    // A bare surname or an initial seen before the full name had a row of its own; when
    // this is the only person it can stand for, it joins this one.
    auto stands_for = [&](const Person& o, const Person& q) {
      if (o.id == q.id || !o.forename.empty()) return false;
      if (!o.title_class.empty() && !q.title_class.empty() && o.title_class != q.title_class)
        return false;
      if (o.initials.empty()) return !q.initials.empty() || !q.forename.empty();
      return !q.forename.empty() && !q.initials.empty() && q.initials[0] == o.initials[0];
    };
    std::vector<int64_t> vaguer;
    auto same_name = a.by_surname.equal_range(lower(n.surname));
    for (auto it = same_name.first; it != same_name.second; ++it) {
      const Person& o = a.people[it->second];
      if (!stands_for(o, a.people[id])) continue;
      int could_be = 0;
      for (auto q = same_name.first; q != same_name.second; ++q)
        could_be += stands_for(o, a.people[q->second]);
      if (could_be == 1) vaguer.push_back(o.id);
    }
    for (int64_t other : vaguer)
      if (auto r = merge(a, other, id); !r) return r.error();
  }
  Person& p = a.people[id];
  if (!p.printed.count(printed)) {
    auto st = db_.prepare("INSERT OR IGNORE INTO people_names (person_id, printed) VALUES (?, ?)");
    if (!st) return st.error();
    if (auto r = st.value()->bind(1, id).bind(2, printed).run(); !r) return r.error();
    p.printed.insert(printed);
  }
  return std::optional<int64_t>(id);
}

Result<int> People::prune(const std::set<int64_t>& ids) {
  int pruned = 0;
  for (int64_t id : ids) {
    bool used = false;
    for (const auto& [table, column] : person_columns()) {
      auto st = db_.prepare("SELECT 1 FROM " + table + " WHERE " + column + " = ? LIMIT 1");
      if (!st) return st.error();
      used = st.value()->bind(1, id).next();
      if (used) break;
    }
    if (used) continue;
    for (const char* sql : {"DELETE FROM people_names WHERE person_id = ?",
                            "DELETE FROM people WHERE person_id = ?"}) {
      auto st = db_.prepare(sql);
      if (!st) return st.error();
      if (auto r = st.value()->bind(1, id).run(); !r) return r.error();
    }
    ++pruned;
  }
  if (pruned > 0) cache_.clear();  // reloaded from the database when next needed
  return pruned;
}

}  // namespace agendapack::facts
