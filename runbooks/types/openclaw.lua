---@meta
-- openclaw: OpenClaw's paths, config, token sources, locks and versions, resolved as OpenClaw does (capability fs)
openclaw = {}

-- Secrets read from files and environments never come back: only fingerprints ("sha256:1a2b3c4d"). The one
-- exceptions, openclaw.client_token and openclaw.server_token, return a value registered as a secret: outputs show only its fingerprint.

---@class OpenclawNodeVersion
---@field version string
---@field executable string
---@field sqlite_checked? boolean
---@field sqlite? string
---@field sqlite_source? string
---@field sqlite_available? boolean
---@field sqlite_shared? boolean
---@field sqlite_error? string

---@class OpenclawOptions
---@field profile? string as `openclaw --profile` would give it ("dev" also defaults the port to 19001)
---@field pid? integer resolve from this running process's environment (a gateway's); also needs capability proc

---@class OpenclawLogFile
---@field path string
---@field kind string
---@field exists boolean

---@class OpenclawPaths
---@field home string
---@field home_source string
---@field profile? string
---@field profile_source "arg"|"env"|"none"
---@field state_dir string
---@field state_dir_source "OPENCLAW_STATE_DIR"|"profile"|"legacy"|"default"
---@field state_dir_exists boolean
---@field config_path string
---@field config_source "OPENCLAW_CONFIG_PATH"|"state_dir"|"legacy_name"|"default_dir"|"canonical"
---@field config_exists boolean
---@field config_candidates string[]
---@field env_file string <state>/.env, the global dotenv
---@field tmpdir string
---@field uid integer whose lock dir
---@field lock_dirs string[]
---@field lock_name string gateway.<hash>.lock for this config path
---@field log_files OpenclawLogFile[]
---@field workspace string
---@field default_port? integer 19001 for the dev profile

---An effective setting and where it came from.
---@class OpenclawSetting
---@field value any
---@field source string e.g. "config", "default", "env:OPENCLAW_GATEWAY_PORT", "unset"
---@field valid? boolean
---@field host? string bind: the address the gateway listens on
---@field loopback_only? boolean bind: only 127.0.0.1

---@class OpenclawGatewaySettings
---@field port OpenclawSetting
---@field mode OpenclawSetting "local", "remote" or unset (which blocks the start)
---@field bind OpenclawSetting
---@field auth? table mode and secret (kind, source, set, fingerprint)
---@field remote? table
---@field control_ui? table
---@field trusted_proxies? table
---@field tls? boolean gateway.tls.enabled is true
---@field workspace? table

---@class OpenclawLegacyKey
---@field key string
---@field value? any
---@field message string
---@field use string what to use instead

---@class OpenclawBackup
---@field path string
---@field kind string bak, rejected, clobbered, last-good
---@field mtime number
---@field size integer

---@class OpenclawConfig
---@field ok boolean
---@field path? string
---@field source? string how the config path was chosen
---@field config? table the parsed tree, secrets replaced by fingerprints
---@field gateway? OpenclawGatewaySettings
---@field legacy? OpenclawLegacyKey[]
---@field backups OpenclawBackup[] newest first
---@field error? "not_found"|"invalid"|"permission_denied"|string
---@field line? integer of a parse error
---@field column? integer of a parse error
---@field message? string

---@class OpenclawTokenSource
---@field source string config, dotenv, process, systemd, systemd:EnvironmentFile, ...
---@field set boolean
---@field fingerprint? string
---@field path? string
---@field pid? integer
---@field unit? string
---@field ignored_by_openclaw? boolean
---@field error? string
---@field message? string

---@class OpenclawTokenDrift
---@field distinct integer distinct fingerprints
---@field drift boolean more than one
---@field effective? string the fingerprint the gateway uses
---@field effective_source? string
---@field mismatched string[] labels of the sources that differ from the effective one
---@field groups table<string, string[]> labels by fingerprint

---@class OpenclawTokenSources
---@field sources OpenclawTokenSource[]
---@field drift OpenclawTokenDrift

---@class OpenclawClientToken
---@field set boolean
---@field kind? "token"|"password"
---@field value? string a registered secret: shown only as a fingerprint anywhere it is output
---@field source? string config, config:env-substitution, config:secretref, env, dotenv, config:remote
---@field fingerprint? string
---@field skipped? string[] SecretRefs that could not be resolved (file, exec)

---@class OpenclawLock
---@field path string
---@field kind "lock"|"pidfile"
---@field matches_config boolean
---@field mtime? number
---@field pid? integer
---@field status? "alive"|"dead"|"zombie"|"reused"
---@field stale? boolean
---@field owner? {comm: string, cmdline: string, is_gateway: boolean}
---@field created_at? any
---@field config_path? string
---@field port? integer
---@field role? string
---@field start_time? integer
---@field error? string
---@field message? string

---@class OpenclawRunningVersion
---@field pid integer
---@field version? string
---@field source? string "package.json" or "env:OPENCLAW_SERVICE_VERSION"
---@field package_dir? string
---@field matches_installed? boolean

