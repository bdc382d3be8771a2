// agendapack ingest against a hostile archive and machine: a file name that is not UTF-8, a
// full disk under --out, a worker whose allocator aborts when memory runs out, and a page of
// 11,000 points a side routed to OCR under a small memory limit.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "pipeline/bytes.h"
#include "pipeline/ingest/catalog.h"
#include "tests/integration/ingest_util.h"

namespace agendapack::test {
namespace {

TEST(IngestHostile, NonUtf8FileNamesAreCarriedThroughCatalogRecordsAndJsonLines) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 2);
  const std::string latin1 = (tmp.path() / "in" / "R\xE9union du conseil.pdf").string();
  write_minutes(latin1, 40);
  std::string sha = sha256_file(latin1);
  std::set<std::string> all = values(pdfs);
  all.insert(sha);
  std::string catalog = (tmp.path() / "c.db").string();
  fs::path out = tmp.path() / "out";
  Ran r = run({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--out",
               out.string(), "--ocr", "never"},
              {}, tmp.path() / "run1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto records = check_out_dir(out, all);
  EXPECT_EQ(records[sha]["source"]["file"], "R\xEF\xBF\xBDunion du conseil.pdf");
  EXPECT_EQ(records[sha]["source"]["file_bytes"], "R\\xe9union du conseil.pdf");
  EXPECT_EQ(r.err.find('\xE9'), std::string::npos) << "raw bytes reached the terminal";
  // The catalog keeps the exact bytes, and a rerun finds nothing to do.
  auto cat = ingest::Catalog::open(catalog, ingest::migrations_dir(test_config().dir()));
  ASSERT_TRUE(cat.ok());
  auto paths = cat.value()->paths_of(sha);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths.value(), std::vector<std::string>{latin1});
  Ran again = run({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--out",
                   out.string()},
                  {}, tmp.path() / "run2");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(status_json(catalog)["done"], 3);

  // JSON Lines: one whole line per source.
  fs::path lines = tmp.path() / "records.jsonl";
  Ran j = run({"ingest", (tmp.path() / "in").string(), "--catalog",
               (tmp.path() / "c2.db").string(), "--jsonl", lines.string(), "--ocr", "never"},
              {}, tmp.path() / "run3");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  std::stringstream in(read_file(lines));
  int n = 0, with_bytes = 0;
  for (std::string line; std::getline(in, line); ++n) {
    json rec = json::parse(line);
    with_bytes += rec["source"].contains("file_bytes");
  }
  EXPECT_EQ(n, 3);
  EXPECT_EQ(with_bytes, 1);
}

/// A small file system under `dir` when mount(2) is allowed (root, or CAP_SYS_ADMIN): a tmpfs
/// filled to the last byte. Unmounted when done. AGENDAPACK_TEST_NO_MOUNT=1 tries the fallback
/// where it is allowed.
class FullDisk {
 public:
  explicit FullDisk(const fs::path& dir) : dir_(dir) {
    fs::create_directories(dir);
    const char* no_mount = std::getenv("AGENDAPACK_TEST_NO_MOUNT");
    if (no_mount && *no_mount == '1') return;
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=512k") == 0;
    if (!mounted_) return;
    std::ofstream filler(dir / "filler", std::ios::binary);
    std::string block(4096, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
  }
  ~FullDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  void free_space() {
    std::error_code ec;
    fs::remove(dir_ / "filler", ec);
  }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

TEST(IngestHostile, AFullDiskStopsWithExit3LeavesNoEmptyRecordAndARerunFinishes) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 3);
  std::string catalog = (tmp.path() / "c.db").string();
  fs::path out = tmp.path() / "out";
  FullDisk disk(out);
  // Where mount(2) is refused, the worker's files are capped instead (RLIMIT_FSIZE).
  std::vector<std::string> env;
  if (!disk.mounted()) env.push_back("AGENDAPACK_TEST_WORKER_FSIZE=0");
  std::cerr << "full disk simulated by " << (disk.mounted() ? "a full tmpfs" : "RLIMIT_FSIZE")
            << "\n";
  std::vector<std::string> args = {"ingest", (tmp.path() / "in").string(), "--catalog", catalog,
                                   "--out", out.string(), "--ocr", "never"};
  Ran full = run(args, env, tmp.path() / "run1");
  EXPECT_EQ(full.exit_code, 3) << full.err;
  EXPECT_NE(full.err.find("cannot write the record"), std::string::npos) << full.err;
  EXPECT_EQ(count_json(out), 0u);  // nothing put in place, empty or not
  EXPECT_EQ(count_json(out / ".partial"), 0u);
  json st = status_json(catalog);
  EXPECT_EQ(st["queued"], 3) << st.dump();
  EXPECT_EQ(st["failed"], 0);
  EXPECT_EQ(st["running"], 0);

