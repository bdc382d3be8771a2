// agendapack ingest end to end: kill -9 and rerun, JSON Lines, timeouts, crashes, memory
// limits, shards, the shared samples and corpus, and two processes on one PostgreSQL queue.
// Inputs are generated PDFs (their sha256 is what the catalog keys on), so every count here is
// known in advance.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "pipeline/ingest/catalog.h"
#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/integration/ingest_util.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {
namespace {

// ---- SQLite ----

TEST(IngestSqlite, KillNineAndRerunLeavesExactlyOneRecordPerSource) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 30);
  // The same bytes under a second name: one source, one record.
  fs::copy_file(tmp.path() / "in" / "doc-05.pdf", tmp.path() / "in" / "copy-of-05.pdf");
  std::set<std::string> shas = values(pdfs);
  ASSERT_EQ(shas.size(), 30u);
  std::string catalog = (tmp.path() / "catalog.db").string();
  fs::path out = tmp.path() / "out";
  std::string tag = unique_tag();

  pid_t pid = spawn({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--out",
                     out.string(), "--jobs", "2", "--ocr", "never"},
                    {"AGENDAPACK_TEST_SLOW_MS=150", tag}, tmp.path() / "run1");
  // Kill part-way: some records written, most not.
  auto give_up = std::chrono::steady_clock::now() + 120s;
  while (count_json(out) < 6 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(10ms);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  EXPECT_EQ(wait_for(pid), 128 + SIGKILL);
  size_t before = count_json(out);
  EXPECT_GE(before, 6u);
  EXPECT_LT(before, 30u) << "the kill came too late to test anything";

  // Workers die with their parent.
  auto orphan_deadline = std::chrono::steady_clock::now() + 5s;
  while (processes_tagged(tag) > 0 && std::chrono::steady_clock::now() < orphan_deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(processes_tagged(tag), 0) << "workers outlived the killed ingest";

  json mid = status_json(catalog);
  EXPECT_EQ(mid["queued"].get<int>() + mid["running"].get<int>() + mid["done"].get<int>(), 30);

  Ran again = run({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--out",
                   out.string(), "--jobs", "2", "--ocr", "never", "--summary",
                   (tmp.path() / "summary.json").string()},
                  {}, tmp.path() / "run2");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  auto records = check_out_dir(out, shas);
  for (const auto& [sha, rec] : records) EXPECT_FALSE(rec.contains("error")) << sha;

  json st = status_json(catalog);
  EXPECT_EQ(st["done"], 30);
  EXPECT_EQ(st["queued"], 0);
  EXPECT_EQ(st["running"], 0);
  EXPECT_EQ(st["failed"], 0);
  json summary = json::parse(read_file(tmp.path() / "summary.json"));
  EXPECT_EQ(summary["inputs"], 31);
  EXPECT_EQ(summary["distinct"], 30);
  EXPECT_EQ(summary["new"], 0);
  // A rerun converts what was not done, and again at most the two that were in flight when
  // the kill came between writing their record and marking their row.
  EXPECT_GE(summary["done"].get<int>() + static_cast<int>(before), 30);
  EXPECT_LE(summary["done"].get<int>() + static_cast<int>(before), 32);

  // Both names of the copied file are known to the catalog.
  auto cat = ingest::Catalog::open(catalog, ingest::migrations_dir(test_config().dir()));
  ASSERT_TRUE(cat) << cat.error().message;
  auto names = cat.value()->paths_of(pdfs[(tmp.path() / "in" / "doc-05.pdf").string()]);
  ASSERT_TRUE(names);
  EXPECT_EQ(names.value().size(), 2u);

  // A third run has nothing to do and says so by converting nothing.
  Ran third = run({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--out",
                   out.string(), "--summary", (tmp.path() / "summary3.json").string()},
                  {}, tmp.path() / "run3");
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(json::parse(read_file(tmp.path() / "summary3.json"))["processed"], 0);
}

TEST(IngestSqlite, JsonlSurvivesKillAndPartialLine) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 20);
  std::string catalog = (tmp.path() / "catalog.db").string();
  fs::path jsonl = tmp.path() / "records.jsonl";
  pid_t pid = spawn({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--jsonl",
                     jsonl.string(), "--jobs", "2", "--ocr", "never"},
                    {"AGENDAPACK_TEST_SLOW_MS=150"}, tmp.path() / "run1");
  auto give_up = std::chrono::steady_clock::now() + 120s;
  auto lines_in = [&] {
    std::string text = read_file(jsonl);
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  };
  while (lines_in() < 4 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(10ms);
  ::kill(pid, SIGKILL);
  wait_for(pid);
  EXPECT_LT(lines_in(), 20u);
  // What a kill in the middle of a write leaves: half a line.
  {
    std::ofstream tail(jsonl, std::ios::app);
    tail << "{\"schema_version\":\"1\",\"source\":{\"file\":\"doc-";
  }
  Ran again = run({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--jsonl",
                   jsonl.string(), "--jobs", "2", "--ocr", "never"},
                  {}, tmp.path() / "run2");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("partial last line"), std::string::npos) << again.err;
  std::istringstream in(read_file(jsonl));
  std::multiset<std::string> seen;
  for (std::string line; std::getline(in, line);) {
    json rec = json::parse(line, nullptr, false);
    ASSERT_FALSE(rec.is_discarded()) << line.substr(0, 80);
    seen.insert(rec["source"]["sha256"].get<std::string>());
  }
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), values(pdfs));
}

