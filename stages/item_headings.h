/// \file Where the items of a document begin. Minutes and agendas number their items in a few
/// families of ways, and this finds the one a document uses:
///  - a chain of numbered headings ("1.", "1801.", "Item 4", "14/038", "EX45", "6A"), numbers
///    increasing in small steps, in one style, at one left edge; the number may follow the
///    title on the next line ("Apologies" / "(Item 1)");
///  - numbered resolution blocks ("R2024-070 S. Kirkey, T. Butler:"), the items of minutes
///    that have no other numbering, among unnumbered headings the vocabulary knows
///    ("Disclosure of pecuniary interest:");
///  - top-level bullets led by bold text, in minutes with no numbering at all.
/// Numbered paragraphs of reports, lists introduced by a colon, table rows and RESOLVED
/// sentences are not items.
#pragma once

#include <string>
#include <vector>

#include "stages/item_lines.h"

namespace agendapack {

struct ItemHeading {
  size_t pos = 0;   // the heading's first line (index into Walk::lines)
  size_t last = 0;  // its last line (title lines and an "(Item N)" line included)
  std::string number;  // as printed, without trailing dot; "" when the item has none
  std::string title;   // "" for a resolution block (it has none)
  std::string kind;    // num | slash | item | code | resolution | named | bullet
};

std::vector<ItemHeading> find_item_headings(const item_lines::Walk& w);

}  // namespace agendapack
