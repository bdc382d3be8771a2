// Every shared PDF (../shared/samples incl. generated/, ../shared/corpus) through the CLI in
// one batch: each input gets exactly one record, `agendapack validate` accepts it, and it is a
// document record or an error record with a code the README lists. OCR is off (--ocr never)
// so this stays well under two minutes whatever the OCR stage costs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_pdf(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext == ".pdf";
}

std::vector<fs::path> pdfs_under(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && is_pdf(entry.path())) out.push_back(entry.path());
  return out;
}

fs::path source_dir() { return test::source_dir(); }

// The codes of README.md's "Error codes" table: `| `CODE` | stage | meaning |`.
std::set<std::string> readme_error_codes() {
  std::string readme = test::read_file(source_dir() / "README.md");
  auto start = readme.find("### Error codes");
  if (start == std::string::npos) return {};
  auto end = readme.find("\n#", start + 1);
  std::string table = readme.substr(start, end == std::string::npos ? end : end - start);
  std::set<std::string> codes;
  std::regex row(R"(\n\| `([A-Z][A-Z0-9_]*)` \|)");
  for (std::sregex_iterator it(table.begin(), table.end(), row), last; it != last; ++it)
    codes.insert((*it)[1]);
  return codes;
}

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

std::string key(const fs::path& p) { return fs::weakly_canonical(p).string(); }

TEST(Corpus, EveryPdfGivesAValidRecord) {
  fs::path shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared is absent";
  std::vector<std::string> dirs;
  std::map<std::string, bool> inputs;  // canonical path -> seen in the run
  for (const char* sub : {"samples", "corpus"}) {
    if (!fs::is_directory(shared / sub)) continue;
    dirs.push_back((shared / sub).string());
    for (const auto& p : pdfs_under(shared / sub)) inputs[key(p)] = false;
  }
  if (inputs.empty()) GTEST_SKIP() << "no shared PDFs";
  auto codes = readme_error_codes();
  ASSERT_GE(codes.size(), 10u) << "README's error code table was not found";

  test::TempDir out;
  std::vector<std::string> args = {"convert"};
  args.insert(args.end(), dirs.begin(), dirs.end());
  args.push_back("-o");
  args.push_back((out.path() / "records").string());
  for (const char* a : {"--jobs", "2", "--ocr", "never", "--json", "-q"}) args.push_back(a);
  auto r = test::run_cli(args);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << "\n" << r.err;

  // --json: one line per input (document or error), then the summary.
  auto lines = json_lines(r.out);
  ASSERT_FALSE(lines.empty());
  json summary = lines.back();
  lines.pop_back();
  EXPECT_EQ(summary["type"], "summary");
  EXPECT_EQ(summary["inputs"], inputs.size());
  ASSERT_EQ(lines.size(), inputs.size()) << r.err;

  std::vector<std::string> outputs;
  std::map<std::string, std::string> type_of;  // output -> "document" | "error"
  int errors = 0;
  for (const json& line : lines) {
    std::string in = key(line["input"].get<std::string>());
    auto it = inputs.find(in);
    ASSERT_NE(it, inputs.end()) << "an input nobody asked for: " << in;
    EXPECT_FALSE(it->second) << "two records for " << in;
    it->second = true;
    std::string output = line["output"];
    EXPECT_TRUE(fs::is_regular_file(output)) << output;
    EXPECT_TRUE(line["type"] == "document" || line["type"] == "error") << line.dump();
    type_of[output] = line["type"];
    outputs.push_back(output);
    if (line["type"] == "error") ++errors;
  }
  EXPECT_EQ(std::set<std::string>(outputs.begin(), outputs.end()).size(), outputs.size())
      << "two inputs wrote the same output file";
  EXPECT_EQ(r.exit_code, errors ? 1 : 0);
  EXPECT_EQ(summary["errors"], errors);

  // One validate run over every output: each line says which kind of record it accepted.
  std::vector<std::string> vargs = {"validate"};
  vargs.insert(vargs.end(), outputs.begin(), outputs.end());
  auto v = test::run_cli(vargs);
  EXPECT_EQ(v.exit_code, 0) << v.err;
  std::stringstream vout(v.out);
  size_t valid = 0;
  for (std::string line; std::getline(vout, line);) {
    auto colon = line.rfind(": valid ");
    ASSERT_NE(colon, std::string::npos) << line;
    std::string file = line.substr(0, colon), kind = line.substr(colon + 8);
    EXPECT_EQ(kind, type_of[file] == "error" ? "error record" : "document record") << file;
    ++valid;
  }
  EXPECT_EQ(valid, outputs.size());

  // Records against what is known of each file: its hash and, for the corpus, the page count
  // pdfinfo gave the manifest.
  std::map<std::string, json> manifest;
  if (auto text = test::read_file(shared / "corpus" / "MANIFEST.json"); !text.empty()) {
    json m = json::parse(text);
    for (const json& f : m["files"]) manifest[key(shared / "corpus" / f["path"].get<std::string>())] = f;
  }
  size_t checked = 0;
  for (const json& line : lines) {
    json rec = json::parse(test::read_file(line["output"].get<std::string>()));
    std::string in = key(line["input"].get<std::string>());
    EXPECT_EQ(rec["source"]["file"], fs::path(in).filename().string());
    if (line["type"] == "error") {
      std::string code = rec["error"]["code"];
      EXPECT_TRUE(codes.count(code)) << in << ": " << code << " is not in the README";
      EXPECT_EQ(line["code"], code);
      continue;
    }
    EXPECT_EQ(rec["pages"].size(), rec["source"]["pages"].get<size_t>()) << in;
    auto m = manifest.find(in);
    if (m == manifest.end()) continue;
    EXPECT_EQ(rec["source"]["sha256"], m->second["sha256"]) << in;
    EXPECT_EQ(rec["source"]["bytes"], m->second["bytes"]) << in;
    EXPECT_EQ(rec["source"]["pages"], m->second["pages"]) << in;
    ++checked;
  }
  if (!manifest.empty()) {
    EXPECT_GT(checked, manifest.size() / 2) << "most corpus files convert";
  }
}

TEST(Corpus, BundledSamplesConvert) {
  fs::path samples = source_dir() / "samples";
  ASSERT_TRUE(fs::is_directory(samples)) << samples;
  auto pdfs = pdfs_under(samples);
  ASSERT_GE(pdfs.size(), 2u);
  test::TempDir out;
  auto r = test::run_cli(
      {"convert", samples.string(), "-o", out.path().string(), "--ocr", "never", "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const auto& pdf : pdfs) {
    fs::path rec = out.path() / (pdf.stem().string() + ".json");
    auto v = test::run_cli({"validate", rec.string()});
    EXPECT_EQ(v.exit_code, 0) << v.err;
    EXPECT_EQ(v.out, rec.string() + ": valid document record\n");
  }
}

}  // namespace
}  // namespace agendapack
