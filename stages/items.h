/// \file items: agenda items (number, title, text, pages) with their resolutions, declarations
/// of interest and actions. Headings are found as the best increasing chain of numbered lines
/// ("1.", "1801.", "Item 4", "12/19", a number alone above its title); everything between two
/// headings is the first one's text, in reading order, without running headers, footers and
/// table cells. Patterns and word lists live in config/vocab/items.json.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct ItemsVocab {
  struct HeadingPattern {
    std::string kind;
    Regex re;
  };
  std::vector<HeadingPattern> headings;
  std::vector<Regex> title_reject, title_strip, end, paragraph_start, labels, resolved,
      resolved_rest_empty, decision_sentence, resolution_trailing, declaration, declaration_none,
      action;
  Regex sub_label;
  Regex member;  // an honorific and a name, built from the word lists
  std::vector<std::pair<std::string, std::string>> decision_words;  // lower-case form, decision
  std::vector<std::string> passive;
  std::vector<std::string> name_stop_words;  // capitalised role words that end a name
  size_t title_max_chars = 220;
  int max_number_step = 6;
  static ItemsVocab from_json(const nlohmann::json& vocab);
};

class ItemsStage final : public Stage {
 public:
  std::string_view name() const override { return "items"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

/// The contract's decision word for one resolution's text: an imperative first verb
/// ("Approve the plan"), else the last capitalised decision verb ("AGREED to DEFER" ->
/// deferred), else a passive one ("be endorsed"), else a past tense one, else "other".
std::string decision_of(const std::string& text, const ItemsVocab& vocab);

/// The member named in a text (an honorific and a name, "Cllr Angela Kirkbride"), if any.
std::optional<std::string> member_in(const std::string& text, const ItemsVocab& vocab);

}  // namespace agendapack
