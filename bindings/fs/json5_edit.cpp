// Layout-preserving JSON5 edits. json5::parse validates the text and gives the tree; a second, span-aware scan
// (trusting that validation, so it only has to find token boundaries) gives the bytes of each member. The edit
// is a list of splices; the result is parsed again and compared with the expected tree before it is returned,
// so a scanner mistake surfaces as EditRefused instead of a corrupted config.
#include "fs/json5_edit.hpp"

#include "fs/json5_text.hpp"
#include "fs/json5_unicode.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace clawbook::json5 {
namespace {

using Json = nlohmann::json;
constexpr std::size_t npos = std::string_view::npos;

struct CodePoint {
  char32_t value;
  std::size_t length;
};

// Lenient UTF-8 decoding: the text was validated by json5::parse, and path keys by nlohmann's dump.
CodePoint decode_at(std::string_view t, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(t[i]);
  const std::size_t length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (i + length > t.size()) return {0xFFFD, 1};
  char32_t cp = length == 1 ? b0 : length == 2 ? (b0 & 0x1Fu) : length == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(t[i + k]) & 0x3Fu);
  return {cp, length};
}

using detail::append_utf8;
using detail::is_line_separator;
using detail::is_unicode_space;

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_line_break(char c) { return c == '\n' || c == '\r'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_identifier_start(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || cp == '$';
  return detail::is_identifier_start_letter(cp);
}

bool is_identifier_part(char32_t cp) {
  if (cp < 0x80) return is_identifier_start(cp) || (cp >= '0' && cp <= '9');
  return detail::is_identifier_start_letter(cp) || detail::is_identifier_part_extra(cp) || cp == 0x200C ||
         cp == 0x200D;
}

// Whether `key` can be written bare, as an ECMAScript IdentifierName.
bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size();) {
    const CodePoint cp = decode_at(key, i);
    if (!(i == 0 ? is_identifier_start(cp.value) : is_identifier_part(cp.value))) return false;
    i += cp.length;
  }
  return true;
}

// Compact JSON like Json::dump, except that non-finite doubles, which JSON cannot hold, are JSON5 literals.
void write_value(std::string& out, const Json& value) {
  if (value.is_object()) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, child] : value.items()) {
      if (!first) out.push_back(',');
      first = false;
      out += Json(key).dump();
      out.push_back(':');
      write_value(out, child);
    }
    out.push_back('}');
  } else if (value.is_array()) {
    out.push_back('[');
    bool first = true;
    for (const auto& child : value) {
      if (!first) out.push_back(',');
      first = false;
      write_value(out, child);
    }
    out.push_back(']');
  } else if (value.is_number_float() && !std::isfinite(value.get<double>())) {
    const double d = value.get<double>();
    out += std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
  } else {
    out += value.dump();
  }
}

std::string join_path(const std::vector<std::string>& path, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < path.size(); ++i) {
    if (i > 0) out.push_back('.');
    out += path[i];
  }
  return out;
}

struct Member {
  std::string key;  // decoded
  std::size_t key_begin = 0;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
  std::size_t comma = npos;  // the ',' after the value, npos when there is none
};

struct ObjectSpan {
  std::size_t open = 0;   // '{'
  std::size_t close = 0;  // '}'
  std::vector<Member> members;
};

