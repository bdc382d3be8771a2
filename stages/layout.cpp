#include "stages/layout.h"

namespace agendapack {

Result<void> LayoutStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
