/// \file meeting: The meeting: authority, body, date, times, venue, chair, attendance, next
/// meeting. Reads the lines before the first item (the "header zone"), the running headers and
/// footers, and a few items (apologies, date of next meeting, the closing line). Runs after
/// `items` so it can read `doc.items`; with no items it finds the zone's end itself.
/// Every heading, label, honorific and phrase comes from config/vocab/meeting.json.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct MeetingVocab {
  std::map<std::string, std::vector<std::string>> headings;  // group -> phrases, longest first
  std::map<std::string, std::vector<std::string>> labels;    // field -> label words
  std::vector<std::string> chair_markers, honorifics, plural_honorifics, suffixes, particles,
      role_words, role_separators, list_stop_words, apologies_titles, apologies_phrases,
      next_titles, next_phrases, openers, minutes_titles, adjectives, body_stops, body_words,
      auth_suffixes, auth_prefixes, auth_logo_suffixes, auth_reject, start_phrases, end_verbs,
      end_context, range_separators, auth_generic, body_trailing, venue_lead, body_reject;
  std::vector<Regex> item_starts;
  static MeetingVocab from_json(const nlohmann::json& vocab);
};

/// One name read from an attendance list, as printed, without roles or trailing punctuation.
struct ListedName {
  std::string name;
  bool chair = false;  // marked "(Chairman)", "(in the Chair)", ...
};

/// Splits a printed list ("Cllr A (Chairman), Mr B OBE and Dr C.") into names. Text that is
/// not a name (roles, "Cabinet Member: Adult Social Care", "None") gives nothing.
std::vector<ListedName> parse_name_list(std::string_view text, const MeetingVocab& vocab);

/// The authority named in `text` ("Gloucestershire County Council", "London Borough of
/// Marsham"), title-cased when printed in capitals, or std::nullopt.
std::optional<std::string> find_authority(std::string_view text, const MeetingVocab& vocab);

class MeetingStage final : public Stage {
 public:
  std::string_view name() const override { return "meeting"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
