// Recommendation sets from generated minutes: tables of two to six columns over page breaks,
// monitoring paragraphs, numbering repair and the merging of sources about one inquiry.
#include <gtest/gtest.h>

#include "stages/recommendations.h"
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

RecommendationsOptions options() {
  return RecommendationsOptions::from_vocab(test::test_config().vocab("recommendations"));
}

TEST(RecommendationHeaders, MapByMeaning) {
  auto o = options();
  EXPECT_EQ(header_field("No.", o), "number");
  EXPECT_EQ(header_field("Rec", o), "number");
  EXPECT_EQ(header_field("Select Committee Recommendation", o), "text");
  EXPECT_EQ(header_field("Agreed Yes/No", o), "agreed");
  EXPECT_EQ(header_field("Accepted (Y/N)", o), "agreed");
  EXPECT_EQ(header_field("Cabinet / Partner Agency Response including proposed action", o),
            "response");
  EXPECT_EQ(header_field("Responsible Cabinet Member", o), "cabinet_member");
  EXPECT_EQ(header_field("Responsible Officer", o), "officer");
  EXPECT_EQ(header_field("Lead Officer", o), "officer");
  EXPECT_EQ(header_field("Action by date", o), "action_by");
  EXPECT_EQ(header_field("Target date", o), "action_by");
  EXPECT_EQ(header_field("Progress status", o), "status");
  EXPECT_EQ(header_field("Progress update", o), "");
  EXPECT_EQ(header_field("Scheme", o), "");
}

TEST(RecommendationValues, AgreedAndStatusNormalised) {
  auto o = options();
  EXPECT_EQ(normalise_agreed("Yes", o), "yes");
  EXPECT_EQ(normalise_agreed("Agreed", o), "yes");
  EXPECT_EQ(normalise_agreed("Partially", o), "partially");
  EXPECT_EQ(normalise_agreed("Not agreed", o), "no");
  EXPECT_EQ(normalise_agreed("No", o), "no");
  EXPECT_EQ(normalise_agreed("", o), std::nullopt);
  EXPECT_EQ(normalise_status("Complete and ongoing", o), "complete_ongoing");
  EXPECT_EQ(normalise_status("On track", o), "on_track");
  EXPECT_EQ(normalise_status("complete.", o), "complete");
  EXPECT_EQ(normalise_status("not started.", o), "not_started");
  EXPECT_EQ(normalise_status("Ongoing", o), "ongoing");
}

struct Shape {
  std::vector<std::string> fields;  // number text agreed response officer action_by member
  int rows;
  double start_y;     // where the table starts on page 1: low starts break more
  bool split_rows;
  int want_pages;
};

std::string agreed_printed(int k) { return k % 3 == 1 ? "Yes" : k % 3 == 2 ? "Partially" : "Not agreed"; }
std::string agreed_value(int k) { return k % 3 == 1 ? "yes" : k % 3 == 2 ? "partially" : "no"; }

