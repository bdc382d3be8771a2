/// \file The recommendation tracker: recommendation sets of one inquiry found in different
/// documents of one authority (Cabinet agreeing them, a select committee monitoring them a
/// year later) become one tracker, and every recommendation row is linked to the tracker
/// number(s) it speaks of, so `recommendation_history` has one row per recommendation per
/// meeting.
///
/// Sets are linked by title similarity (words of config/vocab/tracker.json left out), by
/// shared recommendation texts, and by the item that cites the earlier meeting's date. Numbers
/// come from what was printed where the printed numbers run in order (the longest increasing
/// run; a misprint between them takes the place its neighbours leave), so a monitoring set that
/// starts at 6 stays 6..8 rather than the converter's positional 1..3, and a person is told.
/// A heading "Recommendation 3 and 4" links one row to both numbers. A row whose text matches
/// a tracker recommendation's text better than its number does follows its text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/export/sqlite_db.h"
#include "pipeline/regex.h"

namespace agendapack::facts {

struct TrackerOptions {
  double title_link = 0.6;       // title similarity (Dice over words) that links two sets alone
  double cite_title_link = 0.3;  // ... when the later item cites the earlier meeting's date
  double text_match = 0.5;       // text similarity at which two recommendations are the same
  double text_share_link = 0.5;  // share of matching texts that links two sets alone
  double text_share_veto = 0.2;  // below it, texts on both sides keep like-titled sets apart
  std::vector<std::string> title_stop_words, text_stop_words;
  std::vector<Regex> merged;  // group 1: a number the row holds; group 2: the one merged in
  static TrackerOptions from(const Config& config);
};

struct TrackerStats {
  int trackers = 0, linked_sets = 0, warnings = 0;
};

/// Rebuilds every tracker of `authority` from the sets in the database (the earlier trackers
/// of that authority are replaced). Tracker ids are the smallest set id in each, so they stay
/// put while their sets do.
Result<TrackerStats> rebuild_trackers(Db& db, const std::string& authority,
                                      const TrackerOptions& options);

/// Numbers for a set's rows from what was printed (exposed for tests): printed numbers in the
/// longest increasing run are kept, the others take the gap their neighbours leave, and rows
/// without a printed number follow the one before.
std::vector<int> numbers_from_printed(const std::vector<std::optional<int>>& printed,
                                      const std::vector<int>& positional);

}  // namespace agendapack::facts
