// Bad inputs end to end through the CLI: each gives exit 1 (2 for usage, 3 for the
// environment), exactly one line `agendapack: FILE: CODE: reason` on stderr, and with -o an
// error record that `agendapack validate` accepts and that holds the exact code. Never a crash,
// never a hang: every run here finishes in seconds (ctest's TIMEOUT catches a hang).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stages/load.h"
#include "tests/malformed/hand_pdf.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;
using test::CommandResult;
using test::hand_pdf;
using test::run_cli;

// A few pages of wrapped text: a realistic cairo file to damage.
void make_pdf(const fs::path& path, int pages = 2) {
  PdfBuilder pdf(path);
  FlowWriter flow(pdf);
  for (int page = 1; page <= pages; ++page) {
    if (page > 1) flow.new_page();
    flow.paragraph("Minutes of the meeting, page " + std::to_string(page), TextStyle{14, true});
    for (int para = 0; para < 6; ++para)
      flow.paragraph("The committee considered the report of the officer and noted the "
                     "figures set out in the appendix, paragraph " +
                     std::to_string(para + 1) + ".");
  }
  pdf.finish();
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string one_page_pdf(const std::string& media_box, const std::string& count = "1") {
  return hand_pdf({"<< /Type /Catalog /Pages 2 0 R >>",
                   "<< /Type /Pages /Kids [3 0 R] /Count " + count + " >>",
                   "<< /Type /Page /Parent 2 0 R /MediaBox [" + media_box + "] >>"});
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(test::read_file(path));
}

// Exactly one stderr line, `agendapack: FILE: CODE: reason`, with a reason.
void expect_error_line(const std::string& err, const std::string& file, const std::string& code) {
  auto lines = lines_of(err);
  ASSERT_EQ(lines.size(), 1u) << err;
  std::string prefix = "agendapack: " + file + ": " + code + ": ";
  EXPECT_EQ(lines[0].rfind(prefix, 0), 0u) << lines[0];
  EXPECT_GT(lines[0].size(), prefix.size()) << "no reason given: " << lines[0];
}

// The record at `path` is an error record with `code`, accepted by `agendapack validate`.
nlohmann::json expect_error_record(const fs::path& path, const std::string& code,
                                   const std::string& stage = "load") {
  EXPECT_TRUE(fs::is_regular_file(path)) << path;
  if (!fs::is_regular_file(path)) return {};
  CommandResult v = run_cli({"validate", path.string()});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_EQ(v.out, path.string() + ": valid error record\n");
  nlohmann::json rec = read_json(path);
  EXPECT_EQ(rec["schema_version"], "1");
  EXPECT_EQ(rec["error"]["code"], code) << rec.dump();
  EXPECT_EQ(rec["error"]["stage"], stage) << rec.dump();
  return rec;
}

// convert IN -o OUT: exit 1, the stderr line, the error record; returns the record.
nlohmann::json convert_fails(const fs::path& in, const std::string& code,
                             std::vector<std::string> extra = {}) {
  fs::path out = in.parent_path() / (in.filename().string() + ".json");
  std::vector<std::string> args = {"convert", in.string(), "-o", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_error_line(r.err, in.string(), code);
  EXPECT_TRUE(r.out.empty()) << r.out;
  nlohmann::json rec = expect_error_record(out, code);
  if (!rec.is_null()) {
    EXPECT_EQ(rec["source"]["file"], in.filename().string());
  }
  return rec;
}

// convert IN -o OUT succeeds: exit 0 and a document record that validate accepts.
nlohmann::json convert_ok(const fs::path& in, std::vector<std::string> extra = {}) {
  fs::path out = in.parent_path() / (in.filename().string() + ".json");
  std::vector<std::string> args = {"convert", in.string(), "-o", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  CommandResult v = run_cli({"validate", out.string()});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_EQ(v.out, out.string() + ": valid document record\n");
  if (!fs::is_regular_file(out)) return {};
  return read_json(out);
}

bool have_qpdf() { return std::system("qpdf --version >/dev/null 2>&1") == 0; }

TEST(Malformed, TextFileIsNotAPdf) {
  test::TempDir dir;
  fs::path in = dir.path() / "notes.pdf";
  const std::string text = "These are not the minutes you are looking for.\n";
  write_bytes(in, text);
  auto rec = convert_fails(in, "NOT_A_PDF");
  // Even an error record identifies its input: size and hash of the bytes read.
  EXPECT_EQ(rec["source"]["bytes"], text.size());
  EXPECT_EQ(rec["source"]["sha256"], sha256_hex(text));
  EXPECT_TRUE(rec["source"]["pages"].is_null());
}

TEST(Malformed, EmptyFileIsNotAPdf) {
  test::TempDir dir;
  fs::path in = dir.path() / "empty.pdf";
  write_bytes(in, "");
  auto rec = convert_fails(in, "NOT_A_PDF");
  EXPECT_EQ(rec["source"]["bytes"], 0);
  EXPECT_EQ(rec["error"]["message"], "the file is empty");
}

TEST(Malformed, TruncatedAt40PercentIsUnreadable) {
  test::TempDir dir;
  fs::path whole = dir.path() / "whole.pdf";
  make_pdf(whole);
  std::string bytes = test::read_file(whole);
  fs::path in = dir.path() / "cut40.pdf";
  write_bytes(in, bytes.substr(0, bytes.size() * 40 / 100));
  // Cut before the catalog and the trailer: nothing to rebuild from.
  convert_fails(in, "PDF_UNREADABLE");
}

TEST(Malformed, TruncatedAt90PercentConvertsOrIsUnreadable) {
  test::TempDir dir;
  fs::path whole = dir.path() / "whole.pdf";
  make_pdf(whole, 3);
  std::string bytes = test::read_file(whole);
  fs::path in = dir.path() / "cut90.pdf";
  write_bytes(in, bytes.substr(0, bytes.size() * 90 / 100));
  fs::path out = dir.path() / "cut90.json";
  CommandResult r = run_cli({"convert", in.string(), "-o", out.string()});
  // Poppler may rebuild a file cut near its end; if it cannot, the record says so. Both are
  // fine, a crash (exit >= 128) or a missing record is not.
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << " " << r.err;
  if (r.exit_code == 1) {
    expect_error_line(r.err, in.string(), "PDF_UNREADABLE");
    expect_error_record(out, "PDF_UNREADABLE");
  } else {
    CommandResult v = run_cli({"validate", out.string()});
    EXPECT_EQ(v.exit_code, 0) << v.err;
    EXPECT_EQ(v.out, out.string() + ": valid document record\n");
  }
}

TEST(Malformed, DamagedCrossReferenceIsRepaired) {
  test::TempDir dir;
  fs::path in = dir.path() / "badxref.pdf";
  const std::string content = "BT /F1 12 Tf 72 720 Td (Repaired) Tj ET";
  // Every offset in the table is 7 bytes off: Poppler rebuilds it by scanning for objects.
  write_bytes(in, hand_pdf({"<< /Type /Catalog /Pages 2 0 R >>",
                            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                            "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" +
                                content + "\nendstream"},
                           7));
  auto rec = convert_ok(in);
  ASSERT_TRUE(rec.is_object());
  EXPECT_EQ(rec["source"]["pages"], 1);
  ASSERT_EQ(rec["pages"].size(), 1u);
  EXPECT_EQ(rec["pages"][0]["chars"], 8);  // "Repaired"
  EXPECT_EQ(rec["pages"][0]["width"], 612);
}

class Encrypted : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_qpdf()) GTEST_SKIP() << "qpdf is not installed (scripts/setup.sh installs it)";
    fs::path plain = dir_.path() / "plain.pdf";
    make_pdf(plain, 2);
    in_ = dir_.path() / "locked.pdf";
    // AES-256: qpdf refuses to write RC4 without --allow-weak-crypto.
    std::string cmd = "qpdf --encrypt user-pw owner-pw 256 -- '" + plain.string() + "' '" +
                      in_.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  test::TempDir dir_;
  fs::path in_;
};

TEST_F(Encrypted, WithoutPasswordIsEncrypted) {
  auto rec = convert_fails(in_, "PDF_ENCRYPTED");
  EXPECT_EQ(rec["error"]["message"], "the file is encrypted; a password is required");
  EXPECT_EQ(rec["source"]["sha256"], sha256_hex(test::read_file(in_)));
}

TEST_F(Encrypted, WithWrongPasswordIsEncrypted) {
  auto rec = convert_fails(in_, "PDF_ENCRYPTED", {"--password", "not-it"});
  EXPECT_EQ(rec["error"]["message"], "the file is encrypted; the password is wrong");
}

TEST_F(Encrypted, WithUserPasswordConverts) {
  auto rec = convert_ok(in_, {"--password", "user-pw"});
  ASSERT_TRUE(rec.is_object());
  EXPECT_EQ(rec["source"]["pages"], 2);
  ASSERT_EQ(rec["pages"].size(), 2u);
  EXPECT_GT(rec["pages"][1]["chars"].get<int>(), 100);
}

TEST(Malformed, ZeroPages) {
  test::TempDir dir;
  fs::path in = dir.path() / "zero.pdf";
  write_bytes(in, hand_pdf({"<< /Type /Catalog /Pages 2 0 R >>",
                            "<< /Type /Pages /Kids [] /Count 0 >>"}));
  convert_fails(in, "PDF_NO_PAGES");
}

TEST(Malformed, AbsurdPageCountIsRefusedQuickly) {
  test::TempDir dir;
  fs::path in = dir.path() / "billion.pdf";
  write_bytes(in, one_page_pdf("0 0 612 792", "1000000000"));
  auto t0 = std::chrono::steady_clock::now();
  fs::path out = dir.path() / "billion.json";
  CommandResult r = run_cli({"convert", in.string(), "-o", out.string()});
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 30) << "a page count of 10^9 must not be believed";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // Poppler 22 distrusts a /Count larger than the object count and reports no pages; a
  // Poppler that believed it would meet load.max_pages. Either refusal is right.
  auto rec = read_json(out);
  std::string code = rec["error"]["code"];
  EXPECT_TRUE(code == "PDF_NO_PAGES" || code == "PDF_TOO_MANY_PAGES") << code;
  expect_error_line(r.err, in.string(), code);
  expect_error_record(out, code);
}

