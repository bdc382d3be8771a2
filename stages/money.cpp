#include "stages/money.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "stages/layout.h"

namespace agendapack {

// ---------------------------------------------------------------------------------------------
// Vocabulary and options

namespace {

bool by_length_desc(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() > b.size() : a < b;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool starts_with_at(std::string_view text, size_t pos, std::string_view what) {
  return pos + what.size() <= text.size() && text.substr(pos, what.size()) == what;
}

bool istarts_with_at(std::string_view text, size_t pos, std::string_view what) {
  if (pos + what.size() > text.size()) return false;
  for (size_t i = 0; i < what.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
        std::tolower(static_cast<unsigned char>(what[i])))
      return false;
  return true;
}

// Dashes that join a range or, attached to a figure, make it negative (UTF-8).
size_t dash_at(std::string_view text, size_t pos) {
  if (starts_with_at(text, pos, "-")) return 1;
  for (std::string_view d : {"\u2013", "\u2014", "\u2212"})
    if (starts_with_at(text, pos, d)) return d.size();
  return 0;
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
  m.prose_endings = words("prose_endings");
  m.abbreviations = words("abbreviations");
  m.default_currency = get_or<std::string>(v, "default_currency", m.default_currency);
  return m;
}

const MoneyVocab& MoneyVocab::builtin() {
  static const MoneyVocab vocab = [] {
    auto file = read_json_file(default_config_dir() / "vocab" / "money.json");
    return MoneyVocab::from_json(file ? file.value() : nlohmann::json::object());
  }();
  return vocab;
}

MoneyOptions MoneyOptions::from_json(const nlohmann::json& sec) {
  MoneyOptions o;
  o.total_tolerance = get_or<int64_t>(sec, "total_tolerance", o.total_tolerance);
  o.tab_gap_em = get_or<double>(sec, "tab_gap_em", o.tab_gap_em);
  o.max_label_words = get_or<int>(sec, "max_label_words", o.max_label_words);
  return o;
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

// Digits with optional thousands commas and a decimal part. Not ok when the token goes on
// like a date, a version or a badly grouped figure ("23.04.2018", "1,23", "2019/20").
Number number_at(std::string_view text, size_t pos) {
  Number n;
  size_t i = pos;
  while (i < text.size() && is_digit(text[i])) n.int_digits += text[i++];
  if (n.int_digits.empty()) return n;
  bool grouped = false;
  while (i + 3 < text.size() + 0 && text[i] == ',' && is_digit(text[i + 1]) && is_digit(text[i + 2]) &&
         is_digit(text[i + 3]) && (i + 4 >= text.size() || !is_digit(text[i + 4]))) {
    n.int_digits.append(text.substr(i + 1, 3));
    i += 4;
    grouped = true;
  }
  if (grouped && n.int_digits.size() > 3 + 0 && text.substr(pos, 1) == "0") return n;
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

// Whole units of int.frac x factor, truncated (pence are dropped); nullopt on overflow.
std::optional<int64_t> scale(const Number& n, int64_t factor) {
  int64_t whole = 0;
  for (char c : n.int_digits) whole = whole * 10 + (c - '0');  // at most 13 digits
  // Six decimals are more than any printed amount carries; more would only risk overflow.
  int64_t frac = 0, denom = 1;
  for (size_t i = 0; i < n.frac_digits.size() && i < 6; ++i) {
    frac = frac * 10 + (n.frac_digits[i] - '0');
    denom *= 10;
  }
  int64_t value = 0;
  if (__builtin_mul_overflow(whole, factor, &value)) return std::nullopt;
  if (__builtin_add_overflow(value, frac * factor / denom, &value)) return std::nullopt;
  if (value > INT64_MAX / 4) return std::nullopt;
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
  for (const std::string& w : v.money_words) {
    size_t at = 0;
    while ((at = window.find(w, at)) != std::string::npos) {
      bool left = at == 0 || !is_alpha(window[at - 1]);
      bool right = at + w.size() >= window.size() || !is_alpha(window[at + w.size()]);
      if (left && right) return true;
      ++at;
    }
  }
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
      auto lo = scale(f.number, f1 ? f1 : 1), hi = scale(second.number, second.mult.factor ? second.mult.factor : 1);
      if (lo && hi && *lo <= *hi) factor1 = f1;
      else second = Figure{};  // "2019-20" is no range
    }
    const bool has_cur = !f.currency.empty();
    const bool has_mult = factor1 != 0;
    const std::string cur = has_cur ? f.currency : bare_currency;
    auto value_of = [&](const Figure& fig, int64_t factor) {
      return scale(fig.number, factor ? factor : (has_cur ? 1 : unit));
    };
    std::optional<int64_t> v1 = value_of(f, factor1);
    std::optional<int64_t> v2 = second.ok ? value_of(second, second.mult.factor) : std::nullopt;
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
    auto push = [&](int64_t value, bool range) {
      AmountMatch m;
      m.money.amount = negative ? -value : value;
      m.money.currency = cur;
      m.money.raw = raw;
      m.begin = begin;
      m.end = end;
      m.has_currency = has_cur;
      m.has_multiplier = has_mult;
      m.range = range;
      out.push_back(m);
      if (!column && !has_cur) bare_multiplied.push_back(out.size() - 1);
    };
    push(*v1, second.ok);
    if (second.ok) push(*v2, true);
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
      if (std::find(v.abbreviations.begin(), v.abbreviations.end(), word) != v.abbreviations.end())
        continue;
    }
    push(start, i + 1);
    start = n;
  }
  push(start, text.size());
  return out;
}

// ---------------------------------------------------------------------------------------------
// The stage

namespace {

// Words joined into one text, remembering which bytes each word holds.
struct Piece {
  WordRef ref;
  size_t begin = 0, end = 0;
  size_t ro = 0;  // reading-order index of its line
};

struct JoinedText {
  std::string text;
  std::vector<Piece> pieces;

