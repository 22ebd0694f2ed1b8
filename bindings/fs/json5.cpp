// JSON5 parser: one recursive-descent pass over the bytes, no regex, no backtracking. Positions are kept as
// pointers; line and column are computed only when an error is thrown.
#include "fs/json5.hpp"

#include "fs/json5_text.hpp"
#include "fs/json5_unicode.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace clawbook::json5 {

ParseError::ParseError(std::string msg, int line, int column)
    : std::runtime_error(std::to_string(line) + ":" + std::to_string(column) + ": " + msg),
      line_(line),
      column_(column) {}

Position position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  Position pos{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++pos.line;
      pos.column = 1;
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
      ++pos.line;
      pos.column = 1;
      i += 2;
    } else if (c == '\r') {
      // CR of a CRLF: the LF ends the line.
    } else if ((c & 0xC0) != 0x80) {
      ++pos.column;  // continuation bytes belong to the previous code point
    }
  }
  return pos;
}

namespace {

using Json = nlohmann::json;

constexpr char32_t replacement_character = 0xFFFD;

struct Decoded {
  char32_t code_point;
  int length;  // 0: not valid UTF-8
};

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
Decoded decode_utf8(const char* p, const char* end) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) return {b0, 1};
  const auto avail = end - p;
  auto byte = [&](int i) { return static_cast<unsigned char>(p[i]); };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (avail < 2 || !is_continuation(byte(1))) return {0, 0};
    return {static_cast<char32_t>(((b0 & 0x1Fu) << 6) | (byte(1) & 0x3Fu)), 2};
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (avail < 3 || !is_continuation(byte(1)) || !is_continuation(byte(2))) return {0, 0};
    if (b0 == 0xE0 && byte(1) < 0xA0) return {0, 0};  // overlong
    if (b0 == 0xED && byte(1) > 0x9F) return {0, 0};  // UTF-16 surrogate
    return {static_cast<char32_t>(((b0 & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu)), 3};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (avail < 4 || !is_continuation(byte(1)) || !is_continuation(byte(2)) || !is_continuation(byte(3)))
      return {0, 0};
    if (b0 == 0xF0 && byte(1) < 0x90) return {0, 0};  // overlong
    if (b0 == 0xF4 && byte(1) > 0x8F) return {0, 0};  // above U+10FFFF
    return {static_cast<char32_t>(((b0 & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
                                  (byte(3) & 0x3Fu)),
            4};
  }
  return {0, 0};
}

using detail::append_utf8;
using detail::is_line_separator;
using detail::is_unicode_space;

bool is_ascii_identifier_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

bool is_ascii_identifier_part(unsigned char c) { return is_ascii_identifier_start(c) || (c >= '0' && c <= '9'); }

bool is_identifier_start(char32_t cp) {
  return cp < 0x80 ? is_ascii_identifier_start(static_cast<unsigned char>(cp)) : detail::is_identifier_start_letter(cp);
}

bool is_identifier_part(char32_t cp) {
  if (cp < 0x80) return is_ascii_identifier_part(static_cast<unsigned char>(cp));
  return detail::is_identifier_start_letter(cp) || detail::is_identifier_part_extra(cp) || cp == 0x200C ||
         cp == 0x200D;  // ZWNJ, ZWJ
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Bytes that end the plain run of a string: quotes, backslash, CR, LF and every non-ASCII lead byte.
constexpr std::array<bool, 256> string_run_stops = [] {
  std::array<bool, 256> stops{};
  for (int c = 0x80; c < 256; ++c) stops[static_cast<std::size_t>(c)] = true;
  for (char c : {'"', '\'', '\\', '\n', '\r'}) stops[static_cast<unsigned char>(c)] = true;
  return stops;
}();

std::string hex4(char32_t cp) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out = "U+";
  const int width = cp > 0xFFFF ? 6 : 4;
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out.push_back(digits[(cp >> shift) & 0xF]);
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), p_(text.data()), end_(text.data() + text.size()) {}

  Json parse_document() {
    skip_space();
    Json value = parse_value();
    skip_space();
    if (p_ != end_) fail_at(p_, "unexpected " + describe(p_) + " after the top-level value");
    return value;
  }

 private:
  std::string_view text_;
  const char* p_;
  const char* end_;
  int depth_ = 0;

  [[noreturn]] void fail_at(const char* at, const std::string& message) const {
    const Position pos = position_of(text_, static_cast<std::size_t>(at - text_.data()));
    throw ParseError(message, pos.line, pos.column);
  }

  std::string where(const char* at) const {
    const Position pos = position_of(text_, static_cast<std::size_t>(at - text_.data()));
    return std::to_string(pos.line) + ":" + std::to_string(pos.column);
  }

  // What stands at `at`, for messages: "end of input", "'x'", "U+00A0".
  std::string describe(const char* at) const {
    if (at >= end_) return "end of input";
    const auto c = static_cast<unsigned char>(*at);
    if (c >= 0x21 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    if (c < 0x80) return hex4(c);
    const Decoded d = decode_utf8(at, end_);
    return d.length == 0 ? "invalid UTF-8" : hex4(d.code_point);
  }

  Decoded decode_or_fail(const char* at) const {
    const Decoded d = decode_utf8(at, end_);
    if (d.length == 0) fail_at(at, "invalid UTF-8 byte sequence");
    return d;
  }

  void skip_space() {
    while (p_ != end_) {
      switch (*p_) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '\v':
        case '\f':
          ++p_;
          continue;
        case '/':
          if (end_ - p_ >= 2 && p_[1] == '/') {
            skip_line_comment();
            continue;
          }
          if (end_ - p_ >= 2 && p_[1] == '*') {
            skip_block_comment();
            continue;
          }
          return;  // a lone '/': the caller reports it where a value or separator was expected
        default:
          if (static_cast<unsigned char>(*p_) < 0x80) return;
          const Decoded d = decode_or_fail(p_);
          if (!is_unicode_space(d.code_point)) return;
          p_ += d.length;
      }
    }
  }

  void skip_line_comment() {
    p_ += 2;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '\n' || c == '\r') return;
      if (c == 0xE2 && end_ - p_ >= 3 && static_cast<unsigned char>(p_[1]) == 0x80 &&
          (static_cast<unsigned char>(p_[2]) == 0xA8 || static_cast<unsigned char>(p_[2]) == 0xA9))
        return;
      ++p_;
    }
  }

  void skip_block_comment() {
    const char* open = p_;
    const auto rest = std::string_view(p_ + 2, static_cast<std::size_t>(end_ - p_ - 2));
    const auto close = rest.find("*/");
    if (close == std::string_view::npos) fail_at(open, "unterminated block comment");
    p_ = rest.data() + close + 2;
  }

  Json parse_value() {
    if (p_ == end_) fail_at(p_, "unexpected end of input, expected a value");
    const char c = *p_;
    switch (c) {
      case '{':
        return parse_object();
      case '[':
        return parse_array();
      case '"':
      case '\'':
        return Json(parse_string());
      case '+':
      case '-':
      case '.':
        return parse_number();
      default:
        if (is_digit(c)) return parse_number();
        if (is_ascii_identifier_start(static_cast<unsigned char>(c))) return parse_literal();
        fail_at(p_, "unexpected " + describe(p_) + ", expected a value");
    }
  }

  void enter(const char* at) {
    if (++depth_ > max_depth) fail_at(at, "nesting deeper than " + std::to_string(max_depth) + " levels");
  }

  [[noreturn]] void fail_unclosed(const char* open, const char* what) const {
    fail_at(p_, std::string("unexpected end of input: ") + what + " opened at " + where(open) + " is not closed");
  }

  Json parse_array() {
    const char* open = p_;
    enter(open);
    ++p_;
    Json array = Json::array();
    for (;;) {
      skip_space();
      if (p_ == end_) fail_unclosed(open, "array");
      if (*p_ == ']') break;
      array.push_back(parse_value());
      skip_space();
      if (p_ == end_) fail_unclosed(open, "array");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == ']') break;
      fail_at(p_, "expected ',' or ']' after an array element, got " + describe(p_));
    }
    ++p_;
    --depth_;
    return array;
  }

  Json parse_object() {
    const char* open = p_;
    enter(open);
    ++p_;
    Json object = Json::object();
    for (;;) {
      skip_space();
      if (p_ == end_) fail_unclosed(open, "object");
      if (*p_ == '}') break;
      std::string key = parse_key();
      skip_space();
      if (p_ == end_) fail_unclosed(open, "object");
      if (*p_ != ':') fail_at(p_, "expected ':' after key '" + key + "', got " + describe(p_));
      ++p_;
      skip_space();
      object[std::move(key)] = parse_value();  // a duplicate key keeps its last value, as in JSON.parse
      skip_space();
      if (p_ == end_) fail_unclosed(open, "object");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') break;
      fail_at(p_, "expected ',' or '}' after an object member, got " + describe(p_));
    }
    ++p_;
    --depth_;
    return object;
  }

  std::string parse_key() {
    if (*p_ == '"' || *p_ == '\'') return parse_string();
    std::string key;
    if (!read_identifier_char(key, true))
      fail_at(p_, "invalid object key: expected a string or an identifier, got " + describe(p_));
    while (p_ != end_ && read_identifier_char(key, false)) {
    }
    return key;
  }

  // Appends the identifier character at p_ (a literal character or a \uXXXX escape) and advances; returns
  // false, without moving, when p_ does not continue the identifier.
  bool read_identifier_char(std::string& out, bool first) {
    const auto c = static_cast<unsigned char>(*p_);
    if (c < 0x80 && c != '\\') {
      if (!(first ? is_ascii_identifier_start(c) : is_ascii_identifier_part(c))) return false;
      out.push_back(static_cast<char>(c));
      ++p_;
      return true;
    }
    if (c == '\\') {
      const char* escape = p_;
      if (end_ - p_ < 6 || p_[1] != 'u') fail_at(escape, "invalid escape in identifier, expected \\uXXXX");
      char32_t cp = 0;
      for (int i = 2; i < 6; ++i) {
        const int v = hex_value(p_[i]);
        if (v < 0) fail_at(escape, "invalid \\u escape in identifier, expected four hex digits");
        cp = cp * 16 + static_cast<char32_t>(v);
      }
      if (!(first ? is_identifier_start(cp) : is_identifier_part(cp)))
        fail_at(escape, "escape \\u" + std::string(p_ + 2, 4) + " is not an identifier character");
      append_utf8(out, cp);
      p_ += 6;
      return true;
    }
    const Decoded d = decode_or_fail(p_);
    if (!(first ? is_identifier_start(d.code_point) : is_identifier_part(d.code_point))) return false;
    out.append(p_, static_cast<std::size_t>(d.length));
    p_ += d.length;
    return true;
  }

  std::string parse_string() {
    const char* open = p_;
    const char quote = *p_++;
    std::string out;
    for (;;) {
      const char* run = p_;
      while (p_ != end_ && !string_run_stops[static_cast<unsigned char>(*p_)]) ++p_;
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) fail_at(open, "unterminated string");
      const char c = *p_;
      if (c == quote) {
        ++p_;
        return out;
      }
      switch (c) {
        case '"':
        case '\'':  // the other quote
          out.push_back(c);
          ++p_;
          break;
        case '\n':
        case '\r':
          fail_at(p_, "line break in string (end the line with a backslash to continue the string)");
        case '\\':
          parse_escape(out, open);
          break;
        default: {  // non-ASCII; U+2028 and U+2029 are allowed unescaped
          const Decoded d = decode_or_fail(p_);
          out.append(p_, static_cast<std::size_t>(d.length));
          p_ += d.length;
        }
      }
    }
  }

  char32_t read_hex(const char* escape, int digits, const char* message) {
    if (end_ - p_ < digits) fail_at(escape, message);
    char32_t value = 0;
    for (int i = 0; i < digits; ++i) {
      const int v = hex_value(p_[i]);
      if (v < 0) fail_at(escape, message);
      value = value * 16 + static_cast<char32_t>(v);
    }
    p_ += digits;
    return value;
  }

  void parse_escape(std::string& out, const char* open) {
    const char* escape = p_++;
    if (p_ == end_) fail_at(open, "unterminated string");
    const char c = *p_++;
    switch (c) {
      case 'b': out.push_back('\b'); return;
      case 'f': out.push_back('\f'); return;
      case 'n': out.push_back('\n'); return;
      case 'r': out.push_back('\r'); return;
      case 't': out.push_back('\t'); return;
      case 'v': out.push_back('\v'); return;
      case '0':
        if (p_ != end_ && is_digit(*p_)) fail_at(escape, "octal escape sequences are not allowed");
        out.push_back('\0');
        return;
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        fail_at(escape, std::string("invalid escape sequence \\") + c);
      case 'x':
        append_utf8(out, read_hex(escape, 2, "invalid \\x escape, expected two hex digits"));
        return;
      case 'u':
        append_utf8(out, read_unicode_escape(escape));
        return;
      case '\r':  // line continuation: the escaped line break is dropped
        if (p_ != end_ && *p_ == '\n') ++p_;
        return;
      case '\n':
        return;
      default:
        if (static_cast<unsigned char>(c) < 0x80) {
          out.push_back(c);  // NonEscapeCharacter stands for itself: \' \" \\ \/ \a ...
          return;
        }
        --p_;
        const Decoded d = decode_or_fail(p_);
        if (!is_line_separator(d.code_point)) out.append(p_, static_cast<std::size_t>(d.length));
        p_ += d.length;
    }
  }

  // \uXXXX after the 'u'; a surrogate pair written as two escapes becomes one code point.
  char32_t read_unicode_escape(const char* escape) {
    const char* message = "invalid \\u escape, expected four hex digits";
    const char32_t unit = read_hex(escape, 4, message);
    if (unit >= 0xDC00 && unit <= 0xDFFF) return replacement_character;
    if (unit < 0xD800 || unit > 0xDBFF) return unit;
    if (end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
      const char* second = p_;
      p_ += 2;
      const char32_t low = read_hex(second, 4, message);
      if (low >= 0xDC00 && low <= 0xDFFF) return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      p_ = second;  // not a low surrogate: parse it as its own escape next
    }
    return replacement_character;
  }

  bool at_word(std::string_view word) const {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    const char* after = p_ + word.size();
    return after == end_ || !continues_identifier(after);
  }

  bool continues_identifier(const char* at) const {
    const auto c = static_cast<unsigned char>(*at);
    if (c == '\\') return true;
    if (c < 0x80) return is_ascii_identifier_part(c);
    const Decoded d = decode_utf8(at, end_);
    return d.length != 0 && is_identifier_part(d.code_point);
  }

  Json parse_literal() {
    if (at_word("true")) {
      p_ += 4;
      return true;
    }
    if (at_word("false")) {
      p_ += 5;
      return false;
    }
    if (at_word("null")) {
      p_ += 4;
      return nullptr;
    }
    if (at_word("Infinity")) {
      p_ += 8;
      return std::numeric_limits<double>::infinity();
    }
    if (at_word("NaN")) {
      p_ += 3;
      return std::numeric_limits<double>::quiet_NaN();
    }
    const char* start = p_;
    std::string word;
    while (p_ != end_ && read_identifier_char(word, word.empty())) {
    }
    fail_at(start, "unexpected word '" + word + "', expected a value (strings need quotes)");
  }

  Json parse_number() {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (*p_ == '+' || *p_ == '-') ++p_;
    const double sign = negative ? -1.0 : 1.0;
    if (at_word("Infinity")) {
      p_ += 8;
      return sign * std::numeric_limits<double>::infinity();
    }
    if (at_word("NaN")) {
      p_ += 3;
      return std::numeric_limits<double>::quiet_NaN();
    }
    Json value = (end_ - p_ >= 2 && p_[0] == '0' && (p_[1] == 'x' || p_[1] == 'X')) ? parse_hex(start, negative)
                                                                                   : parse_decimal(start, negative);
    if (p_ != end_ && (is_digit(*p_) || continues_identifier(p_)))
      fail_at(p_, "invalid number: unexpected " + describe(p_) + " after '" +
                      std::string(start, static_cast<std::size_t>(p_ - start)) + "'");
    return value;
  }

  static Json signed_integer(std::uint64_t magnitude, bool negative) {
    if (!negative) return magnitude;
    if (magnitude == 0) return -0.0;
    constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
    if (magnitude < limit) return -static_cast<std::int64_t>(magnitude);
    if (magnitude == limit) return std::numeric_limits<std::int64_t>::min();
    return -static_cast<double>(magnitude);
  }

  Json parse_hex(const char* start, bool negative) {
    p_ += 2;
    const char* digits = p_;
    std::uint64_t magnitude = 0;
    double approximate = 0;  // used once the value no longer fits 64 bits
    bool overflow = false;
    for (int v; p_ != end_ && (v = hex_value(*p_)) >= 0; ++p_) {
      if (!overflow && magnitude > (std::numeric_limits<std::uint64_t>::max() >> 4)) {
        overflow = true;
        approximate = static_cast<double>(magnitude);
      }
      if (overflow) {
        approximate = approximate * 16 + v;
      } else {
        magnitude = magnitude * 16 + static_cast<std::uint64_t>(v);
      }
    }
    if (p_ == digits) fail_at(start, "invalid hexadecimal number: no digits after '0x'");
    if (overflow) return negative ? -approximate : approximate;
    return signed_integer(magnitude, negative);
  }

  Json parse_decimal(const char* start, bool negative) {
    const char* integer_part = p_;
    while (p_ != end_ && is_digit(*p_)) ++p_;
    const auto integer_digits = p_ - integer_part;
    if (integer_digits > 1 && *integer_part == '0')
      fail_at(start, "invalid number: leading zeros are not allowed (octal is not JSON5)");
    bool is_integer = true;
    std::ptrdiff_t fraction_digits = 0;
    if (p_ != end_ && *p_ == '.') {
      is_integer = false;
      const char* fraction = ++p_;
      while (p_ != end_ && is_digit(*p_)) ++p_;
      fraction_digits = p_ - fraction;
    }
    if (integer_digits == 0 && fraction_digits == 0) {
      fail_at(start, "invalid number: expected digits, Infinity or NaN after '" +
                         std::string(start, static_cast<std::size_t>(p_ - start)) + "', got " + describe(p_));
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      const char* exponent = p_;
      while (p_ != end_ && is_digit(*p_)) ++p_;
      if (p_ == exponent) fail_at(start, "invalid number: the exponent has no digits");
    }
    if (is_integer) {
      std::uint64_t magnitude = 0;
      const auto [end, error] = std::from_chars(integer_part, p_, magnitude);
      if (error == std::errc() && end == p_) return signed_integer(magnitude, negative);
    }
    double number = 0;
    const auto [end, error] = std::from_chars(integer_part, p_, number);
    if (error == std::errc::result_out_of_range) {
      // Too large (infinity) or too small (zero) for a double: strtod picks which, as JSON.parse does.
      number = std::strtod(std::string(integer_part, p_).c_str(), nullptr);
    } else if (error != std::errc() || end != p_) {
      fail_at(start, "invalid number");
    }
    return negative ? -number : number;
  }
};

}  // namespace

nlohmann::json parse(std::string_view text) {
  if (text.size() > max_input_bytes)
    throw ParseError("input of " + std::to_string(text.size()) + " bytes is larger than the limit of " +
                         std::to_string(max_input_bytes) + " bytes",
                     1, 1);
  return Parser(text).parse_document();
}

}  // namespace clawbook::json5
