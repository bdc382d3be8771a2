/// \file Every stage agendapack knows, by the name config/pipeline.json uses.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/result.h"
#include "pipeline/stage.h"

namespace agendapack {

struct StageInfo {
  std::string_view name;
  std::string_view kind;   // "page" or "document"
  std::string_view reads;  // what it needs
  std::string_view adds;   // what it adds to the Document
};

/// The registry in pipeline order.
const std::vector<StageInfo>& stage_catalog();
/// A stage configured from its own section of `config`; an Error for an unknown name.
Result<std::unique_ptr<Stage>> make_stage(std::string_view name, const Config& config);

}  // namespace agendapack
