/// \file The `ocr` stage as the pipeline sees it: Tesseract lives in a module
/// (libagendapack_ocr.so) loaded the first time a document has a page routed to OCR. Linking
/// Tesseract into the program cost every process some 15 ms of start-up (it brings some
/// thirty shared libraries), several times pdftotext's whole run on a short born-digital
/// file, which is the common case.
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

/// Where the module is looked for, first found wins: next to the program, ../lib/agendapack/
/// beside it, the build tree, then the loader's own search path; $AGENDAPACK_OCR_MODULE,
/// when set, is the only place.
std::string ocr_module_candidates();

}  // namespace agendapack
