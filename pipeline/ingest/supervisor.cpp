#include "pipeline/ingest/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "pipeline/errors.h"
#include "pipeline/ingest/inputs.h"
#include "pipeline/ingest/protocol.h"
#include "pipeline/ingest/worker_process.h"
#include "stages/emit.h"

namespace agendapack::ingest {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitEnvironment = 3;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "host";
  return buf;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

/// The JSON Lines output: one line per source, appended and fsynced before the row is marked
/// done. A kill -9 can leave at most a half line at the end (cut off on the next run) or a
/// whole line whose row is still running (its source is converted again, and the line is
/// not appended twice: existing lines are remembered by their source's sha256).
class JsonlSink {
 public:
  Result<void> open(const std::string& path) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return Error{"OUTPUT_UNWRITABLE", path + ": " + std::strerror(errno)};
    std::string text = read_all(path);
    size_t keep = text.rfind('\n');
    keep = keep == std::string::npos ? 0 : keep + 1;
    if (keep != text.size()) {
      if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0)
        return Error{"OUTPUT_UNWRITABLE", path + ": cannot cut off a partial line"};
      cut_ = text.size() - keep;
    }
    for (size_t start = 0; start < keep;) {
      size_t end = text.find('\n', start);
      json rec = json::parse(text.substr(start, end - start), nullptr, false);
      if (!rec.is_discarded()) seen_[key_of(rec)] = rec.contains("error");
      start = end + 1;
    }
    if (::lseek(fd_, 0, SEEK_END) < 0)
      return Error{"OUTPUT_UNWRITABLE", path + ": " + std::strerror(errno)};
    return {};
  }
  ~JsonlSink() {
    if (fd_ >= 0) ::close(fd_);
  }
  size_t cut_bytes() const { return cut_; }
  size_t lines() const { return seen_.size(); }

  /// Appends the record unless a line for its source is already there. A source that failed
  /// before and now converts (--retry-failed) has its error line replaced: the file is
  /// rewritten beside and renamed over, so it still holds one line per source.
  Result<void> append(const std::string& record_text) {
    json rec = json::parse(record_text, nullptr, false);
    std::string key = rec.is_discarded() ? std::string() : key_of(rec);
    std::string line = record_text;
    while (!line.empty() && line.back() == '\n') line.pop_back();
    line += '\n';
    auto it = key.empty() ? seen_.end() : seen_.find(key);
    if (it != seen_.end()) {
      bool was_error = it->second;
      if (!was_error || rec.contains("error")) return {};
      return replace(key, line);
    }
    // A full disk can take half a line: cut the file back to where it was, so that it never
    // holds a line that is not a whole record.
    off_t before = ::lseek(fd_, 0, SEEK_END);
    auto undo = [&](const std::string& why) {
      if (before >= 0 && ::ftruncate(fd_, before) == 0) ::lseek(fd_, before, SEEK_SET);
      return Error{"OUTPUT_UNWRITABLE", path_ + ": " + why};
    };
    size_t done = 0;
    while (done < line.size()) {
      ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return undo(n < 0 ? std::strerror(errno) : "nothing written");
      done += static_cast<size_t>(n);
    }
    if (::fdatasync(fd_) != 0) return undo(std::string("fsync failed: ") + std::strerror(errno));
    seen_[key] = rec.contains("error");
    return {};
  }

  Result<void> replace(const std::string& key, const std::string& line) {
    std::string text = read_all(path_);
    std::string out;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string old = text.substr(start, end - start);
      json rec = json::parse(old, nullptr, false);
      out += (!rec.is_discarded() && key_of(rec) == key) ? line : old + "\n";
      start = end + 1;
    }
    std::string tmp = path_ + ".tmp." + std::to_string(::getpid());
    std::string why;
    if (!write_synced(tmp, out, &why))
      return Error{"OUTPUT_UNWRITABLE", path_ + ": cannot rewrite: " + why};
    if (::rename(tmp.c_str(), path_.c_str()) != 0) {
      why = std::strerror(errno);
      ::unlink(tmp.c_str());
      return Error{"OUTPUT_UNWRITABLE", path_ + ": cannot rewrite: " + why};
    }
    ::close(fd_);
    fd_ = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) return Error{"OUTPUT_UNWRITABLE", path_ + ": " + std::strerror(errno)};
    seen_[key] = false;
    return {};
  }

 private:
  // A record's source: its sha256; for a file that could not be read (no bytes, no sha256),
  // its name.
  static std::string key_of(const json& rec) {
    const json& src = rec.contains("source") ? rec["source"] : json::object();
    std::string sha = src.is_object() ? src.value("sha256", "") : "";
    if (!sha.empty()) return sha;
    return "file:" + (src.is_object() ? src.value("file", "") : std::string());
  }
  std::string path_;
  int fd_ = -1;
  size_t cut_ = 0;
  std::map<std::string, bool> seen_;  // source key -> its line is an error record
};