  void add(const Document& doc, WordRef ref, size_t ro) {
    const Word& w = doc.word(ref);
    if (!text.empty()) {
      // A hyphen that ended the previous line joins a word broken over the line.
      bool joined = !pieces.empty() && pieces.back().ro != ro && text.size() >= 2 &&
                    text.back() == '-' && is_alpha(text[text.size() - 2]) && !w.text.empty() &&
                    std::islower(static_cast<unsigned char>(w.text.front()));
      if (joined)
        text.pop_back();
      else
        text += ' ';
    }
    pieces.push_back({ref, text.size(), text.size() + w.text.size(), ro});
    text += w.text;
  }
  std::vector<WordRef> words_in(size_t b, size_t e) const {
    std::vector<WordRef> out;
    for (const Piece& p : pieces)
      if (p.end > b && p.begin < e) out.push_back(p.ref);
    return out;
  }
  size_t ro_at(size_t b) const {
    for (const Piece& p : pieces)
      if (p.end > b) return p.ro;
    return pieces.empty() ? 0 : pieces.back().ro;
  }
};

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return is_alpha(c); });
}

bool only_dots(std::string_view s) {
  if (s.empty()) return false;
  size_t dots = 0;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '.' || s[i] == ' ') {
      dots += s[i] == '.';
      ++i;
    } else if (starts_with_at(s, i, "\u2026") || starts_with_at(s, i, "\u00b7")) {
      ++dots;
      i += starts_with_at(s, i, "\u2026") ? 3 : 2;
    } else {
      return false;
    }
  }
  return dots > 0;
}

bool is_separator(std::string_view s) {
  return s == "-" || s == "\u2013" || s == "\u2014" || s == ":" || s == "=" || s == "|";
}

std::string normalise_label(std::string s) {
  s = lower(trim(s));
  while (!s.empty() && (s.back() == ':' || s.back() == '.' || s.back() == '-')) s.pop_back();
  return trim(s);
}

