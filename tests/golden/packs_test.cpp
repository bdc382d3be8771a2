// Agenda packs through the CLI: a generated pack (tests/fixtures/packs.h) splits into exactly
// its parts, takes its meeting and items from the front sheet (none from the enclosed minutes
// or the spreadsheet appendix) and links each report's recommendations to its item; the real
// born-digital and the scanned pack in ../shared/corpus keep their front sheet's date and items;
// and every plain set of minutes (the shared samples, generated samples and gold PDFs) stays
// one part.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/fixtures/packs.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json convert(const fs::path& pdf, const fs::path& out) {
  auto r = test::run_cli({"convert", pdf.string(), "-o", out.string(), "--ocr", "never", "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(test::read_file(out));
}

std::optional<std::string> str_or_null(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::string>();
}

// Exactly the generator's parts, in order: kind, title (null for a lone document), item,
// pages, date and the page the provenance points to.
void expect_parts(const json& docs, const std::vector<fixtures::PackPartTruth>& parts) {
  ASSERT_EQ(docs.size(), parts.size()) << docs.dump(1);
  for (size_t k = 0; k < parts.size(); ++k) {
    const auto& want = parts[k];
    SCOPED_TRACE("part " + std::to_string(k + 1) + ": " + docs[k].dump());
    EXPECT_EQ(docs[k]["kind"], want.kind);
    EXPECT_EQ(str_or_null(docs[k]["title"]), want.title.empty() ? std::nullopt : std::optional(want.title));
    EXPECT_EQ(str_or_null(docs[k]["item"]), want.item);
    EXPECT_EQ(docs[k]["pages"], json({want.first_page, want.last_page}));
    EXPECT_EQ(str_or_null(docs[k]["date"]), want.date);
    EXPECT_EQ(docs[k]["provenance"]["page"], want.first_page);
  }
}

// Exactly the front sheet's items by number and title, on the front sheet's pages, and no
// title of the enclosed minutes, sub-items or spreadsheet rows among them.
void expect_items(const json& items, const fixtures::PackTruth& truth, int last_front_page) {
  ASSERT_EQ(items.size(), truth.items.size()) << items.dump(1);
  for (size_t k = 0; k < truth.items.size(); ++k) {
    EXPECT_EQ(items[k]["number"], truth.items[k].first);
    EXPECT_EQ(items[k]["title"], truth.items[k].second);
    for (int page : items[k]["pages"].get<std::vector<int>>())
      EXPECT_LE(page, last_front_page) << items[k].dump();
  }
  for (const json& item : items)
    for (const std::string& foreign : truth.foreign_titles)
      EXPECT_EQ(item["title"].get<std::string>().find(foreign), std::string::npos)
          << foreign << " became an item";
}

TEST(Packs, GeneratedPackSplitsIntoItsDocuments) {
  test::TempDir dir;
  fs::path pdf = dir.path() / "pack.pdf";
  fixtures::PackTruth truth = fixtures::write_pack(pdf);
  json rec = convert(pdf, dir.path() / "pack.json");
  expect_parts(rec["documents"], truth.parts);

  // The meeting is the front sheet's, not the enclosed minutes' (5 December 2024).
  EXPECT_EQ(rec["meeting"]["date"], truth.date);
  EXPECT_EQ(rec["meeting"]["body"], truth.body);
  EXPECT_EQ(rec["meeting"]["authority"], truth.authority);

  // The items are the front sheet's six, by number and title, and nothing else.
  expect_items(rec["items"], truth, 2);

  // Each report's list is a set linked to its item; the minutes' quoted list is not.
  const json& sets = rec["recommendation_sets"];
  ASSERT_EQ(sets.size(), truth.sets.size()) << sets.dump(1);
  for (size_t k = 0; k < truth.sets.size(); ++k) {
    EXPECT_EQ(sets[k]["title"], truth.sets[k].title);
    EXPECT_EQ(sets[k]["item"], truth.sets[k].item);
    const json& recs = sets[k]["recommendations"];
    ASSERT_EQ(recs.size(), truth.sets[k].texts.size()) << sets[k].dump(1);
    for (size_t r = 0; r < recs.size(); ++r) {
      EXPECT_EQ(recs[r]["number"], static_cast<int>(r + 1));
      EXPECT_EQ(recs[r]["text"], truth.sets[k].texts[r]);
    }
  }
  for (const json& issue : rec["quality"]["issues"])
    EXPECT_NE(issue["code"], "PACK_AGENDA_WITHOUT_ITEMS");
}

// The variety pack (tests/fixtures/packs.h) numbered "1.", "Item 1" and "(1)": titles that
// wrap at their indent, sub-items "(a)" that are no items, no page numbers, a report headed
// "Report of ... to the Regulatory Committee, 16 January 2025" (wrapped onto two lines), one
// headed "Subject:" / "Decision No:", the correspondence item's list with the two letters it
// lists linked to it and one it does not list linked to nothing, and an "Agenda Report" for
// no item whose "ATTACHMENT 1" runs onto a page with no heading. Exact parts, each linked to
// its item by its words, the pack's date and its six items.
TEST(Packs, VarietyPackNumberedThreeWaysSplitsIntoItsDocuments) {
  using fixtures::PackNumbering;
  for (PackNumbering numbering : {PackNumbering::dot, PackNumbering::item_word, PackNumbering::parens}) {
    SCOPED_TRACE("numbering " + std::to_string(static_cast<int>(numbering)));
    test::TempDir dir;
    fs::path pdf = dir.path() / "pack.pdf";
    fixtures::PackTruth truth = fixtures::write_pack_variety(pdf, numbering);
    json rec = convert(pdf, dir.path() / "pack.json");
    expect_parts(rec["documents"], truth.parts);
    EXPECT_EQ(rec["meeting"]["date"], truth.date);
    EXPECT_EQ(rec["meeting"]["body"], truth.body);
    expect_items(rec["items"], truth, 1);
  }
}

// Negative control: the variety pack's front sheet alone is one agenda, without a title, with
// the same six items (the sub-items still none of them).
TEST(Packs, VarietyFrontSheetAloneIsOneAgenda) {
  test::TempDir dir;
  fs::path pdf = dir.path() / "agenda.pdf";
  fixtures::PackTruth truth = fixtures::write_pack_variety(pdf, fixtures::PackNumbering::parens, false);
  json rec = convert(pdf, dir.path() / "agenda.json");
  expect_parts(rec["documents"], truth.parts);
  EXPECT_EQ(rec["meeting"]["date"], truth.date);
  expect_items(rec["items"], truth, 1);
}

// A front sheet that lists its business without numbers: the parts are still found by their
// headings, belong to no item, and a reader is told why.
TEST(Packs, FrontSheetWithoutNumberedItemsIsReported) {
  test::TempDir dir;
  fs::path pdf = dir.path() / "pack.pdf";
  fixtures::PackTruth truth = fixtures::write_pack(pdf, false);
  json rec = convert(pdf, dir.path() / "pack.json");
  const json& docs = rec["documents"];
  ASSERT_EQ(docs.size(), truth.parts.size()) << docs.dump(1);
  for (size_t k = 0; k < truth.parts.size(); ++k) {
    EXPECT_EQ(docs[k]["kind"], truth.parts[k].kind) << docs[k].dump();
    EXPECT_EQ(docs[k]["pages"], json({truth.parts[k].first_page, truth.parts[k].last_page}));
    EXPECT_TRUE(docs[k]["item"].is_null()) << docs[k].dump();
  }
  EXPECT_EQ(rec["meeting"]["date"], truth.date);
  int raised = 0;
  for (const json& issue : rec["quality"]["issues"]) raised += issue["code"] == "PACK_AGENDA_WITHOUT_ITEMS";
  EXPECT_EQ(raised, 1) << rec["quality"].dump(1);
}

// A born-digital pack from the corpus: a front sheet of eight items with page numbers (item
// 3's title wrapped over three lines), then the minutes of the previous meeting (24 September
// 2009) from page 3.
TEST(Packs, CorpusPackKeepsItsFrontSheet) {
  fs::path shared = test::shared_dir();
  fs::path pdf = shared / "corpus/real/openlylocal-merton/merton_audit_committee_agenda_2009-10-22.pdf";
  if (shared.empty() || !fs::exists(pdf)) GTEST_SKIP() << "no ../shared corpus";
  test::TempDir dir;
  json rec = convert(pdf, dir.path() / "pack.json");
  EXPECT_EQ(rec["meeting"]["date"], "2009-10-22");
  std::vector<std::string> numbers;
  for (const json& item : rec["items"]) numbers.push_back(item["number"].is_null() ? "" : item["number"].get<std::string>());
  EXPECT_EQ(numbers, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"}))
      << rec["items"].dump(1);
  // Item 3's title wraps onto two more lines at its indent, in plain type.
  ASSERT_GE(rec["items"].size(), 3u);
  EXPECT_EQ(rec["items"][2]["title"],
            "Minutes of the meeting held on 24 September 2009 and notes of the Joint session with "
            "General Purposes Committee held on 24 September 2009");
  const json& docs = rec["documents"];
  ASSERT_EQ(docs.size(), 2u) << docs.dump(1);
  EXPECT_EQ(docs[0]["kind"], "agenda");
  EXPECT_EQ(docs[0]["pages"], json({1, 2}));
  EXPECT_EQ(docs[0]["date"], "2009-10-22");
  EXPECT_EQ(docs[1]["kind"], "minutes");
  EXPECT_EQ(docs[1]["item"], "3");
  EXPECT_EQ(docs[1]["pages"], json({3, 8}));
  EXPECT_EQ(docs[1]["date"], "2009-09-24");
}

// A US housing authority pack from the corpus: the agenda, the previous meeting's minutes,
// a "Housing Authority Agenda Report" (its subject wrapped under its label) and its
// attachments, the cheque summaries. The report and attachments are not the minutes' pages.
TEST(Packs, CorpusUsPackKeepsItsReportAndAttachmentsApart) {
  fs::path shared = test::shared_dir();
  fs::path pdf = shared / "corpus/real/city-scrapers-ca-socal/norwalk_agenda_1.pdf";
  if (shared.empty() || !fs::exists(pdf)) GTEST_SKIP() << "no ../shared corpus";
  test::TempDir dir;
  json rec = convert(pdf, dir.path() / "pack.json");
  EXPECT_EQ(rec["meeting"]["date"], "2022-11-15");
  const json& docs = rec["documents"];
  ASSERT_EQ(docs.size(), 4u) << docs.dump(1);
  std::vector<std::string> kinds;
  for (const json& d : docs) kinds.push_back(d["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"agenda", "minutes", "report", "appendix"}));
  EXPECT_EQ(docs[1]["pages"], json({3, 4}));
  EXPECT_EQ(docs[1]["date"], "2022-10-18");
  EXPECT_EQ(docs[2]["pages"], json({5, 5}));
  EXPECT_EQ(docs[2]["date"], "2022-11-15");
  EXPECT_EQ(docs[2]["title"],
            "HOUSING ASSISTANCE PAYMENTS PROGRAM – APPROVE WARRANT RUN OCTOBER 15, 2022 – NOVEMBER 1, "
            "2022");
  EXPECT_EQ(docs[3]["pages"], json({6, 15}));
}

// The scanned township pack (OCR), its first five pages cut out with qpdf to keep the test
// short: a front sheet of eleven items without page numbers, the previous meeting's minutes
// (4 February 2025) and two draft resolution sheets, each linked to its item by its words.
TEST(Packs, ScannedPackKeepsItsFrontSheet) {
  fs::path shared = test::shared_dir();
  fs::path pdf = shared / "corpus/real/nipissing-township-on/Agenda-Package-February-18-2025.pdf";
  if (shared.empty() || !fs::exists(pdf)) GTEST_SKIP() << "no ../shared corpus";
  if (std::system("qpdf --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "qpdf is not installed";
  test::TempDir dir;
  fs::path part = dir.path() / "pack-1-5.pdf";
  std::string cut = "qpdf --empty --pages '" + pdf.string() + "' 1-5 -- '" + part.string() + "'";
  ASSERT_EQ(std::system(cut.c_str()), 0);
  auto r = test::run_cli({"convert", part.string(), "-o", (dir.path() / "pack.json").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json rec = json::parse(test::read_file(dir.path() / "pack.json"));
  EXPECT_EQ(rec["meeting"]["date"], "2025-02-18");
  std::vector<std::string> numbers;
  for (const json& item : rec["items"]) numbers.push_back(item["number"].is_null() ? "" : item["number"].get<std::string>());
  EXPECT_EQ(numbers, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}))
      << rec["items"].dump(1);
  const json& docs = rec["documents"];
  ASSERT_EQ(docs.size(), 4u) << docs.dump(1);
  EXPECT_EQ(docs[0]["kind"], "agenda");
  EXPECT_EQ(docs[0]["pages"], json({1, 1}));
  EXPECT_EQ(docs[1]["kind"], "minutes");
  EXPECT_EQ(docs[1]["item"], "3");
  EXPECT_EQ(docs[1]["pages"], json({2, 3}));
  EXPECT_EQ(docs[1]["date"], "2025-02-04");
  EXPECT_EQ(docs[2]["item"], "4");
  EXPECT_EQ(docs[2]["pages"], json({4, 4}));
  EXPECT_EQ(docs[3]["item"], "5");
  EXPECT_EQ(docs[3]["pages"], json({5, 5}));
}

// Negative control: plain minutes are one part of kind minutes, from their first page to the
// last.
TEST(Packs, PlainMinutesAreOneDocument) {
  fs::path shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared";
  std::vector<fs::path> pdfs;
  for (const fs::path& folder : {shared / "samples", shared / "samples" / "generated"})
    for (const auto& e : fs::directory_iterator(folder))
      if (e.path().extension() == ".pdf" && e.path().string().find(".scan.") == std::string::npos)
        pdfs.push_back(e.path());
  for (const auto& e : fs::directory_iterator(shared / "corpus" / "gold")) {
    if (e.path().extension() != ".json") continue;
    json gold = json::parse(test::read_file(e.path()));
    pdfs.push_back(shared / "corpus" / gold["source"]["corpus_path"].get<std::string>());
  }
  ASSERT_GE(pdfs.size(), 20u);
  test::TempDir dir;
  std::vector<std::string> args = {"convert"};
  for (const fs::path& p : pdfs) args.push_back(p.string());
  for (const char* a : {"-o", "", "--ocr", "never", "-q"}) args.emplace_back(a);
  args[args.size() - 4] = dir.path().string();
  auto r = test::run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const fs::path& p : pdfs) {
    SCOPED_TRACE(p.string());
    json rec = json::parse(test::read_file(dir.path() / (p.stem().string() + ".json")));
    const json& docs = rec["documents"];
    ASSERT_EQ(docs.size(), 1u) << docs.dump(1);
    EXPECT_EQ(docs[0]["kind"], "minutes");
    EXPECT_EQ(docs[0]["pages"], json({1, rec["source"]["pages"].get<int>()}));
    EXPECT_EQ(docs[0]["date"], rec["meeting"]["date"]);
  }
}

}  // namespace
}  // namespace agendapack
