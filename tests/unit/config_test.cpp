// Config: config/defaults.json and pipeline.json, then --config FILE, then --set key=value.
#include <gtest/gtest.h>

#include <fstream>

#include "pipeline/config.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;

Config load_ok(const fs::path& user = {}, const std::vector<std::string>& sets = {}) {
  auto cfg = Config::load(default_config_dir(), user, sets);
  EXPECT_TRUE(cfg.ok()) << cfg.error().message;
  return cfg.ok() ? cfg.value() : Config{};
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TEST(Config, DefaultsComeFromConfigFolder) {
  Config cfg = load_ok();
  EXPECT_EQ(cfg.section("load")["max_pages"], 5000);
  EXPECT_EQ(cfg.section("load")["max_page_side"], 14400);
  EXPECT_EQ(cfg.section("load")["max_file_bytes"], 1073741824);
  auto stages = cfg.stages();
  ASSERT_GE(stages.size(), 4u);
  EXPECT_EQ(stages.front(), "load");
  EXPECT_EQ(stages.back(), "validate");
  EXPECT_EQ(cfg.schema_path(), cfg.dir() / "schema" / "document.schema.json");
  EXPECT_TRUE(fs::is_regular_file(cfg.schema_path()));
}

TEST(Config, MissingSectionIsAnEmptyObject) {
  Config cfg = load_ok();
  const auto& sec = cfg.section("no_such_stage");
  EXPECT_TRUE(sec.is_object());
  EXPECT_TRUE(sec.empty());
  EXPECT_EQ(get_or(sec, "dpi", 300), 300);
}

TEST(Config, GetOrFallsBackOnWrongTypeOrNull) {
  nlohmann::json sec = {{"dpi", "high"}, {"lang", nullptr}, {"jobs", 4}};
  EXPECT_EQ(get_or(sec, "dpi", 300), 300);
  EXPECT_EQ(get_or<std::string>(sec, "lang", "eng"), "eng");
  EXPECT_EQ(get_or(sec, "jobs", 1), 4);
  EXPECT_EQ(get_or(nlohmann::json::array(), "jobs", 1), 1);
}

TEST(Config, UserFileMergesKeyByKey) {
  test::TempDir dir;
  write(dir.path() / "mine.json", R"({"load": {"max_pages": 7}, "mystage": {"k": [1, 2]}})");
  Config cfg = load_ok(dir.path() / "mine.json");
  EXPECT_EQ(cfg.section("load")["max_pages"], 7);
  // Keys the file does not name keep their defaults.
  EXPECT_EQ(cfg.section("load")["max_page_side"], 14400);
  EXPECT_EQ(cfg.section("mystage")["k"], nlohmann::json({1, 2}));
}

TEST(Config, SetParsesNestedKeysAndJsonValues) {
  Config cfg = load_ok({}, {"load.max_pages=12", "ocr.lang=deu", "new.deep.list=[1,\"two\"]",
                            "new.deep.flag=true", "new.obj={\"a\": 1.5}", "new.quoted=\"12\"",
                            "new.empty="});
  EXPECT_EQ(cfg.section("load")["max_pages"], 12);
  EXPECT_TRUE(cfg.section("load")["max_pages"].is_number_integer());
  // Not JSON: taken as a string.
  EXPECT_EQ(cfg.section("ocr")["lang"], "deu");
  const auto& n = cfg.section("new");
  EXPECT_EQ(n["deep"]["list"], nlohmann::json::parse(R"([1, "two"])"));
  EXPECT_EQ(n["deep"]["flag"], true);
  EXPECT_EQ(n["obj"]["a"], 1.5);
  EXPECT_EQ(n["quoted"], "12");
  EXPECT_TRUE(n["quoted"].is_string());
  EXPECT_EQ(n["empty"], "");
  // Siblings of a set key survive.
  EXPECT_EQ(cfg.section("load")["max_page_side"], 14400);
}

TEST(Config, SetWinsOverUserFileAndLaterSetWins) {
  test::TempDir dir;
  write(dir.path() / "mine.json", R"({"load": {"max_pages": 7}})");
  Config cfg = load_ok(dir.path() / "mine.json", {"load.max_pages=8", "load.max_pages=9"});
  EXPECT_EQ(cfg.section("load")["max_pages"], 9);
}

TEST(Config, SetCanReplaceThePipeline) {
  Config cfg = load_ok({}, {R"(stages=["load","text","emit"])"});
  EXPECT_EQ(cfg.stages(), (std::vector<std::string>{"load", "text", "emit"}));
}

TEST(Config, SetThroughAScalarReplacesIt) {
  // load.max_pages is a number; setting a key below it makes it an object.
  Config cfg = load_ok({}, {"load.max_pages.soft=10"});
  EXPECT_EQ(cfg.section("load")["max_pages"]["soft"], 10);
}

TEST(Config, BadSetIsConfigInvalid) {
  for (const std::string bad : {"max_pages", "=5", ""}) {
    auto cfg = Config::load(default_config_dir(), {}, {bad});
    ASSERT_FALSE(cfg.ok()) << "'" << bad << "'";
    EXPECT_EQ(cfg.error().code, "CONFIG_INVALID");
    EXPECT_EQ(cfg.error().message, "--set wants key=value, got '" + bad + "'");
  }
}

TEST(Config, MissingOrMalformedUserFileIsConfigInvalid) {
  test::TempDir dir;
  auto missing = Config::load(default_config_dir(), dir.path() / "absent.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "CONFIG_INVALID");
  EXPECT_NE(missing.error().message.find("absent.json"), std::string::npos);
  write(dir.path() / "broken.json", "{\"load\": ");
  auto broken = Config::load(default_config_dir(), dir.path() / "broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "CONFIG_INVALID");
  EXPECT_NE(broken.error().message.find("broken.json"), std::string::npos);
}

TEST(Config, MissingConfigFolderIsConfigInvalid) {
  test::TempDir dir;
  auto cfg = Config::load(dir.path());
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().code, "CONFIG_INVALID");
}

TEST(Config, MissingVocabularyIsAnEmptyObject) {
  Config cfg = load_ok();
  EXPECT_TRUE(cfg.vocab("no_such_vocabulary").is_object());
  EXPECT_TRUE(cfg.vocab("no_such_vocabulary").empty());
}

TEST(Config, CommandLineBadSetIsUsageError) {
  auto r = test::run_cli({"config", "--print", "--set", "nonsense"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--set wants key=value, got 'nonsense'"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  r = test::run_cli({"config", "--print", "--set", "load.max_pages=9"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["load"]["max_pages"], 9);
}

}  // namespace
}  // namespace agendapack
