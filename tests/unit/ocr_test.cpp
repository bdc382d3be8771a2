// The OCR stage end to end on generated scans (label `slow`: Tesseract takes a second or two
// per page): the words it must recover, where they are, and what the record says about them.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "pipeline/errors.h"
#include "stages/ocr.h"
#include "stages/ocr_marks.h"
#include "stages/ocr_numbers.h"
#include "stages/ocr_scan.h"
#include "tests/fixtures/scan.h"
#include "tests/fixtures/table_layouts.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/ocr_fixtures.h"
#include "tests/unit/table_pdf.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;

const std::vector<std::string> kOcr = {"load", "text", "route", "ocr"};

// Strips the punctuation OCR and the truth may disagree on ("Williams." vs "Williams").
std::string bare(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

struct Match {
  size_t found = 0, total = 0;
  double worst_center = 0;  // points, over the matched words
  std::vector<std::string> missing;
};

// Each truth word is matched with the nearest OCR word of the same text.
Match match_words(const std::vector<test::TruthWord>& truth, const std::vector<Word>& words) {
  Match m;
  for (const auto& t : truth) {
    if (bare(t.text).empty()) continue;
    ++m.total;
    double best = 1e9;
    for (const Word& w : words) {
      if (w.source != WordSource::ocr || bare(w.text) != bare(t.text)) continue;
      best = std::min(best, std::hypot(w.bbox.cx() - t.box.cx(), w.bbox.cy() - t.box.cy()));
    }
    if (best < 1e9) {
      ++m.found;
      m.worst_center = std::max(m.worst_center, best);
    } else {
      m.missing.push_back(t.text);
    }
  }
  return m;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + " ";
  return s;
}

void expect_recovered(const std::vector<test::TruthWord>& truth, const Page& page,
                      double max_center_pt) {
  Match m = match_words(truth, page.words);
  EXPECT_GE(m.found * 10, m.total * 9) << m.found << "/" << m.total
                                        << " found; missing: " << joined(m.missing);
  EXPECT_LE(m.worst_center, max_center_pt);
}

TEST(OcrStage, ImageOnlyPageGivesOcrWordsInPoints) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 200);
  auto path = dir.path() / "scan.pdf";
  {
    PdfBuilder pdf(path);
    test::paint_scan(pdf, img, 0, truth);
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::ocr);
  expect_recovered(truth, page, 3.0);
  ASSERT_TRUE(page.ocr_confidence.has_value());
  EXPECT_GT(*page.ocr_confidence, 0.8);
  for (const Word& w : page.words) {
    EXPECT_EQ(w.source, WordSource::ocr);
    EXPECT_GT(w.confidence, 0.0f);
    EXPECT_LE(w.confidence, 1.0f);
    EXPECT_FALSE(w.bold);
  }
  // Sizes and boxes like a text layer's: 13 pt type, every word of a line the same height.
  const Word* apologies = nullptr;
  for (const Word& w : page.words)
    if (w.text == "Apologies") apologies = &w;
  ASSERT_NE(apologies, nullptr);
  // OCR sizes come from Tesseract's row height (ascender top to descender bottom, about
  // 0.95 em): near enough to a typeset size to tell headings from body text.
  EXPECT_NEAR(apologies->font_size, 13, 1.0);
  for (const auto& t : truth)
    if (t.text == "Apologies" && std::fabs(t.box.cy() - apologies->bbox.cy()) < 6) {
      EXPECT_NEAR(apologies->bbox.x0, t.box.x0, 2.0);
      EXPECT_NEAR(apologies->bbox.y0, t.box.y0, 3.0);
      EXPECT_NEAR(apologies->bbox.y1, t.box.y1, 3.0);
    }
  EXPECT_TRUE(conv.doc->issues.empty());
}

// A scan between two text pages: only the scan is OCRed, the text pages keep exactly the words
// of their text layer.
TEST(OcrStage, MixedDocumentKeepsTextPagesAndOcrsTheScan) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 200);
  auto path = dir.path() / "mixed.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text(72, 100, "Agenda item six: the appendix follows");
    pdf.new_page();
    test::paint_scan(pdf, img, 0, truth);
    pdf.new_page();
    pdf.text(72, 100, "Agenda item seven");
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const auto& pages = conv.doc->pages;
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].method, PageMethod::text);
  EXPECT_EQ(pages[1].method, PageMethod::ocr);
  EXPECT_EQ(pages[2].method, PageMethod::text);
  EXPECT_EQ(pages[0].words.size(), 6u);
  EXPECT_FALSE(pages[0].ocr_confidence.has_value());
  // Word for word what the text layer alone says.
  auto text_only = test::run_stages(path, {"load", "text"});
  ASSERT_FALSE(text_only.failed());
  for (size_t p : {size_t{0}, size_t{2}}) {
    const auto& want = text_only.doc->pages.at(p).words;
    ASSERT_EQ(pages[p].words.size(), want.size()) << "page " << p + 1;
    for (size_t idx = 0; idx < want.size(); ++idx) {
      EXPECT_EQ(pages[p].words[idx].text, want[idx].text);
      EXPECT_EQ(pages[p].words[idx].source, WordSource::text);
    }
  }
  for (const Word& w : pages[2].words) EXPECT_EQ(w.source, WordSource::text);
  expect_recovered(truth, pages[1], 3.0);
}

TEST(OcrStage, TextDrawnAsOutlinesIsRead) {
  test::TempDir dir;
  auto path = dir.path() / "outlines.pdf";
  std::vector<test::TruthWord> truth;
  {
    // The truth from a text twin; the page itself has outlines only.
    PdfBuilder twin(dir.path() / "twin.pdf");
    truth = test::draw_words(twin, test::minutes_lines(), 72, 110);
    twin.finish();
    PdfBuilder pdf(path);
    double y = 110;
    for (const auto& line : test::minutes_lines()) {
      pdf.text_as_outlines(72, y, line, TextStyle{13});
      y += 24;
    }
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::ocr);
  expect_recovered(truth, page, 3.0);
}

TEST(OcrStage, GarbageTextLayerIsReplacedByOcr) {
  test::TempDir dir;
  auto path = dir.path() / "garbage.pdf";
  std::vector<test::TruthWord> truth;
  {
    PdfBuilder twin(dir.path() / "twin.pdf");
    truth = test::draw_words(twin, test::minutes_lines(), 72, 110);
    twin.finish();
    PdfBuilder pdf(path);
    double y = 110;
    for (const auto& line : test::minutes_lines()) {
      test::text_with_private_use(pdf, 72, y, line);
      y += 24;
    }
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::ocr);
  for (const Word& w : page.words) {
    EXPECT_EQ(w.source, WordSource::ocr) << "garbage word kept: " << w.text;
    EXPECT_EQ(w.text.find("\xEE\x80"), std::string::npos) << w.text;
  }
  expect_recovered(truth, page, 3.0);
}

TEST(OcrStage, SidewaysScanIsTurnedAndMappedBack) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 200);
  auto path = dir.path() / "sideways.pdf";
  {
    // A portrait page fed into the scanner sideways: a landscape page, text running down.
    PdfBuilder pdf(path, 841.9, 595.3);
    test::paint_scan(pdf, img, 90, truth);
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  EXPECT_EQ(page.method, PageMethod::ocr);
  expect_recovered(truth, page, 4.0);
}

// A page scanned 2 degrees askew is levelled, and its words stay in the levelled page: where
// they were before the scanner turned them, so that rows (and a table's rules, which rulings
// levels by Page::skew) are horizontal.
TEST(OcrStage, SkewedScanIsLevelledAndWordsStayLevel) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 200);
  std::vector<test::TruthWord> level = truth;
  auto path = dir.path() / "skewed.pdf";
  {
    PdfBuilder pdf(path);
    test::paint_scan(pdf, img, 2.0, truth);
    test::place_truth(level, 0, 595.3, 841.9, pdf.width(), pdf.height());
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  EXPECT_NEAR(page.skew, -2.0, 0.3);
  expect_recovered(level, page, 4.0);
  // Not where the skewed image put them: the words of a long line share one baseline.
  Match skewed = match_words(truth, page.words);
  EXPECT_GT(skewed.worst_center, 8.0);
}

