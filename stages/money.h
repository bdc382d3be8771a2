/// \file money: Every money amount, and funding breakdowns with their stated totals checked.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class MoneyStage final : public Stage {
 public:
  std::string_view name() const override { return "money"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
