/// \file rulings: Long horizontal and vertical ruling lines, found by morphology on a low-resolution render of pages that have table candidates.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class RulingsStage final : public PageStage {
 public:
  std::string_view name() const override { return "rulings"; }
  Result<void> run_page(Document& doc, Page& page, StageContext& ctx) override;
};

}  // namespace agendapack
