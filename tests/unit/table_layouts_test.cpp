// Table layouts that chained prose into tables, and recommendation sets from numbered lists,
// against generated PDFs whose truth tests/fixtures/table_layouts.h holds.
#include <gtest/gtest.h>

#include "tests/fixtures/pdf_builder.h"
#include "tests/fixtures/table_layouts.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

const std::vector<std::string> kTableStages = {"load", "text", "layout", "rulings", "tables"};

std::vector<std::vector<std::vector<std::string>>> texts(const Document& doc) {
  std::vector<std::vector<std::vector<std::string>>> out;
  for (const Table& t : doc.tables) {
    out.emplace_back();
    for (const auto& row : t.rows) {
      out.back().emplace_back();
      for (const Cell& c : row) out.back().back().push_back(c.text);
    }
  }
  return out;
}

void expect_layout(const Document& doc, const fixtures::LayoutTruth& truth) {
  EXPECT_EQ(texts(doc), truth.tables);
  for (const std::string& text : truth.outside) {
    int seen = 0;
    for (const Page& page : doc.pages)
      for (const Line& line : page.lines)
        if (line.text.find(text) != std::string::npos) {
          ++seen;
          EXPECT_EQ(line.table, -1) << line.text;
        }
    EXPECT_GT(seen, 0) << text;
  }
}

