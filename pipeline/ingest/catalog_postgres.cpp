/// \file The PostgreSQL catalog: a queue shared by ingest processes on many machines. A claim
/// takes the oldest queued row with FOR UPDATE SKIP LOCKED (two claimers never take the same
/// row and never wait for each other) and gives it a lease; the owner renews its leases by
/// heartbeat, and anyone requeues rows whose lease expired (their owner died). Records are
/// stored as JSONB in `records`, in the same transaction that marks the row done.
#include <libpq-fe.h>

#include <memory>

#include "pipeline/bytes.h"
#include "pipeline/net_backends.h"

namespace agendapack::ingest {

namespace {

using nlohmann::json;

// PostgreSQL text must be UTF-8, but a file name is bytes. A path that is not UTF-8 is stored
// escaped behind a prefix no stored path has (they are absolute, so they start with '/').
constexpr std::string_view kBytesPrefix = "bytes:";

std::string to_db_path(const std::string& path) {
  return is_valid_utf8(path) ? path : std::string(kBytesPrefix) + escape_bytes(path);
}

std::string from_db_path(const char* text) {
  std::string_view t(text);
  if (t.substr(0, kBytesPrefix.size()) == kBytesPrefix) {
    if (auto bytes = unescape_bytes(t.substr(kBytesPrefix.size()))) return *bytes;
  }
  return std::string(t);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Serialises migrations between processes that open a fresh catalog at the same time.
constexpr int64_t kMigrationLockKey = 0x61676e6461706b;  // "agndapk"

class PostgresCatalog final : public Catalog {
 public:
  explicit PostgresCatalog(PGconn* conn) : conn_(conn) {}
  ~PostgresCatalog() override { PQfinish(conn_); }

  std::string_view backend() const override { return "postgres"; }

  Error fail(const std::string& what, PGresult* r = nullptr) const {
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return Error{"CATALOG_ERROR", what + ": " + msg};
  }

  /// Runs one statement with text parameters (nullopt is NULL).
  Result<PgResult> query(const std::string& what, const char* sql,
                         const std::vector<std::optional<std::string>>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PgResult r(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0));
    ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return fail(what, r.get());
    return r;
  }

  Result<void> exec(const std::string& what, const std::string& sql) {
    // PQexec (not PQexecParams) so a migration file may hold several statements.
    PgResult r(PQexec(conn_, sql.c_str()));
    ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return fail(what, r.get());
    return {};
  }

  Result<void> migrate(const std::filesystem::path& dir) {
    auto migrations = load_migrations(dir, "postgres");
    if (!migrations) return migrations.error();
    if (auto r = exec("begin", "BEGIN"); !r) return r;
    auto rollback = [&](Error e) -> Result<void> {
      (void)exec("rollback", "ROLLBACK");
      return e;
    };
    if (auto r = exec("lock", "SELECT pg_advisory_xact_lock(" +
                                  std::to_string(kMigrationLockKey) + ")");
        !r)
      return rollback(r.error());
    if (auto r = exec("schema_version",
                      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        !r)
      return rollback(r.error());
    for (const Migration& m : migrations.value()) {
      auto have = query("schema_version", "SELECT 1 FROM schema_version WHERE version = $1",
                        {std::to_string(m.version)});
      if (!have) return rollback(have.error());
      if (PQntuples(have.value().get()) > 0) continue;
      if (auto r = exec(m.name, m.sql); !r) return rollback(r.error());
      auto mark = query("schema_version", "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                        {std::to_string(m.version), m.name});
      if (!mark) return rollback(mark.error());
    }
    return exec("commit", "COMMIT");
  }

  Result<int> schema_version() override {
    auto r = query("schema_version", "SELECT coalesce(max(version), 0) FROM schema_version");
    if (!r) return r.error();
    return std::stoi(PQgetvalue(r.value().get(), 0, 0));
  }

  Result<std::optional<std::string>> known_sha256(const std::string& path, uint64_t bytes,
                                                  int64_t mtime_ns) override {
    auto r = query("paths lookup",
                   "SELECT sha256 FROM paths WHERE path = $1 AND bytes = $2 AND mtime_ns = $3",
                   {to_db_path(path), std::to_string(bytes), std::to_string(mtime_ns)});
    if (!r) return r.error();
    if (PQntuples(r.value().get()) == 0) return std::optional<std::string>();
    return std::optional<std::string>(PQgetvalue(r.value().get(), 0, 0));
  }

  Result<int> add_sources(const std::vector<SourceInput>& inputs) override {
    if (auto r = exec("begin", "BEGIN"); !r) return r.error();
    int added = 0;
    for (const SourceInput& in : inputs) {
      auto a = query("adding " + valid_utf8(in.path),
                     "INSERT INTO sources (sha256, path, bytes, shard_key) VALUES ($1, $2, $3, $4) "
                     "ON CONFLICT (sha256) DO NOTHING",
                     {in.sha256, to_db_path(in.path), std::to_string(in.bytes),
                      std::to_string(shard_key(in.sha256))});
      if (!a) {
        (void)exec("rollback", "ROLLBACK");
        return a.error();
      }
      added += std::atoi(PQcmdTuples(a.value().get()));
      auto p = query("adding path " + valid_utf8(in.path),
                     "INSERT INTO paths (path, sha256, bytes, mtime_ns) VALUES ($1, $2, $3, $4) "
                     "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, "
                     "bytes = excluded.bytes, mtime_ns = excluded.mtime_ns, seen_at = now()",
                     {to_db_path(in.path), in.sha256, std::to_string(in.bytes),
                      std::to_string(in.mtime_ns)});
      if (!p) {
        (void)exec("rollback", "ROLLBACK");
        return p.error();
      }
    }
    if (auto r = exec("commit", "COMMIT"); !r) return r.error();
    return added;
  }

  Result<int> requeue_abandoned() override {
    auto r = query("requeue",
                   "UPDATE sources SET status = 'queued', lease_owner = NULL, lease_expires = NULL "
                   "WHERE status = 'running' AND lease_expires < now()");
    if (!r) return r.error();
    return std::atoi(PQcmdTuples(r.value().get()));
  }

  Result<int> requeue_failed(const Shard& shard) override {
    auto r = query("requeue failed",
                   "UPDATE sources SET status = 'queued', error_code = NULL, error_stage = NULL, "
                   "error_message = NULL WHERE status = 'failed' "
                   "AND ($1::int <= 1 OR shard_key % $1::int = $2::int)",
                   {std::to_string(shard.count), std::to_string(shard.index)});
    if (!r) return r.error();
    return std::atoi(PQcmdTuples(r.value().get()));
  }

  Result<std::optional<Claim>> claim(const std::string& owner, const Shard& shard,
                                     int lease_s) override {
    auto r = query("claim",
                   "UPDATE sources SET status = 'running', attempts = attempts + 1, "
                   "lease_owner = $1, lease_expires = now() + make_interval(secs => $2::int), "
                   "started_at = now() "
                   "WHERE id = (SELECT id FROM sources WHERE status = 'queued' "
                   "AND ($3::int <= 1 OR shard_key % $3::int = $4::int) "
                   "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                   "RETURNING sha256, path, bytes, attempts",
                   {owner, std::to_string(lease_s), std::to_string(shard.count),
                    std::to_string(shard.index)});
    if (!r) return r.error();
    PGresult* res = r.value().get();
    if (PQntuples(res) == 0) return std::optional<Claim>();
    return std::optional<Claim>(Claim{PQgetvalue(res, 0, 0), from_db_path(PQgetvalue(res, 0, 1)),
                                      std::stoull(PQgetvalue(res, 0, 2)),
                                      std::atoi(PQgetvalue(res, 0, 3))});
  }

  Result<void> release(const std::string& owner, const std::string& sha256) override {
    auto r = query("release " + sha256,
                   "UPDATE sources SET status = 'queued', attempts = greatest(attempts - 1, 0), "
                   "lease_owner = NULL, lease_expires = NULL "
                   "WHERE sha256 = $1 AND status = 'running' AND lease_owner = $2",
                   {sha256, owner});
    if (!r) return r.error();
    return {};
  }

  Result<void> heartbeat(const std::string& owner, int lease_s) override {
    auto r = query("heartbeat",
                   "UPDATE sources SET lease_expires = now() + make_interval(secs => $2::int) "
                   "WHERE lease_owner = $1 AND status = 'running'",
                   {owner, std::to_string(lease_s)});
    if (!r) return r.error();
    return {};
  }

  Result<void> finish(const std::string& owner, const Outcome& o) override {
    if (auto r = exec("begin", "BEGIN"); !r) return r;
    auto rollback = [&](Error e) -> Result<void> {
      (void)exec("rollback", "ROLLBACK");
      return e;
    };
    std::optional<std::string> none;
    auto u = query("finish " + o.sha256,
                   "UPDATE sources SET status = $1, error_code = $2, error_stage = $3, "
                   "error_message = $4, pages = coalesce($5::int, pages), ocr_pages = $6, "
                   "ms = $7, stage_ms = $8::jsonb, issue_counts = $9::jsonb, "
                   "record_location = $10, lease_owner = NULL, lease_expires = NULL, "
                   "finished_at = now() WHERE sha256 = $11 AND lease_owner = $12",
                   {std::string(o.failed ? kFailed : kDone),
                    o.failed ? std::optional(o.error_code) : none,
                    o.failed ? std::optional(o.error_stage) : none,
                    o.failed ? std::optional(valid_utf8(o.error_message)) : none,
                    o.pages ? std::optional(std::to_string(*o.pages)) : none,
                    std::to_string(o.ocr_pages), std::to_string(o.ms), o.stage_ms.dump(),
                    o.issue_counts.dump(), to_db_path(o.record_location), o.sha256, owner});
    if (!u) return rollback(u.error());
    // Our lease expired and another process took the row: it will write the record; ours
    // would be the same bytes converted twice, so drop it rather than race.
    if (std::atoi(PQcmdTuples(u.value().get())) == 0)
      return rollback(Error{"LEASE_LOST", o.sha256 + ": the lease expired before the record"});
    if (o.record_json) {
      auto w = query("record " + o.sha256,
                     "INSERT INTO records (sha256, record) VALUES ($1, $2::jsonb) "
                     "ON CONFLICT (sha256) DO UPDATE SET record = excluded.record, "
                     "written_at = now()",
                     {o.sha256, *o.record_json});
      if (!w) return rollback(w.error());
    }
    return exec("commit", "COMMIT");
  }

  Result<Counts> counts(const Shard& shard) override {
    auto r = query("counts",
                   "SELECT status, count(*) FROM sources "
                   "WHERE ($1::int <= 1 OR shard_key % $1::int = $2::int) GROUP BY status",
                   {std::to_string(shard.count), std::to_string(shard.index)});
    if (!r) return r.error();
    Counts c;
    PGresult* res = r.value().get();
    for (int row_idx = 0; row_idx < PQntuples(res); ++row_idx) {
      std::string st = PQgetvalue(res, row_idx, 0);
      int64_t n = std::stoll(PQgetvalue(res, row_idx, 1));
      if (st == kQueued) c.queued = n;
      else if (st == kRunning) c.running = n;
      else if (st == kDone) c.done = n;
      else if (st == kFailed) c.failed = n;
    }
    return c;
  }

  static constexpr const char* kRowColumns =
      "sha256, path, status, coalesce(error_code,''), coalesce(error_stage,''), "
      "coalesce(error_message,''), coalesce(record_location,''), bytes, pages, attempts, "
      "coalesce(ocr_pages,0), coalesce(to_char(finished_at AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),'')";

  static SourceRow read_row(PGresult* res, int row_idx) {
    SourceRow r;
    r.sha256 = PQgetvalue(res, row_idx, 0);
    r.path = from_db_path(PQgetvalue(res, row_idx, 1));
    r.status = PQgetvalue(res, row_idx, 2);
    r.error_code = PQgetvalue(res, row_idx, 3);
    r.error_stage = PQgetvalue(res, row_idx, 4);
    r.error_message = PQgetvalue(res, row_idx, 5);
    r.record_location = from_db_path(PQgetvalue(res, row_idx, 6));
    r.bytes = std::stoull(PQgetvalue(res, row_idx, 7));
    if (!PQgetisnull(res, row_idx, 8)) r.pages = std::atoi(PQgetvalue(res, row_idx, 8));
    r.attempts = std::atoi(PQgetvalue(res, row_idx, 9));
    r.ocr_pages = std::atoi(PQgetvalue(res, row_idx, 10));
    r.finished_at = PQgetvalue(res, row_idx, 11);
    return r;
  }

  Result<std::vector<SourceRow>> recent_failures(int limit) override {
    std::string sql = std::string("SELECT ") + kRowColumns +
                      " FROM sources WHERE status = 'failed' "
                      "ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT $1";
    auto r = query("recent failures", sql.c_str(), {std::to_string(limit)});
    if (!r) return r.error();
    std::vector<SourceRow> out;
    for (int row_idx = 0; row_idx < PQntuples(r.value().get()); ++row_idx)
      out.push_back(read_row(r.value().get(), row_idx));
    return out;
  }

  Result<std::optional<SourceRow>> row(const std::string& sha256) override {
    std::string sql = std::string("SELECT ") + kRowColumns + " FROM sources WHERE sha256 = $1";
    auto r = query("row", sql.c_str(), {sha256});
    if (!r) return r.error();
    if (PQntuples(r.value().get()) == 0) return std::optional<SourceRow>();
    return std::optional<SourceRow>(read_row(r.value().get(), 0));
  }

  Result<std::vector<std::string>> paths_of(const std::string& sha256) override {
    auto r = query("paths", "SELECT path FROM paths WHERE sha256 = $1 ORDER BY path", {sha256});
    if (!r) return r.error();
    std::vector<std::string> out;
    for (int row_idx = 0; row_idx < PQntuples(r.value().get()); ++row_idx)
      out.push_back(from_db_path(PQgetvalue(r.value().get(), row_idx, 0)));
    return out;
  }

  Result<json> totals() override {
    json out = {{"pages", 0}, {"ocr_pages", 0}, {"failures_by_code", json::object()}};
    auto r = query("totals",
                   "SELECT coalesce(sum(pages),0), coalesce(sum(ocr_pages),0) FROM sources "
                   "WHERE status = 'done'");
    if (!r) return r.error();
    out["pages"] = std::stoll(PQgetvalue(r.value().get(), 0, 0));
    out["ocr_pages"] = std::stoll(PQgetvalue(r.value().get(), 0, 1));
    auto f = query("failures",
                   "SELECT coalesce(error_code,''), count(*) FROM sources WHERE status = 'failed' "
                   "GROUP BY 1 ORDER BY 1");
    if (!f) return f.error();
    for (int row_idx = 0; row_idx < PQntuples(f.value().get()); ++row_idx)
      out["failures_by_code"][PQgetvalue(f.value().get(), row_idx, 0)] =
          std::stoll(PQgetvalue(f.value().get(), row_idx, 1));
    return out;
  }

 private:
  PGconn* conn_;
};

}  // namespace

Result<std::unique_ptr<Catalog>> open_postgres_catalog(const std::string& conninfo,
                                                       const std::filesystem::path& migrations) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    PQfinish(conn);
    return Error{"CATALOG_ERROR", "cannot connect to the PostgreSQL catalog: " + msg};
  }
  auto cat = std::make_unique<PostgresCatalog>(conn);
  // Notices (CREATE TABLE IF NOT EXISTS ... skipping) are not news on stderr.
  (void)cat->exec("settings", "SET client_min_messages = warning");
  if (auto r = cat->migrate(migrations); !r) return r.error();
  return std::unique_ptr<Catalog>(std::move(cat));
}

}  // namespace agendapack::ingest
