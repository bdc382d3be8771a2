// The corpus PDFs that have no text layer (../shared/corpus/MANIFEST.json: has_text_layer
// false, real meeting papers) through the CLI with OCR on: each must give a record whose
// meeting has its date (and a body), and the agenda pack its numbered items. Both files in one
// run on two threads, pages at the default 300 dpi: about half a minute on two cores.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(CorpusScans, ScannedAgendasGiveMeetingAndItems) {
  fs::path corpus = test::shared_dir() / "corpus";
  if (test::shared_dir().empty() || !fs::exists(corpus / "MANIFEST.json"))
    GTEST_SKIP() << "no ../shared/corpus";
  // A one-page notice (text as vector outlines) and a 19-page scanned agenda pack.
  const fs::path notice = corpus / "real/city-scrapers-ca-socal/duarte_agenda_1.pdf";
  const fs::path pack = corpus / "real/nipissing-township-on/Agenda-Package-February-18-2025.pdf";
  if (!fs::exists(notice) || !fs::exists(pack)) GTEST_SKIP() << "corpus scans not present";
  // The manifest still says they have no text layer (else this test tests nothing).
  json manifest = json::parse(test::read_file(corpus / "MANIFEST.json"));
  int without_text = 0;
  for (const json& entry : manifest.value("files", json::array()))
    if (entry.value("path", "").find("duarte_agenda_1") != std::string::npos ||
        entry.value("path", "").find("Agenda-Package-February-18-2025") != std::string::npos)
      without_text += entry.value("has_text_layer", true) ? 0 : 1;
  ASSERT_EQ(without_text, 2);

  test::TempDir dir;
  auto run = test::run_cli({"convert", notice.string(), pack.string(), "-o", dir.path().string(),
                            "--jobs", "2", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  // The notice: a cancelled Planning Commission meeting of 21 November 2022 at 7 pm.
  json n = json::parse(test::read_file(dir.path() / "duarte_agenda_1.json"));
  ASSERT_EQ(n["pages"].size(), 1u);
  EXPECT_EQ(n["pages"][0]["method"], "ocr");
  const json& nm = n["meeting"];
  EXPECT_EQ(nm["date"], "2022-11-21");
  EXPECT_EQ(nm["start_time"], "19:00");
  ASSERT_TRUE(nm["body"].is_string());
  EXPECT_NE(nm["body"].get<std::string>().find("Planning Commission"), std::string::npos)
      << nm["body"];
  ASSERT_TRUE(nm["authority"].is_string());
  EXPECT_NE(nm["authority"].get<std::string>().find("Duarte"), std::string::npos)
      << nm["authority"];

  // The pack: the agenda of 18 February 2025 on page 1 lists items 1 to 11.
  json p = json::parse(test::read_file(dir.path() / "Agenda-Package-February-18-2025.json"));
  ASSERT_EQ(p["pages"].size(), 19u);
  for (const json& page : p["pages"]) EXPECT_EQ(page["method"], "ocr");
  const json& pm = p["meeting"];
  EXPECT_EQ(pm["date"], "2025-02-18");
  EXPECT_TRUE(pm["body"].is_string()) << pm;
  EXPECT_EQ(pm["authority"], "Township of Nipissing");
  std::set<std::string> on_page_one;
  for (const json& item : p["items"])
    if (item["provenance"]["page"] == 1) on_page_one.insert(item["number"].get<std::string>());
  EXPECT_GE(on_page_one.size(), 10u) << p["items"].dump();
  for (const char* number : {"1", "2", "3", "6", "7", "8", "9", "10", "11"})
    EXPECT_TRUE(on_page_one.count(number)) << "item " << number << " missing";
  bool backhoe = false;
  for (const json& item : p["items"])
    backhoe = backhoe || item["title"].get<std::string>().find("Backhoe") != std::string::npos;
  EXPECT_TRUE(backhoe);
}

}  // namespace
}  // namespace agendapack
