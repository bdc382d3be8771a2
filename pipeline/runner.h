/// \file The runner: builds the stages named in the configuration, runs them over one input,
/// times each, and turns any failure into the contract's error record naming the stage. One
/// bad PDF never stops a batch: convert() does not throw.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/config.h"
#include "pipeline/document.h"
#include "pipeline/log.h"
#include "pipeline/result.h"
#include "pipeline/stage.h"

namespace agendapack {

struct Conversion {
  nlohmann::ordered_json record;   // the document record, or the error record
  std::shared_ptr<Document> doc;   // the model, for summaries and tests
  std::optional<Error> error;      // set when `record` is an error record
  double ms = 0;
  bool failed() const { return error.has_value(); }
};

class Pipeline {
 public:
  /// The stages of config.stages(), in order; an Error for an unknown stage name.
  static Result<Pipeline> build(const Config& config);
  /// A pipeline of the given stages, in order (tests run their own Stage subclasses).
  static Pipeline from_stages(const Config& config, std::vector<std::unique_ptr<Stage>> stages);
  Conversion convert(const std::string& path, Logger& log);
  /// Called after each stage that succeeded (--dump-after, tests).
  std::function<void(std::string_view stage, const Document& doc)> after_stage;
  std::vector<std::string> names() const;

 private:
  explicit Pipeline(const Config& config) : config_(&config) {}
  const Config* config_;
  std::vector<std::unique_ptr<Stage>> stages_;
};

}  // namespace agendapack
