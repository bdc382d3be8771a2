/// \file The words of decisions: which decision a resolution's text records, who a text
/// names, where its sentences end, and the motions vocabulary (config/vocab/votes.json).
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "stages/decisions.h"
#include "stages/item_lines.h"
#include "stages/items.h"

namespace agendapack {

using item_lines::letter_words;
using item_lines::lower_ascii;
using item_lines::mostly_caps;
using item_lines::trim;

namespace {

using Json = nlohmann::json;

std::string with_names(std::string p, const std::string& name) {
  for (size_t at; (at = p.find("{name}")) != std::string::npos;) p.replace(at, 6, name);
  return p;
}

std::vector<Regex> compile_named(const Json& j, const char* key, const std::string& name) {
  std::vector<Regex> out;
  for (const auto& p : get_or<std::vector<std::string>>(j, key, {}))
    out.emplace_back(with_names(p, name), Regex::kIcase);
  return out;
}

bool is_initial(const std::string& w) {
  // "P.", "A.B.", "C.C.C." : letters each followed by a dot.
  if (w.size() < 2 || w.back() != '.') return false;
  for (size_t i = 0; i < w.size(); i += 2)
    if (!std::isalpha(static_cast<unsigned char>(w[i])) || i + 1 >= w.size() || w[i + 1] != '.')
      return false;
  return true;
}

}  // namespace

VotesVocab VotesVocab::from_json(const Json& j) {
  VotesVocab v;
  std::string name = get_or<std::string>(j, "name", "\\S+(?:\\s+\\S+){0,3}");
  v.movers = compile_named(j, "mover_patterns", name);
  v.annotations = compile_named(j, "mover_annotation_patterns", name);
  v.mover_labels = compile_named(j, "mover_label_patterns", name);
  v.seconder_labels = compile_named(j, "seconder_label_patterns", name);
  v.block_headers = compile_named(j, "block_header_patterns", name);
  v.result_label = Regex(get_or<std::string>(j, "result_label_pattern", "$^"), Regex::kIcase);
  std::string line = get_or<std::string>(j, "tally_line_pattern", "$^");
  if (j.contains("tally_patterns") && j["tally_patterns"].is_object())
    for (const auto& [vote, label] : j["tally_patterns"].items()) {
      std::string p = line;
      std::string l = label.get<std::string>();
      if (!l.empty() && l.front() == '^') l.erase(0, 1);
      for (size_t at; (at = p.find("{label}")) != std::string::npos;) p.replace(at, 7, l);
      v.tallies.emplace_back(vote, Regex(p, Regex::kIcase));
    }
  v.none_names = get_or<std::vector<std::string>>(j, "none_names", {});
  for (auto& n : v.none_names) n = lower_ascii(n);
  v.counts = compile_named(j, "counts_patterns", name);
  std::string all;
  if (j.contains("outcomes") && j["outcomes"].is_object())
    for (const auto& [outcome, words] : j["outcomes"].items()) {
      std::string alt;
      for (const auto& w : words) alt += (alt.empty() ? "" : "|") + w.get<std::string>();
      v.outcomes.emplace_back(outcome, Regex("^(?:" + alt + ")$", Regex::kIcase));
      all += (all.empty() ? "" : "|") + alt;
    }
  auto with_outcomes = [&](std::string p) {
    for (size_t at; (at = p.find("{outcome}")) != std::string::npos;) p.replace(at, 9, all);
    return p;
  };
  v.outcome_paragraph = Regex(with_outcomes(get_or<std::string>(j, "outcome_paragraph_pattern", "$^")), Regex::kIcase);
  v.outcome_sentence = Regex(with_outcomes(get_or<std::string>(j, "outcome_sentence_pattern", "$^")), Regex::kIcase);
  for (const auto& p : get_or<std::vector<std::string>>(j, "outcome_clause_patterns", {}))
    v.outcome_clauses.emplace_back(with_outcomes(p), Regex::kIcase);
  if (j.contains("motion_kind_patterns") && j["motion_kind_patterns"].is_object())
    for (const auto& [kind, p] : j["motion_kind_patterns"].items())
      v.motion_kinds.emplace_back(kind, Regex(p.get<std::string>(), Regex::kIcase));
  v.motion_text_start = Regex(get_or<std::string>(j, "motion_text_start_pattern", "$^"), Regex::kIcase);
  v.motion_agreed = Regex(get_or<std::string>(j, "motion_agreed_pattern", "$^"), Regex::kIcase);
  v.decision_wording = Regex(get_or<std::string>(j, "decision_wording_pattern", "$^"), Regex::kIcase);
  return v;
}

std::string VotesVocab::outcome_of(const std::string& word) const {
  std::string w = trim(word);
  while (!w.empty() && (std::ispunct(static_cast<unsigned char>(w.back())))) w.pop_back();
  for (const auto& [outcome, re] : outcomes)
    if (re.match(w)) return outcome;
  // A phrase: its last outcome word decides ("motion carried", "was lost").
  std::string found;
  std::istringstream in(w);
  for (std::string t; in >> t;)
    for (const auto& [outcome, re] : outcomes)
      if (re.match(t)) found = outcome;
  return found;
}

std::vector<std::string> sentences(const std::string& text, const ItemsVocab& v) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    char c = text[i];
    if ((c != '.' && c != '?' && c != '!') || text[i + 1] != ' ' ||
        !std::isupper(static_cast<unsigned char>(text[i + 2])))
      continue;
    if (c == '.') {
      // The word the full stop ends: an initial, an honorific or an abbreviation does not end
      // a sentence ("Cllr. P. Harries", "C.C.C. Planning").
      size_t b = text.rfind(' ', i);
      b = b == std::string::npos ? 0 : b + 1;
      std::string word = text.substr(b, i + 1 - b);
      std::string bare = word.substr(0, word.size() - 1);
      if (is_initial(word) || (bare.size() == 1 && std::isupper(static_cast<unsigned char>(bare[0]))))
        continue;
      if (std::find(v.abbreviations.begin(), v.abbreviations.end(), bare) != v.abbreviations.end())
        continue;
    }
    out.push_back(trim(text.substr(start, i + 1 - start)));
    start = i + 2;
  }
  std::string last = trim(text.substr(start));
  if (!last.empty()) out.push_back(last);
  return out;
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