TEST(OcrStage, TextPlusOcrAddsOnlyWordsOutsideTheTextLayer) {
  test::TempDir dir;
  std::vector<test::TruthWord> scanned;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), scanned, 200, 13, 60);
  auto path = dir.path() / "partial.pdf";
  size_t text_words = 0;
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    for (int idx = 0; idx < 2; ++idx)
      flow.paragraph("The Cabinet considered the report of the Director of Highways on the "
                     "programme of road repairs for the coming year and noted the appendix.");
    const BBox where{72, 300, 72 + 595.3 * 0.75, 300 + 841.9 * 0.75};
    pdf.image(img.px, img.w, img.h, where);
    for (auto& t : scanned)  // the scan is painted at three quarters size
      t.box = {where.x0 + t.box.x0 * 0.75, where.y0 + t.box.y0 * 0.75,
               where.x0 + t.box.x1 * 0.75, where.y0 + t.box.y1 * 0.75};
  }
  auto text_only = test::run_stages(path, {"load", "text"});
  text_words = text_only.doc->pages.at(0).words.size();
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  ASSERT_EQ(page.method, PageMethod::text_ocr) << page.route_reason;
  size_t kept = 0;
  for (const Word& w : page.words) {
    if (w.source == WordSource::text) {
      ++kept;
    } else {
      EXPECT_GT(w.bbox.y0, 290) << "OCR word over the text layer: " << w.text;
    }
  }
  EXPECT_EQ(kept, text_words);
  expect_recovered(scanned, page, 3.0);
}

TEST(OcrStage, TwoThreadsGiveTheSameWordsAsOne) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 150);
  auto path = dir.path() / "three.pdf";
  {
    PdfBuilder pdf(path);
    for (int idx = 0; idx < 3; ++idx) {
      if (idx) pdf.new_page();
      auto copy = truth;
      test::paint_scan(pdf, img, 0, copy);
    }
  }
  auto one = test::run_with(path, test::config_with({"runner.jobs=1"}), kOcr);
  auto two = test::run_with(path, test::config_with({"runner.jobs=2"}), kOcr);
  ASSERT_FALSE(one.failed());
  ASSERT_FALSE(two.failed());
  for (size_t p = 0; p < 3; ++p) {
    const auto& a = one.doc->pages[p].words;
    const auto& b = two.doc->pages[p].words;
    ASSERT_EQ(a.size(), b.size()) << "page " << p + 1;
    ASSERT_GT(a.size(), 40u);
    for (size_t idx = 0; idx < a.size(); ++idx) {
      EXPECT_EQ(a[idx].text, b[idx].text);
      EXPECT_EQ(a[idx].bbox, b[idx].bbox);
    }
  }
}

TEST(OcrStage, LowConfidencePageRaisesAnIssue) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  auto img = test::scan_of(dir.path(), test::minutes_lines(), truth, 200);
  auto path = dir.path() / "scan.pdf";
  {
    PdfBuilder pdf(path);
    test::paint_scan(pdf, img, 0, truth);
  }
  // No page reaches a confidence of 1.0, so every OCRed page is "low" at this threshold.
  auto conv = test::run_with(path, test::config_with({"ocr.min_page_confidence=1.01"}),
                             {"load", "text", "route", "ocr", "emit"});
  ASSERT_FALSE(conv.failed());
  ASSERT_EQ(conv.doc->issues.size(), 1u);
  EXPECT_EQ(conv.doc->issues[0].code, "OCR_LOW_CONFIDENCE");
  EXPECT_EQ(conv.doc->issues[0].severity, "warning");
  EXPECT_EQ(conv.doc->issues[0].page, 1);
  EXPECT_EQ(conv.record["quality"]["low_confidence_pages"], 1);
  EXPECT_EQ(conv.record["pages"][0]["method"], "ocr");
}

// Tesseract is a module loaded on first need: a born-digital file converts without it, and a
// scan without it is an environment error, not a crash.
TEST(OcrStage, ModuleLoadsOnlyWhenAPageNeedsOcr) {
  test::TempDir dir;
  auto scan = dir.path() / "outlines.pdf";
  {
    PdfBuilder pdf(scan);
    pdf.text_as_outlines(72, 100, "Minutes of the meeting", TextStyle{13});
  }
  auto text = dir.path() / "text.pdf";
  {
    PdfBuilder pdf(text);
    FlowWriter flow(pdf);
    for (int idx = 0; idx < 20; ++idx)
      flow.paragraph("The Cabinet considered the report and agreed the recommendations.");
  }
  ::setenv("AGENDAPACK_OCR_MODULE", "/nonexistent/libagendapack_ocr.so", 1);
  auto missing = test::run_cli({"convert", scan.string(), "-o", "-"});
  auto fine = test::run_cli({"convert", text.string(), "-o", "-"});
  ::unsetenv("AGENDAPACK_OCR_MODULE");
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_NE(missing.err.find("OCR_UNAVAILABLE"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("OCR module"), std::string::npos) << missing.err;
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
  auto ok = test::run_cli({"convert", scan.string(), "-o", "-"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("\"method\":\"ocr\""), std::string::npos);
}

TEST(OcrStage, MissingLanguageDataIsAnEnvironmentError) {
  test::TempDir dir;
  auto path = dir.path() / "outlines.pdf";
  {
    PdfBuilder pdf(path);
    pdf.text_as_outlines(72, 100, "Minutes of the meeting", TextStyle{13});
  }
  auto conv = test::run_with(path, test::config_with({"ocr.lang=\"zzz\""}), kOcr);
  ASSERT_TRUE(conv.failed());
  EXPECT_EQ(conv.error->code, codes::kOcrUnavailable);
  EXPECT_EQ(conv.error->stage, "ocr");
  EXPECT_NE(missing_tessdata("", "zzz"), "");
  EXPECT_EQ(missing_tessdata("", "eng"), "");

  auto cli = test::run_cli({"convert", path.string(), "-o", "-", "--ocr-lang", "zzz"});
  EXPECT_EQ(cli.exit_code, 3) << cli.err;
  EXPECT_NE(cli.err.find("OCR_UNAVAILABLE"), std::string::npos) << cli.err;
  // A born-digital file needs no OCR, so missing language data does not matter.
  auto text_path = dir.path() / "text.pdf";
  {
    PdfBuilder pdf(text_path);
    FlowWriter flow(pdf);
    for (int idx = 0; idx < 20; ++idx)
      flow.paragraph("The Cabinet considered the report and agreed the recommendations.");
  }
  auto fine = test::run_cli({"convert", text_path.string(), "-o", "-", "--ocr-lang", "zzz",
                             "--stages", "load,text,route,ocr,emit"});
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
}

// A ruled table on a scanned page (the page is one image): its truth, and the conversion.
struct ScannedTable {
  test::TableDrawing drawing;
  Conversion conv;
};

ScannedTable convert_scanned_table(const fs::path& dir) {
  ScannedTable out;
  test::TableDrawing& t = out.drawing;
  t.edges = {72, 260, 390, 520};
  t.size = 12;
  t.leading = 14;
  t.pad = 6;
  t.rows = {{{"Scheme"}, {"Ward"}, {"Budget"}},
            {{"Bridge repairs"}, {"Northgate"}, {"£120,000"}},
            {{"Drainage works"}, {"Eastfield"}, {"£85,000"}},
            {{"Road resurfacing"}, {"Westbury"}, {"£310,000"}},
            {{"Street lighting"}, {"Southwick"}, {"£42,500"}}};
  auto src = dir / "table-source.pdf";
  {
    fixtures::PdfBuilder pdf(src);
    pdf.text(72, 90, "Capital programme 2018/19", TextStyle{14, true});
    test::draw_table(pdf, t, 120, [](fixtures::PdfBuilder&) { return 72.0; });
  }
  auto img = test::rasterise(src, 200);
  auto path = dir / "table-scan.pdf";
  {
    PdfBuilder pdf(path);
    std::vector<test::TruthWord> none;
    test::paint_scan(pdf, img, 0, none);
  }
  out.conv = test::run_stages(path, {"load", "text", "route", "ocr", "layout", "rulings", "tables"});
  return out;
}

// rulings finds the rules on the render of the scan, OCR gives the words, and tables rebuilds
// the grid with every cell's text.
TEST(OcrStage, RuledTableOnAScanIsRebuilt) {
  test::TempDir dir;
  ScannedTable st = convert_scanned_table(dir.path());
  const auto& t = st.drawing;
  ASSERT_FALSE(st.conv.failed()) << st.conv.error->message;
  ASSERT_EQ(st.conv.doc->pages.at(0).method, PageMethod::ocr);
  ASSERT_EQ(st.conv.doc->tables.size(), 1u);
  const Table& table = st.conv.doc->tables[0];
  ASSERT_EQ(table.rows.size(), t.rows.size());
  for (size_t r = 0; r < t.rows.size(); ++r) {
    ASSERT_EQ(table.rows[r].size(), 3u) << "row " << r;
    for (size_t c = 0; c < 3; ++c)
      EXPECT_EQ(table.rows[r][c].text, t.rows[r][c][0]) << r << "," << c;
  }
}

// A table read from OCR words is method "ocr", ruled or not.
TEST(OcrStage, RuledTableOnAScanHasMethodOcr) {
  test::TempDir dir;
  ScannedTable st = convert_scanned_table(dir.path());
  ASSERT_FALSE(st.conv.failed()) << st.conv.error->message;
  ASSERT_EQ(st.conv.doc->tables.size(), 1u);
  EXPECT_EQ(st.conv.doc->tables[0].method, TableMethod::ocr);
}

// Bulleted minutes without numbers (tests/unit/item_forms_test.cpp's, scanned at 300 dpi): OCR
// reads weight word by word and misses some, yet each top-level bullet whose lead is bold is
// an item, titled to its dash; and an ordinal's raised "th" (read as "%" or digits) leaves the
// day it follows, so the meeting's date is found. Sub-bullets stay inside their items.
TEST(OcrStage, ScannedBulletedMinutesKeepTheirItemsAndDate) {
  test::TempDir dir;
  auto src = dir.path() / "bullets.pdf";
  {
    PdfBuilder pdf(src);
    const TextStyle body{10.5}, bold{10.5, true}, big{16, true}, raised{7, true};
    pdf.text(170, 80, "Commission Meeting Minutes", big);
    // "MEETING 11th NOVEMBER 2015", its "th" small and raised.
    const TextStyle head{12, true};
    double x = 200;
    pdf.text(x, 110, "MEETING 11", head);
    x += pdf.text_width("MEETING 11", head);
    pdf.text(x, 104, "th", raised);
    x += pdf.text_width("th ", raised);
    pdf.text(x, 110, "NOVEMBER 2015", head);
    double y = 150;
    auto bullet = [&](double bx, const std::string& glyph, const std::string& lead,
                      const std::string& rest) {
      // A word processor's bullet, larger than a full stop.
      pdf.text(bx, y, glyph, glyph == "o" ? body : TextStyle{16});
      if (!lead.empty()) pdf.text(bx + 18, y, lead, bold);
      double rx = bx + 18 + (lead.empty() ? 0 : pdf.text_width(lead + " ", bold));
      if (!rest.empty()) pdf.text(rx, y, rest, body);
      y += 20;
    };
    const std::string dot = "\xE2\x80\xA2";
    bullet(90, dot, "Perfunctory Business", "");
    bullet(126, "o", "Commissioners Present:", "Anthony Qaiyum, Zach Maiorca");
    bullet(126, "o", "", "Ryan Warsing presented the balance sheet and the year's accounts");
    bullet(126, "o", "", "In 2017 the Commission received most of the taxes it expected");
    bullet(90, dot, "Meeting called to order at 9:08am", "- M. Prest (motion), C. Dallas (second)");
    bullet(90, dot, "Todd Feinberg welcomed to the Commission", "");
    bullet(90, dot, "Minutes from 11/30/17 meeting approved", "- Z. Maiorca (motion), T. Feinberg (second)");
    bullet(90, dot, "New Business", "");
    bullet(126, "o", "APPROVED", "- 2018 Meetings Calendar");
    bullet(126, "o", "", "Streetscape improvements on the avenue mean new opportunities");
    bullet(126, "o", "", "Holiday decorations were taken down and stored on schedule");
    bullet(90, dot, "Meeting adjourned at 11:25am", "");
    pdf.finish();
  }
  auto scan = dir.path() / "bullets.scan.pdf";
  ASSERT_TRUE(fixtures::write_scan(src.string(), scan.string(), 300, 0.5));
  auto conv = test::run_stages(scan);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  std::vector<std::string> titles;
  for (const Item& item : conv.doc->items) titles.push_back(item.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Perfunctory Business",
                                              "Meeting called to order at 9:08am",
                                              "Todd Feinberg welcomed to the Commission",
                                              "Minutes from 11/30/17 meeting approved",
                                              "New Business", "Meeting adjourned at 11:25am"}));
  EXPECT_EQ(conv.doc->meeting.date, "2015-11-11");
}

