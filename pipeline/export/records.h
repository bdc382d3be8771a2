/// \file Where the exporter and the report find records: the catalog's rows (one per source,
/// read through the catalog's SQL door, SQLite or PostgreSQL) and each row's record wherever
/// the ingest put it: a file, a line of a JSON Lines file, or PostgreSQL's records table.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/crawl/sql.h"
#include "pipeline/result.h"

namespace agendapack::facts {

/// One catalog row, kept for the whole export: only what tells whether it changed, so that
/// memory grows by a few hundred bytes a source, not by its record.
struct CatalogEntry {
  std::string sha256, status, url;
  std::string current_sha256;  // what its URL holds now ("" when no URL or the same)
  std::string pack_sha256;     // a report whose every page is inside this agenda pack
  size_t stamp = 0;            // hash of the catalog's stamp (see CatalogSource::stamp)
  bool superseded() const { return !current_sha256.empty() && current_sha256 != sha256; }
  bool finished() const { return status == "done" || status == "failed"; }
};

/// A catalog row to export, read in full a batch at a time.
struct CatalogSource {
  std::string sha256, status, url, pack_sha256;
  std::string stamp;  // changes whenever the exporter must read the record again
  std::string path, record_location, finished_at, authority, committee, meeting_date;
  std::string error_code, error_stage, error_message;
  std::optional<int64_t> pages;
  int64_t ocr_pages = 0;
  int64_t pack_first_page = 0;
};

/// Every catalog row, in the catalog's order. The catalog must be migrated.
Result<std::vector<CatalogEntry>> list_sources(crawl::SqlConn& db);
/// The full rows of `entries` (any number: read in batches), in their order.
Result<std::vector<CatalogSource>> source_rows(crawl::SqlConn& db,
                                               const std::vector<const CatalogEntry*>& entries);
/// The hash CatalogEntry::stamp holds for a stamp's text.
size_t stamp_hash(const std::string& stamp);

/// Reads records where the catalog says they are. JSON Lines files are indexed once (the byte
/// offset of each sha256's line), not held in memory, so reading 10,000 records stays flat.
class RecordReader {
 public:
  explicit RecordReader(crawl::SqlConn& db) : db_(db) {}
  /// The record, or nullopt when it is missing or not JSON (the reason in `why`).
  std::optional<nlohmann::json> get(const std::string& sha256, const std::string& location,
                                    std::string* why = nullptr);

 private:
  void index_jsonl(const std::string& file);
  crawl::SqlConn& db_;
  std::map<std::string, std::map<std::string, std::streamoff>> jsonl_;  // file -> sha -> offset
};

/// `URL#page=N`; a local path becomes a file:// URL; "" when there is neither.
std::string page_link(const std::string& url, const std::string& path, int page);

}  // namespace agendapack::facts