  disk.free_space();
  Ran rerun = run(args, {}, tmp.path() / "run2");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  auto records = check_out_dir(out, values(pdfs));
  for (const auto& [sha, rec] : records) EXPECT_FALSE(rec.contains("error")) << sha;
  EXPECT_EQ(status_json(catalog)["done"], 3);
}

TEST(IngestHostile, AFullDiskUnderJsonLinesLeavesNoHalfLine) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 3);
  fs::path dir = tmp.path() / "lines";
  FullDisk disk(dir);
  if (!disk.mounted()) GTEST_SKIP() << "mount(2) is not allowed here; the --out test covers it";
  std::vector<std::string> args = {"ingest", (tmp.path() / "in").string(), "--catalog",
                                   (tmp.path() / "c.db").string(), "--jsonl",
                                   (dir / "records.jsonl").string(), "--ocr", "never"};
  // Room for the (empty) file, none for a record.
  Ran full = run(args, {}, tmp.path() / "run1");
  EXPECT_EQ(full.exit_code, 3) << full.err;
  EXPECT_EQ(read_file(dir / "records.jsonl"), "");
  disk.free_space();
  Ran rerun = run(args, {}, tmp.path() / "run2");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  std::string text = read_file(dir / "records.jsonl");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

TEST(IngestHostile, AnAllocatorThatAbortsOutOfMemoryIsMemoryLimit) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 1);
  auto hog = make_pdfs(tmp.path() / "in", 1, 70, "hog-");
  fs::path out = tmp.path() / "out";
  Ran r = run({"ingest", (tmp.path() / "in").string(), "--catalog",
               (tmp.path() / "c.db").string(), "--out", out.string(), "--memory-mb", "512",
               "--ocr", "never"},
              {"AGENDAPACK_TEST_MALLOC_ON=hog-"}, tmp.path() / "run");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::set<std::string> all = values(pdfs);
  all.insert(hog.begin()->second);
  auto records = check_out_dir(out, all);
  const json& err = records[hog.begin()->second]["error"];
  EXPECT_EQ(err["code"], "MEMORY_LIMIT") << err.dump();
  EXPECT_NE(err["message"].get<std::string>().find("ran out of memory"), std::string::npos);
  EXPECT_FALSE(records[pdfs.begin()->second].contains("error"));
}

TEST(IngestHostile, AHugePageGoesToOcrAtTheDpiTheMemoryLimitAllows) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "in");
  fs::path pdf = tmp.path() / "in" / "poster.pdf";
  {
    fixtures::PdfBuilder b(pdf, 11000, 11000);
    b.text_as_outlines(500, 1500, "Minutes of the meeting", {400, true});  // ink, no text
  }
  fs::path out = tmp.path() / "out";
  Ran r = run({"ingest", (tmp.path() / "in").string(), "--catalog",
               (tmp.path() / "c.db").string(), "--out", out.string(), "--memory-mb", "300",
               "--ocr", "auto"},
              {}, tmp.path() / "run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto records = check_out_dir(out, {sha256_file(pdf.string())});
  const json& rec = records.begin()->second;
  ASSERT_FALSE(rec.contains("error")) << rec.dump();
  EXPECT_EQ(rec["pages"][0]["method"], "ocr");
  bool reduced = false;
  for (const auto& issue : rec["quality"]["issues"]) reduced |= issue["code"] == "OCR_DPI_REDUCED";
  EXPECT_TRUE(reduced) << rec["quality"].dump();
}

}  // namespace
}  // namespace agendapack::test
