/// \file route: Decides per page whether the text layer is usable (text), missing or unusable (ocr), or covers only part of the ink (text+ocr), and records why.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class RouteStage final : public PageStage {
 public:
  std::string_view name() const override { return "route"; }
  Result<void> run_page(Document& doc, Page& page, StageContext& ctx) override;
};

}  // namespace agendapack
