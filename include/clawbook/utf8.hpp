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

// Text as a terminal or a document may show it: valid UTF-8 with every control character that could act on a
// terminal (ESC and the other C0 controls but tab and newline, DEL, the C1 controls) or hide text (bidirectional
// overrides and isolates) shown as a visible placeholder: ^[ for ESC, ^? for DEL, U+FFFD for the others. A
// probed value can then neither move the cursor, set the clipboard (OSC 52) nor reorder what a reader sees.
std::string printable(std::string_view text, bool keep_newlines = true);

}  // namespace clawbook
