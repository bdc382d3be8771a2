// Real minutes: the thirteen PDFs of ../shared/corpus/gold (Kent County Council, a Welsh
// community council in English and Welsh, Ontario and US councils; gold written by hand)
// through the CLI and ../shared/tools/score.py, in one batch. Each group and the fields that
// carry the real documents' hardest parts (attendance, resolutions, votes, actions, money)
// stay at or above their floors, which sit a little under what the stages reach, so a
// regression fails here. Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

TEST(RealGold, GoldMinutesKeepEveryGroupAboveItsFloor) {
  fs::path shared = test::shared_dir();
  fs::path gold = shared / "corpus" / "gold";
  if (shared.empty() || !fs::is_directory(gold) || !fs::exists(shared / "tools" / "score.py"))
    GTEST_SKIP() << "../shared/corpus/gold is absent";
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  test::TempDir dir;
  fs::path out = dir.path() / "out";
  fs::create_directories(out);
  // One batch over the gold records' PDFs; each output is named after its PDF, as the gold
  // record is (score.py pairs them by name).
  std::vector<std::string> args = {"convert"};
  for (const auto& entry : fs::directory_iterator(gold)) {
    if (entry.path().extension() != ".json") continue;
    json g = json::parse(test::read_file(entry.path()), nullptr, false);
    if (!g.is_object() || !g.contains("source")) continue;
    fs::path pdf = shared / "corpus" / g["source"].value("corpus_path", "");
    if (fs::exists(pdf) && pdf.stem() == entry.path().stem()) args.push_back(pdf.string());
  }
  if (args.size() == 1) GTEST_SKIP() << "no gold PDFs in ../shared/corpus";
  for (const char* a : {"-o", "", "--jobs", "2", "--ocr", "never", "-q"}) args.push_back(a);
  args[args.size() - 6] = out.string();
  auto conv = test::run_cli(args);
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  fs::path report = dir.path() / "report.json";
  std::string cmd = "python3 '" + (shared / "tools" / "score.py").string() + "' '" +
                    gold.string() + "' '" + out.string() + "' --json '" + report.string() +
                    "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  json rep = json::parse(test::read_file(report));
  for (const Floor& f : kFloors) {
    double value = -1;
    if (rep["groups"].contains(f.group)) {
      value = rep["groups"][f.group]["macro"].get<double>();
    } else if (rep["fields"].contains(f.group) && !rep["fields"][f.group]["value"].is_null()) {
      value = rep["fields"][f.group]["value"].get<double>();
    }
    EXPECT_GE(value, f.minimum) << f.group;
    std::printf("[ score    ] real gold  %-22s %6.1f (floor %.0f)\n", f.group, value, f.minimum);
  }
}

}  // namespace
}  // namespace agendapack
