#include "stages/money_parse.h"

#include <algorithm>
#include <climits>

#include <nlohmann/json.hpp>

#include "pipeline/config.h"
#include "stages/money_text.h"

namespace agendapack {

using namespace money_text;

// ---------------------------------------------------------------------------------------------
// Vocabulary

namespace {

bool by_length_desc(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() > b.size() : a < b;
}

}  // namespace

MoneyVocab MoneyVocab::from_json(const nlohmann::json& v) {
  MoneyVocab m;
  auto pairs = [&](const char* key) {
    std::vector<std::pair<std::string, std::string>> out;
    if (v.contains(key) && v[key].is_object())
      for (auto it = v[key].begin(); it != v[key].end(); ++it)
        if (it.value().is_string()) out.emplace_back(it.key(), it.value().get<std::string>());
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return by_length_desc(a.first, b.first); });
    return out;
  };
  m.symbols = pairs("symbols");
  m.currency_words = pairs("currency_words");
  for (auto& [word, cur] : m.currency_words) word = lower(word);
  if (v.contains("multipliers") && v["multipliers"].is_object())
    for (auto it = v["multipliers"].begin(); it != v["multipliers"].end(); ++it)
      if (it.value().is_number_integer())
        m.multipliers.emplace_back(lower(it.key()), it.value().get<int64_t>());
  std::sort(m.multipliers.begin(), m.multipliers.end(),
            [](const auto& a, const auto& b) { return by_length_desc(a.first, b.first); });
  auto words = [&](const char* key) {
    std::vector<std::string> out = get_or<std::vector<std::string>>(v, key, {});
    for (std::string& w : out) w = lower(w);
    return out;
  };
  m.money_words = words("money_words");
  m.total_phrases = words("total_phrases");
  m.total_labels = words("total_labels");
  m.subtotal_labels = words("subtotal_labels");
  m.column_headers = words("column_headers");
  m.per_unit_words = words("per_unit_words");
  m.per_periods = words("per_periods");
  m.prose_endings = words("prose_endings");
  m.abbreviations = words("abbreviations");
  if (v.contains("list_marker") && v["list_marker"].is_string())
    m.list_marker = Regex(v["list_marker"].get<std::string>());
  auto by_currency = [&](const char* key) {
    std::map<std::string, std::vector<std::string>> out;
    if (v.contains(key) && v[key].is_object())
      for (auto it = v[key].begin(); it != v[key].end(); ++it)
        out[it.key()] = get_or<std::vector<std::string>>(v[key], it.key().c_str(), {});
    return out;
  };
  m.place_words = by_currency("place_words");
  m.authority_words = by_currency("authority_words");
  for (auto& [cur, kinds] : m.authority_words)
    for (std::string& w : kinds) w = lower(w);
  for (const auto& [cur, patterns] : by_currency("place_patterns"))
    for (const std::string& p : patterns) m.place_patterns[cur].emplace_back(p);
  m.default_currency = get_or<std::string>(v, "default_currency", m.default_currency);
  m.default_dollar = get_or<std::string>(v, "default_dollar", m.default_dollar);
  return m;
}

const MoneyVocab& MoneyVocab::builtin() {
  static const MoneyVocab vocab = [] {
    auto file = read_json_file(default_config_dir() / "vocab" / "money.json");
    return MoneyVocab::from_json(file ? file.value() : nlohmann::json::object());
  }();
  return vocab;
}

MoneyVocab MoneyVocab::for_document(const std::string& dollar, const std::string& bare) const {
  MoneyVocab m = *this;
  for (auto& [sym, cur] : m.symbols)
    if (sym == "$") cur = dollar;
  for (auto& [word, cur] : m.currency_words)
    if (cur == default_dollar && (word == "dollars" || word == "dollar")) cur = dollar;
  m.default_currency = bare;
  return m;
}

// ---------------------------------------------------------------------------------------------
// The parser

