// The route stage: which pages go to OCR, and why, on generated PDFs whose truth is known.
#include <gtest/gtest.h>

#include <filesystem>

#include "pipeline/registry.h"
#include "stages/route.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/ocr_fixtures.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;

const std::vector<std::string> kRoute = {"load", "text", "route"};

const char* kParagraph =
    "The Cabinet considered the report of the Director of Highways on the programme of road "
    "repairs for the coming year. Members asked about the condition of rural roads and the "
    "budget for drainage works, and the Director explained how schemes were chosen.";

void text_page(PdfBuilder& pdf) {
  FlowWriter flow(pdf);
  for (int idx = 0; idx < 6; ++idx) flow.paragraph(kParagraph);
}

// Runs load, text and route by hand, so that the document keeps its PdfFile and the file's
// render counter.
void route_by_hand(const std::filesystem::path& path, Document& doc) {
  Config cfg = test::config_with({});
  doc.source.path = path.string();
  Logger log(LogLevel::error);
  StageContext ctx(cfg, log, doc);
  for (const char* name : {"load", "text", "route"}) {
    auto stage = make_stage(name, cfg);
    ASSERT_TRUE(stage);
    ASSERT_TRUE(stage.value()->run(doc, ctx));
  }
}

TEST(RouteStage, BornDigitalPageIsText) {
  test::TempDir dir;
  auto path = dir.path() / "text.pdf";
  {
    PdfBuilder pdf(path);
    text_page(pdf);
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::text);
  EXPECT_NE(page.route_reason.find("text layer"), std::string::npos) << page.route_reason;
}

// Six paragraphs that end half way down the page: many words and no hole between them, so
// the cheap checks settle it and the page is never rendered.
TEST(RouteStage, FullTextPageIsNotRendered) {
  test::TempDir dir;
  auto path = dir.path() / "text.pdf";
  {
    PdfBuilder pdf(path);
    text_page(pdf);
  }
  Document doc;
  ASSERT_NO_FATAL_FAILURE(route_by_hand(path, doc));
  EXPECT_EQ(doc.pages.at(0).method, PageMethod::text);
  EXPECT_EQ(doc.pdf->renders(), 0);
}

// Plenty of words, but a hole between them as tall as a third of the page (here an image of a
// letter): the page is rendered and its ink compared with the words.
TEST(RouteStage, HoleInsideTheTextIsProbed) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 100, 13, 60);
  // Only the typed top of the scanned page.
  img.h = static_cast<int>(img.h * 0.42);
  img.px.resize(static_cast<size_t>(img.w) * static_cast<size_t>(img.h));
  auto path = dir.path() / "hole.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    for (int idx = 0; idx < 3; ++idx) flow.paragraph(kParagraph);
    double top = flow.y() + 10, height = 841.9 * 0.42 * 0.75;
    pdf.image(img.px, img.w, img.h, BBox{72, top, 72 + 595.3 * 0.75, top + height});
    flow.set_y(top + height + 20);
    flow.paragraph(kParagraph);
    ASSERT_LT(flow.y(), 770);
  }
  Document doc;
  ASSERT_NO_FATAL_FAILURE(route_by_hand(path, doc));
  ASSERT_GE(doc.pages.at(0).words.size(), 150u);  // enough words not to be probed for that
  EXPECT_EQ(doc.pdf->renders(), 1);
}

TEST(RouteStage, ImageOnlyPageIsOcr) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 100);
  auto path = dir.path() / "scan.pdf";
  {
    PdfBuilder pdf(path);
    test::paint_scan(pdf, img, 0, truth);
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::ocr);
  EXPECT_NE(page.route_reason.find("no text layer"), std::string::npos) << page.route_reason;
}

