/// \file What the report opens with, read from the facts database (`agendapack export`): the
/// meetings that are new since the last report, their decisions and recorded votes,
/// recommendations whose status moved, and the tracker's warnings that need a person. Documents
/// are named as people name them: authority, body, meeting date, title, source URL.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "pipeline/result.h"

namespace agendapack::report {

/// {"facts": FILE, "run": the latest export run, "since_run": N, "new_meetings": [...],
///  "status_changes": [...], "warnings": [...], "totals": {...}}. Documents first exported
/// after export run `since_run` are new. Lists are cut at `max_items` (with a count).
Result<nlohmann::json> changes_from_facts(const std::string& facts_path, int64_t since_run,
                                          int max_items);

/// The HTML section for changes_from_facts' figures.
std::string render_changes_html(const nlohmann::json& changes, int max_rows);

/// How people name a document: "Authority, Body, 23 April 2018: Title" (parts that are
/// unknown are left out).
std::string document_name(const nlohmann::json& doc);

/// HTML-escapes text.
std::string html_escape(const std::string& s);

}  // namespace agendapack::report
