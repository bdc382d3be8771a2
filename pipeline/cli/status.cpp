// agendapack status: the catalog's counts by status and its recent failures.
#include <filesystem>
#include <iostream>

#include "pipeline/bytes.h"
#include "pipeline/cli/common.h"
#include "pipeline/ingest/catalog.h"

namespace agendapack::cli {

namespace {

struct StatusOptions {
  CommonOptions common;
  std::string catalog = "catalog.db";
  bool json = false;
  int failures = 10;
};

int run_status(const StatusOptions& o) {
  Logger log(log_level(o.common));
  bool postgres = o.catalog.rfind("postgres", 0) == 0;
  std::error_code ec;
  if (!postgres && !std::filesystem::is_regular_file(o.catalog, ec)) {
    log.error(o.catalog + ": no such catalog");
    return kExitEnvironment;
  }
  auto opened = ingest::Catalog::open(o.catalog, ingest::migrations_dir(default_config_dir()));
  if (!opened) {
    log.error(opened.error().message);
    return kExitEnvironment;
  }
  ingest::Catalog& cat = *opened.value();
  auto counts = cat.counts();
  auto totals = cat.totals();
  auto failures = cat.recent_failures(o.failures);
  auto version = cat.schema_version();
  for (const Error* e : {counts ? nullptr : &counts.error(), totals ? nullptr : &totals.error(),
                         failures ? nullptr : &failures.error(),
                         version ? nullptr : &version.error()}) {
    if (e) {
      log.error(e->message);
      return kExitEnvironment;
    }
  }
  const ingest::Counts& c = counts.value();
  if (o.json) {
    nlohmann::ordered_json recent = nlohmann::ordered_json::array();
    for (const auto& r : failures.value()) {
      recent.push_back({{"sha256", r.sha256},
                        {"path", valid_utf8(r.path)},
                        {"code", r.error_code},
                        {"stage", r.error_stage},
                        {"message", r.error_message},
                        {"attempts", r.attempts},
                        {"finished_at", r.finished_at}});
      if (!is_valid_utf8(r.path)) recent.back()["path_bytes"] = escape_bytes(r.path);
    }
    nlohmann::ordered_json out = {{"queued", c.queued},
                                  {"running", c.running},
                                  {"done", c.done},
                                  {"failed", c.failed},
                                  {"total", c.total()},
                                  {"pages", totals.value()["pages"]},
                                  {"ocr_pages", totals.value()["ocr_pages"]},
                                  {"failures_by_code", totals.value()["failures_by_code"]},
                                  {"recent_failures", std::move(recent)},
                                  {"backend", std::string(cat.backend())},
                                  {"schema_version", version.value()}};
    std::cout << dump_json(out) << "\n";
    return kExitOk;
  }
  std::cout << "catalog " << (postgres ? std::string("postgresql") : o.catalog) << " ("
            << cat.backend() << ", schema " << version.value() << ")\n"
            << "  queued  " << c.queued << "\n"
            << "  running " << c.running << "\n"
            << "  done    " << c.done << "\n"
            << "  failed  " << c.failed << "\n"
            << "  total   " << c.total() << "  (" << totals.value()["pages"].get<int64_t>()
            << " pages done, " << totals.value()["ocr_pages"].get<int64_t>() << " by OCR)\n";
  if (!failures.value().empty()) {
    std::cout << "recent failures:\n";
    for (const auto& r : failures.value())
      std::cout << "  " << r.finished_at << "  " << r.error_code << "  " << printable(r.path)
                << ": " << printable(r.error_message) << "\n";
  }
  return kExitOk;
}

}  // namespace

void setup_status(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("status", "counts by status and recent failures of a catalog");
  auto o = std::make_shared<StatusOptions>();
  add_common(*cmd, o->common);
  cmd->add_option("--catalog", o->catalog, "a SQLite file or postgresql://...")
      ->capture_default_str();
  cmd->add_flag("--json", o->json,
                "one object: {\"queued\": N, \"running\": N, \"done\": N, \"failed\": N, ...}");
  cmd->add_option("--failures", o->failures, "how many recent failures to list")
      ->capture_default_str();
  cmd->callback([o, &result] { result.exit_code = run_status(*o); });
}

}  // namespace agendapack::cli
