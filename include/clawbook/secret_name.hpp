// The one rule for which names carry secrets: environment variables, config keys, container env, HTTP headers,
// dotenv keys, query params and command-line flags all ask here, so "AUTH" means the same everywhere.
#pragma once

#include <string_view>

namespace clawbook {

enum class SecretName {
  none,           // not a credential name
  secret,         // the whole value is the secret
  authorization,  // Authorization / Proxy-Authorization: "Bearer X", "Basic X"; the value is still a secret
};

// Case-insensitive, by words: a name is split at '_', '-', '.', ' ', leading dashes ("--token") and camelCase humps
// ("clientSecret", "APIKey"), and only its last words decide. Secret when the last word is token, password,
// passwd, pwd, secret, auth, credential(s), cookie, apikey, privatekey or webhook; when it is "key" after api,
// private, access, secret, client, signing, encryption or master, or alone, or in an UPPER_SNAKE env name
// ("MY_KEY"); when it is url/uri after webhook ("SLACK_WEBHOOK_URL", "webhookUrl"). A trailing "pem" is skipped
// ("privateKeyPem"). "tokens" and "passwords" alone name lists of them. Not secret: other plurals and counts
// ("maxTokens", "secrets"), words that merely contain
// a marker ("keyboard", "author", "passwordFile"), public keys, and PWD / OLDPWD (directories).
SecretName classify_secret_name(std::string_view name);
inline bool is_secret_name(std::string_view name) { return classify_secret_name(name) != SecretName::none; }

}  // namespace clawbook
