/// \file A small C++ door to one SQLite file for the facts database: prepared statements that
/// are cached by their SQL text (the exporter runs the same few dozen statements millions of
/// times), binding of optional values and JSON scalars, and the numbered migrations of
/// config/export/migrations applied in order (the catalog's loader and file naming).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/result.h"

namespace agendapack::facts {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Clears bindings and results so the statement can run again.
  Statement& reset();
  Statement& bind(int idx, const std::string& v);
  /// Text that stays valid until the statement has run (no copy).
  Statement& bind_static(int idx, const char* text, size_t bytes);
  Statement& bind(int idx, const char* v) { return bind(idx, std::string(v)); }
  Statement& bind(int idx, int64_t v);
  Statement& bind(int idx, int v) { return bind(idx, static_cast<int64_t>(v)); }
  Statement& bind(int idx, double v);
  Statement& bind_null(int idx);
  Statement& bind(int idx, const std::optional<std::string>& v) {
    return v ? bind(idx, *v) : bind_null(idx);
  }
  Statement& bind(int idx, const std::optional<int64_t>& v) {
    return v ? bind(idx, *v) : bind_null(idx);
  }
  /// A JSON scalar: null, string, integer, real or boolean (0/1); arrays and objects as text.
  /// A string is bound without a copy: `v` must outlive the statement's run.
  Statement& bind_json(int idx, const nlohmann::json& v);

  /// One step: true while there is a row. Errors are kept (see run()).
  bool next();
  /// Steps to the end; an error names the SQL.
  Result<void> run();
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int columns() const { return sqlite3_column_count(stmt_); }
  std::string column_name(int col) const { return sqlite3_column_name(stmt_, col); }
  const Error* error() const { return failed_ ? &error_ : nullptr; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool failed_ = false;
  Error error_;
};

class Db {
 public:
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// Opens (creating) a SQLite file read-write; `readonly` opens an existing one for reading.
  static Result<std::unique_ptr<Db>> open(const std::filesystem::path& path, bool readonly = false);
  /// Applies the migrations of `dir` not yet recorded in schema_version, each in its own
  /// transaction. Returns the highest version.
  Result<int> migrate(const std::filesystem::path& dir);

  Result<void> exec(const std::string& sql);
  /// The statement for `sql`, prepared once and reset before it is handed out again.
  Result<Statement*> prepare(const std::string& sql);
  /// The same for SQL in a string literal, looked up by its address (no string compare): the
  /// pointer must stay valid, as a literal's does.
  Result<Statement*> prepare_literal(const char* sql);
  Result<Statement*> prepare(const char* sql) { return prepare_literal(sql); }
  /// A statement owned by the caller (for nested loops over the same SQL).
  Result<std::unique_ptr<Statement>> prepare_own(const std::string& sql);
  int64_t last_id() const { return sqlite3_last_insert_rowid(db_); }
  /// Resets every cached statement, ending the reads they hold open (before a journal change
  /// or a checkpoint).
  void reset_all();
  sqlite3* raw() { return db_; }
  Error fail(const std::string& what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, std::unique_ptr<Statement>> cache_;
  std::unordered_map<const char*, Statement*> literal_cache_;
};

/// The folder of the facts database's migrations inside a config folder.
std::filesystem::path migrations_dir(const std::filesystem::path& config_dir);

}  // namespace agendapack::facts
