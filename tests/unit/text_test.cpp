// The text stage against PDFs whose words the generator placed.
#include <gtest/gtest.h>

#include <filesystem>

#include "pipeline/runner.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::PdfBuilder;
using fixtures::TextStyle;

TEST(TextStage, WordsHaveTextPositionAndFont) {
  test::TempDir dir;
  auto path = dir.path() / "words.pdf";
  BBox hello, bold;
  {
    PdfBuilder pdf(path);
    hello = pdf.text(100, 200, "Hello", TextStyle{12});
    bold = pdf.text(100, 300, "RESOLVED", TextStyle{14, true});
    pdf.finish();
  }
  auto conv = test::run_stages(path, {"load", "text"});
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  ASSERT_EQ(page.words.size(), 2u);
  const Word& w = page.words[0];
  EXPECT_EQ(w.text, "Hello");
  EXPECT_NEAR(w.bbox.x0, hello.x0, 0.5);
  EXPECT_NEAR(w.bbox.x1, hello.x1, 0.5);
  // Poppler's box spans the font's ascent and descent, as the generator's does.
  EXPECT_NEAR(w.bbox.y0, hello.y0, 2.0);
  EXPECT_NEAR(w.bbox.y1, hello.y1, 2.0);
  EXPECT_NEAR(w.font_size, 12, 0.1);
  EXPECT_FALSE(w.bold);
  EXPECT_EQ(w.source, WordSource::text);
  EXPECT_EQ(page.words[1].text, "RESOLVED");
  EXPECT_TRUE(page.words[1].bold) << page.words[1].font;
  EXPECT_NEAR(page.words[1].font_size, 14, 0.1);
}

TEST(TextStage, NormalisesToNfcAndKeepsSpacesBetweenWords) {
  test::TempDir dir;
  auto path = dir.path() / "nfc.pdf";
  {
    PdfBuilder pdf(path);
    // "é" written decomposed (e + combining acute) must come out composed.
    pdf.text(72, 100, "Caf\x65\xCC\x81 budget £1.2m", TextStyle{11});
    pdf.finish();
  }
  auto conv = test::run_stages(path, {"load", "text"});
  ASSERT_FALSE(conv.failed());
  const auto& words = conv.doc->pages.at(0).words;
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0].text, "Caf\xC3\xA9");
  EXPECT_TRUE(words[0].space_after);
  EXPECT_EQ(words[2].text, "£1.2m");
}

TEST(TextStage, PageSizeAndNumberComeFromLoad) {
  test::TempDir dir;
  auto path = dir.path() / "pages.pdf";
  {
    PdfBuilder pdf(path, 595.3, 841.9);
    pdf.text(72, 72, "one");
    pdf.new_page(841.9, 595.3);
    pdf.text(72, 72, "two");
    pdf.finish();
  }
  auto conv = test::run_stages(path, {"load", "text"});
  ASSERT_FALSE(conv.failed());
  ASSERT_EQ(conv.doc->pages.size(), 2u);
  EXPECT_EQ(conv.doc->pages[1].number, 2);
  EXPECT_NEAR(conv.doc->pages[1].width, 841.9, 0.1);
  EXPECT_NEAR(conv.doc->pages[1].height, 595.3, 0.1);
  EXPECT_EQ(conv.doc->pages[1].words.at(0).text, "two");
}

}  // namespace
}  // namespace agendapack
