/// \file robots.txt (RFC 9309) for one user agent: the group naming our agent's product token,
/// else `*`. A site controls this text, so reading and matching it must stay cheap whatever
/// it holds: only the first kMaxBytes are read (Google's cap; the rest is ignored), each rule
/// is split once at its '*'s and matched left to right without backtracking (a rule like
/// `/*a*a*a...*b` costs one pass over the path, not exponential time), and rules are indexed
/// by their literal prefix in a trie, so a URL is checked only against rules that can match.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace agendapack::crawl {

class Robots {
 public:
  /// What is read of a robots.txt; the rest is ignored (and need not be downloaded).
  static constexpr size_t kMaxBytes = 500 * 1024;

  Robots() = default;  // allows everything
  Robots(std::string_view text, std::string_view agent_token);
  /// `path_and_query` starts with '/'. Longest match wins; Allow wins ties.
  bool allowed(std::string_view path_and_query) const;
  double crawl_delay_s() const { return crawl_delay_s_; }
  /// The text was longer than kMaxBytes.
  bool truncated() const { return truncated_; }
  size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    std::vector<std::string> parts;  // the pattern split at '*'; parts[0] is the literal prefix
    bool anchored = false;           // ended with '$'
    bool allow = false;
    size_t length = 0;               // the pattern as written: what "longest match" compares
  };
  static bool matches(const Rule& rule, std::string_view path);
  void index(uint32_t rule_idx);

  std::vector<Rule> rules_;
  // The trie of literal prefixes: node 0 is the root; an edge is (node << 8 | byte) -> child.
  std::unordered_map<uint64_t, uint32_t> edges_;
  std::vector<std::vector<uint32_t>> node_rules_{1};  // rules whose prefix ends at the node
  double crawl_delay_s_ = 0;
  bool truncated_ = false;
};

}  // namespace agendapack::crawl
