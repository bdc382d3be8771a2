// RecordSchema (config/schema/document.schema.json, valijson): the contract's records pass,
// broken ones fail with SCHEMA_VIOLATION naming the JSON pointer that failed.
#include <gtest/gtest.h>

#include "stages/validate.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using nlohmann::json;

const RecordSchema& schema() {
  static const auto loaded = [] {
    auto s = RecordSchema::load(test::test_config().schema_path());
    if (!s) throw std::runtime_error(s.error().message);
    return s.value();
  }();
  return *loaded;
}

// The smallest document record the contract allows, with one item and one resolution so the
// tests can break something deep.
json minimal_document() {
  return json::parse(R"({
    "schema_version": "1",
    "source": {"file": "m.pdf",
               "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
               "bytes": 1200, "pages": 1, "url": null, "producer": null},
    "meeting": {"authority": null, "body": "Cabinet", "date": "2018-04-23",
                "start_time": "10:30", "end_time": null, "venue": null, "chair": null,
                "attendance": [{"name": "Mr M Tett", "group": "present"}],
                "next_meeting": null},
    "items": [{"number": "9", "title": "Modern Slavery Inquiry", "pages": [1], "text": "...",
               "resolutions": [{"text": "Cabinet AGREED the recommendations.",
                                "decision": "agreed",
                                "provenance": {"page": 1, "bbox": [72, 100, 300, 112]}}],
               "declarations": [], "actions": []}],
    "recommendation_sets": [], "funding": [], "amounts": [], "tables": [],
    "pages": [{"number": 1, "method": "text", "chars": 2345, "ocr_confidence": null,
               "rotation": 0, "width": 595.3, "height": 841.9}],
    "quality": {"issues": [], "ocr_pages": 0, "low_confidence_pages": 0}
  })");
}

json minimal_error() {
  return json::parse(R"({
    "schema_version": "1",
    "source": {"file": "broken.pdf", "sha256": "", "bytes": 0, "pages": null, "url": null,
               "producer": null},
    "error": {"code": "PDF_UNREADABLE", "stage": "load",
              "message": "Poppler could not parse the file"}
  })");
}

// Fails with SCHEMA_VIOLATION at exactly `pointer`.
void expect_violation(const json& record, const std::string& pointer) {
  auto r = schema().check(record);
  ASSERT_FALSE(r.ok()) << record.dump();
  EXPECT_EQ(r.error().code, "SCHEMA_VIOLATION");
  std::string prefix = "the record breaks the schema at " + pointer + ": ";
  EXPECT_EQ(r.error().message.rfind(prefix, 0), 0u) << r.error().message;
}

TEST(RecordSchema, MinimalDocumentRecordPasses) {
  auto r = schema().check(minimal_document());
  EXPECT_TRUE(r.ok()) << r.error().message;
}

TEST(RecordSchema, MinimalErrorRecordPasses) {
  auto r = schema().check(minimal_error());
  EXPECT_TRUE(r.ok()) << r.error().message;
  json with_page = minimal_error();
  with_page["error"]["page"] = 3;
  EXPECT_TRUE(schema().check(with_page).ok());
}

TEST(RecordSchema, MissingMeetingDateFails) {
  json rec = minimal_document();
  rec["meeting"].erase("date");
  expect_violation(rec, "/meeting");
  auto r = schema().check(rec);
  EXPECT_NE(r.error().message.find("date"), std::string::npos) << r.error().message;
}

TEST(RecordSchema, NullMeetingDatePasses) {
  // Unknown values are null, never invented.
  json rec = minimal_document();
  rec["meeting"]["date"] = nullptr;
  EXPECT_TRUE(schema().check(rec).ok());
}

TEST(RecordSchema, WrongDecisionEnumFails) {
  json rec = minimal_document();
  rec["items"][0]["resolutions"][0]["decision"] = "rejected";
  expect_violation(rec, "/items/0/resolutions/0/decision");
}

TEST(RecordSchema, BadDateFormatFails) {
  json rec = minimal_document();
  rec["meeting"]["date"] = "23/04/2018";
  expect_violation(rec, "/meeting/date");
}

TEST(RecordSchema, WrongTypeDeepInPagesFails) {
  json rec = minimal_document();
  rec["pages"][0]["chars"] = "many";
  expect_violation(rec, "/pages/0/chars");
}

TEST(RecordSchema, UnknownTopLevelKeyFails) {
  json rec = minimal_document();
  rec["comments"] = "nice meeting";
  // valijson reports an unknown key at the object that holds it (here the root) and names
  // the key in its description.
  expect_violation(rec, "/");
  auto r = schema().check(rec);
  EXPECT_NE(r.error().message.find("'comments'"), std::string::npos) << r.error().message;
}

TEST(RecordSchema, ErrorRecordWithLowercaseCodeFails) {
  json rec = minimal_error();
  rec["error"]["code"] = "pdf_unreadable";
  expect_violation(rec, "/error/code");
}

TEST(RecordSchema, ErrorRecordWithoutMessageFails) {
  json rec = minimal_error();
  rec["error"].erase("message");
  expect_violation(rec, "/error");
}

TEST(RecordSchema, PointerEscapesSlashAndTilde) {
  // timings_ms accepts any key; a bad value under a key with "/" and "~" needs escaping.
  json rec = minimal_document();
  rec["timings_ms"] = {{"a/b~c", -1}};
  expect_violation(rec, "/timings_ms/a~1b~0c");
}

TEST(ValidateStage, RefusesWhenNoRecordWasEmitted) {
  auto loaded = RecordSchema::load(test::test_config().schema_path());
  ASSERT_TRUE(loaded.ok());
  ValidateStage stage(loaded.value());
  Document doc;
  Logger log(LogLevel::error);
  StageContext ctx(test::test_config(), log, doc);
  auto r = stage.run(doc, ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "SCHEMA_VIOLATION");
}

TEST(RecordSchema, MissingSchemaFileIsConfigInvalid) {
  auto r = RecordSchema::load("/nonexistent/document.schema.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CONFIG_INVALID");
}

}  // namespace
}  // namespace agendapack
