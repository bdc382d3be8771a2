/// \file meeting: The meeting the document is about: authority, body, date, times, venue,
/// chair, attendance, next meeting. Reads the title area (the lines before the first item),
/// the running headers and footers, and the first items; attendance is read by
/// stages/attendance.h. Runs after `items` so it can read `doc.items`, but finds item starts in
/// the lines itself when there are none. Raises MEETING_DATE_NOT_FOUND and the other
/// MEETING_* quality issues where it is unsure.
/// Every heading, label, honorific and phrase comes from config/vocab/meeting.json.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pipeline/stage.h"
#include "stages/attendance.h"
#include "stages/meeting_text.h"

namespace agendapack {

/// An authority named in a text: its name ("Gloucestershire County Council", "London Borough
/// of Marsham"), title-cased when printed in capitals, and its kind, the words that say what
/// sort of council it is ("County Council", "Cyngor Cymuned"; "" for "Township of Nipissing").
struct AuthorityMatch {
  std::string name;
  std::string kind;
};
std::optional<AuthorityMatch> match_authority(std::string_view text, const MeetingVocab& vocab);

/// The authority's name alone, or std::nullopt.
std::optional<std::string> find_authority(std::string_view text, const MeetingVocab& vocab);

class MeetingStage final : public Stage {
 public:
  std::string_view name() const override { return "meeting"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
