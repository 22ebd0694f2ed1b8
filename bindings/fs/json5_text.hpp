// Small text helpers the JSON5 parser (json5.cpp) and the layout-preserving edit (json5_edit.cpp) share.
#pragma once

#include <string>

namespace clawbook::json5::detail {

// Appends `cp` as UTF-8 (the caller passes only valid code points or U+FFFD).
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// U+2028 and U+2029: line terminators in JSON5 (and inside its strings, where they are kept as text).
inline bool is_line_separator(char32_t cp) { return cp == 0x2028 || cp == 0x2029; }

// JSON5 WhiteSpace beyond ASCII: NBSP, BOM, the other Zs characters, and the two line terminators.
inline bool is_unicode_space(char32_t cp) {
  return cp == 0xA0 || cp == 0xFEFF || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || is_line_separator(cp);
}

}  // namespace clawbook::json5::detail
