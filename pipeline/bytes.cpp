#include "pipeline/bytes.h"

#include <cstdint>
#include <cstdio>

namespace agendapack {

namespace {

/// The length of the well-formed UTF-8 sequence starting at s[i] (Unicode's table 3-7), 0 when
/// s[i] does not start one. `cp` gets the code point.
size_t sequence_at(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  return len;
}

/// Calls `valid(sequence, code_point)` for each well-formed sequence of `s` and `bad(byte)` for
/// each byte outside one, in order.
template <typename Valid, typename Bad>
void walk(std::string_view s, Valid valid, Bad bad) {
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_at(s, i, cp);
    if (n == 0) {
      bad(static_cast<unsigned char>(s[i]));
      ++i;
    } else {
      valid(s.substr(i, n), cp);
      i += n;
    }
  }
}

constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, unsigned char b) {
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  uint32_t cp;
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_at(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  walk(
      s, [&](std::string_view seq, uint32_t) { out.append(seq); },
      [&](unsigned char) { out += "\xEF\xBF\xBD"; });
  return out;
}

std::string escape_bytes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  walk(
      s,
      [&](std::string_view seq, uint32_t cp) {
        if (cp == '\\') out += "\\\\";
        else out.append(seq);
      },
      [&](unsigned char b) { append_hex_byte(out, b); });
  return out;
}

std::optional<std::string> unescape_bytes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (i + 3 < s.size() && s[i + 1] == 'x' && hex_value(s[i + 2]) >= 0 &&
               hex_value(s[i + 3]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 2]) * 16 + hex_value(s[i + 3]));
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  walk(
      s,
      [&](std::string_view seq, uint32_t cp) {
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
          // C0 and C1 controls (CSI is U+009B): every byte as written.
          for (char c : seq) append_hex_byte(out, static_cast<unsigned char>(c));
        } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
          out += buf;
        } else {
          out.append(seq);
        }
      },
      [&](unsigned char b) { append_hex_byte(out, b); });
  return out;
}

}  // namespace agendapack
