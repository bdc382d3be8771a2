#include "pipeline/ocr_loader.h"

#include "pipeline/errors.h"
#include "pipeline/module.h"

namespace agendapack {

namespace {

using MakeStage = Stage* (*)(const nlohmann::json&, const nlohmann::json&);

const ModuleSpec kOcrModule{"libagendapack_ocr.so", "AGENDAPACK_OCR_MODULE",
#ifdef AGENDAPACK_OCR_MODULE_PATH
                            AGENDAPACK_OCR_MODULE_PATH,
#else
                            nullptr,
#endif
                            "agendapack_make_ocr_stage", "the OCR module"};

}  // namespace

OcrLoaderStage::OcrLoaderStage(nlohmann::json ocr_section, nlohmann::json runner_section)
    : ocr_(std::move(ocr_section)), runner_(std::move(runner_section)) {}

OcrLoaderStage::~OcrLoaderStage() = default;

Result<void> OcrLoaderStage::run(Document& doc, StageContext& ctx) {
  bool routed = false;
  for (const Page& page : doc.pages) routed = routed || page.method != PageMethod::text;
  if (!routed && !stage_) return {};
  if (!stage_) {
    auto entry = module_symbol(kOcrModule);
    if (!entry) return Error{codes::kOcrUnavailable, entry.error().message};
    stage_.reset(reinterpret_cast<MakeStage>(entry.value())(ocr_, runner_));
    if (!stage_) return Error{codes::kOcrUnavailable, "the OCR module made no stage"};
  }
  return stage_->run(doc, ctx);
}

}  // namespace agendapack
