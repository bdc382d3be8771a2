/// \file decision_notes: what an item records beside its decisions. Declarations of interest
/// (one per member named before "declared"), and actions: an "Action:" paragraph, or an owner
/// written in the right margin beside a sub-item (the Welsh community council's minutes print
/// who acts in a column of their own). Part of the `decisions` stage.
#pragma once

#include <vector>

#include "stages/item_lines.h"

namespace agendapack::decision_notes {

void read_declarations(const item_lines::Walk& w, const std::vector<item_lines::Paragraph>& paras,
                       Item& item);
/// `idx` are the item's lines (indices into `w.lines`) in reading order; margin notes there
/// that name an owner give one action per sub-item.
void read_actions(const item_lines::Walk& w, const std::vector<size_t>& idx,
                  const std::vector<item_lines::Paragraph>& paras, Item& item);

}  // namespace agendapack::decision_notes