namespace {

struct Symbol {
  size_t len = 0;
  std::string currency;
};

// The longest currency marker at `pos`; alphabetic markers ("EUR", "A$") must start a word.
Symbol symbol_at(std::string_view text, size_t pos, const MoneyVocab& v) {
  for (const auto& [sym, cur] : v.symbols) {
    if (!starts_with_at(text, pos, sym)) continue;
    if (is_alpha(sym.front()) && pos > 0 && is_alnum(text[pos - 1])) continue;
    // A code written as a word ("EUR") must not run on into a longer word ("EURO").
    if (is_alpha(sym.back()) && pos + sym.size() < text.size() && is_alpha(text[pos + sym.size()]))
      continue;
    return {sym.size(), cur};
  }
  return {};
}

struct Number {
  std::string int_digits, frac_digits;
  size_t end = 0;
  bool ok = false;
};

bool three_digits_at(std::string_view text, size_t i) {
  return i + 3 <= text.size() && is_digit(text[i]) && is_digit(text[i + 1]) &&
         is_digit(text[i + 2]) && (i + 3 >= text.size() || !is_digit(text[i + 3]));
}

// Digits with optional thousands commas and a decimal part. Not ok when the token goes on
// like a date, a version or a badly grouped figure ("23.04.2018", "1,23", "2019/20").
Number number_at(std::string_view text, size_t pos) {
  Number n;
  size_t i = pos;
  while (i < text.size() && is_digit(text[i])) n.int_digits += text[i++];
  if (n.int_digits.empty()) return n;
  bool grouped = false;
  while (i < text.size() && text[i] == ',') {
    if (three_digits_at(text, i + 1)) {
      n.int_digits.append(text.substr(i + 1, 3));
      i += 4;
      grouped = true;
      continue;
    }
    // A typist's space after the thousands comma ("$284, 789.20", "$ 77, 096.00"). Only where
    // the figure goes on with pence or the group is "000": "£5, 100 people" stays 5.
    if (i + 1 < text.size() && text[i + 1] == ' ' && three_digits_at(text, i + 2) &&
        (grouped || n.int_digits.size() <= 3)) {
      size_t after = i + 5;
      bool pence = after + 1 < text.size() && text[after] == '.' && is_digit(text[after + 1]);
      if (pence || text.substr(i + 2, 3) == "000") {
        n.int_digits.append(text.substr(i + 2, 3));
        i += 5;
        grouped = true;
        continue;
      }
    }
    break;
  }
  if (grouped && n.int_digits.size() > 3 && text.substr(pos, 1) == "0") return n;
  if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
    ++i;
    while (i < text.size() && is_digit(text[i])) n.frac_digits += text[i++];
  }
  n.end = i;
  // What follows must end the token.
  if (i < text.size()) {
    char c = text[i];
    bool digit_next = i + 1 < text.size() && is_digit(text[i + 1]);
    if ((c == '.' || c == ',' || c == '/' || c == ':') && digit_next) return n;
    if (is_digit(c)) return n;
  }
  if (n.int_digits.size() > 13) return n;  // beyond any budget; a reference number
  n.ok = true;
  return n;
}

struct Multiplier {
  size_t end = 0;
  int64_t factor = 0;
};

// "m", " million", "bn" after a figure, ending at a word boundary.
Multiplier multiplier_at(std::string_view text, size_t pos, const MoneyVocab& v) {
  for (int spaced = 0; spaced < 2; ++spaced) {
    size_t p = pos;
    if (spaced) {
      if (p >= text.size() || text[p] != ' ') break;
      ++p;
    }
    for (const auto& [word, factor] : v.multipliers) {
      if (!istarts_with_at(text, p, word)) continue;
      size_t e = p + word.size();
      if (e < text.size() && is_alnum(text[e])) continue;
      return {e, factor};
    }
  }
  return {};
}

