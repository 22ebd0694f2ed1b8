---@meta
-- gateway: probes of an OpenClaw gateway: TCP, HTTP(S), WebSocket, connect handshake, RPC sessions (capability net)
gateway = {}

-- Every function yields until its result is in, bounded by opts.timeout (seconds) and the run's deadline.
-- Failures of the network are results with ok=false, a classified `error`, a `message` and (where it applies)
-- the `phase` reached. Secrets passed in never appear in results: `token_fingerprint` stands in for them.

---@alias GatewayError
---| "refused"
---| "timeout"
---| "unreachable"
---| "dns_error"
---| "reset"
---| "closed"
---| "address_unavailable"
---| "aborted"
---| "bad_url"
---| "tls_handshake"
---| "cert_verify"
---| "tls_on_plain_port"
---| "plain_on_tls_port"
---| "bad_http_response"
---| "device_key"
---| "error"
---| string

---TLS settings of https:// and wss:// targets; the certificate is verified unless `insecure` is set.
---@class GatewayTlsOptions
---@field ca_file? string PEM bundle to trust instead of the system store
---@field server_name? string SNI and the name checked in the certificate (default: the URL's host)
---@field insecure? boolean skip certificate verification (default false)
---@field timeout? number seconds (default 5)

---@class GatewayHttpOptions: GatewayTlsOptions
---@field method? string default "GET"
---@field headers? table<string, string> request headers; an Authorization value is registered as a secret
---@field body? string request body (default "")
---@field body_cap? integer bytes of the body kept, the rest dropped and `truncated` set (default 1048576)

---@class GatewayConnectOptions: GatewayTlsOptions
---@field token? string shared token (registered as a secret)
---@field password? string shared password (registered as a secret)
---@field role? string default "operator"
---@field scopes? string[] default {"operator.read"}
---@field min_protocol? integer default 3
---@field max_protocol? integer default 4
---@field client_version? string default "clawbook-<version>"
---@field platform? string default "linux"
---@field device_key? string Ed25519 PEM or an OpenClaw identity/device.json (default: no device identity)
---@field max_message_bytes? integer largest frame accepted (default 16 MiB)
---@field stream? boolean keep the session and how it ended until session:next reports the end (a watch)
---@field timeout? number seconds (default 10)

---@class GatewayAttempt
---@field address string "127.0.0.1:18789" or "[::1]:18789"
---@field ok boolean
---@field error? GatewayError
---@field message? string
---@field latency_ms number

---@class GatewayTcpResult
---@field ok boolean
---@field address? string the address connected
---@field latency_ms? number of the successful connect
---@field tried GatewayAttempt[] every address tried, in order
---@field error? GatewayError
---@field message? string

---@class GatewayTimings
---@field connect_ms? number
---@field tls_ms? number
---@field ttfb_ms? number
---@field total_ms? number

---@class GatewayHttpResult
---@field ok boolean false when no HTTP answer came (any status is ok=true)
---@field status? integer HTTP status
---@field reason? string
---@field headers? table<string, string> lowercase names
---@field body? string at most body_cap bytes
---@field truncated? boolean
---@field address? string
---@field tls? {version: string, cipher: string}
---@field timings GatewayTimings
---@field phase? string where it failed: url, tcp, tls, request, response
---@field error? GatewayError
---@field message? string
---@field verify_reason? string why the certificate was refused (error cert_verify)
---@field url? string

---@class GatewayProbeEndpoint
---@field status? integer
---@field json? boolean whether the body parsed as JSON
---@field body? any the parsed body
---@field content_type? string
---@field error? GatewayError
---@field message? string

---@class GatewayHealthResult
---@field ok boolean whether /healthz answered at all
---@field live boolean /healthz answered 200 with JSON
---@field ready? boolean from /readyz
---@field started? boolean /startupz status is "started"
---@field failing? any what /readyz reports failing
---@field status? string
---@field version? string gateway version from /startupz
---@field uptimeMs? number
---@field pendingReason? string
---@field endpoints table<string, GatewayProbeEndpoint> healthz, readyz, startupz
---@field warnings string[] e.g. a 200 with a non-JSON body (not an OpenClaw probe endpoint)
---@field error? GatewayError
---@field message? string

---@class GatewayTokenCheckResult
---@field ok boolean
---@field status? integer
---@field token_accepted? boolean
---@field verdict? "accepted"|"rejected"|"token_required"|"rate_limited"|"unexpected_status"
---@field token_fingerprint? string
---@field latency_ms? number
---@field retry_after? string
---@field server_error? any the error object of the answer
---@field phase? string
---@field error? GatewayError
---@field message? string
---@field address? string

---@class GatewayWsUpgradeResult
---@field ok boolean
---@field status? integer 101 when upgraded
---@field upgraded? boolean
---@field accept_valid? boolean Sec-WebSocket-Accept matches the key
---@field headers? table<string, string>
---@field body? string
---@field timings? GatewayTimings
---@field phase? string
---@field error? GatewayError
---@field message? string

---@class GatewayConnectFailure
---@field ok false
---@field phase "url"|"setup"|"tcp"|"tls"|"upgrade"|"challenge"|"connect"|"hello"|string
---@field error GatewayError|string
---@field message? string
---@field code? string the gateway's error code
---@field details? any
---@field details_code? string
---@field recommended_next_step? string
---@field retryable? boolean
---@field retry_after_ms? number
---@field http_status? integer
---@field close_code? integer
---@field close_reason? string
---@field close_by? "server"|"client"|"none"
---@field token_fingerprint? string

---@class GatewayRpcError
---@field code string e.g. "not_connected", "timeout" or the gateway's code
---@field message string
---@field details? any
---@field retryable? boolean
---@field retry_after_ms? number

---@class GatewayCallResult
---@field ok boolean
---@field payload? any the response payload
---@field latency_ms? number
---@field error? GatewayRpcError
---@field missing_scope? string the scope the method needs, when refused for it
---@field close_code? integer
---@field close_reason? string

---@class GatewaySessionInfo
---@field open boolean
---@field events? table<string, integer> events received, by name
---@field last_tick_ts? number
---@field close_code? integer
---@field close_reason? string
---@field shutdown? any

---@class GatewayCloseResult
---@field ok boolean
---@field close_code? integer
---@field close_reason? string
---@field already_closed? boolean

---A session after a successful handshake (hello-ok): plain data plus the methods below.
---@class GatewaySession
---@field ok true
---@field handle integer pass to gateway.session_* (the methods do)
---@field phase "hello"
---@field protocol integer
---@field server_version? string
---@field server? table
---@field methods string[] RPC methods the gateway offers
---@field events? string[]
---@field role string
---@field scopes string[] scopes granted
---@field auth_method? string
---@field policy? table
---@field conn_id? string
---@field uptime_ms? number
---@field timings? table
---@field token_fingerprint? string
local GatewaySession = {}

---Calls an RPC method on the session; a closed session answers {ok=false, error={code="not_connected"}}.
---@param method string e.g. "health", "status"
---@param params? table method parameters (default {})
---@param opts? {timeout?: number} seconds (default 10)
---@return GatewayCallResult
function GatewaySession:call(method, params, opts) end

---Reports whether the session is open, the events seen and how it closed.
---@return GatewaySessionInfo
function GatewaySession:info() end

---Closes the session (close 1000) and waits for the peer's close.
---@param opts? {timeout?: number} seconds (default 2)
---@return GatewayCloseResult
function GatewaySession:close(opts) end

---Streaming: the next event frame, how the session ended, or nothing new within the timeout.
---@param opts? {timeout?: number} seconds (default 30)
---@return GatewayNextResult
function GatewaySession:next(opts) end

---@class GatewayNextResult
---@field kind "event"|"closed"|"idle"
---@field t number monotonic seconds when the answer was ready (a replay reproduces it)
---@field at number epoch seconds when the answer was ready
---@field event? string event name (kind "event"): tick, health, shutdown, ...
---@field seq? integer
---@field payload? any the event's payload when small (4 KiB)
---@field payload_bytes? integer
---@field since_connect_ms? number
---@field dropped? integer events lost before this one (the queue holds 256)
---@field close_code? integer kind "closed"
---@field close_reason? string
---@field close_by? string
---@field close_meaning? string
---@field error? string "not_connected" for a handle whose session is gone

---Connects to host:port and reports latency, the addresses tried and a classified error.
---@param host string
---@param port integer
---@param opts? {all_addresses?: boolean, timeout?: number}
---@return GatewayTcpResult
function gateway.tcp(host, port, opts) end

---Makes one HTTP(S) request and reports status, headers, a capped body and timings.
---@param url string http:// or https://
---@param opts? GatewayHttpOptions
---@return GatewayHttpResult
function gateway.http(url, opts) end

---Asks the probe endpoints /healthz, /readyz and /startupz and summarises liveness, readiness and version.
---@param base_url string e.g. "http://127.0.0.1:18789"
---@param opts? GatewayTlsOptions
---@return GatewayHealthResult
function gateway.health(base_url, opts) end

---Checks whether the gateway accepts a token over HTTP (POST /tools/invoke {}: 400 accepted, 401 rejected).
---@param base_url string
---@param token string registered as a secret
---@param opts? GatewayTlsOptions
---@return GatewayTokenCheckResult
function gateway.http_token_check(base_url, token, opts) end

---Performs a bare WebSocket upgrade and checks the accept key.
---@param url string ws:// or wss://
---@param opts? GatewayTlsOptions
---@return GatewayWsUpgradeResult
function gateway.ws_upgrade(url, opts) end

---Runs the OpenClaw connect handshake; on success returns a session with call/info/close methods.
---@param url string ws:// or wss://
---@param opts? GatewayConnectOptions
---@return GatewaySession|GatewayConnectFailure
function gateway.connect(url, opts) end

---Low-level form of session:call (the session methods call it with their handle).
---@param handle integer
---@param method string
---@param params? table
---@param opts? {timeout?: number}
---@return GatewayCallResult
function gateway.session_call(handle, method, params, opts) end

---Low-level form of session:close (the session methods call it with their handle).
---@param handle integer
---@param opts? {timeout?: number}
---@return GatewayCloseResult
function gateway.session_close(handle, opts) end

---Low-level form of session:next (the session methods call it with their handle).
---@param handle integer
---@param opts? {timeout?: number}
---@return GatewayNextResult
function gateway.session_next(handle, opts) end

---Low-level form of session:info (the session methods call it with their handle).
---@param handle integer
---@return GatewaySessionInfo
function gateway.session_info(handle) end
