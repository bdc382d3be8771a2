/// \file Regular expressions for the vocabularies and the stages, on PCRE2.
///
/// std::regex compiled the vocabularies' two hundred patterns in about a tenth of a short
/// file's conversion and matched slower still; PCRE2 does both in a few microseconds. Patterns
/// keep the ECMAScript syntax the vocabularies were written in (the common subset: groups,
/// classes, lookahead, lazy quantifiers). Subjects are UTF-8: `.` and classes take whole
/// characters, `icase` folds accented letters too, while `\w`, `\d`, `\s` and `\b` stay ASCII as
/// they were. A subject that is not valid UTF-8 is matched up to its bad bytes, never rejected.
/// `$` is the end of the subject only, never before a final newline.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace agendapack {

/// A pattern that does not compile: the pattern, PCRE2's reason and where it stopped.
class RegexError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// One group of a match.
struct RegexGroup {
  std::string_view text;
  bool matched = false;
  std::string str() const { return std::string(text); }
};

/// The groups of one match, as views into the subject (which must outlive the match).
class RegexMatch {
 public:
  RegexGroup operator[](size_t i) const { return {view(i), matched(i)}; }
  /// Group `i` (0: the whole match); "" when it did not take part.
  std::string str(size_t i = 0) const;
  std::string_view view(size_t i = 0) const;
  bool matched(size_t i) const;
  size_t position(size_t i = 0) const;  // byte offset in the subject
  size_t length(size_t i = 0) const;
  /// What follows the whole match, and what precedes it.
  std::string suffix() const;
  std::string prefix() const;
  size_t size() const { return groups_.size(); }

 private:
  friend class Regex;
  static constexpr size_t kUnset = static_cast<size_t>(-1);
  std::string_view subject_;
  std::vector<std::pair<size_t, size_t>> groups_;  // [begin, end) or kUnset
};

class Regex {
 public:
  enum Flags : unsigned { kNone = 0, kIcase = 1 };

  /// Matches only the empty string, as the vocabularies' "$^" placeholder does.
  Regex();
  /// Throws RegexError when the pattern does not compile.
  explicit Regex(std::string_view pattern, unsigned flags = kNone);

  /// Somewhere in `s`.
  bool search(std::string_view s, RegexMatch* m = nullptr) const;
  /// At the start of `s` (std::regex's match_continuous).
  bool match_prefix(std::string_view s, RegexMatch* m = nullptr) const;
  /// The whole of `s`.
  bool match(std::string_view s, RegexMatch* m = nullptr) const;
  /// `s` with every match replaced by `with`, taken literally.
  std::string replace_all(std::string_view s, std::string_view with) const;

  const std::string& pattern() const;
  /// The number of the group named `name` ("(?<mover>...)"), or -1 when there is none.
  int group(std::string_view name) const;

 private:
  struct Code;
  bool run(std::string_view s, size_t start, unsigned options, RegexMatch* m) const;
  std::shared_ptr<const Code> code_;
};

/// Any of `res` found somewhere in `s`.
bool search_any(const std::vector<Regex>& res, std::string_view s);
/// Each of `patterns` compiled with `flags`.
std::vector<Regex> compile_all(const std::vector<std::string>& patterns,
                               unsigned flags = Regex::kNone);

}  // namespace agendapack
