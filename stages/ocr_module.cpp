// The entry point of libagendapack_ocr.so (see pipeline/ocr_loader.h).
#include "stages/ocr.h"

extern "C" __attribute__((visibility("default"))) agendapack::Stage* agendapack_make_ocr_stage(
    const nlohmann::json& ocr, const nlohmann::json& runner) {
  return new agendapack::OcrStage(agendapack::OcrOptions::from_json(ocr, runner));
}
