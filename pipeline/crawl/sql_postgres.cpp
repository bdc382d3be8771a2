// PostgreSQL for the crawl's SQL door (pipeline/crawl/sql.h), in the network module.
#include <libpq-fe.h>

#include "pipeline/net_backends.h"

namespace agendapack::crawl {

namespace {

class PostgresConn final : public SqlConn {
 public:
  explicit PostgresConn(PGconn* conn) : conn_(conn) {}
  ~PostgresConn() override { PQfinish(conn_); }
  std::string_view backend() const override { return "postgres"; }

  Result<std::vector<SqlRow>> query(const std::string& sql,
                                    const std::vector<SqlValue>& params) override {
    // `?` -> $n outside quotes; the statements here never hold a literal question mark.
    std::string text;
    int n = 0;
    bool quoted = false;
    for (char c : sql) {
      if (c == '\'') quoted = !quoted;
      if (c == '?' && !quoted) text += "$" + std::to_string(++n);
      else text += c;
    }
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* res = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      std::string msg = PQresultErrorMessage(res);
      PQclear(res);
      return Error{"CATALOG_ERROR", msg + " in: " + sql};
    }
    std::vector<SqlRow> rows;
    for (int r = 0; r < PQntuples(res); ++r) {
      SqlRow row;
      for (int col = 0; col < PQnfields(res); ++col) {
        if (PQgetisnull(res, r, col)) row.emplace_back();
        else row.emplace_back(std::string(PQgetvalue(res, r, col),
                                          static_cast<size_t>(PQgetlength(res, r, col))));
      }
      rows.push_back(std::move(row));
    }
    PQclear(res);
    return rows;
  }

 private:
  PGconn* conn_;
};

}  // namespace

Result<std::unique_ptr<SqlConn>> open_postgres_sql(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Error{"CATALOG_ERROR", "cannot connect to the catalog: " + msg};
  }
  PQclear(PQexec(conn, "SET client_min_messages = warning"));
  return std::unique_ptr<SqlConn>(new PostgresConn(conn));
}

}  // namespace agendapack::crawl
