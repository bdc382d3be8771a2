// Scanned twins of every shared generated sample (tests/fixtures/scan.h: grey, grain, turned by
// half a degree one way or the other), made here in a temporary folder, through the CLI, OCR
// and the scorer against the originals' gold, group by group. The born-digital originals are
// converted and scored in the same run, so the gap printed is the gap of this build (issue 19:
// each group within 3 points of born-digital). All eight at 200 dpi and at 300 dpi (about a
// minute and a half each on two cores). The floors sit a few points under what the stages
// reach.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/fixtures/scan.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kGroups[] = {"meeting", "items", "recommendations", "funding",
                               "amounts", "tables", "quality"};

struct Scans {
  double dpi;
  std::vector<std::string> names;  // generated samples; empty: all of them
  std::map<std::string, double> floors;  // per group, macro over the twins, 0..100
  double overall_floor;
};

// The scorer's report for the records in `out` against the gold of `names`.
json score(const fs::path& work, const fs::path& generated, const fs::path& out,
           const std::vector<std::string>& names, const std::string& tag) {
  fs::path gold = work / ("gold-" + tag);
  fs::create_directories(gold);
  for (const auto& n : names)
    fs::copy_file(generated / "gold" / (n + ".json"), gold / (n + ".json"),
                  fs::copy_options::overwrite_existing);
  fs::path report = work / ("report-" + tag + ".json");
  std::string cmd = "python3 '" + (test::shared_dir() / "tools" / "score.py").string() + "' '" +
                    gold.string() + "' '" + out.string() + "' --per-doc --json '" +
                    report.string() + "' >/dev/null";
  if (std::system(cmd.c_str()) != 0) return json();
  return json::parse(test::read_file(report));
}

std::vector<std::string> generated_names(const fs::path& generated) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(generated))
    if (e.path().extension() == ".pdf") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

void check_scans(const Scans& s) {
  fs::path shared = test::shared_dir();
  fs::path generated = shared / "samples" / "generated";
  if (shared.empty() || !fs::exists(shared / "tools" / "score.py") || !fs::is_directory(generated))
    GTEST_SKIP() << "../shared is absent";
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  const std::vector<std::string> all = generated_names(generated);
  std::vector<std::string> names = s.names.empty() ? all : s.names;
  ASSERT_FALSE(names.empty());
  test::TempDir dir;
  fs::path scans = dir.path() / "scans", out = dir.path() / "out", born = dir.path() / "born";
  for (const auto& d : {scans, out, born}) fs::create_directories(d);
  std::vector<std::string> scan_args = {"convert", "--jobs", "2", "-q", "-o", out.string()};
  std::vector<std::string> born_args = {"convert", "-q", "-o", born.string()};
  for (size_t idx = 0; idx < names.size(); ++idx) {
    fs::path original = generated / (names[idx] + ".pdf");
    fs::path pdf = scans / (names[idx] + ".scan.pdf");
    // Half a degree, one way then the other in the samples' order, so that a sample's twin
    // is the same in both tests: a sheet fed askew either way.
    const long pos = std::find(all.begin(), all.end(), names[idx]) - all.begin();
    double skew = pos % 2 ? -0.5 : 0.5;
    ASSERT_TRUE(fixtures::write_scan(original.string(), pdf.string(), s.dpi, skew)) << names[idx];
    scan_args.push_back(pdf.string());
    born_args.push_back(original.string());
  }
  auto conv = test::run_cli(scan_args);
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  auto conv_born = test::run_cli(born_args);
  ASSERT_EQ(conv_born.exit_code, 0) << conv_born.err;
  const std::string tag = std::to_string(static_cast<int>(s.dpi));
  json scanned = score(dir.path(), generated, out, names, "scan" + tag);
  json original = score(dir.path(), generated, born, names, "born" + tag);
  ASSERT_TRUE(scanned.contains("groups")) << "the scorer failed";
  ASSERT_TRUE(original.contains("groups")) << "the scorer failed";
  ASSERT_EQ(scanned["documents"]["missing"], 0) << scanned["documents"].dump();
  for (const auto& [doc, d] : scanned["per_document"].items())
    std::printf("[ doc      ] %s.scan %.0f dpi overall %.1f\n", doc.c_str(), s.dpi,
                d["overall"].get<double>());
  for (const char* g : kGroups) {
    if (!scanned["groups"].contains(g)) continue;
    double got = scanned["groups"][g]["macro"].get<double>();
    double ref = original["groups"][g]["macro"].get<double>();
    double floor = s.floors.count(g) ? s.floors.at(g) : 0;
    std::printf("[ group    ] %.0f dpi %-16s scanned %5.1f  born-digital %5.1f  gap %4.1f  "
                "(floor %.0f)\n",
                s.dpi, g, got, ref, ref - got, floor);
    EXPECT_GE(got, floor) << g << " at " << s.dpi << " dpi";
  }
  double overall = scanned["overall"].get<double>();
  std::printf("[ overall  ] %.0f dpi scanned %.1f  born-digital %.1f  (floor %.0f)\n", s.dpi,
              overall, original["overall"].get<double>(), s.overall_floor);
  EXPECT_GE(overall, s.overall_floor);
}

// Reached on 2026-12-06 (late): meeting 99.6, items 99.6, recommendations 99.8, funding 100,
// amounts 100, tables 97.9, quality 100; overall 99.6 (born-digital 100 in every group).
// Earlier that day: meeting 96.6, tables 96.8, overall 98.9. Before the table fixes for scans
// (rule pieces read as dashes, columns a page leaves empty, rows whose numbers OCR dropped):
// recommendations 91.1, tables 78.8, overall 95.1. Before issue 19: funding 87.5, quality
// 93.8, overall 92.4.
TEST(ScanTwins, EveryGeneratedSampleAt200DpiScoresAboveGroupFloors) {
  check_scans({200,
               {},
               {{"meeting", 97}, {"items", 97}, {"recommendations", 97}, {"funding", 97},
                {"amounts", 97}, {"tables", 95}, {"quality", 95}},
               97});
}

// All eight at 300 dpi, reached on 2026-12-06 (late): meeting 99.6, items 98.8,
// recommendations 99.3, funding 100, amounts 100, tables 97.9, quality 100; overall 99.4.
// Before a row's lone "1" was known by its shape, a ruled number column read again and "|"
// from a column's rule dropped: tables 96.5, quality 93.8, overall 98.3. Before issue 19:
// meeting 93.8, items 94.6, funding 75.0, tables 80.7, overall 90.1.
TEST(ScanTwins, EveryGeneratedSampleAt300DpiScoresAboveGroupFloors) {
  check_scans({300,
               {},
               {{"meeting", 97}, {"items", 96}, {"recommendations", 97}, {"funding", 97},
                {"amounts", 97}, {"tables", 95}, {"quality", 95}},
               97});
}

}  // namespace
}  // namespace agendapack
