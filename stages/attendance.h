/// \file Who attended a meeting, read only from attendance blocks: headed lists ("PRESENT:",
/// "Apologies", "Also present", "In attendance", "Officers", "Staff:", "Others Present:",
/// "PRESENNOL"), roll-call tables (a name and a status: Present, Absent, Late), and the
/// sentences minutes use for the same facts ("Apologies were received from ...", "... were in
/// attendance virtually", "PCSO X joined the meeting", "X took the Chair"). Names in the
/// discussion (movers, seconders, speakers) are never read. Part of the meeting stage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/document.h"
#include "stages/meeting_text.h"

namespace agendapack {

/// One name read from an attendance list, as printed, without roles or trailing punctuation.
struct ListedName {
  std::string name;
  std::string role;    // printed with it: "(Director of Finance)", "- Clerk", "Fire Chief Will ..."
  bool chair = false;  // marked "(Chairman)", "(in the Chair)", ...
};

/// Splits a printed list ("Cllr A (Chairman), Mr B, OBE and Dr C.") into names. A plural
/// honorific covers each name after it in its singular form ("Councillors A Jones and B Smith":
/// "Councillor A Jones", "Councillor B Smith"); an honour after a comma stays with its name
/// ("Mr R C Love, OBE"); a job title before a name goes to `role`. Text that is not a name
/// (roles, "Cabinet Member: Adult Social Care", "None", "KPMG") gives nothing.
std::vector<ListedName> parse_name_list(std::string_view text, const MeetingVocab& vocab);

/// An attendance heading at the start of `text`: the group its names belong to ("" for a list
/// that is no attendance, such as absent candidates) and the text after it.
struct HeadingMatch {
  std::string group;
  std::string rest;
};
std::optional<HeadingMatch> match_heading(std::string_view text, const MeetingVocab& v);

struct AttendanceReading {
  std::vector<Attendee> attendance;  // one entry per person, in the order read
  std::optional<std::string> chair;  // marked in a list, or stated ("X took the Chair")
  std::vector<std::pair<uint32_t, uint32_t>> used;  // (page, line) of the lines read
};

/// Reads attendance from `lines` (the body in reading order): headed lists, roll calls and
/// apologies sentences in lines[0, region_end) (the title area, lines[0, title_end), and the
/// first items), and "joined the meeting" sentences anywhere.
AttendanceReading read_attendance(const Document& doc, const std::vector<MLine>& lines,
                                  size_t title_end, size_t region_end, const MeetingVocab& v);

}  // namespace agendapack
