// agendapack worker (hidden): the child process of `agendapack ingest`. Reads one request per
// line on stdin, converts, writes the record where asked and answers one line on stdout
// (pipeline/ingest/protocol.h). Loads the configuration, schema and OCR engine once.
#include <unistd.h>

#include "pipeline/cli/common.h"
#include "pipeline/ingest/protocol.h"

namespace agendapack::cli {

namespace {

int run_worker_cli(const CommonOptions& common) {
  Logger log(log_level(common));
  auto cfg = load_config(common, log);
  if (!cfg) return kExitUsage;
  // Protocol lines on a private copy of stdout; fd 1 becomes stderr, so whatever a library
  // prints there cannot corrupt them.
  int protocol_fd = ::dup(1);
  if (protocol_fd < 0 || ::dup2(2, 1) < 0) return kExitEnvironment;
  return ingest::run_worker(*cfg, log, protocol_fd);
}

}  // namespace

void setup_worker(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("worker", "child process of `ingest` (internal)");
  cmd->group("");  // hidden from --help: not for people
  auto common = std::make_shared<CommonOptions>();
  add_common(*cmd, *common);
  cmd->callback([common, &result] { result.exit_code = run_worker_cli(*common); });
}

}  // namespace agendapack::cli
