// Credential-shaped values in free text (logs, the journal, container environments) for `clawbook bundle`:
// defence in depth on top of the Redactor, which only knows the secrets the engine was told about.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace clawbook {

// Values that look like credentials are replaced by their fingerprint (clawbook::fingerprint, the Redactor's
// format, so the same secret gets the same placeholder everywhere); quotes and layout around them stay. Each
// replaced value is also passed to `found`, so the caller can register it with the Redactor for the other files.
//
// Found, keys case-insensitive:
// - a key that is a secret name (clawbook/secret_name.hpp, the one rule: "access_token", "x-api-key",
//   "clientSecret", "accessKey", "X-Auth", "MY_AUTH", "webhookUrl", an UPPERCASE env name ending in _KEY), in the
//   forms key=value, key: value, key := value, "key": "value", 'key': 'value', "KEY=value" (a JSON env array),
//   ?key=value&..., --key=value and --key value. A YAML "key: value" or an env NAME=value at the start of a line
//   (after blanks, "export " or "- ") takes the rest of the line, less a " #" comment; elsewhere an unquoted
//   value ends at a blank, a quote or one of , ; & ) ] } < >;
// - Authorization (and Proxy-Authorization) with a Bearer, Basic or Token credential: the credential;
// - URL userinfo scheme://user:password@host: the password;
// - token shapes anywhere: sk-…, gh[pousr]_…, github_pat_…, xox[bap]-…, AKIA…, JWTs (eyJ….….…), Slack and
//   Discord webhook URLs (host and path);
// - PEM private key blocks, BEGIN to END as one value (a block with no END: its base64 body).
// Left alone: values shorter than 4 characters, fingerprints, null/true/false/undefined/none, ***, <redacted>,
// words an error message puts there (missing, invalid, expired, required), auth modes (token, password, bearer,
// basic, disabled, enabled), pure ${VAR} references, and the
// PWD and OLDPWD variables (directories).
//
// Linear in the text: lines are scanned in 64 KiB windows (a value across a window boundary can be missed).
std::string redact_secret_patterns(std::string_view text, const std::function<void(std::string_view)>& found = {});

}  // namespace clawbook