---@class OpenclawVersion
---@field ok boolean
---@field version? string installed version (package.json next to the CLI on PATH; node is not run)
---@field cli? string
---@field resolved? string
---@field package_dir? string
---@field running? OpenclawRunningVersion[] only with capability proc
---@field error? "not_found"|"no_package"|string
---@field message? string

---Resolves OpenClaw's home, state dir, config path, log files and lock dirs, with where each came from.
---@param opts? OpenclawOptions
---@return OpenclawPaths|nil paths
---@return string? message when the environment of opts.pid cannot be read
function openclaw.paths(opts) end

---Loads the config (JSON5): the tree with secrets as fingerprints, effective gateway settings, legacy keys.
---@param opts? OpenclawOptions
---@return OpenclawConfig|nil config
---@return string? message when the environment of opts.pid cannot be read
function openclaw.config(opts) end

---Fingerprints every place the gateway token can come from and reports drift between them (needs proc too).
---@param opts? {profile?: string}
---@return OpenclawTokenSources
function openclaw.token_sources(opts) end

---Resolves the shared secret a local client would send, as the gateway resolves its own.
---@param opts? {profile?: string}
---@return OpenclawClientToken
function openclaw.client_token(opts) end

---The shared secret a gateway expects (config gateway.auth.* first, then its environment, then the dotenv): with
---pid, as that running gateway resolves it. The value is registered as a secret, like client_token's.
---@param opts? OpenclawOptions
---@return OpenclawClientToken
function openclaw.server_token(opts) end

---The Node.js of a running gateway (its executable), or `node` on PATH: its version and, with capability
---exec:node, the SQLite its node:sqlite loads (a fixed `node -e` probe in a clean environment; without exec:node
---only `--version` runs and sqlite_checked is false). sqlite is absent when the Node has none (Node 20).
---@param opts? {pid?: integer, timeout?: number}
---@return OpenclawNodeVersion|nil
---@return string? message
function openclaw.node_version(opts) end

---Lists gateway lock files and whether their owner still lives.
---@param opts? {profile?: string}
---@return OpenclawLock[]
function openclaw.locks(opts) end

---The install a running gateway serves, resolved from its /proc environ and --profile (paths only).
---@class OpenclawGatewayHome
---@field from "environ"|"argv" argv: its environment was unreadable (another user's), the home is its uid's and the profile its argument's: a guess
---@field state_dir string
---@field state_dir_source string
---@field config_path string
---@field config_source string
---@field config_exists boolean
---@field profile_source string
---@field profile? string
---@field namespace? "other" it runs in another mount namespace (a container): its paths are not this host's
---@field error? string why its environment could not be read

---@class OpenclawGatewayProcess: ProcGatewayProcess
---@field home OpenclawGatewayHome
---@field own boolean the same state dir or config as this install's (resolved with opts.profile)

---Lists every gateway process (as proc.gateway_processes) with the install it serves: several profiles run
---several gateways on one host, each with its own state dir, config and port. Needs capability proc too.
---@param opts? {profile?: string}
---@return OpenclawGatewayProcess[]
function openclaw.gateways(opts) end

---Reports the installed OpenClaw version and, with capability proc, the running gateways' versions.
---@return OpenclawVersion
function openclaw.version() end

---@class OpenclawConfigSchema
---@field ok boolean
---@field version? string the installed release the schema belongs to
---@field path? string the cache file: $XDG_CACHE_HOME/clawbook, /var/cache/clawbook as root, else ~/.cache/clawbook
---@field source? string "cache" | "cli" (printed now by `openclaw config schema`)
---@field bytes? integer size of the schema
---@field cli? string the openclaw CLI
---@field duration_ms? number how long the CLI took (source = "cli" or a failed run)
---@field cache_error? string the schema was printed but could not be cached
---@field error? string no_cli | no_version | not_cached | timeout | cli_failed | invalid_schema | write_failed
---@field message? string

---The installed release's config schema (`openclaw config schema`), cached per version outside the clone and the
---state dir. On a cache miss the CLI runs without a shell (timeout, 16 MiB output cap, an empty scratch state dir)
---only when the runbook declares exec:openclaw; otherwise error = "not_cached".
---@param opts? {timeout?: number, refresh?: boolean}
---@return OpenclawConfigSchema
function openclaw.config_schema(opts) end

---@class OpenclawConfigValidation: JsonValidation
---@field config_path? string the config file validated
---@field schema? {version: string, path: string, source?: string} the schema used
---@field cached? boolean the verdict of an earlier run, reused: neither the config nor the cached schema changed

---Validates the config file (as parsed, before redaction) against the installed release's schema
---(openclaw.config_schema): each violation with its path and message; values under secret keys are never quoted.
---@param opts? {profile?: string, pid?: integer, timeout?: number, max_violations?: integer}
---@return OpenclawConfigValidation
function openclaw.validate_config(opts) end
