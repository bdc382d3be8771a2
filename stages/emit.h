/// \file emit: the record of the contract (../shared/spec/records.md) as JSON. The only place
/// that knows the contract's field names; nothing after it changes the record.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/stage.h"

namespace agendapack {

class EmitStage final : public Stage {
 public:
  std::string_view name() const override { return "emit"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

nlohmann::ordered_json document_record(const Document& doc);
/// The contract's error record: source and {code, stage, message}.
nlohmann::ordered_json error_record(const Source& source, const Error& error);
nlohmann::ordered_json provenance_json(const Provenance& p);

}  // namespace agendapack
