// agendapack export: a catalog's records as an analysts' SQLite database (and CSV files).
// The work is in pipeline/export/export.cpp.
#include "pipeline/export/export.h"

#include <filesystem>
#include <iostream>

#include "pipeline/cli/common.h"

namespace agendapack::cli {

namespace {

struct ExportCliOptions {
  CommonOptions common;
  facts::ExportOptions export_options;
  bool json = false;
};

int run_export_cli(const ExportCliOptions& c) {
  Logger log(log_level(c.common));
  auto cfg = load_config(c.common, log);
  if (!cfg) return kExitUsage;
  const facts::ExportOptions& o = c.export_options;
  bool postgres = o.catalog.rfind("postgres", 0) == 0;
  std::error_code ec;
  if (!postgres && !std::filesystem::is_regular_file(o.catalog, ec)) {
    log.error(o.catalog + ": no such catalog");
    return kExitEnvironment;
  }
  auto sum = facts::run_export(o, *cfg, log);
  if (!sum) {
    log.error("export: " + sum.error().message);
    return kExitEnvironment;
  }
  const facts::ExportSummary& s = sum.value();
  if (c.json) std::cout << s.to_json().dump() << "\n";
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f", s.seconds);
  log.info("export: " + std::to_string(s.documents) + " documents in " + o.sqlite + " (" +
           std::to_string(s.exported) + " exported, " + std::to_string(s.removed) + " removed, " +
           std::to_string(s.unchanged) + " unchanged), " + std::to_string(s.trackers) +
           " recommendation trackers, " + std::to_string(s.warnings) + " warnings, " + secs + " s");
  return s.unreadable > 0 ? kExitInputFailed : kExitOk;
}

}  // namespace

void setup_export(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand(
      "export", "write a catalog's records as an analysts' SQLite database (and CSV files)");
  auto o = std::make_shared<ExportCliOptions>();
  add_common(*cmd, o->common);
  cmd->add_option("--catalog", o->export_options.catalog, "a SQLite file or postgresql://...")
      ->capture_default_str();
  cmd->add_option("--sqlite", o->export_options.sqlite, "the facts database (created if missing)")
      ->capture_default_str();
  cmd->add_option("--csv", o->export_options.csv_dir, "also write DIR/<table>.csv for every table");
  cmd->add_flag("--rebuild", o->export_options.rebuild,
                "read every record again, not only those changed since the last export");
  cmd->add_flag("--json", o->json, "print a JSON summary on stdout");
  cmd->callback([o, &result] {
    o->export_options.quiet = o->common.quiet;
    result.exit_code = run_export_cli(*o);
  });
}

}  // namespace agendapack::cli
