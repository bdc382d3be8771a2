#include "stages/validate.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "pipeline/errors.h"

namespace agendapack {

RecordSchema::RecordSchema() : schema_(std::make_unique<valijson::Schema>()) {}
RecordSchema::~RecordSchema() = default;

Result<std::shared_ptr<const RecordSchema>> RecordSchema::load(const std::filesystem::path& path) {
  auto doc = read_json_file(path);
  if (!doc) return doc.error();
  std::shared_ptr<RecordSchema> schema(new RecordSchema());
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc.value());
    parser.populateSchema(adapter, *schema->schema_);
  } catch (const std::exception& e) {
    return Error{"CONFIG_INVALID", path.string() + ": " + e.what()};
  }
  return std::shared_ptr<const RecordSchema>(std::move(schema));
}

namespace {

// valijson's context is ["<root>", "[source]", "[pages]", "[0]", ...]; JSON pointers escape
// "~" and "/".
std::string pointer_of(const std::vector<std::string>& context) {
  std::string out;
  for (const std::string& part : context) {
    if (part == "<root>") continue;
    std::string key = part;
    if (key.size() >= 2 && key.front() == '[' && key.back() == ']')
      key = key.substr(1, key.size() - 2);
    if (key.size() >= 2 && key.front() == '"' && key.back() == '"')
      key = key.substr(1, key.size() - 2);
    std::string escaped;
    for (char c : key) {
      if (c == '~') escaped += "~0";
      else if (c == '/') escaped += "~1";
      else escaped += c;
    }
    out += "/" + escaped;
  }
  return out.empty() ? "/" : out;
}

}  // namespace

Result<void> RecordSchema::check(const nlohmann::json& record) const {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(record);
  if (validator.validate(*schema_, target, &results)) return {};
  // The deepest error is the most specific one; oneOf/anyOf parents only say "failed".
  valijson::ValidationResults::Error worst;
  bool have = false;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    if (!have || e.context.size() > worst.context.size()) {
      worst = e;
      have = true;
    }
  }
  std::string pointer = have ? pointer_of(worst.context) : "/";
  return Error{codes::kSchemaViolation,
               "the record breaks the schema at " + pointer + ": " +
                   (have ? worst.description : std::string("invalid"))};
}

Result<void> ValidateStage::run(Document& doc, StageContext& /*ctx*/) {
  if (!doc.record) return Error{codes::kSchemaViolation, "no record was emitted before validate"};
  // valijson's adapter reads nlohmann::json; the ordered record converts losslessly.
  nlohmann::json plain = *doc.record;
  return schema_->check(plain);
}

}  // namespace agendapack
