// Real minutes: the thirteen PDFs of ../shared/corpus/gold (Kent County Council, a Welsh
// community council in English and Welsh, Ontario and US councils; gold written by hand)
// through the CLI and ../shared/tools/score.py, in one batch. Each group and the fields that
// carry the real documents' hardest parts (attendance, resolutions, votes, actions, money)
// stay at or above their floors, which sit a little under what the stages reach, so a
// regression fails here; and their scanned twins, through OCR, against the same gold. Skipped
// when ../shared is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/fixtures/scan.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Floor {
  const char* group;  // a score.py group, or a field of its field block
  double minimum;     // 0..100
};

// Reached when these floors were set: meeting 100, attendance 100, items 97.9 (resolutions
// 96.1, votes 93.0, actions 85.7), amounts 100, funding 100, recommendations 100. Actions
// then 94.3 (items 98.4): owners a word space after the text, the closing paragraph left out.
constexpr Floor kFloors[] = {
    {"meeting", 97},
    {"meeting.attendance", 97},
    {"meeting.date", 97},
    {"items", 95},
    {"items.resolutions", 93},
    {"items.resolution_fields", 97},
    {"items.votes", 90},
    {"items.vote_counts", 95},
    {"items.recorded_votes", 95},
    {"items.actions", 91},
    {"items.declarations", 90},
    {"amounts", 97},
    {"funding", 95},
    {"funding.lines", 95},
    {"funding.stated_total", 95},
    // Issue 18: the numbered "is asked to: a) b) c)" set of one document, and none invented
    // in the other twelve (recommendations 100 when set).
    {"recommendations", 97},
};

// The gold records' PDFs, each named as its gold record is (score.py pairs them by name);
// empty when ../shared or its gold is absent.
std::vector<fs::path> gold_pdfs(const fs::path& shared) {
  std::vector<fs::path> out;
  fs::path gold = shared / "corpus" / "gold";
  if (shared.empty() || !fs::is_directory(gold) || !fs::exists(shared / "tools" / "score.py"))
    return out;
  for (const auto& entry : fs::directory_iterator(gold)) {
    if (entry.path().extension() != ".json") continue;
    json g = json::parse(test::read_file(entry.path()), nullptr, false);
    if (!g.is_object() || !g.contains("source")) continue;
    fs::path pdf = shared / "corpus" / g["source"].value("corpus_path", "");
    if (fs::exists(pdf) && pdf.stem() == entry.path().stem()) out.push_back(pdf);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Converts `pdfs` in one batch into `dir`/out with `extra` options, scores them against the
// gold and checks `floors`, printing each figure under `tag`.
void score_against_gold(const fs::path& shared, const fs::path& dir,
                        const std::vector<fs::path>& pdfs, const std::vector<std::string>& extra,
                        const Floor* floors, size_t n_floors, const char* tag) {
  fs::path out = dir / "out";
  fs::create_directories(out);
  std::vector<std::string> args = {"convert", "-o", out.string(), "--jobs", "2", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  for (const fs::path& pdf : pdfs) args.push_back(pdf.string());
  auto conv = test::run_cli(args);
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  fs::path report = dir / "report.json";
  std::string cmd = "python3 '" + (shared / "tools" / "score.py").string() + "' '" +
                    (shared / "corpus" / "gold").string() + "' '" + out.string() + "' --json '" +
                    report.string() + "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  json rep = json::parse(test::read_file(report));
  ASSERT_EQ(rep["documents"]["missing"], 0) << rep["documents"].dump();
  for (size_t k = 0; k < n_floors; ++k) {
    const Floor& f = floors[k];
    double value = -1;
    if (std::string(f.group) == "overall") {
      value = rep["overall"].get<double>();
    } else if (rep["groups"].contains(f.group)) {
      value = rep["groups"][f.group]["macro"].get<double>();
    } else if (rep["fields"].contains(f.group) && !rep["fields"][f.group]["value"].is_null()) {
      value = rep["fields"][f.group]["value"].get<double>();
    }
    EXPECT_GE(value, f.minimum) << f.group;
    std::printf("[ score    ] %s  %-22s %6.1f (floor %.0f)\n", tag, f.group, value, f.minimum);
  }
}

TEST(RealGold, GoldMinutesKeepEveryGroupAboveItsFloor) {
  fs::path shared = test::shared_dir();
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  auto pdfs = gold_pdfs(shared);
  if (pdfs.empty()) GTEST_SKIP() << "no gold PDFs in ../shared/corpus";
  test::TempDir dir;
  score_against_gold(shared, dir.path(), pdfs, {"--ocr", "never"}, kFloors, std::size(kFloors),
                     "real gold");
}

// Scanned twins of the same thirteen (200 dpi, grey, grain, half a degree of skew one way then
// the other; tests/fixtures/scan.h): real minutes as a scanner gives them, whose truth is the
// gold. Issue 19 asks records within 3 points of born-digital overall on scans not seen
// before, no group more than 5 below. Reached (born-digital: overall 99.7, meeting 100, items
// 98.4): overall 98.3, meeting 96.3, items 95.0, amounts, funding and recommendations 100.
// Before the OCR fixes of 2026-12-06 (raised ordinals, bold leads on a scan, titles over
// "(Item N)", Welsh "gytûn", heading numbers read as "ari." and "22;"): 92.6 overall at 300
// dpi. About a minute and a half on two cores.
constexpr Floor kScanFloors[] = {
    {"overall", 96},  {"meeting", 93},   {"meeting.date", 90}, {"items", 92},
    {"amounts", 95},  {"funding", 95},   {"recommendations", 97},
};

TEST(RealGold, ScanTwinsOfTheGoldMinutesStayNearBornDigital) {
  fs::path shared = test::shared_dir();
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  auto pdfs = gold_pdfs(shared);
  if (pdfs.empty()) GTEST_SKIP() << "no gold PDFs in ../shared/corpus";
  test::TempDir dir;
  std::vector<fs::path> scans;
  for (size_t k = 0; k < pdfs.size(); ++k) {
    fs::path scan = dir.path() / pdfs[k].filename();
    ASSERT_TRUE(fixtures::write_scan(pdfs[k].string(), scan.string(), 200, k % 2 ? -0.5 : 0.5))
        << pdfs[k];
    scans.push_back(scan);
  }
  score_against_gold(shared, dir.path(), scans, {}, kScanFloors, std::size(kScanFloors),
                     "scanned gold");
}

}  // namespace
}  // namespace agendapack
