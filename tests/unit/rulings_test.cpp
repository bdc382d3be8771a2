// The rulings stage: morphology on images, and rendering only pages with table candidates.
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/runner.h"
#include "stages/load.h"
#include "stages/rulings.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/table_pdf.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::PdfBuilder;
using fixtures::TextStyle;

TEST(FindRulings, KeepsLongLinesAndDropsText) {
  // 72 dpi: one pixel is one point.
  const int w = 300, h = 200;
  std::vector<unsigned char> img(w * h, 255);
  for (int x = 20; x < 280; ++x) img[50 * w + x] = 120;         // horizontal rule, light ink
  for (int y = 30; y < 180; ++y) img[y * w + 100] = 0;          // vertical rule
  for (int x = 150; x < 160; ++x)                               // a short dash of text
    for (int y = 100; y < 103; ++y) img[y * w + x] = 0;
  for (int y = 90; y < 110; ++y) img[y * w + 200] = 0;          // a short stroke
  RulingsOptions o;
  auto rulings = find_rulings(img.data(), w, h, w, 72, o);
  ASSERT_EQ(rulings.size(), 2u);
  const Ruling& hr = rulings[0].horizontal ? rulings[0] : rulings[1];
  const Ruling& vr = rulings[0].horizontal ? rulings[1] : rulings[0];
  EXPECT_TRUE(hr.horizontal);
  EXPECT_NEAR(hr.pos, 50.5, 1);
  EXPECT_NEAR(hr.from, 20, 1);
  EXPECT_NEAR(hr.to, 280, 1);
  EXPECT_FALSE(vr.horizontal);
  EXPECT_NEAR(vr.pos, 100.5, 1);
  EXPECT_NEAR(vr.from, 30, 1);
  EXPECT_NEAR(vr.to, 180, 1);
}

TEST(FindRulings, ScalesToPointsAtOtherResolutions) {
  const int w = 400, h = 400;  // 144 dpi: two pixels a point
  std::vector<unsigned char> img(w * h, 255);
  for (int x = 40; x < 360; ++x) img[200 * w + x] = 0;
  auto rulings = find_rulings(img.data(), w, h, w, 144, RulingsOptions{});
  ASSERT_EQ(rulings.size(), 1u);
  EXPECT_NEAR(rulings[0].pos, 100.25, 0.5);
  EXPECT_NEAR(rulings[0].from, 20, 0.5);
  EXPECT_NEAR(rulings[0].to, 180, 0.5);
}

// A scan's rule, 0.6 degrees off level and broken by noise: levelled by the page's skew and
// joined, it is one rule at one height; untouched, the long brick cuts it into pieces.
TEST(FindRulings, ASkewedBrokenScanRuleIsLevelledAndJoined) {
  const int w = 1200, h = 600;  // 150 dpi
  const double slope = std::tan(0.6 * M_PI / 180);
  std::vector<unsigned char> img(w * h, 255);
  for (int x = 100; x < 1100; ++x) {
    if (x > 500 && x < 520) continue;  // a gap the scanner's noise left
    int y = static_cast<int>(std::lround(300 + (x - 600) * slope));
    img[y * w + x] = 60;
    img[(y + 1) * w + x] = 60;
  }
  RulingsOptions o;
  auto raw = find_rulings(img.data(), w, h, w, 150, o);
  EXPECT_GT(raw.size(), 1u);
  // Page::skew is the turn that levels the page: against the slope.
  auto level = find_rulings(img.data(), w, h, w, 150, o, -0.6, true);
  ASSERT_EQ(level.size(), 1u);
  EXPECT_TRUE(level[0].horizontal);
  EXPECT_NEAR(level[0].pos, 300 * 72.0 / 150, 1.5);
  EXPECT_NEAR(level[0].from, 100 * 72.0 / 150, 3);
  EXPECT_NEAR(level[0].to, 1100 * 72.0 / 150, 3);
}

// Runs the stages up to `rulings` and returns the render count.
int renders_of(const std::filesystem::path& pdf, std::shared_ptr<Document>* doc_out = nullptr) {
  static Logger log(LogLevel::error);
  Config cfg = test::test_config();
  cfg.set_stages({"load", "text", "layout", "rulings"});
  auto pipeline = Pipeline::build(cfg);
  int renders = -1;
  pipeline->after_stage = [&](std::string_view stage, const Document& doc) {
    if (stage == "rulings" && doc.pdf) renders = doc.pdf->renders();
  };
  auto conv = pipeline->convert(pdf.string(), log);
  EXPECT_FALSE(conv.failed());
  if (doc_out) *doc_out = conv.doc;
  return renders;
}

TEST(RulingsStage, RendersOnlyTheTablePage) {
  test::TempDir dir;
  auto path = dir.path() / "mixed.pdf";
  {
    PdfBuilder pdf(path);
    fixtures::FlowWriter flow(pdf);
    for (int page = 0; page < 2; ++page) {
      flow.paragraph(std::to_string(page + 1) + ".  WORK PROGRAMME", TextStyle{11, true});
      for (int k = 0; k < 6; ++k)
        flow.paragraph("The Committee considered the report. The details were set out in the "
                       "report circulated with the agenda, and Members noted the progress made.");
      flow.new_page();
    }
    test::TableDrawing t;
    t.edges = {72, 200, 330, 523};
    t.rows = {{{"Scheme"}, {"Lead"}, {"Allocation"}},
              {{"Bridges"}, {"Highways"}, {"£3,720,000"}},
              {{"Lighting"}, {"Highways"}, {"£367,580"}}};
    test::draw_table(pdf, t, 100, [](PdfBuilder&) { return 72.0; });
    pdf.finish();
  }
  std::shared_ptr<Document> doc;
  EXPECT_EQ(renders_of(path, &doc), 1);
  ASSERT_EQ(doc->pages.size(), 3u);
  EXPECT_TRUE(doc->pages[0].rulings.empty());
  EXPECT_TRUE(doc->pages[1].rulings.empty());
  int h = 0, v = 0;
  for (const Ruling& r : doc->pages[2].rulings) (r.horizontal ? h : v)++;
  EXPECT_EQ(h, 4);  // top, under the header, between rows, bottom
  EXPECT_EQ(v, 4);
}

TEST(RulingsStage, ProseDocumentIsNeverRendered) {
  test::TempDir dir;
  auto path = dir.path() / "prose.pdf";
  {
    PdfBuilder pdf(path);
    fixtures::FlowWriter flow(pdf);
    for (int item = 1; item <= 9; ++item) {
      flow.paragraph(std::to_string(item) + ".   APOLOGIES FOR ABSENCE", TextStyle{11, true});
      flow.paragraph("Apologies for absence were received from Cllr L Hepworth and Cllr S "
                     "Cheetham. It was noted that the proposals had been discussed with the "
                     "relevant Cabinet Member.");
      flow.paragraph("\xE2\x80\xA2   Members welcomed the report", TextStyle{}, 18);
    }
    pdf.finish();
  }
  EXPECT_EQ(renders_of(path), 0);
}

}  // namespace
}  // namespace agendapack
