#include "fs/toml.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace clawbook::fs {
namespace {

using nlohmann::json;

// Where the scan is in the grammar: reading a key (line start, after `{` or `,` in an inline table, inside a
// table header) or a value (after `=`, inside an array).
enum class Mode { key, value };

struct Open {
  char kind;  // 'A' an array, 'T' an inline table
  int depth;  // the depth of the container itself
};

class DepthScan {
 public:
  DepthScan(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

  TomlDepth run() {
    while (i_ < text_.size() && result_.line == 0) step();
    return result_;
  }

 private:
  void note(int depth) {
    result_.depth = std::max(result_.depth, depth);
    if (depth > max_depth_ && result_.line == 0) {
      result_.line = line_;
      result_.column = static_cast<int>(i_ - line_start_) + 1;
    }
  }
  int base() const { return stack_.empty() ? table_ : stack_.back().depth; }
  bool at(std::string_view s) const { return text_.substr(i_, s.size()) == s; }

  void count_line() {
    ++line_;
    line_start_ = i_ + 1;
  }

  void newline() {
    count_line();
    if (stack_.empty()) {  // a key-value pair or a header ends with its line
      mode_ = Mode::key;
      parts_ = 0;
      header_ = false;
    }
  }

  // Skips a string starting at i_ (any of the four forms); i_ ends on its last character.
  void skip_string() {
    const char quote = text_[i_];
    const bool multi = at(quote == '"' ? "\"\"\"" : "'''");
    i_ += multi ? 3 : 1;
    for (; i_ < text_.size(); ++i_) {
      const char c = text_[i_];
      if (c == '\\' && quote == '"') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '\n') {
          ++i_;
          count_line();
        } else {
          ++i_;
        }
        continue;
      }
      if (c == '\n') {
        if (!multi) return;  // unterminated: toml++ reports it
        count_line();
        continue;
      }
      if (c == quote && (!multi || at(quote == '"' ? "\"\"\"" : "'''"))) {
        if (multi) {
          i_ += 2;
          while (i_ + 1 < text_.size() && text_[i_ + 1] == quote) ++i_;  // up to two quotes end the content
        }
        return;
      }
    }
  }

  void key_part() {
    if (parts_ == 0) parts_ = 1;
    note(header_ ? parts_ + (table_array_ ? 1 : 0) : base() + parts_);
  }

  void step() {
    const char c = text_[i_];
    if (c == '\n') {
      newline();
    } else if (c == '#') {
      while (i_ + 1 < text_.size() && text_[i_ + 1] != '\n') ++i_;
    } else if (c == '"' || c == '\'') {
      if (mode_ == Mode::key) key_part();
      skip_string();
    } else if (mode_ == Mode::key) {
      key_char(c);
    } else {
      value_char(c);
    }
    ++i_;
  }

  void key_char(char c) {
    if (c == ' ' || c == '\t' || c == '\r') return;
    if (c == '[' && stack_.empty() && parts_ == 0 && !header_) {
      header_ = true;
      table_array_ = i_ + 1 < text_.size() && text_[i_ + 1] == '[';
      if (table_array_) ++i_;
    } else if (c == ']' && header_) {
      table_ = parts_ + (table_array_ ? 1 : 0);
      header_ = false;
      parts_ = 0;
      mode_ = Mode::value;  // the rest of the line is no key
    } else if (c == '.') {
      ++parts_;
      key_part();
    } else if (c == '=') {
      value_ = base() + std::max(parts_, 1);
      note(value_);
      parts_ = 0;
      mode_ = Mode::value;
    } else if (c == '}') {
      close('T');
    } else if (c == ',') {
      parts_ = 0;
    } else {
      key_part();
    }
  }

  void value_char(char c) {
    if (c == '[') {
      stack_.push_back(Open{.kind = 'A', .depth = value_});
      value_ += 1;
      note(value_);
    } else if (c == '{') {
      stack_.push_back(Open{.kind = 'T', .depth = value_});
      mode_ = Mode::key;
      parts_ = 0;
    } else if (c == ',') {
      if (!stack_.empty() && stack_.back().kind == 'T') {
        mode_ = Mode::key;
        parts_ = 0;
      } else if (!stack_.empty()) {
        value_ = stack_.back().depth + 1;
      }
    } else if (c == ']') {
      close('A');
    } else if (c == '}') {
      close('T');
    }
  }

  void close(char) {
    if (stack_.empty()) return;  // unbalanced: toml++ reports it
    stack_.pop_back();
    mode_ = Mode::value;
    if (!stack_.empty() && stack_.back().kind == 'A') value_ = stack_.back().depth + 1;
  }

  std::string_view text_;
  int max_depth_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  Mode mode_ = Mode::key;
  std::vector<Open> stack_;
  int table_ = 0;  // the depth of the current [table]
  int parts_ = 0;  // parts of the key being read
  int value_ = 0;  // the depth of the value being read
  bool header_ = false;
  bool table_array_ = false;
  TomlDepth result_;
};

class Converter {
 public:
  explicit Converter(const TomlLimits& limits) : limits_(limits) {}

  json convert(const toml::node& node, int depth) {
    if (++values_ > limits_.max_values) {
      const auto& where = node.source().begin;
      throw LimitError("more than " + std::to_string(limits_.max_values) + " values",
                       std::max<int>(1, static_cast<int>(where.line)),
                       std::max<int>(1, static_cast<int>(where.column)));
    }
    if (depth > limits_.max_depth)  // the scan keeps this from happening; kept as the last guard
      throw LimitError("nested deeper than " + std::to_string(limits_.max_depth) + " levels", 1, 1);
    if (const auto* table = node.as_table()) {
      json object = json::object();
      for (const auto& [key, value] : *table) object[std::string(key.str())] = convert(value, depth + 1);
      return object;
    }
    if (const auto* array = node.as_array()) {
      json list = json::array();
      for (const auto& value : *array) list.push_back(convert(value, depth + 1));
      return list;
    }
    if (const auto* text = node.as_string()) return text->get();
    if (const auto* integer = node.as_integer()) return static_cast<std::int64_t>(integer->get());
    if (const auto* number = node.as_floating_point()) return number->get();
    if (const auto* flag = node.as_boolean()) return flag->get();
    std::ostringstream out;
    if (const auto* date = node.as_date()) out << *date;
    if (const auto* time = node.as_time()) out << *time;
    if (const auto* moment = node.as_date_time()) out << *moment;
    return out.str();
  }

 private:
  const TomlLimits& limits_;
  std::size_t values_ = 0;
};

}  // namespace

TomlDepth scan_toml_depth(std::string_view text, int max_depth) { return DepthScan(text, max_depth).run(); }

json parse_toml(std::string_view text, const TomlLimits& limits) {
  if (text.size() > limits.max_input_bytes)
    throw LimitError("larger than " + std::to_string(limits.max_input_bytes) + " bytes", 1, 1);
  const TomlDepth depth = scan_toml_depth(text, limits.max_depth);
  if (depth.line != 0)
    throw LimitError("nested deeper than " + std::to_string(limits.max_depth) + " levels", depth.line, depth.column);
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw json5::ParseError(std::string(error.description()), std::max<int>(1, static_cast<int>(where.line)),
                            std::max<int>(1, static_cast<int>(where.column)));
  }
  return Converter(limits).convert(table, 0);
}

}  // namespace clawbook::fs
