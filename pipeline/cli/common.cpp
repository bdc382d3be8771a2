#include "pipeline/cli/common.h"

namespace agendapack::cli {

void add_common(CLI::App& app, CommonOptions& opts) {
  app.add_option("--config", opts.config_file, "JSON file merged over config/defaults.json");
  app.add_option("--set", opts.sets, "override one setting: --set money.total_tolerance=1")
      ->type_name("KEY=VALUE");
  app.add_flag("-v,--verbose", opts.verbose, "more detail on stderr (-vv: debug)");
  app.add_flag("-q,--quiet", opts.quiet, "errors only on stderr");
}

LogLevel log_level(const CommonOptions& opts) {
  if (opts.quiet) return LogLevel::error;
  if (opts.verbose >= 1) return LogLevel::debug;
  return LogLevel::info;
}

std::optional<Config> load_config(const CommonOptions& opts, Logger& log) {
  auto cfg = Config::load(default_config_dir(), opts.config_file, opts.sets);
  if (!cfg) {
    log.error(cfg.error().message);
    return std::nullopt;
  }
  return std::move(cfg.value());
}

}  // namespace agendapack::cli
