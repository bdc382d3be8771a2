/// \file What `agendapack ingest` is given: files, folders (searched recursively for *.pdf)
/// and list files (`@list.txt`, or any .txt/.lst file: one path per line, # comments), turned
/// into sources identified by their bytes.
#pragma once

#include <string>
#include <vector>

#include "pipeline/ingest/catalog.h"

namespace agendapack::ingest {

/// The paths named by `args`, absolute and in a stable order (each folder sorted), without
/// repeats. Unreadable list files and missing paths are kept (they become error rows) and
/// named in `problems`.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args,
                                       std::vector<std::string>& problems);

/// Size, mtime and sha256 of each path (the catalog remembers sha256 by path, size and mtime,
/// so unchanged files are not read again). A file that cannot be read is keyed by the hash of
/// its path, so it still gets exactly one row (and an error record from the worker).
Result<std::vector<SourceInput>> identify_inputs(const std::vector<std::string>& paths,
                                                 Catalog& catalog);

/// "K/N" with 0 <= K < N; nullopt when malformed.
std::optional<Shard> parse_shard(const std::string& text);

}  // namespace agendapack::ingest
