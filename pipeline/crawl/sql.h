/// \file A small SQL door to the catalog for the crawl and report tables: the same statements,
/// written once with `?` placeholders, run on SQLite or PostgreSQL (placeholders become $1..$n,
/// every value travels as text and comes back as text or null). The ingest Catalog keeps the
/// work queue; this only reads it and keeps the crawl's own bookkeeping beside it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/bytes.h"
#include "pipeline/result.h"

namespace agendapack::crawl {

using SqlValue = std::optional<std::string>;
using SqlRow = std::vector<SqlValue>;

class SqlConn {
 public:
  virtual ~SqlConn() = default;
  /// The catalog spec `Catalog::open` takes: postgresql://... or a SQLite file. The catalog must
  /// already be migrated (open it with ingest::Catalog::open first).
  static Result<std::unique_ptr<SqlConn>> open(const std::string& spec);
  virtual std::string_view backend() const = 0;
  virtual Result<std::vector<SqlRow>> query(const std::string& sql,
                                            const std::vector<SqlValue>& params = {}) = 0;
  Result<void> exec(const std::string& sql, const std::vector<SqlValue>& params = {}) {
    auto r = query(sql, params);
    if (!r) return r.error();
    return {};
  }
};

/// "" for null.
inline std::string str(const SqlValue& v) { return v ? *v : std::string(); }
inline long long num(const SqlValue& v) {
  try {
    return v && !v->empty() ? std::stoll(*v) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}
/// Text from a page or a header, or null when empty. A site may send bytes that are not UTF-8:
/// PostgreSQL refuses them and the report's JSON could not hold them, so they become U+FFFD.
inline SqlValue opt(const std::string& s) {
  return s.empty() ? SqlValue() : SqlValue(valid_utf8(s));
}

}  // namespace agendapack::crawl
