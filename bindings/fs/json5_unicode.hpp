// Non-ASCII character classes of ECMAScript identifiers, for JSON5 unquoted keys. The tables behind them are
// generated (gen_json5_unicode.py -> json5_unicode.cpp).
#pragma once

namespace clawbook::json5::detail {

// UnicodeLetter: general category Lu, Ll, Lt, Lm, Lo or Nl.
bool is_identifier_start_letter(char32_t cp);
// UnicodeCombiningMark, UnicodeDigit, UnicodeConnectorPunctuation: Mn, Mc, Nd or Pc.
bool is_identifier_part_extra(char32_t cp);

}  // namespace clawbook::json5::detail
