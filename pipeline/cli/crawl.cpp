// agendapack crawl: fetch what is new or changed on council sites into a content-addressed
// store and queue it in the catalog. The work is in pipeline/crawl/crawler.cpp.
#include <iostream>

#include "pipeline/bytes.h"
#include "pipeline/cli/common.h"
#include "pipeline/cli/crawl_options.h"

namespace agendapack::cli {

std::optional<double> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string unit = text.substr(used);
  double scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : -1;
  if (scale < 0 || !(value >= 0)) return std::nullopt;
  return value * scale;
}

void add_crawl_flags(CLI::App& cmd, CrawlFlags& f) {
  cmd.add_option("--site", f.sites,
                 "a ModernGov site, an HTML page or a PDF URL; NAME=URL names the authority")
      ->expected(1, -1);
  cmd.add_option("--urls", f.url_files, "a file of URLs, one a line (# comments)");
  cmd.add_option("--authority", f.authority, "the authority of every --site without NAME=");
  cmd.add_option("--mode", f.mode, "how to read the sites")
      ->check(CLI::IsMember({"auto", "moderngov", "generic"}));
  cmd.add_option("--store", f.store, "folder of fetched files, by content hash");
  cmd.add_option("--since", f.since, "skip meetings before this date (YYYY-MM-DD)");
  cmd.add_option("--depth", f.depth, "generic mode: link hops followed from a page");
  cmd.add_option("--user-agent", f.user_agent, "the User-Agent sent");
  cmd.add_option("--timeout", f.timeout_s, "seconds per transfer");
  cmd.add_option("--retries", f.retries, "retries on 5xx and timeouts");
  cmd.add_option("--backoff", f.backoff_s, "seconds before the first retry (doubles each time)");
  cmd.add_option("--max-per-host", f.max_per_host, "transfers in flight per host");
  cmd.add_option("--host-interval", f.host_interval_s, "seconds between requests to one host");
  cmd.add_option("--max-mb", f.max_mb, "size cap per file, MB");
  cmd.add_option("--max-documents", f.max_documents,
                 "download at most N new documents this run (0: no limit; crawl.max_documents)");
  cmd.add_option("--deadline", f.deadline,
                 "end the whole crawl after this long: 3600, 90m, 2h (0: none; crawl.deadline_s)");
  cmd.add_option("--follow-hosts", f.follow_hosts,
                 "hosts beyond the sites' own that links and redirects may lead to: a name, "
                 "*.domain or * (crawl.follow_hosts)")
      ->delimiter(',');
  cmd.add_flag("--no-web-service", f.no_web_service, "read ModernGov's HTML pages only");
}

