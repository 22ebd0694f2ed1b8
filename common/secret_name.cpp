#include "clawbook/secret_name.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace clawbook {
namespace {

constexpr std::size_t kMaxNameLength = 128;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (is_upper(x) ? static_cast<char>(x - 'A' + 'a') : x) == y;
         });
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> options) {
  return std::any_of(options.begin(), options.end(), [&](std::string_view o) { return iequals(word, o); });
}

std::vector<std::string_view> words_of(std::string_view name) {
  std::vector<std::string_view> words;
  std::size_t start = std::string_view::npos;
  const auto flush = [&](std::size_t end) {
    if (start != std::string_view::npos && end > start) words.push_back(name.substr(start, end - start));
    start = std::string_view::npos;
  };
  for (std::size_t k = 0; k < name.size(); ++k) {
    const char c = name[k];
    if (c == '_' || c == '-' || c == '.' || c == ' ') {
      flush(k);
      continue;
    }
    // A hump: "clientSecret" -> client|Secret, "APIKey" -> API|Key, "token2" stays one word.
    if (start != std::string_view::npos && is_upper(c) &&
        (is_lower(name[k - 1]) || is_digit(name[k - 1]) ||
         (is_upper(name[k - 1]) && k + 1 < name.size() && is_lower(name[k + 1]))))
      flush(k);
    if (start == std::string_view::npos) start = k;
  }
  flush(name.size());
  return words;
}

}  // namespace

SecretName classify_secret_name(std::string_view name) {
  // The shell's working directories (exactly these env names), not passwords; "DB_PWD" and "pwd" are.
  if (name.empty() || name.size() > kMaxNameLength || name == "PWD" || name == "OLDPWD") return SecretName::none;
  std::vector<std::string_view> words = words_of(name);
  if (!words.empty() && words.size() > 1 && iequals(words.back(), "pem")) words.pop_back();
  if (words.empty()) return SecretName::none;
  const std::string_view last = words.back();
  const std::string_view previous = words.size() >= 2 ? words[words.size() - 2] : std::string_view();
  if (iequals(last, "authorization")) return SecretName::authorization;
  // A name that is only a plural holds a list of them ("tokens": [...]); "maxTokens" is a count.
  if (words.size() == 1 && is_one_of(last, {"tokens", "passwords"})) return SecretName::secret;
  if (is_one_of(last, {"token", "password", "passwd", "pwd", "secret", "auth", "credential", "credentials", "cookie",
                       "apikey", "privatekey", "accesskey", "webhook"}))
    return SecretName::secret;
  const bool env_style = name.find('_') != std::string_view::npos && std::none_of(name.begin(), name.end(), is_lower) &&
                         std::any_of(name.begin(), name.end(), is_upper);
  if (iequals(last, "key") &&
      (words.size() == 1 || env_style ||
       is_one_of(previous, {"api", "private", "access", "secret", "client", "signing", "encryption", "master"})))
    return SecretName::secret;
  if (is_one_of(last, {"url", "uri"}) && iequals(previous, "webhook")) return SecretName::secret;
  return SecretName::none;
}

}  // namespace clawbook