TEST(RouteStage, BlankPageIsText) {
  test::TempDir dir;
  auto path = dir.path() / "blank.pdf";
  {
    PdfBuilder pdf(path);
    pdf.line(72, 800, 100, 800, 0.1);  // a speck, no text
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  EXPECT_EQ(conv.doc->pages.at(0).method, PageMethod::text);
  EXPECT_EQ(conv.doc->pages.at(0).route_reason, "blank page");
}

TEST(RouteStage, TextAsOutlinesIsOcr) {
  test::TempDir dir;
  auto path = dir.path() / "outlines.pdf";
  {
    PdfBuilder pdf(path);
    double y = 100;
    for (const auto& line : test::minutes_lines()) {
      pdf.text_as_outlines(72, y, line, TextStyle{13});
      y += 24;
    }
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  const Page& page = conv.doc->pages.at(0);
  EXPECT_TRUE(page.words.empty());
  EXPECT_EQ(page.method, PageMethod::ocr);
  EXPECT_NE(page.route_reason.find("outlines"), std::string::npos) << page.route_reason;
}

TEST(RouteStage, PrivateUseTextLayerIsGarbage) {
  test::TempDir dir;
  auto path = dir.path() / "garbage.pdf";
  {
    PdfBuilder pdf(path);
    double y = 100;
    for (const auto& line : test::minutes_lines()) {
      test::text_with_private_use(pdf, 72, y, line);
      y += 24;
    }
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  const Page& page = conv.doc->pages.at(0);
  ASSERT_GT(page.words.size(), 20u);  // there is a text layer ...
  EXPECT_EQ(page.method, PageMethod::ocr);  // ... but it is garbage
  EXPECT_NE(page.route_reason.find("garbage text layer"), std::string::npos) << page.route_reason;
}

TEST(RouteStage, MixedDocumentRoutesOnlyTheScannedPage) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 100);
  auto path = dir.path() / "mixed.pdf";
  {
    PdfBuilder pdf(path);
    text_page(pdf);
    pdf.new_page();
    test::paint_scan(pdf, img, 0, truth);
    pdf.new_page();
    text_page(pdf);
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  const auto& pages = conv.doc->pages;
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].method, PageMethod::text);
  EXPECT_EQ(pages[1].method, PageMethod::ocr);
  EXPECT_EQ(pages[2].method, PageMethod::text);
}

TEST(RouteStage, TextCoveringPartOfTheInkIsTextPlusOcr) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 100, 13, 60);
  auto path = dir.path() / "partial.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.paragraph(kParagraph);
    flow.paragraph(kParagraph);
    // The lower half: an image of a typed page (a scanned letter pasted into the pack).
    pdf.image(img.px, img.w, img.h, BBox{72, 300, 72 + 595.3 * 0.75, 300 + 841.9 * 0.75});
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::text_ocr) << page.route_reason;
  EXPECT_NE(page.route_reason.find("covers only"), std::string::npos) << page.route_reason;
}

TEST(RouteStage, RuledTableWithTextStaysText) {
  test::TempDir dir;
  auto path = dir.path() / "table.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text(72, 90, "Funding breakdown", TextStyle{14, true});
    // A 12 x 3 ruled grid of short cells: rules are ink outside the words and must not count.
    for (int row = 0; row <= 12; ++row) pdf.line(72, 110 + row * 20, 500, 110 + row * 20);
    for (double x : {72.0, 250.0, 380.0, 500.0}) pdf.line(x, 110, x, 350);
    for (int row = 0; row < 12; ++row) {
      pdf.text(78, 125 + row * 20, "Scheme " + std::to_string(row + 1));
      pdf.text(256, 125 + row * 20, "Highways");
      pdf.text(386, 125 + row * 20, "£" + std::to_string(100 + row) + ",000");
    }
  }
  auto conv = test::run_stages(path, kRoute);
  ASSERT_FALSE(conv.failed());
  EXPECT_EQ(conv.doc->pages.at(0).method, PageMethod::text) << conv.doc->pages.at(0).route_reason;
}

