#include "stages/ocr.h"

namespace agendapack {

Result<void> OcrStage::run_page(Document& /*doc*/, Page& /*page*/, StageContext& /*ctx*/) {
  return {};
}

}  // namespace agendapack
