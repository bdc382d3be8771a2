/// \file The two catalog backends' constructors; only Catalog::open calls them.
#pragma once

#include "pipeline/ingest/catalog.h"

namespace agendapack::ingest {

Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path,
                                                     const std::filesystem::path& migrations);
Result<std::unique_ptr<Catalog>> open_postgres_catalog(const std::string& conninfo,
                                                       const std::filesystem::path& migrations);

}  // namespace agendapack::ingest
