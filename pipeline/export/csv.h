/// \file The facts database as CSV: one RFC 4180 file per table and view (a header row, CRLF
/// line ends, fields quoted when they hold a comma, a quote or a line break, quotes doubled).
/// NULL is an empty field; numbers are written as SQLite prints them, so the `sqlite3` shell's
/// own CSV of a table reads back to the same rows.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/export/sqlite_db.h"

namespace agendapack::facts {

/// One field, quoted when RFC 4180 requires it.
std::string csv_field(const std::string& value);

/// The tables and views written: every table of the schema except FTS5 shadow tables and
/// bookkeeping, then the views.
Result<std::vector<std::string>> csv_relations(Db& db);

/// Writes DIR/<relation>.csv for each relation, each to a temporary name first, then renamed.
/// Returns the number of files.
Result<int> write_csv(Db& db, const std::filesystem::path& dir);

}  // namespace agendapack::facts
