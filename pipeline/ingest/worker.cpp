#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <new>
#include <thread>
#include <vector>

#include "pipeline/errors.h"
#include "pipeline/ingest/protocol.h"
#include "pipeline/ingest/worker_process.h"
#include "pipeline/runner.h"
#include "stages/emit.h"
#include "stages/load.h"

namespace agendapack::ingest {

namespace {

using nlohmann::json;

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool env_matches(const char* name, const std::string& path) {
  const char* v = std::getenv(name);
  return v && *v && path.find(v) != std::string::npos;
}

long peak_rss_kb() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/// The test hooks that stand in for a PDF that crashes, hangs or eats memory.
void test_hooks(const std::string& path) {
  if (const char* slow = std::getenv("AGENDAPACK_TEST_SLOW_MS"))
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(slow)));
  if (env_matches("AGENDAPACK_TEST_CRASH_ON", path)) std::abort();
  if (env_matches("AGENDAPACK_TEST_HANG_ON", path))
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
  if (env_matches("AGENDAPACK_TEST_ALLOC_ON", path)) {
    // Touch every page so the allocation is real; RLIMIT_AS ends this with bad_alloc.
    std::vector<std::unique_ptr<char[]>> hog;
    for (;;) {
      hog.emplace_back(new char[64 << 20]);
      for (size_t off = 0; off < (64u << 20); off += 4096) hog.back()[off] = 1;
    }
  }
}

json handle(Pipeline& pipeline, Logger& log, const json& request) {
  std::string path = request.value("path", "");
  std::string sha = request.value("sha256", "");
  std::string out_path = request.value("out", "");
  Conversion c;
  try {
    test_hooks(path);
    c = pipeline.convert(path, log);
  } catch (const std::bad_alloc&) {
    c = Conversion{};
    c.doc = std::make_shared<Document>();
    Source src;
    (void)read_source(path, src, 0);
    c.error = Error{codes::kMemoryLimit, "the memory limit per document was reached", "worker"};
    c.record = error_record(src, *c.error);
  }
  json reply = {{"sha256", sha}, {"failed", c.failed()}, {"error", nullptr}};
  if (c.failed())
    reply["error"] = {{"code", c.error->code}, {"stage", c.error->stage},
                      {"message", c.error->message}};
  const Document& doc = *c.doc;
  int ocr_pages = 0;
  for (const Page& p : doc.pages) ocr_pages += p.method != PageMethod::text;
  json stage_ms = json::object();
  for (const StageTime& st : doc.stage_times) stage_ms[st.stage] = std::round(st.ms * 10) / 10;
  std::map<std::string, int> issues;
  for (const Issue& is : doc.issues) ++issues[is.code];
  reply["pages"] = doc.source.pages ? json(*doc.source.pages)
                   : doc.pages.empty() ? json(nullptr)
                                       : json(doc.pages.size());
  reply["ocr_pages"] = ocr_pages;
  reply["ms"] = std::round(c.ms * 10) / 10;
  reply["stage_ms"] = std::move(stage_ms);
  reply["issue_counts"] = issues;
  std::string text = c.record.dump() + "\n";
  if (!write_synced(out_path, text)) {
    reply["failed"] = true;
    reply["error"] = {{"code", "OUTPUT_UNWRITABLE"}, {"stage", "worker"},
                      {"message", out_path + ": cannot write the record"}};
  }
  if (const char* trace = std::getenv("AGENDAPACK_TEST_TRACE")) {
    // O_APPEND writes of one short line are atomic, so workers of several processes can share
    // the file.
    int fd = ::open(trace, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
      (void)write_all(fd, sha + " " + std::to_string(::getpid()) + "\n");
      ::close(fd);
    }
  }
  reply["peak_rss_kb"] = peak_rss_kb();
  return reply;
}

}  // namespace

bool write_synced(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  return ok;
}

int run_worker(const Config& config, Logger& log, int protocol_fd) {
  auto pipeline = Pipeline::build(config);
  if (!pipeline) {
    log.error(pipeline.error().message);
    return 2;
  }
  if (!write_all(protocol_fd, std::string(kReadyLine) + "\n")) return 3;
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    json request = json::parse(line, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
      log.error("worker: unreadable request: " + line);
      return 2;
    }
    json reply = handle(pipeline.value(), log, request);
    if (!write_all(protocol_fd, reply.dump() + "\n")) return 3;
  }
  return 0;
}

}  // namespace agendapack::ingest