TEST(Malformed, MorePagesThanTheLimit) {
  test::TempDir dir;
  fs::path in = dir.path() / "four.pdf";
  make_pdf(in, 4);
  auto rec = convert_fails(in, "PDF_TOO_MANY_PAGES", {"--set", "load.max_pages=3"});
  EXPECT_EQ(rec["error"]["message"], "the document claims 4 pages, more than the limit of 3");
}

TEST(Malformed, AbsurdPageSize) {
  test::TempDir dir;
  fs::path in = dir.path() / "huge.pdf";
  write_bytes(in, one_page_pdf("0 0 1000000 1000000"));
  auto rec = convert_fails(in, "PAGE_TOO_LARGE");
  EXPECT_EQ(rec["error"]["page"], 1);
}

TEST(Malformed, LargestAllowedPageConverts) {
  // 200 inches, the PDF user-space limit, is still a page.
  test::TempDir dir;
  fs::path in = dir.path() / "banner.pdf";
  write_bytes(in, one_page_pdf("0 0 14400 600"));
  auto rec = convert_ok(in);
  ASSERT_TRUE(rec.is_object());
  EXPECT_EQ(rec["pages"][0]["width"], 14400);
}

TEST(Malformed, MissingFile) {
  test::TempDir dir;
  fs::path in = dir.path() / "nowhere.pdf";
  auto rec = convert_fails(in, "FILE_UNREADABLE");
  EXPECT_EQ(rec["source"]["bytes"], 0);
}

