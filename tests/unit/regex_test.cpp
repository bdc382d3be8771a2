#include "pipeline/regex.h"

#include <gtest/gtest.h>

namespace agendapack {
namespace {

TEST(Regex, SearchPrefixAndWholeMatchDiffer) {
  Regex re("(\\d{1,3})\\.");
  EXPECT_TRUE(re.search("Item 12. Budget"));
  EXPECT_FALSE(re.match_prefix("Item 12. Budget"));
  EXPECT_TRUE(re.match_prefix("12. Budget"));
  EXPECT_FALSE(re.match("12. Budget"));
  EXPECT_TRUE(re.match("12."));
  // The whole subject, with backtracking: "a+" must give one back for the "a" after it.
  EXPECT_TRUE(Regex("a+a").match("aaa"));
}

TEST(Regex, GroupsPositionsAndSuffix) {
  Regex re("^(\\d+)\\s*(?:(x)|-)\\s*(.*)$");
  RegexMatch m;
  ASSERT_TRUE(re.match("14 - Minutes of the last meeting", &m));
  EXPECT_EQ(m.str(1), "14");
  EXPECT_FALSE(m[2].matched);
  EXPECT_EQ(m[2].str(), "");
  EXPECT_EQ(m[3].str(), "Minutes of the last meeting");
  EXPECT_EQ(m.position(3), 5u);
  EXPECT_EQ(m.length(3), 27u);

  RegexMatch p;
  ASSERT_TRUE(Regex("resolved\\s*:?", Regex::kIcase).match_prefix("RESOLVED: that the plan", &p));
  EXPECT_EQ(p.suffix(), " that the plan");
  EXPECT_EQ(p.prefix(), "");
}

TEST(Regex, CaseFoldingIsOptInAndCoversAccentedLetters) {
  EXPECT_FALSE(Regex("apologies").search("APOLOGIES"));
  EXPECT_TRUE(Regex("apologies", Regex::kIcase).search("APOLOGIES"));
  // Welsh: "Cofnodion" headings in capitals, with a circumflex.
  EXPECT_TRUE(Regex("ŵ", Regex::kIcase).search("CYFARFOD Ŵ"));
  // The shorthand classes stay ASCII.
  EXPECT_FALSE(Regex("^\\w$").match("é"));
  EXPECT_TRUE(Regex("^.$").match("é"));  // one character, two bytes
}

TEST(Regex, DollarIsTheEndOfTheSubjectOnly) {
  EXPECT_FALSE(Regex("end$").search("the end\n"));
  EXPECT_TRUE(Regex("end$").search("the end"));
  // The vocabularies' placeholder for "no pattern" matches nothing but the empty string.
  EXPECT_FALSE(Regex().search("anything"));
  EXPECT_TRUE(Regex().match(""));
}

TEST(Regex, ReplaceAllIsLiteralAndStepsOverEmptyMatches) {
  Regex leaders("(?:\\s*\\.){4,}\\s*");
  EXPECT_EQ(leaders.replace_all("Potholes . . . . . £652,000", " "), "Potholes £652,000");
  EXPECT_EQ(Regex("\\d").replace_all("a1b2", "$1"), "a$1b$1");
  // An empty match between every character, as std::regex_replace does.
  EXPECT_EQ(Regex("x*").replace_all("ab", "-"), "-a-b-");
  // ... and a multibyte character is stepped over whole.
  EXPECT_EQ(Regex("x*").replace_all("é", "-"), "-é-");
}

TEST(Regex, BadUtf8SubjectsAreMatchedNotRejected) {
  std::string bad = "Item 4\xff\xfe Budget";
  EXPECT_TRUE(Regex("Budget$").search(bad));
  EXPECT_TRUE(Regex("^Item \\d").match_prefix(bad));
}

TEST(Regex, ABadPatternNamesItselfAndWhere) {
  try {
    Regex re("(unclosed");
    FAIL() << "no error";
  } catch (const RegexError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("(unclosed"), std::string::npos) << what;
    EXPECT_NE(what.find("offset 9"), std::string::npos) << what;
  }
}

TEST(Regex, ManyGroupsStillReportEveryGroup) {
  std::string pattern, subject;
  for (int i = 0; i < 70; ++i) {
    pattern += "(a)";
    subject += "a";
  }
  RegexMatch m;
  ASSERT_TRUE(Regex(pattern).match(subject, &m));
  EXPECT_EQ(m.size(), 71u);
  EXPECT_TRUE(m.matched(70));
}

}  // namespace
}  // namespace agendapack
