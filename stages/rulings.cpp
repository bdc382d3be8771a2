#include "stages/rulings.h"

namespace agendapack {

Result<void> RulingsStage::run_page(Document& /*doc*/, Page& /*page*/, StageContext& /*ctx*/) {
  return {};
}

}  // namespace agendapack
