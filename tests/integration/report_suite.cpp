// agendapack report over a catalog made by `agendapack ingest`, with records edited to hold
// the flags the report lists (a funding total that does not add up, a repaired recommendation
// number): the figures, the page pictures with the record's box drawn in red, and the
// comparison with the previous report.
#include <gtest/gtest.h>

#include <fstream>

#include <leptonica/allheaders.h>
#include <nlohmann/json.hpp>

#include "pipeline/crawl/sql.h"
#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Red pixels of a PNG data URI inside [x0,x1)x[y0,y1), and overall.
struct RedCount {
  long inside = 0, total = 0;
  int width = 0;
};
RedCount red_pixels(const std::string& data_uri, int x0, int y0, int x1, int y1) {
  RedCount out;
  const std::string prefix = "data:image/png;base64,";
  if (data_uri.rfind(prefix, 0) != 0) return out;
  std::string b64 = data_uri.substr(prefix.size());
  l_int32 size = 0;
  l_uint8* png = decodeBase64(b64.c_str(), static_cast<l_int32>(b64.size()), &size);
  PIX* pix = pixReadMem(png, static_cast<size_t>(size));
  lept_free(png);
  if (!pix) return out;
  out.width = pixGetWidth(pix);
  for (l_int32 y = 0; y < pixGetHeight(pix); ++y) {
    for (l_int32 x = 0; x < pixGetWidth(pix); ++x) {
      l_int32 r, g, b;
      pixGetRGBPixel(pix, x, y, &r, &g, &b);
      if (r > 180 && g < 90 && b < 90) {
        out.total++;
        if (x >= x0 && x < x1 && y >= y0 && y < y1) out.inside++;
      }
    }
  }
  pixDestroy(&pix);
  return out;
}

TEST(Report, FlagsLinkToPicturesOfTheirPageWithTheBoxDrawn) {
  TempDir tmp;
  fs::path pdf_path = tmp.path() / "in" / "minutes.pdf";
  fs::create_directories(pdf_path.parent_path());
  {
    fixtures::PdfBuilder pdf(pdf_path);
    pdf.text(72, 90, "Minutes of the Cabinet", {16, true});
    pdf.new_page();
    pdf.text(72, 300, "Total funding £9m: social workers £2.460m, agency staff £6.128m");
    pdf.finish();
  }
  fs::path catalog = tmp.path() / "catalog.db";
  auto ing = run_cli({"ingest", pdf_path.string(), "--catalog", catalog.string(), "--out",
                      (tmp.path() / "records").string(), "-q"});
  ASSERT_EQ(ing.exit_code, 0) << ing.err;
  std::string sha = sha256_file(pdf_path.string());
  fs::path record_path = tmp.path() / "records" / (sha + ".json");
  json rec = json::parse(read_file(record_path));
  // The flags the report must list, with boxes whose place we know: page 2, y 290..302.
  rec["funding"] = json::array(
      {{{"item", "5"},
        {"context", "breakdown"},
        {"stated_total", {{"amount", 9000000}, {"currency", "GBP"}, {"raw", "£9m"}}},
        {"lines", json::array()},
        {"sum", 8588000},
        {"consistent", false},
        {"provenance", {{"page", 2}, {"bbox", {72, 290, 400, 302}}}}}});
  rec["recommendation_sets"] = json::array(
      {{{"title", "Inquiry"},
        {"recommendations",
         {{{"number", 6}, {"printed_number", "9"}, {"text", "We recommend"},
           {"provenance", {{"page", 1}, {"bbox", {72, 78, 250, 94}}}}}}}}});
  rec["meeting"]["date"] = nullptr;
  std::ofstream(record_path) << rec.dump();

  fs::path html = tmp.path() / "r.html", jpath = tmp.path() / "r.json";
  auto r = run_cli({"report", "--catalog", catalog.string(), "--html", html.string(), "--json",
                    jpath.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(read_file(jpath));
  EXPECT_EQ(j["documents"]["total"], 1);
  EXPECT_EQ(j["documents"]["done"], 1);
  EXPECT_EQ(j["documents"]["failed"], 0);
  EXPECT_EQ(j["fetched"], 0);  // no crawl in this catalog
  EXPECT_EQ(j["new"], 0);
  ASSERT_EQ(j["funding_mismatches"].size(), 1u);
  EXPECT_EQ(j["funding_mismatches"][0]["page"], 2);
  EXPECT_EQ(j["funding_mismatches"][0]["stated"], "£9m");
  EXPECT_EQ(j["funding_mismatches"][0]["sum"], 8588000);
  ASSERT_EQ(j["recommendations_repaired"].size(), 1u);
  EXPECT_EQ(j["recommendations_repaired"][0]["printed"], "9");
  EXPECT_EQ(j["recommendations_repaired"][0]["number"], "6");
  ASSERT_EQ(j["missing_meeting_date"].size(), 1u);
  EXPECT_FALSE(j.contains("pictures"));

  // The HTML carries the pictures; the funding one has its red box where the record says.
  std::string page = read_file(html);
  size_t at = page.find("id=\"table-funding_mismatches\"");
  ASSERT_NE(at, std::string::npos);
  size_t src = page.find("src=\"data:image/png;base64,", at);
  ASSERT_NE(src, std::string::npos);
  size_t end = page.find('"', src + 5);
  std::string uri = page.substr(src + 5, end - src - 5);
  // 40 dpi: points * 40/72; the box 72..400 x 290..302 is x 40..222, y 161..168 (+2 px frame).
  RedCount red = red_pixels(uri, 36, 156, 228, 173);
  EXPECT_NEAR(red.width, 331, 1);  // 595.3 pt at 40 dpi
  EXPECT_GT(red.inside, 300);
  EXPECT_EQ(red.inside, red.total) << "red outside the record's box";
  EXPECT_EQ(page.find("<script"), std::string::npos);

  // A second report compares with the first.
  auto r2 = run_cli({"report", "--catalog", catalog.string(), "--json", jpath.string()});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  json j2 = json::parse(read_file(jpath));
  EXPECT_FALSE(j2["changes"]["previous"].is_null());
  EXPECT_EQ(j2["changes"]["total"], 0);
  EXPECT_EQ(j2["changes"]["new_failures"].size(), 0u);
}

TEST(Report, RefusesAMissingCatalog) {
  TempDir tmp;
  auto r = run_cli({"report", "--catalog", (tmp.path() / "none.db").string(), "--json",
                    (tmp.path() / "r.json").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no such catalog"), std::string::npos);
}

}  // namespace
}  // namespace agendapack::test
