#include "pipeline/ingest/worker_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include "pipeline/bytes.h"
#include "pipeline/errors.h"
#include "pipeline/ingest/protocol.h"

namespace agendapack::ingest {

std::string self_exe() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "agendapack";
  buf[n] = '\0';
  return buf;
}

Result<void> WorkerProcess::start() {
  int to[2], from[2];
  // O_CLOEXEC: a worker must not hold its siblings' pipes open (their EOF would never come).
  if (::pipe2(to, O_CLOEXEC) != 0) return Error{"WORKER_START", std::strerror(errno)};
  if (::pipe2(from, O_CLOEXEC) != 0) {
    ::close(to[0]);
    ::close(to[1]);
    return Error{"WORKER_START", std::strerror(errno)};
  }
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {to[0], to[1], from[0], from[1]}) ::close(fd);
    return Error{"WORKER_START", std::string("fork: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec. Die with the parent; if it is already gone
    // (it died between fork and prctl) leave now.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    if (limits_.memory_mb > 0) {
      struct rlimit rl {};
      rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(limits_.memory_mb) << 20;
      ::setrlimit(RLIMIT_AS, &rl);
    }
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(to[0], 0);
    ::dup2(from[1], 1);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(to[0]);
  ::close(from[1]);
  pid_ = pid;
  to_child_ = to[1];
  from_child_ = from[0];
  buffer_.clear();
  ready_ = false;
  return {};
}

Result<void> WorkerProcess::send(const nlohmann::json& request) {
  if (running()) {
    // A worker that died while idle (nobody polls it then) is replaced before it is blamed
    // for a document it never saw.
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      ::close(to_child_);
      ::close(from_child_);
      to_child_ = from_child_ = -1;
      pid_ = -1;
    }
  }
  if (!running()) {
    if (auto r = start(); !r) return r;
  }
  std::string line = dump_json(request) + "\n";
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(to_child_, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      // The child died between documents; its reply pipe will say so (EOF) on the next poll.
      break;
    }
    done += static_cast<size_t>(n);
  }
  busy_ = true;
  arm_deadline();
  return {};
}

void WorkerProcess::arm_deadline() {
  // A worker that is still starting (configuration, schema, OCR engine) gets the start-up
  // allowance; the document's own clock starts when the worker says it is ready.
  if (!ready_)
    deadline_ = Clock::now() + kStartupLimit;
  else if (limits_.timeout_s > 0)
    deadline_ = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(
                                   limits_.timeout_s * 1000));
  else
    deadline_.reset();
}

WorkerDone WorkerProcess::reap(bool kill_first) {
  WorkerDone out;
  if (pid_ <= 0) return out;
  if (kill_first) ::kill(pid_, SIGKILL);
  int status = 0;
  struct rusage ru {};
  pid_t r;
  do {
    r = ::wait4(pid_, &status, 0, &ru);
  } while (r < 0 && errno == EINTR);
  out.peak_rss_kb = ru.ru_maxrss;
  if (!kill_first) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory) {
      out.failure = Error{codes::kMemoryLimit,
                          limits_.memory_mb > 0
                              ? "the worker ran out of memory (limit " +
                                    std::to_string(limits_.memory_mb) + " MB, --memory-mb)"
                              : std::string("the worker ran out of memory"),
                          "worker"};
    } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      // Nobody here sent it (kill_first is false): the kernel's out-of-memory killer does.
      out.failure = Error{codes::kMemoryLimit,
                          "the worker was killed (SIGKILL), most likely by the kernel's "
                          "out-of-memory killer",
                          "worker"};
    } else if (WIFSIGNALED(status)) {
      int sig = WTERMSIG(status);
      const char* name = ::sigabbrev_np(sig);
      out.failure = Error{codes::kWorkerCrashed,
                          "the worker died of signal " + std::to_string(sig) + " (SIG" +
                              (name ? name : "?") + ")",
                          "worker"};
    } else {
      int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      out.failure = Error{codes::kWorkerCrashed,
                          "the worker exited with status " + std::to_string(code) +
                              " before it answered",
                          "worker"};
    }
  }
  ::close(to_child_);
  ::close(from_child_);
  to_child_ = from_child_ = -1;
  pid_ = -1;
  busy_ = false;
  deadline_.reset();
  buffer_.clear();
  return out;
}

std::optional<WorkerDone> WorkerProcess::on_readable() {
  char buf[65536];
  ssize_t n = ::read(from_child_, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return std::nullopt;
  if (n <= 0) return reap(false);  // EOF: the child is gone
  buffer_.append(buf, static_cast<size_t>(n));
  std::string line;
  for (;;) {
    size_t nl = buffer_.find('\n');
    if (nl == std::string::npos) return std::nullopt;
    line = buffer_.substr(0, nl);
    buffer_.erase(0, nl + 1);
    if (line != kReadyLine) break;
    ready_ = true;
    if (busy_) arm_deadline();
  }
  busy_ = false;
  deadline_.reset();
  WorkerDone out;
  auto reply = nlohmann::json::parse(line, nullptr, false);
  if (reply.is_discarded() || !reply.is_object()) {
    reap(true);
    out.failure = Error{codes::kWorkerCrashed, "the worker answered nonsense", "worker"};
    return out;
  }
  out.peak_rss_kb = reply.value("peak_rss_kb", 0L);
  out.reply = std::move(reply);
  return out;
}

std::optional<WorkerDone> WorkerProcess::check_deadline(Clock::time_point now) {
  if (!busy_ || !deadline_ || now < *deadline_) return std::nullopt;
  double limit = limits_.timeout_s;
  bool started = ready_;
  WorkerDone out = reap(true);
  if (!started) {
    out.failure = Error{codes::kWorkerCrashed, "the worker did not start within " +
                                                   std::to_string(kStartupLimit.count()) + " s",
                        "worker"};
    return out;
  }
  char msg[128];
  std::snprintf(msg, sizeof msg, "the document took longer than the limit of %g s", limit);
  out.failure = Error{codes::kTimeout, msg, "worker"};
  return out;
}

void WorkerProcess::stop() {
  if (pid_ <= 0) return;
  ::close(to_child_);
  to_child_ = -1;
  // An idle worker exits at EOF on stdin; give it a moment, then make sure.
  for (int tries = 0; tries < 50; ++tries) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      ::close(from_child_);
      from_child_ = -1;
      pid_ = -1;
      busy_ = false;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  ::close(from_child_);
  from_child_ = -1;
  pid_ = -1;
  busy_ = false;
}

}  // namespace agendapack::ingest
