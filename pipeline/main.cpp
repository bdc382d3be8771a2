// agendapack: meeting PDFs into validated JSON records. main only wires subcommands; each
// lives in pipeline/cli/<name>.cpp.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <new>

#include "pipeline/bytes.h"
#include "pipeline/cli/common.h"
#include "pipeline/version.h"

int main(int argc, char** argv) {
  using namespace agendapack::cli;
  CLI::App app{"agendapack: local-government meeting PDFs into validated JSON records"};
  app.set_version_flag("--version", std::string("agendapack ") + agendapack::kVersion);
  app.require_subcommand(1);
  Subcommand result;
  setup_convert(app, result);
  setup_validate(app, result);
  setup_stages(app, result);
  setup_config(app, result);
  setup_ingest(app, result);
  setup_status(app, result);
  setup_worker(app, result);
  setup_crawl(app, result);
  setup_nightly(app, result);
  setup_report(app, result);
  setup_export(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    // The subcommands turn a document's failures into error records; what reaches here stopped
    // the whole command. Say so and exit, rather than end in std::terminate's SIGABRT.
    std::fputs("agendapack: error: out of memory\n", stderr);
    return kExitEnvironment;
  } catch (const std::exception& e) {
    std::string line = "agendapack: error: unexpected failure: " +
                       agendapack::printable(e.what()) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return kExitEnvironment;
  }
  return result.exit_code;
}
