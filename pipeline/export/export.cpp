#include "pipeline/export/export.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "pipeline/crawl/sql.h"
#include "pipeline/export/csv.h"
#include "pipeline/export/loader.h"
#include "pipeline/export/people.h"
#include "pipeline/export/records.h"
#include "pipeline/export/sqlite_db.h"
#include "pipeline/export/tracker.h"
#include "pipeline/ingest/catalog.h"

namespace agendapack::facts {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Existing {
  size_t stamp = 0;  // stamp_hash of the catalog stamp it was exported with
  std::string authority;
  int64_t first_run = 0;
};

/// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; anything that fails rolls back, so the file
/// keeps the previous export.
template <typename F>
Result<void> in_transaction(Db& db, F&& body) {
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r;
  Result<void> r = body();
  if (!r) {
    (void)db.exec("ROLLBACK");
    return r;
  }
  return db.exec("COMMIT");
}

}  // namespace

json ExportSummary::to_json() const {
  return {{"type", "summary"},
          {"run_id", run_id},
          {"documents", documents},
          {"exported", exported},
          {"removed", removed},
          {"unchanged", unchanged},
          {"unreadable", unreadable},
          {"waiting", waiting},
          {"rows", rows},
          {"people_created", people_created},
          {"people_merged", people_merged},
          {"people_pruned", people_pruned},
          {"trackers", trackers},
          {"authorities", authorities},
          {"warnings", warnings},
          {"csv_files", csv_files},
          {"seconds", seconds}};
}

