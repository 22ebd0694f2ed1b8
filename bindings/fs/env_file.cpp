// Env files, one line at a time: no line is ever re-serialized except the one whose value changes.
#include "fs/env_file.hpp"

#include <algorithm>
#include <stdexcept>

namespace clawbook::envfile {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

bool is_valid_name(std::string_view name) {
  return !name.empty() && is_name_start(name.front()) && std::all_of(name.begin(), name.end(), is_name_char);
}

// Characters that need no quoting in any reader (shell, dotenv, systemd).
bool is_bare_char(char c) {
  return is_name_char(c) || c == '.' || c == '/' || c == ':' || c == '@' || c == '+' || c == '-';
}

struct Assignment {
  std::string_view name;
  std::size_t value_begin;  // the value's bytes in the text, quotes included
  std::size_t value_end;
  std::string value;  // unquoted
};

// The assignment on the line text[begin, end) (its line ending excluded), if it is one.
std::optional<Assignment> parse_line(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t i = begin;
  while (i < end && is_blank(text[i])) ++i;
  if (text.substr(i, end - i).substr(0, 6) == "export" && i + 6 < end && is_blank(text[i + 6])) {
    i += 6;
    while (i < end && is_blank(text[i])) ++i;
  }
  const std::size_t name_begin = i;
  if (i == end || !is_name_start(text[i])) return std::nullopt;
  while (i < end && is_name_char(text[i])) ++i;
  Assignment a{text.substr(name_begin, i - name_begin), 0, 0, {}};
  while (i < end && is_blank(text[i])) ++i;
  if (i == end || text[i] != '=') return std::nullopt;
  ++i;
  while (i < end && is_blank(text[i])) ++i;
  a.value_begin = i;

  const char quote = i < end ? text[i] : '\0';
  if (quote == '"' || quote == '\'') {
    std::string value;
    for (std::size_t k = i + 1; k < end; ++k) {
      const char c = text[k];
      if (c == quote) {
        a.value_end = k + 1;
        a.value = std::move(value);
        return a;
      }
      // Inside double quotes a backslash escapes only what the shell lets it escape; elsewhere it is kept.
      if (quote == '"' && c == '\\' && k + 1 < end) {
        const char next = text[k + 1];
        if (next == '\\' || next == '"' || next == '$' || next == '`') {
          value.push_back(next);
          ++k;
          continue;
        }
      }
      value.push_back(c);
    }
    // Unterminated: read as a bare value below.
  }
  std::size_t k = i;
  while (k < end && !(text[k] == '#' && k > begin && is_blank(text[k - 1]))) ++k;
  while (k > i && is_blank(text[k - 1])) --k;
  a.value_end = k;
  a.value = std::string(text.substr(i, k - i));
  return a;
}

// Calls f(assignment) for every assignment line, in order.
template <typename F>
void for_each_assignment(std::string_view text, F&& f) {
  std::size_t begin = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") begin = 3;  // UTF-8 BOM
  while (begin < text.size()) {
    std::size_t next = text.find('\n', begin);
    std::size_t end = next == std::string_view::npos ? text.size() : next;
    next = next == std::string_view::npos ? text.size() : next + 1;
    if (end > begin && text[end - 1] == '\r') --end;
    if (auto a = parse_line(text, begin, end)) f(*a);
    begin = next;
  }
}

std::string format_value(std::string_view value) {
  if (std::all_of(value.begin(), value.end(), is_bare_char)) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"' || c == '$' || c == '`') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::optional<std::string> get(std::string_view text, std::string_view name) {
  std::optional<std::string> found;
  for_each_assignment(text, [&](Assignment& a) {
    if (a.name == name) found = std::move(a.value);
  });
  return found;
}

std::string set(std::string_view text, std::string_view name, std::string_view value) {
  if (!is_valid_name(name))
    throw std::invalid_argument("env file: invalid variable name '" + std::string(name) +
                                "' (expected [A-Za-z_][A-Za-z0-9_]*)");
  if (value.find_first_of(std::string_view("\n\r\0", 3)) != std::string_view::npos)
    throw std::invalid_argument("env file: the value of " + std::string(name) +
                                " holds a line break or a NUL, which an env file cannot hold on one line");

  std::optional<Assignment> last;
  for_each_assignment(text, [&](Assignment& a) {
    if (a.name == name) last = std::move(a);
  });
  const std::string formatted = format_value(value);
  std::string out;
  if (last) {
    out.reserve(text.size() + formatted.size());
    out.append(text.substr(0, last->value_begin));
    out += formatted;
    out.append(text.substr(last->value_end));
    return out;
  }
  const std::size_t first_break = text.find('\n');
  const std::string eol = first_break != std::string_view::npos && first_break > 0 && text[first_break - 1] == '\r'
                              ? "\r\n"
                              : "\n";
  out = std::string(text);
  if (!out.empty() && out.back() != '\n') out += eol;
  out.append(name);
  out += '=';
  out += formatted;
  out += eol;
  return out;
}

}  // namespace clawbook::envfile
