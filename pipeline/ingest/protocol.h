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
#pragma once

#include <string>

#include "pipeline/config.h"
#include "pipeline/log.h"

namespace agendapack::ingest {

/// The worker's loop over stdin until it closes. Protocol lines go to `protocol_fd` (the
/// original stdout); the caller points fd 1 at stderr first so nothing a library prints can
/// corrupt them. Returns the process exit code.
///
/// Test hooks (environment, read per document, matched against the file name):
/// AGENDAPACK_TEST_CRASH_ON=substr aborts, AGENDAPACK_TEST_HANG_ON=substr sleeps forever,
/// AGENDAPACK_TEST_ALLOC_ON=substr allocates until the memory limit stops it,
/// AGENDAPACK_TEST_SLOW_MS=n sleeps n ms per document, AGENDAPACK_TEST_TRACE=file appends
/// "sha256 pid" for each finished conversion (how tests count conversions).
int run_worker(const Config& config, Logger& log, int protocol_fd);

/// Writes `text` to `path` and fsyncs it; false on any failure.
bool write_synced(const std::string& path, const std::string& text);

}  // namespace agendapack::ingest
