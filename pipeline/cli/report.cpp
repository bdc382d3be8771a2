// agendapack report: the data-quality report (HTML and JSON) over a catalog and its records.
// The work is in pipeline/report/report.cpp.
#include "pipeline/cli/common.h"
#include "pipeline/report/report.h"

namespace agendapack::cli {

namespace {

struct ReportCliOptions {
  CommonOptions common;
  std::string catalog = "catalog.db";
  std::string html, json, facts;
  bool no_remember = false;
};

int run_report_cli(const ReportCliOptions& c) {
  Logger log(log_level(c.common));
  auto cfg = load_config(c.common, log);
  if (!cfg) return kExitUsage;
  if (c.html.empty() && c.json.empty()) {
    log.error("name --html FILE, --json FILE or both");
    return kExitUsage;
  }
  bool postgres = c.catalog.rfind("postgres", 0) == 0;
  std::error_code ec;
  if (!postgres && !std::filesystem::is_regular_file(c.catalog, ec)) {
    log.error(c.catalog + ": no such catalog");
    return kExitEnvironment;
  }
  report::ReportOptions o = report::ReportOptions::from_json(cfg->section("report"));
  o.catalog = c.catalog;
  o.html = c.html;
  o.json = c.json;
  o.remember = !c.no_remember;
  o.facts = c.facts;
  return report::run_report(o, cfg->dir(), log);
}

}  // namespace

void setup_report(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("report", "write the data-quality report of a catalog");
  auto o = std::make_shared<ReportCliOptions>();
  add_common(*cmd, o->common);
  cmd->add_option("--catalog", o->catalog, "a SQLite file or postgresql://...")
      ->capture_default_str();
  cmd->add_option("--html", o->html, "write the report as one self-contained HTML file");
  cmd->add_option("--json", o->json, "write the report's figures as JSON");
  cmd->add_option("--facts", o->facts,
                  "the facts database of `agendapack export`: the report opens with what changed "
                  "since the last report (new meetings, decisions, votes, recommendation statuses)");
  cmd->add_flag("--no-remember", o->no_remember,
                "do not store this report's figures (the next report compares with the last "
                "one stored)");
  cmd->callback([o, &result] { result.exit_code = run_report_cli(*o); });
}

}  // namespace agendapack::cli