// Token boundaries of text that json5::parse accepted. Every loop is still bounded by the text's end, and a
// token that is not where validation says it must be throws rather than guessing.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  char at(std::size_t i) const { return i < t_.size() ? t_[i] : '\0'; }
  std::size_t keys() const { return keys_; }
  std::size_t double_quoted_keys() const { return double_quoted_keys_; }

  // Whitespace (ASCII and Unicode) and comments.
  std::size_t skip_space(std::size_t i) const {
    while (i < t_.size()) {
      const char c = t_[i];
      if (is_ascii_space(c)) {
        ++i;
      } else if (c == '/' && at(i + 1) == '/') {
        i = line_comment_end(i);
      } else if (c == '/' && at(i + 1) == '*') {
        i = block_comment_end(i);
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        const CodePoint cp = decode_at(t_, i);
        if (!is_unicode_space(cp.value)) break;
        i += cp.length;
      } else {
        break;
      }
    }
    return i;
  }

  // End of the `//` comment at i: before its line terminator (CR, LF, U+2028, U+2029) or at the end.
  std::size_t line_comment_end(std::size_t i) const {
    for (i += 2; i < t_.size(); ++i) {
      if (is_line_break(t_[i])) break;
      if (static_cast<unsigned char>(t_[i]) == 0xE2 && is_line_separator(decode_at(t_, i).value)) break;
    }
    return i;
  }

  // Just after the `*/` closing the block comment at i.
  std::size_t block_comment_end(std::size_t i) const {
    const std::size_t close = t_.find("*/", i + 2);
    if (close == npos) out_of_step(i);
    return close + 2;
  }

  // End of the value starting at i.
  std::size_t skip_value(std::size_t i) {
    switch (at(i)) {
      case '{':
        return scan_object(i).close + 1;
      case '[':
        return skip_array(i);
      case '"':
      case '\'':
        return skip_string(i);
      default:
        return skip_word(i);
    }
  }

  ObjectSpan scan_object(std::size_t open) {
    ObjectSpan object;
    object.open = open;
    std::size_t i = skip_space(open + 1);
    while (at(i) != '}') {
      Member member;
      member.key_begin = i;
      std::size_t key_end;
      if (at(i) == '"' || at(i) == '\'') {
        key_end = skip_string(i);
        member.key = decode_string(i, key_end);
        if (at(i) == '"') ++double_quoted_keys_;
      } else {
        key_end = skip_word(i);
        member.key = decode_identifier(i, key_end);
      }
      ++keys_;
      i = skip_space(key_end);
      if (at(i) != ':') out_of_step(i);
      member.value_begin = skip_space(i + 1);
      member.value_end = skip_value(member.value_begin);
      i = skip_space(member.value_end);
      if (at(i) == ',') {
        member.comma = i;
        i = skip_space(i + 1);
      } else if (at(i) != '}') {
        out_of_step(i);
      }
      object.members.push_back(std::move(member));
    }
    object.close = i;
    return object;
  }

 private:
  std::string_view t_;
  std::size_t keys_ = 0;
  std::size_t double_quoted_keys_ = 0;

  [[noreturn]] static void out_of_step(std::size_t i) {
    throw EditRefused("internal error: the JSON5 edit scanner lost its place at byte " + std::to_string(i) +
                      "; the file was left unchanged");
  }

  std::size_t skip_array(std::size_t open) {
    std::size_t i = skip_space(open + 1);
    while (at(i) != ']') {
      const std::size_t end = skip_value(i);
      if (end == i) out_of_step(i);
      i = skip_space(end);
      if (at(i) == ',') i = skip_space(i + 1);
    }
    return i + 1;
  }

  // Just after the closing quote of the string at i.
  std::size_t skip_string(std::size_t i) const {
    const char quote = t_[i];
    for (++i; i < t_.size(); ++i) {
      if (t_[i] == '\\') {
        ++i;  // the escaped character cannot close the string
      } else if (t_[i] == quote) {
        return i + 1;
      }
    }
    out_of_step(i);
  }

  // A number, a literal or an unquoted key: everything up to the next delimiter.
  std::size_t skip_word(std::size_t i) const {
    const std::size_t begin = i;
    while (i < t_.size()) {
      const char c = t_[i];
      if (c == ',' || c == ':' || c == '}' || c == ']' || c == '/' || is_ascii_space(c)) break;
      if (static_cast<unsigned char>(c) >= 0x80) {
        const CodePoint cp = decode_at(t_, i);
        if (is_unicode_space(cp.value)) break;
        i += cp.length;
      } else {
        ++i;
      }
    }
    if (i == begin) out_of_step(i);
    return i;
  }

  char32_t hex(std::size_t i, std::size_t digits) const {
    char32_t value = 0;
    for (std::size_t k = 0; k < digits; ++k) {
      const int v = hex_value(at(i + k));
      if (v < 0) out_of_step(i + k);
      value = value * 16 + static_cast<char32_t>(v);
    }
    return value;
  }

  // The key's characters, with \uXXXX escapes decoded (identifiers have no other escape).
  std::string decode_identifier(std::size_t begin, std::size_t end) const {
    std::string out;
    for (std::size_t i = begin; i < end;) {
      if (t_[i] == '\\') {
        append_utf8(out, hex(i + 2, 4));
        i += 6;
      } else {
        out.push_back(t_[i++]);
      }
    }
    return out;
  }

  // The string's value, decoded exactly as json5::parse does, so keys compare equal to the parsed tree's.
  std::string decode_string(std::size_t begin, std::size_t end) const {
    std::string out;
    const std::size_t last = end - 1;  // the closing quote
    for (std::size_t i = begin + 1; i < last;) {
      if (t_[i] != '\\') {
        out.push_back(t_[i++]);
        continue;
      }
      const char c = at(i + 1);
      i += 2;
      switch (c) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'v': out.push_back('\v'); break;
        case '0': out.push_back('\0'); break;
        case 'x':
          append_utf8(out, hex(i, 2));
          i += 2;
          break;
        case 'u': {
          char32_t unit = hex(i, 4);
          i += 4;
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            // A high surrogate combines with a following \u low surrogate; alone it is U+FFFD.
            char32_t low = 0;
            if (at(i) == '\\' && at(i + 1) == 'u' && i + 6 <= last) {
              low = 0;
              bool all_hex = true;
              for (std::size_t k = 2; k < 6; ++k) all_hex = all_hex && hex_value(t_[i + k]) >= 0;
              if (all_hex) low = hex(i + 2, 4);
            }
            if (low >= 0xDC00 && low <= 0xDFFF) {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            } else {
              unit = 0xFFFD;
            }
          } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            unit = 0xFFFD;
          }
          append_utf8(out, unit);
          break;
        }
        case '\r':  // line continuation
          if (at(i) == '\n') ++i;
          break;
        case '\n':
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x80) {
            out.push_back(c);
          } else {
            const CodePoint cp = decode_at(t_, i - 1);
            if (!is_line_separator(cp.value)) out.append(t_.substr(i - 1, cp.length));
            i = i - 1 + cp.length;
          }
      }
    }
    return out;
  }
};