TEST(Malformed, FifoIsNotAFile) {
  test::TempDir dir;
  fs::path in = dir.path() / "pipe.pdf";
  ASSERT_EQ(::mkfifo(in.c_str(), 0600), 0);
  // Opening a fifo with no writer would block: load must refuse it before reading.
  convert_fails(in, "NOT_A_FILE");
}

TEST(Malformed, ValidateOfADirectoryIsNotAFile) {
  test::TempDir dir;
  CommandResult r = run_cli({"validate", dir.path().string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find(dir.path().string() + ": NOT_A_FILE: "), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].rfind("agendapack: ", 0), 0u) << lines[0];
  EXPECT_TRUE(r.out.empty());
}

TEST(Malformed, FolderOfPdfsWithAFileOutputIsUsageError) {
  // A folder input always means one record per PDF: `-o out.json` cannot hold them, so the
  // run refuses (exit 2) and writes nothing rather than making a folder called out.json.
  test::TempDir dir;
  fs::path in = dir.path() / "packs";
  fs::create_directories(in);
  make_pdf(in / "a.pdf", 1);
  make_pdf(in / "b.pdf", 1);
  fs::path out = dir.path() / "out.json";
  CommandResult r = run_cli({"convert", in.string(), "-o", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(r.err.find("needs an output folder"), std::string::npos) << r.err;
  // The same inputs with a folder output convert.
  fs::path out_dir = dir.path() / "out";
  r = run_cli({"convert", in.string(), "-o", out_dir.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(out_dir / "a.json"));
  EXPECT_TRUE(fs::is_regular_file(out_dir / "b.json"));
}

TEST(Malformed, FolderWithoutPdfsIsUsageError) {
  test::TempDir dir;
  write_bytes(dir.path() / "readme.txt", "no PDFs here\n");
  CommandResult r = run_cli({"convert", dir.path().string(), "-o", (dir.path() / "o").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "o"));
}

TEST(Malformed, BatchConvertsTheGoodOnesAndRecordsTheBadOne) {
  test::TempDir dir;
  fs::path a = dir.path() / "a.pdf", bad = dir.path() / "bad.pdf", b = dir.path() / "b.pdf";
  make_pdf(a, 1);
  write_bytes(bad, "%PDF-1.7\nthis was never finished");
  make_pdf(b, 2);
  fs::path out = dir.path() / "OUT";
  CommandResult r = run_cli({"convert", a.string(), bad.string(), b.string(), "-o",
                             out.string() + "/", "-q"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // -q: errors only, so the one line is the bad file's.
  expect_error_line(r.err, bad.string(), "PDF_UNREADABLE");
  expect_error_record(out / "bad.json", "PDF_UNREADABLE");
  for (const auto& [name, pages] : {std::pair{"a.json", 1}, std::pair{"b.json", 2}}) {
    CommandResult v = run_cli({"validate", (out / name).string()});
    EXPECT_EQ(v.exit_code, 0) << v.err;
    EXPECT_EQ(v.out, (out / name).string() + ": valid document record\n");
    auto rec = read_json(out / name);
    EXPECT_EQ(rec["source"]["pages"], pages) << name;
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 3)
      << "no temporary files are left behind";
}

TEST(Malformed, OutputNotWritableIsEnvironmentError) {
  test::TempDir dir;
  fs::path in = dir.path() / "fine.pdf";
  make_pdf(in, 1);
  CommandResult r = run_cli({"convert", in.string(), "-o", "/proc/nonexistent/x.json"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("/proc/nonexistent/x.json: cannot write the record"), std::string::npos)
      << r.err;
  // A folder output that cannot be created: also the environment, nothing converted.
  r = run_cli({"convert", in.string(), in.string(), "-o", "/proc/nonexistent/out/"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
}

TEST(Malformed, OutputToAFifoIsWrittenInPlace) {
  // -o /dev/stdout or a named pipe: the record goes through it; renaming a temporary file
  // over it (as for regular files) would replace the device node.
  test::TempDir dir;
  fs::path in = dir.path() / "fine.pdf";
  make_pdf(in, 1);
  fs::path fifo = dir.path() / "record.pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A non-blocking reader first, so the converter's open for writing does not wait; the
  // record (a few KiB) fits in the pipe's buffer.
  int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(fd, 0);
  CommandResult r = run_cli({"convert", in.string(), "-o", fifo.string()});
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
  ::close(fd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the fifo was replaced by a file";
  ASSERT_FALSE(got.empty());
  auto rec = nlohmann::json::parse(got);
  EXPECT_EQ(rec["source"]["file"], "fine.pdf");
  EXPECT_EQ(rec["source"]["pages"], 1);
}

}  // namespace
}  // namespace agendapack
