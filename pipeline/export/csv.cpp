#include "pipeline/export/csv.h"

#include <unistd.h>

#include <fstream>

namespace agendapack::facts {

namespace fs = std::filesystem;

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::vector<std::string>> csv_relations(Db& db) {
  // FTS5 tables and their shadow tables (items_fts, items_fts_data, ...) are indexes, not facts.
  auto st = db.prepare_own(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE "
      "'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '%\\_fts' ESCAPE '\\' AND name NOT LIKE "
      "'%\\_fts\\_%' ESCAPE '\\' AND name != 'schema_version' ORDER BY type = 'view', name");
  if (!st) return st.error();
  std::vector<std::string> out;
  while (st.value()->next()) out.push_back(st.value()->text(0));
  if (st.value()->error()) return *st.value()->error();
  return out;
}

Result<int> write_csv(Db& db, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{"EXPORT_FAILED", dir.string() + ": cannot create: " + ec.message()};
  auto names = csv_relations(db);
  if (!names) return names.error();
  int files = 0;
  for (const std::string& name : names.value()) {
    auto st = db.prepare_own("SELECT * FROM \"" + name + "\"");
    if (!st) return st.error();
    Statement& s = *st.value();
    fs::path target = dir / (name + ".csv");
    fs::path tmp = dir / ("." + name + ".csv.tmp-" + std::to_string(::getpid()));
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) return Error{"EXPORT_FAILED", tmp.string() + ": cannot write"};
      for (int col = 0; col < s.columns(); ++col)
        out << (col ? "," : "") << csv_field(s.column_name(col));
      out << "\r\n";
      while (s.next()) {
        for (int col = 0; col < s.columns(); ++col)
          out << (col ? "," : "") << (s.is_null(col) ? std::string() : csv_field(s.text(col)));
        out << "\r\n";
      }
      if (s.error()) return *s.error();
      out.flush();
      if (!out) return Error{"EXPORT_FAILED", tmp.string() + ": cannot write"};
    }
    fs::rename(tmp, target, ec);
    if (ec) return Error{"EXPORT_FAILED", target.string() + ": " + ec.message()};
    ++files;
  }
  return files;
}

}  // namespace agendapack::facts