struct Splice {
  std::size_t at;
  std::size_t erase;
  std::string insert;
};

// Splices are applied in order of position; two at one position keep the order they were added in.
std::string apply(std::string_view text, std::vector<Splice> splices) {
  std::stable_sort(splices.begin(), splices.end(), [](const Splice& a, const Splice& b) { return a.at < b.at; });
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t cursor = 0;
  for (const Splice& s : splices) {
    if (s.at < cursor || s.at + s.erase > text.size())
      throw EditRefused("internal error: overlapping JSON5 edits; the file was left unchanged");
    out.append(text.substr(cursor, s.at - cursor));
    out += s.insert;
    cursor = s.at + s.erase;
  }
  out.append(text.substr(cursor));
  return out;
}

// The document with its tree, its spans and its layout conventions.
class Editor {
 public:
  explicit Editor(std::string_view text) : text_(text), scan_(text), doc_(parse(text)) {
    if (!doc_.is_object())
      throw EditRefused(std::string("the top-level value is ") + doc_.type_name() + ", not an object");
    root_ = scan_.skip_space(0);
    scan_.skip_value(root_);  // one full pass, to learn how the file quotes its keys
    json_style_ = scan_.keys() > 0 && scan_.double_quoted_keys() == scan_.keys();
    eol_ = line_ending();
  }

