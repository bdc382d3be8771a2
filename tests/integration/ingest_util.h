/// \file What the ingest tests share: generated PDFs with known sha256s, running the binary
/// with a deadline and an environment, and checks of an output folder and the catalog.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

/// A one- or two-page minutes PDF whose text (and so bytes) depends on `n`.
inline void write_minutes(const fs::path& path, int n) {
  fixtures::PdfBuilder pdf(path);
  pdf.text(72, 90, "Minutes of meeting " + std::to_string(n), {16, true});
  pdf.text(72, 130, "1. Apologies for absence were received from member " + std::to_string(n));
  pdf.text(72, 150, "2. The committee noted the report of item " + std::to_string(n * 7));
  if (n % 3 == 0) {
    pdf.new_page();
    pdf.text(72, 90, "3. Any other business, meeting " + std::to_string(n));
  }
  pdf.finish();
}

/// `count` generated PDFs in `dir` (named doc-NN.pdf); returns their sha256 by path.
inline std::map<std::string, std::string> make_pdfs(const fs::path& dir, int count,
                                                    int first = 0,
                                                    const std::string& prefix = "doc-") {
  fs::create_directories(dir);
  std::map<std::string, std::string> out;
  for (int n = first; n < first + count; ++n) {
    char name[64];
    std::snprintf(name, sizeof name, "%s%02d.pdf", prefix.c_str(), n);
    fs::path p = dir / name;
    write_minutes(p, n);
    out[p.string()] = sha256_file(p.string());
  }
  return out;
}

inline std::set<std::string> values(const std::map<std::string, std::string>& m) {
  std::set<std::string> s;
  for (const auto& [k, v] : m) s.insert(v);
  return s;
}

inline const char* bin() {
  static const std::string b = test::agendapack_bin();
  return b.c_str();
}

/// Starts the binary with `args` and extra environment, stdout/stderr to files in `logs`.
inline pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const fs::path& logs) {
  fs::create_directories(logs);
  std::string out = (logs / "stdout").string(), err = (logs / "stderr").string();
  pid_t pid = ::fork();
  if (pid == 0) {
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::freopen(out.c_str(), "w", stdout);
    std::freopen(err.c_str(), "w", stderr);
    std::freopen("/dev/null", "r", stdin);
    std::vector<char*> argv;
    std::string b = bin();
    argv.push_back(b.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Waits for `pid` at most `limit`; the exit code, 128+signal, or -1 on timeout (killed).
inline int wait_for(pid_t pid, std::chrono::seconds limit = 300s) {
  auto end = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < end) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(20ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

struct Ran {
  int exit_code = -1;
  std::string err;
};

inline Ran run(const std::vector<std::string>& args, const std::vector<std::string>& env,
        const fs::path& logs) {
  pid_t pid = spawn(args, env, logs);
  Ran r;
  r.exit_code = wait_for(pid);
  r.err = read_file(logs / "stderr");
  return r;
}

inline size_t count_json(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    n += e.path().extension() == ".json";
  return n;
}

/// Every DIR/*.json parses, is named for its source's sha256, and the names are `expected`.
/// Returns the records by sha256.
inline std::map<std::string, json> check_out_dir(const fs::path& dir,
                                                const std::set<std::string>& expected) {
  std::map<std::string, json> records;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_directory()) continue;
    EXPECT_EQ(e.path().extension(), ".json") << e.path();
    json rec = json::parse(read_file(e.path()), nullptr, false);
    EXPECT_FALSE(rec.is_discarded()) << e.path() << " is not whole JSON";
    if (rec.is_discarded()) continue;
    std::string stem = e.path().stem().string();
    std::string sha = rec["source"].value("sha256", "");
    if (!sha.empty()) {
      EXPECT_EQ(sha, stem) << e.path();
    }
    records[stem] = rec;
  }
  std::set<std::string> got;
  for (const auto& [k, v] : records) got.insert(k);
  EXPECT_EQ(got, expected);
  // Nothing half-written is left behind.
  if (fs::exists(dir / ".partial")) {
    EXPECT_EQ(count_json(dir / ".partial"), 0u);
  }
  return records;
}

inline json status_json(const std::string& catalog) {
  CommandResult r = run_cli({"status", "--catalog", catalog, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

/// Processes whose environment holds `tag` (workers of a given test run).
inline int processes_tagged(const std::string& tag) {
  int n = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::stoi(name) == ::getpid()) continue;
    std::string environ = read_file(e.path() / "environ");
    if (environ.find(tag) != std::string::npos) {
      // Zombies (already dead, not yet reaped by us) do not count.
      std::string stat = read_file(e.path() / "stat");
      size_t close = stat.rfind(')');
      if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') continue;
      ++n;
    }
  }
  return n;
}

inline std::string unique_tag() {
  return "AGENDAPACK_TEST_TAG=" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

}  // namespace agendapack::test
