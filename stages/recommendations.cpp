#include "stages/recommendations.h"

namespace agendapack {

Result<void> RecommendationsStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
