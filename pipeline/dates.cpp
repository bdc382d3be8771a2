#include "pipeline/dates.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace agendapack {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// A token of the text: a run of letters, a run of digits (with an ordinal suffix folded in),
// or one other non-space character. Offsets are bytes into the scanned text.
enum class TokKind { word, number, punct };

struct Tok {
  TokKind kind = TokKind::punct;
  std::string text;  // lower-cased for words; digits only for numbers
  size_t begin = 0, end = 0;
  bool ordinal = false;      // "4th", "1st"
  bool space_before = true;  // whitespace (or the text's start) precedes it
  int value() const { return kind == TokKind::number ? std::stoi(text.substr(0, 9)) : -1; }
};

constexpr std::array<const char*, 4> kOrdinalSuffixes = {"st", "nd", "rd", "th"};

bool in(const std::vector<std::string>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool ordinal_suffix(std::string_view w, const DateWords& words) {
  for (std::string_view s : kOrdinalSuffixes)
    if (w == s) return true;
  return in(words.ordinal_suffixes, w);
}

// Typographic spaces and dashes councils print (NBSP, en dash, ...) are read as their ASCII kin.
std::vector<Tok> tokenize(std::string_view s, const DateWords& words) {
  std::vector<Tok> out;
  size_t i = 0;
  bool space = true;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; ++i; continue; }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      space = true; i += 2; continue;  // NBSP
    }
    Tok t;
    t.begin = i;
    t.space_before = space;
    space = false;
    if (is_alpha(s[i])) {
      t.kind = TokKind::word;
      while (i < s.size() && is_alpha(s[i])) t.text += lower(s[i++]);
    } else if (is_digit(s[i])) {
      t.kind = TokKind::number;
      while (i < s.size() && is_digit(s[i])) t.text += s[i++];
      // "4th", "7fed", "11eg": a suffix glued to the digits makes an ordinal.
      size_t e = i;
      while (e < s.size() && is_alpha(s[e])) ++e;
      if (e > i && ordinal_suffix(lowered(s.substr(i, e - i)), words)) {
        t.ordinal = true;
        i = e;
      }
    } else if (c >= 0x80) {
      // One UTF-8 sequence; en and em dashes and curly apostrophes become ASCII.
      size_t len = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
      std::string_view seq = s.substr(i, len);
      if (seq == "\u2013" || seq == "\u2014" || seq == "\u2012" || seq == "\u2010")
        t.text = "-";
      else if (seq == "\u2019" || seq == "\u2018")
        t.text = "'";
      else
        t.text = std::string(seq);
      i += len;
    } else {
      t.text = std::string(1, s[i++]);
    }
    t.end = i;
    out.push_back(std::move(t));
  }
  return out;
}

constexpr std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",
                                                 "may",     "june",     "july",      "august",
                                                 "september", "october", "november", "december"};
constexpr std::array<const char*, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in(int y, int m) {
  static constexpr std::array<int, 12> d = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && leap(y)) ? 29 : d[static_cast<size_t>(m - 1)];
}

