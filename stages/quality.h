/// \file quality: Document-wide quality checks over what the other stages produced.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class QualityStage final : public Stage {
 public:
  std::string_view name() const override { return "quality"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
