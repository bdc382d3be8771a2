/// \file The crawl flags `crawl` and `nightly` share, and how they override the configuration.
#pragma once

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pipeline/config.h"
#include "pipeline/crawl/crawler.h"
#include "pipeline/log.h"

namespace agendapack::cli {

/// Unset numbers are negative (or 0 where 0 is meaningless): the configuration decides.
struct CrawlFlags {
  std::vector<std::string> sites, url_files, follow_hosts;
  std::string authority, mode, store, since, user_agent, deadline;
  int depth = -1, retries = -1, max_per_host = 0, max_documents = -1;
  double timeout_s = 0, backoff_s = -1, host_interval_s = -1, max_mb = 0;
  bool no_web_service = false;
};

/// "90", "90s", "45m", "2h" -> seconds; nullopt when it is none of these.
std::optional<double> parse_duration(const std::string& text);

void add_crawl_flags(CLI::App& cmd, CrawlFlags& flags);
/// `nightly` is the "nightly" section of a --config file (sites, store, since), {} for crawl.
std::optional<crawl::CrawlOptions> crawl_options(const CrawlFlags& flags, const Config& cfg,
                                                 const nlohmann::json& nightly, Logger& log);

}  // namespace agendapack::cli