TEST(IngestSqlite, HangingDocumentTimesOutAndTheBatchGoesOn) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 4);
  auto hang = make_pdfs(tmp.path() / "in", 1, 50, "hang-");
  std::string catalog = (tmp.path() / "catalog.db").string();
  fs::path out = tmp.path() / "out";
  auto started = std::chrono::steady_clock::now();
  Ran r = run({"ingest", (tmp.path() / "in").string(), "--catalog", catalog, "--out", out.string(),
               "--timeout", "2", "--ocr", "never"},
              {"AGENDAPACK_TEST_HANG_ON=hang-"}, tmp.path() / "run");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 60s);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::set<std::string> all = values(pdfs);
  std::string hang_sha = hang.begin()->second;
  all.insert(hang_sha);
  auto records = check_out_dir(out, all);
  ASSERT_TRUE(records[hang_sha].contains("error"));
  EXPECT_EQ(records[hang_sha]["error"]["code"], "TIMEOUT");
  EXPECT_EQ(records[hang_sha]["source"]["sha256"], hang_sha);
  for (const auto& [path, sha] : pdfs) EXPECT_FALSE(records[sha].contains("error")) << path;
  json st = status_json(catalog);
  EXPECT_EQ(st["done"], 4);
  EXPECT_EQ(st["failed"], 1);
  EXPECT_EQ(st["failures_by_code"]["TIMEOUT"], 1);
  EXPECT_EQ(st["recent_failures"][0]["code"], "TIMEOUT");
}

TEST(IngestSqlite, CrashingWorkerFailsAloneAndRetryFailedRequeues) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 5);
  auto crash = make_pdfs(tmp.path() / "in", 1, 60, "crash-");
  std::string catalog = (tmp.path() / "catalog.db").string();
  fs::path out = tmp.path() / "out";
  // Given as a list file, one path per line.
  fs::path list = tmp.path() / "inputs.lst";
  {
    std::ofstream l(list);
    l << "# inputs\n";
    for (const auto& [path, sha] : pdfs) l << path << "\n";
    l << crash.begin()->first << "\n";
  }
  Ran r = run({"ingest", "@" + list.string(), "--catalog", catalog, "--out", out.string(),
               "--jobs", "2", "--ocr", "never"},
              {"AGENDAPACK_TEST_CRASH_ON=crash-"}, tmp.path() / "run1");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::set<std::string> all = values(pdfs);
  std::string crash_sha = crash.begin()->second;
  all.insert(crash_sha);
  auto records = check_out_dir(out, all);
  EXPECT_EQ(records[crash_sha]["error"]["code"], "WORKER_CRASHED");
  EXPECT_NE(records[crash_sha]["error"]["message"].get<std::string>().find("SIGABRT"),
            std::string::npos);
  EXPECT_EQ(status_json(catalog)["done"], 5);

  // Without --retry-failed a rerun leaves the failure alone (and still says so: exit 1) ...
  Ran same = run({"ingest", list.string(), "--catalog", catalog, "--out", out.string()}, {},
                 tmp.path() / "run2");
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_EQ(status_json(catalog)["failed"], 1);
  // ... with it, the fixed environment converts it.
  Ran retry = run({"ingest", list.string(), "--catalog", catalog, "--out", out.string(),
                   "--retry-failed", "--ocr", "never"},
                  {}, tmp.path() / "run3");
  EXPECT_EQ(retry.exit_code, 0) << retry.err;
  records = check_out_dir(out, all);
  EXPECT_FALSE(records[crash_sha].contains("error"));
  json st = status_json(catalog);
  EXPECT_EQ(st["done"], 6);
  EXPECT_EQ(st["failed"], 0);
}

