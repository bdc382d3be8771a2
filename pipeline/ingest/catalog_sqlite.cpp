/// \file The SQLite catalog: one file, WAL journal (readers such as `status` never block the
/// ingest), one ingest process at a time (the supervisor holds a lock file), so a claim needs
/// no lease and a rerun simply requeues every running row.
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "pipeline/ingest/catalog_backends.h"

namespace agendapack::ingest {

namespace {

using nlohmann::json;

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  /// Ready to run again with new bindings.
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Statement& bind(int idx, const std::string& v) {
    sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int idx, int64_t v) {
    sqlite3_bind_int64(stmt_, idx, v);
    return *this;
  }
  Statement& bind(int idx, double v) {
    sqlite3_bind_double(stmt_, idx, v);
    return *this;
  }
  Statement& bind_null(int idx) {
    sqlite3_bind_null(stmt_, idx);
    return *this;
  }
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kRowColumns =
    "sha256, path, status, coalesce(error_code,''), coalesce(error_stage,''), "
    "coalesce(error_message,''), coalesce(record_location,''), bytes, pages, attempts, "
    "coalesce(ocr_pages,0), coalesce(finished_at,'')";

SourceRow read_row(const Statement& s) {
  SourceRow r;
  r.sha256 = s.text(0);
  r.path = s.text(1);
  r.status = s.text(2);
  r.error_code = s.text(3);
  r.error_stage = s.text(4);
  r.error_message = s.text(5);
  r.record_location = s.text(6);
  r.bytes = static_cast<uint64_t>(s.integer(7));
  if (!s.is_null(8)) r.pages = static_cast<int>(s.integer(8));
  r.attempts = static_cast<int>(s.integer(9));
  r.ocr_pages = static_cast<int>(s.integer(10));
  r.finished_at = s.text(11);
  return r;
}

class SqliteCatalog final : public Catalog {
 public:
  explicit SqliteCatalog(sqlite3* db) : db_(db) {}
  ~SqliteCatalog() override { sqlite3_close_v2(db_); }

  std::string_view backend() const override { return "sqlite"; }

  Error fail(const std::string& what) const {
    return Error{"CATALOG_ERROR", what + ": " + sqlite3_errmsg(db_)};
  }

  Result<void> exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : "unknown error";
      sqlite3_free(msg);
      return Error{"CATALOG_ERROR", m};
    }
    return {};
  }

  Result<void> migrate(const std::filesystem::path& dir) {
    auto migrations = load_migrations(dir, "sqlite");
    if (!migrations) return migrations.error();
    if (auto r = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
                      "(strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
        !r)
      return r;
    for (const Migration& m : migrations.value()) {
      // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new catalog
      // at once apply each migration once.
      if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
      Statement have(db_, "SELECT 1 FROM schema_version WHERE version = ?");
      have.bind(1, static_cast<int64_t>(m.version));
      if (have.step() == SQLITE_ROW) {
        (void)exec("COMMIT");
        continue;
      }
      auto r = exec(m.sql);
      if (r) {
        Statement mark(db_, "INSERT INTO schema_version (version, name) VALUES (?, ?)");
        mark.bind(1, static_cast<int64_t>(m.version)).bind(2, m.name);
        if (mark.step() != SQLITE_DONE) r = fail("recording migration " + m.name);
      }
      if (!r) {
        (void)exec("ROLLBACK");
        return Error{"CATALOG_ERROR", m.name + ": " + r.error().message};
      }
      if (auto c = exec("COMMIT"); !c) return c;
    }
    return {};
  }

  Result<int> schema_version() override {
    Statement s(db_, "SELECT coalesce(max(version), 0) FROM schema_version");
    if (!s.ok() || s.step() != SQLITE_ROW) return fail("schema_version");
    return static_cast<int>(s.integer(0));
  }

