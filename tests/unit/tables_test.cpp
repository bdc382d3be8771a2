// The tables stage against generated PDFs whose cells the test drew.
#include <gtest/gtest.h>

#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/table_pdf.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::PdfBuilder;
using fixtures::TextStyle;
using test::Rules;
using test::TableDrawing;

const std::vector<std::string> kStages = {"load", "text", "layout", "rulings", "tables"};

std::vector<std::vector<std::string>> texts(const Table& t) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : t.rows) {
    out.emplace_back();
    for (const Cell& c : row) out.back().push_back(c.text);
  }
  return out;
}

TableDrawing budget_table(Rules rules) {
  TableDrawing t;
  t.rules = rules;
  t.edges = {72, 250, 380, 523};
  t.rows = {{{"Scheme"}, {"Lead"}, {"Allocation"}},
            {{"Bridge strengthening and", "resurfacing works"}, {"Highways"}, {"£3,720,000"}},
            {{"Street lighting"}, {"Highways Team"}, {"£367,580"}},
            {{"Road safety schemes"}, {"Transport"}, {"£3,086,000"}}};
  return t;
}

const std::vector<std::vector<std::string>> kBudgetCells = {
    {"Scheme", "Lead", "Allocation"},
    {"Bridge strengthening and resurfacing works", "Highways", "£3,720,000"},
    {"Street lighting", "Highways Team", "£367,580"},
    {"Road safety schemes", "Transport", "£3,086,000"}};

// The table between two paragraphs and a resolution. `degrees` other than 0 draws it all
// sideways on a portrait page, as a landscape table is printed: -90 reads bottom to top.
std::filesystem::path draw_one(const test::TempDir& dir, const TableDrawing& t,
                               double degrees = 0) {
  auto path = dir.path() / "table.pdf";
  PdfBuilder pdf(path);
  // Centres chosen so that the turned drawing stays on the page.
  if (degrees != 0) pdf.begin_rotation(degrees < 0 ? 350 : 245, 421, degrees);
  pdf.text(72, 90, "The allocations were agreed as set out in the table below, and the Committee",
           TextStyle{10});
  pdf.text(72, 103, "noted the report and thanked the officers for their work on the programme.",
           TextStyle{10});
  double y = test::draw_table(pdf, t, 120, [](PdfBuilder&) { return 72.0; });
  pdf.text(72, y + 30, "RESOLVED that the allocations be approved as set out in the report.",
           TextStyle{10});
  if (degrees != 0) pdf.end_rotation();
  pdf.finish();
  return path;
}

void expect_budget(const Document& doc, TableMethod method) {
  ASSERT_EQ(doc.tables.size(), 1u);
  const Table& t = doc.tables[0];
  EXPECT_EQ(t.id, "t1");
  EXPECT_EQ(t.pages, std::vector<int>{1});
  EXPECT_EQ(t.header_rows, 1);
  EXPECT_EQ(t.method, method);
  EXPECT_EQ(texts(t), kBudgetCells);
  // Table lines are marked; the prose around the table is not.
  const Page& page = doc.pages[0];
  int marked = 0, inside_lines = 0;
  for (const Line& line : page.lines) {
    bool inside = line.text.find("RESOLVED") == std::string::npos &&
                  line.text.find("allocations were") == std::string::npos &&
                  line.text.find("noted the report") == std::string::npos;
    EXPECT_EQ(line.table, inside ? 0 : -1) << line.text;
    marked += line.table == 0;
    inside_lines += inside;
  }
  // Five rows, one of them wrapped: layout may join a wrapped cell's second line with the
  // row below it, so five or six lines hold the table.
  EXPECT_EQ(marked, inside_lines);
  EXPECT_GE(marked, 5);
  // Cells keep their words, for `money`.
  ASSERT_EQ(t.rows[2][2].words.size(), 1u);
  EXPECT_EQ(doc.word(t.rows[2][2].words[0]).text, "£367,580");
}

