/// \file recommendations: Recommendation tables and monitoring paragraphs merged into recommendation sets, numbering repaired.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class RecommendationsStage final : public Stage {
 public:
  std::string_view name() const override { return "recommendations"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
