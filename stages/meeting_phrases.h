/// \file The meeting stage's reading of its own phrases: who met (the authority, the body),
/// where (the venue) and when (the times), from a title line or the meeting sentence
/// ("MINUTES of a meeting of the Cabinet held in the Council Chamber, County Hall on Thursday,
/// 9 January 2025 at 10.00 am"). Part of the meeting stage (stages/meeting.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
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

/// An authority that a line (or a part of it set apart by a wide gap) names as its title: the
/// name and little else, or a heading; never a line of prose that mentions a council.
std::optional<AuthorityMatch> authority_in_line(const Document& doc, const MLine& line,
                                                const MeetingVocab& vocab);

/// The words of an authority's name that are its own ("Manordeilo", "Salem"), lower case.
std::vector<std::string> proper_words(const std::string& name, const MeetingVocab& vocab);

/// Drops leading articles, meeting adjectives and "meeting of" ("a Special Meeting of the").
std::string strip_meeting_words(std::string s, const MeetingVocab& vocab);
/// A body's name cut at the first stop ("held", " on ", a date, a time, a comma ...).
std::string cut_body(const std::string& s, const MeetingVocab& vocab);
/// True when `body` (cleaned of trailing "Meeting Agenda" and the like, in place) can name a
/// body: capitalised, short, no place ("Council Chamber") and no bare label or adjective.
bool plausible_body(std::string& body, const MeetingVocab& vocab);
/// True when `s` holds a body word ("Committee", "Cabinet", "Pwyllgor").
bool has_body_word(const std::string& s, const MeetingVocab& vocab);

/// The venue among the parts a meeting sentence leaves once dates, times and other
/// sentences are cut out: "held in the Council Chamber, County Hall on ..." gives "Council
/// Chamber, County Hall"; "at The Guildhall" keeps its capital "The".
std::optional<std::string> venue_from(std::string_view text, const MeetingVocab& vocab,
                                      const std::optional<std::string>& body);

/// Start and end from the times of a text: "at 7.00 pm - 8.50 pm", "14:30 to 16:15".
void times_from(std::string_view text, const MeetingVocab& vocab, std::optional<std::string>& start,
                std::optional<std::string>& end);

}  // namespace agendapack
