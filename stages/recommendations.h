/// \file recommendations: recommendation sets from recommendation tables (recognised by the
/// meaning of their headers, config/vocab/recommendations.json) and from monitoring
/// paragraphs ("Recommendation 3:" followed by "... this recommendation was complete."), and
/// from a report's labelled list quoted in minutes ("Cabinet is asked to: (a) ... (d)"; agreed
/// when a resolution of the item says the same). The
/// resolution table, a response appendix and monitoring paragraphs about the same inquiry
/// merge into one set with one entry per recommendation. `number` is the position in the
/// set; a printed number that disagrees with the sequence is kept in `printed_number` and
/// raises RECOMMENDATION_NUMBER_REPAIRED. Runs after `tables` and `items`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct RecommendationsOptions {
  /// field -> header phrases ("agreed" -> "agreed yes/no", "accepted (y/n)"), normalised.
  std::map<std::string, std::vector<std::string>> columns;
  /// normalised value -> phrases ("partially" -> "in part").
  std::vector<std::pair<std::string, std::vector<std::string>>> agreed, status;
  Regex monitoring_heading;   // "Recommendation 3:"; group 1 the number, 2 the rest
  Regex status_phrase;        // "this recommendation was X" / "Status: X"; group 1 = X
  std::vector<Regex> title_patterns;  // lines naming the inquiry near a table; group 1
  std::vector<Regex> title_strip;     // removed from item titles ("- Recommendation Monitoring")
  Regex item_heading;         // fallback when items are absent: group 1 number, 2 title
  /// A line that introduces a report's recommendations as a labelled list ("Cabinet is asked
  /// to:", "RECOMMENDATIONS:"); the list must follow it directly.
  std::vector<Regex> list_intro;
  Regex list_label;           // "(a)", "b)", "1.", "iv)": group 1 the label itself
  static RecommendationsOptions from_vocab(const nlohmann::json& vocab);
};

/// The field a table header cell means ("number", "text", "agreed", "status", "response",
/// "cabinet_member", "officer", "action_by"), or "" for none.
std::string header_field(const std::string& header, const RecommendationsOptions& options);
/// "yes" / "partially" / "no" for an agreed cell, std::nullopt when it says none of these.
std::optional<std::string> normalise_agreed(const std::string& cell,
                                            const RecommendationsOptions& options);
std::optional<std::string> normalise_status(const std::string& text,
                                            const RecommendationsOptions& options);

class RecommendationsStage final : public Stage {
 public:
  std::string_view name() const override { return "recommendations"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
