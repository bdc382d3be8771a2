// agendapack nightly: crawl, ingest, export and report in one command under a lock, for cron
// or a systemd timer. A second copy exits at once with code 3.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "pipeline/cli/common.h"
#include "pipeline/cli/crawl_options.h"
#include "pipeline/export/export.h"
#include "pipeline/ingest/supervisor.h"
#include "pipeline/report/report.h"

namespace agendapack::cli {

namespace fs = std::filesystem;

namespace {

struct NightlyCliOptions {
  CommonOptions common;
  CrawlFlags flags;
  std::string catalog, out_dir, report_dir, lock_file, facts, csv_dir;
  int jobs = 0;
  double doc_timeout_s = 0;
  bool skip_crawl = false;
  bool no_export = false;
};

std::string today_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool copy_atomic(const fs::path& from, const fs::path& to, Logger& log) {
  std::error_code ec;
  fs::path tmp = to;
  tmp += ".tmp-" + std::to_string(::getpid());
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, to, ec);
  if (ec) log.error(to.string() + ": " + ec.message());
  return !ec;
}

int run_nightly(NightlyCliOptions& c) {
  Logger log(log_level(c.common));
  auto cfg = load_config(c.common, log);
  if (!cfg) return kExitUsage;
  // A --config file may carry the whole job in its "nightly" section; flags win.
  const nlohmann::json& n = cfg->section("nightly");
  std::string catalog = !c.catalog.empty() ? c.catalog : n.value("catalog", "catalog.db");
  std::string out_dir = !c.out_dir.empty() ? c.out_dir : n.value("out", "");
  std::string report_dir = !c.report_dir.empty() ? c.report_dir : n.value("report_dir", "");
  int jobs = c.jobs > 0 ? c.jobs : n.value("jobs", 1);
  if (report_dir.empty()) {
    log.error("name --report-dir DIR (or \"report_dir\" in the nightly section of --config)");
    return kExitUsage;
  }
  std::optional<crawl::CrawlOptions> crawl_opts;
  if (!c.skip_crawl) {
    crawl_opts = crawl_options(c.flags, *cfg, n, log);
    if (!crawl_opts) return kExitUsage;
  }

  std::error_code ec;
  fs::create_directories(report_dir, ec);
  if (ec) {
    log.error(report_dir + ": cannot create the report folder: " + ec.message());
    return kExitEnvironment;
  }
  std::string lock_path = !c.lock_file.empty() ? c.lock_file
                                               : (fs::path(report_dir) / "nightly.lock").string();
  int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) {
    log.error(lock_path + ": cannot open the lock file: " + std::strerror(errno));
    return kExitEnvironment;
  }
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    log.error("another nightly run holds " + lock_path + "; exiting");
    ::close(lock_fd);
    return kExitEnvironment;
  }
  struct LockGuard {
    int fd;
    ~LockGuard() { ::close(fd); }
  } guard{lock_fd};
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd, 0) == 0) (void)!::write(lock_fd, pid.data(), pid.size());

  int code = kExitOk;
  // 1. Crawl.
  if (!c.skip_crawl) {
    crawl_opts->catalog = catalog;
    auto sum = crawl::run_crawl(*crawl_opts, cfg->dir(), log);
    if (!sum) {
      log.error("crawl: " + sum.error().message);
      return kExitEnvironment;
    }
    const auto& s = sum.value();
    log.info("crawl: " + std::to_string(s.fetched) + " downloaded (" + std::to_string(s.new_docs) +
             " new, " + std::to_string(s.changed) + " changed), " +
             std::to_string(s.not_modified) + " not modified, " + std::to_string(s.failed) +
             " failed");
    if (s.failed > 0) code = kExitInputFailed;
  }
  // 2. Ingest what the crawl queued (and anything left queued before).
  ingest::IngestOptions io;
  io.catalog = catalog;
  io.out_dir = out_dir;
  io.jobs = jobs;
  if (c.doc_timeout_s > 0) io.timeout_s = c.doc_timeout_s;
  io.quiet = c.common.quiet;
  if (!c.common.config_file.empty()) {
    io.worker_args.push_back("--config");
    io.worker_args.push_back(fs::absolute(c.common.config_file).string());
  }
  for (const auto& s : c.common.sets) {
    io.worker_args.push_back("--set");
    io.worker_args.push_back(s);
  }
  io.worker_args.push_back(c.common.verbose >= 2 ? "-v" : "-q");
  int ingest_code = ingest::run_ingest(io, cfg->dir(), log);
  if (ingest_code == kExitEnvironment || ingest_code == kExitUsage) {
    log.error("ingest failed; no report written");
    return ingest_code;
  }
  if (ingest_code == kExitInputFailed) code = kExitInputFailed;

  // 3. Export the records to the facts database, which the report reads for what changed.
  std::string facts = !c.facts.empty()
                          ? c.facts
                          : n.value("facts", (fs::path(report_dir) / "facts.db").string());
  if (!c.no_export && !n.value("no_export", false)) {
    facts::ExportOptions eo;
    eo.catalog = catalog;
    eo.sqlite = facts;
    eo.csv_dir = !c.csv_dir.empty() ? c.csv_dir : n.value("csv", "");
    eo.quiet = c.common.quiet;
    auto sum = facts::run_export(eo, *cfg, log);
    if (!sum) {
      log.error("export: " + sum.error().message);
      return kExitEnvironment;
    }
    log.info("export: " + std::to_string(sum.value().exported) + " documents exported, " +
             std::to_string(sum.value().removed) + " removed, into " + facts);
    if (sum.value().unreadable > 0) code = kExitInputFailed;
  } else {
    facts.clear();
  }

  // 4. Report: dated files, then latest.* replaced atomically.
  report::ReportOptions ro = report::ReportOptions::from_json(cfg->section("report"));
  ro.catalog = catalog;
  ro.facts = facts;
  std::string date = today_utc();
  fs::path html = fs::path(report_dir) / ("report-" + date + ".html");
  fs::path json = fs::path(report_dir) / ("report-" + date + ".json");
  ro.html = html.string();
  ro.json = json.string();
  int report_code = report::run_report(ro, cfg->dir(), log);
  if (report_code != kExitOk) return report_code;
  if (!copy_atomic(html, fs::path(report_dir) / "latest.html", log) ||
      !copy_atomic(json, fs::path(report_dir) / "latest.json", log))
    return kExitEnvironment;
  log.info("nightly: report in " + html.string());
  return code;
}

}  // namespace

