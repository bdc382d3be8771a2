/// \file The `ocr` stage as the pipeline sees it: Tesseract lives in a module
/// (libagendapack_ocr.so, see pipeline/module.h) loaded the first time a document has a page
/// routed to OCR.
#pragma once

#include <memory>
#include <string>

#include "pipeline/stage.h"

namespace agendapack {

class OcrLoaderStage final : public Stage {
 public:
  OcrLoaderStage(nlohmann::json ocr_section, nlohmann::json runner_section);
  ~OcrLoaderStage() override;
  std::string_view name() const override { return "ocr"; }
  bool required() const override { return false; }
  /// Nothing unless a page is routed to OCR; then loads the module (once) and runs its stage.
  Result<void> run(Document& doc, StageContext& ctx) override;

 private:
  nlohmann::json ocr_, runner_;
  std::unique_ptr<Stage> stage_;  // from the module, kept for the engines it pools
};

}  // namespace agendapack
