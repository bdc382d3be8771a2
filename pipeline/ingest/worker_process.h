/// \file One worker child as the supervisor sees it: started with fork+exec of this binary's
/// `worker` subcommand, limited (RLIMIT_AS per process, a deadline per document enforced with
/// SIGKILL), and tied to its parent (PR_SET_PDEATHSIG, so a kill -9 of the ingest leaves no
/// orphans). Restarted after a crash or a timeout.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/result.h"

namespace agendapack::ingest {

/// The worker's first line, once its pipeline is built.
inline constexpr const char* kReadyLine = "{\"ready\":true}";
/// How long a worker may take to start before it is given up as broken.
inline constexpr std::chrono::seconds kStartupLimit{120};

struct WorkerLimits {
  double timeout_s = 0;  // per document; 0: none
  int memory_mb = 0;     // address space of the worker; 0: none
};

/// The end of one document: a reply from the worker, or why there was none.
struct WorkerDone {
  std::optional<nlohmann::json> reply;
  std::optional<Error> failure;  // TIMEOUT, WORKER_CRASHED (with the signal), MEMORY_LIMIT
  long peak_rss_kb = 0;          // of the worker that ended, when known
};

class WorkerProcess {
 public:
  using Clock = std::chrono::steady_clock;
  WorkerProcess(std::vector<std::string> argv, WorkerLimits limits)
      : argv_(std::move(argv)), limits_(limits) {}
  ~WorkerProcess() { stop(); }
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  bool running() const { return pid_ > 0; }
  bool busy() const { return busy_; }
  /// The pipe to read replies from (for poll), -1 when not running.
  int reply_fd() const { return from_child_; }
  std::optional<Clock::time_point> deadline() const { return deadline_; }

  /// Starts the child if needed and sends it one document.
  Result<void> send(const nlohmann::json& request);
  /// After poll says reply_fd is readable: reads what is there; a result once a whole line
  /// arrived or the child died.
  std::optional<WorkerDone> on_readable();
  /// A result (TIMEOUT) when the deadline passed; the child is killed.
  std::optional<WorkerDone> check_deadline(Clock::time_point now);
  /// Closes stdin and waits for a clean exit (SIGKILL after a short grace).
  void stop();

 private:
  Result<void> start();
  void arm_deadline();
  /// Kills (if asked) and reaps the child; the peak RSS and how it ended.
  WorkerDone reap(bool kill_first);

  std::vector<std::string> argv_;
  WorkerLimits limits_;
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  bool busy_ = false;
  bool ready_ = false;  // the worker said kReadyLine
  std::string buffer_;
  std::optional<Clock::time_point> deadline_;
};

/// This program's own path (/proc/self/exe), for starting workers.
std::string self_exe();

}  // namespace agendapack::ingest
