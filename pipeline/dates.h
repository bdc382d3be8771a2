/// \file Dates, times and months as councils print them, normalised to the record contract's
/// forms: "YYYY-MM-DD", "HH:MM" (24-hour) and "YYYY-MM". English month and weekday names,
/// ordinal suffixes and meridiems are built in, so that dates parse with no configuration at
/// all; `DateWords::from_json` adds other languages' from config/vocab/dates.json (Welsh
/// "CYFARFOD 7fed RHAGFYR 2016", "7.30yh"). Numeric dates are read day first (UK).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace agendapack {

/// The words a date or time is printed with beyond the built-in English ones. Everything is
/// lower case without dots; a weekday may be two words ("dydd mercher").
struct DateWords {
  std::vector<std::pair<std::string, int>> months;  // "rhagfyr" -> 12
  std::vector<std::string> weekdays;
  std::vector<std::string> ordinal_suffixes;        // "fed" ("7fed"), "eg" ("11eg")
  std::vector<std::string> am, pm;                  // "yb", "yh" ("7.30yh", "7.30 y.h.")
  /// English alone.
  static const DateWords& english();
  /// English and the words of a vocabulary shaped like config/vocab/dates.json.
  static DateWords from_json(const nlohmann::json& vocab);
};

/// A date found inside a longer text: [begin, end) are byte offsets into that text.
struct DateMatch {
  std::string iso;  // "YYYY-MM-DD"
  size_t begin = 0, end = 0;
};

/// A time found inside a longer text: [begin, end) are byte offsets into that text.
struct TimeMatch {
  std::string hhmm;  // "HH:MM", 24-hour
  size_t begin = 0, end = 0;
};

/// A day and month printed without a year ("Thursday, February 15th", "15th February"):
/// [begin, end) are byte offsets into the text.
struct DayMonthMatch {
  int month = 0, day = 0;
  size_t begin = 0, end = 0;
};

/// 1..12 for a month name or its usual abbreviation ("September", "Sept", "sep", "SEPT.",
/// and the extra words' "Rhagfyr"), std::nullopt otherwise.
std::optional<int> month_number(std::string_view word, const DateWords& words = DateWords::english());

/// True for a weekday name or abbreviation ("Monday", "TUES", "Thu.").
bool is_weekday(std::string_view word, const DateWords& words = DateWords::english());

/// The first date in `text`, "YYYY-MM-DD": "MONDAY 18 SEPTEMBER 2017", "23 April 2018",
/// "04/06/2019" (day first), "4.6.19", "2019-06-04", "Tuesday 4th June 2019",
/// "18th September, 2017", "September 18, 2017", "Sept. 18th 2017", "11 th NOVEMBER 2015" (a
/// superscript suffix set apart), and month first only where day first is impossible
/// ("4/23/19"). Impossible dates (31 June) give std::nullopt.
std::optional<std::string> parse_date(std::string_view text,
                                      const DateWords& words = DateWords::english());

/// Every date in `text`, in order of appearance, with its offsets (a weekday printed before
/// the date is inside the match).
std::vector<DateMatch> find_dates(std::string_view text,
                                  const DateWords& words = DateWords::english());

/// Every day and month printed without a year, in order; full dates are not among them.
std::vector<DayMonthMatch> find_day_months(std::string_view text,
                                           const DateWords& words = DateWords::english());

/// The first date on or after the day after `after` ("YYYY-MM-DD") that falls on `month` and
/// `day`: the year a yearless "February 15th" most likely means. std::nullopt when no year
/// within two has that day (29 February) or `after` is no date.
std::optional<std::string> next_date_on(int month, int day, std::string_view after);

/// The first time in `text`, "HH:MM" 24-hour: "10.30 am", "10:30am", "6:30pm", "6pm",
/// "14:30", "10.00 a.m.", "noon", "12 noon", "midday", "1430 hrs". A bare "10.30" with no
/// meridiem is taken as printed (10:30). Numbers that are not times ("3.5 million") give nothing.
std::optional<std::string> parse_time(std::string_view text,
                                      const DateWords& words = DateWords::english());

/// Every time in `text`, in order, with offsets.
std::vector<TimeMatch> find_times(std::string_view text,
                                  const DateWords& words = DateWords::english());

/// A month, "YYYY-MM": "June 2018", "Jun-18", "Jun 18", "06/2018", "end of June 2018",
/// "2018-06". Quarters, seasons and financial years are ambiguous and give std::nullopt;
/// so does text holding a full date's day (use parse_date for that).
std::optional<std::string> parse_month(std::string_view text,
                                       const DateWords& words = DateWords::english());

}  // namespace agendapack
