/// \file What the network module (libagendapack_net.so) is built from; only its entry point,
/// pipeline/net_module.cpp, and the files named here use these. The program reaches them through
/// pipeline/net.h.
#pragma once

#include "pipeline/net.h"

namespace agendapack::crawl {

// pipeline/crawl/http_curl.cpp
std::unique_ptr<Fetcher::Impl> make_curl_fetcher(const FetchOptions& options);
std::string curl_host_key(const std::string& url);
std::string curl_resolve_url(const std::string& base, const std::string& ref);

// pipeline/crawl/sql_postgres.cpp
Result<std::unique_ptr<SqlConn>> open_postgres_sql(const std::string& conninfo);

}  // namespace agendapack::crawl

namespace agendapack::ingest {

// pipeline/ingest/catalog_postgres.cpp
Result<std::unique_ptr<Catalog>> open_postgres_catalog(const std::string& conninfo,
                                                       const std::filesystem::path& migrations);

}  // namespace agendapack::ingest