// A currency word or code after a figure ("492,000 EUR", "5 million pounds").
Symbol suffix_currency_at(std::string_view text, size_t pos, const MoneyVocab& v) {
  if (pos >= text.size() || text[pos] != ' ') return {};
  size_t p = pos + 1;
  for (const auto& [word, cur] : v.currency_words) {
    if (!istarts_with_at(text, p, word)) continue;
    size_t e = p + word.size();
    if (e < text.size() && is_alnum(text[e])) continue;
    return {e - pos, cur};
  }
  for (const auto& [sym, cur] : v.symbols) {
    if (!is_alpha(sym.front()) || !is_alpha(sym.back()) || !starts_with_at(text, p, sym)) continue;
    size_t e = p + sym.size();
    if (e < text.size() && is_alnum(text[e])) continue;
    return {e - pos, cur};
  }
  return {};
}

// int.frac x factor, exactly; nullopt on overflow or beyond any plausible amount.
std::optional<Decimal> scale(const Number& n, int64_t factor) {
  std::string digits = n.int_digits;
  if (!n.frac_digits.empty()) digits += "." + n.frac_digits;
  auto d = Decimal::parse(digits);
  if (!d) return std::nullopt;
  auto value = d->times(factor);
  // Below 2.3 x 10^12, so that sums of many lines stay exact even at six decimals.
  if (!value || value->abs().whole() > INT64_MAX / 4 / 1000000) return std::nullopt;
  return value;
}

// One figure: [symbol][-]number[multiplier][suffix currency], read at `pos`.
struct Figure {
  size_t begin = 0, end = 0;
  Number number;
  Multiplier mult;
  std::string currency;  // "" when none printed
  bool negative = false;
  bool ok = false;
};

Figure figure_at(std::string_view text, size_t pos, const MoneyVocab& v) {
  Figure f;
  f.begin = pos;
  size_t p = pos;
  Symbol sym = symbol_at(text, p, v);
  if (sym.len) {
    f.currency = sym.currency;
    p += sym.len;
    if (p < text.size() && text[p] == ' ') ++p;
    if (size_t d = dash_at(text, p); d && p + d < text.size() && is_digit(text[p + d])) {
      f.negative = true;
      p += d;
    }
  }
  if (p >= text.size() || !is_digit(text[p])) return f;
  // A figure starts a token: "A4" or "x2" are not money.
  if (!sym.len && p > 0 && (is_alpha(text[p - 1]) || is_digit(text[p - 1]))) return f;
  f.number = number_at(text, p);
  if (!f.number.ok) return f;
  // A leading zero that is not "0.x" is a code or a phone number.
  if (f.number.int_digits.size() > 1 && f.number.int_digits[0] == '0') return f;
  p = f.number.end;
  f.mult = multiplier_at(text, p, v);
  if (f.mult.factor) p = f.mult.end;
  if (f.currency.empty()) {
    Symbol suf = suffix_currency_at(text, p, v);
    if (suf.len) {
      f.currency = suf.currency;
      p += suf.len;
    }
  }
  // Percentages, ordinals, times and units are not money.
  if (p < text.size()) {
    if (text[p] == '%') return f;
    if (!f.mult.factor && is_alpha(text[p])) return f;
    if (istarts_with_at(text, p, " per cent") || istarts_with_at(text, p, " percent")) return f;
  }
  f.end = p;
  f.ok = true;
  return f;
}

bool has_money_word_near(std::string_view text, size_t begin, size_t end, const MoneyVocab& v) {
  // A window of about eight words before and four after the figure.
  size_t lo = begin, words = 0;
  while (lo > 0 && words < 9) {
    --lo;
    if (text[lo] == ' ') ++words;
  }
  size_t hi = end;
  words = 0;
  while (hi < text.size() && words < 5) {
    if (text[hi] == ' ') ++words;
    ++hi;
  }
  std::string window = lower(text.substr(lo, hi - lo));
  for (const std::string& w : v.money_words)
    if (contains_phrase(window, w)) return true;
  return false;
}

}  // namespace

