/// \file tables: Tables from rulings and word geometry (ruled, partly ruled, unruled), joined over page breaks.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class TablesStage final : public Stage {
 public:
  std::string_view name() const override { return "tables"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
