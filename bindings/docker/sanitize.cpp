#include "docker/sanitize.hpp"

#include "clawbook/fingerprint.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace clawbook::sanitize {

namespace {

// Length of the valid UTF-8 sequence starting at `i`, or 0 when it is not valid (overlongs, surrogates and
// code points past U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;
    if (lead == 0xED) max_second = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;
    if (lead == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(bytes.substr(i, length));
      i += length;
    }
  }
  return out;
}

bool looks_secret(std::string_view name) {
  static constexpr std::array markers{"token", "password", "passwd", "secret", "apikey", "api-key", "api_key",
                                      "private-key", "private_key", "credential", "auth"};
  const std::string text = lower(name);
  return std::any_of(markers.begin(), markers.end(),
                     [&](const char* marker) { return text.find(marker) != std::string::npos; });
}

std::vector<std::string> redact_argv(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  out.reserve(argv.size());
  bool next_is_secret = false;
  for (const std::string& arg : argv) {
    if (next_is_secret) {
      out.push_back(fingerprint(arg));
      next_is_secret = false;
      continue;
    }
    if (arg.rfind("-", 0) == 0) {
      const std::size_t eq = arg.find('=');
      const std::string_view flag = std::string_view(arg).substr(0, eq);
      if (looks_secret(flag)) {
        if (eq == std::string::npos) {
          next_is_secret = true;
        } else {
          out.push_back(std::string(flag) + "=" + fingerprint(std::string_view(arg).substr(eq + 1)));
          continue;
        }
      }
    }
    out.push_back(arg);
  }
  return out;
}

std::optional<std::string> flag_value(const std::vector<std::string>& argv, std::string_view flag) {
  std::optional<std::string> found;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == flag) {
      if (i + 1 < argv.size()) found = argv[i + 1];
    } else if (arg.size() > flag.size() && arg.compare(0, flag.size(), flag) == 0 && arg[flag.size()] == '=') {
      found = arg.substr(flag.size() + 1);
    }
  }
  return found;
}

}  // namespace clawbook::sanitize
