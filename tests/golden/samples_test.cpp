// The shared samples through the CLI and the scorer: each group of ../shared/tools/score.py
// stays at or above its floor on the published-layout minutes (born-digital; the scanned twin
// is left to the OCR tests) and on generated/. The floors sit a few points under what the
// stages reach, so a regression fails here. Owners of a group add their rows to kFloors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Floor {
  const char* set;    // "samples" (born-digital) or "generated"
  const char* group;  // a score.py group ("items") or a field of its field block ("items.actions")
  double minimum;     // 0..100
};

constexpr Floor kFloors[] = {
    // items reaches 100.0 / 99.4, its resolutions 100 / 100 and actions 100 (generated).
    {"samples", "items", 95},
    {"generated", "items", 95},
    {"samples", "items.resolutions", 95},
    {"generated", "items.resolutions", 95},
    {"generated", "items.actions", 95},
    // meeting reaches 100.0 on both sets (attendance F1 included).
    {"samples", "meeting", 95},
    {"generated", "meeting", 95},
    // funding and amounts reach 100.0 on both sets.
    {"samples", "funding", 95},
    {"generated", "funding", 95},
    {"samples", "amounts", 95},
    {"generated", "amounts", 95},
    // tables and recommendations reach 100.0 on both sets; the issue asks for 93.
    {"samples", "tables", 95},
    {"generated", "tables", 95},
    {"generated", "recommendations", 95},
    {"samples", "quality", 95},
    {"generated", "quality", 95},
};

struct Set {
  fs::path pdfs, gold;
};

std::map<std::string, Set> sets(const fs::path& shared) {
  return {{"samples", {shared / "samples", shared / "samples" / "gold"}},
          {"generated", {shared / "samples" / "generated", shared / "samples" / "generated" / "gold"}}};
}

// Converts the set's born-digital PDFs and scores them; the report, or null on failure.
json score_set(const Set& set, const fs::path& shared, const fs::path& work) {
  std::vector<std::string> args = {"convert"};
  for (const auto& entry : fs::directory_iterator(set.pdfs)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".pdf" &&
        name.find(".scan.") == std::string::npos)
      args.push_back(entry.path().string());
  }
  fs::path out = work / "out";
  fs::create_directories(out);
  for (const char* a : {"-o", "", "--ocr", "never", "-q"}) args.emplace_back(a);
  args[args.size() - 4] = out.string();
  auto conv = test::run_cli(args);
  EXPECT_EQ(conv.exit_code, 0) << conv.err;
  fs::path report = work / "report.json";
  std::string cmd = "python3 '" + (shared / "tools" / "score.py").string() + "' '" +
                    set.gold.string() + "' '" + out.string() + "' --json '" + report.string() +
                    "' >/dev/null";
  if (std::system(cmd.c_str()) != 0 || !fs::exists(report)) return nullptr;
  return json::parse(test::read_file(report));
}

TEST(Samples, ScorerGroupsStayAboveTheirFloors) {
  fs::path shared = test::shared_dir();
  if (shared.empty() || !fs::exists(shared / "tools" / "score.py"))
    GTEST_SKIP() << "../shared is absent";
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  test::TempDir dir;
  std::map<std::string, json> reports;
  for (const auto& [name, set] : sets(shared)) {
    if (!fs::is_directory(set.gold)) continue;
    reports[name] = score_set(set, shared, dir.path() / name);
    ASSERT_FALSE(reports[name].is_null()) << "score.py failed on " << name;
  }
  for (const Floor& f : kFloors) {
    auto it = reports.find(f.set);
    if (it == reports.end()) continue;
    const json& rep = it->second;
    double value = -1;
    if (rep["groups"].contains(f.group)) {
      value = rep["groups"][f.group]["macro"].get<double>();
    } else if (rep["fields"].contains(f.group) && !rep["fields"][f.group]["value"].is_null()) {
      value = rep["fields"][f.group]["value"].get<double>();
    }
    EXPECT_GE(value, f.minimum) << f.set << " / " << f.group;
    std::printf("[ score    ] %-10s %-22s %6.1f (floor %.0f)\n", f.set, f.group, value, f.minimum);
  }
}

}  // namespace
}  // namespace agendapack
