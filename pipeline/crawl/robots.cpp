#include "pipeline/crawl/robots.h"

#include <cctype>
#include <cstdlib>

namespace agendapack::crawl {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string lower_copy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

}  // namespace

Robots::Robots(std::string_view text, std::string_view agent_token) {
  if (text.size() > kMaxBytes) {
    // Cut at the last line end inside the cap: a rule cut in half would be another rule.
    size_t eol = text.rfind('\n', kMaxBytes - 1);
    text = text.substr(0, eol == std::string_view::npos ? 0 : eol + 1);
    truncated_ = true;
  }
  // Groups: consecutive User-agent lines, then rules. Ours wins over '*'. Rules are kept as
  // views into `text` until the group is chosen.
  struct Group {
    std::vector<std::string> agents;
    std::vector<std::pair<std::string_view, bool>> rules;
    double delay = 0;
  };
  std::vector<Group> groups;
  bool last_was_agent = false;
  const std::string token = lower_copy(agent_token);
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = lower_copy(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!last_was_agent || groups.empty()) groups.emplace_back();
      groups.back().agents.push_back(lower_copy(value));
      last_was_agent = true;
      continue;
    }
    last_was_agent = false;
    if (groups.empty()) continue;
    if (key == "disallow" && !value.empty()) groups.back().rules.emplace_back(value, false);
    else if (key == "allow" && !value.empty()) groups.back().rules.emplace_back(value, true);
    else if (key == "crawl-delay") groups.back().delay = std::atof(std::string(value).c_str());
  }
  const Group* mine = nullptr;
  const Group* star = nullptr;
  for (const auto& g : groups) {
    for (const auto& a : g.agents) {
      if (a == "*") star = star ? star : &g;
      else if (!token.empty() && !a.empty() && token.find(a) != std::string::npos)
        mine = mine ? mine : &g;
    }
  }
  const Group* use = mine ? mine : star;
  if (!use) return;
  crawl_delay_s_ = use->delay;
  rules_.reserve(use->rules.size());
  for (const auto& [pattern, allow] : use->rules) {
    Rule r;
    r.allow = allow;
    r.length = pattern.size();
    std::string_view body = pattern;
    // '$' anchors only at the end; elsewhere it is an ordinary character.
    if (!body.empty() && body.back() == '$') {
      r.anchored = true;
      body.remove_suffix(1);
    }
    for (size_t start = 0;;) {
      size_t star_at = body.find('*', start);
      r.parts.emplace_back(body.substr(start, star_at - start));
      if (star_at == std::string_view::npos) break;
      start = star_at + 1;
    }
    rules_.push_back(std::move(r));
    index(static_cast<uint32_t>(rules_.size() - 1));
  }
}

void Robots::index(uint32_t rule_idx) {
  uint32_t node = 0;
  for (char c : rules_[rule_idx].parts.front()) {
    uint64_t key = (static_cast<uint64_t>(node) << 8) | static_cast<unsigned char>(c);
    auto [it, added] = edges_.try_emplace(key, static_cast<uint32_t>(node_rules_.size()));
    if (added) node_rules_.emplace_back();
    node = it->second;
  }
  node_rules_[node].push_back(rule_idx);
}

// The literal prefix is already known to match (the trie walk found the rule). Each later part
// is taken at its leftmost occurrence: with '*' the only wildcard, the leftmost place leaves
// the most room for what follows, so no choice ever needs revisiting.
bool Robots::matches(const Rule& rule, std::string_view path) {
  const auto& parts = rule.parts;
  size_t pos = parts.front().size();
  if (parts.size() == 1) return !rule.anchored || pos == path.size();
  for (size_t idx = 1; idx + 1 < parts.size(); ++idx) {
    if (parts[idx].empty()) continue;
    size_t at = path.find(parts[idx], pos);
    if (at == std::string_view::npos) return false;
    pos = at + parts[idx].size();
  }
  const std::string& last = parts.back();
  if (!rule.anchored) return last.empty() || path.find(last, pos) != std::string_view::npos;
  return path.size() >= pos + last.size() &&
         path.compare(path.size() - last.size(), last.size(), last) == 0;
}

bool Robots::allowed(std::string_view path) const {
  size_t best = 0;
  bool allow = true;
  auto consider = [&](uint32_t node) {
    for (uint32_t rule_idx : node_rules_[node]) {
      const Rule& r = rules_[rule_idx];
      if (r.length < best || (r.length == best && (allow || !r.allow))) continue;
      if (!matches(r, path)) continue;
      best = r.length;
      allow = r.allow;
    }
  };
  if (rules_.empty()) return true;
  uint32_t node = 0;
  consider(node);
  for (char c : path) {
    auto it = edges_.find((static_cast<uint64_t>(node) << 8) | static_cast<unsigned char>(c));
    if (it == edges_.end()) break;
    node = it->second;
    consider(node);
  }
  return allow;
}

}  // namespace agendapack::crawl