  Result<std::optional<std::string>> known_sha256(const std::string& path, uint64_t bytes,
                                                  int64_t mtime_ns) override {
    Statement s(db_, "SELECT sha256 FROM paths WHERE path = ? AND bytes = ? AND mtime_ns = ?");
    s.bind(1, path).bind(2, static_cast<int64_t>(bytes)).bind(3, mtime_ns);
    int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(s.text(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    return fail("paths lookup");
  }

  Result<int> add_sources(const std::vector<SourceInput>& inputs) override {
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return r.error();
    Statement add(db_,
                  "INSERT INTO sources (sha256, path, bytes, shard_key) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (sha256) DO NOTHING");
    Statement name(db_,
                   "INSERT INTO paths (path, sha256, bytes, mtime_ns) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, "
                   "bytes = excluded.bytes, mtime_ns = excluded.mtime_ns, "
                   "seen_at = excluded.seen_at");
    int added = 0;
    for (const SourceInput& in : inputs) {
      add.reset();
      add.bind(1, in.sha256).bind(2, in.path).bind(3, static_cast<int64_t>(in.bytes))
          .bind(4, shard_key(in.sha256));
      if (add.step() != SQLITE_DONE) {
        (void)exec("ROLLBACK");
        return fail("adding " + in.path);
      }
      added += sqlite3_changes(db_);
      name.reset();
      name.bind(1, in.path).bind(2, in.sha256).bind(3, static_cast<int64_t>(in.bytes))
          .bind(4, in.mtime_ns);
      if (name.step() != SQLITE_DONE) {
        (void)exec("ROLLBACK");
        return fail("adding path " + in.path);
      }
    }
    if (auto r = exec("COMMIT"); !r) return r.error();
    return added;
  }

  Result<int> requeue_abandoned() override {
    if (auto r = exec("UPDATE sources SET status = 'queued', lease_owner = NULL, "
                      "lease_expires = NULL WHERE status = 'running'");
        !r)
      return r.error();
    return sqlite3_changes(db_);
  }

  Result<int> requeue_failed(const Shard& shard) override {
    Statement s(db_,
                "UPDATE sources SET status = 'queued', error_code = NULL, error_stage = NULL, "
                "error_message = NULL WHERE status = 'failed' AND (? <= 1 OR shard_key % ? = ?)");
    s.bind(1, static_cast<int64_t>(shard.count)).bind(2, static_cast<int64_t>(shard.count))
        .bind(3, static_cast<int64_t>(shard.index));
    if (s.step() != SQLITE_DONE) return fail("requeue failed");
    return sqlite3_changes(db_);
  }

  Result<std::optional<Claim>> claim(const std::string& owner, const Shard& shard,
                                     int lease_s) override {
    Statement s(db_,
                "UPDATE sources SET status = 'running', attempts = attempts + 1, "
                "lease_owner = ?, lease_expires = strftime('%Y-%m-%dT%H:%M:%fZ','now', ?), "
                "started_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                "WHERE id = (SELECT id FROM sources WHERE status = 'queued' "
                "AND (? <= 1 OR shard_key % ? = ?) ORDER BY id LIMIT 1) "
                "RETURNING sha256, path, bytes, attempts");
    s.bind(1, owner).bind(2, "+" + std::to_string(lease_s) + " seconds")
        .bind(3, static_cast<int64_t>(shard.count)).bind(4, static_cast<int64_t>(shard.count))
        .bind(5, static_cast<int64_t>(shard.index));
    int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<Claim>();
    if (rc != SQLITE_ROW) return fail("claim");
    Claim c{s.text(0), s.text(1), static_cast<uint64_t>(s.integer(2)),
            static_cast<int>(s.integer(3))};
    while (s.step() == SQLITE_ROW) {
    }
    return std::optional<Claim>(std::move(c));
  }

  Result<void> release(const std::string& owner, const std::string& sha256) override {
    Statement s(db_,
                "UPDATE sources SET status = 'queued', attempts = max(attempts - 1, 0), "
                "lease_owner = NULL, lease_expires = NULL WHERE sha256 = ? "
                "AND status = 'running' AND (lease_owner = ? OR lease_owner IS NULL)");
    s.bind(1, sha256).bind(2, owner);
    if (s.step() != SQLITE_DONE) return fail("release " + sha256);
    return {};
  }

  Result<void> heartbeat(const std::string& owner, int lease_s) override {
    Statement s(db_,
                "UPDATE sources SET lease_expires = strftime('%Y-%m-%dT%H:%M:%fZ','now', ?) "
                "WHERE lease_owner = ? AND status = 'running'");
    s.bind(1, "+" + std::to_string(lease_s) + " seconds").bind(2, owner);
    if (s.step() != SQLITE_DONE) return fail("heartbeat");
    return {};
  }

  Result<void> finish(const std::string& owner, const Outcome& o) override {
    Statement s(db_,
                "UPDATE sources SET status = ?, error_code = ?, error_stage = ?, "
                "error_message = ?, pages = coalesce(?, pages), ocr_pages = ?, ms = ?, "
                "stage_ms = ?, issue_counts = ?, record_location = ?, lease_owner = NULL, "
                "lease_expires = NULL, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                "WHERE sha256 = ? AND (lease_owner = ? OR lease_owner IS NULL)");
    s.bind(1, std::string(o.failed ? kFailed : kDone));
    if (o.failed) {
      s.bind(2, o.error_code).bind(3, o.error_stage).bind(4, o.error_message);
    } else {
      s.bind_null(2).bind_null(3).bind_null(4);
    }
    if (o.pages) s.bind(5, static_cast<int64_t>(*o.pages));
    else s.bind_null(5);
    s.bind(6, static_cast<int64_t>(o.ocr_pages)).bind(7, o.ms).bind(8, o.stage_ms.dump())
        .bind(9, o.issue_counts.dump()).bind(10, o.record_location).bind(11, o.sha256)
        .bind(12, owner);
    if (s.step() != SQLITE_DONE) return fail("finish " + o.sha256);
    return {};
  }

  Result<Counts> counts(const Shard& shard) override {
    Statement s(db_,
                "SELECT status, count(*) FROM sources WHERE (? <= 1 OR shard_key % ? = ?) "
                "GROUP BY status");
    s.bind(1, static_cast<int64_t>(shard.count)).bind(2, static_cast<int64_t>(shard.count))
        .bind(3, static_cast<int64_t>(shard.index));
    Counts c;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      std::string st = s.text(0);
      int64_t n = s.integer(1);
      if (st == kQueued) c.queued = n;
      else if (st == kRunning) c.running = n;
      else if (st == kDone) c.done = n;
      else if (st == kFailed) c.failed = n;
    }
    if (rc != SQLITE_DONE) return fail("counts");
    return c;
  }

  Result<std::vector<SourceRow>> recent_failures(int limit) override {
    std::string sql = std::string("SELECT ") + kRowColumns +
                      " FROM sources WHERE status = 'failed' ORDER BY finished_at DESC, id DESC "
                      "LIMIT ?";
    Statement s(db_, sql.c_str());
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<SourceRow> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_row(s));
    if (rc != SQLITE_DONE) return fail("recent failures");
    return out;
  }

  Result<std::optional<SourceRow>> row(const std::string& sha256) override {
    std::string sql = std::string("SELECT ") + kRowColumns + " FROM sources WHERE sha256 = ?";
    Statement s(db_, sql.c_str());
    s.bind(1, sha256);
    int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<SourceRow>(read_row(s));
    if (rc == SQLITE_DONE) return std::optional<SourceRow>();
    return fail("row");
  }

  Result<std::vector<std::string>> paths_of(const std::string& sha256) override {
    Statement s(db_, "SELECT path FROM paths WHERE sha256 = ? ORDER BY path");
    s.bind(1, sha256);
    std::vector<std::string> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(s.text(0));
    if (rc != SQLITE_DONE) return fail("paths");
    return out;
  }

  Result<json> totals() override {
    json out = {{"pages", 0}, {"ocr_pages", 0}, {"failures_by_code", json::object()}};
    Statement s(db_,
                "SELECT coalesce(sum(pages),0), coalesce(sum(ocr_pages),0) FROM sources "
                "WHERE status = 'done'");
    if (s.step() != SQLITE_ROW) return fail("totals");
    out["pages"] = s.integer(0);
    out["ocr_pages"] = s.integer(1);
    Statement f(db_,
                "SELECT error_code, count(*) FROM sources WHERE status = 'failed' "
                "GROUP BY error_code ORDER BY error_code");
    while (f.step() == SQLITE_ROW) out["failures_by_code"][f.text(0)] = f.integer(1);
    return out;
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path,
                                                     const std::filesystem::path& migrations) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error{"CATALOG_ERROR", path + ": cannot open the catalog: " + msg};
  }
  auto cat = std::make_unique<SqliteCatalog>(db);
  // `status` may read while an ingest writes; wait for locks rather than fail.
  sqlite3_busy_timeout(db, 30000);
  // WAL: readers do not block the writer. synchronous=NORMAL keeps every committed
  // transaction across a kill -9 (only a power cut can lose the last ones).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                             "PRAGMA foreign_keys=ON"}) {
    if (auto r = cat->exec(pragma); !r)
      return Error{"CATALOG_ERROR", path + ": " + r.error().message};
  }
  if (auto r = cat->migrate(migrations); !r) return r.error();
  return std::unique_ptr<Catalog>(std::move(cat));
}

}  // namespace agendapack::ingest