struct Tally {
  int processed = 0, done = 0, failed = 0;
  int64_t pages = 0, ocr_pages = 0;
  long peak_rss_kb = 0;
  std::map<std::string, int> failures_by_code;
};

class Progress {
 public:
  Progress(int64_t total, bool tty, bool quiet) : total_(total), tty_(tty), quiet_(quiet) {}

  void document(const std::string& path, const Outcome& o, const Tally& t, Logger& log) {
    char head[64];
    std::snprintf(head, sizeof head, "[%d/%lld] ", t.processed, static_cast<long long>(total_));
    if (tty_) clear();
    if (o.failed) {
      log.error(std::string(head) + path + ": " + o.error_code + ": " + o.error_message);
    } else if (!tty_ && !quiet_) {
      char buf[128];
      std::snprintf(buf, sizeof buf, ": done, %d pages, %.0f ms", o.pages.value_or(0), o.ms);
      log.info(std::string(head) + path + buf);
    }
    if (tty_) draw(t, true);
  }

  /// The live line (TTY only), at most four times a second.
  void draw(const Tally& t, bool force = false) {
    if (!tty_ || quiet_) return;
    auto now = Clock::now();
    if (!force && now - last_draw_ < std::chrono::milliseconds(250)) return;
    last_draw_ = now;
    double s = std::chrono::duration<double>(now - started_).count();
    double docs_s = s > 0 ? t.processed / s : 0;
    double pages_s = s > 0 ? t.pages / s : 0;
    double eta = docs_s > 0 ? (total_ - t.processed) / docs_s : NAN;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "\r\033[Kingest: %d/%lld done, %.1f pages/s, %.2f docs/s, ETA %s, %d failed",
                  t.processed, static_cast<long long>(total_), pages_s, docs_s,
                  format_duration(eta).c_str(), t.failed);
    std::fputs(buf, stderr);
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }
  double seconds() const {
    return std::chrono::duration<double>(Clock::now() - started_).count();
  }

 private:
  int64_t total_;
  bool tty_, quiet_;
  bool drawn_ = false;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_draw_{};
};

/// Files left in DIR/.partial by this host's ingests that died: their pid is gone.
void clean_partials(const fs::path& partial_dir, const std::string& host) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(partial_dir, ec)) {
    std::string name = entry.path().filename().string();
    // <sha256>.<host>.<pid>.json
    size_t last_dot = name.rfind(".json");
    size_t pid_dot = name.rfind('.', last_dot == std::string::npos ? 0 : last_dot - 1);
    if (last_dot == std::string::npos || pid_dot == std::string::npos) continue;
    std::string pid_text = name.substr(pid_dot + 1, last_dot - pid_dot - 1);
    if (name.find("." + host + ".") == std::string::npos) continue;
    pid_t pid = static_cast<pid_t>(std::atol(pid_text.c_str()));
    if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM)) continue;
    fs::remove(entry.path(), ec);
  }
}

}  // namespace

