// The runner: builds stages by name, times each, and turns a failure or an escaped exception
// into the contract's error record naming the stage. Test-only stages stand in for real ones.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <new>
#include <stdexcept>
#include <thread>

#include "pipeline/registry.h"
#include "pipeline/runner.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

// Counts its runs and optionally sleeps, so tests can see order and timing.
class CountingStage final : public Stage {
 public:
  CountingStage(std::string name, int& runs, int sleep_ms = 0)
      : name_(std::move(name)), runs_(runs), sleep_ms_(sleep_ms) {}
  std::string_view name() const override { return name_; }
  Result<void> run(Document& /*doc*/, StageContext& ctx) override {
    EXPECT_EQ(ctx.stage(), name_) << "the runner names the running stage";
    ++runs_;
    if (sleep_ms_) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms_));
    return {};
  }

 private:
  std::string name_;
  int& runs_;
  int sleep_ms_;
};

enum class Failure { runtime_error, bad_alloc, non_std, error_result };

class FailingStage final : public Stage {
 public:
  FailingStage(std::string name, Failure how) : name_(std::move(name)), how_(how) {}
  std::string_view name() const override { return name_; }
  Result<void> run(Document& /*doc*/, StageContext& /*ctx*/) override {
    switch (how_) {
      case Failure::runtime_error: throw std::runtime_error("the widget came loose");
      case Failure::bad_alloc: throw std::bad_alloc();
      case Failure::non_std: throw 42;
      case Failure::error_result: return Error{"PDF_UNREADABLE", "page 3 is damaged", "", 3};
    }
    return {};
  }

 private:
  std::string name_;
  Failure how_;
};

struct FailedRun {
  Conversion conv;
  int before = 0, after = 0;
};

// first -> failing stage -> last, over a file that need not exist (no stage reads it).
FailedRun run_failing(Failure how) {
  static Logger log(LogLevel::error);
  FailedRun r;
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<CountingStage>("first", r.before));
  stages.push_back(std::make_unique<FailingStage>("boom", how));
  stages.push_back(std::make_unique<CountingStage>("last", r.after));
  auto pipeline = Pipeline::from_stages(test::test_config(), std::move(stages));
  r.conv = pipeline.convert("/nowhere/minutes.pdf", log);
  return r;
}

TEST(Runner, UnknownStageNameIsAnError) {
  Config cfg = test::test_config();
  cfg.set_stages({"load", "text", "tea_break", "emit"});
  auto p = Pipeline::build(cfg);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "CONFIG_INVALID");
  EXPECT_EQ(p.error().message, "unknown stage 'tea_break' (agendapack stages lists them)");
}

TEST(Runner, EmptyPipelineIsAnError) {
  Config cfg = test::test_config();
  cfg.set_stages({});
  auto p = Pipeline::build(cfg);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "CONFIG_INVALID");
}

TEST(Runner, EveryRegisteredStageBuildsInConfiguredOrder) {
  auto p = Pipeline::build(test::test_config());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->names(), test::test_config().stages());
  for (const StageInfo& info : stage_catalog()) {
    auto stage = make_stage(info.name, test::test_config());
    ASSERT_TRUE(stage.ok()) << info.name;
    EXPECT_EQ(stage.value()->name(), info.name);
  }
}

TEST(Runner, ThrowingStageGivesStageFailedRecordNamingTheStage) {
  FailedRun r = run_failing(Failure::runtime_error);
  ASSERT_TRUE(r.conv.failed());
  EXPECT_EQ(r.conv.error->code, "STAGE_FAILED");
  EXPECT_EQ(r.conv.error->stage, "boom");
  EXPECT_EQ(r.conv.error->message, "unexpected failure: the widget came loose");
  EXPECT_EQ(r.before, 1);
  EXPECT_EQ(r.after, 0) << "no stage runs after a failure";
  const auto& rec = r.conv.record;
  EXPECT_EQ(rec["schema_version"], "1");
  EXPECT_EQ(rec["source"]["file"], "minutes.pdf");
  EXPECT_EQ(rec["error"]["code"], "STAGE_FAILED");
  EXPECT_EQ(rec["error"]["stage"], "boom");
  EXPECT_FALSE(rec.contains("pages"));
}

TEST(Runner, OutOfMemoryIsMemoryLimit) {
  FailedRun r = run_failing(Failure::bad_alloc);
  ASSERT_TRUE(r.conv.failed());
  EXPECT_EQ(r.conv.error->code, "MEMORY_LIMIT");
  EXPECT_EQ(r.conv.record["error"]["stage"], "boom");
}

TEST(Runner, NonStandardExceptionIsStageFailed) {
  FailedRun r = run_failing(Failure::non_std);
  ASSERT_TRUE(r.conv.failed());
  EXPECT_EQ(r.conv.error->code, "STAGE_FAILED");
  EXPECT_EQ(r.conv.record["error"]["stage"], "boom");
}

TEST(Runner, ErrorResultKeepsCodeAndPageAndGainsTheStage) {
  FailedRun r = run_failing(Failure::error_result);
  ASSERT_TRUE(r.conv.failed());
  EXPECT_EQ(r.conv.error->code, "PDF_UNREADABLE");
  EXPECT_EQ(r.conv.record["error"]["stage"], "boom");
  EXPECT_EQ(r.conv.record["error"]["page"], 3);
  EXPECT_EQ(r.conv.record["error"]["message"], "page 3 is damaged");
}

TEST(Runner, RecordsEachStageTimeInOrder) {
  static Logger log(LogLevel::error);
  int a = 0, b = 0, c = 0;
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<CountingStage>("quick", a));
  stages.push_back(std::make_unique<CountingStage>("slow", b, 30));
  stages.push_back(std::make_unique<CountingStage>("quick2", c));
  auto pipeline = Pipeline::from_stages(test::test_config(), std::move(stages));
  Conversion conv = pipeline.convert("/nowhere/x.pdf", log);
  ASSERT_FALSE(conv.failed());
  const auto& times = conv.doc->stage_times;
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[0].stage, "quick");
  EXPECT_EQ(times[1].stage, "slow");
  EXPECT_EQ(times[2].stage, "quick2");
  EXPECT_GE(times[1].ms, 29.0);
  EXPECT_LT(times[0].ms, times[1].ms);
  EXPECT_GE(conv.ms, times[1].ms);
  // No emit stage ran: the runner emits the record itself, with the times.
  EXPECT_EQ(conv.record["timings_ms"].size(), 3u);
  EXPECT_GE(conv.record["timings_ms"]["slow"].get<double>(), 29.0);
}

TEST(Runner, RealStagesTimesReachTheRecord) {
  test::TempDir dir;
  auto path = dir.path() / "one.pdf";
  {
    fixtures::PdfBuilder pdf(path);
    pdf.text(72, 100, "Minutes");
    pdf.finish();
  }
  auto conv = test::run_stages(path, {"load", "text", "emit", "validate"});
  ASSERT_FALSE(conv.failed()) << conv.error->message;
  ASSERT_EQ(conv.doc->stage_times.size(), 4u);
  EXPECT_EQ(conv.doc->stage_times[3].stage, "validate");
  // emit writes the record, so it holds the stages that ran before it.
  const auto& t = conv.record["timings_ms"];
  EXPECT_TRUE(t.contains("load"));
  EXPECT_TRUE(t.contains("text"));
  EXPECT_GT(t["load"].get<double>(), 0.0);
}

}  // namespace
}  // namespace agendapack
