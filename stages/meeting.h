/// \file meeting: The meeting the document is about: authority, body, date, times, venue,
/// chair, attendance, next meeting. Reads the title area (the lines before the first item),
/// the running headers and footers, and the first items; attendance is read by
/// stages/attendance.h. Runs after `items` so it can read `doc.items`, but finds item starts in
/// the lines itself too. Raises MEETING_DATE_NOT_FOUND and the other MEETING_* quality issues
/// where it is unsure. The phrases of a title or meeting sentence are read by
/// stages/meeting_phrases.h. Every heading, label, honorific and phrase comes from
/// config/vocab/meeting.json, month and ordinal words from config/vocab/dates.json.
#pragma once

#include <string_view>

#include "pipeline/stage.h"
#include "stages/attendance.h"
#include "stages/meeting_phrases.h"
#include "stages/meeting_text.h"

namespace agendapack {

class MeetingStage final : public Stage {
 public:
  std::string_view name() const override { return "meeting"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
