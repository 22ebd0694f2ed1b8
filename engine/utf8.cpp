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

}  // namespace clawbook
