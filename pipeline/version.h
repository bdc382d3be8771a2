#pragma once

namespace agendapack {
inline constexpr const char* kVersion = "0.1.0";
}
