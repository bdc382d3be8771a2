#include "pipeline/runner.h"

#include <chrono>
#include <new>

#include "pipeline/errors.h"
#include "pipeline/registry.h"
#include "stages/emit.h"

namespace agendapack {

Result<Pipeline> Pipeline::build(const Config& config) {
  Pipeline p(config);
  std::vector<std::string> names = config.stages();
  if (names.empty()) return Error{"CONFIG_INVALID", "the pipeline names no stages"};
  for (const std::string& name : names) {
    auto stage = make_stage(name, config);
    if (!stage) return stage.error();
    p.stages_.push_back(std::move(stage.value()));
  }
  return p;
}

Pipeline Pipeline::from_stages(const Config& config, std::vector<std::unique_ptr<Stage>> stages) {
  Pipeline p(config);
  p.stages_ = std::move(stages);
  return p;
}

std::vector<std::string> Pipeline::names() const {
  std::vector<std::string> out;
  for (const auto& s : stages_) out.emplace_back(s->name());
  return out;
}

Conversion Pipeline::convert(const std::string& path, Logger& log) {
  using clock = std::chrono::steady_clock;
  auto started = clock::now();
  Conversion out;
  out.doc = std::make_shared<Document>();
  Document& doc = *out.doc;
  doc.source.path = path;
  doc.source.file = std::filesystem::path(path).filename().string();
  StageContext ctx(*config_, log, doc);

  for (auto& stage : stages_) {
    ctx.set_stage(stage->name());
    auto t0 = clock::now();
    Result<void> r;
    try {
      r = stage->run(doc, ctx);
    } catch (const std::bad_alloc&) {
      r = Error{codes::kMemoryLimit, "out of memory"};
    } catch (const std::exception& e) {
      r = Error{codes::kStageFailed, std::string("unexpected failure: ") + e.what()};
    } catch (...) {
      r = Error{codes::kStageFailed, "unexpected failure of unknown kind"};
    }
    double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    doc.stage_times.push_back({std::string(stage->name()), ms});
    if (r && after_stage) after_stage(stage->name(), doc);
    if (!r) {
      Error e = r.error();
      if (e.stage.empty()) e.stage = stage->name();
      out.record = error_record(doc.source, e);
      out.error = std::move(e);
      break;
    }
  }
  if (!out.error) {
    if (doc.record) {
      out.record = *doc.record;
    } else {
      out.record = document_record(doc);
    }
  }
  out.ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  // The PDF and its bytes are not needed once the record exists; free them before the
  // caller writes and moves on.
  doc.pdf.reset();
  return out;
}

}  // namespace agendapack