std::optional<std::string> iso(int y, int m, int d) {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return std::nullopt;
  char buf[40];  // room for any three ints, so the compiler need not prove the ranges
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string iso_month(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return std::string(buf);
}

std::string hhmm(int h, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", h, m);
  return std::string(buf);
}

// A year as printed: four digits, or two (read as 20YY) when `two_ok`.
std::optional<int> year_of(const Tok& t, bool two_ok) {
  if (t.kind != TokKind::number || t.ordinal) return std::nullopt;
  if (t.text.size() == 4) return t.value();
  if (two_ok && t.text.size() == 2) return 2000 + t.value();
  return std::nullopt;
}

bool is_punct(const std::vector<Tok>& t, size_t i, std::string_view p) {
  return i < t.size() && t[i].kind == TokKind::punct && t[i].text == p;
}

std::optional<int> month_at(const std::vector<Tok>& t, size_t i, const DateWords& words) {
  if (i >= t.size() || t[i].kind != TokKind::word) return std::nullopt;
  return month_number(t[i].text, words);
}

// The index after a weekday at token i ("Monday", "Thu.", "Dydd Mercher"), or 0 when none.
size_t weekday_end(const std::vector<Tok>& t, size_t i, const DateWords& words) {
  if (i >= t.size() || t[i].kind != TokKind::word) return 0;
  if (is_weekday(t[i].text)) return i + 1;
  for (const std::string& wd : words.weekdays) {
    size_t j = i;
    bool match = true;
    for (size_t p = 0; match && p < wd.size();) {
      size_t sp = std::min(wd.find(' ', p), wd.size());
      match = j < t.size() && t[j].kind == TokKind::word && t[j].text == wd.substr(p, sp - p);
      ++j;
      p = sp + 1;
    }
    if (match) return j;
  }
  return 0;
}

// A suffix printed apart from its day, as a superscript is extracted: "11 th NOVEMBER".
bool loose_suffix(const std::vector<Tok>& t, size_t i, const DateWords& words) {
  return i < t.size() && t[i].kind == TokKind::word && ordinal_suffix(t[i].text, words);
}

// A day number: 1..31, one or two digits, ordinal or not.
bool day_like(const Tok& t) {
  return t.kind == TokKind::number && t.text.size() <= 2 && t.value() >= 1 && t.value() <= 31;
}

// Skips a month's abbreviation dot ("Sept.") and returns the next index.
size_t after_month(const std::vector<Tok>& t, size_t i) {
  return is_punct(t, i + 1, ".") && !t[i + 1].space_before ? i + 2 : i + 1;
}

// The text continues a number ("18.2017.5", "1/2/3/4") at token i: the match would cut it.
bool continues_number(const std::vector<Tok>& t, size_t i) {
  return i + 1 < t.size() && t[i].kind == TokKind::punct && !t[i].space_before &&
         (t[i].text == "/" || t[i].text == "." || t[i].text == "-") &&
         t[i + 1].kind == TokKind::number && !t[i + 1].space_before;
}

struct Hit {
  std::string value;
  size_t first = 0, last = 0;  // token range [first, last)
};

// A date starting at token i (the weekday, if any, already skipped).
std::optional<Hit> date_at(const std::vector<Tok>& t, size_t i, const DateWords& words) {
  const size_t n = t.size();
  if (i >= n) return std::nullopt;
  // Day Month [,] Year: "18 September 2017", "4th of June, 2019", "18-Sep-2017".
  if (day_like(t[i])) {
    size_t j = i + 1;
    bool dashed = false;
    if (!t[i].ordinal && loose_suffix(t, j, words) && month_at(t, j + 1, words)) ++j;
    if (is_punct(t, j, "-") || is_punct(t, j, "/")) { dashed = true; ++j; }
    if (j < n && t[j].kind == TokKind::word && t[j].text == "of") ++j;
    if (auto m = month_at(t, j, words)) {
      size_t k = after_month(t, j);
      if (dashed && (is_punct(t, k, "-") || is_punct(t, k, "/"))) ++k;
      else if (is_punct(t, k, ",")) ++k;
      if (k < n) {
        if (auto y = year_of(t[k], dashed)) {
          if (auto v = iso(*y, *m, t[i].value())) return Hit{*v, i, k + 1};
        }
      }
    }
  }
  // Month Day [,] Year: "September 18, 2017", "Sept. 18th 2017".
  if (auto m = month_at(t, i, words)) {
    size_t j = after_month(t, i);
    if (j < n && day_like(t[j])) {
      size_t k = j + 1;
      if (!t[j].ordinal && loose_suffix(t, k, words)) ++k;
      if (is_punct(t, k, ",")) ++k;
      if (k < n) {
        if (auto y = year_of(t[k], false)) {
          if (auto v = iso(*y, *m, t[j].value())) return Hit{*v, i, k + 1};
        }
      }
    }
  }
  // Numeric: "04/06/2019", "4.6.19", "04-06-2019" (day first) and ISO "2019-06-04".
  if (t[i].kind == TokKind::number && !t[i].ordinal && i + 4 < n) {
    const Tok& sep = t[i + 1];
    if (sep.kind == TokKind::punct && (sep.text == "/" || sep.text == "." || sep.text == "-") &&
        !sep.space_before && t[i + 2].kind == TokKind::number && !t[i + 2].space_before &&
        is_punct(t, i + 3, sep.text) && !t[i + 3].space_before &&
        t[i + 4].kind == TokKind::number && !t[i + 4].space_before && !t[i + 4].ordinal &&
        !continues_number(t, i + 5)) {
      // A number before us joined by the same separator ("1.2.3.4") is not a date.
      bool preceded = i >= 2 && !t[i].space_before && t[i - 1].kind == TokKind::punct &&
                      t[i - 2].kind == TokKind::number;
      if (!preceded) {
        if (t[i].text.size() == 4 && sep.text == "-" && t[i + 2].text.size() <= 2 &&
            t[i + 4].text.size() <= 2) {
          if (auto v = iso(t[i].value(), t[i + 2].value(), t[i + 4].value()))
            return Hit{*v, i, i + 5};
        } else if (t[i].text.size() <= 2 && t[i + 2].text.size() <= 2) {
          if (auto y = year_of(t[i + 4], true)) {
            if (auto v = iso(*y, t[i + 2].value(), t[i].value())) return Hit{*v, i, i + 5};
            // "4/23/19" has no 23rd month: a US date, month first.
            if (t[i + 2].value() > 12)
              if (auto v = iso(*y, t[i].value(), t[i + 2].value())) return Hit{*v, i, i + 5};
          }
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<Hit> date_with_weekday_at(const std::vector<Tok>& t, size_t i,
                                        const DateWords& words) {
  if (size_t j = weekday_end(t, i, words)) {
    if (is_punct(t, j, ".") && !t[j].space_before) ++j;
    if (is_punct(t, j, ",")) ++j;
    if (auto h = date_at(t, j, words)) {
      h->first = i;
      return h;
    }
    return std::nullopt;
  }
  return date_at(t, i, words);
}

// 'a' or 'p' for a meridiem word without its dots ("am", "pm", the extra words' "yh").
char meridiem_kind(std::string_view w, const DateWords& words) {
  if (w == "am" || in(words.am, w)) return 'a';
  if (w == "pm" || in(words.pm, w)) return 'p';
  return 0;
}

// A meridiem at token i: "am", "pm", "a.m.", "p.m", "A.M.", "yh", "y.h." Returns 'a' or 'p'
// and the next index.
std::optional<std::pair<char, size_t>> meridiem_at(const std::vector<Tok>& t, size_t i,
                                                   const DateWords& words) {
  if (i >= t.size() || t[i].kind != TokKind::word) return std::nullopt;
  const std::string& w = t[i].text;
  if (char k = meridiem_kind(w, words)) {
    size_t j = i + 1;
    if (is_punct(t, j, ".") && !t[j].space_before &&
        !(j + 1 < t.size() && t[j + 1].kind == TokKind::word && !t[j + 1].space_before))
      ++j;
    return std::make_pair(k, j);
  }
  // Letters with dots between them: "a.m.", "y.h."
  if (w.size() == 1 && is_punct(t, i + 1, ".") && !t[i + 1].space_before && i + 2 < t.size() &&
      t[i + 2].kind == TokKind::word && t[i + 2].text.size() == 1 && !t[i + 2].space_before) {
    if (char k = meridiem_kind(w + t[i + 2].text, words)) {
      size_t j = i + 3;
      if (is_punct(t, j, ".") && !t[j].space_before) ++j;
      return std::make_pair(k, j);
    }
  }
  return std::nullopt;
}

std::optional<int> apply_meridiem(int h, char mer) {
  if (h < 1 || h > 12) return std::nullopt;
  if (mer == 'p') return h == 12 ? 12 : h + 12;
  return h == 12 ? 0 : h;
}

bool is_noon(const Tok& t) {
  return t.kind == TokKind::word && (t.text == "noon" || t.text == "midday");
}

std::optional<Hit> time_at(const std::vector<Tok>& t, size_t i, const DateWords& words) {
  const size_t n = t.size();
  if (is_noon(t[i])) return Hit{"12:00", i, i + 1};
  if (t[i].kind != TokKind::number || t[i].ordinal) return std::nullopt;
  // A number glued to a preceding number or currency ("£10.30", "3.10.30") is not a time.
  if (i > 0 && !t[i].space_before &&
      (t[i - 1].kind == TokKind::number ||
       (t[i - 1].kind == TokKind::punct &&
        (t[i - 1].text == "." || t[i - 1].text == "/" || t[i - 1].text == "\u00a3" ||
         t[i - 1].text == "$" || t[i - 1].text == "\u20ac" || t[i - 1].text == ","))))
    return std::nullopt;
  const Tok& h = t[i];
  // "1430 hrs", "0930hrs"
  if (h.text.size() == 4 && i + 1 < n && t[i + 1].kind == TokKind::word &&
      (t[i + 1].text == "hrs" || t[i + 1].text == "hours" || t[i + 1].text == "h")) {
    int hh = h.value() / 100, mm = h.value() % 100;
    if (hh <= 23 && mm <= 59) return Hit{hhmm(hh, mm), i, i + 2};
    return std::nullopt;
  }
  if (h.text.size() > 2) return std::nullopt;
  int hh = h.value();
  // H[.:]MM [meridiem]
  if (i + 2 < n && t[i + 1].kind == TokKind::punct &&
      (t[i + 1].text == ":" || t[i + 1].text == ".") && !t[i + 1].space_before &&
      t[i + 2].kind == TokKind::number && !t[i + 2].space_before && t[i + 2].text.size() == 2 &&
      !t[i + 2].ordinal && !continues_number(t, i + 3)) {
    int mm = t[i + 2].value();
    if (mm > 59) return std::nullopt;
    if (auto mer = meridiem_at(t, i + 3, words)) {
      if (auto h24 = apply_meridiem(hh, mer->first)) return Hit{hhmm(*h24, mm), i, mer->second};
      return std::nullopt;
    }
    size_t end = i + 3;
    if (end < n && is_noon(t[end]) && hh == 12) return Hit{"12:00", i, end + 1};
    if (end < n && t[end].kind == TokKind::word &&
        (t[end].text == "hrs" || t[end].text == "hours" || t[end].text == "h"))
      ++end;
    if (hh <= 23) return Hit{hhmm(hh, mm), i, end};
    return std::nullopt;
  }
  // H meridiem: "6pm", "6 p.m."; "12 noon"
  if (auto mer = meridiem_at(t, i + 1, words)) {
    if (auto h24 = apply_meridiem(hh, mer->first)) return Hit{hhmm(*h24, 0), i, mer->second};
    return std::nullopt;
  }
  if (hh == 12 && i + 1 < n && is_noon(t[i + 1])) return Hit{"12:00", i, i + 2};
  return std::nullopt;
}

// A day and month at token i with no year after them: "February 15th", "15th February",
// "Thursday, 15 Feb". Returns the month, the day and the token range.
std::optional<std::pair<DayMonthMatch, std::pair<size_t, size_t>>> day_month_at(
    const std::vector<Tok>& t, size_t i, const DateWords& words) {
  size_t first = i;
  if (size_t j = weekday_end(t, i, words)) {
    i = j;
    if (is_punct(t, i, ".") && !t[i].space_before) ++i;
    if (is_punct(t, i, ",")) ++i;
  }
  if (i >= t.size()) return std::nullopt;
  DayMonthMatch m;
  size_t last = 0;
  if (day_like(t[i])) {
    size_t j = i + 1;
    if (!t[i].ordinal && loose_suffix(t, j, words)) ++j;
    if (j < t.size() && t[j].kind == TokKind::word && t[j].text == "of") ++j;
    if (auto mo = month_at(t, j, words)) {
      m.month = *mo;
      m.day = t[i].value();
      last = after_month(t, j);
    }
  }
  if (!m.month) {
    if (auto mo = month_at(t, i, words)) {
      size_t j = after_month(t, i);
      if (j < t.size() && day_like(t[j]) && !continues_number(t, j + 1)) {
        m.month = *mo;
        m.day = t[j].value();
        last = j + 1;
        if (!t[j].ordinal && loose_suffix(t, last, words)) ++last;
      }
    }
  }
  if (!m.month || m.day > days_in(2000, m.month)) return std::nullopt;  // 2000: 29 Feb exists
  return std::make_pair(m, std::make_pair(first, last));
}

}  // namespace

const DateWords& DateWords::english() {
  static const DateWords kEnglish;
  return kEnglish;
}

DateWords DateWords::from_json(const nlohmann::json& vocab) {
  DateWords w;
  auto list = [&](const char* key, std::vector<std::string>& out) {
    auto it = vocab.find(key);
    if (it == vocab.end() || !it->is_array()) return;
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(lowered(v.get<std::string>()));
  };
  if (!vocab.is_object()) return w;
  if (auto it = vocab.find("months"); it != vocab.end() && it->is_object())
    for (const auto& [name, number] : it->items())
      if (number.is_number_integer() && number.get<int>() >= 1 && number.get<int>() <= 12)
        w.months.emplace_back(lowered(name), number.get<int>());
  list("weekdays", w.weekdays);
  list("ordinal_suffixes", w.ordinal_suffixes);
  list("am", w.am);
  list("pm", w.pm);
  // Longest first, so that "dydd mercher" is tried before a one-word weekday.
  std::stable_sort(w.weekdays.begin(), w.weekdays.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return w;
}

std::optional<int> month_number(std::string_view word, const DateWords& words) {
  std::string w = lowered(word);
  while (!w.empty() && w.back() == '.') w.pop_back();
  for (const auto& [name, number] : words.months)
    if (w == name) return number;
  if (w.size() < 3) return std::nullopt;
  if (w == "sept") return 9;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    std::string_view full = kMonths[m];
    if (w == full || (w.size() == 3 && full.substr(0, 3) == w)) return static_cast<int>(m) + 1;
  }
  return std::nullopt;
}

bool is_weekday(std::string_view word, const DateWords& words) {
  std::string w = lowered(word);
  if (in(words.weekdays, w)) return true;
  while (!w.empty() && w.back() == '.') w.pop_back();
  if (w.size() < 3) return false;
  for (std::string_view full : kWeekdays) {
    if (w == full) return true;
    if (w.size() <= 5 && full.substr(0, w.size()) == w &&
        (w.size() == 3 || w == "tues" || w == "thur" || w == "thurs" || w == "weds"))
      return true;
  }
  return w == "weds";
}

std::vector<DateMatch> find_dates(std::string_view text, const DateWords& words) {
  std::vector<DateMatch> out;
  std::vector<Tok> t = tokenize(text, words);
  for (size_t i = 0; i < t.size();) {
    if (auto h = date_with_weekday_at(t, i, words)) {
      out.push_back({h->value, t[h->first].begin, t[h->last - 1].end});
      i = h->last;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<std::string> parse_date(std::string_view text, const DateWords& words) {
  auto all = find_dates(text, words);
  if (all.empty()) return std::nullopt;
  return all.front().iso;
}

std::vector<TimeMatch> find_times(std::string_view text, const DateWords& words) {
  std::vector<TimeMatch> out;
  std::vector<Tok> t = tokenize(text, words);
  for (size_t i = 0; i < t.size();) {
    // Parts of a date ("18.09.17") are never times.
    if (auto d = date_at(t, i, words)) { i = d->last; continue; }
    if (auto h = time_at(t, i, words)) {
      out.push_back({h->value, t[h->first].begin, t[h->last - 1].end});
      i = h->last;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<std::string> parse_time(std::string_view text, const DateWords& words) {
  auto all = find_times(text, words);
  if (all.empty()) return std::nullopt;
  return all.front().hhmm;
}

std::vector<DayMonthMatch> find_day_months(std::string_view text, const DateWords& words) {
  std::vector<DayMonthMatch> out;
  std::vector<Tok> t = tokenize(text, words);
  for (size_t i = 0; i < t.size();) {
    if (auto d = date_with_weekday_at(t, i, words)) {
      i = d->last;
      continue;
    }
    if (auto dm = day_month_at(t, i, words)) {
      auto [m, range] = *dm;
      m.begin = t[range.first].begin;
      m.end = t[range.second - 1].end;
      out.push_back(m);
      i = range.second;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<std::string> next_date_on(int month, int day, std::string_view after) {
  int y = 0, m = 0, d = 0;
  if (after.size() != 10 || std::sscanf(std::string(after).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
    return std::nullopt;
  for (int year = y; year <= y + 2; ++year) {
    auto v = iso(year, month, day);
    if (v && *v > after) return v;
  }
  return std::nullopt;
}

std::optional<std::string> parse_month(std::string_view text, const DateWords& words) {
  if (!find_dates(text, words).empty()) return std::nullopt;
  std::vector<Tok> t = tokenize(text, words);
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    if (auto m = month_at(t, i, words)) {
      size_t j = after_month(t, i);
      // "June 2018", "June, 2018"
      size_t k = j;
      if (is_punct(t, k, ",")) ++k;
      if (k < n) {
        if (auto y = year_of(t[k], false)) {
          if (*y >= 1900 && *y <= 2199) return iso_month(*y, *m);
        }
      }
      // "Jun-18", "Jun '18", "Jun/18"
      if (j + 1 < n && (is_punct(t, j, "-") || is_punct(t, j, "'") || is_punct(t, j, "/")) &&
          t[j + 1].kind == TokKind::number && t[j + 1].text.size() == 2 && !t[j + 1].ordinal &&
          !t[j + 1].space_before)
        return iso_month(2000 + t[j + 1].value(), *m);
    }
    // "06/2018", "6/2018", "2018-06"
    if (t[i].kind == TokKind::number && !t[i].ordinal && i + 2 < n &&
        t[i + 1].kind == TokKind::punct && !t[i + 1].space_before &&
        (t[i + 1].text == "/" || t[i + 1].text == "-" || t[i + 1].text == ".") &&
        t[i + 2].kind == TokKind::number && !t[i + 2].space_before && !t[i + 2].ordinal &&
        !continues_number(t, i + 3) &&
        !(i >= 1 && !t[i].space_before && t[i - 1].kind == TokKind::punct)) {
      int a = t[i].value(), b = t[i + 2].value();
      if (t[i].text.size() <= 2 && t[i + 2].text.size() == 4 && a >= 1 && a <= 12 &&
          t[i + 1].text == "/")
        return iso_month(b, a);
      if (t[i].text.size() == 4 && t[i + 2].text.size() == 2 && b >= 1 && b <= 12 &&
          t[i + 1].text == "-" && a >= 1900 && a <= 2199)
        return iso_month(a, b);
    }
  }
  return std::nullopt;
}

}  // namespace agendapack
