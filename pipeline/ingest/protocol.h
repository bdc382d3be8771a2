/// \file The pipe protocol between the ingest supervisor and its workers (`agendapack worker`,
/// a long-lived child that loads the configuration, schema and Tesseract once). One JSON
/// object per line each way:
///   supervisor -> worker  {"sha256": "...", "path": "in.pdf", "out": "tmp/record.json"}
///   worker -> supervisor  {"sha256": "...", "failed": false, "error": null | {code, stage,
///                          message}, "pages": 3, "ocr_pages": 0, "ms": 120.5,
///                          "stage_ms": {...}, "issue_counts": {...}, "peak_rss_kb": 81234}
/// The worker's first line is {"ready":true}, once its pipeline is built; a document's time
/// limit counts from then, so a slow start is not blamed on the first document.
/// The worker writes the record (or error record) to "out" and fsyncs it before it replies; the
/// supervisor then moves it into place and marks the row. A worker that dies or overruns its
/// time has no reply: the supervisor writes the error record (WORKER_CRASHED, TIMEOUT).
/// A record that cannot be written (a full disk) is removed again and the reply says
/// "output_error": the environment's fault, not the document's, so the supervisor puts the row
/// back in the queue and stops.
/// Paths are bytes: one that is not UTF-8 goes as "path" (U+FFFD for its bad bytes, for
/// people) and "path_bytes" (exact, escape_bytes' spelling); likewise "out" and "out_bytes".
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/bytes.h"
#include "pipeline/config.h"
#include "pipeline/log.h"

namespace agendapack::ingest {

/// The worker's loop over stdin until it closes. Protocol lines go to `protocol_fd` (the
/// original stdout); the caller points fd 1 at stderr first so nothing a library prints can
/// corrupt them. Returns the process exit code.
///
/// Test hooks (environment, read per document, matched against the file name):
/// AGENDAPACK_TEST_CRASH_ON=substr aborts, AGENDAPACK_TEST_HANG_ON=substr sleeps forever,
/// AGENDAPACK_TEST_ALLOC_ON=substr allocates until the memory limit stops it (bad_alloc),
/// AGENDAPACK_TEST_MALLOC_ON=substr mallocs until malloc fails and then aborts, as Poppler's
/// allocator does,
/// AGENDAPACK_TEST_SLOW_MS=n sleeps n ms per document, AGENDAPACK_TEST_WORKER_FSIZE=n limits
/// the files the worker writes to n bytes (RLIMIT_FSIZE: a full disk without a mount), AGENDAPACK_TEST_TRACE=file appends
/// "sha256 pid" for each finished conversion (how tests count conversions).
int run_worker(const Config& config, Logger& log, int protocol_fd);

/// Writes `text` to `path` and fsyncs it; false on any failure, and then nothing is left at
/// `path` (a full disk must not leave an empty record behind). `why` says what failed.
bool write_synced(const std::string& path, const std::string& text, std::string* why = nullptr);

/// Puts a path into a protocol message under `key` (and `key`_bytes when it is not UTF-8).
inline void put_path(nlohmann::json& message, const std::string& key, const std::string& path) {
  message[key] = valid_utf8(path);
  if (!is_valid_utf8(path)) message[key + "_bytes"] = escape_bytes(path);
}

/// The path put_path put under `key`.
inline std::string get_path(const nlohmann::json& message, const std::string& key) {
  if (auto it = message.find(key + "_bytes"); it != message.end() && it->is_string()) {
    if (auto bytes = unescape_bytes(it->get<std::string>())) return *bytes;
  }
  return message.value(key, "");
}

/// The exit status of a worker that ran out of memory (an allocation failed inside a library
/// that cannot report it, so the process could not go on): the supervisor's MEMORY_LIMIT.
inline constexpr int kExitOutOfMemory = 86;

/// Makes an out-of-memory death of this process (Poppler's allocator aborts when malloc fails;
/// an uncaught std::bad_alloc reaches std::terminate) exit with kExitOutOfMemory instead of
/// SIGABRT/SIGSEGV, so that it is told apart from a crash. Any other abort stays an abort.
void exit_distinctly_when_out_of_memory();

}  // namespace agendapack::ingest