// Titles in bold, not capitals, each over its "(Item N)", on a scan: OCR's weight alone does
// not make a title (it misses and adds), but the "(Item N)" under a bold line says what the
// line is. The numbered paragraphs under them stay the minutes'.
TEST(OcrStage, ScannedTitlesOverTheirItemNumbersAreItems) {
  test::TempDir dir;
  auto src = dir.path() / "trailing.pdf";
  const std::vector<std::string> names = {"Apologies and Substitutes", "Chairman's Announcements",
                                          "Participation Team Update", "Challenge Cards Update"};
  {
    PdfBuilder pdf(src);
    FlowWriter flow(pdf);
    flow.start();
    const TextStyle body{12}, bold{12, true};
    flow.paragraph("CORPORATE PARENTING PANEL - 10 December 2024", TextStyle{12, true}, 60, 10);
    flow.paragraph("PRESENT: Mr R Alder (Chairman), Mr N Birch and Mrs C Cedar", body, 0, 14);
    for (size_t n = 0; n < names.size(); ++n) {
      flow.gap(10);
      flow.paragraph(names[n], bold, 0, 6);
      flow.paragraph("(Item " + std::to_string(n + 1) + ")", body, 0, 8);
      flow.label("1.", 18, body);
      flow.paragraph("The Chair reminded the Panel of the Christmas campaign and asked that "
                     "those who could contribute did so.", body, 36, 8);
      flow.label("2.", 18, body);
      flow.paragraph("RESOLVED that the update be noted.", body, 36, 8);
    }
    pdf.finish();
  }
  auto scan = dir.path() / "trailing.scan.pdf";
  ASSERT_TRUE(fixtures::write_scan(src.string(), scan.string(), 300, -0.5));
  auto conv = test::run_stages(scan);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  std::vector<std::string> numbers, titles;
  for (const Item& item : conv.doc->items) {
    numbers.push_back(item.number);
    titles.push_back(item.title);
  }
  EXPECT_EQ(numbers, (std::vector<std::string>{"1", "2", "3", "4"}));
  EXPECT_EQ(titles, names);
}

// The table layouts of tests/unit/table_layouts_test.cpp through their scan twins (300 dpi, half
// a degree of skew): OCR misreads a character here and there, so each layout's tables are
// held to a floor of cell agreement (F1 of the bags of non-empty cells, as the peers' bench
// scores), not to exact cells.
double cell_agreement(const Document& doc,
                      const std::vector<std::vector<std::vector<std::string>>>& truth) {
  std::map<std::string, int> want, got;
  for (const auto& t : truth)
    for (const auto& row : t)
      for (const auto& c : row)
        if (!c.empty()) ++want[c];
  for (const Table& t : doc.tables)
    for (const auto& row : t.rows)
      for (const Cell& c : row) {
        std::string text = c.text;
        std::replace(text.begin(), text.end(), '\n', ' ');
        if (!text.empty()) ++got[text];
      }
  int w = 0, g = 0, both = 0;
  for (const auto& [k, n] : want) {
    w += n;
    auto it = got.find(k);
    if (it != got.end()) both += std::min(n, it->second);
  }
  for (const auto& [k, n] : got) g += n;
  return w + g == 0 ? 1.0 : 2.0 * both / (w + g);
}

