// Tables over page breaks: running-header rules, rows broken by the page, fragments of a
// header and one row at a page foot or one row at the next page's head.
#include <gtest/gtest.h>

#include "tests/fixtures/pdf_builder.h"
#include "tests/fixtures/table_layouts.h"
#include "tests/unit/table_pdf.h"
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

TEST(TableBreaks, TableOverAPageBreakIsOneTable) {
  using fixtures::PageBreak;
  for (PageBreak kind : {PageBreak::header_rule, PageBreak::broken_row, PageBreak::head_fragment,
                         PageBreak::tail_fragment})
    for (bool grid : {false, true}) {
      SCOPED_TRACE(std::to_string(static_cast<int>(kind)) + (grid ? " grid" : " rules"));
      test::TempDir dir;
      auto path = dir.path() / "break.pdf";
      auto truth = fixtures::write_table_over_break(path, kind, grid);
      auto conv = test::run_stages(path, kTableStages);
      ASSERT_FALSE(conv.failed()) << conv.error->message;
      expect_layout(*conv.doc, truth);
      if (!conv.doc->tables.empty()) {
        EXPECT_EQ(conv.doc->tables[0].pages, (std::vector<int>{1, 2}));
      }
    }
}

// Negative control: a table ending one page and another, with other columns, starting the
// next are two tables.
TEST(TableBreaks, DifferentTablesOnEitherSideOfABreakStayApart) {
  test::TempDir dir;
  auto path = dir.path() / "two.pdf";
  test::TableDrawing a, b;
  a.edges = {72, 110, 400, 523};
  a.rules = b.rules = test::Rules::horizontal;
  a.rows = {{{"No"}, {"Action"}, {"Owner"}}};
  for (int r = 1; r <= 3; ++r)
    a.rows.push_back({{std::to_string(r) + "."}, {"Action " + std::to_string(r)}, {"Officer"}});
  b.edges = {72, 300, 523};
  b.rows = {{{"Application"}, {"Case officer"}},
            {{"22/0412 Rear extension"}, {"J Patel"}},
            {{"22/0417 Two dwellings"}, {"M Okafor"}}};
  {
    fixtures::PdfBuilder pdf(path);
    test::draw_table(pdf, a, 690, [](fixtures::PdfBuilder&) { return 72.0; });
    pdf.new_page();
    test::draw_table(pdf, b, 72, [](fixtures::PdfBuilder&) { return 72.0; });
    pdf.finish();
  }
  auto conv = test::run_stages(path, kTableStages);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->tables.size(), 2u);
  EXPECT_EQ(conv.doc->tables[0].pages, std::vector<int>{1});
  EXPECT_EQ(conv.doc->tables[1].pages, std::vector<int>{2});
}

}  // namespace
}  // namespace agendapack
