/// \file validate: checks the emitted record against config/schema/document.schema.json
/// (draft-07, valijson). A record that fails is never written; the error names the JSON
/// pointer that failed.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "pipeline/stage.h"

namespace valijson {
class Schema;
}

namespace agendapack {

/// A parsed schema, reusable across records and threads.
class RecordSchema {
 public:
  static Result<std::shared_ptr<const RecordSchema>> load(const std::filesystem::path& path);
  ~RecordSchema();
  /// Ok, or SCHEMA_VIOLATION naming the deepest failing JSON pointer and why.
  Result<void> check(const nlohmann::json& record) const;

 private:
  RecordSchema();
  std::unique_ptr<valijson::Schema> schema_;
};

class ValidateStage final : public Stage {
 public:
  explicit ValidateStage(std::shared_ptr<const RecordSchema> schema) : schema_(std::move(schema)) {}
  std::string_view name() const override { return "validate"; }
  Result<void> run(Document& doc, StageContext& ctx) override;

 private:
  std::shared_ptr<const RecordSchema> schema_;
};

}  // namespace agendapack
