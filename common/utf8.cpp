#include "clawbook/utf8.hpp"

namespace clawbook {

bool make_valid_utf8(std::string& text) {
  // Fast path: most text is ASCII or already valid, and is left untouched without a copy.
  std::string out;
  bool changed = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length =
        lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (valid && length > 1) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if (length == 2) valid = lead >= 0xc2;
      if (length == 3) valid = !(lead == 0xe0 && second < 0xa0) && !(lead == 0xed && second >= 0xa0);
      if (length == 4) valid = !(lead == 0xf0 && second < 0x90) && !(lead == 0xf4 && second >= 0x90) && lead <= 0xf4;
    }
    if (!changed && valid) {
      i += length;
      continue;
    }
    if (!changed) {
      out.assign(text, 0, i);
      changed = true;
    }
    if (valid) {
      out.append(text, i, length);
      i += length;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  if (changed) text = std::move(out);
  return changed;
}

std::string printable(std::string_view text, bool keep_newlines) {
  std::string valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<unsigned char>(valid[i]);
    if (c < 0x20) {
      if (c == '\t' || (c == '\n' && keep_newlines)) {
        out += static_cast<char>(c);
      } else {
        out += '^';
        out += static_cast<char>(c + 0x40);  // ^[ for ESC, ^M for CR
      }
    } else if (c == 0x7f) {
      out += "^?";
    } else if (c == 0xc2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) < 0xa0) {
      out += "\xEF\xBF\xBD";  // a C1 control (U+0080..U+009F), e.g. the 8-bit CSI
      ++i;
    } else if (c == 0xe2 && i + 2 < valid.size() &&
               ((static_cast<unsigned char>(valid[i + 1]) == 0x80 && static_cast<unsigned char>(valid[i + 2]) >= 0xaa &&
                 static_cast<unsigned char>(valid[i + 2]) <= 0xae) ||
                (static_cast<unsigned char>(valid[i + 1]) == 0x81 && static_cast<unsigned char>(valid[i + 2]) >= 0xa6 &&
                 static_cast<unsigned char>(valid[i + 2]) <= 0xa9))) {
      out += "\xEF\xBF\xBD";  // U+202A..U+202E, U+2066..U+2069: bidirectional overrides and isolates
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace clawbook