/// Flags over the configuration's "crawl" section over built-in defaults.
std::optional<crawl::CrawlOptions> crawl_options(const CrawlFlags& f, const Config& cfg,
                                                 const nlohmann::json& nightly, Logger& log) {
  crawl::CrawlOptions o = crawl::CrawlOptions::from_json(cfg.section("crawl"));
  std::vector<std::string> sites = f.sites;
  if (sites.empty() && nightly.contains("sites")) {
    for (const auto& s : nightly["sites"]) {
      if (s.is_string()) sites.push_back(s.get<std::string>());
      else if (s.is_object()) {
        crawl::SiteSpec spec;
        spec.url = s.value("url", "");
        spec.authority = s.value("authority", "");
        spec.mode = s.value("mode", "auto");
        o.sites.push_back(spec);
      }
    }
  }
  for (const auto& file : f.url_files) {
    std::ifstream in(file);
    if (!in) {
      log.error(file + ": cannot read the URL list");
      return std::nullopt;
    }
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      if (!line.empty() && line[0] != '#') sites.push_back(line);
    }
  }
  for (const auto& s : sites) o.sites.push_back(crawl::parse_site(s));
  for (auto& s : o.sites) {
    if (s.authority.empty()) s.authority = f.authority;
    if (!f.mode.empty()) s.mode = f.mode;
    if (s.url.rfind("http://", 0) != 0 && s.url.rfind("https://", 0) != 0) {
      log.error(s.url + ": a site must be an http:// or https:// URL");
      return std::nullopt;
    }
  }
  if (o.sites.empty()) {
    log.error("name at least one --site (or --urls FILE)");
    return std::nullopt;
  }
  if (!f.store.empty()) o.store_dir = f.store;
  else if (nightly.contains("store")) o.store_dir = nightly["store"];
  if (!f.since.empty()) o.since = f.since;
  else o.since = nightly.value("since", "");
  if (!o.since.empty() && (o.since.size() != 10 || o.since[4] != '-' || o.since[7] != '-')) {
    log.error("--since wants YYYY-MM-DD");
    return std::nullopt;
  }
  if (f.depth >= 0) o.depth = f.depth;
  if (!f.user_agent.empty()) o.fetch.user_agent = f.user_agent;
  if (f.timeout_s > 0) o.fetch.timeout_s = f.timeout_s;
  if (f.retries >= 0) o.fetch.retries = f.retries;
  if (f.backoff_s >= 0) o.fetch.backoff_s = f.backoff_s;
  if (f.max_per_host > 0) o.fetch.max_per_host = f.max_per_host;
  if (f.host_interval_s >= 0) o.fetch.host_interval_s = f.host_interval_s;
  if (f.max_mb > 0) o.fetch.max_bytes = static_cast<uint64_t>(f.max_mb * 1048576.0);
  if (f.max_documents >= 0) o.max_documents = f.max_documents;
  if (!f.deadline.empty()) {
    auto seconds = parse_duration(f.deadline);
    if (!seconds) {
      log.error("--deadline wants seconds or a duration such as 90m or 2h");
      return std::nullopt;
    }
    o.deadline_s = *seconds;
  }
  if (!f.follow_hosts.empty()) o.follow_hosts = f.follow_hosts;
  if (f.no_web_service) o.web_service = false;
  return o;
}

namespace {

struct CrawlCliOptions {
  CommonOptions common;
  CrawlFlags flags;
  std::string catalog = "catalog.db";
  bool json = false;
};

int run_crawl_cli(const CrawlCliOptions& c) {
  Logger log(log_level(c.common));
  auto cfg = load_config(c.common, log);
  if (!cfg) return kExitUsage;
  auto o = crawl_options(c.flags, *cfg, nlohmann::json::object(), log);
  if (!o) return kExitUsage;
  o->catalog = c.catalog;
  auto sum = crawl::run_crawl(*o, cfg->dir(), log);
  if (!sum) {
    log.error(sum.error().message);
    return kExitEnvironment;
  }
  nlohmann::json j = sum.value().to_json();
  j["type"] = "summary";
  if (c.json) std::cout << dump_json(j) << "\n";
  if (!c.common.quiet)
    log.info("crawl: " + std::to_string(sum.value().listed) + " documents listed, " +
             std::to_string(sum.value().fetched) + " downloaded (" +
             std::to_string(sum.value().new_docs) + " new, " +
             std::to_string(sum.value().changed) + " changed), " +
             std::to_string(sum.value().not_modified) + " not modified, " +
             std::to_string(sum.value().failed) + " failed" +
             (sum.value().deferred > 0
                  ? ", " + std::to_string(sum.value().deferred) + " left for the next run"
                  : std::string()));
  return sum.value().failed > 0 ? kExitInputFailed : kExitOk;
}

}  // namespace

void setup_crawl(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand(
      "crawl", "fetch new or changed meeting documents from council sites into the catalog");
  auto o = std::make_shared<CrawlCliOptions>();
  add_common(*cmd, o->common);
  add_crawl_flags(*cmd, o->flags);
  cmd->add_option("--catalog", o->catalog, "a SQLite file or postgresql://...")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "print the summary as one JSON line on stdout");
  cmd->callback([o, &result] { result.exit_code = run_crawl_cli(*o); });
}

}  // namespace agendapack::cli
