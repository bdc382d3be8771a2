/// \file `agendapack export`: the records a catalog points to, as an analysts' SQLite database
/// (config/export/migrations: one table per kind of fact, keys, FTS5, people, the
/// recommendation tracker) and optionally CSV files.
///
/// Incremental and idempotent: each document row remembers what the catalog said when it was
/// written (status, finish time, record place, pack); a rerun reads only the records whose
/// entry changed, replaces their rows whole, drops documents that left the catalog or that a
/// newer version of the same URL superseded, and rebuilds the people and trackers of the
/// authorities it touched. Everything happens in one transaction: an export that is killed
/// leaves the previous database as it was.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "pipeline/config.h"
#include "pipeline/log.h"
#include "pipeline/result.h"

namespace agendapack::facts {

struct ExportOptions {
  std::string catalog = "catalog.db";  // SQLite file or postgresql://...
  std::string sqlite = "facts.db";
  std::string csv_dir;   // "" -> no CSV
  bool rebuild = false;  // read every record again
  bool quiet = false;
};

struct ExportSummary {
  int64_t run_id = 0;
  int64_t documents = 0;  // in the database after the run
  int64_t exported = 0, removed = 0, unchanged = 0, unreadable = 0, waiting = 0;
  int64_t rows = 0, people_created = 0, people_merged = 0, people_pruned = 0;
  int64_t trackers = 0, authorities = 0, warnings = 0, csv_files = 0;
  double seconds = 0;
  nlohmann::json to_json() const;
};

Result<ExportSummary> run_export(const ExportOptions& options, const Config& config, Logger& log);

}  // namespace agendapack::facts
