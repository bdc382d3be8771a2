/// \file items: Agenda items with their text, resolutions, declarations, actions and monitoring statuses.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class ItemsStage final : public Stage {
 public:
  std::string_view name() const override { return "items"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
