/// \file The catalog: one row per source (keyed by sha256, so the same bytes under two names
/// are converted once), the work queue of `agendapack ingest`, and what `status` and the report
/// read. Two backends behind one interface: SQLite (WAL, one machine, the default) and
/// PostgreSQL (many machines: claims with FOR UPDATE SKIP LOCKED, leases renewed by heartbeats,
/// expired leases requeued). The schema is the numbered SQL files of
/// config/catalog/migrations, applied in order and remembered in schema_version.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/result.h"

namespace agendapack::ingest {

/// The four states of a row. queued -> running (claimed) -> done | failed; a rerun requeues
/// running rows whose owner died (SQLite: all of them; PostgreSQL: expired leases).
inline constexpr const char* kQueued = "queued";
inline constexpr const char* kRunning = "running";
inline constexpr const char* kDone = "done";
inline constexpr const char* kFailed = "failed";

/// One input as found on disk: its bytes identify it.
struct SourceInput {
  std::string sha256;
  std::string path;  // as given (or the URL a crawl fetched it from)
  uint64_t bytes = 0;
  int64_t mtime_ns = 0;
};

/// Which part of the queue a process works on: rows whose shard key (the first 32 bits of the
/// sha256) modulo `count` equals `index`. {0, 1} is everything.
struct Shard {
  int index = 0;
  int count = 1;
  bool contains(const std::string& sha256) const;
};
/// The first 8 hex digits of a sha256 as a number: the same on every machine and backend.
int64_t shard_key(const std::string& sha256);

struct Claim {
  std::string sha256;
  std::string path;
  uint64_t bytes = 0;
  int attempts = 0;  // including this one
};

/// What one conversion produced, written to the row in one statement.
struct Outcome {
  std::string sha256;
  bool failed = false;
  std::string error_code, error_stage, error_message;
  std::optional<int> pages;
  int ocr_pages = 0;
  double ms = 0;
  nlohmann::json stage_ms = nlohmann::json::object();      // {"load": 12.5, ...}
  nlohmann::json issue_counts = nlohmann::json::object();  // {"CODE": n, ...}
  std::string record_location;  // a file, "jsonl:FILE" or "postgres:records"
  /// The record itself, for backends that keep it (PostgreSQL's records table, JSONB).
  const std::string* record_json = nullptr;
};

struct SourceRow {
  std::string sha256, path, status, error_code, error_stage, error_message, record_location;
  uint64_t bytes = 0;
  std::optional<int> pages;
  int attempts = 0;
  int ocr_pages = 0;
  std::string finished_at;
};

struct Counts {
  int64_t queued = 0, running = 0, done = 0, failed = 0;
  int64_t total() const { return queued + running + done + failed; }
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  /// "postgresql://..." or "postgres://..." opens PostgreSQL; anything else is a SQLite file.
  /// Applies pending migrations from `migrations_dir` before returning.
  static Result<std::unique_ptr<Catalog>> open(const std::string& spec,
                                               const std::filesystem::path& migrations_dir);

  virtual std::string_view backend() const = 0;
  /// The highest migration applied.
  virtual Result<int> schema_version() = 0;

  /// The sha256 last computed for a path of this size and mtime, so reruns over a large archive
  /// do not read every file again; nullopt when unknown or the file changed.
  virtual Result<std::optional<std::string>> known_sha256(const std::string& path, uint64_t bytes,
                                                          int64_t mtime_ns) = 0;
  /// Adds sources as queued (a sha256 already present keeps its row; the path joins its paths).
  /// Returns how many rows are new.
  virtual Result<int> add_sources(const std::vector<SourceInput>& inputs) = 0;
  /// Puts back in the queue what was running and is no longer owned: SQLite (one ingest per
  /// file, enforced by a lock) requeues every running row; PostgreSQL those whose lease expired.
  virtual Result<int> requeue_abandoned() = 0;
  /// failed -> queued (in `shard`), for --retry-failed.
  virtual Result<int> requeue_failed(const Shard& shard) = 0;
  /// Takes the oldest queued row of `shard` for `owner` with a lease of `lease_s` seconds.
  virtual Result<std::optional<Claim>> claim(const std::string& owner, const Shard& shard,
                                             int lease_s) = 0;
  /// running -> queued for a row `owner` holds, without counting the attempt: the record could
  /// not be written (a full disk), which is no fault of the document.
  virtual Result<void> release(const std::string& owner, const std::string& sha256) = 0;
  /// Extends every lease `owner` holds.
  virtual Result<void> heartbeat(const std::string& owner, int lease_s) = 0;
  /// Marks the row done or failed. The record is already in place (files are renamed before
  /// this call; PostgreSQL stores it in the same transaction).
  virtual Result<void> finish(const std::string& owner, const Outcome& outcome) = 0;

  virtual Result<Counts> counts(const Shard& shard = {}) = 0;
  virtual Result<std::vector<SourceRow>> recent_failures(int limit) = 0;
  virtual Result<std::optional<SourceRow>> row(const std::string& sha256) = 0;
  virtual Result<std::vector<std::string>> paths_of(const std::string& sha256) = 0;
  /// Total pages and OCR pages of done rows, and failures by code, for summaries.
  virtual Result<nlohmann::json> totals() = 0;
};

/// The migrations for one backend, in order: NNNN_name.sql (both), NNNN_name.sqlite.sql,
/// NNNN_name.postgres.sql. Each item is {version, file name, SQL text}.
struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};
Result<std::vector<Migration>> load_migrations(const std::filesystem::path& dir,
                                               std::string_view backend);

/// The folder of migrations inside a config folder.
std::filesystem::path migrations_dir(const std::filesystem::path& config_dir);

}  // namespace agendapack::ingest