std::vector<AmountMatch> find_amounts(std::string_view text, const MoneyVocab& v,
                                      MoneyContext context, const std::string& currency,
                                      int64_t unit) {
  const bool column = context == MoneyContext::column;
  const std::string bare_currency = currency.empty() ? v.default_currency : currency;
  std::vector<AmountMatch> out;
  std::vector<size_t> bare_multiplied;  // indices of prose matches that need a money word
  bool any_currency = false;
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    bool may_start = is_digit(static_cast<char>(c)) || c >= 0x80 || is_alpha(static_cast<char>(c)) ||
                     c == '$';
    if (!may_start) {
      ++pos;
      continue;
    }
    Figure f = figure_at(text, pos, v);
    if (!f.ok) {
      // Skip the rest of this token so "1,23,456" is not read from its middle.
      size_t sym = symbol_at(text, pos, v).len;
      size_t p = pos + std::max<size_t>(sym, 1);
      if (!sym && is_digit(text[pos]))
        while (p < text.size() && !is_space(text[p])) ++p;
      else if (!sym && is_alpha(text[pos]))
        while (p < text.size() && is_alnum(text[p])) ++p;
      pos = p;
      continue;
    }
    // The tail of "2010–11" or "3-4" is no amount of its own ("Constant 2010–11 dollars" names
    // a unit): a range is read from its first end, never from its second.
    if (!symbol_at(text, pos, v).len) {
      bool tail = false;
      for (std::string_view dsh : {"-", "\u2013", "\u2014"})
        tail = tail || (pos > dsh.size() && text.substr(pos - dsh.size(), dsh.size()) == dsh &&
                        is_digit(text[pos - dsh.size() - 1]));
      if (tail) {
        pos = std::max(f.end, pos + 1);
        continue;
      }
    }
    // A range: "£2-3m", "£2 to £3m", "10-13k"; the second end shares currency and multiplier.
    // A dash with spaces or "to" joins a range only after a currency ("Phase 2 - £3m" is not).
    Figure second;
    {
      size_t p = f.end;
      bool spaced = p < text.size() && text[p] == ' ';
      if (spaced) ++p;
      size_t d = dash_at(text, p);
      // "between $250 and $290 billion" is a range too: both ends are billions.
      bool between = f.begin >= 8 && istarts_with_at(text, f.begin - 8, "between ");
      size_t conn = d ? d
                      : spaced && istarts_with_at(text, p, "to ")             ? 2
                      : spaced && between && istarts_with_at(text, p, "and ") ? 3
                                                                              : 0;
      if (conn) {
        p += conn;
        bool spaced_after = p < text.size() && text[p] == ' ';
        if (spaced_after) ++p;
        bool attached = d && !spaced && !spaced_after;
        bool joined = attached || (!f.currency.empty() && (d ? spaced == spaced_after : true));
        Figure s = figure_at(text, p, v);
        bool same_cur = s.currency.empty() || s.currency == f.currency;
        if (joined && s.ok && !s.negative && same_cur && (!f.mult.factor || s.mult.factor))
          second = s;
      }
    }
    int64_t factor1 = f.mult.factor;
    if (second.ok) {
      int64_t f1 = factor1 ? factor1 : second.mult.factor;  // "£2-3m": 2 is in millions too
      auto lo = scale(f.number, f1 ? f1 : 1);
      auto hi = scale(second.number, second.mult.factor ? second.mult.factor : 1);
      if (lo && hi && *lo <= *hi) factor1 = f1;
      else second = Figure{};  // "2019-20" is no range
    }
    const bool has_cur = !f.currency.empty();
    const bool has_mult = factor1 != 0;
    const std::string cur = has_cur ? f.currency : bare_currency;
    auto value_of = [&](const Figure& fig, int64_t factor) {
      return scale(fig.number, factor ? factor : (has_cur ? 1 : unit));
    };
    std::optional<Decimal> v1 = value_of(f, factor1);
    std::optional<Decimal> v2 = second.ok ? value_of(second, second.mult.factor) : std::nullopt;
    size_t end = second.ok ? second.end : f.end;
    // Prose needs a currency, or a multiplier near a money word ("savings of 114k").
    bool accept = column || has_cur || has_mult;
    if (!accept || !v1 || (second.ok && !v2)) {
      pos = std::max(end, pos + 1);
      continue;
    }
    size_t begin = f.begin;
    bool negative = f.negative;
    // "-£250k": a dash attached to the figure, itself after a space or the start.
    if (size_t back = begin; !negative && back > 0) {
      for (std::string_view dsh : {"-", "\u2212", "\u2013"}) {
        if (back >= dsh.size() && text.substr(back - dsh.size(), dsh.size()) == dsh &&
            (back == dsh.size() || is_space(text[back - dsh.size() - 1]) ||
             text[back - dsh.size() - 1] == '(')) {
          negative = true;
          begin = back - dsh.size();
          break;
        }
      }
    }
    // "(250)": negative in a column, an aside in prose.
    if (column && begin > 0 && text[begin - 1] == '(' && end < text.size() && text[end] == ')') {
      negative = true;
      --begin;
      ++end;
    }
    std::string raw(text.substr(begin, end - begin));
    auto push = [&](const Decimal& value, bool range, const Figure& fig) {
      AmountMatch m;
      m.money.amount = negative ? value.negated() : value;
      m.money.currency = cur;
      m.money.raw = raw;
      m.begin = begin;
      m.end = end;
      m.has_currency = has_cur;
      m.has_multiplier = has_mult;
      m.range = range;
      m.decimals = static_cast<int>(fig.number.frac_digits.size());
      out.push_back(m);
      if (!column && !has_cur) bare_multiplied.push_back(out.size() - 1);
    };
    push(*v1, second.ok, f);
    if (second.ok) push(*v2, true, second);
    any_currency = any_currency || has_cur;
    pos = end;
  }
  if (!column && !bare_multiplied.empty()) {
    std::vector<bool> drop(out.size(), false);
    for (size_t idx : bare_multiplied)
      drop[idx] = !any_currency && !has_money_word_near(text, out[idx].begin, out[idx].end, v);
    std::vector<AmountMatch> kept;
    for (size_t i = 0; i < out.size(); ++i)
      if (!drop[i]) kept.push_back(std::move(out[i]));
    out = std::move(kept);
  }
  return out;
}