TEST(TablesStage, RuledTableWithWrappedCell) {
  test::TempDir dir;
  auto conv = test::run_stages(draw_one(dir, budget_table(Rules::grid)), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_budget(*conv.doc, TableMethod::ruled);
}

TEST(TablesStage, HorizontalRulesOnlyTable) {
  test::TempDir dir;
  auto conv = test::run_stages(draw_one(dir, budget_table(Rules::horizontal)), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_budget(*conv.doc, TableMethod::ruled);
}

TEST(TablesStage, SidewaysTableIsReadWithThePageTurned) {
  for (double degrees : {-90.0, 90.0}) {
    SCOPED_TRACE(degrees);
    test::TempDir dir;
    auto conv = test::run_stages(draw_one(dir, budget_table(Rules::grid), degrees), kStages);
    ASSERT_FALSE(conv.failed()) << conv.error->message;
    // Text reading bottom to top is turned a quarter clockwise to read; top to bottom, three.
    EXPECT_EQ(conv.doc->pages[0].rotation, degrees < 0 ? 90 : 270);
    expect_budget(*conv.doc, TableMethod::ruled);
  }
}

TEST(TablesStage, RotatedPageIsReadAsDisplayed) {
  if (std::system("qpdf --version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "qpdf is not installed (scripts/setup.sh installs it)";
  test::TempDir dir;
  auto upright = draw_one(dir, budget_table(Rules::grid));
  auto turned = dir.path() / "rotated.pdf";
  std::string cmd = "qpdf --rotate=+90 '" + upright.string() + "' '" + turned.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto conv = test::run_stages(turned, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  // /Rotate 90 shows the text running down the page; turning it back to read leaves the
  // words where the page's own space has them: no rotation between the two.
  EXPECT_EQ(conv.doc->pages[0].rotation, 0);
  expect_budget(*conv.doc, TableMethod::ruled);
}

TEST(TablesStage, UnruledTableWithBoldHeader) {
  test::TempDir dir;
  TableDrawing t = budget_table(Rules::none);
  t.pad = 5;  // rows apart by a blank, as unruled tables print them
  auto conv = test::run_stages(draw_one(dir, t), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  expect_budget(*conv.doc, TableMethod::stream);
}

TEST(TablesStage, BulletsInACellKeepTheirLines) {
  test::TempDir dir;
  TableDrawing t;
  t.edges = {72, 300, 523};
  t.rows = {{{"Recommendation"}, {"Response"}},
            {{"That the strategy should:", "\xE2\x80\xA2 Set out clear timescales and",
              "   measurable outcomes", "\xE2\x80\xA2 Be reviewed annually"},
             {"Agreed; the strategy will", "be published in June."}},
            {{"That a Member champion be", "appointed."}, {"Agreed."}}};
  auto conv = test::run_stages(draw_one(dir, t), kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->tables.size(), 1u);
  std::vector<std::vector<std::string>> want = {
      {"Recommendation", "Response"},
      {"That the strategy should:\n\xE2\x80\xA2 Set out clear timescales and measurable "
       "outcomes\n\xE2\x80\xA2 Be reviewed annually",
       "Agreed; the strategy will be published in June."},
      {"That a Member champion be appointed.", "Agreed."}};
  EXPECT_EQ(texts(conv.doc->tables[0]), want);
}

TEST(TablesStage, TableOverAPageBreakIsOneTableWithRepeatedHeaderDropped) {
  for (bool repeat : {true, false}) {
    test::TempDir dir;
    auto path = dir.path() / "break.pdf";
    TableDrawing t;
    t.edges = {72, 110, 400, 523};
    t.repeat_header = repeat;
    t.rows.push_back({{"No"}, {"Action"}, {"Owner"}});
    for (int r = 1; r <= 14; ++r)
      t.rows.push_back({{std::to_string(r)},
                        {"Action number " + std::to_string(r) + " to be taken forward",
                         "by the service this year"},
                        {"Officer " + std::to_string(r)}});
    {
      PdfBuilder pdf(path);
      pdf.text(72, 90, "Actions agreed at the meeting were as follows:", TextStyle{10});
      test::draw_table(pdf, t, 500, [](PdfBuilder&) { return 72.0; });
      pdf.finish();
    }
    auto conv = test::run_stages(path, kStages);
    ASSERT_FALSE(conv.failed()) << conv.error->message;
    ASSERT_EQ(conv.doc->tables.size(), 1u) << "repeat " << repeat;
    const Table& table = conv.doc->tables[0];
    EXPECT_EQ(table.pages, (std::vector<int>{1, 2}));
    ASSERT_EQ(table.n_rows(), 15);
    EXPECT_EQ(table.n_cols(), 3);
    for (int r = 1; r <= 14; ++r) {
      EXPECT_EQ(table.rows[r][0].text, std::to_string(r));
      EXPECT_EQ(table.rows[r][1].text,
                "Action number " + std::to_string(r) + " to be taken forward by the service this year");
    }
    EXPECT_EQ(table.prov.size(), 2u);
  }
}

// Agendas rule a line between items: the bands look like rows of a two-column table whose
// first column is the item's label. That is a list, and so is a box around a vote.
TEST(TablesStage, RuledAgendaListAndVoteBoxesAreNotTables) {
  test::TempDir dir;
  auto path = dir.path() / "agenda.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text(72, 80, "AGENDA", TextStyle{12, true});
    const char* items[][2] = {{"1.", "CALL TO ORDER AND ROLL CALL"},
                              {"2.", "APPROVAL OF THE MINUTES OF THE PREVIOUS MEETING"},
                              {"A.", "PLANNING APPLICATION NO. 22049: HILLSIDE DRIVE"},
                              {"B.", "PARKS AND ACTIVITIES COMMISSION ANNUAL REPORT"}};
    double y = 100;
    pdf.line(72, y, 523, y, 0.6);
    for (auto& item : items) {
      pdf.text(76, y + 16, item[0], TextStyle{10});
      pdf.text(120, y + 16, item[1], TextStyle{10});
      pdf.text(120, y + 30, "Recommendation: receive and file the report.", TextStyle{10});
      y += 40;
      pdf.line(72, y, 523, y, 0.6);
    }
    // A vote in a box, one rule under each line, a column for the outcome's tally that
    // only its first line fills.
    y += 30;
    pdf.line(72, y, 523, y, 0.6);
    const char* vote[][3] = {{"RESULT:", "APPROVED AS AMENDED", "[UNANIMOUS]"},
                             {"MOVER:", "Commissioner Garcia", ""},
                             {"SECONDER:", "Commissioner Fisk", ""}};
    for (int k = 0; k < 3; ++k) {
      pdf.text(76, y + 16 + 24 * k, vote[k][0], TextStyle{10, k == 0});
      pdf.text(180, y + 16 + 24 * k, vote[k][1], TextStyle{10, k == 0});
      pdf.text(420, y + 16 + 24 * k, vote[k][2], TextStyle{10, k == 0});
      pdf.line(72, y + 24 * (k + 1), 523, y + 24 * (k + 1), 0.6);
    }
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_TRUE(conv.doc->tables.empty());
}

TEST(TablesStage, ProseAndFundingListsAreNotTables) {
  test::TempDir dir;
  auto path = dir.path() / "prose.pdf";
  {
    PdfBuilder pdf(path);
    fixtures::FlowWriter flow(pdf);
    flow.paragraph("7.  HIGHWAYS CAPITAL PROGRAMME", TextStyle{11, true});
    for (int k = 0; k < 4; ++k)
      flow.paragraph("The Cabinet Member presented the report and Members asked how progress "
                     "would be monitored and were told that updates would come to the Scrutiny "
                     "Committee in due course, with figures for each district.");
    double y = flow.y() + 10;
    const char* lines[][2] = {{"Bridge strengthening", "£3,720,000"},
                              {"Street lighting LED conversion", "£367,580"},
                              {"Road safety schemes", "£3,086,000"}};
    for (auto& l : lines) {
      pdf.text(90, y, l[0], TextStyle{10});
      pdf.text(450 - pdf.text_width(l[1], TextStyle{10}), y, l[1], TextStyle{10});
      y += 13;
    }
    pdf.finish();
  }
  auto conv = test::run_stages(path, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  EXPECT_TRUE(conv.doc->tables.empty());
  for (const Line& line : conv.doc->pages[0].lines) EXPECT_EQ(line.table, -1) << line.text;
}

// Labels and figures in two columns, ruled only around the header and at the foot (a fund's
// key figures): each line with a figure is a row of its own, section labels ("Class A") rows with
// an empty figure. The control: prose wrapped beside a "Yes" between the same rules stays one
// row, its lines one cell.
TEST(TablesStage, TwoColumnFiguresRuledOnlyAtHeadAndFootAreRowsPerLine) {
  auto draw = [](const std::filesystem::path& path,
                 const std::vector<std::pair<std::string, std::string>>& lines) {
    PdfBuilder pdf(path);
    const TextStyle body{10};
    pdf.text(72, 90, "Key figures", TextStyle{14, true});
    pdf.line(72, 118, 523, 118, 0.6);
    pdf.text(470, 130, "2016", TextStyle{10, true});
    pdf.line(72, 136, 523, 136, 0.6);
    double y = 152;
    for (const auto& [label, figure] : lines) {
      pdf.text(72, y, label, body);
      if (!figure.empty()) pdf.text(523 - pdf.text_width(figure, body), y, figure, body);
      y += 16;
    }
    pdf.line(72, y - 8, 523, y - 8, 0.6);
    pdf.text(72, y + 30, "The figures were noted by the Committee.", body);
    pdf.finish();
  };
  test::TempDir dir;
  auto figures = dir.path() / "figures.pdf";
  draw(figures, {{"Class A", ""},
                 {"Net Asset Value at 31 December", "5,111,372"},
                 {"Number of outstanding units at 31 December", "49,136"},
                 {"Net Asset Value per unit at 31 December", "104.03"},
                 {"Class B", ""},
                 {"Net Asset Value at 31 December", "49,144,825"},
                 {"Costs", "(106,870)"}});
  auto conv = test::run_stages(figures, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->tables.size(), 1u);
  EXPECT_EQ(texts(conv.doc->tables[0]),
            (std::vector<std::vector<std::string>>{
                {"", "2016"},
                {"Class A", ""},
                {"Net Asset Value at 31 December", "5,111,372"},
                {"Number of outstanding units at 31 December", "49,136"},
                {"Net Asset Value per unit at 31 December", "104.03"},
                {"Class B", ""},
                {"Net Asset Value at 31 December", "49,144,825"},
                {"Costs", "(106,870)"}}));
  auto prose = dir.path() / "prose.pdf";
  draw(prose, {{"That the Council should develop a strategy for device donation", "Yes"},
               {"schemes and roll it out across the organisation, with a", ""},
               {"report to the Committee in six months.", ""}});
  conv = test::run_stages(prose, kStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  for (const Table& t : conv.doc->tables)
    for (const auto& row : t.rows)
      EXPECT_NE(row.front().text, "schemes and roll it out across the organisation, with a");
}

}  // namespace
}  // namespace agendapack
