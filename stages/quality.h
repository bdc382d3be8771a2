/// \file quality: document-wide checks over what the other stages produced, run once every
/// fact is read. Today: a recorded vote by a member the attendance does not list as present
/// (VOTER_NOT_IN_ATTENDANCE), which means the attendance is incomplete or a name was misread.
/// Names are compared as the facts database compares them (pipeline/export/people.h): the same
/// surname, compatible initials or forenames, and no clash of Mr with Mrs.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class QualityStage final : public Stage {
 public:
  std::string_view name() const override { return "quality"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
