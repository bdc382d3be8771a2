/// \file meeting: The meeting: authority, body, date, times, venue, chair, attendance, next meeting.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class MeetingStage final : public Stage {
 public:
  std::string_view name() const override { return "meeting"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
