/// \file The meeting stage's words and the text helpers its two halves share: finding the
/// meeting's facts (stages/meeting.cpp) and reading who attended (stages/attendance.cpp).
/// Every heading, label, honorific and phrase comes from config/vocab/meeting.json; month,
/// weekday and ordinal words come from config/vocab/dates.json (pipeline/dates.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "pipeline/dates.h"
#include "pipeline/document.h"
#include "pipeline/regex.h"

namespace agendapack {

struct MeetingVocab {
  std::map<std::string, std::vector<std::string>> headings;  // group -> phrases, longest first
  std::map<std::string, std::vector<std::string>> labels;    // field -> label words
  // "Others Present:", "Certified Candidates absent:": a heading's last word gives a status,
  // and the words before it say whose (members, staff or anyone else).
  std::map<std::string, std::string> heading_tails;         // "present" -> present, "absent" -> apologies
  std::map<std::string, std::string> plural_honorifics;     // "cllrs" -> "cllr"
  std::vector<std::string> plural_list;                     // its keys, longest first
  // "cc" -> {"County Council", "City Council"}: what a council's initials after its place's
  // stand for ("KCC"), as printed.
  std::map<std::string, std::vector<std::string>> authority_acronyms;
  std::map<std::string, std::string> roll_call_status;      // "late" -> present, "absent" -> apologies
  std::vector<std::string> member_words, staff_words, public_words, officer_role_words,
      member_role_words;
  std::vector<std::string> chair_markers, honorifics, suffixes, particles, role_words,
      role_separators, list_stop_words, list_conjunctions, apologies_titles, apologies_phrases,
      virtual_phrases, joined_after_name, joined_before_name, chair_after_name, chair_before_name,
      next_titles,
      next_phrases, openers, minutes_titles, adjectives, body_stops, body_words, auth_suffixes,
      auth_prefixes, auth_logo_suffixes, auth_reject, auth_generic, start_phrases, end_verbs,
      end_context, range_separators, body_trailing, venue_lead, body_reject, held_words,
      date_reject_words, letter_openings, minor_words, meeting_words, full_council_words, name_joiners,
      venue_articles, venue_words, agenda_words, minutes_words, adjourn_onward,
      vote_labels;
  std::vector<Regex> item_starts;
  DateWords dates;
  /// `vocab` shaped like config/vocab/meeting.json, `dates` like config/vocab/dates.json.
  static MeetingVocab from_json(const nlohmann::json& vocab, const nlohmann::json& dates);
  static MeetingVocab from_json(const nlohmann::json& vocab);
};

/// A body line in reading order, with its text squashed to single spaces.
struct MLine {
  LineRef ref;
  const Line* line = nullptr;
  std::string text;
  int page = 0;  // 1-based
};

namespace meeting_text {

std::string lower(std::string_view s);
bool is_space(char c);
bool is_upper(char c);
bool is_lower(char c);
bool is_alpha(char c);
bool is_word_char(char c);
std::string trim(std::string_view s);
/// Spaces, NBSP, punctuation and dashes at either end go; brackets and quotes inside stay.
std::string trim_punct(std::string_view s);
/// Runs of whitespace become one space.
std::string squash(std::string_view s);
std::vector<std::string> words_of(std::string_view s);
/// The first whole-word occurrence of `phrase` in `hay` (both lower case) at or after `from`.
size_t find_word(std::string_view hay, std::string_view phrase, size_t from = 0);
bool has_word(std::string_view hay, std::string_view phrase);
bool starts_with_word(std::string_view hay, std::string_view phrase);
bool ends_with_word(std::string_view hay, std::string_view phrase);
bool in_list(const std::vector<std::string>& list, std::string_view w);
std::string strip_dots(std::string_view s);
bool has_lower(std::string_view w);
/// Two or more letters, none lower case.
bool all_caps(std::string_view w);
/// A word that can be part of a person's name as printed: capitalised ("Hawthorne",
/// "O'Brien", "Smith-Jones"), an initial ("J", "J.", "A.B."), or non-ASCII led.
bool name_like(std::string_view w);
/// Text printed in capitals becomes title case ("UPPERTON COUNCIL" -> "Upperton Council",
/// the vocabulary's minor words in lower case); text with lower case letters is kept.
std::string title_case_if_caps(std::string_view s, const MeetingVocab& v);
/// How many words of `w` from index i form a phrase of `list` (0 if none; up to 3 words,
/// dots ignored: "Cllr.", "P.C.S.O.").
size_t phrase_len(const std::vector<std::string>& w, size_t i, const std::vector<std::string>& list);
/// Joins lines of a name list: a line ending in a hyphen joins the next without a space and
/// keeps the hyphen ("Barrington-" + "King"); otherwise as `join_lines`.
std::string join_list_lines(const std::vector<std::string>& lines);
/// The parts of a line its words' wide gaps separate ("Cabinet Meeting      Glos...").
std::vector<std::string> gap_segments(const Page& page, const Line& line);
/// "Date: 5 October 2020" -> {date, "5 October 2020"}; a label alone on its line has value "".
struct Label {
  std::string field;  // date | time | venue | chair
  std::string value;
};
std::optional<Label> match_label(std::string_view text, const MeetingVocab& v);
/// A numbered item heading ("5. Minutes", "Item 4", "14/038"); a date or time at the start is not.
bool is_item_start(std::string_view text, const MeetingVocab& v);
/// The line's text as the meeting stage reads it: without its bullet (the layout's "o", "•",
/// "1)", or a symbol font's glyph in the private use area, "\uf0b7", that layout does not
/// take for one; `bulleted` says whether there was one), and with letter-spaced capitals
/// closed up ("C I T Y  O F  G A R D E N A" -> "CITY OF GARDENA").
std::string line_text(const Page& page, const Line& line, bool* bulleted = nullptr);
/// Vertical space between two lines on one page, in points; huge across pages.
double gap_between(const MLine& a, const MLine& b);

}  // namespace meeting_text
}  // namespace agendapack
