#include "stages/money.h"

namespace agendapack {

Result<void> MoneyStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
