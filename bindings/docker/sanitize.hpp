// Shaping untrusted text for results (shared by the docker and systemd support code): results are JSON-safe
// UTF-8, and command lines never show the value of a credential flag.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::sanitize {

// Valid UTF-8: every byte sequence that is not valid UTF-8 becomes U+FFFD (so JSON encoding never throws).
std::string to_utf8(std::string_view bytes);

// True when a flag or variable name carries a credential: the one rule, clawbook::is_secret_name.
bool looks_secret(std::string_view name);

// argv with the values of credential flags (`--token X`, `--password=X`) replaced by their fingerprints.
std::vector<std::string> redact_argv(const std::vector<std::string>& argv);

// Value of `--flag VALUE` or `--flag=VALUE` in argv (the last occurrence wins, as in most CLIs).
std::optional<std::string> flag_value(const std::vector<std::string>& argv, std::string_view flag);

}  // namespace clawbook::sanitize
