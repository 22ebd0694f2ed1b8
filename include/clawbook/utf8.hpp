// Text from outside (a peer, a file, a Lua string) made safe for JSON: nlohmann's dump() throws on invalid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace clawbook {

// Replaces every byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and code points
// above U+10FFFF included) with U+FFFD. Returns whether anything changed.
bool make_valid_utf8(std::string& text);

inline std::string valid_utf8(std::string_view text) {
  std::string out(text);
  make_valid_utf8(out);
  return out;
}

}  // namespace clawbook
