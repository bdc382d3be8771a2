/// \file The network module, libagendapack_net.so: libcurl (the crawler's HTTP client and URL
/// parsing) and libpq (the PostgreSQL catalog), loaded on first use (pipeline/module.h). The
/// program's own code reaches them through this table; `convert` and a SQLite catalog never
/// load it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "pipeline/crawl/http.h"
#include "pipeline/crawl/sql.h"
#include "pipeline/ingest/catalog.h"
#include "pipeline/result.h"

namespace agendapack::net {

struct Api {
  std::unique_ptr<crawl::Fetcher::Impl> (*make_fetcher)(const crawl::FetchOptions&);
  std::string (*host_key)(const std::string& url);
  std::string (*resolve_url)(const std::string& base, const std::string& ref);
  Result<std::unique_ptr<crawl::SqlConn>> (*open_postgres_sql)(const std::string& conninfo);
  Result<std::unique_ptr<ingest::Catalog>> (*open_postgres_catalog)(
      const std::string& conninfo, const std::filesystem::path& migrations);
};

/// The module's table, loaded once; the error (code MODULE_UNAVAILABLE) says where it looked.
Result<const Api*> api();

}  // namespace agendapack::net