  std::string set(const std::vector<std::string>& path, const Json& value) {
    if (path.empty()) throw std::invalid_argument("json5 set_value: empty path");
    std::string written;
    write_value(written, value);  // throws before anything else on a value that cannot be written
    Json expected = doc_;
    Json* node = &expected;
    ObjectSpan object = scan_.scan_object(root_);
    for (std::size_t depth = 0; depth < path.size(); ++depth) {
      const std::string& key = path[depth];
      const Member* member = find(object, path, depth);
      if (member == nullptr) {
        // Create path[depth..] inside this object, the last intermediate first.
        for (std::size_t k = depth; k + 1 < path.size(); ++k) node = &(*node)[path[k]];
        (*node)[path.back()] = value;
        return verified(insert(object, path, depth, written), expected);
      }
      Json& child = (*node)[key];
      if (depth + 1 == path.size()) {
        child = value;
        const std::size_t length = member->value_end - member->value_begin;
        return verified(apply(text_, {{member->value_begin, length, written}}), expected);
      }
      if (!child.is_object() || scan_.at(member->value_begin) != '{')
        throw EditRefused(join_path(path, depth + 1) + " is " + child.type_name() + ", not an object, so " +
                          join_path(path, path.size()) + " cannot be set");
      node = &child;
      object = scan_.scan_object(member->value_begin);
    }
    return std::string(text_);  // not reached: the last key is either found or inserted
  }

  std::string remove(const std::vector<std::string>& path) {
    if (path.empty()) throw std::invalid_argument("json5 remove_value: empty path");
    Json expected = doc_;
    Json* node = &expected;
    ObjectSpan object = scan_.scan_object(root_);
    for (std::size_t depth = 0; depth < path.size(); ++depth) {
      const Member* member = find(object, path, depth);
      if (member == nullptr) return std::string(text_);
      if (depth + 1 == path.size()) {
        node->erase(path[depth]);
        return verified(erase(object, static_cast<std::size_t>(member - object.members.data())), expected);
      }
      Json& child = (*node)[path[depth]];
      if (!child.is_object() || scan_.at(member->value_begin) != '{')
        throw EditRefused(join_path(path, depth + 1) + " is " + child.type_name() + ", not an object, so " +
                          join_path(path, path.size()) + " cannot be removed");
      node = &child;
      object = scan_.scan_object(member->value_begin);
    }
    return std::string(text_);
  }

 private:
  std::string_view text_;
  Scanner scan_;
  Json doc_;
  std::size_t root_ = 0;
  bool json_style_ = false;
  std::string eol_;

  // The member named path[depth], or null; a key written twice is refused.
  const Member* find(const ObjectSpan& object, const std::vector<std::string>& path, std::size_t depth) const {
    const Member* found = nullptr;
    for (const Member& m : object.members) {
      if (m.key != path[depth]) continue;
      if (found != nullptr)
        throw EditRefused("key " + join_path(path, depth + 1) +
                          " appears more than once in its object; which one wins would be ambiguous to a reader");
      found = &m;
    }
    return found;
  }

  // The result, if it parses to `expected`; a mismatch is this code's bug, never the caller's file.
  static std::string verified(std::string result, const Json& expected) {
    try {
      const Json got = parse(result);
      // NaN never compares equal; the dumps (NaN as null) stand in for them.
      if (got == expected || got.dump() == expected.dump()) return result;
    } catch (const ParseError&) {
    }
    throw EditRefused("internal error: the edited JSON5 did not parse back to the expected value; the file was "
                      "left unchanged");
  }

  // The file's first line ending, "\n" when it has none.
  std::string line_ending() const {
    const std::size_t i = text_.find_first_of("\r\n");
    if (i == npos || text_[i] == '\n') return "\n";
    return scan_.at(i + 1) == '\n' ? "\r\n" : "\r";
  }

