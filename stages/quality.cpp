#include "stages/quality.h"

namespace agendapack {

Result<void> QualityStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
