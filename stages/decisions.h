/// \file decisions: what each item decided and how. Reads an item's paragraphs, in order, for
///  - resolutions: "RESOLVED that ...", "(27) RESOLVED that: (1) ... (5)" (one resolution),
///    "It was agreed/decided that ...", Welsh "Cytunwyd ...", "Decision:", "Cabinet NOTED ...",
///    "... was deferred", and the text of a motion that was carried;
///  - motions: who moved and seconded ("It was proposed by A, seconded by B and unanimously
///    agreed that ...", "Mr A proposed, and Mr B seconded the motion that ...", "Motion by X,
///    second by Y", numbered resolution blocks "R2024-070 S. Kirkey, T. Butler:" / "Moved
///    by:" / "THAT ..." / "Carried."), their outcome, and the votes recorded on them ("For
///    (14): ...", "AYES: ... NAYS: ...", "RESULT: FAILED [4-2-1-1]", "(10 for, 2 against)");
///  - declarations of interest, and actions (an "Action:" paragraph, or an owner written in
///    the right margin beside a sub-item).
/// A carried motion gives its mover, seconder and outcome to the resolution that records it;
/// a lost one is a vote, never a resolution. Decision wording that no resolution took is a
/// DECISION_UNATTACHED issue. Words live in config/vocab/items.json and votes.json.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct VotesVocab {
  std::vector<Regex> movers;       // groups `mover`, `seconder`
  std::vector<Regex> annotations;  // "A (motion), B (second)": movers of a decision, no vote
  std::vector<Regex> mover_labels, seconder_labels;  // group `name`
  std::vector<Regex> block_headers;  // groups `number`, `mover`, `seconder`
  Regex result_label;                // group `text`
  std::vector<std::pair<std::string, Regex>> tallies;  // for | against | abstain | absent
  std::vector<std::string> none_names;
  std::vector<Regex> counts;  // groups `for`, `against`, `abstain`
  std::vector<std::pair<std::string, Regex>> outcomes;  // carried | lost | withdrawn | deferred
  Regex outcome_paragraph, outcome_sentence;            // `outcome_sentence` group `outcome`
  std::vector<Regex> outcome_clauses;                   // group `outcome`
  std::vector<std::pair<std::string, Regex>> motion_kinds;
  Regex motion_text_start, motion_agreed;  // `motion_agreed` group `verb`
  Regex decision_wording;                  // for DECISION_UNATTACHED
  static VotesVocab from_json(const nlohmann::json& vocab);
  /// The outcome an outcome word names ("Carried" -> carried), or "".
  std::string outcome_of(const std::string& word) const;
};

class DecisionsStage final : public Stage {
 public:
  std::string_view name() const override { return "decisions"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
