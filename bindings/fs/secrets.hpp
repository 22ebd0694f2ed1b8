// Finds credentials in what the fs module returns, so the binding can register them as secrets (every output
// then shows only their fingerprint). Files fs reads often hold tokens: openclaw.json (gateway.auth.token),
// ~/.openclaw/.env, systemd units (Environment=OPENCLAW_GATEWAY_TOKEN=...).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace clawbook::fs {

// Whether a key or variable name names a credential: the one rule, clawbook::is_secret_name.
bool looks_secret_name(std::string_view name);

// Values assigned to credential-looking names in free text: NAME=value, NAME: value, "name": "value",
// name: 'value', --name=value. Booleans, numbers, nested objects and values shorter than 6 characters (too
// common to redact everywhere) are not reported.
std::vector<std::string> secret_values_in_text(std::string_view text);

// String values (of at least 6 characters) directly under credential-looking keys, or in lists there, anywhere
// in a parsed document.
std::vector<std::string> secret_values_in_json(const nlohmann::json& document);

}  // namespace clawbook::fs