void setup_nightly(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand(
      "nightly", "crawl, ingest, export and report in one run under a lock (for cron or a timer)");
  auto o = std::make_shared<NightlyCliOptions>();
  add_common(*cmd, o->common);
  add_crawl_flags(*cmd, o->flags);
  cmd->add_option("--catalog", o->catalog, "a SQLite file or postgresql://... (default catalog.db)");
  cmd->add_option("--out", o->out_dir, "records folder (default: records/ beside the catalog)");
  cmd->add_option("--report-dir", o->report_dir,
                  "where report-<date>.html/.json and latest.html/.json go");
  cmd->add_option("-j,--jobs", o->jobs, "worker processes for the ingest");
  cmd->add_option("--doc-timeout", o->doc_timeout_s, "seconds per document before its worker is killed");
  cmd->add_option("--lock", o->lock_file, "lock file (default REPORT_DIR/nightly.lock)");
  cmd->add_flag("--skip-crawl", o->skip_crawl, "ingest and report only");
  cmd->add_option("--facts", o->facts,
                  "the facts database the export keeps (default REPORT_DIR/facts.db)");
  cmd->add_option("--csv", o->csv_dir, "also write the facts as CSV files into DIR");
  cmd->add_flag("--no-export", o->no_export, "leave the facts database alone");
  cmd->callback([o, &result] { result.exit_code = run_nightly(*o); });
}

}  // namespace agendapack::cli