bool in_list(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool contains_phrase(const std::string& lowered, const std::string& phrase) {
  size_t at = 0;
  while ((at = lowered.find(phrase, at)) != std::string::npos) {
    bool left = at == 0 || !is_alpha(lowered[at - 1]);
    bool right = at + phrase.size() >= lowered.size() || !is_alpha(lowered[at + phrase.size()]);
    if (left && right) return true;
    ++at;
  }
  return false;
}

std::string money_text(const Money& m) { return m.raw + " (" + std::to_string(m.amount) + ")"; }

// The hundredths a whole-unit amount dropped ("$392.45" is 392, 45 dropped), signed like the
// amount, so a total of priced lines checks to the cent. 0 when the raw's fraction went into
// the amount ("£1.2m", "12.5" in a £000 column) or there is none.
int64_t dropped_cents(const Money& m) {
  const std::string& r = m.raw;
  size_t i = 0;
  while (i < r.size() && !is_digit(r[i])) ++i;
  const size_t first_digit = i;
  std::string whole, frac;
  while (i < r.size() && (is_digit(r[i]) || (r[i] == ',' && i + 1 < r.size() && is_digit(r[i + 1])))) {
    if (r[i] != ',') whole += r[i];
    ++i;
  }
  if (i + 1 < r.size() && r[i] == '.' && is_digit(r[i + 1]))
    for (++i; i < r.size() && is_digit(r[i]) && frac.size() < 2; ++i) frac += r[i];
  if (whole.empty() || frac.empty() || whole.size() > 15) return 0;
  if (std::to_string(std::llabs(m.amount)) != std::to_string(std::stoll(whole))) return 0;
  int64_t cents = std::stoll(frac) * (frac.size() == 1 ? 10 : 1);
  bool negative = m.amount < 0 ||
                  (m.amount == 0 && r.find_first_of("(-") < first_digit);
  return negative ? -cents : cents;
}

int64_t in_cents(const Money& m) { return m.amount * 100 + dropped_cents(m); }

std::string cents_text(int64_t cents) {
  std::string out = std::to_string(std::llabs(cents) / 100);
  if (int64_t c = std::llabs(cents) % 100) out += (c < 10 ? ".0" : ".") + std::to_string(c);
  return cents < 0 ? "-" + out : out;
}

// One list entry: label on the left, an amount at the end of its (last) line.
struct Entry {
  std::vector<size_t> ros;  // reading-order indices of its lines, wrapped label lines first
  std::string label;
  AmountMatch match;
  std::vector<AmountMatch> matches;  // both ends of a range
  std::vector<WordRef> amount_words, words;
  double label_x0 = 0, amount_x0 = 0, font_size = 0;
  bool has_bullet = false;
};

struct Sentence {
  std::string text;
  size_t ro_first = 0, ro_last = 0;
  std::vector<AmountMatch> matches;
};

class MoneyRun {
 public:
  MoneyRun(Document& doc, StageContext& ctx, const MoneyOptions& o, const MoneyVocab& v)
      : doc_(doc), ctx_(ctx), o_(o), v_(v) {}

  void run() {
    order_ = reading_order(doc_);
    for (const Item& item : doc_.items)
      for (const LineRef& l : item.lines) item_of_line_[{l.page_idx, l.line_idx}] = item.number;
    for (size_t ro = 0; ro < order_.size(); ++ro) ro_of_line_[key(order_[ro])] = ro;
    mark_table_lines();
    find_lists();
    read_prose();
    read_tables();
    finish();
  }

 private:
  using LineKey = std::pair<uint32_t, uint32_t>;
  static LineKey key(const LineRef& l) { return {l.page_idx, l.line_idx}; }
  const Line& line(size_t ro) const {
    return doc_.pages[order_[ro].page_idx].lines[order_[ro].line_idx];
  }
  WordRef word_ref(size_t ro, uint32_t wi) const { return {order_[ro].page_idx, wi}; }

  std::optional<std::string> item_at(size_t ro) const {
    if (ro >= order_.size()) return std::nullopt;
    auto it = item_of_line_.find(key(order_[ro]));
    if (it == item_of_line_.end()) return std::nullopt;
    return it->second;
  }

  void add_amount(const Money& m, size_t ro, size_t offset, std::string sentence,
                  const std::vector<WordRef>& words) {
    Amount a;
    a.money = m;
    a.item = item_at(ro);
    a.sentence = std::move(sentence);
    a.prov = provenance_of(doc_, words);
    amounts_.push_back({{ro, offset}, std::move(a)});
  }

  // Lines inside a table are read from the table's cells instead.
  void mark_table_lines() {
    std::set<std::pair<uint32_t, uint32_t>> table_words;
    for (size_t t = 0; t < doc_.tables.size(); ++t)
      for (const auto& row : doc_.tables[t].rows)
        for (const Cell& c : row)
          for (const WordRef& w : c.words) table_words.insert({w.page_idx, w.word_idx});
    in_table_.assign(order_.size(), false);
    table_first_ro_.assign(doc_.tables.size(), order_.size());
    for (size_t ro = 0; ro < order_.size(); ++ro) {
      const Line& l = line(ro);
      size_t inside = 0;
      for (uint32_t wi : l.words) inside += table_words.count({order_[ro].page_idx, wi});
      if (l.table >= 0 || (!l.words.empty() && inside * 2 > l.words.size())) in_table_[ro] = true;
    }
    for (size_t t = 0; t < doc_.tables.size(); ++t) {
      std::set<std::pair<uint32_t, uint32_t>> mine;
      for (const auto& row : doc_.tables[t].rows)
        for (const Cell& c : row)
          for (const WordRef& w : c.words) mine.insert({w.page_idx, w.word_idx});
      for (size_t ro = 0; ro < order_.size(); ++ro) {
        const Line& l = line(ro);
        bool hit = l.table == static_cast<int>(t);
        for (uint32_t wi : l.words) hit = hit || mine.count({order_[ro].page_idx, wi});
        if (hit) {
          table_first_ro_[t] = ro;
          break;
        }
      }
    }
  }

  // ---- money columns (a table's, or a list's under a header line) ----

  struct Column {
    bool header_money = false;
    std::string currency;
    int64_t unit = 1;
  };

  Column column_of(const std::string& header) const {
    Column c;
    std::string h = lower(header);
    for (const std::string& w : v_.column_headers) {
      bool symbolic = !w.empty() && !is_alpha(w.front());
      if (symbolic ? h.find(w) != std::string::npos : contains_phrase(h, w)) c.header_money = true;
    }
    for (size_t i = 0; i < header.size(); ++i) {
      Symbol s = symbol_at(header, i, v_);
      if (s.len && !is_alpha(header[i])) {
        c.currency = s.currency;
        c.header_money = true;
        break;
      }
    }
    if (c.header_money) {
      // "£000", "£'000", "000s" but not the year in "Budget 2000/01".
      bool thousands = false;
      for (size_t at = h.find("000"); at != std::string::npos && !thousands; at = h.find("000", at + 1))
        thousands = (at == 0 || !is_digit(h[at - 1])) && (at + 3 >= h.size() || !is_digit(h[at + 3]));
      if (thousands || contains_phrase(h, "k") ||
          contains_phrase(h, "thousands"))
        c.unit = 1000;
      else if (contains_phrase(h, "m") || contains_phrase(h, "million") ||
               contains_phrase(h, "millions"))
        c.unit = 1000000;
      else if (contains_phrase(h, "bn"))
        c.unit = 1000000000;
    }
    return c;
  }

  // ---- lists ----

  std::optional<Entry> list_line(size_t ro) const {
    const Line& l = line(ro);
    const Page& page = doc_.pages[order_[ro].page_idx];
    size_t first = l.bullet.empty() ? 0 : 1;
    if (l.words.size() < first + 2) return std::nullopt;
    // A leader drawn as a full-width tab fill runs on under a right-aligned amount, leaving
    // dots after it ("Pothole repairs . . . £652,000 . . ."): they are not part of the line.
    size_t word_end = l.words.size();
    while (word_end > first + 2 && only_dots(doc_.word(word_ref(ro, l.words[word_end - 1])).text))
      --word_end;
    JoinedText jt;
    for (size_t i = first; i < word_end; ++i) jt.add(doc_, word_ref(ro, l.words[i]), ro);
    std::string text = jt.text;
    size_t e = text.size();
    while (e > 0 && (text[e - 1] == '.' || text[e - 1] == ';' || text[e - 1] == ',')) --e;
    std::vector<AmountMatch> found =
        find_amounts(std::string_view(text).substr(0, e), v_, MoneyContext::column);
    if (found.empty() || found.back().end != e) return std::nullopt;
    Entry en;
    en.match = found.back();
    en.matches.push_back(en.match);
    if (found.size() >= 2 && en.match.range && found[found.size() - 2].range &&
        found[found.size() - 2].begin == en.match.begin) {
      en.match = found[found.size() - 2];
      en.matches = {en.match, found.back()};
    }
    // Label: the words before the amount, without separators and dot leaders.
    size_t amount_first = jt.pieces.size();
    for (size_t i = 0; i < jt.pieces.size(); ++i)
      if (jt.pieces[i].end > en.match.begin) {
        amount_first = i;
        break;
      }
    if (amount_first == 0 || amount_first >= jt.pieces.size()) return std::nullopt;
    // The amount must start at a word: "A4" or "item2" are not list amounts. A leader glued
    // to the amount ("........£652,000") is the one exception.
    bool dots = false, sep = false;
    if (size_t pb = jt.pieces[amount_first].begin; pb != en.match.begin) {
      bool bracket = en.match.begin > 0 && pb + 1 == en.match.begin && text[en.match.begin - 1] == '(';
      bool leader = only_dots(std::string_view(text).substr(pb, en.match.begin - pb)) &&
                    en.match.begin - pb >= 2;
      if (!bracket && !leader) return std::nullopt;
      dots = dots || leader;
    }
    size_t label_end = amount_first;
    while (label_end > 0) {
      const std::string& w = doc_.word(jt.pieces[label_end - 1].ref).text;
      if (only_dots(w)) dots = dots || w.size() >= 2 || label_end < amount_first;
      else if (is_separator(w)) sep = true;
      else break;
      --label_end;
    }
    if (label_end == 0) return std::nullopt;
    std::string label = text.substr(0, jt.pieces[label_end - 1].end);
    // Dot leaders glued to the label ("transport........").
    while (!label.empty() && (label.back() == '.' || label.back() == ' ')) {
      if (label.size() >= 2 && label[label.size() - 2] == '.') dots = true;
      label.pop_back();
    }
    while (!label.empty() && label.back() == ':') {
      sep = true;
      label.pop_back();
    }
    label = trim(label);
    if (!has_letter(label)) return std::nullopt;
    size_t n_words = 1 + std::count(label.begin(), label.end(), ' ');
    const Word& last_label = doc_.word(jt.pieces[label_end - 1].ref);
    const Word& amount_word = doc_.word(jt.pieces[amount_first].ref);
    double fs = l.font_size > 0 ? l.font_size : 10.0;
    bool tab = amount_word.bbox.x0 - last_label.bbox.x1 >= o_.tab_gap_em * fs;
    bool bullet = !l.bullet.empty();
    size_t sp = label.rfind(' ');
    std::string last = lower(sp == std::string::npos ? label : label.substr(sp + 1));
    while (!last.empty() && !is_alnum(last.back())) last.pop_back();
    if (static_cast<int>(n_words) > 2 * o_.max_label_words) return std::nullopt;
    if (!tab && !dots) {
      if (!bullet && !sep) return std::nullopt;
      if (static_cast<int>(n_words) > o_.max_label_words) return std::nullopt;
      if (in_list(v_.prose_endings, last)) return std::nullopt;
      if (label.find(". ") != std::string::npos) return std::nullopt;
    }
    en.label = label;
    en.ros = {ro};
    en.label_x0 = doc_.word(jt.pieces[0].ref).bbox.x0;
    en.amount_x0 = amount_word.bbox.x0;
    en.font_size = fs;
    en.has_bullet = bullet;
    en.amount_words = jt.words_in(en.match.begin, en.match.end);
    for (const Piece& p : jt.pieces) en.words.push_back(p.ref);
    (void)page;
    return en;
  }

  // A line above a list entry that holds the first part of its wrapped label.
  bool wraps_into(size_t w, const Entry& e) const {
    if (in_table_[w] || used_[w] || cand_[w]) return false;
    const Line& wl = line(w);
    const Line& el = line(e.ros.front());
    if (order_[w].page_idx != order_[e.ros.front()].page_idx || wl.heading) return false;
    std::string t = trim(wl.text);
    if (t.empty()) return false;
    char lastc = t.back();
    if (lastc == '.' || lastc == ':' || lastc == ';' || lastc == ',') return false;
    if (t.size() >= 2 && t.back() == '-' && t[t.size() - 2] == ' ') return false;  // ": -"
    double fs = e.font_size;
    if (el.bbox.y0 - wl.bbox.y1 > 1.0 * fs || el.bbox.y0 < wl.bbox.y0) return false;
    if (wl.bbox.x1 > e.amount_x0 - fs) return false;
    if (static_cast<int>(1 + std::count(t.begin(), t.end(), ' ')) > o_.max_label_words)
      return false;
    if (!find_amounts(t, v_).empty()) return false;
    if (!wl.bullet.empty()) {
      if (!el.bullet.empty() || e.has_bullet) return false;
      const Page& page = doc_.pages[order_[w].page_idx];
      double text_x0 = wl.words.size() > 1 ? page.words[wl.words[1]].bbox.x0 : wl.bbox.x0;
      return e.label_x0 >= text_x0 - 3;
    }
    return std::abs(wl.bbox.x0 - e.label_x0) <= 4 && (e.has_bullet == false);
  }

  void attach_wrap(Entry& e, size_t w) const {
    const Line& wl = line(w);
    std::string t = text_without_bullet(wl);
    e.label = join_lines({trim(t), e.label});
    e.ros.insert(e.ros.begin(), w);
    size_t first = wl.bullet.empty() ? 0 : 1;
    std::vector<WordRef> words;
    for (size_t i = first; i < wl.words.size(); ++i) words.push_back(word_ref(w, wl.words[i]));
    e.words.insert(e.words.begin(), words.begin(), words.end());
    if (!wl.bullet.empty()) e.has_bullet = true;
    const Page& page = doc_.pages[order_[w].page_idx];
    if (!words.empty()) e.label_x0 = page.words[words.front().word_idx].bbox.x0;
  }

  std::string preceding_text(size_t ro, size_t lines) const {
    std::vector<std::string> parts;
    for (size_t r = ro; r > 0 && parts.size() < lines;) {
      --r;
      if (in_table_[r]) break;
      parts.insert(parts.begin(), line(r).text);
    }
    return join_lines(parts);
  }

  bool is_total_label(const std::string& label) const {
    std::string n = normalise_label(label);
    if (in_list(v_.total_labels, n)) return true;
    for (const std::string& t : v_.total_labels)
      if (n.rfind(t + " ", 0) == 0 && n.size() < t.size() + 25) return true;
    return false;
  }
  bool is_subtotal_label(const std::string& label) const {
    std::string n = normalise_label(label);
    for (const std::string& t : v_.subtotal_labels)
      if (n.rfind(t, 0) == 0) return true;
    return false;
  }

  void find_lists() {
    size_t n = order_.size();
    cand_.assign(n, std::nullopt);
    used_.assign(n, false);
    for (size_t ro = 0; ro < n; ++ro)
      if (!in_table_[ro]) cand_[ro] = list_line(ro);
    size_t ro = 0;
    while (ro < n) {
      if (!cand_[ro]) {
        ++ro;
        continue;
      }
      std::vector<Entry> run;
      Entry first = *cand_[ro];
      for (size_t k = 0; k < 2 && first.ros.front() > 0; ++k) {
        size_t w = first.ros.front() - 1;
        if (!wraps_into(w, first)) break;
        attach_wrap(first, w);
      }
      run.push_back(first);
      size_t last = ro;
      size_t next = ro + 1;
      while (next < n) {
        // The next entry, possibly after up to three wrapped label lines of its own.
        size_t probe = next;
        while (probe < n && probe < next + 3 && !cand_[probe] && !in_table_[probe]) ++probe;
        if (probe >= n || !cand_[probe]) break;
        Entry e = *cand_[probe];
        bool ok = true;
        for (size_t w = probe; w > next;) {
          --w;
          if (!wraps_into(w, e)) {
            ok = false;
            break;
          }
          attach_wrap(e, w);
        }
        if (!ok) break;
        run.push_back(std::move(e));
        last = probe;
        next = probe + 1;
      }
      // A total line in mid-list closes a group; the lines after it start the next, under the
      // same header line.
      std::optional<std::pair<size_t, Column>> header = list_header(run);
      bool taken = false;
      std::vector<Entry> group;
      for (size_t k = 0; k < run.size(); ++k) {
        group.push_back(run[k]);
        bool closes = is_total_label(run[k].label) && !is_subtotal_label(run[k].label);
        if (!closes && k + 1 < run.size()) continue;
        bool first_group = group.front().ros.front() == run.front().ros.front();
        taken = take_list(group, header, first_group) || taken;
        group.clear();
      }
      if (!taken) {
        ro = ro + 1;
        continue;
      }
      ro = last + 1;
    }
  }

  // Takes one group of list entries as a breakdown; `header` is the run's header line, drawn
  // above the first group only.
  bool take_list(std::vector<Entry>& run, const std::optional<std::pair<size_t, Column>>& header,
                 bool first_group) {
    std::vector<Entry*> lines;
    Entry* total = nullptr;
    size_t n_cur = 0, n_mult = 0, n_bare = 0;
    std::map<std::string, size_t> currencies;
    for (Entry& e : run) {
      if (is_subtotal_label(e.label)) continue;
      if (is_total_label(e.label)) {
        total = &e;
        continue;
      }
      lines.push_back(&e);
      if (e.match.has_currency) {
        ++n_cur;
        ++currencies[e.match.money.currency];
      } else if (e.match.has_multiplier) {
        ++n_mult;
      } else {
        ++n_bare;
      }
    }
    if (lines.size() < 2) return false;
    // A header line over the amounts ("Scheme    £000") makes the list a two-column table,
    // which the tables stage leaves as lines (unruled tables need three columns there): its
    // bare figures are money, in the header's currency and unit.
    bool money = n_cur + n_mult >= 2 && n_bare <= n_cur + n_mult;
    if (header) money = true;
    else if (money && n_cur == 0) {
      std::string before = lower(preceding_text(run.front().ros.front(), 3));
      bool word = false;
      for (const std::string& w : v_.money_words) word = word || contains_phrase(before, w);
      money = word || !find_amounts(before, v_).empty();
    }
    if (!money) return false;
    std::string cur = v_.default_currency;
    size_t best = 0;
    for (const auto& [c, k] : currencies)
      if (k > best) {
        best = k;
        cur = c;
      }
    FundingBreakdown fb;
    fb.item = item_at(run.front().ros.back());
    std::vector<std::pair<uint32_t, uint32_t>> all_lines;
    if (header && !header->second.currency.empty()) cur = header->second.currency;
    const int64_t unit = header ? header->second.unit : 1;
    if (header && first_group) {
      used_[header->first] = true;
      all_lines.push_back({order_[header->first].page_idx, order_[header->first].line_idx});
    }
    for (Entry& e : run) {
      for (AmountMatch& m : e.matches) {
        if (m.has_currency) continue;
        m.money.currency = cur;
        if (unit == 1 || m.has_multiplier) continue;
        // Read again in the column's unit ("1,250" under £000 is 1250000, pence kept in scale).
        auto again = m.range ? std::nullopt
                             : parse_amount(m.money.raw, v_, MoneyContext::column, cur, unit);
        if (again) m.money.amount = again->amount;
        else if (!__builtin_mul_overflow(m.money.amount, unit, &m.money.amount)) {}
      }
      e.match = e.matches.front();
      for (size_t r : e.ros) {
        used_[r] = true;
        all_lines.push_back({order_[r].page_idx, order_[r].line_idx});
      }
      for (const AmountMatch& m : e.matches)
        add_amount(m.money, e.ros.back(), m.begin, e.label + " " + m.money.raw, e.amount_words);
    }
    for (Entry* e : lines) {
      FundingLine fl;
      fl.label = e->label;
      fl.money = e->match.money;
      fl.prov = provenance_of(doc_, e->words);
      fb.lines.push_back(std::move(fl));
    }
    if (total) fb.stated_total = total->match.money;
    fb.prov = provenance_of_lines(doc_, all_lines);
    pending_.push_back({header && first_group ? header->first : run.front().ros.front(),
                        std::move(fb)});
    return true;
  }

  // The line right above a list that heads its amount column with a money header ("£000",
  // "Amount"): its words over the amounts name the column; words to their left head the labels.
  std::optional<std::pair<size_t, Column>> list_header(const std::vector<Entry>& run) const {
    size_t top = run.front().ros.front();
    if (top == 0) return std::nullopt;
    size_t h = top - 1;
    if (in_table_[h] || used_[h] || cand_[h]) return std::nullopt;
    if (order_[h].page_idx != order_[top].page_idx) return std::nullopt;
    const Line& hl = line(h);
    const Line& fl = line(top);
    const double fs = run.front().font_size;
    if (hl.words.empty() || fl.bbox.y0 - hl.bbox.y1 > 1.5 * fs || fl.bbox.y0 < hl.bbox.y0)
      return std::nullopt;
    double ax0 = 1e9, ax1 = -1e9;
    for (const Entry& e : run)
      for (const WordRef& w : e.amount_words) {
        ax0 = std::min(ax0, doc_.word(w).bbox.x0);
        ax1 = std::max(ax1, doc_.word(w).bbox.x1);
      }
    if (ax0 > ax1) return std::nullopt;
    std::string head;
    for (uint32_t wi : hl.words) {
      const Word& w = doc_.word(word_ref(h, wi));
      if (w.bbox.x1 >= ax0 - fs && w.bbox.x0 <= ax1 + fs) head += " " + w.text;
      else if (w.bbox.x0 > ax1) return std::nullopt;  // a column right of the amounts
    }
    if (head.empty() || !find_amounts(hl.text, v_).empty()) return std::nullopt;
    Column c = column_of(head);
    if (!c.header_money) return std::nullopt;
    return std::make_pair(h, c);
  }

  // ---- prose ----

  void read_prose() {
    std::map<LineKey, size_t> block_of;
    for (uint32_t p = 0; p < doc_.pages.size(); ++p)
      for (size_t b = 0; b < doc_.pages[p].blocks.size(); ++b)
        for (uint32_t li : doc_.pages[p].blocks[b].lines) block_of[{p, li}] = b;
    JoinedText seg;
    auto flush = [&] {
      if (!seg.pieces.empty()) read_segment(seg);
      seg = JoinedText{};
    };
    for (size_t ro = 0; ro < order_.size(); ++ro) {
      if (in_table_[ro] || used_[ro]) {
        flush();
        continue;
      }
      const Line& l = line(ro);
      if (!seg.pieces.empty()) {
        size_t prev = seg.pieces.back().ro;
        const Line& pl = line(prev);
        bool brk = !l.bullet.empty() || l.heading || pl.heading || prev + 1 != ro;
        if (!brk) {
          auto a = block_of.find(key(order_[prev]));
          auto b = block_of.find(key(order_[ro]));
          bool same_page = order_[prev].page_idx == order_[ro].page_idx;
          std::string pt = trim(pl.text);
          bool open = !pt.empty() && pt.back() != '.' && pt.back() != ':' && pt.back() != '?' &&
                      pt.back() != '!';
          if (same_page) {
            brk = a != block_of.end() && b != block_of.end() && a->second != b->second;
          } else {
            brk = !open;
          }
        }
        if (brk) flush();
      }
      size_t first = l.bullet.empty() ? 0 : 1;
      for (size_t i = first; i < l.words.size(); ++i) seg.add(doc_, word_ref(ro, l.words[i]), ro);
    }
    flush();
  }

  void read_segment(const JoinedText& seg) {
    for (const auto& [sb, se] : split_sentences(seg.text, v_)) {
      Sentence s;
      s.text = seg.text.substr(sb, se - sb);
      s.ro_first = seg.ro_at(sb);
      s.ro_last = seg.ro_at(se - 1);
      s.matches = find_amounts(s.text, v_);
      for (const AmountMatch& m : s.matches) {
        size_t ro = seg.ro_at(sb + m.begin);
        add_amount(m.money, ro, sb + m.begin, s.text, seg.words_in(sb + m.begin, sb + m.end));
      }
      report_unparsed(s.text, s.matches, seg, sb);
      sentences_.push_back(std::move(s));
    }
  }

  void report_unparsed(const std::string& text, const std::vector<AmountMatch>& found,
                       const JoinedText& jt, size_t offset) {
    for (const auto& [b, e] : find_unparsed(text, v_, found)) {
      std::vector<WordRef> words = jt.words_in(offset + b, offset + e);
      int page = words.empty() ? 0 : doc_.pages[words.front().page_idx].number;
      ctx_.issue("AMOUNT_UNPARSED", "warning",
                 "money-like text not read as an amount: \"" + text.substr(b, e - b) + "\"", page);
    }
  }

  // ---- tables ----

  static std::string flat(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return trim(s);
  }

  JoinedText cell_text(const Cell& c, size_t fallback_ro) const {
    JoinedText jt;
    for (const WordRef& w : c.words) {
      auto it = ro_of_word_.find({w.page_idx, w.word_idx});
      jt.add(doc_, w, it == ro_of_word_.end() ? fallback_ro : it->second);
    }
    return jt;
  }

  void read_tables() {
    for (size_t ro = 0; ro < order_.size(); ++ro)
      for (uint32_t wi : line(ro).words) ro_of_word_[{order_[ro].page_idx, wi}] = ro;
    for (size_t t = 0; t < doc_.tables.size(); ++t) read_table(t);
  }

  void read_table(size_t t) {
    const Table& table = doc_.tables[t];
    size_t ro0 = table_first_ro_[t] < order_.size() ? table_first_ro_[t] : 0;
    int n_cols = table.n_cols(), n_rows = table.n_rows();
    if (n_rows == 0) return;
    int header = std::clamp(table.header_rows, 0, n_rows);
    std::vector<Column> cols(n_cols);
    for (int c = 0; c < n_cols; ++c) {
      std::string h;
      for (int r = 0; r < std::max(header, 1); ++r) {
        h += ' ';
        h += flat(table.rows[r][c].text);
      }
      cols[c] = column_of(h);
    }
    if (header == 0) {
      // A first row that names a money column and holds no amounts is a header.
      bool named = false, figures = false;
      for (int c = 0; c < n_cols; ++c) {
        named = named || cols[c].header_money;
        figures = figures || parse_amount(flat(table.rows[0][c].text), v_, MoneyContext::column);
      }
      if (named && !figures) header = 1;
      else cols.assign(n_cols, Column{});
    }
    // Money columns: most body cells are single amounts.
    std::vector<bool> money(n_cols, false);
    for (int c = 0; c < n_cols; ++c) {
      int parsed = 0, strong = 0, filled = 0;
      for (int r = header; r < n_rows; ++r) {
        std::string text = flat(table.rows[r][c].text);
        if (text.empty() || text == "-" || text == "\u2013") continue;
        ++filled;
        std::vector<AmountMatch> m =
            find_amounts(text, v_, MoneyContext::column, cols[c].currency, cols[c].unit);
        if (auto p = parse_amount(text, v_, MoneyContext::column, cols[c].currency, cols[c].unit)) {
          ++parsed;
          if (!m.empty() && (m.front().has_currency || m.front().has_multiplier)) ++strong;
        }
      }
      money[c] = filled > 0 && ((cols[c].header_money && parsed >= 2 && parsed * 10 >= filled * 6) ||
                                (strong >= 2 && parsed * 10 >= filled * 8));
    }
    // Amount mentions of every cell.
    for (int r = 0; r < n_rows; ++r) {
      for (int c = 0; c < n_cols; ++c) {
        const Cell& cell = table.rows[r][c];
        if (cell.words.empty()) continue;
        JoinedText jt = cell_text(cell, ro0);
        bool column = money[c] && r >= header;
        std::vector<AmountMatch> found =
            column ? find_amounts(jt.text, v_, MoneyContext::column, cols[c].currency, cols[c].unit)
                   : find_amounts(jt.text, v_);
        std::string sentence = jt.text;
        if (column) {
          int lc = label_column(table, money, header, c);
          if (lc >= 0) sentence = flat(table.rows[r][lc].text) + " " + jt.text;
        }
        for (const AmountMatch& m : found)
          add_amount(m.money, jt.ro_at(m.begin), m.begin, sentence, jt.words_in(m.begin, m.end));
        if (r >= header) report_unparsed(jt.text, found, jt, 0);
      }
    }
    // Breakdowns: one per money column with a label column to its left. A total row closes a
    // breakdown: rows after it start another (a statement of groups, each with its total).
    for (int c = 0; c < n_cols; ++c) {
      if (!money[c]) continue;
      int lc = label_column(table, money, header, c);
      if (lc < 0) continue;
      FundingBreakdown fb;
      std::vector<WordRef> all;
      auto close = [&] {
        if (fb.lines.size() >= 2) {
          fb.item = item_at(ro0);
          fb.prov = provenance_of(doc_, all);
          pending_.push_back({ro0, std::move(fb)});
        }
        fb = FundingBreakdown{};
        all.clear();
      };
      for (int r = header; r < n_rows; ++r) {
        const Cell& cell = table.rows[r][c];
        std::string label = flat(table.rows[r][lc].text);
        auto m = parse_amount(flat(cell.text), v_, MoneyContext::column, cols[c].currency,
                              cols[c].unit);
        if (!m) continue;
        for (const Cell* x : {&cell, &table.rows[r][lc]})
          all.insert(all.end(), x->words.begin(), x->words.end());
        if (is_subtotal_label(label)) continue;
        if (is_total_label(label)) {
          fb.stated_total = *m;
          close();
          continue;
        }
        if (label.empty()) continue;
        FundingLine fl;
        fl.label = label;
        fl.money = *m;
        std::vector<WordRef> words = table.rows[r][lc].words;
        words.insert(words.end(), cell.words.begin(), cell.words.end());
        fl.prov = provenance_of(doc_, words);
        fb.lines.push_back(std::move(fl));
      }
      close();
    }
  }

  static int label_column(const Table& table, const std::vector<bool>& money, int header, int c) {
    for (int lc = 0; lc < c; ++lc) {
      if (money[lc]) continue;
      int letters = 0, rows = 0;
      for (int r = header; r < table.n_rows(); ++r) {
        ++rows;
        letters += has_letter(table.rows[r][lc].text);
      }
      if (rows > 0 && letters * 2 >= rows) return lc;
    }
    return -1;
  }

  // ---- context, totals, issues ----

  void finish() {
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [ro, fb] : pending_) {
      // To the cent, then whole units: "$78.80" and "$392.45" sum to 471, as their total says.
      int64_t sum_cents = 0;
      for (const FundingLine& l : fb.lines) sum_cents += in_cents(l.money);
      fb.sum = sum_cents / 100;
      // The sentence that introduces the list, and the one before it when it names a figure.
      const Sentence* s1 = nullptr;
      const Sentence* s0 = nullptr;
      for (size_t i = sentences_.size(); i-- > 0;) {
        if (sentences_[i].ro_last >= ro) continue;
        if (sentences_[i].ro_last + 6 < ro) break;
        s1 = &sentences_[i];
        if (i > 0 && !sentences_[i - 1].matches.empty() &&
            sentences_[i - 1].ro_last + 3 >= sentences_[i].ro_first &&
            item_at(sentences_[i - 1].ro_last) == item_at(sentences_[i].ro_last))
          s0 = &sentences_[i - 1];
        break;
      }
      if (s1) fb.context = s0 ? s0->text + " " + s1->text : s1->text;
      if (!fb.stated_total) {
        std::vector<std::pair<const Sentence*, const AmountMatch*>> cands;
        for (const Sentence* s : {s0, s1})
          if (s)
            for (const AmountMatch& m : s->matches) cands.push_back({s, &m});
        for (const auto& [s, m] : cands)
          if (m->money.amount == fb.sum && !fb.stated_total) fb.stated_total = m->money;
        if (!fb.stated_total) {
          const AmountMatch* best = nullptr;
          for (const auto& [s, m] : cands) {
            std::string t = lower(s->text);
            bool phrase = false;
            for (const std::string& p : v_.total_phrases) phrase = phrase || contains_phrase(t, p);
            if (phrase && (!best || m->money.amount > best->money.amount)) best = m;
          }
          if (best) fb.stated_total = best->money;
        }
      }
      if (fb.stated_total) {
        int64_t diff = sum_cents - in_cents(*fb.stated_total);
        fb.consistent = std::llabs(diff) <= o_.total_tolerance * 100;
        if (!*fb.consistent) {
          int page = fb.prov.empty() ? 0 : fb.prov.front().page;
          ctx_.issue("FUNDING_TOTAL_MISMATCH", "warning",
                     "stated total " + money_text(*fb.stated_total) + " but lines sum to " +
                         cents_text(sum_cents) + " (difference " + cents_text(std::llabs(diff)) +
                         ")",
                     page);
        }
      }
      doc_.funding.push_back(std::move(fb));
    }
    std::stable_sort(amounts_.begin(), amounts_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [k, a] : amounts_) doc_.amounts.push_back(std::move(a));
  }

  Document& doc_;
  StageContext& ctx_;
  const MoneyOptions& o_;
  const MoneyVocab& v_;
  std::vector<LineRef> order_;
  std::map<LineKey, std::string> item_of_line_;
  std::map<LineKey, size_t> ro_of_line_;
  std::vector<bool> in_table_;
  std::vector<size_t> table_first_ro_;
  std::vector<std::pair<std::pair<size_t, size_t>, Amount>> amounts_;
  std::vector<std::optional<Entry>> cand_;
  std::vector<bool> used_;
  std::vector<std::pair<size_t, FundingBreakdown>> pending_;
  std::vector<Sentence> sentences_;
  std::map<std::pair<uint32_t, uint32_t>, size_t> ro_of_word_;
};

}  // namespace

Result<void> MoneyStage::run(Document& doc, StageContext& ctx) {
  MoneyVocab vocab = MoneyVocab::from_json(ctx.vocab("money"));
  MoneyRun(doc, ctx, options_, vocab).run();
  return {};
}

}  // namespace agendapack
