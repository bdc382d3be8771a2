/// \file One logger to stderr, one line per event:
///   agendapack: warning: minutes.pdf p4 [tables]: header row repeated; merged
/// Thread-safe; stages reach it through StageContext, never std::cout.
#pragma once

#include <mutex>
#include <string_view>

namespace agendapack {

enum class LogLevel { error = 0, warning = 1, info = 2, debug = 3 };

class Logger {
 public:
  explicit Logger(LogLevel level = LogLevel::info) : level_(level) {}
  void set_level(LogLevel level) { level_ = level; }
  LogLevel level() const { return level_; }
  bool enabled(LogLevel level) const { return level <= level_; }
  /// file, page (0: none) and stage (""): the context printed before the message.
  void write(LogLevel level, std::string_view file, int page, std::string_view stage,
             std::string_view message);
  void error(std::string_view msg) { write(LogLevel::error, {}, 0, {}, msg); }
  void warning(std::string_view msg) { write(LogLevel::warning, {}, 0, {}, msg); }
  void info(std::string_view msg) { write(LogLevel::info, {}, 0, {}, msg); }

 private:
  LogLevel level_;
  std::mutex mu_;
};

}  // namespace agendapack
