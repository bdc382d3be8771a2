#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
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
  if (env_matches("AGENDAPACK_TEST_MALLOC_ON", path)) {
    // What Poppler's allocator does when malloc fails: say so and abort.
    std::vector<void*> hog;
    for (;;) {
      void* block = std::malloc(64 << 20);
      if (!block) {
        std::fputs("Out of memory\n", stderr);
        std::abort();
      }
      static_cast<volatile char*>(block)[0] = 1;
      hog.push_back(block);
    }
  }
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
  std::string path = get_path(request, "path");
  std::string sha = request.value("sha256", "");
  std::string out_path = get_path(request, "out");
  Conversion c;
  // The runner turns what a stage throws into an error record; this catches what is thrown
  // around it (the test hooks, the record's own JSON), so no exception ends the worker.
  auto fail_with = [&](Error e) {
    c = Conversion{};
    c.doc = std::make_shared<Document>();
    Source src;
    (void)read_source(path, src, 0);
    c.error = std::move(e);
    c.record = error_record(src, *c.error);
  };
  try {
    test_hooks(path);
    c = pipeline.convert(path, log);
  } catch (const std::bad_alloc&) {
    fail_with(Error{codes::kMemoryLimit, "the memory limit per document was reached", "worker"});
  } catch (const std::exception& e) {
    fail_with(Error{codes::kStageFailed, std::string("unexpected failure: ") + e.what(), "worker"});
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
  std::string text = dump_json(c.record) + "\n";
  std::string why;
  if (!write_synced(out_path, text, &why))
    reply["output_error"] = valid_utf8(out_path) + ": cannot write the record: " + why;
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

bool write_synced(const std::string& path, const std::string& text, std::string* why) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (why) *why = std::strerror(errno);
    return false;
  }
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int err = ok ? 0 : errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    if (why) *why = std::strerror(err ? err : EIO);
    ::unlink(path.c_str());
  }
  return ok;
}

namespace {

rlim_t g_address_space_limit = RLIM_INFINITY;
size_t g_page_size = 4096;

// Async-signal-safe: whether the address space is within 64 MiB of RLIMIT_AS.
bool near_address_space_limit() {
  if (g_address_space_limit == RLIM_INFINITY) return false;
  int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  unsigned long long pages = 0;
  for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i)
    pages = pages * 10 + static_cast<unsigned>(buf[i] - '0');
  return pages * g_page_size + (64ull << 20) >= g_address_space_limit;
}

// malloc sets ENOMEM when it fails, and Poppler's allocator aborts right after (it only
// prints "Out of memory"), so errno still says so in the handler. A segfault counts only
// near the limit: a library that dereferenced a failed allocation.
void on_fatal_signal(int sig) {
  int saved = errno;
  if ((sig == SIGABRT && saved == ENOMEM) || near_address_space_limit())
    ::_exit(kExitOutOfMemory);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void on_terminate() {
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      ::_exit(kExitOutOfMemory);
    } catch (...) {
    }
  }
  errno = 0;
  std::abort();
}

}  // namespace

void exit_distinctly_when_out_of_memory() {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_AS, &rl) == 0) g_address_space_limit = rl.rlim_cur;
  g_page_size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::set_terminate(on_terminate);
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS}) ::sigaction(sig, &sa, nullptr);
}

int run_worker(const Config& config, Logger& log, int protocol_fd) {
  exit_distinctly_when_out_of_memory();
  if (const char* fsize = std::getenv("AGENDAPACK_TEST_WORKER_FSIZE")) {
    // A full disk where mount(2) is not allowed: writes past the limit fail with EFBIG.
    struct rlimit rl {};
    rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(std::atoll(fsize));
    ::setrlimit(RLIMIT_FSIZE, &rl);
    ::signal(SIGXFSZ, SIG_IGN);
  }
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
    if (!write_all(protocol_fd, dump_json(reply) + "\n")) return 3;
  }
  return 0;
}

}  // namespace agendapack::ingest