Result<ExportSummary> run_export(const ExportOptions& o, const Config& config, Logger& log) {
  auto started = std::chrono::steady_clock::now();
  ExportSummary sum;
  {  // migrations, so an older catalog still has the crawl's tables the listing joins
    auto cat = ingest::Catalog::open(o.catalog, ingest::migrations_dir(config.dir()));
    if (!cat) return cat.error();
  }
  auto conn = crawl::SqlConn::open(o.catalog);
  if (!conn) return conn.error();
  auto listed = list_sources(*conn.value());
  if (!listed) return listed.error();
  const std::vector<CatalogEntry>& sources = listed.value();
  // -v: where the time goes, one line a phase.
  auto phase = [&, last = started, last_cpu = std::clock()](const std::string& what) mutable {
    auto now = std::chrono::steady_clock::now();
    std::clock_t cpu = std::clock();
    if (log.enabled(LogLevel::debug))
      log.write(
          LogLevel::debug, {}, 0, "export",
          what + " in " +
              std::to_string(
                  static_cast<int>(std::chrono::duration<double, std::milli>(now - last).count())) +
              " ms (" + std::to_string((cpu - last_cpu) * 1000 / CLOCKS_PER_SEC) + " ms CPU)");
    last = now;
    last_cpu = cpu;
  };
  phase("listed " + std::to_string(sources.size()) + " catalog rows");

  // A new database is built aside without a journal (the journal doubled the writes) and
  // renamed into place when complete. An existing one changes in one WAL transaction, so
  // Datasette or the report may read while an export writes.
  std::error_code ec;
  bool fresh = !fs::exists(o.sqlite, ec);
  std::string build = fresh ? o.sqlite + ".partial" : o.sqlite;
  if (fresh)
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(build + suffix, ec);
  auto opened = Db::open(build);
  if (!opened) return opened.error();
  std::unique_ptr<Db> handle = std::move(opened.value());
  Db& db = *handle;
  // Foreign keys are declared for readers, not enforced here: rows are deleted child first by
  // sha256. The page cache is bounded (16 MB): memory stays flat however many records.
  std::vector<const char*> pragmas = {"PRAGMA foreign_keys = OFF", "PRAGMA cache_size = -16000"};
  if (fresh) {
    pragmas.push_back("PRAGMA journal_mode = OFF");
    pragmas.push_back("PRAGMA synchronous = OFF");
  } else {
    pragmas.push_back("PRAGMA journal_mode = WAL");
    pragmas.push_back("PRAGMA synchronous = NORMAL");
  }
  for (const char* pragma : pragmas)
    if (auto r = db.exec(pragma); !r) return r.error();
  if (auto v = db.migrate(migrations_dir(config.dir())); !v) return v.error();
  // A new database loads faster without its secondary indexes and FTS triggers: they are made
  // once the documents are in (an FTS5 'rebuild' reads each table once), before the trackers
  // need them.
  std::vector<std::string> deferred, fts_tables;
  if (fresh) {
    auto st = db.prepare_own(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (type = 'index' OR "
        "(type = 'trigger' AND tbl_name IN (SELECT substr(name, 1, length(name) - 4) FROM "
        "sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%')))");
    if (!st) return st.error();
    std::vector<std::string> drops;
    while (st.value()->next()) {
      deferred.push_back(st.value()->text(2));
      drops.push_back("DROP " + st.value()->text(0) + " \"" + st.value()->text(1) + "\"");
    }
    if (st.value()->error()) return *st.value()->error();
    st.value().reset();
    auto fts = db.prepare_own(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'");
    if (!fts) return fts.error();
    while (fts.value()->next()) fts_tables.push_back(fts.value()->text(0));
    fts.value().reset();
    for (const std::string& drop : drops)
      if (auto r = db.exec(drop); !r) return r.error();
  }

  std::unordered_map<std::string, Existing> existing;
  {
    auto st = db.prepare_own(
        "SELECT sha256, catalog_stamp, first_run, COALESCE(authority, '') FROM documents");
    if (!st) return st.error();
    while (st.value()->next())
      existing[st.value()->text(0)] = {stamp_hash(st.value()->text(1)), st.value()->text(3),
                                       st.value()->integer(2)};
    if (st.value()->error()) return *st.value()->error();
  }
  bool first_export = existing.empty();

  // Keys are views of the entries' own strings: no copy of 10,000 hashes.
  std::unordered_map<std::string_view, const CatalogEntry*> by_sha;
  by_sha.reserve(sources.size());
  std::map<std::string, std::string> replaced;  // new sha -> the old one its URL held
  for (const CatalogEntry& s : sources) {
    by_sha[s.sha256] = &s;
    if (s.superseded()) replaced[s.current_sha256] = s.sha256;
  }
  // What to read again: new rows and rows whose catalog entry changed.
  std::vector<const CatalogEntry*> todo;
  for (const CatalogEntry& s : sources) {
    if (s.superseded()) continue;
    auto it = existing.find(s.sha256);
    if (!s.finished()) {
      // Queued or running again: the rows of its last conversion stay until it is done.
      sum.waiting += it == existing.end();
      if (it != existing.end()) ++sum.unchanged;
      continue;
    }
    if (!o.rebuild && it != existing.end() && it->second.stamp == s.stamp) {
      ++sum.unchanged;
      continue;
    }
    todo.push_back(&s);
  }

  phase("compared with " + std::to_string(existing.size()) + " documents exported before");
  NameVocab vocab = NameVocab::from(config);
  People people(db, vocab);
  Loader loader(db, people);
  TrackerOptions tracker_options = TrackerOptions::from(config);
  RecordReader reader(*conn.value());
  std::set<std::string> touched;  // authorities whose people or trackers may have changed
  std::set<int64_t> named;        // people the removed rows named
  const char* crash_env = std::getenv("AGENDAPACK_TEST_EXPORT_CRASH_AFTER");
  int64_t crash_after = crash_env ? std::atoll(crash_env) : 0;

  // One catalog row: its record read, its old rows replaced by the new.
  auto export_one = [&](const CatalogSource& s) -> Result<void> {
    auto it = existing.find(s.sha256);
    std::optional<json> record;
    DocumentRow row;
    row.source = &s;
    if (!s.record_location.empty() || s.status == "done")
      record = reader.get(s.sha256, s.record_location, &row.read_error);
    if (!record && s.status == "done") {
      log.warning(s.sha256.substr(0, 12) + ": " + row.read_error);
      ++sum.unreadable;
    }
    if (!record && s.status == "failed") row.read_error.clear();
    row.record = record ? &*record : nullptr;
    // A failed source without a record is still a failed document, not an unreadable one.
    json failed_stub;
    if (!record && s.status == "failed") {
      failed_stub = {
          {"source", json::object()},
          {"error",
           {{"code", s.error_code}, {"stage", s.error_stage}, {"message", s.error_message}}}};
      row.record = &failed_stub;
    }
    // A report inside an agenda pack is one document of the pack: its facts are the pack's.
    auto pack = s.pack_sha256.empty() ? by_sha.end() : by_sha.find(s.pack_sha256);
    row.with_facts = pack == by_sha.end() || pack->second->status != "done";
    row.run_id = sum.run_id;
    row.first_run = it != existing.end() ? it->second.first_run : sum.run_id;
    if (auto rep = replaced.find(s.sha256); rep != replaced.end()) row.replaces = rep->second;
    if (it != existing.end()) {
      if (auto r = loader.remove(s.sha256, &named); !r) return r;
      touched.insert(it->second.authority);
    }
    if (auto r = loader.load(row); !r) return r;
    touched.insert(authority_of(row.record, s));
    ++sum.exported;
    // Test hook: die mid-transaction, as a kill -9 would.
    if (crash_after > 0 && sum.exported >= crash_after) ::raise(SIGKILL);
    return {};
  };

  auto body = [&]() -> Result<void> {
    {
      auto st = db.prepare("INSERT INTO export_runs (started_at, catalog) VALUES (?, ?)");
      if (!st) return st.error();
      // A PostgreSQL spec may hold a password: keep only what follows the last '@'.
      std::string where = o.catalog;
      if (size_t at = where.rfind('@'); at != std::string::npos && where.rfind("postgres", 0) == 0)
        where = where.substr(0, where.find("//") + 2) + where.substr(at + 1);
      if (auto r = st.value()->bind(1, now_iso()).bind(2, where).run(); !r) return r;
      sum.run_id = db.last_id();
    }
    // Documents that left the catalog, or whose URL now holds a newer version.
    for (const auto& [sha, e] : existing) {
      auto it = by_sha.find(sha);
      bool gone = it == by_sha.end();
      bool superseded = !gone && it->second->superseded();
      if (!gone && !superseded) continue;
      if (auto r = loader.remove(sha, &named); !r) return r;
      if (superseded) {
        auto st = db.prepare(
            "INSERT OR REPLACE INTO superseded (sha256, url, by_sha256, run_id) "
            "VALUES (?, ?, ?, ?)");
        if (!st) return st.error();
        if (auto r = st.value()
                         ->bind(1, sha)
                         .bind(2, it->second->url)
                         .bind(3, it->second->current_sha256)
                         .bind(4, sum.run_id)
                         .run();
            !r)
          return r;
      }
      touched.insert(e.authority);
      ++sum.removed;
    }
    // The full rows a batch at a time: memory holds one batch, not the catalog.
    constexpr size_t kBatch = 200;
    for (size_t at = 0; at < todo.size(); at += kBatch) {
      std::vector<const CatalogEntry*> batch(
          todo.begin() + static_cast<std::ptrdiff_t>(at),
          todo.begin() + static_cast<std::ptrdiff_t>(std::min(todo.size(), at + kBatch)));
      auto rows = source_rows(*conn.value(), batch);
      if (!rows) return rows.error();
      for (const CatalogSource& s : rows.value())
        if (auto r = export_one(s); !r) return r;
    }
    return {};
  };
  auto finish = [&]() -> Result<void> {
    for (const std::string& sql : deferred)
      if (auto r = db.exec(sql); !r) return r;
    for (const std::string& fts : fts_tables)
      if (auto r = db.exec("INSERT INTO \"" + fts + "\" (\"" + fts + "\") VALUES ('rebuild')"); !r)
        return r;
    auto pruned = people.prune(named);
    if (!pruned) return pruned.error();
    sum.people_pruned = pruned.value();

    // Trackers: every authority the first time (or on --rebuild), else those touched.
    std::set<std::string> authorities = touched;
    if (first_export || o.rebuild) {
      auto st = db.prepare("SELECT DISTINCT COALESCE(authority, '') FROM documents");
      if (!st) return st.error();
      while (st.value()->next()) authorities.insert(st.value()->text(0));
      if (st.value()->error()) return *st.value()->error();
    }
    phase("exported " + std::to_string(sum.exported) + " records, removed " +
          std::to_string(sum.removed) + "; SQLite holds " +
          std::to_string(sqlite3_memory_used() >> 20) + " MB (at most " +
          std::to_string(sqlite3_memory_highwater(0) >> 20) + " MB)");
    for (const std::string& a : authorities) {
      auto t = rebuild_trackers(db, a, tracker_options);
      if (!t) return t.error();
    }
    sum.authorities = static_cast<int64_t>(authorities.size());
    phase("rebuilt the trackers of " + std::to_string(authorities.size()) + " authorities");
    auto counts = db.prepare(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM "
        "trackers), (SELECT count(*) FROM tracker_warnings)");
    if (!counts) return counts.error();
    if (counts.value()->next()) {
      sum.documents = counts.value()->integer(0);
      sum.trackers = counts.value()->integer(1);
      sum.warnings = counts.value()->integer(2);
    }
    auto fin = db.prepare(
        "UPDATE export_runs SET finished_at = ?, exported = ?, removed = ?, "
        "unchanged = ? WHERE run_id = ?");
    if (!fin) return fin.error();
    return fin.value()
        ->bind(1, now_iso())
        .bind(2, sum.exported)
        .bind(3, sum.removed)
        .bind(4, sum.unchanged)
        .bind(5, sum.run_id)
        .run();
  };
  auto all = [&]() -> Result<void> {
    if (auto r = body(); !r) return r;
    return finish();
  };
  if (auto r = in_transaction(db, all); !r) {
    handle.reset();
    if (fresh) fs::remove(build, ec);
    return r.error();
  }
  sum.rows = loader.rows();
  sum.people_created = people.created();
  sum.people_merged = people.merged();
  db.reset_all();
  if (fresh) {
    // Readers of the finished file use WAL, as later exports do.
    if (auto r = db.exec("PRAGMA journal_mode = WAL"); !r) return r.error();
    handle.reset();
    fs::rename(build, o.sqlite, ec);
    if (ec) return Error{"EXPORT_FAILED", o.sqlite + ": " + ec.message()};
    auto reopened = Db::open(o.sqlite);
    if (!reopened) return reopened.error();
    handle = std::move(reopened.value());
  }
  // The last connection to close folds the WAL back into the file and deletes it, so the
  // database is one file again for whoever copies it.
  if (!o.csv_dir.empty()) {
    auto files = write_csv(*handle, o.csv_dir);
    if (!files) return files.error();
    sum.csv_files = files.value();
  }
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return sum;
}

}  // namespace agendapack::facts
