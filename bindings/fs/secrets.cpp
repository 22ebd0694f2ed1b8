#include "fs/secrets.hpp"

#include "clawbook/secret_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace clawbook::fs {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

bool is_plain_literal(std::string_view value) {
  if (value == "true" || value == "false" || value == "null" || value == "undefined") return true;
  // What follows "auth:" in a log or config is often a mode, not a secret ("auth: token", "auth=password").
  for (const std::string_view mode : {"token", "password", "bearer", "basic", "disabled", "enabled"})
    if (value == mode) return true;
  return std::all_of(value.begin(), value.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '+';
  });
}

// Shorter values are not registered: redaction replaces every occurrence in every output, and a short common
// string ("env", "true") would mangle unrelated text. Real tokens are far longer.
constexpr std::size_t min_secret_length = 6;

// `secret_key`: the value sits directly under a credential-looking key (or in a list there). Objects below
// such a key, like a SecretRef {source, provider, id}, only point at a secret.
void collect_json(const nlohmann::json& value, bool secret_key, std::vector<std::string>& out) {
  if (value.is_string()) {
    if (secret_key && value.get_ref<const std::string&>().size() >= min_secret_length)
      out.push_back(value.get<std::string>());
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items()) collect_json(child, looks_secret_name(key), out);
  } else if (value.is_array()) {
    for (const auto& child : value) collect_json(child, secret_key, out);
  }
}

}  // namespace

bool looks_secret_name(std::string_view name) { return is_secret_name(name); }

std::vector<std::string> secret_values_in_text(std::string_view text) {
  std::vector<std::string> found;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_name_char(text[i])) {
      ++i;
      continue;
    }
    const std::size_t name_start = i;
    while (i < text.size() && is_name_char(text[i])) ++i;
    const std::string_view name = text.substr(name_start, i - name_start);
    if (!looks_secret_name(name)) continue;
    std::size_t j = i;
    if (j < text.size() && (text[j] == '"' || text[j] == '\'')) ++j;  // closing quote of a quoted key
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j >= text.size() || (text[j] != '=' && text[j] != ':')) continue;
    ++j;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    std::size_t end = j;
    if (j < text.size() && (text[j] == '"' || text[j] == '\'')) {
      const char quote = text[j++];
      end = j;
      while (end < text.size() && text[end] != quote && text[end] != '\n') end += text[end] == '\\' ? 2 : 1;
      end = std::min(end, text.size());
    } else {
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != ',' &&
             text[end] != ';' && text[end] != '}' && text[end] != ']' && text[end] != '\0')
        ++end;
    }
    const std::string_view value = text.substr(j, end - j);
    if (value.size() >= min_secret_length && value.front() != '{' && value.front() != '[' &&
        !is_plain_literal(value))
      found.emplace_back(value);
    i = std::max(i, end);
  }
  return found;
}

std::vector<std::string> secret_values_in_json(const nlohmann::json& document) {
  std::vector<std::string> found;
  collect_json(document, false, found);
  return found;
}

}  // namespace clawbook::fs