std::optional<Money> parse_amount(std::string_view text, const MoneyVocab& vocab,
                                  MoneyContext context, const std::string& currency,
                                  int64_t unit) {
  size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && (is_space(text[e - 1]) || text[e - 1] == '.' || text[e - 1] == ',' ||
                   text[e - 1] == ';' || text[e - 1] == '*'))
    --e;
  std::string_view t = text.substr(b, e - b);
  if (t.empty()) return std::nullopt;
  std::vector<AmountMatch> found = find_amounts(t, vocab, context, currency, unit);
  if (found.empty() || found.front().begin != 0) return std::nullopt;
  size_t last_end = found.back().end;
  if (last_end != t.size()) return std::nullopt;
  if (found.size() > 2 || (found.size() == 2 && !found.front().range)) return std::nullopt;
  return found.front().money;
}

std::vector<std::pair<size_t, size_t>> find_unparsed(std::string_view text, const MoneyVocab& v,
                                                     const std::vector<AmountMatch>& found) {
  std::vector<std::pair<size_t, size_t>> out;
  auto covered = [&](size_t pos) {
    for (const AmountMatch& m : found)
      if (pos >= m.begin && pos < m.end) return true;
    return false;
  };
  for (size_t pos = 0; pos < text.size();) {
    Symbol sym = symbol_at(text, pos, v);
    // Only printed symbols: codes and words are ordinary words when no figure follows.
    if (!sym.len || is_alpha(text[pos]) || covered(pos)) {
      ++pos;
      continue;
    }
    size_t p = pos + sym.len;
    bool flag = false;
    if (p < text.size()) {
      if (is_digit(text[p]) || (text[p] == ' ' && p + 1 < text.size() && is_digit(text[p + 1])))
        flag = true;
      else if (is_alpha(text[p])) {
        // Column-header units ("£m", "£k", "£000s") are not amounts.
        Multiplier m = multiplier_at(text, p, v);
        bool unit = m.factor != 0 || ((text[p] == 's' || text[p] == 'S') &&
                                      (p + 1 >= text.size() || !is_alpha(text[p + 1])));
        flag = !unit;
      }
    }
    if (flag) {
      size_t e = p;
      while (e < text.size() && !is_space(text[e])) ++e;
      if (e == p && e < text.size()) {  // "£ 1,23": take the next token too
        ++e;
        while (e < text.size() && !is_space(text[e])) ++e;
      }
      // "£000", "£'000" headers.
      std::string_view tok = text.substr(p, e - p);
      bool header_unit = tok.rfind("000", 0) == 0 || tok.rfind("'000", 0) == 0;
      if (!header_unit) out.emplace_back(pos, e);
      pos = e;
      continue;
    }
    pos = p;
  }
  return out;
}

