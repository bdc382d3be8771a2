/// \file What every subcommand shares: configuration flags and exit codes (the contract's
/// "Exit codes": 0 all good, 1 some input failed, 2 usage or configuration, 3 environment).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pipeline/config.h"
#include "pipeline/log.h"

namespace agendapack::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitEnvironment = 3;

struct CommonOptions {
  std::string config_file;
  std::vector<std::string> sets;
  int verbose = 0;
  bool quiet = false;
};

/// Adds --config, --set, -v, -q to a subcommand.
void add_common(CLI::App& app, CommonOptions& opts);
/// The effective configuration, or prints why not and returns nullopt (exit 2).
std::optional<Config> load_config(const CommonOptions& opts, Logger& log);
LogLevel log_level(const CommonOptions& opts);

/// A subcommand: set-up adds it to the app; the callback stores the exit code here.
struct Subcommand {
  int exit_code = kExitOk;
};

void setup_convert(CLI::App& app, Subcommand& result);
void setup_validate(CLI::App& app, Subcommand& result);
void setup_stages(CLI::App& app, Subcommand& result);
void setup_config(CLI::App& app, Subcommand& result);
void setup_ingest(CLI::App& app, Subcommand& result);
void setup_status(CLI::App& app, Subcommand& result);
void setup_worker(CLI::App& app, Subcommand& result);
void setup_crawl(CLI::App& app, Subcommand& result);
void setup_nightly(CLI::App& app, Subcommand& result);
void setup_report(CLI::App& app, Subcommand& result);
void setup_export(CLI::App& app, Subcommand& result);

}  // namespace agendapack::cli
