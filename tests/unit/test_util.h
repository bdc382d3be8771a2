/// \file Helpers shared by the tests: temporary folders, running a few stages, the CLI.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/runner.h"

namespace agendapack::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// The configuration the tests run with (config/ of the source tree).
const Config& test_config();
/// Runs the named stages over `pdf` (all of config/pipeline.json when `stages` is empty).
Conversion run_stages(const std::filesystem::path& pdf, const std::vector<std::string>& stages = {});

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};
/// Runs the agendapack binary with `args` (shell-quoted here), capturing stdout and stderr.
CommandResult run_cli(const std::vector<std::string>& args, const std::string& stdin_file = {});
/// The agendapack binary under test ($AGENDAPACK_BIN, else the one this build made).
std::string agendapack_bin();
/// The source tree ($AGENDAPACK_SOURCE, else the one this build came from).
std::filesystem::path source_dir();
/// ../shared, or "" when absent.
std::filesystem::path shared_dir();
std::string read_file(const std::filesystem::path& path);

}  // namespace agendapack::test