  std::size_t line_start(std::size_t i) const {
    while (i > 0 && !is_line_break(text_[i - 1])) --i;
    return i;
  }

  bool starts_line(std::size_t i) const {
    for (std::size_t k = line_start(i); k < i; ++k)
      if (!is_blank(text_[k])) return false;
    return true;
  }

  std::string indentation_of_line(std::size_t i) const {
    std::size_t k = line_start(i);
    const std::size_t begin = k;
    while (k < text_.size() && is_blank(text_[k])) ++k;
    return std::string(text_.substr(begin, k - begin));
  }

  bool has_line_break(std::size_t begin, std::size_t end) const {
    return std::any_of(text_.begin() + static_cast<std::ptrdiff_t>(begin),
                       text_.begin() + static_cast<std::ptrdiff_t>(end), is_line_break);
  }

  std::size_t line_break_length(std::size_t i) const {
    return text_[i] == '\r' && scan_.at(i + 1) == '\n' ? 2 : 1;
  }

  // From i, skips blanks and the comments that end on this line. `anchor` is left just after the last token
  // or comment; the return value is where the blanks after it stop (a line break when the line ends there).
  std::size_t skip_trailer(std::size_t i, std::size_t& anchor) const {
    anchor = i;
    for (;;) {
      while (i < text_.size() && (is_blank(text_[i]) || text_[i] == '\v' || text_[i] == '\f')) ++i;
      if (scan_.at(i) == '/' && scan_.at(i + 1) == '/') {
        i = scan_.line_comment_end(i);
        anchor = i;
        continue;
      }
      if (scan_.at(i) == '/' && scan_.at(i + 1) == '*') {
        const std::size_t end = scan_.block_comment_end(i);
        if (has_line_break(i, end)) break;
        i = anchor = end;
        continue;
      }
      break;
    }
    return i;
  }

  std::string key_text(const std::string& key) const {
    std::string quoted = Json(key).dump();  // also rejects a key that is not UTF-8
    return json_style_ || !is_identifier(key) ? quoted : key;
  }

  // `key: value` for path[depth..], the missing objects inline: `a: { b: { c: 1 } }`.
  std::string new_member(const std::vector<std::string>& path, std::size_t depth, const std::string& written) const {
    std::string out = key_text(path[depth]) + ": ";
    std::string tail = written;
    for (std::size_t k = path.size() - 1; k > depth; --k) tail = "{ " + key_text(path[k]) + ": " + tail + " }";
    return out + tail;
  }

  std::string insert(const ObjectSpan& object, const std::vector<std::string>& path, std::size_t depth,
                     const std::string& written) const {
    const std::string member = new_member(path, depth, written);
    const bool empty = object.members.empty();
    // An object is laid out over lines when its last member (or, empty, its closing brace) is on a later line
    // than its opening brace.
    const bool multi_line =
        has_line_break(object.open, empty ? object.close : object.members.back().key_begin);
    const std::string parent_indent = indentation_of_line(object.open);
    const std::string unit = parent_indent.find('\t') != npos ? "\t" : "  ";

    if (empty) {
      if (!multi_line) {
        const bool tight = object.close == object.open + 1;
        return apply(text_, {{object.open + 1, 0, " " + member + (tight ? " " : "")}});
      }
      const std::string indent = parent_indent + unit;
      if (starts_line(object.close))
        return apply(text_, {{line_start(object.close), 0, indent + member + eol_}});
      std::size_t at = object.close;
      while (at > object.open + 1 && is_blank(text_[at - 1])) --at;
      return apply(text_, {{at, 0, eol_ + indent + member}});
    }

    const Member& last = object.members.back();
    const bool trailing_comma = last.comma != npos;
    const std::string comma = trailing_comma ? "," : "";
    std::vector<Splice> splices;
    if (!trailing_comma) splices.push_back({last.value_end, 0, ","});
    const std::size_t after_last = trailing_comma ? last.comma + 1 : last.value_end;

    if (!multi_line) {
      splices.push_back({after_last, 0, " " + member + comma});
      return apply(text_, std::move(splices));
    }

    std::string indent = parent_indent + unit;
    for (auto it = object.members.rbegin(); it != object.members.rend(); ++it) {
      if (starts_line(it->key_begin)) {
        indent = indentation_of_line(it->key_begin);
        break;
      }
    }
    std::size_t anchor = after_last;
    const std::size_t stop = skip_trailer(after_last, anchor);
    if (stop < text_.size() && is_line_break(text_[stop])) {
      // The last member ends its line (perhaps with a comment): the new one gets the next line.
      splices.push_back({stop + line_break_length(stop), 0, indent + member + comma + eol_});
    } else {
      splices.push_back({anchor, 0, eol_ + indent + member + comma});
    }
    return apply(text_, std::move(splices));
  }

