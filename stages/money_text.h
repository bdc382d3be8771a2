/// \file Byte-level text helpers the money parser and the money stage's readers share (ASCII
/// classes on UTF-8 text: a byte >= 0x80 is never a digit, letter or space here).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace agendapack::money_text {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\n");
  return std::string(s.substr(b, e - b + 1));
}

inline bool starts_with_at(std::string_view text, size_t pos, std::string_view what) {
  return pos + what.size() <= text.size() && text.substr(pos, what.size()) == what;
}

inline bool istarts_with_at(std::string_view text, size_t pos, std::string_view what) {
  if (pos + what.size() > text.size()) return false;
  for (size_t i = 0; i < what.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
        std::tolower(static_cast<unsigned char>(what[i])))
      return false;
  return true;
}

// Dashes that join a range or, attached to a figure, make it negative (UTF-8).
inline size_t dash_at(std::string_view text, size_t pos) {
  if (starts_with_at(text, pos, "-")) return 1;
  for (std::string_view d : {"\u2013", "\u2014", "\u2212"})
    if (starts_with_at(text, pos, d)) return d.size();
  return 0;
}

/// `phrase` in `text` between non-letters (both already in the same case).
inline bool contains_phrase(std::string_view text, std::string_view phrase) {
  size_t at = 0;
  while ((at = text.find(phrase, at)) != std::string_view::npos) {
    bool left = at == 0 || !is_alpha(text[at - 1]);
    bool right = at + phrase.size() >= text.size() || !is_alpha(text[at + phrase.size()]);
    if (left && right) return true;
    ++at;
  }
  return false;
}

inline bool in_list(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

inline bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return is_alpha(c); });
}

}  // namespace agendapack::money_text
