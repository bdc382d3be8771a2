/// \file decision_planning: a parish or community council's observations on planning
/// applications, its most common decision. Under an item whose title names planning
/// ("PLANNING", "CYNLLUNIO"), each application is a block that opens with its reference
/// ("E/39482", "24/01234/FUL") and runs over the indented lines of its description, address,
/// applicant and observation, and the sub-labelled paragraphs after it ("i) No observations
/// regarding ...", "ii) Objections to ..."). With a lead-in that agrees the observations
/// ("It was agreed to submit the following observation to ...:", "Cytunwyd i'r sylw
/// canlynol:") the blocks complete that one resolution; without one, each block is a
/// resolution of its own (decision `other`). Words in config/vocab/items.json, `planning`.
/// Part of the `decisions` stage.
#pragma once

#include <vector>

#include "stages/item_lines.h"

namespace agendapack::decision_planning {

struct PlanningVocab {
  std::vector<Regex> titles;  // the item is about planning
  Regex reference;            // an application reference at the start of a paragraph
  Regex lead_in;              // a paragraph that agrees "the following observation(s)"
  static PlanningVocab from_json(const nlohmann::json& items);
};

/// Adds the item's planning observations to `item.resolutions` (or completes the lead-in's).
void read_observations(const item_lines::Walk& w, const std::vector<item_lines::Paragraph>& paras,
                       const PlanningVocab& pv, Item& item);

}  // namespace agendapack::decision_planning
