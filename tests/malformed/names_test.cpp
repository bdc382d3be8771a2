// Hostile names through `convert`: file names that are not UTF-8 or carry terminal escape
// sequences give valid records with their exact bytes and escaped lines on the terminal; and
// every error code the sources can produce is in the README's table.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/bytes.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_cli;

void minutes_pdf(const fs::path& path) {
  fixtures::PdfBuilder pdf(path);
  fixtures::FlowWriter w(pdf);
  w.paragraph("Minutes of the meeting of the Planning Committee", {14, true});
  w.paragraph("1. Apologies for absence were received from Cllr Brown.");
  w.paragraph("2. The minutes of the previous meeting were agreed.");
}

// ---- bytes.h ----

TEST(Bytes, ValidUtf8PassesAndBadBytesAreReplacedOrEscaped) {
  EXPECT_TRUE(is_valid_utf8("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x84"));
  for (const char* bad : {"\xE9t\xE9", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82",
                          "\x80"})
    EXPECT_FALSE(is_valid_utf8(bad)) << escape_bytes(bad);
  EXPECT_EQ(valid_utf8("Minutes-\xE9t\xE9.pdf"), "Minutes-\xEF\xBF\xBDt\xEF\xBF\xBD.pdf");
  EXPECT_EQ(escape_bytes("a\\b\xE9\xC3\xA9"), "a\\\\b\\xe9\xC3\xA9");
  for (std::string s : {std::string("plain.pdf"), std::string("a\\xe9\\\\\xE9\xFF\x01.pdf"),
                        std::string("\0\x80\xC3", 3)})
    EXPECT_EQ(unescape_bytes(escape_bytes(s)), s);
  EXPECT_FALSE(unescape_bytes("bad\\q").has_value());
  EXPECT_EQ(printable("a\x1B]0;x\x07\xC2\x9B\xE2\x80\xAE\xFF\xC3\xA9"),
            "a\\x1b]0;x\\x07\\xc2\\x9b\\u{202E}\\xff\xC3\xA9");
}

// ---- file names ----

TEST(HostileNames, NonUtf8FileNameGivesAValidRecordWithItsExactBytes) {
  test::TempDir tmp;
  fs::path dir = tmp.path() / "in";
  fs::create_directories(dir);
  const std::string latin1 = "Minutes-\xE9t\xE9.pdf";  // "Minutes-été.pdf" from a Windows share
  minutes_pdf(dir / latin1);
  {
    std::ofstream bad(dir / "broken-\xFF.pdf", std::ios::binary);
    bad << "%PDF-1.4\ngarbage";
  }

  auto one = run_cli({"convert", (dir / latin1).string()});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  json rec = json::parse(one.out);
  EXPECT_EQ(rec["source"]["file"], "Minutes-\xEF\xBF\xBDt\xEF\xBF\xBD.pdf");
  EXPECT_EQ(rec["source"]["file_bytes"], "Minutes-\\xe9t\\xe9.pdf");
  EXPECT_EQ(unescape_bytes(rec["source"]["file_bytes"].get<std::string>()), latin1);

  // A folder of them: each record is written under the file's own (byte) name and validates;
  // the JSON Lines summary carries the exact names too.
  fs::path out = tmp.path() / "out";
  auto many = run_cli({"convert", dir.string(), "-o", out.string(), "--json"});
  EXPECT_EQ(many.exit_code, 1) << many.err;  // the broken one
  ASSERT_TRUE(fs::exists(out / "Minutes-\xE9t\xE9.json"));
  ASSERT_TRUE(fs::exists(out / "broken-\xFF.json"));
  json err_rec = json::parse(test::read_file(out / "broken-\xFF.json"));
  EXPECT_EQ(err_rec["error"]["code"], "PDF_UNREADABLE");
  EXPECT_EQ(err_rec["source"]["file_bytes"], "broken-\\xff.pdf");
  auto valid = run_cli({"validate", (out / "Minutes-\xE9t\xE9.json").string(),
                        (out / "broken-\xFF.json").string()});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  int lines = 0;
  for (size_t pos = 0; (pos = many.out.find('\n', pos)) != std::string::npos; ++pos) ++lines;
  EXPECT_EQ(lines, 3);  // two documents and the summary
  EXPECT_NE(many.out.find("\"input_bytes\":\"" + (dir / "broken-").string() + "\\\\xff.pdf\""),
            std::string::npos)
      << many.out;
  // On the terminal the bad byte is shown, not sent.
  EXPECT_NE(many.err.find("broken-\\xff.pdf: PDF_UNREADABLE"), std::string::npos) << many.err;
  EXPECT_EQ(many.err.find('\xFF'), std::string::npos);
}

TEST(HostileNames, ControlCharactersInANameAreEscapedOnTheTerminal) {
  test::TempDir tmp;
  // Would retitle the terminal and ring its bell.
  fs::path evil = tmp.path() / "evil\x1B]0;pwned\x07\n.pdf";
  {
    std::ofstream out(evil, std::ios::binary);
    out << "not a pdf";
  }
  auto r = run_cli({"convert", evil.string(), "-o", (tmp.path() / "rec.json").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("evil\\x1b]0;pwned\\x07\\x0a.pdf: NOT_A_PDF"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x1B'), std::string::npos);
  EXPECT_EQ(r.err.find('\x07'), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);  // one line per input, still
}

// ---- the README's error-code table ----

std::set<std::string> readme_error_codes() {
  std::string readme = test::read_file(test::source_dir() / "README.md");
  auto start = readme.find("### Error codes");
  auto end = readme.find("\n#", start + 1);
  std::string table = readme.substr(start, end == std::string::npos ? end : end - start);
  std::set<std::string> codes;
  std::regex row(R"(\n\| `([A-Z][A-Z0-9_]*)` \|)");
  for (std::sregex_iterator it(table.begin(), table.end(), row), last; it != last; ++it)
    codes.insert((*it)[1]);
  return codes;
}

TEST(ErrorCodes, EveryCodeTheCodeCanProduceIsInTheReadme) {
  fs::path src = test::source_dir();
  std::set<std::string> used;
  std::regex literal(R"re(Error\{"([A-Z][A-Z0-9_]+)")re");
  std::regex constant(R"re(inline constexpr const char\* k\w+ = "([A-Z][A-Z0-9_]+)")re");
  for (const char* dir : {"pipeline", "stages"}) {
    for (const auto& e : fs::recursive_directory_iterator(src / dir)) {
      if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
      std::string text = test::read_file(e.path());
      for (const std::regex* re : {&literal, &constant})
        for (std::sregex_iterator it(text.begin(), text.end(), *re), last; it != last; ++it)
          used.insert((*it)[1]);
    }
  }
  ASSERT_GT(used.size(), 15u);
  auto documented = readme_error_codes();
  for (const auto& code : used) EXPECT_TRUE(documented.count(code)) << code << " is not in README";
}

}  // namespace
}  // namespace agendapack
