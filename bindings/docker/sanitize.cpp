#include "docker/sanitize.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/secret_name.hpp"
#include "clawbook/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace clawbook::sanitize {

std::string to_utf8(std::string_view bytes) { return valid_utf8(bytes); }

bool looks_secret(std::string_view name) { return is_secret_name(name); }

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