// Writes the fixture, runs the table stages on it and compares with the truth it wrote.
void check_layout(fixtures::LayoutTruth (*write)(const std::filesystem::path&),
                  const std::string& file) {
  test::TempDir dir;
  auto path = dir.path() / file;
  auto truth = write(path);
  auto conv = test::run_stages(path, kTableStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_layout(*conv.doc, truth);
}

TEST(TableLayouts, UnderlinedMarginHeadingsStayOutOfAnIndentedTable) {
  test::TempDir dir;
  auto path = dir.path() / "headings.pdf";
  auto truth = fixtures::write_underlined_headings(path);
  auto conv = test::run_stages(path, kTableStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_layout(*conv.doc, truth);
  EXPECT_EQ(conv.doc->tables.at(0).header_rows, 1);
}

TEST(TableLayouts, TabAlignedHeadingBetweenRulesSeparatesTwoTables) {
  check_layout(fixtures::write_tab_heading_between_tables, "tab-heading.pdf");
}

TEST(TableLayouts, JustifiedProseBetweenRulesSeparatesTwoTables) {
  check_layout(fixtures::write_justified_prose_between_tables, "justified.pdf");
}

TEST(TableLayouts, FramedStatisticsWithSpanningHeadingAndAMissingRule) {
  check_layout(fixtures::write_framed_statistics, "statistics.pdf");
}

TEST(TableLayouts, GridRuledAcrossTakesColumnsFromItsBodyBelowATwoBandHeader) {
  test::TempDir dir;
  auto path = dir.path() / "across.pdf";
  auto truth = fixtures::write_grid_ruled_across(path);
  auto conv = test::run_stages(path, kTableStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_layout(*conv.doc, truth);
  EXPECT_EQ(conv.doc->tables.at(0).header_rows, 2);
}

TEST(TableLayouts, StatisticsInOneTallBandUnderAHeadingOverItsColumns) {
  check_layout(fixtures::write_statistics_wide_header, "wide-header.pdf");
}

TEST(TableLayouts, TightStatisticsKeepTheirNarrowColumnGaps) {
  check_layout(fixtures::write_tight_statistics, "tight.pdf");
}

TEST(TableLayouts, IndentedTwoLineHeaderOverFiguresWithLabelsLeftOfIt) {
  check_layout(fixtures::write_indented_figures_header, "indented.pdf");
}

TEST(TableLayouts, PlainHeaderUnderlinedByTypedDashesOpensATable) {
  check_layout(fixtures::write_typed_rule_table, "typed.pdf");
}

TEST(TableLayouts, IndentedHeaderUnderlinedByTypedDashesOverLabelledRows) {
  check_layout(fixtures::write_typed_rule_indented_header, "typed-indented.pdf");
}

TEST(TableLayouts, UnderlinedTableInOneColumnOfATwoColumnPage) {
  check_layout(fixtures::write_table_in_a_text_column, "column.pdf");
}

TEST(TableLayouts, SectionedStatisticsInOneBandAreOneRowPerLine) {
  check_layout(fixtures::write_sectioned_statistics, "sectioned.pdf");
}

// Negative control: a number column with the text beside it is a table's, not a heading's tab.
TEST(TableLayouts, NumberedRowsBetweenRulesStayOneTable) {
  check_layout(fixtures::write_numbered_rows_table, "numbered.pdf");
}

TEST(TableLayouts, UnruledTwoColumnAgreedTableIsFoundAndItsRowsAreNoItems) {
  test::TempDir dir;
  auto path = dir.path() / "agreed.pdf";
  auto truth = fixtures::write_unruled_agreed_table(path);
  auto conv = test::run_stages(path);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Document& doc = *conv.doc;
  expect_layout(doc, truth);
  std::vector<std::string> items;
  for (const Item& item : doc.items) items.push_back(item.number);
  EXPECT_EQ(items, (std::vector<std::string>{"4", "5", "6"}));
  ASSERT_EQ(doc.recommendation_sets.size(), 1u);
  const auto& recs = doc.recommendation_sets[0].recommendations;
  ASSERT_EQ(recs.size(), 4u);
  const char* agreed[] = {"yes", "partially", "no", "yes"};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(recs[k].number, static_cast<int>(k + 1));
    EXPECT_EQ(recs[k].agreed.value_or(""), agreed[k]);
  }
  EXPECT_EQ(recs[1].text, "That officers map existing provision of device donation schemes across the county.");
}

// Negative control: a bold numbered heading has a tab after its number, and the numbered
// list under it has the same gap: neither is a two-column table.
TEST(TableLayouts, NumberedHeadingOverANumberedListIsNoTable) {
  test::TempDir dir;
  auto path = dir.path() / "list.pdf";
  {
    fixtures::PdfBuilder pdf(path);
    const fixtures::TextStyle head{11, true}, body{10};
    pdf.text(72, 100, "5.", head);
    pdf.text(108, 100, "Highways Capital Programme", head);
    double y = 124;
    for (int k = 1; k <= 4; ++k) {
      pdf.text(72, y, std::to_string(k) + ".", body);
      pdf.text(108, y, "The programme for district " + std::to_string(k) + " was noted.", body);
      y += 20;
    }
    pdf.finish();
  }
  auto conv = test::run_stages(path, kTableStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_TRUE(conv.doc->tables.empty());
}

TEST(TableLayouts, AskedToListIsARecommendationSet) {
  test::TempDir dir;
  auto path = dir.path() / "asked-to.pdf";
  auto truth = fixtures::write_asked_to_list(path);
  auto conv = test::run_stages(path);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Document& doc = *conv.doc;
  // One set: item 4's single "asked to approve" and item 6's resolved list are not sets.
  ASSERT_EQ(doc.recommendation_sets.size(), 1u);
  const RecommendationSet& set = doc.recommendation_sets[0];
  EXPECT_EQ(set.item.value_or(""), truth.item);
  EXPECT_EQ(set.title.value_or(""), truth.title);
  ASSERT_EQ(set.recommendations.size(), truth.recommendations.size());
  for (size_t k = 0; k < truth.recommendations.size(); ++k) {
    const Recommendation& r = set.recommendations[k];
    EXPECT_EQ(r.number, static_cast<int>(k + 1));
    EXPECT_EQ(r.printed_number.value_or(""), truth.recommendations[k].printed);
    EXPECT_EQ(r.text, truth.recommendations[k].text);
    // The motion that quoted them was resolved.
    EXPECT_EQ(r.agreed.value_or(""), "yes");
    EXPECT_FALSE(r.prov.empty());
  }
}

}  // namespace
}  // namespace agendapack