int run_ingest(const IngestOptions& o, const fs::path& config_dir, Logger& log) {
  ::signal(SIGPIPE, SIG_IGN);  // a worker that died must not take the supervisor with it
  bool tty = ::isatty(2) && !o.quiet;

  if (!o.out_dir.empty() && !o.jsonl.empty()) {
    log.error("choose one of --out DIR and --jsonl FILE");
    return kExitUsage;
  }
  auto opened = Catalog::open(o.catalog, migrations_dir(config_dir));
  if (!opened) {
    log.error(opened.error().message);
    return kExitEnvironment;
  }
  Catalog& catalog = *opened.value();
  bool sqlite = catalog.backend() == "sqlite";

  // SQLite has no leases: one ingest per catalog file, and whatever is `running` when it
  // starts was left by one that died.
  int lock_fd = -1;
  if (sqlite) {
    std::string lock_path = o.catalog + ".lock";
    lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      log.error(o.catalog + ": another ingest is using this catalog (use PostgreSQL to run "
                            "several at once)");
      return kExitEnvironment;
    }
  }
  struct LockGuard {
    int fd;
    ~LockGuard() {
      if (fd >= 0) ::close(fd);
    }
  } lock_guard{lock_fd};

  // Where records go.
  std::string out_dir = o.out_dir;
  if (out_dir.empty() && o.jsonl.empty() && sqlite) {
    fs::path parent = fs::absolute(o.catalog).parent_path();
    out_dir = (parent / "records").string();
  }
  std::string host = hostname();
  fs::path partial_dir;
  std::unique_ptr<JsonlSink> jsonl;
  std::error_code ec;
  if (!out_dir.empty()) {
    out_dir = fs::absolute(out_dir).lexically_normal().string();
    partial_dir = fs::path(out_dir) / ".partial";
    fs::create_directories(partial_dir, ec);
    if (ec) {
      log.error(out_dir + ": cannot create the output folder: " + ec.message());
      return kExitEnvironment;
    }
    clean_partials(partial_dir, host);
  } else {
    char tmpl[] = "/tmp/agendapack-ingest-XXXXXX";
    const char* tmp_base = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp_base && *tmp_base ? tmp_base : "/tmp") +
                          "/agendapack-ingest-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    char* made = ::mkdtemp(buf.data());
    if (!made) made = ::mkdtemp(tmpl);
    if (!made) {
      log.error("cannot create a temporary folder for records");
      return kExitEnvironment;
    }
    partial_dir = made;
    if (!o.jsonl.empty()) {
      jsonl = std::make_unique<JsonlSink>();
      if (auto r = jsonl->open(o.jsonl); !r) {
        log.error(r.error().message);
        return kExitEnvironment;
      }
      if (jsonl->cut_bytes())
        log.warning(o.jsonl + ": cut off a partial last line (" +
                    std::to_string(jsonl->cut_bytes()) + " bytes) left by an interrupted run");
    }
  }
  struct TempCleanup {
    fs::path dir;
    bool remove;
    ~TempCleanup() {
      std::error_code e;
      if (remove) fs::remove_all(dir, e);
    }
  } temp_cleanup{partial_dir, out_dir.empty()};

  // Inputs -> catalog rows (only this shard's: every shard hashes every input, which is what
  // makes the split deterministic without coordination).
  std::vector<std::string> problems;
  std::vector<std::string> paths = expand_inputs(o.inputs, problems);
  for (const auto& p : problems) log.warning(p);
  auto identified = identify_inputs(paths, catalog);
  if (!identified) {
    log.error(identified.error().message);
    return kExitEnvironment;
  }
  std::vector<SourceInput> mine;
  std::set<std::string> distinct;
  for (auto& in : identified.value()) {
    if (!o.shard.contains(in.sha256)) continue;
    distinct.insert(in.sha256);
    mine.push_back(std::move(in));
  }
  auto added = catalog.add_sources(mine);
  if (!added) {
    log.error(added.error().message);
    return kExitEnvironment;
  }
  auto requeued = catalog.requeue_abandoned();
  if (!requeued) {
    log.error(requeued.error().message);
    return kExitEnvironment;
  }
  if (requeued.value() > 0)
    log.info(std::to_string(requeued.value()) +
             " sources were left running by an interrupted ingest; queued again");
  if (o.retry_failed) {
    auto again = catalog.requeue_failed(o.shard);
    if (!again) {
      log.error(again.error().message);
      return kExitEnvironment;
    }
    if (again.value() > 0) log.info(std::to_string(again.value()) + " failed sources queued again");
  }
  auto before = catalog.counts(o.shard);
  if (!before) {
    log.error(before.error().message);
    return kExitEnvironment;
  }
  int64_t total = before.value().queued;
  if (!o.quiet)
    log.info(std::to_string(paths.size()) + " inputs, " + std::to_string(distinct.size()) +
             " distinct in this shard, " + std::to_string(added.value()) + " new; " +
             std::to_string(total) + " to convert, " + std::to_string(before.value().done) +
             " already done");

  // Workers.
  std::vector<std::string> argv = {self_exe(), "worker"};
  argv.insert(argv.end(), o.worker_args.begin(), o.worker_args.end());
  WorkerLimits limits{o.timeout_s, o.memory_mb};
  int jobs = std::max(1, o.jobs);
  std::vector<std::unique_ptr<WorkerProcess>> workers;
  for (int j = 0; j < jobs; ++j) workers.push_back(std::make_unique<WorkerProcess>(argv, limits));
  std::vector<std::optional<Claim>> claims(jobs);

  std::random_device rd;
  std::string owner = host + ":" + std::to_string(::getpid()) + ":" + std::to_string(rd() % 100000);
  Tally tally;
  Progress progress(total, tty, o.quiet);
  bool env_error = false;
  bool queue_empty = false;
  auto last_heartbeat = Clock::now();
  auto last_requeue = Clock::now();

  // A record that cannot be written is the machine's trouble, not the document's: nothing is
  // left in place, the row goes back to the queue (a plain rerun converts it once there is
  // room) and the run stops with exit code 3.
  auto output_failed = [&](const Claim& claim, const fs::path& tmp, const std::string& why) {
    std::error_code rm_ec;
    fs::remove(tmp, rm_ec);
    log.error(why);
    if (auto r = catalog.release(owner, claim.sha256); !r) log.error(r.error().message);
    env_error = true;
  };

  auto finish_one = [&](int slot, WorkerDone& done) {
    Claim claim = std::move(*claims[slot]);
    claims[slot].reset();
    tally.peak_rss_kb = std::max(tally.peak_rss_kb, done.peak_rss_kb);
    fs::path tmp = partial_dir / (claim.sha256 + "." + host + "." + std::to_string(::getpid()) + ".json");
    Outcome out;
    out.sha256 = claim.sha256;
    if (done.reply) {
      const json& r = *done.reply;
      if (r.contains("output_error") && r["output_error"].is_string()) {
        output_failed(claim, tmp, r["output_error"].get<std::string>());
        return;
      }
      out.failed = r.value("failed", false);
      if (out.failed && r.contains("error") && r["error"].is_object()) {
        out.error_code = r["error"].value("code", "");
        out.error_stage = r["error"].value("stage", "");
        out.error_message = r["error"].value("message", "");
      }
      if (r.contains("pages") && r["pages"].is_number()) out.pages = r["pages"].get<int>();
      out.ocr_pages = r.value("ocr_pages", 0);
      out.ms = r.value("ms", 0.0);
      if (r.contains("stage_ms")) out.stage_ms = r["stage_ms"];
      if (r.contains("issue_counts")) out.issue_counts = r["issue_counts"];
    } else {
      // No reply: the supervisor writes the error record itself.
      Error e = done.failure.value_or(Error{codes::kWorkerCrashed, "no reply", "worker"});
      out.failed = true;
      out.error_code = e.code;
      out.error_stage = e.stage;
      out.error_message = e.message;
      Source src;
      src.file = fs::path(claim.path).filename().string();
      src.path = claim.path;
      src.sha256 = claim.sha256.size() == 64 ? claim.sha256 : "";
      src.bytes = claim.bytes;
      std::string why;
      if (!write_synced(tmp.string(), dump_json(error_record(src, e)) + "\n", &why)) {
        output_failed(claim, tmp, tmp.string() + ": cannot write the error record: " + why);
        return;
      }
    }
    // The record goes into place first, the row is marked second: a kill between the two
    // leaves a running row whose record exists, and the rerun converts it again and renames
    // over the same name (or finds its JSON line already there).
    std::string record_text;
    if (!out_dir.empty()) {
      fs::path target = fs::path(out_dir) / (claim.sha256 + ".json");
      std::error_code rename_ec;
      fs::rename(tmp, target, rename_ec);
      if (rename_ec) {
        output_failed(claim, tmp,
                      target.string() + ": cannot move the record into place: " +
                          rename_ec.message());
        return;
      }
      out.record_location = target.string();
      if (!sqlite) record_text = read_all(target);
    } else {
      record_text = read_all(tmp);
      std::error_code rm_ec;
      fs::remove(tmp, rm_ec);
      if (jsonl) {
        if (auto r = jsonl->append(record_text); !r) {
          output_failed(claim, tmp, r.error().message);
          return;
        }
        out.record_location = "jsonl:" + fs::absolute(o.jsonl).string();
      } else {
        out.record_location = "postgres:records";
      }
    }
    if (!sqlite && !record_text.empty()) out.record_json = &record_text;
    auto fin = catalog.finish(owner, out);
    if (!fin) {
      if (fin.error().code == "LEASE_LOST") {
        log.warning(claim.path + ": " + fin.error().message);
        return;
      }
      log.error(fin.error().message);
      env_error = true;
      return;
    }
    ++tally.processed;
    if (out.failed) {
      ++tally.failed;
      ++tally.failures_by_code[out.error_code];
    } else {
      ++tally.done;
      tally.pages += out.pages.value_or(0);
      tally.ocr_pages += out.ocr_pages;
    }
    progress.document(claim.path, out, tally, log);
  };

  while (!env_error) {
    // Give every idle worker a document.
    for (int slot = 0; slot < jobs && !queue_empty && !env_error; ++slot) {
      if (claims[slot]) continue;
      auto c = catalog.claim(owner, o.shard, o.lease_s);
      if (c && !c.value() && !sqlite) {
        // Nothing queued; rows of processes that died may be waiting for their lease to end.
        auto again = catalog.requeue_abandoned();
        if (again && again.value() > 0) c = catalog.claim(owner, o.shard, o.lease_s);
      }
      if (!c) {
        log.error(c.error().message);
        env_error = true;
        break;
      }
      if (!c.value()) {
        queue_empty = true;
        break;
      }
      claims[slot] = std::move(*c.value());
      json request = {{"sha256", claims[slot]->sha256}};
      put_path(request, "path", claims[slot]->path);
      put_path(request, "out",
               (partial_dir / (claims[slot]->sha256 + "." + host + "." +
                               std::to_string(::getpid()) + ".json"))
                   .string());
      if (auto s = workers[slot]->send(request); !s) {
        log.error("cannot start a worker: " + s.error().message);
        env_error = true;
        break;
      }
    }
    std::vector<pollfd> fds;
    std::vector<int> slots;
    auto now = Clock::now();
    int wait_ms = 250;
    for (int slot = 0; slot < jobs; ++slot) {
      if (!claims[slot]) continue;
      fds.push_back({workers[slot]->reply_fd(), POLLIN, 0});
      slots.push_back(slot);
      if (auto d = workers[slot]->deadline()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*d - now).count();
        wait_ms = static_cast<int>(std::clamp<int64_t>(left + 1, 0, wait_ms));
      }
    }
    if (fds.empty()) {
      // Nothing of ours is running and nothing is left to claim. With SQLite that is the end.
      // On a shared queue, other processes may still hold rows: wait until they finish or
      // their leases expire (then take them), so that our exit means the queue is drained.
      if (sqlite) break;
      auto c = catalog.counts(o.shard);
      if (!c || c.value().running == 0) break;
      std::this_thread::sleep_for(std::chrono::seconds(1));
      auto again = catalog.requeue_abandoned();
      if (again && again.value() > 0) queue_empty = false;
      continue;
    }
    int n = ::poll(fds.data(), fds.size(), wait_ms);
    if (n < 0 && errno != EINTR) {
      log.error(std::string("poll: ") + std::strerror(errno));
      env_error = true;
      break;
    }
    for (size_t idx = 0; idx < fds.size() && n > 0; ++idx) {
      if (!(fds[idx].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int slot = slots[idx];
      if (auto done = workers[slot]->on_readable()) finish_one(slot, *done);
    }
    now = Clock::now();
    for (int slot = 0; slot < jobs; ++slot) {
      if (!claims[slot]) continue;
      if (auto done = workers[slot]->check_deadline(now)) finish_one(slot, *done);
    }
    if (!sqlite && now - last_heartbeat > std::chrono::seconds(std::max(1, o.lease_s / 3))) {
      if (auto h = catalog.heartbeat(owner, o.lease_s); !h) log.warning(h.error().message);
      last_heartbeat = now;
    }
    if (!sqlite && queue_empty && now - last_requeue > std::chrono::seconds(5)) {
      // Another machine may have died while we finish: look again for expired leases.
      auto again = catalog.requeue_abandoned();
      if (again && again.value() > 0) queue_empty = false;
      last_requeue = now;
    }
    progress.draw(tally);
  }
  for (auto& w : workers) w->stop();
  // Stopped early (the environment failed): what the workers still held goes back to the
  // queue rather than waiting for a rerun to find it running.
  for (auto& claim : claims) {
    if (!claim) continue;
    if (auto r = catalog.release(owner, claim->sha256); !r) log.warning(r.error().message);
  }
  progress.clear();

  struct rusage ru {};
  ::getrusage(RUSAGE_CHILDREN, &ru);
  tally.peak_rss_kb = std::max(tally.peak_rss_kb, static_cast<long>(ru.ru_maxrss));
  double seconds = progress.seconds();
  auto after = catalog.counts(o.shard);
  Counts counts = after ? after.value() : Counts{};
  json summary = {
      {"type", "summary"},
      {"catalog", sqlite ? fs::absolute(o.catalog).string() : std::string("postgresql")},
      {"backend", std::string(catalog.backend())},
      {"shard", std::to_string(o.shard.index) + "/" + std::to_string(o.shard.count)},
      {"jobs", jobs},
      {"inputs", paths.size()},
      {"distinct", distinct.size()},
      {"new", added.value()},
      {"processed", tally.processed},
      {"done", tally.done},
      {"failed", tally.failed},
      {"pages", tally.pages},
      {"ocr_pages", tally.ocr_pages},
      {"seconds", std::round(seconds * 1000) / 1000},
      {"docs_per_s", seconds > 0 ? std::round(tally.processed / seconds * 100) / 100 : 0.0},
      {"pages_per_s", seconds > 0 ? std::round(tally.pages / seconds * 100) / 100 : 0.0},
      {"failures_by_code", tally.failures_by_code},
      {"worker_peak_rss_mb", std::round(tally.peak_rss_kb / 1024.0 * 10) / 10},
      {"catalog_counts",
       {{"queued", counts.queued}, {"running", counts.running}, {"done", counts.done},
        {"failed", counts.failed}}}};
  if (!o.quiet || tally.failed) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "ingest: %d converted, %d failed, %lld pages in %.1f s (%.2f docs/s, %.1f "
                  "pages/s); catalog: %lld done, %lld failed, %lld queued",
                  tally.done, tally.failed, static_cast<long long>(tally.pages), seconds,
                  seconds > 0 ? tally.processed / seconds : 0.0,
                  seconds > 0 ? tally.pages / seconds : 0.0, static_cast<long long>(counts.done),
                  static_cast<long long>(counts.failed), static_cast<long long>(counts.queued));
    log.info(buf);
  }
  if (!o.summary_file.empty()) {
    std::ofstream out(o.summary_file, std::ios::trunc);
    out << dump_json(summary, 2) << "\n";
    if (!out) {
      log.error(o.summary_file + ": cannot write the summary");
      env_error = true;
    }
  }
  if (env_error) return kExitEnvironment;
  // Never 0 while a source of this shard is failed, whether now or in an earlier run.
  return (tally.failed > 0 || counts.failed > 0) ? kExitFailed : kExitOk;
}

}  // namespace agendapack::ingest
