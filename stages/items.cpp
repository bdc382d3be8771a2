#include "stages/items.h"

namespace agendapack {

Result<void> ItemsStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
