// agendapack ingest: a whole archive into the catalog and records; resumable, isolated per
// document, shardable. The work is in pipeline/ingest/supervisor.cpp.
#include <filesystem>

#include "pipeline/cli/common.h"
#include "pipeline/ingest/inputs.h"
#include "pipeline/ingest/supervisor.h"

namespace agendapack::cli {

namespace {

struct IngestCliOptions {
  CommonOptions common;
  ingest::IngestOptions ingest;
  std::string shard;
  std::string ocr;
};

int run_ingest_cli(IngestCliOptions& o) {
  Logger log(log_level(o.common));
  if (!o.ocr.empty()) o.common.sets.push_back("ocr.mode=" + o.ocr);
  auto cfg = load_config(o.common, log);  // refuse a bad configuration before any work
  if (!cfg) return kExitUsage;
  if (!o.shard.empty()) {
    auto shard = ingest::parse_shard(o.shard);
    if (!shard) {
      log.error("--shard wants K/N with 0 <= K < N, e.g. --shard 0/4");
      return kExitUsage;
    }
    o.ingest.shard = *shard;
  }
  bool postgres = o.ingest.catalog.rfind("postgres", 0) == 0;
  if (o.ingest.inputs.empty() && !postgres) {
    log.error("name the PDFs, folders or list files to ingest");
    return kExitUsage;
  }
  auto& args = o.ingest.worker_args;
  if (!o.common.config_file.empty()) {
    args.push_back("--config");
    args.push_back(std::filesystem::absolute(o.common.config_file).string());
  }
  for (const auto& s : o.common.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  // Stage warnings would drown the progress line; workers say only errors unless -vv.
  if (o.common.verbose >= 2) args.push_back("-v");
  else args.push_back("-q");
  o.ingest.quiet = o.common.quiet;
  return ingest::run_ingest(o.ingest, cfg->dir(), log);
}

}  // namespace

void setup_ingest(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand(
      "ingest", "convert an archive into a catalog and records (resumable, one worker per job)");
  auto o = std::make_shared<IngestCliOptions>();
  auto& io = o->ingest;
  add_common(*cmd, o->common);
  cmd->add_option("PATH", io.inputs,
                  "PDF files, folders (searched for *.pdf) or list files (@list.txt, *.txt, "
                  "*.lst: one path per line); none with PostgreSQL: work on the shared queue");
  cmd->add_option("--catalog", io.catalog,
                  "catalog: a SQLite file (default catalog.db) or postgresql://...")
      ->capture_default_str();
  auto* out = cmd->add_option("--out", io.out_dir,
                              "write DIR/<sha256>.json per source (default with SQLite: "
                              "records/ beside the catalog)");
  auto* jsonl = cmd->add_option("--jsonl", io.jsonl, "append one record per line to FILE");
  out->excludes(jsonl);
  cmd->add_option("-j,--jobs", io.jobs, "worker processes")->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_flag("--retry-failed", io.retry_failed, "queue failed sources again");
  cmd->add_option("--shard", o->shard,
                  "K/N: only sources whose sha256 falls in shard K of N (0-based)");
  cmd->add_option("--timeout", io.timeout_s, "seconds per document before the worker is killed")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--memory-mb", io.memory_mb, "address-space limit of a worker, MB (0: none)")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--summary", io.summary_file, "write the final summary as JSON to FILE");
  cmd->add_option("--ocr", o->ocr, "when to OCR pages")
      ->check(CLI::IsMember({"never", "auto", "always"}));
  cmd->add_option("--lease", io.lease_s, "PostgreSQL lease per claim, seconds")
      ->check(CLI::Range(2, 86400))->group("");
  cmd->callback([o, &result] { result.exit_code = run_ingest_cli(*o); });
}

}  // namespace agendapack::cli
