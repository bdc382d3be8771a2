#include "pipeline/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace agendapack {

namespace {

std::string pcre2_message(int code) {
  PCRE2_UCHAR buf[256];
  if (pcre2_get_error_message(code, buf, sizeof buf) < 0) return "error " + std::to_string(code);
  return reinterpret_cast<const char*>(buf);
}

// One match-data block per thread, big enough for any vocabulary pattern; allocating one per
// match cost more than many of the matches.
constexpr uint32_t kPairs = 64;

struct MatchData {
  pcre2_match_data* data = pcre2_match_data_create(kPairs, nullptr);
  ~MatchData() { pcre2_match_data_free(data); }
};

}  // namespace

struct Regex::Code {
  std::string pattern;
  pcre2_code* code = nullptr;
  uint32_t groups = 0;
  ~Code() { pcre2_code_free(code); }
};

Regex::Regex() : Regex("$^") {}

Regex::Regex(std::string_view pattern, unsigned flags) {
  auto c = std::make_shared<Code>();
  c->pattern = std::string(pattern);
  // ALT_BSUX: \uhhhh and \xhh as ECMAScript writes them.
  uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX;
  if (flags & kIcase) options |= PCRE2_CASELESS;
  int err = 0;
  PCRE2_SIZE at = 0;
  c->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(c->pattern.data()), c->pattern.size(),
                          options, &err, &at, nullptr);
  if (!c->code)
    throw RegexError("pattern '" + c->pattern + "': " + pcre2_message(err) + " at offset " +
                     std::to_string(at));
  pcre2_pattern_info(c->code, PCRE2_INFO_CAPTURECOUNT, &c->groups);
  code_ = std::move(c);
}

const std::string& Regex::pattern() const { return code_->pattern; }

int Regex::group(std::string_view name) const {
  std::string n(name);
  int rc = pcre2_substring_number_from_name(code_->code, reinterpret_cast<PCRE2_SPTR>(n.c_str()));
  return rc < 0 ? -1 : rc;
}

bool Regex::run(std::string_view s, size_t start, unsigned options, RegexMatch* m) const {
  thread_local MatchData shared;
  pcre2_match_data* data = shared.data;
  std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> own(nullptr,
                                                                     pcre2_match_data_free);
  if (code_->groups + 1 > kPairs) {
    own.reset(pcre2_match_data_create_from_pattern(code_->code, nullptr));
    data = own.get();
  }
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), start,
                       options, data, nullptr);
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc < 0) throw std::runtime_error("pattern '" + code_->pattern + "': " + pcre2_message(rc));
  if (m) {
    m->subject_ = s;
    m->groups_.assign(code_->groups + 1, {RegexMatch::kUnset, RegexMatch::kUnset});
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data);
    for (uint32_t i = 0; i <= code_->groups && i < static_cast<uint32_t>(rc); ++i)
      if (ov[2 * i] != PCRE2_UNSET) m->groups_[i] = {ov[2 * i], ov[2 * i + 1]};
  }
  return true;
}

bool Regex::search(std::string_view s, RegexMatch* m) const { return run(s, 0, 0, m); }

bool Regex::match_prefix(std::string_view s, RegexMatch* m) const {
  return run(s, 0, PCRE2_ANCHORED, m);
}

bool Regex::match(std::string_view s, RegexMatch* m) const {
  return run(s, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, m);
}

std::string Regex::replace_all(std::string_view s, std::string_view with) const {
  std::string out;
  size_t pos = 0;
  RegexMatch m;
  while (pos <= s.size() && run(s, pos, 0, &m)) {
    size_t b = m.position(0), e = b + m.length(0);
    out.append(s.substr(pos, b - pos));
    out.append(with);
    if (e > b) {
      pos = e;
      continue;
    }
    // An empty match: keep the character after it and look again past it, as std::regex did.
    if (b >= s.size()) return out;
    size_t next = b + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
    out.append(s.substr(b, next - b));
    pos = next;
  }
  if (pos < s.size()) out.append(s.substr(pos));
  return out;
}

std::string RegexMatch::str(size_t i) const { return std::string(view(i)); }

std::string_view RegexMatch::view(size_t i) const {
  if (!matched(i)) return {};
  return subject_.substr(groups_[i].first, groups_[i].second - groups_[i].first);
}

bool RegexMatch::matched(size_t i) const {
  return i < groups_.size() && groups_[i].first != kUnset;
}

size_t RegexMatch::position(size_t i) const { return matched(i) ? groups_[i].first : 0; }

size_t RegexMatch::length(size_t i) const {
  return matched(i) ? groups_[i].second - groups_[i].first : 0;
}

std::string RegexMatch::suffix() const {
  return matched(0) ? std::string(subject_.substr(groups_[0].second)) : std::string();
}

std::string RegexMatch::prefix() const {
  return matched(0) ? std::string(subject_.substr(0, groups_[0].first)) : std::string();
}

bool search_any(const std::vector<Regex>& res, std::string_view s) {
  for (const Regex& re : res)
    if (re.search(s)) return true;
  return false;
}

std::vector<Regex> compile_all(const std::vector<std::string>& patterns, unsigned flags) {
  std::vector<Regex> out;
  out.reserve(patterns.size());
  for (const std::string& p : patterns) out.emplace_back(p, flags);
  return out;
}

}  // namespace agendapack
