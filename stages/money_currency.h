/// \file Which currency a document's money is in. A bare "$" is the currency of the document's
/// country (an Ontario township's "$" is CAD), USD only when nothing says otherwise; a figure
/// printed with no currency at all (a money column, a payments list) is the currency the
/// document prints most. The country is read from the document itself: place words and
/// addresses anywhere in its text (running headers and footers too), the kind of authority in
/// `meeting.authority` (the `meeting` stage runs before `money`), and currencies printed with
/// their country ("CA$", "US$"). The words live in config/vocab/money.json.
#pragma once

#include <map>
#include <string>

#include "pipeline/document.h"
#include "stages/money_parse.h"

namespace agendapack {

struct DocumentCurrency {
  std::string dollar;  // ISO 4217 code of a bare "$"
  std::string bare;    // ISO 4217 code of a figure printed without any currency
  std::map<std::string, int> evidence;  // the score of each currency's country, for tests and logs
};

DocumentCurrency document_currency(const Document& doc, const MoneyVocab& vocab);

}  // namespace agendapack
