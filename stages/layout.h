/// \file layout: Words into lines and blocks, reading order over columns, running headers and footers, hyphenation undone.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class LayoutStage final : public Stage {
 public:
  std::string_view name() const override { return "layout"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