TEST(TableLayoutsScanned, EveryLayoutThroughItsScanTwinKeepsItsCells) {
  using Writer = fixtures::LayoutTruth (*)(const std::filesystem::path&);
  const std::vector<std::pair<std::string, Writer>> layouts = {
      {"underlined-headings", fixtures::write_underlined_headings},
      {"tab-heading", fixtures::write_tab_heading_between_tables},
      {"justified", fixtures::write_justified_prose_between_tables},
      {"statistics", fixtures::write_framed_statistics},
      {"ruled-across", fixtures::write_grid_ruled_across},
      {"wide-header", fixtures::write_statistics_wide_header},
      {"tight", fixtures::write_tight_statistics},
      {"indented", fixtures::write_indented_figures_header},
      {"typed", fixtures::write_typed_rule_table},
      {"column", fixtures::write_table_in_a_text_column},
      {"sectioned", fixtures::write_sectioned_statistics},
      {"numbered", fixtures::write_numbered_rows_table}};
  const std::vector<std::string> stages = {"load", "text", "route", "ocr",
                                           "layout", "rulings", "tables"};
  // Known weak on scans (2026-12-06): figures set 3.5 points apart merge (narrow gaps count on
  // born-digital pages only: 37.5), and a numbered table's wrapped rows lose cells (85.7).
  // The typed dash row under a header, which Tesseract dropped with the header (0), is now
  // erased before recognition and put back as a word of dashes (97.1). Floors a little under
  // what they reach.
  const std::map<std::string, double> weak = {{"tight", 30}, {"numbered", 80}};
  test::TempDir dir;
  double sum = 0;
  for (const auto& [name, write] : layouts) {
    fs::path born = dir.path() / (name + ".pdf"), scan = dir.path() / (name + ".scan.pdf");
    fixtures::LayoutTruth truth = write(born);
    ASSERT_TRUE(fixtures::write_scan(born.string(), scan.string(), 300, 0.5)) << name;
    auto conv = test::run_stages(scan, stages);
    ASSERT_FALSE(conv.failed()) << name << ": " << conv.error->message;
    double a = 100 * cell_agreement(*conv.doc, truth.tables);
    double floor = weak.count(name) ? weak.at(name) : 88;
    std::printf("[ layout   ] %-20s scanned cell agreement %5.1f (floor %.0f)\n", name.c_str(), a,
                floor);
    EXPECT_GE(a, floor) << name;
    sum += a;
  }
  double mean = sum / static_cast<double>(layouts.size());
  std::printf("[ layouts  ] mean %.1f\n", mean);
  EXPECT_GE(mean, 80.0);
}

TEST(OcrStage, ScannedSampleReadsLikeItsTwin) {
  fs::path samples = test::shared_dir() / "samples";
  fs::path scan = samples / "glos-cabinet-2017-09-18.scan.pdf";
  if (test::shared_dir().empty() || !fs::exists(scan)) GTEST_SKIP() << "no scanned sample";
  auto twin = test::run_stages(samples / "glos-cabinet-2017-09-18.pdf", {"load", "text"});
  auto conv = test::run_stages(scan, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  // Word recall against the born-digital twin, page by page.
  for (size_t p = 0; p < conv.doc->pages.size(); ++p) {
    std::map<std::string, int> want;
    for (const Word& w : twin.doc->pages.at(p).words)
      if (!bare(w.text).empty()) ++want[bare(w.text)];
    size_t total = 0, found = 0;
    for (const auto& [text, n] : want) total += static_cast<size_t>(n);
    for (const Word& w : conv.doc->pages[p].words) {
      auto it = want.find(bare(w.text));
      if (it != want.end() && it->second > 0) {
        --it->second;
        ++found;
      }
    }
    EXPECT_GE(found * 100, total * 90) << "page " << p + 1 << ": " << found << "/" << total;
    // Body text sizes as typeset (11 pt): the median word size of each page within 1 pt.
    auto median_size = [](const std::vector<Word>& words) {
      std::vector<float> sizes;
      for (const Word& w : words) sizes.push_back(w.font_size);
      if (sizes.empty()) return 0.0f;
      std::nth_element(sizes.begin(), sizes.begin() + static_cast<long>(sizes.size() / 2), sizes.end());
      return sizes[sizes.size() / 2];
    };
    EXPECT_NEAR(median_size(conv.doc->pages[p].words), median_size(twin.doc->pages.at(p).words),
                1.0)
        << "page " << p + 1;
    EXPECT_GT(conv.doc->pages[p].ocr_confidence.value_or(0), 0.8);
  }
}

}  // namespace
}  // namespace agendapack