  std::string erase(const ObjectSpan& object, std::size_t index) const {
    const Member& m = object.members[index];
    std::vector<Splice> splices;
    // The last member without a trailing comma takes the comma before it along.
    if (m.comma == npos && index > 0) {
      const Member& previous = object.members[index - 1];
      if (previous.comma != npos) splices.push_back({previous.comma, 1, ""});
    }
    const std::size_t end = m.comma != npos ? m.comma + 1 : m.value_end;

    // Alone on its line(s): the whole lines go, and the comment after it on its last line.
    std::size_t anchor = end;
    const std::size_t stop = skip_trailer(end, anchor);
    if (starts_line(m.key_begin) && stop < text_.size() && is_line_break(text_[stop])) {
      const std::size_t begin = line_start(m.key_begin);
      splices.push_back({begin, stop + line_break_length(stop) - begin, ""});
      return apply(text_, std::move(splices));
    }

    std::size_t begin = m.key_begin;
    while (begin > object.open + 1 && is_blank(text_[begin - 1])) --begin;
    if (m.comma == npos && index > 0) {
      // The last member: back to the end of the previous one when only whitespace lies between, so that
      // `{ a: 1,\n  b: 2 }` loses `b` without leaving an empty line.
      const Member& previous = object.members[index - 1];
      const std::size_t previous_end = previous.comma != npos ? previous.comma + 1 : previous.value_end;
      bool only_space = true;
      for (std::size_t k = previous_end; k < m.key_begin && only_space; ++k)
        only_space = is_blank(text_[k]) || is_line_break(text_[k]);
      if (only_space) begin = previous_end;
    }
    std::size_t finish = end;
    if (m.comma != npos) {
      // `a: 1, b: 2` loses `a: 1, `; at the end of a line it loses the blanks before it instead.
      std::size_t after = end;
      while (after < text_.size() && is_blank(text_[after])) ++after;
      if (after < text_.size() && is_line_break(text_[after])) {
        finish = end;
      } else {
        begin = m.key_begin;
        finish = after;
      }
    }
    // The only member of a single-line object: `{ a: 1 }` becomes `{}`.
    if (object.members.size() == 1) {
      bool only_blanks = true;
      for (std::size_t k = object.open + 1; k < object.close && only_blanks; ++k)
        if (k < begin || k >= finish) only_blanks = is_blank(text_[k]);
      if (only_blanks) {
        begin = object.open + 1;
        finish = object.close;
      }
    }
    splices.push_back({begin, finish - begin, ""});
    return apply(text_, std::move(splices));
  }
};

}  // namespace

std::string set_value(std::string_view text, const std::vector<std::string>& path, const nlohmann::json& value) {
  return Editor(text).set(path, value);
}

std::string remove_value(std::string_view text, const std::vector<std::string>& path) {
  return Editor(text).remove(path);
}

}  // namespace clawbook::json5
