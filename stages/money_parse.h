/// \file Reading money from text: the vocabulary (config/vocab/money.json) and the amount
/// parser. Separate from the stage (stages/money.h) so it can be tested and fuzzed on strings
/// alone.
///
/// Amounts are exact decimals (pipeline/decimal.h): "£2,355.50" is 2355.5, "£1.175m" 1175000,
/// "1,234.5" under a "£'000" header 1234500. Where the parser reads money depends on the
/// context: running prose needs a currency ("£2m"), or a multiplier beside a money word
/// ("savings of 114k"); a money context (a column headed £ or Amount, a list whose other lines
/// are money) also takes bare figures and reads "(250)" as negative, the accountants'
/// convention. In prose "(£250k)" is an aside and stays positive.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "pipeline/document.h"
#include "pipeline/regex.h"

namespace agendapack {

/// The words councils use for money, from config/vocab/money.json.
struct MoneyVocab {
  /// Printed markers and the currency each names ("£" GBP, "A$" AUD, "EUR" EUR), longest first.
  std::vector<std::pair<std::string, std::string>> symbols;
  /// Words after a figure that name a currency ("pounds" GBP).
  std::vector<std::pair<std::string, std::string>> currency_words;
  /// Multiplier words after a figure, lower case ("k" 1000, "million" 1000000), longest first.
  std::vector<std::pair<std::string, int64_t>> multipliers;
  /// Words that make a bare "625k" money in running prose ("funding", "savings").
  std::vector<std::string> money_words;
  /// Phrases that mark a stated total in the sentence before a breakdown ("had been allocated").
  std::vector<std::string> total_phrases;
  /// Labels of a total row or line ("total", "grand total", Welsh "cyfanswm"); subtotal labels
  /// are skipped.
  std::vector<std::string> total_labels;
  std::vector<std::string> subtotal_labels;
  /// Words in a column header that make the column money ("amount", "allocation").
  std::vector<std::string> column_headers;
  /// A label or header with one of these is a per-unit or average figure, never a line of a
  /// breakdown ("average", "per pupil"): "per" counts unless a period follows ("per annum").
  std::vector<std::string> per_unit_words;
  std::vector<std::string> per_periods;
  /// A list label ending in one of these is prose, not a label ("of", "was").
  std::vector<std::string> prose_endings;
  /// Words before a full stop that do not end a sentence ("Cllr", "Mr", "e.g").
  std::vector<std::string> abbreviations;
  /// The marker that numbers a list entry ("i)", "(a)", "3."): not part of its label.
  Regex list_marker;
  /// Evidence of the country a document comes from, by the currency a bare "$" means there:
  /// words (case kept: "Ontario") and patterns (a postal code). See money_currency.h.
  std::map<std::string, std::vector<std::string>> place_words;
  std::map<std::string, std::vector<Regex>> place_patterns;
  /// Kinds of authority named in the meeting's authority ("Regional Municipality" CAD).
  std::map<std::string, std::vector<std::string>> authority_words;
  /// What a figure printed without any currency is, when the document says nothing.
  std::string default_currency = "GBP";
  /// What a bare "$" is, when the document says nothing of its country.
  std::string default_dollar = "USD";
  static MoneyVocab from_json(const nlohmann::json& vocab);
  /// The vocabulary of config/vocab/money.json in the source tree's default config folder.
  static const MoneyVocab& builtin();
  /// This vocabulary for a document whose bare "$" is `dollar` and whose figures without a
  /// currency are `bare` (see document_currency).
  MoneyVocab for_document(const std::string& dollar, const std::string& bare) const;
};

/// Where a figure is read: running prose, or a money context (table column, money list).
enum class MoneyContext { prose, column };

/// One amount found in a text: the byte range [begin, end) it was read from.
struct AmountMatch {
  Money money;
  size_t begin = 0, end = 0;
  bool has_currency = false;    // printed with a symbol, code or currency word
  bool has_multiplier = false;  // printed with k, m, million, ...
  bool range = false;           // one end of a range such as "£2-3m"
  int decimals = 0;             // digits printed after the point ("50.00": 2)
};

/// Reads one amount that fills `text` (surrounding spaces and trailing punctuation allowed).
/// In prose a currency is required; in a column bare figures are money in `currency`, scaled
/// by `unit` (a column headed "£000" has unit 1000). A range yields its first end.
std::optional<Money> parse_amount(std::string_view text, const MoneyVocab& vocab,
                                  MoneyContext context = MoneyContext::prose,
                                  const std::string& currency = "", int64_t unit = 1);

/// Every amount in `text`, in order. In prose, bare figures with a multiplier count only near a
/// money word or beside an amount with a currency; bare figures without one never count.
/// In a column every figure counts. Ranges give two matches over the same bytes.
std::vector<AmountMatch> find_amounts(std::string_view text, const MoneyVocab& vocab,
                                      MoneyContext context = MoneyContext::prose,
                                      const std::string& currency = "", int64_t unit = 1);

/// Byte ranges of money-like text the parser could not read: a currency symbol with no
/// readable figure ("£TBC", "£1,23"), outside the matches given.
std::vector<std::pair<size_t, size_t>> find_unparsed(std::string_view text, const MoneyVocab& vocab,
                                                     const std::vector<AmountMatch>& found);

/// Splits running text into sentences: byte ranges [begin, end).
std::vector<std::pair<size_t, size_t>> split_sentences(std::string_view text,
                                                       const MoneyVocab& vocab);

/// How often each currency is printed before a figure in `text` ("£5", "CA$ 12"), by the
/// vocabulary's symbols and codes: what a document's own money says about its currency.
std::map<std::string, int> printed_currencies(std::string_view text, const MoneyVocab& vocab);

/// The unit a money column's header states: 1000 for "£'000", "£000s", "£k", "$ thousands";
/// 1000000 for "£m", "£ million"; 1 when none (a year such as "2000/01" is no unit).
int64_t header_unit(std::string_view header, const MoneyVocab& vocab);

}  // namespace agendapack
