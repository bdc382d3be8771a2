// The layout stage: lines, reading order, furniture, bullets, hyphenation.
#include <gtest/gtest.h>

#include "stages/layout.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;

std::vector<std::string> body_texts(const Document& doc) {
  std::vector<std::string> out;
  for (const LineRef& ref : reading_order(doc))
    out.push_back(doc.pages[ref.page_idx].lines[ref.line_idx].text);
  return out;
}

std::vector<std::string> furniture(const Page& page, LineRole role) {
  std::vector<std::string> out;
  for (const Line& l : page.lines)
    if (l.role == role) out.push_back(l.text);
  return out;
}

const std::vector<std::string> kLayoutStages = {"load", "text", "layout"};

TEST(LayoutStage, GroupsWordsIntoLinesInReadingOrder) {
  test::TempDir dir;
  auto path = dir.path() / "lines.pdf";
  {
    PdfBuilder pdf(path);
    // Drawn bottom line first: order must come from geometry, not drawing order.
    pdf.text(72, 140, "second line here");
    pdf.text(72, 100, "first");
    pdf.text(140, 100, "line");
    pdf.text(72, 180, "9.", TextStyle{11, true});
    pdf.text(110, 180, "MODERN SLAVERY INQUIRY", TextStyle{11, true});
    pdf.finish();
  }
  auto conv = test::run_stages(path, kLayoutStages);
  ASSERT_FALSE(conv.failed());
  EXPECT_EQ(body_texts(*conv.doc),
            (std::vector<std::string>{"first line", "second line here",
                                      "9. MODERN SLAVERY INQUIRY"}));
  const Page& page = conv.doc->pages[0];
  const Line& last = page.lines[page.order.back()];
  EXPECT_TRUE(last.bold);
  EXPECT_TRUE(last.heading);
  EXPECT_NEAR(last.bbox.x0, 72, 0.5);
}

TEST(LayoutStage, ReadsTwoColumnsLeftThenRight) {
  test::TempDir dir;
  auto path = dir.path() / "columns.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text(72, 60, "A heading across the whole page width for the minutes", TextStyle{14, true});
    FlowWriter left(pdf, 72, 285, 90, 770), right(pdf, 310, 523, 90, 770);
    std::string para =
        "The committee considered the report of the director and asked how the new "
        "arrangements would be monitored over the coming year by the board.";
    left.paragraph("LEFT " + para + " " + para);
    right.paragraph("RIGHT " + para + " " + para);
    pdf.finish();
  }
  auto conv = test::run_stages(path, kLayoutStages);
  ASSERT_FALSE(conv.failed());
  auto texts = body_texts(*conv.doc);
  ASSERT_GE(texts.size(), 6u);
  EXPECT_EQ(texts[0].substr(0, 9), "A heading");
  EXPECT_EQ(texts[1].substr(0, 4), "LEFT");
  // Every left-column line comes before the first right-column line.
  size_t first_right = 0;
  for (size_t i = 0; i < texts.size(); ++i)
    if (texts[i].rfind("RIGHT", 0) == 0) first_right = i;
  ASSERT_GT(first_right, 2u);
  const Page& page = conv.doc->pages[0];
  for (size_t i = first_right; i < page.order.size(); ++i)
    EXPECT_EQ(page.lines[page.order[i]].column, 1) << texts[i];
  for (size_t i = 1; i < first_right; ++i)
    EXPECT_EQ(page.lines[page.order[i]].column, 0) << texts[i];
}

TEST(LayoutStage, SetsApartRunningHeadersFootersAndPageNumbers) {
  test::TempDir dir;
  auto path = dir.path() / "furniture.pdf";
  {
    PdfBuilder pdf(path);
    for (int p = 1; p <= 3; ++p) {
      if (p > 1) pdf.new_page();
      if (p > 1) pdf.text(72, 40, "Cabinet 18 September 2017", TextStyle{8});
      pdf.text(72, 120, "Body text on page " + std::to_string(p));
      pdf.text(72, 790, "Minutes subject to their acceptance as a correct record", TextStyle{8});
      pdf.text(280, 815, "- " + std::to_string(p) + " -", TextStyle{8});
    }
    pdf.finish();
  }
  auto conv = test::run_stages(path, kLayoutStages);
  ASSERT_FALSE(conv.failed());
  EXPECT_EQ(body_texts(*conv.doc),
            (std::vector<std::string>{"Body text on page 1", "Body text on page 2",
                                      "Body text on page 3"}));
  const Page& p2 = conv.doc->pages[1];
  EXPECT_EQ(furniture(p2, LineRole::header),
            (std::vector<std::string>{"Cabinet 18 September 2017"}));
  EXPECT_EQ(furniture(p2, LineRole::footer),
            (std::vector<std::string>{"Minutes subject to their acceptance as a correct record"}));
  EXPECT_EQ(furniture(p2, LineRole::page_number), (std::vector<std::string>{"- 2 -"}));
  // Page 1 has the footer but not the header.
  EXPECT_TRUE(furniture(conv.doc->pages[0], LineRole::header).empty());
  EXPECT_EQ(furniture(conv.doc->pages[0], LineRole::footer).size(), 1u);
}

