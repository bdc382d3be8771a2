/// \file `agendapack report`: the data-quality report a person reads after a nightly run. It
/// reads only the catalog (sources, crawl_runs, source_links, report_snapshots), the records
/// the catalog points to and, when given, the facts database the export keeps (what changed
/// since the last run opens the report: pipeline/report/changes.h), and writes one self-contained HTML file (inline SVG charts, page
/// pictures as data: URIs, no network resources) and a JSON file with the same figures.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/log.h"
#include "pipeline/result.h"

namespace agendapack::report {

struct ReportOptions {
  std::string catalog = "catalog.db";
  std::string html;          // "" -> none
  std::string json;          // "" -> none
  int max_pictures = 80;     // page pictures in one report (the file grows ~15 kB each)
  double picture_dpi = 40;
  int max_rows = 200;        // rows per list in the HTML (the JSON has them all)
  bool remember = true;      // store this report's figures for the next one's "changes"
  std::string facts;         // the facts database (agendapack export); "" -> none
  static ReportOptions from_json(const nlohmann::json& section);
};

/// The figures: {"documents": {...}, "fetched", "new", "changed", "issues": {...}, ...}.
/// Pictures are added under "pictures" (sha256:page -> data URI) for the HTML only.
Result<nlohmann::json> build_report(const ReportOptions& options,
                                    const std::filesystem::path& config_dir, Logger& log);

/// The HTML page for figures from build_report.
std::string render_html(const nlohmann::json& figures);

/// build_report, write both files (atomically), remember the figures. Exit code (0, 3).
int run_report(const ReportOptions& options, const std::filesystem::path& config_dir,
               Logger& log);

}  // namespace agendapack::report
