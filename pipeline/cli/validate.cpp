#include <iostream>

#include "pipeline/cli/common.h"
#include "pipeline/errors.h"
#include "stages/validate.h"

namespace agendapack::cli {

void setup_validate(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("validate", "check records against the JSON Schema");
  auto opts = std::make_shared<CommonOptions>();
  auto files = std::make_shared<std::vector<std::string>>();
  add_common(*cmd, *opts);
  cmd->add_option("FILE", *files, "record files (JSON)")->required();
  cmd->callback([opts, files, &result] {
    Logger log(log_level(*opts));
    auto cfg = load_config(*opts, log);
    if (!cfg) {
      result.exit_code = kExitUsage;
      return;
    }
    auto schema = RecordSchema::load(cfg->schema_path());
    if (!schema) {
      log.error(schema.error().message);
      result.exit_code = kExitUsage;
      return;
    }
    int bad = 0;
    for (const std::string& file : *files) {
      std::error_code ec;
      if (std::filesystem::is_directory(file, ec)) {
        log.error(file + ": " + codes::kNotAFile + ": is a directory, not a file");
        ++bad;
        continue;
      }
      auto json = read_json_file(file);
      if (!json) {
        log.error(file + ": NOT_JSON: " + json.error().message);
        ++bad;
        continue;
      }
      if (auto r = schema.value()->check(json.value()); !r) {
        log.error(file + ": " + r.error().code + ": " + r.error().message);
        ++bad;
        continue;
      }
      bool is_error = json.value().contains("error");
      std::cout << file << ": valid " << (is_error ? "error record" : "document record") << "\n";
    }
    result.exit_code = bad ? kExitInputFailed : kExitOk;
  });
}

}  // namespace agendapack::cli
