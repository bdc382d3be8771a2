/// \file `agendapack crawl`: fetches what is new or changed on ModernGov sites (web service
/// first, its HTML pages when the service does not answer) and generic sites (PDF URLs, or HTML
/// pages whose PDF links it follows to a depth), stores each file by content hash and registers
/// it in the catalog as queued, with URL, authority, committee, meeting id and date.
/// Bookkeeping (conditional-GET validators, per-run fetch log, page fingerprints that link a
/// report to the agenda pack holding it) lives in the crawl_* tables of migration 0002.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/crawl/http.h"
#include "pipeline/log.h"
#include "pipeline/result.h"

namespace agendapack::crawl {

struct SiteSpec {
  std::string url;
  std::string authority;      // "" -> the host name
  std::string mode = "auto";  // auto | moderngov | generic
};

struct CrawlOptions {
  std::vector<SiteSpec> sites;
  std::string catalog = "catalog.db";
  std::string store_dir = "store";
  std::string since;        // YYYY-MM-DD: skip meetings before it ("" all)
  int depth = 1;            // generic mode: link hops followed from a page
  bool robots = true;       // obey robots.txt
  bool web_service = true;  // try mgWebService.asmx before the HTML pages
  /// Documents downloaded per run at most (URLs without a stored copy; a conditional request
  /// for a stored one costs little and does not count). The rest wait for the next run.
  int max_documents = 0;    // 0: no limit
  double deadline_s = 0;    // the whole run; what is left then waits for the next run. 0: none
  /// Hosts beyond the sites' own that links and redirects may lead to: "docs.example.org",
  /// "*.example.org" (the domain and its subdomains) or "*" (any). Only hosts named exactly
  /// (and the sites' own) may resolve to loopback, link-local or private addresses.
  std::vector<std::string> follow_hosts;
  FetchOptions fetch;
  /// The "crawl" section of the configuration (defaults.json): user agent, rates, caps.
  static CrawlOptions from_json(const nlohmann::json& section);
};

/// "NAME=URL" names the authority; "URL" alone leaves it to the host name.
SiteSpec parse_site(const std::string& text);

struct CrawlSummary {
  int64_t run_id = 0;
  int listed = 0;        // document URLs found
  int fetched = 0;       // documents downloaded (new bytes)
  int new_docs = 0;      // URLs seen for the first time
  int changed = 0;       // known URLs whose bytes changed
  int unchanged = 0;     // downloaded again, same bytes (server ignored the validators)
  int not_modified = 0;  // 304
  int duplicate = 0;     // bytes already in the catalog under another URL
  int failed = 0;        // no answer, 4xx, 5xx after retries, timeouts
  int robots = 0;        // skipped: robots.txt disallows
  int rejected = 0;      // not a PDF (larger than the size cap counts as failed)
  int refused = 0;       // not followed: another host, or a private address
  int deferred = 0;      // left for the next run: max_documents or the deadline reached
  std::string stopped;   // "", "max_documents" or "deadline"
  int pages = 0;         // listing pages and service calls answered
  int linked = 0;        // sources found inside an agenda pack
  nlohmann::json to_json() const;
};

/// Runs one crawl. Errors only for the environment (catalog, store); fetch failures are
/// counted in the summary and the fetch log.
Result<CrawlSummary> run_crawl(const CrawlOptions& options,
                               const std::filesystem::path& config_dir, Logger& log);

/// Normalised text of each page (lower-case letters and digits, one space between words) and
/// its sha256; pages with under `min_chars` such characters get "" (covers, blank pages).
std::vector<std::string> page_fingerprints(const std::string& pdf_bytes, size_t min_chars = 80);

}  // namespace agendapack::crawl