TEST(LayoutStage, KeepsALabelThatOpensSeveralPages) {
  test::TempDir dir;
  auto path = dir.path() / "labels.pdf";
  {
    PdfBuilder pdf(path);
    for (int p = 1; p <= 4; ++p) {
      if (p > 1) pdf.new_page();
      if (p % 2 == 0) pdf.text(72, 60, "Minutes:");
      pdf.text(72, 120, "Text " + std::to_string(p));
      pdf.text(280, 815, "Page " + std::to_string(p) + " of 4", TextStyle{8});
    }
    pdf.finish();
  }
  auto conv = test::run_stages(path, kLayoutStages);
  ASSERT_FALSE(conv.failed());
  EXPECT_EQ(body_texts(*conv.doc), (std::vector<std::string>{"Text 1", "Minutes:", "Text 2",
                                                             "Text 3", "Minutes:", "Text 4"}));
  EXPECT_EQ(furniture(conv.doc->pages[3], LineRole::page_number),
            (std::vector<std::string>{"Page 4 of 4"}));
}

TEST(LayoutStage, RecognisesBulletsAndListMarkers) {
  test::TempDir dir;
  auto path = dir.path() / "bullets.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text(72, 100, "•");
    pdf.text(90, 100, "First point");
    pdf.text(90, 120, "o");
    pdf.text(105, 120, "Sub point");
    pdf.text(72, 140, "(a)");
    pdf.text(95, 140, "noted the report;");
    pdf.text(72, 160, "2)");
    pdf.text(95, 160, "agreed the plan.");
    pdf.text(72, 180, "Ordinary sentence.");
    pdf.finish();
  }
  auto conv = test::run_stages(path, kLayoutStages);
  ASSERT_FALSE(conv.failed());
  const Page& page = conv.doc->pages[0];
  std::vector<std::string> bullets, texts;
  for (uint32_t li : page.order) {
    bullets.push_back(page.lines[li].bullet);
    texts.push_back(text_without_bullet(page.lines[li]));
  }
  EXPECT_EQ(bullets, (std::vector<std::string>{"•", "o", "(a)", "2)", ""}));
  EXPECT_EQ(texts, (std::vector<std::string>{"First point", "Sub point", "noted the report;",
                                             "agreed the plan.", "Ordinary sentence."}));
}

TEST(JoinLines, UndoesHyphenationBeforeLowerCaseKeepsCompoundsBeforeCapitals) {
  EXPECT_EQ(join_lines({"the recom-", "mendations were agreed"}),
            "the recommendations were agreed");
  EXPECT_EQ(join_lines({"Cabinet noted the cross-", "Party group"}),
            "Cabinet noted the cross-Party group");
  EXPECT_EQ(join_lines({"Mr Baker, Mr Barrington-", "King, Mr Brady"}),
            "Mr Baker, Mr Barrington-King, Mr Brady");
  EXPECT_EQ(join_lines({"costs of 10-", "13k"}), "costs of 10- 13k");
  EXPECT_EQ(join_lines({"one", "", "two"}), "one two");
}

}  // namespace
}  // namespace agendapack

namespace agendapack {
namespace {

Line band_line(const std::string& text, double x0, double x1, double y0) {
  Line l;
  l.text = text;
  l.bbox = {x0, y0, x1, y0 + 9};
  return l;
}

// The running header is one line on most pages, but a two-column page (or OCR) cut it in two:
// matched as the whole row of its band, both halves are the header.
TEST(MarkFurniture, ARunningHeaderCutInTwoIsStillTheHeader) {
  Document doc;
  for (int p = 0; p < 4; ++p) {
    Page page;
    page.number = p + 1;
    page.width = 595;
    page.height = 842;
    if (p == 2) {
      page.lines.push_back(band_line("Executive Meeting", 73, 150, 24));
      page.lines.push_back(band_line("Selbury Council", 468, 528, 24));
    } else {
      page.lines.push_back(band_line("Executive Meeting Selbury Council", 73, 528, 24));
    }
    page.lines.push_back(band_line("Body text " + std::to_string(p), 73, 400, 300));
    for (uint32_t i = 0; i < page.lines.size(); ++i) page.order.push_back(i);
    doc.pages.push_back(page);
  }
  mark_furniture(doc, LayoutOptions::from_vocab(test::test_config().vocab("layout")));
  for (const Page& page : doc.pages) {
    SCOPED_TRACE(page.number);
    for (const Line& l : page.lines)
      EXPECT_EQ(l.role, l.bbox.y0 < 100 ? LineRole::header : LineRole::body) << l.text;
  }
  EXPECT_EQ(doc.pages[2].order.size(), 1u);
}

}  // namespace
}  // namespace agendapack