// Draws minutes with item 5 holding a recommendation table of the given shape.
std::filesystem::path draw_minutes(const test::TempDir& dir, const Shape& s,
                                   std::map<int, std::string> misprint = {}) {
  auto path = dir.path() / "minutes.pdf";
  PdfBuilder pdf(path);
  auto furniture = [](PdfBuilder& p) {
    p.text(72, 40, "Cabinet - 5 October 2020", TextStyle{8});
    return 72.0;
  };
  furniture(pdf);
  double y = s.start_y - 60;
  pdf.text(72, y, "5.", TextStyle{11, true});
  pdf.text(108, y, "DIGITAL INCLUSION INQUIRY", TextStyle{11, true});
  pdf.text(108, y + 16, "The Chairman of the inquiry presented the report to the meeting.",
           TextStyle{10});
  pdf.text(108, y + 32, "RESOLVED: Cabinet AGREED the recommendations as follows:",
           TextStyle{10, true});
  TableDrawing t;
  t.size = 8;
  t.leading = 10;
  t.split_rows = s.split_rows;
  std::map<std::string, std::pair<std::string, double>> spec = {
      {"number", {"No", 28}},         {"text", {"Recommendation", 150}},
      {"agreed", {"Agreed Yes/No", 62}}, {"response", {"Cabinet Response", 110}},
      {"officer", {"Responsible Officer", 80}}, {"action_by", {"Action by date", 60}},
      {"member", {"Responsible Cabinet Member", 140}}};
  double x = 72;
  t.edges.push_back(x);
  std::vector<std::vector<std::string>> header;
  for (const auto& f : s.fields) {
    x += spec[f].second;
    t.edges.push_back(x);
    header.push_back({spec[f].first});
  }
  t.rows.push_back(header);
  bool has_number = std::find(s.fields.begin(), s.fields.end(), "number") != s.fields.end();
  for (int k = 1; k <= s.rows; ++k) {
    std::string printed = misprint.count(k) ? misprint[k] : std::to_string(k);
    std::vector<std::vector<std::string>> row;
    for (const auto& f : s.fields) {
      if (f == "number") row.push_back({printed});
      if (f == "text")
        row.push_back({(has_number ? "" : printed + ". ") + "That the Council reviews",
                       "scheme " + std::to_string(k) + " with its partners", "and reports back",
                       "to this Committee."});
      if (f == "agreed") row.push_back({agreed_printed(k)});
      if (f == "response") row.push_back({"Agreed; officers will", "report in June."});
      if (f == "officer") row.push_back({"Officer " + std::to_string(k)});
      if (f == "action_by") row.push_back({"June 2018"});
      if (f == "member") row.push_back({"Cllr A Person"});
    }
    t.rows.push_back(row);
  }
  double end = test::draw_table(pdf, t, s.start_y, [&](PdfBuilder& p) { return furniture(p); });
  pdf.text(72, end + 30, "6.", TextStyle{11, true});
  pdf.text(108, end + 30, "WORK PROGRAMME", TextStyle{11, true});
  pdf.text(108, end + 46, "The Committee noted the report.", TextStyle{10});
  pdf.finish();
  return path;
}

void expect_set(const Document& doc, const Shape& s, std::map<int, std::string> misprint = {}) {
  ASSERT_EQ(doc.tables.size(), 1u);
  EXPECT_EQ(static_cast<int>(doc.tables[0].pages.size()), s.want_pages);
  ASSERT_EQ(doc.recommendation_sets.size(), 1u);
  const RecommendationSet& set = doc.recommendation_sets[0];
  EXPECT_EQ(set.item, "5");
  EXPECT_EQ(set.title, "DIGITAL INCLUSION INQUIRY");
  ASSERT_EQ(static_cast<int>(set.recommendations.size()), s.rows);
  auto has = [&](const char* f) { return std::find(s.fields.begin(), s.fields.end(), f) != s.fields.end(); };
  for (int k = 1; k <= s.rows; ++k) {
    const Recommendation& r = set.recommendations[k - 1];
    SCOPED_TRACE("recommendation " + std::to_string(k));
    EXPECT_EQ(r.number, k);
    EXPECT_EQ(r.printed_number, misprint.count(k) ? misprint[k] : std::to_string(k));
    EXPECT_EQ(r.text, "That the Council reviews scheme " + std::to_string(k) +
                          " with its partners and reports back to this Committee.");
    EXPECT_EQ(r.agreed, has("agreed") ? std::optional(agreed_value(k)) : std::nullopt);
    EXPECT_EQ(r.response, has("response") ? std::optional<std::string>("Agreed; officers will report in June.") : std::nullopt);
    EXPECT_EQ(r.officer, has("officer") ? std::optional("Officer " + std::to_string(k)) : std::nullopt);
    EXPECT_EQ(r.action_by, has("action_by") ? std::optional<std::string>("2018-06") : std::nullopt);
    EXPECT_EQ(r.action_by_raw, has("action_by") ? std::optional<std::string>("June 2018") : std::nullopt);
    EXPECT_EQ(r.cabinet_member, has("member") ? std::optional<std::string>("Cllr A Person") : std::nullopt);
    EXPECT_FALSE(r.prov.empty());
  }
}