TEST(RouteStage, OcrModeNeverAndAlways) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 100);
  auto path = dir.path() / "mixed.pdf";
  {
    PdfBuilder pdf(path);
    text_page(pdf);
    pdf.new_page();
    test::paint_scan(pdf, img, 0, truth);
  }
  auto never = test::run_with(path, test::config_with({"ocr.mode=\"never\""}), kRoute);
  ASSERT_FALSE(never.failed());
  EXPECT_EQ(never.doc->pages[0].method, PageMethod::text);
  EXPECT_EQ(never.doc->pages[1].method, PageMethod::text);
  EXPECT_NE(never.doc->pages[1].route_reason.find("--ocr never"), std::string::npos);
  auto always = test::run_with(path, test::config_with({"ocr.mode=\"always\""}), kRoute);
  ASSERT_FALSE(always.failed());
  EXPECT_EQ(always.doc->pages[0].method, PageMethod::ocr);
  EXPECT_EQ(always.doc->pages[1].method, PageMethod::ocr);
}

TEST(TextLayerStats, SeparatesWordsFromGarbage) {
  auto words_of = [](std::initializer_list<const char*> texts) {
    std::vector<Word> out;
    for (const char* t : texts) {
      Word w;
      w.text = t;
      out.push_back(std::move(w));
    }
    return out;
  };
  auto good = text_layer_stats(words_of({"RESOLVED", "that", "the", "Council's", "budget",
                                         "of", "£2.5m", "(2017/18)", "be", "approved.", "10.25am",
                                         "Cyngor", "Sir", "Gâr", "well-being"}));
  EXPECT_EQ(good.bad_chars, 0u);
  EXPECT_EQ(good.odd, 0u);
  EXPECT_EQ(good.wordlike, 12u);
  auto pua = text_layer_stats(words_of({"\xEE\x80\x81\xEE\x80\x82", "ab\xEF\xBF\xBD"}));
  EXPECT_EQ(pua.bad_chars, 3u);
  EXPECT_EQ(pua.odd, 2u);
  // Mis-mapped glyphs: symbols inside tokens and impossible case shapes.
  auto mojibake = text_layer_stats(words_of({"Ã¢â€", "tHe", "CoUNCIL", "agReed", "the"}));
  EXPECT_EQ(mojibake.odd, 4u);
  EXPECT_EQ(mojibake.wordlike, 1u);
}

// The acceptance rule: routing never OCRs a page of a born-digital sample.
TEST(RouteStage, NeverOcrsABornDigitalSample) {
  fs::path shared = test::shared_dir();
  if (shared.empty() || !fs::exists(shared / "samples")) GTEST_SKIP() << "no ../shared/samples";
  std::vector<fs::path> pdfs;
  for (const fs::path& folder : {shared / "samples", shared / "samples" / "generated"}) {
    for (const auto& entry : fs::directory_iterator(folder)) {
      std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".pdf" && name.find(".scan.") == std::string::npos)
        pdfs.push_back(entry.path());
    }
  }
  ASSERT_GE(pdfs.size(), 3u);
  for (const fs::path& pdf : pdfs) {
    auto conv = test::run_stages(pdf, kRoute);
    ASSERT_FALSE(conv.failed()) << pdf;
    for (const Page& page : conv.doc->pages)
      EXPECT_EQ(page.method, PageMethod::text)
          << pdf.filename() << " p" << page.number << ": " << page.route_reason;
  }
}

TEST(RouteStage, ScannedSampleIsOcr) {
  fs::path scan = test::shared_dir() / "samples" / "glos-cabinet-2017-09-18.scan.pdf";
  if (test::shared_dir().empty() || !fs::exists(scan)) GTEST_SKIP() << "no scanned sample";
  auto conv = test::run_stages(scan, kRoute);
  ASSERT_FALSE(conv.failed());
  for (const Page& page : conv.doc->pages) EXPECT_EQ(page.method, PageMethod::ocr) << page.number;
}

}  // namespace
}  // namespace agendapack