std::vector<std::pair<size_t, size_t>> split_sentences(std::string_view text,
                                                       const MoneyVocab& v) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  auto push = [&](size_t b, size_t e) {
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    if (e > b) out.emplace_back(b, e);
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '.' && c != '!' && c != '?') continue;
    if (i + 1 >= text.size() || text[i + 1] != ' ') continue;
    size_t n = i + 1;
    while (n < text.size() && text[n] == ' ') ++n;
    if (n >= text.size()) break;
    unsigned char next = static_cast<unsigned char>(text[n]);
    bool starts = std::isupper(next) || std::isdigit(next) || next == '"' || next == '\'' ||
                  next >= 0x80 || next == '(';
    if (!starts) continue;
    if (c == '.') {
      size_t w = i;
      while (w > start && !is_space(text[w - 1])) --w;
      std::string word = lower(text.substr(w, i - w));
      while (!word.empty() && (word.front() == '(' || word.front() == '"')) word.erase(0, 1);
      if (word.size() == 1 && is_alpha(word[0])) continue;  // an initial: "Mr S. Lambert"
      if (in_list(v.abbreviations, word)) continue;
    }
    push(start, i + 1);
    start = n;
  }
  push(start, text.size());
  return out;
}

std::map<std::string, int> printed_currencies(std::string_view text, const MoneyVocab& v) {
  std::map<std::string, int> out;
  for (size_t pos = 0; pos < text.size();) {
    Symbol sym = symbol_at(text, pos, v);
    if (!sym.len) {
      ++pos;
      continue;
    }
    size_t p = pos + sym.len;
    if (p < text.size() && text[p] == ' ') ++p;
    if (p < text.size() && is_digit(text[p])) ++out[sym.currency];
    pos += sym.len;
  }
  return out;
}

int64_t header_unit(std::string_view header, const MoneyVocab& v) {
  std::string h = lower(header);
  // "£000", "£'000", "000s" but not the year in "Budget 2000/01".
  for (size_t at = h.find("000"); at != std::string::npos; at = h.find("000", at + 1))
    if ((at == 0 || !is_digit(h[at - 1])) && (at + 3 >= h.size() || !is_digit(h[at + 3])))
      return 1000;
  // A unit word stands alone: "£m" or "(£ million)", but not the "m" of "per m2".
  for (const auto& [word, factor] : v.multipliers)
    for (size_t at = h.find(word); at != std::string::npos; at = h.find(word, at + 1))
      if ((at == 0 || !is_alnum(h[at - 1])) &&
          (at + word.size() >= h.size() || !is_alnum(h[at + word.size()])))
        return factor;
  return 1;
}

}  // namespace agendapack
