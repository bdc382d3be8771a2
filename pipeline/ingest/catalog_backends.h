/// \file The SQLite catalog's constructor; only Catalog::open calls it. The PostgreSQL one is
/// in the network module (pipeline/net_backends.h).
#pragma once

#include "pipeline/ingest/catalog.h"

namespace agendapack::ingest {

Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path,
                                                     const std::filesystem::path& migrations);

}  // namespace agendapack::ingest