namespace agendapack {
namespace {

Word ocr_word(const std::string& text, double x0, double x1, bool space_after = true) {
  Word w;
  w.text = text;
  w.bbox = {x0, 100, x1, 112};
  w.baseline = 110;
  w.font_size = 11;
  w.source = WordSource::ocr;
  w.space_after = space_after;
  return w;
}

std::vector<std::string> texts(const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (const Word& w : words) out.push_back(w.text);
  return out;
}

// The vocabulary the project ships: its corrections, its honorifics, its gap.
TEST(OcrFixes, HonorificsGluedAndSplitCapitalsAreMended) {
  const nlohmann::json& vocab = test::test_config().vocab("ocr");
  std::vector<Word> words = {ocr_word("Clir", 72, 90),     ocr_word("A", 94, 100),
                             ocr_word("Barraclough,", 104, 160), ocr_word("ClirE", 166, 192),
                             ocr_word("Dalby", 196, 224),  ocr_word("Scrutiny", 230, 270),
                             ocr_word("C", 274, 281),      ocr_word("ommittee", 283, 330),
                             ocr_word("A", 340, 347),      ocr_word("new", 351, 370, false)};
  fix_ocr_words(words, vocab);
  EXPECT_EQ(texts(words), (std::vector<std::string>{"Cllr", "A", "Barraclough,", "Cllr", "E",
                                                    "Dalby", "Scrutiny", "Committee", "A",
                                                    "new"}));
  // The split halves share the glued word's box; the joined word spans both.
  EXPECT_NEAR(words[3].bbox.x0, 166, 0.01);
  EXPECT_LT(words[3].bbox.x1, words[4].bbox.x0);
  EXPECT_NEAR(words[4].bbox.x1, 192, 0.01);
  EXPECT_NEAR(words[7].bbox.x0, 274, 0.01);
  EXPECT_NEAR(words[7].bbox.x1, 330, 0.01);
  // A word at the end of its line is not joined to the next line's.
  std::vector<Word> across = {ocr_word("C", 72, 79, false), ocr_word("ommittee", 80, 120)};
  fix_ocr_words(across, vocab);
  EXPECT_EQ(across.size(), 2u);
  // An honorific run into its initials and surname, spaces lost on a 200 dpi scan: a word
  // each, in the glued word's box. "Mrsmith" and "Drake" are no honorific's.
  std::vector<Word> run = {ocr_word("PRESENT:", 20, 66),       ocr_word("MrBJSweetland", 72, 150),
                           ocr_word("(Chairman),", 154, 210),  ocr_word("MrAM", 214, 240),
                           ocr_word("Ridgers,", 244, 280),     ocr_word("Mrsmith", 284, 320),
                           ocr_word("Drake", 324, 350, false)};
  fix_ocr_words(run, vocab);
  EXPECT_EQ(texts(run), (std::vector<std::string>{"PRESENT:", "Mr", "B", "J", "Sweetland",
                                                  "(Chairman),", "Mr", "A", "M", "Ridgers,",
                                                  "Mrsmith", "Drake"}));
  EXPECT_NEAR(run[1].bbox.x0, 72, 0.01);
  EXPECT_NEAR(run[4].bbox.x1, 150, 0.01);
  EXPECT_LT(run[2].bbox.x1, run[3].bbox.x0);
}

// An honorific's initial read as a mark ("Cllr!", "Cllr | Woolcott", "Mr)"), and a month
// whose capital became a bracket on the word before ("31st) anuary"; "(31st)" keeps its own),
// and a total's underline read as underscores after its figure.
TEST(OcrFixes, AnHonorificsInitialIAndAMonthsCapitalAreMended) {
  const nlohmann::json& vocab = test::test_config().vocab("ocr");
  std::vector<Word> words = {ocr_word("Cllr!", 72, 92),  ocr_word("Woolcott,", 96, 140),
                             ocr_word("Cllr", 146, 166), ocr_word("|", 170, 172),
                             ocr_word("Gatley", 176, 210), ocr_word("Friday,", 216, 250),
                             ocr_word("31st)", 254, 280), ocr_word("anuary", 284, 320),
                             ocr_word("(31st)", 326, 356), ocr_word("anuary", 360, 396, false)};
  fix_ocr_words(words, vocab);
  EXPECT_EQ(texts(words), (std::vector<std::string>{"Cllr", "I", "Woolcott,", "Cllr", "I",
                                                    "Gatley", "Friday,", "31st", "January",
                                                    "(31st)", "January"}));
  // A J read as a bracket glued to its honorific.
  std::vector<Word> chair = {ocr_word("Mr)", 72, 90), ocr_word("Hartigan", 94, 140, false)};
  fix_ocr_words(chair, vocab);
  EXPECT_EQ(texts(chair), (std::vector<std::string>{"Mr", "J", "Hartigan"}));
  // An underline read into the figure above it goes; an underscore inside a word stays.
  std::vector<Word> total = {ocr_word("TOTAL", 72, 100), ocr_word("A$34.766m__", 104, 160),
                             ocr_word("john_smith", 166, 220, false)};
  fix_ocr_words(total, vocab);
  EXPECT_EQ(texts(total), (std::vector<std::string>{"TOTAL", "A$34.766m", "john_smith"}));
  // A mark that follows no honorific stays what it was.
  std::vector<Word> plain = {ocr_word("Total", 72, 100), ocr_word("|", 104, 106),
                             ocr_word("12", 110, 120, false)};
  fix_ocr_words(plain, vocab);
  EXPECT_EQ(plain[1].text, "|");
}

// Below the confidence floor a word stays when it reads as one and goes when it is marks.
TEST(OcrFixes, AWordReadsAsOneByItsLettersAndDigits) {
  EXPECT_TRUE(reads_as_word("Confirmation"));
  EXPECT_TRUE(reads_as_word("1720."));
  EXPECT_TRUE(reads_as_word("Jessop,"));
  EXPECT_TRUE(reads_as_word("Caf\xC3\xA9"));  // one character in two bytes
  EXPECT_FALSE(reads_as_word("\xE2\x80\x94_"));
  EXPECT_FALSE(reads_as_word("|"));
  EXPECT_FALSE(reads_as_word("';"));
  EXPECT_FALSE(reads_as_word("a"));
}

// A capital set apart from its word is joined only where the document prints the whole word
// elsewhere: "C ontrol" and "J essop," are, "B sets" and "A new" are not.
TEST(OcrFixes, ASplitCapitalJoinsItsWordWhenTheDocumentKnowsTheWord) {
  Document doc;
  doc.pages.resize(2);
  doc.pages[0].words = {ocr_word("Development", 72, 130), ocr_word("C", 134, 140),
                        ocr_word("ontrol", 144, 175), ocr_word("Mrs", 181, 196),
                        ocr_word("J", 200, 204), ocr_word("essop,", 208, 240),
                        ocr_word("Option", 246, 276), ocr_word("B", 280, 286),
                        ocr_word("sets", 290, 310), ocr_word("A", 316, 322),
                        ocr_word("new", 326, 346, false)};
  Word text_word = ocr_word("Control", 72, 110);
  text_word.source = WordSource::text;
  doc.pages[1].words = {text_word, ocr_word("Cllr", 116, 136), ocr_word("Jessop", 140, 170),
                        ocr_word("anew", 176, 200, false)};  // known in lower case only
  join_split_capitals(doc);
  EXPECT_EQ(texts(doc.pages[0].words),
            (std::vector<std::string>{"Development", "Control", "Mrs", "Jessop,", "Option", "B",
                                      "sets", "A", "new"}));
  EXPECT_NEAR(doc.pages[0].words[1].bbox.x0, 134, 0.01);
  EXPECT_NEAR(doc.pages[0].words[1].bbox.x1, 175, 0.01);
}

// "4." read as "4,": mended where the page's lines also open "3." or "5.", as a numbered list
// or a table's number column does; an address's "12, High Street" alone on its page is kept.
TEST(OcrFixes, AListNumberReadWithACommaIsMendedAmongItsNeighbours) {
  const nlohmann::json& vocab = test::test_config().vocab("ocr");
  auto line = [](std::vector<Word>& words, double y, std::vector<std::string> texts) {
    double x = 72;
    for (size_t k = 0; k < texts.size(); ++k) {
      Word w = ocr_word(texts[k], x, x + 30, k + 1 < texts.size());
      w.bbox.y0 = y - 10;
      w.bbox.y1 = y + 2;
      w.baseline = y;
      words.push_back(w);
      x += 36;
    }
  };
  std::vector<Word> list;
  line(list, 100, {"3.", "That", "officers", "report"});
  line(list, 120, {"4,", "We", "recommend", "that"});
  line(list, 140, {"5.", "That", "a", "champion"});
  line(list, 160, {"6,", "and", "7"});  // a comma before a lower-case word is text
  fix_ocr_words(list, vocab);
  EXPECT_EQ(list[4].text, "4.");
  EXPECT_EQ(list[12].text, "6,");
  std::vector<Word> address;
  line(address, 100, {"12,", "High", "Street"});
  line(address, 120, {"Langdale"});
  fix_ocr_words(address, vocab);
  EXPECT_EQ(address[0].text, "12,");
}

// The ink in a number's slot, less a table's vertical rule that crosses it (ink running on
// above and below the line): read as a digit, the rule put a "5" before a table's header.
TEST(OcrNumbers, ARuleCrossingTheSlotIsNoInkToRead) {
  // A 1 bpp page: a rule down x 4-6 from y 0 to 120, a digit-high mark at x 20-30, y 42-60.
  PIX* pix = pixCreate(60, 120, 1);
  for (int y = 0; y < 120; ++y)
    for (int x = 0; x < 60; ++x)
      if ((x >= 4 && x < 7) || (x >= 20 && x < 30 && y >= 42 && y < 60)) pixSetPixel(pix, x, y, 1);
  auto blobs = ink_off_rules(pix, PixelBox{0, 40, 40, 62});
  ASSERT_EQ(blobs.size(), 1u);
  EXPECT_EQ(blobs[0].x0, 20);
  // The same mark with no rule beside it, and a short stroke (a "1") that stays in the line.
  PIX* one = pixCreate(60, 120, 1);
  for (int y = 42; y < 60; ++y)
    for (int x = 4; x < 7; ++x) pixSetPixel(one, x, y, 1);
  EXPECT_EQ(ink_off_rules(one, PixelBox{0, 40, 40, 62}).size(), 1u);
  pixDestroy(&pix);
  pixDestroy(&one);
}

// A 1 bpp image of `rows` ('#' ink) drawn at (x, y) on a white page of w x h.
PIX* ink_art(const std::vector<std::string>& rows, int x, int y, int w = 80, int h = 80) {
  PIX* pix = pixCreate(w, h, 1);
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c)
      if (rows[r][c] == '#') pixSetPixel(pix, x + static_cast<int>(c), y + static_cast<int>(r), 1);
  return pix;
}

// An ordinal's raised tail after a day ("11th" read as "11%", "11eg" as "1129") is found by
// its ink: letter-sized pieces after the digits, ending above the baseline or hanging from
// the digits' top; a colon's dots and a word on the baseline ("11am") are no tail.
TEST(OcrMarks, AnOrdinalsRaisedTailIsToldByItsInk) {
  // em 50, baseline at y 100: digits 36 high on the baseline.
  const std::vector<InkBlob> day = {{0, 64, 15, 100, 300}, {20, 64, 35, 100, 300}};
  auto with = [&](std::vector<InkBlob> tail) {
    std::vector<InkBlob> all = day;
    all.insert(all.end(), tail.begin(), tail.end());
    return all;
  };
  EXPECT_EQ(pieces_before_raised_tail(with({{40, 64, 50, 84, 90}, {52, 64, 62, 84, 90}}), 50, 100), 2u);
  // "eg": the "g" hangs from the digits' top nearly to the baseline.
  EXPECT_EQ(pieces_before_raised_tail(with({{40, 70, 50, 89, 90}, {52, 70, 62, 96, 90}}), 50, 100), 2u);
  // "11:": the colon's dots, one on the baseline.
  EXPECT_EQ(pieces_before_raised_tail(with({{40, 76, 44, 80, 16}, {40, 96, 44, 100, 16}}), 50, 100), 0u);
  // "11am": letters on the baseline.
  EXPECT_EQ(pieces_before_raised_tail(with({{40, 75, 52, 100, 120}, {54, 75, 70, 100, 150}}), 50, 100), 0u);
  EXPECT_EQ(pieces_before_raised_tail(day, 50, 100), 0u);
}

// A row's lone "1" as a 300 dpi scan gives it (flag, stem, foot; the stem stepping a pixel
// with the skew), which Tesseract read as "aL" or as nothing: known by its shape, with or
// without its stop. A "7", a "4" and two strokes are not a "1".
TEST(OcrNumbers, ALoneOneIsKnownByItsShape) {
  const std::vector<std::string> one = {
      ".########......", "#########......", "#########......", "##...####......",
      "......###......", "......###......", "......###......", "......###......",
      "......###......", "......###......", ".....####......", ".....####......",
      ".....####......", ".....####......", ".....####......", ".....####......",
      ".....####......", ".....####......", ".....####......", ".....####......",
      ".....####......", "##############.", "###############", "##############."};
  PIX* pix = ink_art(one, 10, 10);
  EXPECT_EQ(one_by_shape(pix, ink_blobs(pix, 0, 0, 80, 80), 25), "1");
  // Its stop, on the foot, a few pixels right.
  for (int y = 29; y < 34; ++y)
    for (int x = 30; x < 35; ++x) pixSetPixel(pix, x, y, 1);
  EXPECT_EQ(one_by_shape(pix, ink_blobs(pix, 0, 0, 80, 80), 25), "1.");
  pixDestroy(&pix);
  // Too small for the line's text: a mark, not a digit.
  pix = ink_art(one, 10, 10);
  EXPECT_EQ(one_by_shape(pix, ink_blobs(pix, 0, 0, 80, 80), 60), "");
  pixDestroy(&pix);
  const std::vector<std::string> seven = {
      "#############", "#############", "..........###", ".........###.", "........###..",
      "........###..", ".......###...", ".......###...", "......###....", "......###....",
      ".....###.....", ".....###.....", "....###......", "....###......", "...###.......",
      "...###.......", "..###........", "..###........", ".###.........", ".###.........",
      "###..........", "###..........", "###..........", "###.........."};
  pix = ink_art(seven, 10, 10);
  EXPECT_EQ(one_by_shape(pix, ink_blobs(pix, 0, 0, 80, 80), 25), "");
  pixDestroy(&pix);
  std::vector<std::string> four(24, ".........###..");
  for (int r = 4; r < 16; ++r) four[static_cast<size_t>(r)][static_cast<size_t>(15 - r) / 2] = '#';
  four[16] = four[17] = "##############";
  pix = ink_art(four, 10, 10);
  EXPECT_EQ(one_by_shape(pix, ink_blobs(pix, 0, 0, 80, 80), 25), "");
  pixDestroy(&pix);
  pix = ink_art(one, 10, 10);
  PIX* two = ink_art(one, 30, 10);
  pixOr(pix, pix, two);
  EXPECT_EQ(one_by_shape(pix, ink_blobs(pix, 0, 0, 80, 80), 25), "");
  pixDestroy(&pix);
  pixDestroy(&two);
}

// A ruled table whose number column OCR read nothing of: the cell between the two rules
// left of a row's text is where its number is; a line with one rule left of it, or whose
// neighbour cell is wider than a number's, has none.
TEST(OcrNumbers, TheRuledCellLeftOfARowIsItsNumbersSlot) {
  // Rules down x 20-22 and x 140-142 (cap height 24: the cell is five ems wide), a header
  // rule across; the row's text starts at x 160.
  PIX* pix = pixCreate(400, 200, 1);
  for (int y = 0; y < 200; ++y)
    for (int x : {20, 21, 22, 140, 141, 142}) pixSetPixel(pix, x, y, 1);
  for (int x = 20; x < 400; ++x) pixSetPixel(pix, x, 60, 1);
  auto cell = ruled_cell_left(pix, PixelBox{160, 80, 260, 104});
  ASSERT_TRUE(cell.has_value());
  EXPECT_GT(cell->l, 22);
  EXPECT_LT(cell->l, 30);
  EXPECT_LT(cell->r, 140);
  EXPECT_GT(cell->r, 130);
  EXPECT_EQ(cell->t, 80);
  // Text far from the nearer rule is not in the cell beside it.
  EXPECT_FALSE(ruled_cell_left(pix, PixelBox{260, 80, 300, 104}).has_value());
  // One rule only: no cell.
  PIX* one_rule = pixCreate(400, 200, 1);
  for (int y = 0; y < 200; ++y) pixSetPixel(one_rule, 140, y, 1);
  EXPECT_FALSE(ruled_cell_left(one_rule, PixelBox{160, 80, 260, 104}).has_value());
  pixDestroy(&pix);
  pixDestroy(&one_rule);
}

// "|" read from a column's rule beside a cell's text goes ("| No"); a bar that ends with the
// line is kept for what it is.
TEST(OcrMarks, ABarReadFromAColumnsRuleIsNoWord) {
  EXPECT_TRUE(bars_only("|"));
  EXPECT_TRUE(bars_only("||"));
  EXPECT_TRUE(bars_only("\xC2\xA6"));
  EXPECT_FALSE(bars_only("|No"));
  EXPECT_FALSE(bars_only("I"));
  PIX* pix = pixCreate(100, 200, 1);
  for (int y = 0; y < 200; ++y) pixSetPixel(pix, 50, y, 1);
  for (int y = 90; y < 114; ++y) pixSetPixel(pix, 20, y, 1);
  EXPECT_TRUE(on_vertical_rule(pix, 48, 90, 53, 114, 30));
  EXPECT_FALSE(on_vertical_rule(pix, 18, 90, 23, 114, 30));
  pixDestroy(&pix);
}

// A row's number read as letters ("aL" for "1") stands in the numbers' column, set apart from
// text that starts where the numbered rows' text starts: its own box is read again. A short
// word of prose at the list's margin ("It was agreed"), a space from the next, is not.
TEST(OcrNumbers, ANumberReadAsLettersInTheNumbersColumnIsReadAgain) {
  auto word = [](const std::string& text, double x0, double x1, double y, bool space_after) {
    Word w = ocr_word(text, x0, x1, space_after);
    w.bbox.y0 = y - 10;
    w.bbox.y1 = y + 2;
    w.baseline = y;
    return w;
  };
  std::vector<Word> words = {word("aL", 62, 67, 100, true),  word("We", 86, 100, 100, false),
                             word("2", 62, 67, 130, true),   word("That", 86, 108, 130, false),
                             word("It", 62, 68, 160, true),  word("was", 71, 86, 160, false)};
  std::vector<PixelBox> boxes = {{258, 385, 279, 417}, {358, 385, 417, 417},
                                 {258, 510, 279, 542}, {358, 510, 450, 542},
                                 {258, 635, 283, 667}, {296, 635, 358, 667}};
  auto slots = number_slots(words, boxes);
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(slots[0].index, 0u);
  EXPECT_TRUE(slots[0].replaces);
  EXPECT_EQ(slots[0].box.l, 258);
  EXPECT_EQ(slots[0].em, 32);
  // "It" keeps its word: at most the margin left of it is looked at, as for any capital's line.
  for (size_t i = 1; i < slots.size(); ++i) {
    EXPECT_FALSE(slots[i].replaces);
    EXPECT_LT(slots[i].box.r, 258);
  }
  // Bold headings whose numbers Tesseract's layout set apart as lines of their own ("270."
  // then "Apologies ..."; "ari." for "271." then "Declarations ..."): the title on the same
  // row, to the right, is the word after the number.
  std::vector<Word> heads = {word("270.", 54, 74, 100, false), word("Apologies", 90, 140, 100, false),
                             word("ari.", 54, 72, 130, false), word("Declarations", 90, 150, 130, false)};
  for (Word& w : heads) w.bold = true;
  std::vector<PixelBox> head_boxes = {{224, 385, 309, 417}, {374, 385, 580, 417},
                                      {224, 510, 300, 542}, {374, 510, 620, 542}};
  slots = number_slots(heads, head_boxes);
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(slots[0].index, 2u);
  EXPECT_TRUE(slots[0].replaces);
  for (const NumberSlot& slot : slots) EXPECT_NE(slot.index, 0u);  // "270." was read
}

// A table's rows on a scan whose lone numbers Tesseract dropped: the number column of the
// numbered rows gives the box to read again left of a row that opens without one; a row
// opening with a capital where no numbered row stands on the page is given five ems; a
// wrapped line starting lower case is not.
TEST(OcrNumbers, RowsWithoutTheirNumbersGetASlotWhereTheNumbersStand) {
  auto word = [](const std::string& text, double x0, double x1, double y, bool space_after) {
    Word w = ocr_word(text, x0, x1, space_after);
    w.bbox.y0 = y - 10;
    w.bbox.y1 = y + 2;
    w.baseline = y;
    return w;
  };
  std::vector<Word> words = {word("1", 62, 67, 100, true),        word("We", 86, 100, 100, false),
                             word("data", 86, 110, 110, false),   word("That", 86, 108, 130, true),
                             word("training", 112, 150, 130, false)};
  // In pixels at 300 dpi: a word's box is its ink (cap height about 30 px).
  std::vector<PixelBox> boxes = {{258, 385, 279, 417}, {358, 385, 417, 417}, {358, 427, 458, 459},
                                 {358, 510, 450, 542}, {467, 510, 625, 542}};
  auto slots = number_slots(words, boxes);
  ASSERT_EQ(slots.size(), 2u);  // "data" (a wrapped line) and "That"
  EXPECT_EQ(slots[1].index, 3u);
  EXPECT_LE(slots[1].box.l, 258);
  EXPECT_GE(slots[1].box.r, 279);
  EXPECT_LT(slots[1].box.r, 358);
  // Without the numbered row: a capital's line still gets a slot, a lower-case one none.
  std::vector<Word> alone(words.begin() + 2, words.end());
  std::vector<PixelBox> alone_boxes(boxes.begin() + 2, boxes.end());
  slots = number_slots(alone, alone_boxes);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].index, 1u);
  EXPECT_LT(slots[0].box.r, 358);
  EXPECT_GE(slots[0].box.r - slots[0].box.l, 3 * 30);
}

}  // namespace
}  // namespace agendapack

