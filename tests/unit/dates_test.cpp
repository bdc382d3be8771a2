// Dates, times and months in the forms councils print them.
#include <gtest/gtest.h>

#include "pipeline/dates.h"

namespace agendapack {
namespace {

using Opt = std::optional<std::string>;

TEST(Dates, DayMonthYearForms) {
  EXPECT_EQ(parse_date("MONDAY 18 SEPTEMBER 2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("23 April 2018"), Opt("2018-04-23"));
  EXPECT_EQ(parse_date("Tuesday 4th June 2019 10.00 am"), Opt("2019-06-04"));
  EXPECT_EQ(parse_date("18th September, 2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("held on Wednesday, 1st of March 2017"), Opt("2017-03-01"));
  EXPECT_EQ(parse_date("18 Sept 2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("Thurs 18 Sep. 2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("18-Sep-2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("18-Sep-17"), Opt("2017-09-18"));
}

TEST(Dates, MonthDayYearForms) {
  EXPECT_EQ(parse_date("September 18, 2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("Monday, September 18, 2017 at 6:30 PM"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("Sept. 18th 2017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("JANUARY 7, 2020"), Opt("2020-01-07"));
}

TEST(Dates, NumericFormsAreDayFirst) {
  EXPECT_EQ(parse_date("04/06/2019"), Opt("2019-06-04"));
  EXPECT_EQ(parse_date("Date: 4.6.19"), Opt("2019-06-04"));
  EXPECT_EQ(parse_date("04-06-2019"), Opt("2019-06-04"));
  EXPECT_EQ(parse_date("2019-06-04"), Opt("2019-06-04"));
  EXPECT_EQ(parse_date("31/12/2018"), Opt("2018-12-31"));
}

TEST(Dates, RejectsNonDates) {
  EXPECT_EQ(parse_date("31 June 2018"), std::nullopt);
  EXPECT_EQ(parse_date("29 February 2018"), std::nullopt);
  EXPECT_EQ(parse_date("29 February 2020"), Opt("2020-02-29"));
  EXPECT_EQ(parse_date("section 1.2.3.4 of the report"), std::nullopt);
  EXPECT_EQ(parse_date("13/13/2019"), std::nullopt);
  EXPECT_EQ(parse_date("May the committee agree"), std::nullopt);
  EXPECT_EQ(parse_date("June 2018"), std::nullopt);
}

TEST(Dates, FindDatesGivesOffsets) {
  std::string s = "Meeting on Monday 18 September 2017; next meeting 23/10/2017.";
  auto all = find_dates(s);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].iso, "2017-09-18");
  EXPECT_EQ(s.substr(all[0].begin, all[0].end - all[0].begin), "Monday 18 September 2017");
  EXPECT_EQ(all[1].iso, "2017-10-23");
  EXPECT_EQ(s.substr(all[1].begin, all[1].end - all[1].begin), "23/10/2017");
}

TEST(Dates, TypographicSpacesAndDashes) {
  EXPECT_EQ(parse_date("18\u00a0September\u00a02017"), Opt("2017-09-18"));
  EXPECT_EQ(parse_date("18\u2013Sep\u20132017"), Opt("2017-09-18"));
}

TEST(Times, Forms) {
  EXPECT_EQ(parse_time("10.30 am"), Opt("10:30"));
  EXPECT_EQ(parse_time("10:30am"), Opt("10:30"));
  EXPECT_EQ(parse_time("6:30pm"), Opt("18:30"));
  EXPECT_EQ(parse_time("6pm"), Opt("18:00"));
  EXPECT_EQ(parse_time("7 p.m."), Opt("19:00"));
  EXPECT_EQ(parse_time("14:30"), Opt("14:30"));
  EXPECT_EQ(parse_time("10.00 a.m."), Opt("10:00"));
  EXPECT_EQ(parse_time("10.00 A.M"), Opt("10:00"));
  EXPECT_EQ(parse_time("noon"), Opt("12:00"));
  EXPECT_EQ(parse_time("12 noon"), Opt("12:00"));
  EXPECT_EQ(parse_time("12.00 noon"), Opt("12:00"));
  EXPECT_EQ(parse_time("12.15 pm"), Opt("12:15"));
  EXPECT_EQ(parse_time("12.15 am"), Opt("00:15"));
  EXPECT_EQ(parse_time("1430 hrs"), Opt("14:30"));
  EXPECT_EQ(parse_time("Time: 10.30"), Opt("10:30"));
  EXPECT_EQ(parse_time("The meeting concluded at 10.25 am."), Opt("10:25"));
}

TEST(Times, RejectsNonTimes) {
  EXPECT_EQ(parse_time("£10.30"), std::nullopt);
  EXPECT_EQ(parse_time("3.5 million"), std::nullopt);
  EXPECT_EQ(parse_time("paragraph 3.10.30"), std::nullopt);
  EXPECT_EQ(parse_time("18.09.17"), std::nullopt);
  EXPECT_EQ(parse_time("13 pm"), std::nullopt);
  EXPECT_EQ(parse_time("25:10"), std::nullopt);
  EXPECT_EQ(parse_time("I am here"), std::nullopt);
}

TEST(Times, FindTimesRange) {
  std::string s = "Tuesday 4th June 2019 10.30 am to 11.30 am";
  auto all = find_times(s);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].hhmm, "10:30");
  EXPECT_EQ(all[1].hhmm, "11:30");
  EXPECT_EQ(s.substr(all[1].begin, all[1].end - all[1].begin), "11.30 am");
}

TEST(Months, Forms) {
  EXPECT_EQ(parse_month("June 2018"), Opt("2018-06"));
  EXPECT_EQ(parse_month("Jun-18"), Opt("2018-06"));
  EXPECT_EQ(parse_month("06/2018"), Opt("2018-06"));
  EXPECT_EQ(parse_month("end of June 2018"), Opt("2018-06"));
  EXPECT_EQ(parse_month("2018-06"), Opt("2018-06"));
  EXPECT_EQ(parse_month("September, 2019"), Opt("2019-09"));
}

TEST(Months, AmbiguousGivesNothing) {
  EXPECT_EQ(parse_month("Q2 2018"), std::nullopt);
  EXPECT_EQ(parse_month("Spring 2018"), std::nullopt);
  EXPECT_EQ(parse_month("2018/19"), std::nullopt);
  EXPECT_EQ(parse_month("ongoing"), std::nullopt);
  EXPECT_EQ(parse_month("30 June 2018"), std::nullopt);  // a full date: parse_date's
  EXPECT_EQ(parse_month("May"), std::nullopt);
}

TEST(Names, MonthsAndWeekdays) {
  EXPECT_EQ(month_number("Sept."), 9);
  EXPECT_EQ(month_number("DEC"), 12);
  EXPECT_EQ(month_number("Ma"), std::nullopt);
  EXPECT_EQ(month_number("Mayor"), std::nullopt);
  EXPECT_TRUE(is_weekday("TUES"));
  EXPECT_TRUE(is_weekday("Thursday"));
  EXPECT_FALSE(is_weekday("Sunny"));
}

}  // namespace
}  // namespace agendapack
