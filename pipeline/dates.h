/// \file Dates, times and months as councils print them, normalised to the record contract's
/// forms: "YYYY-MM-DD", "HH:MM" (24-hour) and "YYYY-MM". Month and weekday names are a closed
/// set of English words, not council wording, so they live here rather than in config: dates
/// must parse with no configuration at all. Numeric dates are read day first (UK).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendapack {

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

/// 1..12 for a month name or its usual abbreviation ("September", "Sept", "sep", "SEPT."),
/// std::nullopt otherwise.
std::optional<int> month_number(std::string_view word);

/// True for a weekday name or abbreviation ("Monday", "TUES", "Thu.").
bool is_weekday(std::string_view word);

/// The first date in `text`, "YYYY-MM-DD": "MONDAY 18 SEPTEMBER 2017", "23 April 2018",
/// "04/06/2019" (day first), "4.6.19", "2019-06-04", "Tuesday 4th June 2019",
/// "18th September, 2017", "September 18, 2017", "Sept. 18th 2017". Impossible dates
/// (31 June) give std::nullopt.
std::optional<std::string> parse_date(std::string_view text);

/// Every date in `text`, in order of appearance, with its offsets (a weekday printed before
/// the date is inside the match).
std::vector<DateMatch> find_dates(std::string_view text);

/// The first time in `text`, "HH:MM" 24-hour: "10.30 am", "10:30am", "6:30pm", "6pm",
/// "14:30", "10.00 a.m.", "noon", "12 noon", "midday", "1430 hrs". A bare "10.30" with no
/// meridiem is taken as printed (10:30). Numbers that are not times ("3.5 million") give nothing.
std::optional<std::string> parse_time(std::string_view text);

/// Every time in `text`, in order, with offsets.
std::vector<TimeMatch> find_times(std::string_view text);

/// A month, "YYYY-MM": "June 2018", "Jun-18", "Jun 18", "06/2018", "end of June 2018",
/// "2018-06". Quarters, seasons and financial years are ambiguous and give std::nullopt;
/// so does text holding a full date's day (use parse_date for that).
std::optional<std::string> parse_month(std::string_view text);

}  // namespace agendapack
