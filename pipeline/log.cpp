#include "pipeline/log.h"

#include <cstdio>
#include <string>

#include "pipeline/bytes.h"

namespace agendapack {

void Logger::write(LogLevel level, std::string_view file, int page, std::string_view stage,
                   std::string_view message) {
  if (!enabled(level)) return;
  std::string line = "agendapack: ";
  if (level == LogLevel::error) line += "error: ";
  if (level == LogLevel::warning) line += "warning: ";
  if (level == LogLevel::debug) line += "debug: ";
  // File names and messages quote text from outside (names, PDF metadata, URLs): their
  // control characters are shown, never obeyed by the terminal.
  if (!file.empty()) {
    line += printable(file);
    if (page > 0) line += " p" + std::to_string(page);
    if (!stage.empty()) line += " [" + std::string(stage) + "]";
    line += ": ";
  } else if (!stage.empty()) {
    line += "[" + std::string(stage) + "]: ";
  }
  line += printable(message);
  line += '\n';
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace agendapack
