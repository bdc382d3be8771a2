// Recommendation numbers that follow the printed ones, monitoring paragraphs that print the
// recommendation after its number, and progress tables without a text column.
#include <gtest/gtest.h>

#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/table_pdf.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::PdfBuilder;
using fixtures::TextStyle;
using test::TableDrawing;

const std::vector<std::string> kStages = {"load", "text", "layout", "rulings", "tables",
                                          "recommendations"};

// A ruled No | Recommendation | Agreed table whose rows print `printed`.
std::filesystem::path numbered_table(const test::TempDir& dir, const std::vector<std::string>& printed) {
  auto path = dir.path() / "numbers.pdf";
  TableDrawing t;
  t.edges = {72, 110, 440, 523};
  t.rows = {{{"No"}, {"Recommendation"}, {"Agreed"}}};
  for (const std::string& p : printed)
    t.rows.push_back({{p}, {"That the Council reviews service " + p + " this year."}, {"Yes"}});
  PdfBuilder pdf(path);
  pdf.text(72, 80, "5.   DIGITAL INCLUSION INQUIRY", TextStyle{11, true});
  test::draw_table(pdf, t, 100, [](PdfBuilder&) { return 72.0; });
  pdf.finish();
  return path;
}

std::vector<int> numbers(const Document& doc) {
  std::vector<int> out;
  for (const RecommendationSet& s : doc.recommendation_sets)
    for (const Recommendation& r : s.recommendations) out.push_back(r.number);
  return out;
}

TEST(RecommendationNumbers, ALostRowLeavesAGapInsteadOfShiftingTheRest) {
  test::TempDir dir;
  auto conv = test::run_stages(numbered_table(dir, {"1", "2", "4", "5", "6"}), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_EQ(numbers(*conv.doc), (std::vector<int>{1, 2, 4, 5, 6}));
  EXPECT_TRUE(conv.doc->issues.empty());
}

// Negative control: a misprint off the sequence is the outlier, repaired and reported.
TEST(RecommendationNumbers, AMisprintTakesThePlaceBetweenItsNeighbours) {
  test::TempDir dir;
  auto conv = test::run_stages(numbered_table(dir, {"1", "2", "9", "4", "5"}), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_EQ(numbers(*conv.doc), (std::vector<int>{1, 2, 3, 4, 5}));
  ASSERT_EQ(conv.doc->issues.size(), 1u);
  EXPECT_EQ(conv.doc->issues[0].code, "RECOMMENDATION_NUMBER_REPAIRED");
  EXPECT_EQ(conv.doc->issues[0].message, "printed 9, position 3");
}

TEST(RecommendationNumbers, MonitoringParagraphKeepsTheRecommendationItPrints) {
  test::TempDir dir;
  auto path = dir.path() / "monitoring.pdf";
  const std::vector<std::string> texts = {
      "That the Council publishes a flood resilience plan for every ward, with the maps the "
      "Environment Agency holds, by the end of the year.",
      "",  // printed without its text: none is made up
      "That a Member champion for flood resilience be appointed."};
  const char* status[] = {"Complete", "On track", "Not started"};
  {
    PdfBuilder pdf(path);
    fixtures::FlowWriter flow(pdf);
    flow.paragraph("7.   FLOOD RESILIENCE INQUIRY \xE2\x80\x93 RECOMMENDATION MONITORING",
                   TextStyle{11, true});
    flow.paragraph("The Committee agreed the status of each recommendation as follows:");
    for (size_t k = 0; k < texts.size(); ++k) {
      std::string head = "Recommendation " + std::to_string(k + 1) + ":";
      flow.paragraph(texts[k].empty() ? head : head + " " + texts[k], TextStyle{}, 0, 2);
      flow.paragraph(std::string("\xE2\x80\x93   Status: ") + status[k] + ".", TextStyle{}, 18);
    }
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->recommendation_sets.size(), 1u);
  const auto& recs = conv.doc->recommendation_sets[0].recommendations;
  ASSERT_EQ(recs.size(), 3u);
  const char* want[] = {"complete", "on_track", "not_started"};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(recs[k].text, texts[k]) << k;
    EXPECT_EQ(recs[k].status.value_or(""), want[k]) << k;
  }
}

TEST(RecommendationNumbers, ProgressTableOfNumbersAndStatusesIsASet) {
  test::TempDir dir;
  auto path = dir.path() / "progress.pdf";
  TableDrawing t;
  t.edges = {72, 110, 220, 523};
  t.rows = {{{"No"}, {"Status"}, {"Update"}},
            {{"1"}, {"Complete"}, {"Plans were published in October."}},
            {{"2"}, {"Ongoing"}, {"Training dates are set for June."}},
            {{"3"}, {"Not started"}, {"Awaiting the Minister's reply."}}};
  {
    PdfBuilder pdf(path);
    pdf.text(72, 80, "3.   FLOOD RESILIENCE INQUIRY \xE2\x80\x93 PROGRESS", TextStyle{11, true});
    test::draw_table(pdf, t, 100, [](PdfBuilder&) { return 72.0; });
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->recommendation_sets.size(), 1u);
  const auto& recs = conv.doc->recommendation_sets[0].recommendations;
  ASSERT_EQ(recs.size(), 3u);
  const char* want[] = {"complete", "ongoing", "not_started"};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(recs[k].number, static_cast<int>(k + 1));
    EXPECT_EQ(recs[k].status.value_or(""), want[k]);
    EXPECT_EQ(recs[k].text, "");
  }
}

// Negative control: a table of numbers and dates is no set.
TEST(RecommendationNumbers, NumberedTableWithoutStatusOrTextIsNoSet) {
  test::TempDir dir;
  auto path = dir.path() / "dates.pdf";
  TableDrawing t;
  t.edges = {72, 110, 300, 523};
  t.rows = {{{"No"}, {"Meeting"}, {"Venue"}},
            {{"1"}, {"12 June 2024"}, {"Council Chamber"}},
            {{"2"}, {"9 July 2024"}, {"Committee Room 1"}}};
  {
    PdfBuilder pdf(path);
    test::draw_table(pdf, t, 100, [](PdfBuilder&) { return 72.0; });
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_EQ(conv.doc->tables.size(), 1u);
  EXPECT_TRUE(conv.doc->recommendation_sets.empty());
}

}  // namespace
}  // namespace agendapack
