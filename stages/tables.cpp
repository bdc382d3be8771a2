#include "stages/tables.h"

namespace agendapack {

Result<void> TablesStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
