#include <cstdio>
#include <iostream>

#include "pipeline/cli/common.h"
#include "pipeline/registry.h"

namespace agendapack::cli {

void setup_stages(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("stages", "list the stages and the configured pipeline");
  auto opts = std::make_shared<CommonOptions>();
  add_common(*cmd, *opts);
  cmd->callback([opts, &result] {
    Logger log(log_level(*opts));
    auto cfg = load_config(*opts, log);
    if (!cfg) {
      result.exit_code = kExitUsage;
      return;
    }
    std::vector<std::string> pipeline = cfg->stages();
    std::printf("pipeline (config/pipeline.json): ");
    for (size_t i = 0; i < pipeline.size(); ++i)
      std::printf("%s%s", i ? " " : "", pipeline[i].c_str());
    std::printf("\n\n%-16s %-9s %-22s %s\n", "stage", "kind", "reads", "adds");
    for (const StageInfo& s : stage_catalog()) {
      std::printf("%-16.*s %-9.*s %-22.*s %.*s\n", static_cast<int>(s.name.size()),
                  s.name.data(), static_cast<int>(s.kind.size()), s.kind.data(),
                  static_cast<int>(s.reads.size()), s.reads.data(),
                  static_cast<int>(s.adds.size()), s.adds.data());
    }
  });
}

void setup_config(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("config", "show the effective configuration");
  auto opts = std::make_shared<CommonOptions>();
  add_common(*cmd, *opts);
  auto print = std::make_shared<bool>(false);
  cmd->add_flag("--print", *print, "print the merged configuration as JSON");
  cmd->callback([opts, print, &result] {
    Logger log(log_level(*opts));
    auto cfg = load_config(*opts, log);
    if (!cfg) {
      result.exit_code = kExitUsage;
      return;
    }
    std::cout << cfg->json().dump(2) << "\n";
    std::cerr << "agendapack: config folder " << cfg->dir().string() << "\n";
  });
}

}  // namespace agendapack::cli
