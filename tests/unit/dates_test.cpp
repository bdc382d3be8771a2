// Dates, times and months in the forms councils print them.
#include <gtest/gtest.h>

#include "pipeline/dates.h"
#include "tests/unit/test_util.h"

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

// The Welsh words of config/vocab/dates.json: months (with their mutated forms), ordinal
// endings, "Dydd" weekdays and yb/yh.
const DateWords& welsh() {
  static const DateWords w = DateWords::from_json(test::test_config().vocab("dates"));
  return w;
}

TEST(Dates, WelshFormsFromTheVocabulary) {
  EXPECT_EQ(parse_date("CYFARFOD 7fed RHAGFYR 2016", welsh()), Opt("2016-12-07"));
  EXPECT_EQ(parse_date("CYFARFOD 11eg EBRILL 2018", welsh()), Opt("2018-04-11"));
  EXPECT_EQ(parse_date("ar yr 8fed Mai 2019 yn yr Ystafell", welsh()), Opt("2019-05-08"));
  EXPECT_EQ(parse_date("Dydd Mercher 1af Mawrth 2017", welsh()), Opt("2017-03-01"));
  EXPECT_EQ(parse_date("21ain Mehefin 2023", welsh()), Opt("2023-06-21"));
  EXPECT_EQ(parse_date("o Fawrth 3ydd 2021", welsh()), Opt("2021-03-03"));
  // Without the vocabulary the Welsh month is no month; English needs none.
  EXPECT_EQ(parse_date("CYFARFOD 7fed RHAGFYR 2016"), std::nullopt);
  EXPECT_EQ(parse_date("MEETING 11th JULY 2018", welsh()), Opt("2018-07-11"));
  // "Mawrth" alone is March; after "Dydd" it is Tuesday.
  auto all = find_dates("Dydd Mawrth 7fed Mawrth 2017", welsh());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].iso, "2017-03-07");
  EXPECT_EQ(all[0].begin, 0u);
}

TEST(Dates, SuperscriptSuffixSetApart) {
  // pdftotext and the layout give a raised "th" as a word of its own.
  EXPECT_EQ(parse_date("MEETING 11 th NOVEMBER 2015"), Opt("2015-11-11"));
  EXPECT_EQ(parse_date("held on March 12 th, 2024"), Opt("2024-03-12"));
  EXPECT_EQ(parse_date("CYFARFOD 11 eg EBRILL 2018", welsh()), Opt("2018-04-11"));
  EXPECT_EQ(parse_date("item 11 th"), std::nullopt);
}

TEST(Dates, MonthFirstOnlyWhereDayFirstIsImpossible) {
  EXPECT_EQ(parse_date("REVISED 4/23/19"), Opt("2019-04-23"));
  EXPECT_EQ(parse_date("Minutes from 11/30/17 meeting"), Opt("2017-11-30"));
  EXPECT_EQ(parse_date("04/06/2019"), Opt("2019-06-04"));  // still day first
}

TEST(Dates, DayAndMonthWithoutAYear) {
  std::string s = "Next meeting – 9:00am Thursday, February 15th at Bistro Campagne";
  auto dm = find_day_months(s);
  ASSERT_EQ(dm.size(), 1u);
  EXPECT_EQ(dm[0].month, 2);
  EXPECT_EQ(dm[0].day, 15);
  EXPECT_EQ(s.substr(dm[0].begin, dm[0].end - dm[0].begin), "Thursday, February 15th");
  EXPECT_EQ(find_day_months("on the 7fed Rhagfyr", welsh()).size(), 1u);
  // A full date is no yearless one; a bare month is not either.
  EXPECT_TRUE(find_day_months("February 15, 2018").empty());
  EXPECT_TRUE(find_day_months("in February the Board").empty());
  // The year is the first that puts the day after the meeting.
  EXPECT_EQ(next_date_on(2, 15, "2018-01-29"), Opt("2018-02-15"));
  EXPECT_EQ(next_date_on(1, 10, "2018-12-12"), Opt("2019-01-10"));
  EXPECT_EQ(next_date_on(2, 29, "2021-03-01"), std::nullopt);
  EXPECT_EQ(next_date_on(2, 29, "2023-03-01"), Opt("2024-02-29"));
  EXPECT_EQ(next_date_on(2, 15, "no date"), std::nullopt);
}

TEST(Times, WelshMeridiems) {
  EXPECT_EQ(parse_time("am 7.30yh", welsh()), Opt("19:30"));
  EXPECT_EQ(parse_time("am 10.00 y.b.", welsh()), Opt("10:00"));
  EXPECT_EQ(parse_time("daeth y cyfarfod i ben am 9.35pm", welsh()), Opt("21:35"));
  // "am" before a time is Welsh "at", not a meridiem.
  EXPECT_EQ(parse_time("am 7.30pm ar yr 11eg Ebrill 2018", welsh()), Opt("19:30"));
  EXPECT_EQ(parse_time("7.30yh"), Opt("07:30"));  // without the vocabulary, a bare time
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
