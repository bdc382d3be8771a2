#include "stages/meeting.h"

namespace agendapack {

Result<void> MeetingStage::run(Document& /*doc*/, StageContext& /*ctx*/) { return {}; }

}  // namespace agendapack
