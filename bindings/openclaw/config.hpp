// OpenClaw's config file (JSON5) as a runbook needs it: the parsed tree with every secret replaced by its
// fingerprint, the effective gateway settings with where each comes from, legacy keys the blog posts spread,
// and the backup / rejected / clobbered copies next to the file.
#pragma once

#include "openclaw/paths.hpp"

#include <string_view>

namespace clawbook::openclaw {

// Keys whose values are secrets: the one rule, clawbook::is_secret_name (so maxTokens, a count, is not).
bool is_secret_key(std::string_view key);

// The tree with secret values replaced by fingerprints ("sha256:1a2b3c4d"). A SecretRef ({source, provider?,
// id}) under a secret key is kept: it names where the secret is, not the secret.
Json redact_secrets(const Json& tree);

// The effective gateway settings and their sources (see config.cpp for the precedence rules).
Json effective_gateway(const Json& config, const Environment& env, const Paths& paths);

// Keys and values that OpenClaw does not read the way the seeds suggest: {key, value?, message, use}.
Json legacy_keys(const Json& config, const Environment& env);

// openclaw.json.bak, .bak.N, .rejected.*, .clobbered.*, .last-good next to `config_path`: {path, kind, mtime,
// size}, newest first.
Json config_backups(const std::string& config_path);

// Everything together: {ok=true, path, source, config, gateway, legacy, backups} or
// {ok=false, error="not_found"|"invalid"|"permission_denied"|..., path, message, line?, column?, backups}.
Json load_config(const Environment& env, const PathOptions& options = {});

// Reads and parses a config file: the tree, or an error result as above (without backups).
Json read_config_file(const std::string& path, Json* tree);

// The shared secret a local client would send to this install's gateway: OPENCLAW_GATEWAY_TOKEN / _PASSWORD
// from the client's environment, else config gateway.auth.*, else <state>/.env; password when the auth mode
// says so (or a password resolves and no mode is set); falling back to gateway.remote.* (remote mode). Unresolvable SecretRefs (file, exec)
// are skipped and named in `skipped`.
struct ClientSecret {
  std::optional<std::string> value;
  std::string kind = "token";  // token | password
  std::string source;          // config | config:env-substitution | config:secretref | env | dotenv | config:remote
  std::vector<std::string> skipped;
};
ClientSecret client_secret(const Environment& env, const PathOptions& options = {});

// The shared secret a gateway started with `env` expects, as OpenClaw resolves it (src/gateway/auth.ts): config
// gateway.auth.* first, then its environment, then <state>/.env. With a running gateway's environment this is
// the value clients must send; recovery pins it where the client reads.
ClientSecret server_secret(const Environment& env, const PathOptions& options = {});

}  // namespace clawbook::openclaw
