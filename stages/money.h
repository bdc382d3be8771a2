/// \file money: every money amount mentioned (doc.amounts), and funding breakdowns (doc.funding):
/// two or more line items with amounts, printed as a table, a tab- or dot-leader-aligned list or
/// a bulleted list, with the total the text states kept apart and checked against the sum.
/// Runs after `layout`, `tables` and `items` (for the item each mention belongs to).
///
/// The parser is separate from the stage so it can be tested and fuzzed on strings alone.
/// Where it reads money depends on the context: running prose needs a currency ("£2m"), or a
/// multiplier beside a money word ("savings of 114k"); a money context (a column headed £ or
/// Amount, a list whose other lines are money) also takes bare figures and reads "(250)" as
/// negative, the accountants' convention. In prose "(£250k)" is an aside and stays positive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/stage.h"

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
  /// Labels of a total row or line ("total", "grand total"); subtotal labels are skipped.
  std::vector<std::string> total_labels;
  std::vector<std::string> subtotal_labels;
  /// Words in a column header that make the column money ("amount", "allocation").
  std::vector<std::string> column_headers;
  /// A list label ending in one of these is prose, not a label ("of", "was").
  std::vector<std::string> prose_endings;
  /// Words before a full stop that do not end a sentence ("Cllr", "Mr", "e.g").
  std::vector<std::string> abbreviations;
  std::string default_currency = "GBP";
  static MoneyVocab from_json(const nlohmann::json& vocab);
  /// The vocabulary of config/vocab/money.json in the source tree's default config folder.
  static const MoneyVocab& builtin();
};

struct MoneyOptions {
  int64_t total_tolerance = 0;   // whole units a stated total may differ from the sum and agree
  double tab_gap_em = 1.2;  // a gap this many font sizes wide aligns an amount to a tab stop (a word space is ~0.3)
  int max_label_words = 14;      // longer text before an amount is prose, not a list label
  static MoneyOptions from_json(const nlohmann::json& section);
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

class MoneyStage final : public Stage {
 public:
  MoneyStage() = default;
  explicit MoneyStage(MoneyOptions options) : options_(std::move(options)) {}
  std::string_view name() const override { return "money"; }
  Result<void> run(Document& doc, StageContext& ctx) override;

 private:
  MoneyOptions options_;
};

}  // namespace agendapack
