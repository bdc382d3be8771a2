/// \file The stage interface (after LLVM's new pass manager): a stage is a small class with
/// run(); the runner times it, catches what escapes it and turns failures into error records.
/// Page stages see one page at a time so the runner can keep memory flat and run pages in
/// parallel; document stages see the whole Document.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "pipeline/config.h"
#include "pipeline/document.h"
#include "pipeline/log.h"
#include "pipeline/result.h"

namespace agendapack {

/// What a running stage may use besides the document: the configuration (for vocabularies),
/// the logger with this document's context, and a place to raise quality issues.
class StageContext {
 public:
  StageContext(const Config& config, Logger& log, Document& doc)
      : config_(config), log_(log), doc_(doc) {}

  const Config& config() const { return config_; }
  const nlohmann::json& vocab(const std::string& name) const { return config_.vocab(name); }
  void set_stage(std::string_view stage) { stage_ = stage; }
  std::string_view stage() const { return stage_; }

  void log(LogLevel level, int page, std::string_view message) {
    log_.write(level, doc_.source.file, page, stage_, message);
  }
  void warn(int page, std::string_view message) { log(LogLevel::warning, page, message); }
  void debug(int page, std::string_view message) { log(LogLevel::debug, page, message); }
  bool debug_enabled() const { return log_.enabled(LogLevel::debug); }

  /// Adds a quality issue (thread-safe, for page stages running in parallel).
  void issue(std::string code, std::string severity, std::string message, int page = 0) {
    std::lock_guard<std::mutex> lock(mu_);
    doc_.issues.push_back(
        {std::move(code), std::move(severity), std::move(message), page, std::string(stage_)});
  }

 private:
  const Config& config_;
  Logger& log_;
  Document& doc_;
  std::string stage_;
  std::mutex mu_;
};

class Stage {
 public:
  virtual ~Stage() = default;
  /// The word used in config/pipeline.json.
  virtual std::string_view name() const = 0;
  /// False: the runner may skip this stage when it has nothing to do.
  virtual bool required() const { return true; }
  virtual Result<void> run(Document& doc, StageContext& ctx) = 0;
};

/// A stage that works on one page at a time. Pages may run in parallel: run_page must only
/// touch its page (and raise issues through ctx).
class PageStage : public Stage {
 public:
  virtual Result<void> run_page(Document& doc, Page& page, StageContext& ctx) = 0;
  /// Once, before the first page (set-up that needs the whole document).
  virtual Result<void> begin(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }
  /// Once, after the last page.
  virtual Result<void> end(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

}  // namespace agendapack
