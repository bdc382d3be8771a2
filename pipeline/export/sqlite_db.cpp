#include "pipeline/export/sqlite_db.h"

#include "pipeline/ingest/catalog.h"

namespace agendapack::facts {

namespace fs = std::filesystem;
using nlohmann::json;

Statement& Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  failed_ = false;
  return *this;
}

Statement& Statement::bind(int idx, const std::string& v) {
  sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_static(int idx, const char* text, size_t bytes) {
  sqlite3_bind_text(stmt_, idx, text, static_cast<int>(bytes), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind(int idx, int64_t v) {
  sqlite3_bind_int64(stmt_, idx, v);
  return *this;
}

Statement& Statement::bind(int idx, double v) {
  sqlite3_bind_double(stmt_, idx, v);
  return *this;
}

Statement& Statement::bind_null(int idx) {
  sqlite3_bind_null(stmt_, idx);
  return *this;
}

Statement& Statement::bind_json(int idx, const json& v) {
  switch (v.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      return bind_null(idx);
    case json::value_t::string: {
      const std::string& text = v.get_ref<const std::string&>();
      return bind_static(idx, text.data(), text.size());
    }
    case json::value_t::boolean:
      return bind(idx, static_cast<int64_t>(v.get<bool>()));
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return bind(idx, v.get<int64_t>());
    case json::value_t::number_float:
      return bind(idx, v.get<double>());
    default:
      return bind(idx, v.dump());
  }
}

bool Statement::next() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    failed_ = true;
    const char* sql = sqlite3_sql(stmt_);
    error_ = Error{"EXPORT_FAILED", std::string(sqlite3_errmsg(db_)) + " in: " + (sql ? sql : "")};
  }
  return false;
}

Result<void> Statement::run() {
  while (next()) {
  }
  if (failed_) return error_;
  return {};
}

std::string Statement::text(int col) const {
  const unsigned char* t = sqlite3_column_text(stmt_, col);
  if (!t) return {};
  return std::string(reinterpret_cast<const char*>(t),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

Db::~Db() {
  cache_.clear();  // statements first: close_v2 would keep the connection alive for them
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Db>> Db::open(const fs::path& path, bool readonly) {
  sqlite3* db = nullptr;
  int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error{"EXPORT_FAILED", path.string() + ": cannot open: " + msg};
  }
  // Another reader (Datasette, the report) may hold the file for a moment.
  sqlite3_busy_timeout(db, 30000);
  return std::unique_ptr<Db>(new Db(db));
}

Error Db::fail(const std::string& what) const {
  return Error{"EXPORT_FAILED", what + ": " + sqlite3_errmsg(db_)};
}

Result<void> Db::exec(const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db_);
    sqlite3_free(msg);
    return Error{"EXPORT_FAILED", m + " in: " + sql.substr(0, 200)};
  }
  return {};
}

Result<std::unique_ptr<Statement>> Db::prepare_own(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK)
    return fail("cannot prepare " + sql.substr(0, 200));
  return std::make_unique<Statement>(db_, stmt);
}

Result<Statement*> Db::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return &it->second->reset();
  auto made = prepare_own(sql);
  if (!made) return made.error();
  Statement* out = made.value().get();
  cache_.emplace(sql, std::move(made.value()));
  return out;
}

void Db::reset_all() {
  for (auto& [sql, st] : cache_) st->reset();
}

Result<Statement*> Db::prepare_literal(const char* sql) {
  auto it = literal_cache_.find(sql);
  if (it != literal_cache_.end()) return &it->second->reset();
  auto st = prepare(std::string(sql));
  if (!st) return st.error();
  literal_cache_.emplace(sql, st.value());
  return st.value();
}

Result<int> Db::migrate(const fs::path& dir) {
  auto migrations = ingest::load_migrations(dir, "sqlite");
  if (!migrations) return migrations.error();
  if (auto r = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
                    "(strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
      !r)
    return r.error();
  int version = 0;
  for (const ingest::Migration& m : migrations.value()) {
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return r.error();
    auto have = prepare_own("SELECT 1 FROM schema_version WHERE version = ?");
    if (!have) return have.error();
    have.value()->bind(1, static_cast<int64_t>(m.version));
    bool applied = have.value()->next();
    have.value().reset();
    if (!applied) {
      if (auto r = exec(m.sql); !r) {
        (void)exec("ROLLBACK");
        return Error{"EXPORT_FAILED", m.name + ": " + r.error().message};
      }
      auto rec = prepare_own("INSERT INTO schema_version (version, name) VALUES (?, ?)");
      if (!rec) return rec.error();
      rec.value()->bind(1, static_cast<int64_t>(m.version)).bind(2, m.name);
      if (auto r = rec.value()->run(); !r) {
        (void)exec("ROLLBACK");
        return r.error();
      }
    }
    if (auto r = exec("COMMIT"); !r) return r.error();
    version = m.version;
  }
  return version;
}

fs::path migrations_dir(const fs::path& config_dir) { return config_dir / "export" / "migrations"; }

}  // namespace agendapack::facts