namespace agendapack {
namespace {

// Weight from stroke width in ems: the page's usual width is its median; half as wide again
// is bold; a lone character takes its neighbour's weight; too few words, nothing is marked.
TEST(OcrBold, StrokesWellAboveThePagesUsualAreBold) {
  std::vector<Word> words;
  std::vector<double> ink;
  for (int i = 0; i < 30; ++i) {
    words.push_back(ocr_word("regular", 72, 110));
    ink.push_back(0.080 + 0.002 * (i % 5));
  }
  words.push_back(ocr_word("Recommendation", 72, 150));
  ink.push_back(0.125);
  words.push_back(ocr_word("A", 154, 160));
  ink.push_back(0.05);
  words.push_back(ocr_word("Response", 164, 200));
  ink.push_back(0.095);
  mark_bold(words, ink, 1.3);
  EXPECT_FALSE(words[0].bold);
  EXPECT_TRUE(words[30].bold);
  EXPECT_TRUE(words[31].bold);  // follows "Recommendation"
  EXPECT_FALSE(words[32].bold);
  std::vector<Word> few(words.begin(), words.begin() + 5);
  std::vector<double> few_ink = {0.08, 0.08, 0.2, 0.08, 0.08};
  mark_bold(few, few_ink, 1.3);
  for (const Word& w : few) EXPECT_FALSE(w.bold);
}

}  // namespace
}  // namespace agendapack