namespace {

std::string lookup(const ItemsVocab& v, const std::string& w) {
  std::string l = lower_ascii(w);
  for (const auto& [form, decision] : v.decision_words)
    if (form == l) return decision;
  return "";
}

// The decision verbs that open the clauses of a text: its first words, and the first words
// after each "; " ("Cabinet note ...; and agree to delegate ...").
std::set<std::string> clause_decisions(const std::string& text, const ItemsVocab& v) {
  std::set<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(';', start);
    std::vector<std::string> words = letter_words(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    size_t k = 0;
    if (!words.empty() && lower_ascii(words[0]) == "and") k = 1;
    // "Clerk to arrange payment": an instruction to an officer, not what was decided.
    bool instruction = words.size() > k + 2 && std::isupper(static_cast<unsigned char>(words[k][0])) &&
                       lower_ascii(words[k + 1]) == "to";
    if (instruction) k = words.size();
    for (size_t limit = std::min(words.size(), k + 6); k < limit; ++k) {
      std::string d = lookup(v, words[k]);
      if (!d.empty()) {
        out.insert(d);
        break;
      }
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string decision_of(const std::string& text, const ItemsVocab& v, const std::string& fallback) {
  for (const auto& [re, decision] : v.decision_phrases)
    if (re.search(text)) return decision;
  std::vector<std::string> words = letter_words(text);
  if (words.empty()) return fallback;
  // "Approve the plan": an imperative first word.
  if (std::isupper(static_cast<unsigned char>(words[0][0]))) {
    std::string d = lookup(v, words[0]);
    if (!d.empty()) return d;
  }
  // "Cabinet AGREED to DEFER": the last verb in capitals decides.
  std::string caps;
  for (const std::string& w : words)
    if (w.size() >= 4 && mostly_caps(w)) {
      std::string d = lookup(v, w);
      if (!d.empty()) caps = d;
    }
  if (!caps.empty()) return caps;
  // "... be endorsed", "were agreed".
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (std::find(v.passive.begin(), v.passive.end(), lower_ascii(words[i])) != v.passive.end()) {
      std::string d = lookup(v, words[i + 1]);
      if (!d.empty()) return d;
    }
  // "Cabinet note the report", "the County Council approves and adopts ...": the verb after
  // its subject; clauses that decide differently ("note ...; and agree ...") agree.
  std::set<std::string> clauses = clause_decisions(text, v);
  if (clauses.size() == 1) return *clauses.begin();
  if (clauses.size() > 1) return "agreed";
  // "Cabinet agreed to ...": a verb in the past tense anywhere.
  for (const std::string& w : words) {
    std::string l = lower_ascii(w);
    if (l.size() > 2 && l.compare(l.size() - 2, 2, "ed") == 0) {
      std::string d = lookup(v, w);
      if (!d.empty()) return d;
    }
  }
  for (const auto& [re, decision] : v.fallback_phrases)
    if (re.search(text)) return decision;
  return fallback;
}

}  // namespace agendapack