// Rows are 48 pt high, so 26 rows from y 420 and 30 from y 300 need three pages.
TEST(RecommendationsStage, TablesOfTwoToSixColumnsOverPageBreaks) {
  const std::vector<Shape> shapes = {
      {{"text", "agreed"}, 6, 600, false, 2},
      {{"number", "text", "agreed"}, 8, 560, false, 2},
      {{"text", "agreed", "response", "officer"}, 26, 420, false, 3},
      {{"number", "text", "agreed", "response", "action_by"}, 9, 500, false, 2},
      {{"number", "text", "agreed", "response", "officer", "action_by"}, 30, 300, false, 3},
      {{"number", "text", "agreed", "member"}, 5, 200, false, 1},
  };
  for (const Shape& s : shapes) {
    SCOPED_TRACE(std::to_string(s.fields.size()) + " columns");
    test::TempDir dir;
    auto conv = test::run_stages(draw_minutes(dir, s), kStages);
    ASSERT_FALSE(conv.failed()) << conv.error->message;
    expect_set(*conv.doc, s);
    EXPECT_TRUE(conv.doc->issues.empty());
  }
}

TEST(RecommendationsStage, RowBrokenByThePageIsOneRecommendation) {
  for (const Shape& s : {Shape{{"number", "text", "agreed", "response"}, 8, 600, true, 2},
                         Shape{{"text", "agreed"}, 8, 620, true, 2}}) {
    test::TempDir dir;
    auto conv = test::run_stages(draw_minutes(dir, s), kStages);
    ASSERT_FALSE(conv.failed()) << conv.error->message;
    expect_set(*conv.doc, s);
  }
}

TEST(RecommendationsStage, WrongPrintedNumberIsRepairedAndReported) {
  Shape s{{"number", "text", "agreed"}, 8, 560, false, 2};
  std::map<int, std::string> misprint = {{6, "9"}};
  test::TempDir dir;
  auto conv = test::run_stages(draw_minutes(dir, s, misprint), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_set(*conv.doc, s, misprint);
  const Recommendation& r = conv.doc->recommendation_sets.at(0).recommendations.at(5);
  ASSERT_EQ(conv.doc->issues.size(), 1u);
  const Issue& issue = conv.doc->issues[0];
  EXPECT_EQ(issue.code, "RECOMMENDATION_NUMBER_REPAIRED");
  EXPECT_EQ(issue.message, "printed 9, position 6");
  EXPECT_EQ(issue.page, r.prov.at(0).page);
}

// Monitoring paragraphs give statuses; a sentence that only cites a recommendation does not
// make a set.
TEST(RecommendationsStage, MonitoringParagraphsGiveStatuses) {
  test::TempDir dir;
  auto path = dir.path() / "monitoring.pdf";
  {
    PdfBuilder pdf(path);
    fixtures::FlowWriter flow(pdf);
    flow.paragraph("7.   FLY-TIPPING INQUIRY \xE2\x80\x93 RECOMMENDATION MONITORING",
                   TextStyle{11, true});
    flow.paragraph("The Committee agreed the status of each recommendation as follows:");
    const char* notes[] = {"Members agreed that this recommendation was complete and ongoing.",
                           "Status: On track.",
                           "The Committee agreed that this recommendation was not started.",
                           "Members agreed that this recommendation was complete."};
    const char* printed[] = {"1", "2", "2", "4"};
    for (int k = 0; k < 4; ++k) {
      flow.paragraph(std::string("Recommendation ") + printed[k] + ":", TextStyle{11, true});
      flow.paragraph(std::string("\xE2\x80\x93   ") + notes[k], TextStyle{}, 18);
      flow.paragraph("A Member asked whether rural areas had been considered.");
    }
    flow.paragraph("8.   DATE OF NEXT MEETING", TextStyle{11, true});
    flow.paragraph("Recommendation 9 of the review was not discussed.");
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->recommendation_sets.size(), 1u);
  const RecommendationSet& set = conv.doc->recommendation_sets[0];
  EXPECT_EQ(set.item, "7");
  EXPECT_EQ(set.title, "FLY-TIPPING INQUIRY");
  ASSERT_EQ(set.recommendations.size(), 4u);
  const char* want[] = {"complete_ongoing", "on_track", "not_started", "complete"};
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(set.recommendations[k].number, k + 1);
    EXPECT_EQ(set.recommendations[k].status, want[k]);
    EXPECT_EQ(set.recommendations[k].text, "");
  }
  EXPECT_EQ(set.recommendations[2].printed_number, "2");
  ASSERT_EQ(conv.doc->issues.size(), 1u);
  EXPECT_EQ(conv.doc->issues[0].message, "printed 2, position 3");
}

