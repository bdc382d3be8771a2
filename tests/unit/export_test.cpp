// The export's pieces that need no catalog: names taken apart by the vocabularies, numbering a
// set from what was printed, CSV fields.
#include <gtest/gtest.h>

#include "pipeline/export/csv.h"
#include "pipeline/export/people.h"
#include "pipeline/export/tracker.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {
namespace {

using facts::parse_name;

const facts::NameVocab& vocab() {
  static const facts::NameVocab v = facts::NameVocab::from(test_config());
  return v;
}

TEST(ExportPeople, HonorificsInitialsAndRolesAreNotTheName) {
  auto a = parse_name("Cllr Martin Tett (Chairman)", vocab());
  EXPECT_EQ(a.surname, "Tett");
  EXPECT_EQ(a.forename, "Martin");
  EXPECT_EQ(a.initials, "M");
  EXPECT_EQ(a.key(), "tett|martin");
  auto b = parse_name("Councillor M. Tett", vocab());
  EXPECT_EQ(b.forename, "");
  EXPECT_EQ(b.initials, "M");
  EXPECT_EQ(b.key(), "tett|m");
  auto c = parse_name("MR J.R. HARTLEY MBE", vocab());
  EXPECT_EQ(c.surname, "Hartley");
  EXPECT_EQ(c.initials, "JR");
  EXPECT_EQ(c.title_class, "male");
  auto d = parse_name("Mrs Anna van der Berg - Cabinet Member for Health", vocab());
  EXPECT_EQ(d.surname, "van der Berg");
  EXPECT_EQ(d.forename, "Anna");
  EXPECT_EQ(d.title_class, "female");
  EXPECT_EQ(d.display(), "Anna van der Berg");
  EXPECT_TRUE(parse_name("The Chairman", vocab()).surname.empty());
  EXPECT_TRUE(parse_name("", vocab()).surname.empty());
}

TEST(ExportTracker, PrintedNumbersInOrderAreKeptAndAMisprintTakesItsGap) {
  using V = std::vector<std::optional<int>>;
  // 3 and 4 merged, the seventh misprinted "2".
  EXPECT_EQ(facts::numbers_from_printed(V{1, 2, 3, 5, 6, 2, 8}, {1, 2, 3, 4, 5, 6, 7}),
            (std::vector<int>{1, 2, 3, 5, 6, 7, 8}));
  // A monitoring set of 6-8 stays 6-8.
  EXPECT_EQ(facts::numbers_from_printed(V{6, 7, 8}, {1, 2, 3}), (std::vector<int>{6, 7, 8}));
  // A typo in the middle ("9" where 3 belongs), and nothing printed at all.
  EXPECT_EQ(facts::numbers_from_printed(V{1, 2, 9, 4}, {1, 2, 3, 4}),
            (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(facts::numbers_from_printed(V{std::nullopt, std::nullopt}, {1, 2}),
            (std::vector<int>{1, 2}));
  // No gap for a misprint: the converter's position stands.
  EXPECT_EQ(facts::numbers_from_printed(V{1, 2, 1, 3}, {1, 2, 3, 4}),
            (std::vector<int>{1, 2, 3, 3}));
}

TEST(ExportCsv, FieldsAreQuotedOnlyWhenRfc4180SaysSo) {
  EXPECT_EQ(facts::csv_field("plain"), "plain");
  EXPECT_EQ(facts::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(facts::csv_field("say \"yes\""), "\"say \"\"yes\"\"\"");
  EXPECT_EQ(facts::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(facts::csv_field(""), "");
}

}  // namespace
}  // namespace agendapack::test
