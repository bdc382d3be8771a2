/// \file ocr: Renders the pages `route` sent to OCR, cleans them with Leptonica and adds Tesseract's words to Page::words in PDF points, like text-layer words.
/// Not implemented yet: the stage is in the pipeline so its place and timing are fixed.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class OcrStage final : public PageStage {
 public:
  std::string_view name() const override { return "ocr"; }
  Result<void> run_page(Document& doc, Page& page, StageContext& ctx) override;
};

}  // namespace agendapack
