/// \file One record into the facts database: a `documents` row, then every fact as a row of its
/// table with its source (sha256, URL, page, box, link), and every printed name resolved to a
/// person. Also removes a document's rows, so a changed record is replaced whole. The record
/// contract's newer fields (item votes; a resolution's number, movers and outcome; the pack's
/// documents; decimal amounts) are read when present and simply absent otherwise.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "pipeline/export/people.h"
#include "pipeline/export/records.h"
#include "pipeline/export/sqlite_db.h"

namespace agendapack::facts {

/// How a document is known in the database: its place and the run that wrote it.
struct DocumentRow {
  const CatalogSource* source = nullptr;
  const nlohmann::json* record = nullptr;  // null: the record could not be read
  std::string read_error;                  // why, when record is null
  bool with_facts = true;                  // false for a report whose facts its pack carries
  int64_t run_id = 0, first_run = 0;
  std::string replaces;  // the older version of the same URL
};

/// The authority a document belongs to: the record's meeting.authority (printed capitals
/// become title case, spaces collapse), else the catalog's, else "".
std::string authority_of(const nlohmann::json* record, const CatalogSource& source);

/// How people title a document: the first part of its pack ("Minutes", "Revenue Budget
/// 2025-26"), else its file name.
std::string document_title(const nlohmann::json* record, const std::string& file);

class Loader {
 public:
  Loader(Db& db, People& people) : db_(db), people_(people) {}
  /// Deletes every row of the document; the people it named are added to `named`.
  Result<void> remove(const std::string& sha256, std::set<int64_t>* named = nullptr);
  Result<void> load(const DocumentRow& doc);
  int64_t rows() const { return rows_; }

 private:
  struct Src;
  /// A value to bind, held by reference (a record's JSON, a string) or by value (a number):
  /// the exporter binds millions of them, and copying each into a JSON value cost a fifth of
  /// its time. Whatever it refers to lives until the insert has run.
  struct Val {
    enum class Kind { json, integer, text } kind;
    const nlohmann::json* j = nullptr;
    int64_t i = 0;
    const char* t = nullptr;
    size_t n = 0;
    Val(const nlohmann::json& v) : kind(Kind::json), j(&v) {}  // NOLINT: implicit by design
    Val(int64_t v) : kind(Kind::integer), i(v) {}              // NOLINT
    Val(int v) : kind(Kind::integer), i(v) {}                  // NOLINT
    Val(size_t v) : kind(Kind::integer), i(static_cast<int64_t>(v)) {}                    // NOLINT
    Val(const std::string& v) : kind(Kind::text), t(v.data()), n(v.size()) {}             // NOLINT
    Val(const char* v) : kind(Kind::text), t(v), n(std::char_traits<char>::length(v)) {}  // NOLINT
  };
  /// Runs `sql` (a string literal: statements are cached by its address) with `values`, then
  /// the source columns of `src` when given.
  Result<void> insert(const char* sql, std::initializer_list<Val> values, const Src* src = nullptr);
  Result<std::optional<int64_t>> person(const std::string& authority, const nlohmann::json& name);
  Db& db_;
  People& people_;
  int64_t rows_ = 0;
};

}  // namespace agendapack::facts
