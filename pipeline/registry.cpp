#include "pipeline/registry.h"

#include "pipeline/ocr_loader.h"

#include "stages/decisions.h"
#include "stages/documents.h"
#include "stages/emit.h"
#include "stages/items.h"
#include "stages/layout.h"
#include "stages/load.h"
#include "stages/meeting.h"
#include "stages/money.h"
#include "stages/quality.h"
#include "stages/recommendations.h"
#include "stages/route.h"
#include "stages/rulings.h"
#include "stages/tables.h"
#include "stages/text.h"
#include "stages/validate.h"

namespace agendapack {

const std::vector<StageInfo>& stage_catalog() {
  static const std::vector<StageInfo> kStages = {
      {"load", "document", "the file", "source, pages (size, rotation)"},
      {"text", "page", "pages", "words from the text layer"},
      {"route", "page", "words", "page method and reason"},
      {"ocr", "page", "routed pages", "words from OCR"},
      {"layout", "document", "words", "lines, blocks, reading order, headers and footers"},
      {"rulings", "page", "lines", "ruling lines of table-candidate pages"},
      {"tables", "document", "lines, rulings", "tables"},
      {"documents", "document", "lines", "an agenda pack's parts (documents)"},
      {"meeting", "document", "lines", "meeting"},
      {"items", "document", "lines, tables", "items: number, title, text, pages"},
      {"decisions", "document", "items", "resolutions, motions, votes, declarations, actions"},
      {"recommendations", "document", "tables, items", "recommendation sets"},
      {"money", "document", "lines, tables, items", "amounts, funding breakdowns"},
      {"quality", "document", "everything", "quality issues"},
      {"emit", "document", "everything", "the record"},
      {"validate", "document", "the record", "nothing: fails on a schema violation"},
  };
  return kStages;
}

Result<std::unique_ptr<Stage>> make_stage(std::string_view name, const Config& config) {
  auto sec = [&](const char* n) -> const nlohmann::json& { return config.section(n); };
  if (name == "load") return std::unique_ptr<Stage>(new LoadStage(LoadOptions::from_json(sec("load"))));
  if (name == "text") return std::unique_ptr<Stage>(new TextStage());
  if (name == "route") return std::unique_ptr<Stage>(new RouteStage(RouteOptions::from_json(sec("route"), sec("ocr"))));
  if (name == "ocr") return std::unique_ptr<Stage>(new OcrLoaderStage(sec("ocr"), sec("runner")));
  if (name == "layout") return std::unique_ptr<Stage>(new LayoutStage());
  if (name == "rulings") return std::unique_ptr<Stage>(new RulingsStage(RulingsOptions::from_json(sec("rulings"))));
  if (name == "tables") return std::unique_ptr<Stage>(new TablesStage());
  if (name == "documents") return std::unique_ptr<Stage>(new DocumentsStage());
  if (name == "meeting") return std::unique_ptr<Stage>(new MeetingStage());
  if (name == "items") return std::unique_ptr<Stage>(new ItemsStage());
  if (name == "decisions") return std::unique_ptr<Stage>(new DecisionsStage());
  if (name == "recommendations") return std::unique_ptr<Stage>(new RecommendationsStage());
  if (name == "money") return std::unique_ptr<Stage>(new MoneyStage(MoneyOptions::from_json(sec("money"))));
  if (name == "quality") return std::unique_ptr<Stage>(new QualityStage());
  if (name == "emit") return std::unique_ptr<Stage>(new EmitStage());
  if (name == "validate") {
    auto schema = RecordSchema::load(config.schema_path());
    if (!schema) return schema.error();
    return std::unique_ptr<Stage>(new ValidateStage(schema.value()));
  }
  return Error{"CONFIG_INVALID", "unknown stage '" + std::string(name) +
                                     "' (agendapack stages lists them)"};
}

}  // namespace agendapack