TEST(RecommendationsStage, ResolutionTableAndResponseAppendixMergeIntoOneSet) {
  test::TempDir dir;
  auto path = dir.path() / "merge.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text(72, 80, "5.", TextStyle{11, true});
    pdf.text(108, 80, "AIR QUALITY INQUIRY", TextStyle{11, true});
    pdf.text(108, 96, "RESOLVED: Cabinet AGREED the recommendations as follows:", TextStyle{10});
    TableDrawing a;
    a.size = 8;
    a.edges = {72, 100, 400, 523};
    a.rows = {{{"No"}, {"Recommendation"}, {"Agreed Yes/No"}}};
    TableDrawing b;
    b.size = 8;
    b.edges = {72, 250, 310, 450, 523};
    b.rows = {{{"Recommendation"}, {"Agreed"}, {"Response"}, {"Lead Officer"}}};
    for (int k = 1; k <= 4; ++k) {
      std::string text = "That monitoring station " + std::to_string(k) + " is reviewed.";
      a.rows.push_back({{std::to_string(k)}, {text}, {agreed_printed(k)}});
      b.rows.push_back({{std::to_string(k) + ". That monitoring", "station " + std::to_string(k) + " is reviewed."},
                        {agreed_printed(k)}, {"Officers will review it."}, {"Officer " + std::to_string(k)}});
    }
    test::draw_table(pdf, a, 110, [](PdfBuilder&) { return 72.0; });
    pdf.text(72, 400, "6.", TextStyle{11, true});
    pdf.text(108, 400, "DATE OF NEXT MEETING", TextStyle{11, true});
    pdf.text(108, 416, "The next meeting will be held on 2 March 2018.", TextStyle{10});
    pdf.new_page();
    pdf.text(72, 80, "Response to the Select Committee Inquiry", TextStyle{12, true});
    pdf.text(72, 100, "Select Committee Inquiry Title: Air Quality Inquiry", TextStyle{10});
    test::draw_table(pdf, b, 120, [](PdfBuilder&) { return 72.0; });
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_EQ(conv.doc->tables.size(), 2u);
  ASSERT_EQ(conv.doc->recommendation_sets.size(), 1u);
  const RecommendationSet& set = conv.doc->recommendation_sets[0];
  EXPECT_EQ(set.item, "5");
  EXPECT_EQ(set.title, "AIR QUALITY INQUIRY");
  ASSERT_EQ(set.recommendations.size(), 4u);
  for (int k = 1; k <= 4; ++k) {
    const Recommendation& r = set.recommendations[k - 1];
    EXPECT_EQ(r.text, "That monitoring station " + std::to_string(k) + " is reviewed.");
    EXPECT_EQ(r.agreed, agreed_value(k));
    EXPECT_EQ(r.response, "Officers will review it.");
    EXPECT_EQ(r.officer, "Officer " + std::to_string(k));
    // Both sources' provenance: page 1 and page 2.
    ASSERT_EQ(r.prov.size(), 2u);
    EXPECT_EQ(r.prov[0].page, 1);
    EXPECT_EQ(r.prov[1].page, 2);
  }
}

}  // namespace
}  // namespace agendapack