TEST(IngestSqlite, MemoryLimitFailsTheDocumentNotTheBatch) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 2);
  auto hog = make_pdfs(tmp.path() / "in", 1, 70, "hog-");
  fs::path out = tmp.path() / "out";
  Ran r = run({"ingest", (tmp.path() / "in").string(), "--catalog",
               (tmp.path() / "c.db").string(), "--out", out.string(), "--memory-mb", "1024",
               "--ocr", "never"},
              {"AGENDAPACK_TEST_ALLOC_ON=hog-"}, tmp.path() / "run");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::set<std::string> all = values(pdfs);
  all.insert(hog.begin()->second);
  auto records = check_out_dir(out, all);
  EXPECT_EQ(records[hog.begin()->second]["error"]["code"], "MEMORY_LIMIT");
  for (const auto& [path, sha] : pdfs) EXPECT_FALSE(records[sha].contains("error")) << path;
}

TEST(IngestSqlite, ShardsPartitionBySha256AndTheirUnionIsEverything) {
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 24);
  std::set<std::string> all = values(pdfs);
  std::set<std::string> seen;
  for (int k = 0; k < 3; ++k) {
    std::string shard = std::to_string(k) + "/3";
    fs::path out = tmp.path() / ("out" + std::to_string(k));
    Ran r = run({"ingest", (tmp.path() / "in").string(), "--catalog",
                 (tmp.path() / ("c" + std::to_string(k) + ".db")).string(), "--out",
                 out.string(), "--shard", shard, "--ocr", "never"},
                {}, tmp.path() / ("run" + std::to_string(k)));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> mine;
    for (const std::string& sha : all)
      if (ingest::shard_key(sha) % 3 == k) mine.insert(sha);
    check_out_dir(out, mine);
    for (const auto& sha : mine) EXPECT_TRUE(seen.insert(sha).second) << "in two shards: " << sha;
  }
  EXPECT_EQ(seen, all);
  // The key is the sha256's first 32 bits: the same on every machine.
  EXPECT_EQ(ingest::shard_key("0000000a" + std::string(56, 'f')), 10);
  CommandResult bad = run_cli({"ingest", (tmp.path() / "in").string(), "--shard", "3/3"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(IngestSqlite, SamplesAndCorpusAreEachAccountedFor) {
  fs::path shared = shared_dir();
  if (shared.empty() || !fs::exists(shared / "corpus")) GTEST_SKIP() << "../shared is absent";
  TempDir tmp;
  std::map<std::string, std::string> inputs;
  for (const char* sub : {"samples", "corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(shared / sub)) {
      std::string ext = e.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
      if (e.is_regular_file() && ext == ".pdf")
        inputs[e.path().string()] = sha256_file(e.path().string());
    }
  }
  ASSERT_GT(inputs.size(), 50u);
  fs::path out = tmp.path() / "out";
  std::string catalog = (tmp.path() / "catalog.db").string();
  Ran r = run({"ingest", (shared / "samples").string(), (shared / "corpus").string(),
               "--catalog", catalog, "--out", out.string(), "--jobs", "2", "--ocr", "never",
               "--timeout", "300", "--summary", (tmp.path() / "summary.json").string()},
              {}, tmp.path() / "run");
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  auto records = check_out_dir(out, values(inputs));
  json st = status_json(catalog);
  EXPECT_EQ(st["total"].get<size_t>(), values(inputs).size());
  EXPECT_EQ(st["done"].get<size_t>() + st["failed"].get<size_t>(), values(inputs).size());
  for (const auto& [sha, rec] : records) {
    if (rec.contains("error")) {
      EXPECT_FALSE(rec["error"]["code"].get<std::string>().empty()) << sha;
    }
  }
  json summary = json::parse(read_file(tmp.path() / "summary.json"));
  EXPECT_EQ(summary["inputs"].get<size_t>(), inputs.size());
  EXPECT_EQ(summary["processed"].get<size_t>(), values(inputs).size());
}

// ---- PostgreSQL ----

class PgServer {
 public:
  PgServer() {
    script_ = test::source_dir() / "tests" / "integration" / "pg_server.sh";
    std::string cmd = script_.string() + " start " + (dir_.path() / "pg").string() + " 2>" +
                      (dir_.path() / "start.err").string();
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[512] = {};
    if (p && std::fgets(buf, sizeof buf, p)) url_ = buf;
    int rc = p ? ::pclose(p) : -1;
    while (!url_.empty() && (url_.back() == '\n' || url_.back() == '\r')) url_.pop_back();
    if (rc != 0) url_.clear();
  }
  ~PgServer() {
    std::string cmd = script_.string() + " stop " + (dir_.path() / "pg").string();
    (void)std::system(cmd.c_str());
  }
  const std::string& url() const { return url_; }
  std::string start_error() const { return read_file(dir_.path() / "start.err"); }
  /// One value from psql.
  std::string query(const std::string& sql) const {
    std::string cmd = "psql '" + url_ + "' -Atc \"" + sql + "\"";
    FILE* p = ::popen(cmd.c_str(), "r");
    std::string out;
    char buf[256];
    while (p && std::fgets(buf, sizeof buf, p)) out += buf;
    if (p) ::pclose(p);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

 private:
  TempDir dir_;
  fs::path script_;
  std::string url_;
};

// Not a skip when the server cannot start: CI installs postgresql (scripts/setup.sh), so a
// missing server is a broken set-up, and this test must say so.
TEST(IngestPostgres, TwoProcessesOnOneQueueConvertEachDocumentOnce) {
  PgServer pg;
  ASSERT_FALSE(pg.url().empty()) << "the throwaway PostgreSQL did not start: " << pg.start_error();
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 24);
  fs::path out = tmp.path() / "out";
  fs::path trace = tmp.path() / "trace.txt";
  std::vector<std::string> env = {"AGENDAPACK_TEST_SLOW_MS=100",
                                  "AGENDAPACK_TEST_TRACE=" + trace.string()};
  std::vector<pid_t> pids;
  for (int p = 0; p < 2; ++p)
    pids.push_back(spawn({"ingest", (tmp.path() / "in").string(), "--catalog", pg.url(), "--out",
                          out.string(), "--jobs", "2", "--ocr", "never", "--summary",
                          (tmp.path() / ("summary" + std::to_string(p) + ".json")).string()},
                         env, tmp.path() / ("run" + std::to_string(p))));
  for (pid_t pid : pids) EXPECT_EQ(wait_for(pid), 0);
  for (int p = 0; p < 2; ++p)
    EXPECT_TRUE(read_file(tmp.path() / ("run" + std::to_string(p)) / "stderr").find("error:") ==
                std::string::npos)
        << read_file(tmp.path() / ("run" + std::to_string(p)) / "stderr");

  // Every conversion left a trace line: each source exactly once, over both processes.
  std::istringstream lines(read_file(trace));
  std::map<std::string, int> conversions;
  for (std::string line; std::getline(lines, line);) ++conversions[line.substr(0, 64)];
  EXPECT_EQ(conversions.size(), 24u);
  for (const auto& [sha, n] : conversions) EXPECT_EQ(n, 1) << sha << " converted " << n << " times";
  int by0 = json::parse(read_file(tmp.path() / "summary0.json"))["processed"];
  int by1 = json::parse(read_file(tmp.path() / "summary1.json"))["processed"];
  EXPECT_EQ(by0 + by1, 24);
  EXPECT_GT(by0, 0);
  EXPECT_GT(by1, 0);

  check_out_dir(out, values(pdfs));
  json st = status_json(pg.url());
  EXPECT_EQ(st["backend"], "postgres");
  EXPECT_EQ(st["done"], 24);
  EXPECT_EQ(st["queued"], 0);
  EXPECT_EQ(st["running"], 0);
  EXPECT_EQ(pg.query("SELECT count(*) FROM records"), "24");
  EXPECT_EQ(pg.query("SELECT count(*) FROM sources WHERE attempts <> 1"), "0");
  EXPECT_EQ(pg.query("SELECT count(*) FROM records WHERE record->'source'->>'sha256' = sha256"),
            "24");
  EXPECT_EQ(pg.query("SELECT max(version) FROM schema_version"),
            std::to_string(status_json(pg.url())["schema_version"].get<int>()));
}

TEST(IngestPostgres, LeasesOfAKilledProcessExpireAndAreRequeued) {
  PgServer pg;
  ASSERT_FALSE(pg.url().empty()) << "the throwaway PostgreSQL did not start: " << pg.start_error();
  TempDir tmp;
  auto pdfs = make_pdfs(tmp.path() / "in", 12);
  fs::path out = tmp.path() / "out";
  pid_t pid = spawn({"ingest", (tmp.path() / "in").string(), "--catalog", pg.url(), "--out",
                     out.string(), "--jobs", "2", "--ocr", "never", "--lease", "3"},
                    {"AGENDAPACK_TEST_SLOW_MS=300"}, tmp.path() / "run1");
  auto give_up = std::chrono::steady_clock::now() + 120s;
  while (count_json(out) < 3 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(10ms);
  ::kill(pid, SIGKILL);
  wait_for(pid);
  json mid = status_json(pg.url());
  EXPECT_GT(mid["running"].get<int>(), 0) << "the kill should leave claimed rows behind";
  // A worker-only process (no paths: it works on the shared queue) waits out the leases.
  Ran r = run({"ingest", "--catalog", pg.url(), "--out", out.string(), "--ocr", "never",
               "--lease", "3"},
              {}, tmp.path() / "run2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  check_out_dir(out, values(pdfs));
  json st = status_json(pg.url());
  EXPECT_EQ(st["done"], 12);
  EXPECT_EQ(st["running"], 0);
}

// PostgreSQL text must be UTF-8: a Latin-1 file name is stored escaped and reaches the worker
// exactly.
TEST(IngestPostgres, NonUtf8FileNamesAreStoredEscapedAndConvertedExactly) {
  PgServer pg;
  ASSERT_FALSE(pg.url().empty()) << "the throwaway PostgreSQL did not start: " << pg.start_error();
  TempDir tmp;
  fs::path in = tmp.path() / "in";
  fs::create_directories(in);
  const std::string latin1 = (in / "R\xE9union.pdf").string();
  write_minutes(latin1, 41);
  std::string sha = sha256_file(latin1);
  fs::path out = tmp.path() / "out";
  std::vector<std::string> args = {"ingest", in.string(), "--catalog", pg.url(), "--out",
                                   out.string(), "--ocr", "never"};
  Ran r = run(args, {}, tmp.path() / "run1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto records = check_out_dir(out, {sha});
  EXPECT_EQ(records[sha]["source"]["file_bytes"], "R\\xe9union.pdf");
  EXPECT_EQ(pg.query("SELECT path FROM paths"),
            "bytes:" + (in / "R").string() + "\\xe9union.pdf");
  EXPECT_EQ(pg.query("SELECT count(*) FROM records WHERE record->'source'->>'file_bytes' "
                     "IS NOT NULL"),
            "1");
  Ran again = run(args, {}, tmp.path() / "run2");  // known by path: nothing to do
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(pg.query("SELECT count(*) FROM sources"), "1");
}

}  // namespace
}  // namespace agendapack::test
