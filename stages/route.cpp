#include "stages/route.h"

namespace agendapack {

Result<void> RouteStage::run_page(Document& /*doc*/, Page& /*page*/, StageContext& /*ctx*/) {
  return {};
}

}  // namespace agendapack
