/// \file Text from outside is bytes. File names on Linux are any bytes but '/' and NUL (an
/// archive copied from a Windows share often holds Latin-1 names), and PDF metadata, HTTP
/// headers and URLs are whatever their writer sent. JSON wants valid UTF-8 (nlohmann's dump()
/// throws type_error.316 otherwise) and a terminal obeys the escape sequences it is sent, so
/// such text passes through one of these before it reaches either.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace agendapack {

/// Well-formed UTF-8: no stray continuation bytes, overlong forms, surrogates or code points
/// past U+10FFFF.
bool is_valid_utf8(std::string_view s);

/// `s` with every byte that is not part of a well-formed sequence replaced by U+FFFD: readable,
/// lossy. Valid input comes back unchanged.
std::string valid_utf8(std::string_view s);

/// A lossless spelling of `s` in valid UTF-8 (`source.file_bytes`): well-formed sequences stay
/// as they are, a backslash is written `\\`, any other byte `\xNN` (two lower-case hex digits).
std::string escape_bytes(std::string_view s);

/// The bytes `escape_bytes` spelt; nullopt when `s` is not such a spelling.
std::optional<std::string> unescape_bytes(std::string_view s);

/// For one line of a terminal or log: C0 and C1 controls, DEL and bytes outside well-formed
/// UTF-8 as `\xNN`, and the bidirectional overrides and isolates (U+202A-U+202E,
/// U+2066-U+2069, which reorder what follows them on screen) as `\u{NNNN}`.
std::string printable(std::string_view s);

/// JSON text that never throws on invalid UTF-8 inside a string (it becomes U+FFFD): every
/// document, line or message that may carry text from outside is written through this.
template <typename Json>
std::string dump_json(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace agendapack
