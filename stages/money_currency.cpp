#include "stages/money_currency.h"

#include <algorithm>
#include <set>

#include "stages/money_text.h"

namespace agendapack {

using namespace money_text;

namespace {

// One occurrence in a dozen is enough to tell; more would let one repeated footer outweigh
// everything else the document says.
constexpr int kMaxPerWord = 3;
// The authority's own name outweighs a passing mention ("Canada geese" in a US agenda).
constexpr int kAuthorityWeight = 5;
// A currency printed with its country ("CA$1,200") says it outright.
constexpr int kPrintedWeight = 2;

// Case-sensitive whole-word occurrences of `word` (place names are proper nouns), capped.
int count_word(const std::string& text, const std::string& word) {
  int n = 0;
  for (size_t at = text.find(word); at != std::string::npos && n < kMaxPerWord;
       at = text.find(word, at + 1)) {
    bool left = at == 0 || !is_alnum(text[at - 1]);
    bool right = at + word.size() >= text.size() || !is_alnum(text[at + word.size()]);
    n += left && right;
  }
  return n;
}

int count_pattern(const std::string& text, const Regex& re) {
  int n = 0;
  RegexMatch m;
  std::string_view rest(text);
  while (n < kMaxPerWord && re.search(rest, &m)) {
    ++n;
    size_t next = m.position() + std::max<size_t>(m.length(), 1);
    if (next >= rest.size()) break;
    rest = rest.substr(next);
  }
  return n;
}

}  // namespace

DocumentCurrency document_currency(const Document& doc, const MoneyVocab& v) {
  std::string text;
  for (const Page& page : doc.pages)
    for (const Line& line : page.lines) {
      text += line.text;
      text += '\n';
    }
  DocumentCurrency out;
  std::map<std::string, int>& score = out.evidence;
  for (const auto& [cur, words] : v.place_words)
    for (const std::string& w : words) score[cur] += count_word(text, w);
  for (const auto& [cur, patterns] : v.place_patterns)
    for (const Regex& re : patterns) score[cur] += count_pattern(text, re);
  if (doc.meeting.authority) {
    const std::string& auth = *doc.meeting.authority;
    std::string la = lower(auth);
    for (const auto& [cur, words] : v.authority_words)
      for (const std::string& w : words)
        if (contains_phrase(la, w)) score[cur] += kAuthorityWeight;
    for (const auto& [cur, words] : v.place_words)
      for (const std::string& w : words)
        if (count_word(auth, w)) score[cur] += kAuthorityWeight;
  }
  // Printed currencies, with a bare "$" kept apart: it is what is being decided.
  MoneyVocab marks = v.for_document("$", v.default_currency);
  std::map<std::string, int> printed = printed_currencies(text, marks);
  std::set<std::string> dollars;  // the currencies some "$" marker names (A$, CA$, US$)
  for (const auto& [sym, cur] : v.symbols)
    if (sym.find('$') != std::string::npos && sym != "$") dollars.insert(cur);
  for (const auto& [cur, n] : printed)
    if (cur != "$") score[cur] += kPrintedWeight * std::min(n, kMaxPerWord);

  out.dollar = v.default_dollar;
  int best = score.count(v.default_dollar) ? score[v.default_dollar] : 0;
  for (const std::string& cur : dollars)
    if (score[cur] > best) {
      best = score[cur];
      out.dollar = cur;
    }

  // The currency printed most, a bare "$" as the one just decided; else the country's.
  std::map<std::string, int> used;
  for (const auto& [cur, n] : printed) used[cur == "$" ? out.dollar : cur] += n;
  out.bare = v.default_currency;
  int most = 0;
  for (const auto& [cur, n] : used)
    if (n > most) {
      most = n;
      out.bare = cur;
    }
  if (most == 0) {
    int strongest = 0;
    for (const auto& [cur, s] : score)
      if (s > strongest) {
        strongest = s;
        out.bare = cur;
      }
  }
  return out;
}

}  // namespace agendapack
