/// \file items: where a document's agenda items are, and each one's number, title, text and
/// pages. Headings are found by stages/item_headings.cpp (numbered chains, numbered
/// resolution blocks, unnumbered headings, bulleted minutes); everything between two headings
/// is the first one's text, in reading order, without running headers, footers and table
/// cells. What each item decided (resolutions, votes, declarations, actions) is the next
/// stage's, `decisions`. Patterns and word lists live in config/vocab/items.json (and the
/// numbered resolution blocks' in config/vocab/votes.json).
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
      action, agreed, meeting_document, agreed_inline, agreed_statements, formal_resolutions, unnumbered_items, resolution_blocks, owners, not_owners;
  Regex sub_label, sub_item_prefix, trailing_number, paragraph_number, that_prefix, multi_part_lead;
  Regex member;  // an honorific and a name, built from the word lists
  Regex next_member;  // the space before a second honorific and name: names in columns
  std::vector<std::pair<std::string, std::string>> decision_words;  // lower-case form, decision
  std::vector<std::pair<Regex, std::string>> decision_phrases;      // checked first
  std::vector<std::pair<Regex, std::string>> fallback_phrases;      // when no verb decides
  std::vector<std::string> passive;
  std::vector<std::string> name_stop_words;  // capitalised role words that end a name
  std::vector<std::string> abbreviations;    // words a full stop does not end a sentence after
  size_t title_max_chars = 220;
  int max_number_step = 6;
  /// `items` is config/vocab/items.json; `votes` (config/vocab/votes.json) gives the numbered
  /// resolution blocks' first lines, which are headings too.
  static ItemsVocab from_json(const nlohmann::json& items,
                              const nlohmann::json& votes = nlohmann::json::object());
};

class ItemsStage final : public Stage {
 public:
  std::string_view name() const override { return "items"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

/// The contract's decision word for one resolution's text: a phrase the vocabulary names,
/// an imperative first verb ("Approve the plan"), else the last capitalised decision verb
/// ("AGREED to DEFER" -> deferred), else a passive one ("be endorsed"), else one after its
/// subject ("Cabinet note the report"), else a past tense one, else `fallback`.
std::string decision_of(const std::string& text, const ItemsVocab& vocab,
                        const std::string& fallback = "other");

/// The member named in a text (an honorific and a name, "Cllr Angela Kirkbride"), if any.
std::optional<std::string> member_in(const std::string& text, const ItemsVocab& vocab);

/// Sentences of a paragraph: a full stop, question or exclamation mark and a capital, but not
/// after an initial ("P. Harries"), an honorific ("Cllr. Davies") or an abbreviation.
std::vector<std::string> sentences(const std::string& text, const ItemsVocab& vocab);

}  // namespace agendapack
