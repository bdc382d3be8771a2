/// \file The ingest supervisor: adds the inputs to the catalog, then claims rows and hands
/// them to --jobs worker processes, writes each record atomically and only then marks its row
/// done or failed. Single-threaded: one poll() loop over the workers' reply pipes, so catalog
/// access needs no locking. Safe to kill -9 at any moment: a rerun requeues what was running
/// and finishes the rest, and every input ends with exactly one record or error record.
#pragma once

#include <string>
#include <vector>

#include "pipeline/ingest/catalog.h"
#include "pipeline/log.h"

namespace agendapack::ingest {

struct IngestOptions {
  std::vector<std::string> inputs;
  std::string catalog = "catalog.db";
  std::string out_dir;  // DIR/<sha256>.json per source
  std::string jsonl;    // or one line per record appended here
  int jobs = 1;
  bool retry_failed = false;
  Shard shard;
  double timeout_s = 600;
  int memory_mb = 4096;
  int lease_s = 60;  // PostgreSQL leases; renewed every third of this
  std::string summary_file;
  /// Passed to every worker: --config FILE, --set k=v, -v.
  std::vector<std::string> worker_args;
  bool quiet = false;
};

/// Runs an ingest; the process exit code (0 all done, 1 some failed, 2 usage, 3 environment).
int run_ingest(const IngestOptions& options, const std::filesystem::path& config_dir,
               Logger& log);

}  // namespace agendapack::ingest
