#include "stages/quality.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "pipeline/export/people.h"

namespace agendapack {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool prefix_either(const std::string& a, const std::string& b) {
  return a.compare(0, b.size(), b) == 0 || b.compare(0, a.size(), a) == 0;
}

// "Mr Baker" is "Mr P Baker" and "Mr Paul Baker"; "Mrs J Baker" is neither, and "Mr T
// Baker" is not "Mr P Baker". A voter printed with less than the attendance is the same
// person: minutes shorten names in vote lists.
bool same_person(const facts::ParsedName& a, const facts::ParsedName& b) {
  if (a.surname.empty() || lower(a.surname) != lower(b.surname)) return false;
  if (!a.title_class.empty() && !b.title_class.empty() && a.title_class != b.title_class) return false;
  if (!a.forename.empty() && !b.forename.empty()) return lower(a.forename) == lower(b.forename);
  return a.initials.empty() || b.initials.empty() || prefix_either(a.initials, b.initials);
}

}  // namespace

Result<void> QualityStage::run(Document& doc, StageContext& ctx) {
  std::vector<facts::ParsedName> present;
  const facts::NameVocab names = facts::NameVocab::from(ctx.config());
  for (const Attendee& a : doc.meeting.attendance)
    if (a.group == "present" || a.group == "in_attendance") present.push_back(facts::parse_name(a.name, names));
  // Without an attendance there is nothing to compare with: ATTENDANCE_NOT_FOUND says so.
  if (present.empty()) return {};
  for (const Item& item : doc.items) {
    for (const Vote& v : item.votes) {
      std::vector<std::string> missing;
      for (const RecordedVote& r : v.recorded) {
        facts::ParsedName voter = facts::parse_name(r.name, names);
        if (voter.surname.empty()) continue;
        bool found = std::any_of(present.begin(), present.end(),
                                 [&](const facts::ParsedName& p) { return same_person(voter, p); });
        if (!found && std::find(missing.begin(), missing.end(), r.name) == missing.end())
          missing.push_back(r.name);
      }
      if (missing.empty()) continue;
      std::string list;
      for (size_t k = 0; k < missing.size() && k < 8; ++k) list += (k ? ", " : "") + missing[k];
      if (missing.size() > 8) list += " and " + std::to_string(missing.size() - 8) + " more";
      std::string where = item.number.empty() ? "an unnumbered item" : "item " + item.number;
      ctx.issue("VOTER_NOT_IN_ATTENDANCE", "warning",
                std::to_string(missing.size()) + " recorded voter(s) under " + where +
                    " not listed as present: " + list,
                v.prov.empty() ? 0 : v.prov.front().page);
    }
  }
  return {};
}

}  // namespace agendapack