namespace agendapack {
namespace {

// A 1-bit image with ink where `paint` says.
PIX* bitmap(int w, int h, const std::function<bool(int, int)>& paint) {
  PIX* pix = pixCreate(w, h, 1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (paint(x, y)) pixSetPixel(pix, x, y, 1);
  return pix;
}

// At 200 dpi an em of 11 pt type is 30 pixels; the baseline here is at y = 40.
TEST(OcrMarks, AFilledDotLeftOfTheTextIsABulletAndLettersAreNot) {
  const double em = 30, base = 40;
  auto disc = [](int cx, int cy, int rad) {
    return [=](int x, int y) { return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad; };
  };
  auto ring = [](int cx, int cy, int rad) {
    return [=](int x, int y) {
      int d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      return d <= rad * rad && d >= (rad - 3) * (rad - 3);
    };
  };
  // A bullet (disc of 10 px across, on the x-height's middle), then a letter 12 px later.
  PIX* pix = bitmap(80, 50, [&](int x, int y) {
    return disc(10, 33, 5)(x, y) || (x >= 27 && x < 33 && y >= 20 && y < 40);
  });
  auto blobs = ink_blobs(pix, 0, 0, 80, 50);
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_TRUE(is_bullet_blob(blobs[0], em, base, blobs[1].x0));
  // Too close to the letter after it: the start of a word ("o" or "e" in bold), not a mark.
  EXPECT_FALSE(is_bullet_blob(blobs[0], em, base, blobs[0].x1 + 2));
  pixDestroy(&pix);
  // A ring ("o", "e", "c" as letters) is not filled; a full stop is too small and too low.
  PIX* letters = bitmap(80, 50, [&](int x, int y) {
    return ring(10, 33, 6)(x, y) || disc(40, 38, 2)(x, y);
  });
  blobs = ink_blobs(letters, 0, 0, 80, 50);
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_FALSE(is_bullet_blob(blobs[0], em, base, INT_MAX));
  EXPECT_FALSE(is_bullet_blob(blobs[1], em, base, INT_MAX));
  pixDestroy(&letters);
  // A disc sitting on the baseline is a full stop's place, not a bullet's.
  PIX* low = bitmap(40, 50, disc(10, 36, 5));
  blobs = ink_blobs(low, 0, 0, 40, 50);
  ASSERT_EQ(blobs.size(), 1u);
  EXPECT_FALSE(is_bullet_blob(blobs[0], em, base, INT_MAX));
  pixDestroy(&low);
}

TEST(OcrMarks, DotLeadersAreFoundByShapeAndCutFromText) {
  const double em = 30, base = 40;
  // "Apol" as four tall strokes, then eight dots on the baseline every 9 px.
  PIX* pix = bitmap(200, 50, [&](int x, int y) {
    if (x < 60) return (x % 15) < 5 && y >= 18 && y < 40;
    if (x < 80) return false;
    int k = (x - 80) / 9, dx = (x - 80) % 9;
    return k >= 0 && k < 8 && dx < 3 && y >= 37 && y < 40;
  });
  auto blobs = ink_blobs(pix, 0, 0, 200, 50);
  ASSERT_EQ(blobs.size(), 12u);
  EXPECT_EQ(leader_start(blobs, em, base), 4u);
  EXPECT_FALSE(is_dot_leader(blobs, em, base));
  std::vector<InkBlob> dots(blobs.begin() + 4, blobs.end());
  EXPECT_TRUE(is_dot_leader(dots, em, base));
  // Three dots are not enough: an ellipsis, or "etc." and a stop.
  std::vector<InkBlob> three(blobs.begin() + 4, blobs.begin() + 7);
  EXPECT_FALSE(is_dot_leader(three, em, base));
  pixDestroy(&pix);
  EXPECT_EQ(without_leader_text("Apologies........"), "Apologies");
  EXPECT_EQ(without_leader_text("........ 4"), "4");
  EXPECT_EQ(without_leader_text("........"), "");
  EXPECT_EQ(without_leader_text("etc..."), "etc...");
  EXPECT_EQ(without_leader_text("1.2.3"), "1.2.3");
}

// A dash's bar crosses the x-height's middle. Ink read as "—" that lies high in the row (a
// step of the table rule above, levelled with the page) or none dark enough to binarise is
// no dash: it would stand in the whitespace between two columns and join them.
TEST(OcrMarks, DashesAreTakenAtADashesHeightOnly) {
  const double em = 30, base = 40;
  PIX* pix = bitmap(120, 50, [&](int x, int y) {
    if (x >= 10 && x < 30) return y >= 29 && y < 32;  // a dash: 8-11 px over the baseline
    if (x >= 60 && x < 80) return y >= 12 && y < 14;  // a rule's piece: 26-28 px over it
    if (x >= 90 && x < 110) return y >= 40 && y < 42;  // an underline, under the baseline
    return false;
  });
  EXPECT_FALSE(is_stray_rule_piece(ink_blobs(pix, 0, 0, 40, 50), em, base));
  EXPECT_TRUE(is_stray_rule_piece(ink_blobs(pix, 50, 0, 85, 50), em, base));
  EXPECT_TRUE(is_stray_rule_piece(ink_blobs(pix, 85, 0, 120, 50), em, base));
  // No dark ink in the box: Tesseract read a faint grey trace.
  EXPECT_TRUE(is_stray_rule_piece({}, em, base));
  pixDestroy(&pix);
  EXPECT_TRUE(dashes_only("-"));
  EXPECT_TRUE(dashes_only("\xE2\x80\x94"));
  EXPECT_TRUE(dashes_only("\xE2\x80\x94_"));
  EXPECT_FALSE(dashes_only("-1"));
  EXPECT_FALSE(dashes_only("e-learning"));
  EXPECT_FALSE(dashes_only(""));
}

// Leaders are erased from the page image before recognition; letters, a lone full stop and
// an ellipsis stay.
// A row of typed hyphens under a plain-text table's header ("------", a character apart) is
// erased from the page and its box kept, to be put back as a word of dashes; a row of full
// stops, a ruled line and three hyphens ("---") are not.
TEST(OcrMarks, ARowOfTypedDashesIsErasedAndItsBoxKept) {
  PIX* page = pixCreate(1400, 300, 8);
  pixSetAllArbitrary(page, 255);
  auto ink = [&](int x0, int y0, int w, int h) {
    BOX* box = boxCreate(x0, y0, w, h);
    pixClearInRect(page, box);
    boxDestroy(&box);
  };
  for (int k = 0; k < 40; ++k) ink(100 + 25 * k, 60, 14, 3);  // the typed rule
  for (int k = 0; k < 20; ++k) ink(100 + 25 * k, 120, 5, 5);  // full stops
  ink(100, 180, 900, 3);                                      // a ruled line
  for (int k = 0; k < 3; ++k) ink(100 + 25 * k, 240, 14, 3);  // "---"
  std::vector<MarkRun> runs;
  EXPECT_EQ(erase_typed_dash_rules(page, 300, runs), 1);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].box.l, 100);
  EXPECT_EQ(runs[0].box.r, 100 + 25 * 39 + 14);
  EXPECT_EQ(runs[0].count, 40);  // the hyphens in it
  auto dark = [&](int x, int y) {
    l_uint32 v = 255;
    pixGetPixel(page, x, y, &v);
    return v < 128;
  };
  EXPECT_FALSE(dark(105, 61));
  EXPECT_TRUE(dark(102, 122));
  EXPECT_TRUE(dark(500, 181));
  EXPECT_TRUE(dark(105, 241));
  pixDestroy(&page);
}

TEST(OcrMarks, DotLeadersAreErasedFromThePageImage) {
  const double dpi = 300;
  PIX* page = pixCreate(1200, 200, 8);
  pixSetAllArbitrary(page, 255);
  auto ink = [&](int x0, int y0, int w, int h) {
    BOX* box = boxCreate(x0, y0, w, h);
    pixClearInRect(page, box);  // 0: black
    boxDestroy(&box);
  };
  ink(20, 60, 6, 40);  // a letter's stroke
  ink(40, 94, 5, 5);   // its full stop
  for (int k = 0; k < 30; ++k) ink(100 + 25 * k, 94, 5, 5);   // the leader
  for (int k = 0; k < 3; ++k) ink(100 + 12 * k, 170, 5, 5);   // an ellipsis, another row
  EXPECT_EQ(erase_dot_leaders(page, dpi), 1);
  auto dark = [&](int x, int y) {
    l_uint32 v = 255;
    pixGetPixel(page, x, y, &v);
    return v < 128;
  };
  EXPECT_TRUE(dark(22, 80));
  EXPECT_TRUE(dark(42, 96));
  for (int k = 0; k < 30; ++k) EXPECT_FALSE(dark(102 + 25 * k, 96)) << k;
  EXPECT_TRUE(dark(102, 172));
  pixDestroy(&page);
}

// Bullets drawn as "•" on a 200 dpi scan: each line's first word is a bullet of its own, and
// the word after it keeps its letters (not "¢Identify" or "eIdentify").
TEST(OcrStage, BulletsOnAScanAreTheirOwnWords) {
  test::TempDir dir;
  std::vector<test::TruthWord> truth;
  const std::vector<std::string> lines = {
      "The strategy should:", "\xE2\x80\xA2 Identify the best approach to delivery",
      "\xE2\x80\xA2 Set out clear timescales", "\xE2\x80\xA2 Be reviewed annually by the Cabinet",
      "\xE2\x80\xA2 Identify other key stakeholders"};
  auto img = test::scan_of(dir.path(), lines, truth, 200, 11);
  auto path = dir.path() / "bullets.pdf";
  {
    PdfBuilder pdf(path);
    test::paint_scan(pdf, img, 0, truth);
  }
  auto conv = test::run_stages(path, {"load", "text", "route", "ocr", "layout"});
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const Page& page = conv.doc->pages.at(0);
  int bulleted = 0;
  std::string all;
  for (const Line& line : page.lines) {
    all += line.text + " | ";
    const Word& first = page.words[line.words.front()];
    if (first.text != "\xE2\x80\xA2") continue;
    ++bulleted;
    EXPECT_EQ(line.bullet, "\xE2\x80\xA2") << line.text;
    ASSERT_GE(line.words.size(), 2u);
    const std::string& next = page.words[line.words[1]].text;
    EXPECT_TRUE(next == "Identify" || next == "Set" || next == "Be") << line.text;
  }
  EXPECT_EQ(bulleted, 4) << all;
}

// The scan's own resolution is read from its image, not guessed; pages without a scan have
// none; the render resolution is the scan's, within the floor and ocr.dpi.
TEST(OcrScan, ScannedResolutionIsReadFromThePagesImage) {
  test::TempDir dir;
  auto src = dir.path() / "src.pdf";
  {
    PdfBuilder pdf(src);
    test::draw_words(pdf, test::minutes_lines(), 72, 110);
    pdf.finish();
  }
  for (double dpi : {200.0, 300.0}) {
    auto scan = dir.path() / ("scan" + std::to_string(static_cast<int>(dpi)) + ".pdf");
    ASSERT_TRUE(fixtures::write_scan(src.string(), scan.string(), dpi, 0.5));
    auto pdf = PdfFile::open(std::make_shared<const std::string>(test::read_file(scan)), "");
    ASSERT_TRUE(pdf);
    auto got = scanned_dpi(*pdf.value(), {0});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_NEAR(got[0], dpi, dpi * 0.02);
    EXPECT_EQ(render_dpi_for(got[0], 150, 300), dpi);
  }
  auto born = PdfFile::open(std::make_shared<const std::string>(test::read_file(src)), "");
  ASSERT_TRUE(born);
  EXPECT_EQ(scanned_dpi(*born.value(), {0}).at(0), 0);
  EXPECT_EQ(render_dpi_for(0, 150, 300), 300);
  EXPECT_EQ(render_dpi_for(600, 150, 300), 300);
  EXPECT_EQ(render_dpi_for(96, 150, 300), 150);
  EXPECT_EQ(render_dpi_for(199.9, 150, 300), 200);
}

// A pack's separator sheets: "APPENDIX A" across a scanned page is read at the separator
// resolution (and read), a solid coloured sheet is not OCRed, a page of text is read as usual.
TEST(OcrStage, SeparatorSheetsAreNotFullyOcred) {
  test::TempDir dir;
  std::vector<test::TruthWord> body_truth, title_truth;
  auto body = test::scan_of(dir.path(), test::minutes_lines(), body_truth, 200);
  auto title = test::scan_of(dir.path(), {"APPENDIX A"}, title_truth, 200, 40, 400);
  test::GrayImage solid = body;
  std::fill(solid.px.begin(), solid.px.end(), static_cast<unsigned char>(90));
  auto path = dir.path() / "pack.pdf";
  {
    PdfBuilder pdf(path);
    test::paint_scan(pdf, body, 0, body_truth);
    pdf.new_page();
    test::paint_scan(pdf, title, 0, title_truth);
    pdf.new_page();
    std::vector<test::TruthWord> none;
    test::paint_scan(pdf, solid, 0, none);
  }
  auto conv = test::run_stages(path, kOcr);
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  const auto& pages = conv.doc->pages;
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].method, PageMethod::ocr);
  EXPECT_EQ(pages[0].route_reason.find("separator"), std::string::npos) << pages[0].route_reason;
  EXPECT_EQ(pages[1].method, PageMethod::ocr);
  EXPECT_EQ(pages[1].route_reason.rfind("separator sheet", 0), 0u) << pages[1].route_reason;
  std::string title_text;
  for (const Word& w : pages[1].words) title_text += w.text + " ";
  EXPECT_NE(title_text.find("APPENDIX"), std::string::npos) << title_text;
  EXPECT_EQ(pages[2].method, PageMethod::text);
  EXPECT_EQ(pages[2].route_reason.rfind("separator sheet", 0), 0u) << pages[2].route_reason;
  EXPECT_TRUE(pages[2].words.empty());
}

}  // namespace
}  // namespace agendapack
