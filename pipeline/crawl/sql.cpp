#include "pipeline/crawl/sql.h"

#include <sqlite3.h>

#include "pipeline/net.h"

namespace agendapack::crawl {

namespace {

class SqliteConn final : public SqlConn {
 public:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  ~SqliteConn() override { sqlite3_close_v2(db_); }
  std::string_view backend() const override { return "sqlite"; }

  Result<std::vector<SqlRow>> query(const std::string& sql,
                                    const std::vector<SqlValue>& params) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      return Error{"CATALOG_ERROR", std::string(sqlite3_errmsg(db_)) + " in: " + sql};
    for (size_t idx = 0; idx < params.size(); ++idx) {
      if (params[idx])
        sqlite3_bind_text(stmt, static_cast<int>(idx + 1), params[idx]->data(),
                          static_cast<int>(params[idx]->size()), SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(stmt, static_cast<int>(idx + 1));
    }
    std::vector<SqlRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      int n = sqlite3_column_count(stmt);
      SqlRow row;
      for (int col = 0; col < n; ++col) {
        if (sqlite3_column_type(stmt, col) == SQLITE_NULL) {
          row.emplace_back();
        } else {
          const unsigned char* t = sqlite3_column_text(stmt, col);
          row.emplace_back(std::string(reinterpret_cast<const char*>(t),
                                       static_cast<size_t>(sqlite3_column_bytes(stmt, col))));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
      return Error{"CATALOG_ERROR", std::string(sqlite3_errmsg(db_)) + " in: " + sql};
    return rows;
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<SqlConn>> SqlConn::open(const std::string& spec) {
  if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) {
    auto net = net::api();
    if (!net) return Error{"CATALOG_ERROR", "a PostgreSQL catalog needs " + net.error().message};
    return net.value()->open_postgres_sql(spec);
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(spec.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error{"CATALOG_ERROR", spec + ": cannot open the catalog: " + msg};
  }
  // The ingest supervisor writes the same file; wait for its short transactions.
  sqlite3_busy_timeout(db, 30000);
  return std::unique_ptr<SqlConn>(new SqliteConn(db));
}

}  // namespace agendapack::crawl
