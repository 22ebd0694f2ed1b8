-- The signature table, the one place that maps error text to a finding id: gateway log, journal, container log,
-- channel and provider errors, CLI output a user pastes. Data only, no code; every runbook that reads logs scans
-- with it (log.scan, directly or through lib.openclaw's scan_gateway_logs, signatures_for and
-- channel_signatures); tests/runbooks/lib/signatures_test.lua checks every entry against its sample.
--
-- Each entry: { id = unique signature id, cause = short cause id, severity = critical|high|medium|low|info,
--   finding = finding id (runbooks/knowledge/), match = { alternative, ... }, regex = optional RE2 regex,
--   source = where the text comes from, sample = a line the entry must classify (taken from a real report when
--   one has it), sample_source = where that line comes from }.
-- An alternative is a plain substring, or a list of substrings that must all appear in the same line.
-- Matching is case-insensitive (log.scan); the regex, when present, is an extra alternative whose groups become
-- the match's captures. A line that several entries match belongs to the first: order matters.
--
-- Sources: [P] ../shared/openclaw/PROTOCOL.md (the real product), [S] the seed articles (blog posts; some
-- quote variants the real product does not print, kept so pasted text still classifies), [K] the Linux kernel,
-- [D] systemd, [N] Node.js, [L] the clawbook lab, [A] provider APIs. Samples from real reports name their row in
-- ../shared/openclaw/real-cases.md.
-- stylua: ignore start
return {
  -- Start-up refusals and guards ------------------------------------------------------------------------
  {
    id = "start.refusing-to-bind", cause = "bind_without_auth", severity = "critical",
    sample = "refusing to bind gateway to 0.0.0.0:18789 without auth",
    sample_source = "PROTOCOL.md",
    finding = "gateway.bind-without-auth", source = "P S",
    match = { "refusing to bind gateway", { "refusing to bind", "without auth" } },
    regex = "refusing to bind gateway to ([^\\s:]+|\\[[^\\]]+\\]):(\\d+)",
  },
  {
    id = "start.control-ui-origins-required", cause = "control_ui_origins_required", severity = "critical",
    sample = "Gateway failed to start: Error: non-loopback Control UI requires gateway.controlUi.allowedOrigins",
    sample_source = "../shared/openclaw/real-cases.md P30 (opensandbox-group/OpenSandbox#676)",
    finding = "auth.origin-not-allowed", source = "P",
    match = { "non-loopback control ui requires gateway.controlui.allowedorigins" },
  },
  {
    id = "start.config-combination-refused", cause = "config_combination_refused", severity = "critical",
    sample = "Gateway failed to start: Error: gateway auth mode=trusted-proxy requires gateway.trustedProxies",
    sample_source = "PROTOCOL.md",
    finding = "config.invalid", source = "P",
    match = {
      "tailscale funnel requires gateway auth mode=password",
      "tailscale serve/funnel requires gateway bind=loopback",
      { "tailscale", "requires" , "gateway" },
      "gateway auth mode=trusted-proxy requires gateway.trustedproxies",
      "gateway.bind=custom requires",
    },
  },
  {
    id = "start.another-instance-listening", cause = "duplicate_instance", severity = "high",
    sample = "another gateway instance is already listening on ws://127.0.0.1:18789",
    sample_source = "../shared/openclaw/real-cases.md P32 (openclaw/openclaw#75115)",
    finding = "gateway.duplicate-instance", source = "P S",
    match = { "another gateway instance is already listening" },
    regex = "already listening on ws://([^\\s:]+|\\[[^\\]]+\\]):(\\d+)",
  },
  {
    id = "start.eaddrinuse", cause = "port_in_use", severity = "high",
    sample = "Error: listen EADDRINUSE: address already in use 127.0.0.1:18789",
    sample_source = "../shared/openclaw/real-cases.md P33 (openclaw/openclaw#72693)",
    finding = "gateway.port-conflict", source = "P S",
    match = { "eaddrinuse", "address already in use" },
    regex = "EADDRINUSE[^\\d]*(?:[\\w.:\\[\\]]*:)?(\\d+)",
  },
  {
    id = "start.bind-failed", cause = "bind_failed", severity = "high",
    sample = "failed to bind gateway socket on ws://127.0.0.1:18789: Error: listen EACCES",
    sample_source = "PROTOCOL.md",
    finding = "gateway.not-running", source = "P",
    match = { "failed to bind gateway socket" },
    regex = "failed to bind gateway socket on ws://\\S+?:(\\d+): (.*)",
  },
  {
    id = "start.lock-held", cause = "lock_held", severity = "high",
    sample = "Gateway failed to start: gateway already running (pid 4242); lock timeout after 5000ms",
    sample_source = "../shared/openclaw/real-cases.md P34 (openclaw/openclaw#17125)",
    finding = "gateway.duplicate-instance", source = "P",
    match = { { "gateway already running", "lock timeout" }, "gateway already running (pid" },
    regex = "gateway already running \\(pid (\\d+)\\)",
  },
  {
    id = "start.missing-config", cause = "missing_config", severity = "critical",
    sample = "Missing config. Run `openclaw setup` or set gateway.mode=local (or pass --allow-unconfigured).",
    sample_source = "PROTOCOL.md",
    finding = "gateway.missing-config", source = "P S",
    match = { "missing config. run", "missing config: run openclaw setup", { "missing config", "gateway.mode=local" } },
  },
  {
    id = "start.mode-unset", cause = "gateway_mode_unset", severity = "critical",
    sample = "Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured",
    sample_source = "../shared/openclaw/real-cases.md P1 (justlovemaki/openclaw-china-docker#9)",
    finding = "gateway.mode-unset", source = "P S",
    match = {
      "existing config is missing gateway.mode",
      { "gateway start blocked", "current: unset" },
      { "start blocked", "gateway.mode is unset" },
      "gateway.mode unset",
      "gateway.mode is unset",
      "gateway.mode not configured",
      { "start blocked", "gateway.mode has no value" },
      { "gateway start blocked", "set gateway.mode=local" },
    },
    regex = "gateway start blocked: set gateway\\.mode=local \\(current: ([^)]*)\\)",
  },
  {
    id = "start.access-not-configured", cause = "gateway_mode_unset", severity = "high",
    sample = "access not configured",
    sample_source = "a seed article",
    finding = "gateway.mode-unset", source = "S",
    match = { "access not configured", "web login provider is not available" },
  },
  {
    id = "start.failed", cause = "start_failed", severity = "high",
    sample = "Gateway failed to start: Error: something went wrong",
    sample_source = "PROTOCOL.md",
    finding = "gateway.not-running", source = "P",
    match = { "gateway failed to start" },
    regex = "Gateway failed to start: (.*)",
  },
  {
    id = "start.not-ready", cause = "not_ready", severity = "medium",
    sample = "Timed out after 60s waiting for gateway port 18789 to become healthy.",
    sample_source = "../shared/openclaw/real-cases.md P3 (CortexReach/memory-lancedb-pro#12)",
    finding = "gateway.starting", source = "S",
    match = {
      "did not become ready", "gateway startup timeout", "gateway health check failed",
      "gateway starting; retry shortly", "startup-sidecars", "gateway websocket handlers unavailable",
      { "unavailable during gateway startup" }, { "waiting for gateway port", "to become healthy" },
    },
  },
  {
    id = "start.state-dir-permissions", cause = "state_dir_permissions", severity = "high",
    sample = "Error: EACCES: permission denied, open '/home/op/.openclaw/openclaw.json'",
    sample_source = "a seed article",
    finding = "gateway.state-dir-permissions", source = "S",
    match = { { "eacces", ".openclaw" }, { "permission denied", ".openclaw" }, { "eperm", ".openclaw" } },
  },
  {
    id = "start.low-memory", cause = "low_memory", severity = "high",
    sample = "Error: spawn ENOMEM",
    sample_source = "Node.js",
    finding = "gateway.low-memory", source = "N",
    match = { "cannot allocate memory", "enomem" },
  },

  -- Config files ---------------------------------------------------------------------------------------
  {
    id = "config.auto-restored", cause = "config_restored_from_last_good", severity = "high",
    sample = "Config auto-restored from last-known-good",
    sample_source = "a seed article",
    finding = "config.rejected-files", source = "S",
    match = { "config auto-restored from last-known-good", "auto-restored from last-known-good" },
  },
  {
    id = "config.rejected-or-clobbered", cause = "config_write_rejected", severity = "medium",
    sample = "kept /home/op/.openclaw/openclaw.json.clobbered.1715000000",
    sample_source = "PROTOCOL.md",
    finding = "config.rejected-files", source = "P S",
    match = { ".rejected.", ".clobbered.", "suspicious or clobbered config" },
  },
  {
    id = "config.missing-env-var", cause = "config_env_unset", severity = "critical",
    sample = 'MissingEnvVarError: Missing env var "CLAWDBOT_GATEWAY_TOKEN" referenced at config path: '
      .. "gateway.auth.token",
    sample_source = "../shared/openclaw/real-cases.md P9 (raoulcoutard.com, project rename env migration)",
    finding = "config.unresolved-env", source = "P",
    match = { "missingenvvarerror", { "missing env var", "referenced at config path" },
      { "env var", "feature using this value will be unavailable" } },
    regex = 'Missing env var "([^"]+)" referenced at config path: (\\S+)',
  },
  {
    id = "config.bind-invalid-input", cause = "config_legacy_bind", severity = "high",
    sample = "gateway.bind: Invalid input",
    sample_source = "../shared/openclaw/real-cases.md P8 (openclaw/openclaw#15708, also #9275)",
    finding = "config.legacy-key", source = "P",
    match = { { "gateway.bind", "invalid input" } },
  },
  {
    id = "config.invalid", cause = "config_invalid", severity = "high",
    sample = "Invalid config at /home/op/.openclaw/openclaw.json: models.providers.openrouter.models.0: "
      .. "expected object, received string",
    sample_source = "../shared/openclaw/real-cases.md P6 (mithun50/openclaw-termux#88)",
    finding = "config.invalid", source = "P",
    match = { "invalid config", "config validation failed", "unrecognized key", "json5: invalid",
      { "failed to parse", "openclaw.json" } },
  },
  {
    id = "model.provider-config-invalid", cause = "provider_config_invalid", severity = "high",
    sample = "models.providers.openrouter.models.0: expected object, received string",
    sample_source = "../shared/openclaw/real-cases.md P6 (mithun50/openclaw-termux#88)",
    finding = "model.provider-config-invalid", source = "P",
    -- The validation error's path part; a whole "Invalid config at ...: models.providers..." line is
    -- config.invalid's (above) for a scan of the whole table, this entry's for openclaw.models' own scan.
    match = { { "models.providers.", "expected" }, { "models.providers.", "received" },
      { "models.providers.", "invalid input" }, { "models.providers.", "required" } },
    regex = "(models\\.providers\\.[\\w.-]+): (.*)",
  },

  -- WebSocket handshake and auth ----------------------------------------------------------------------
  {
    id = "ws.handshake-timeout", cause = "handshake_timeout", severity = "medium",
    sample = "[ws] handshake timeout conn=3f2a",
    sample_source = "PROTOCOL.md",
    finding = "ws.handshake-timeout", source = "P S",
    match = { "handshake timeout", { "closed before connect", "handshake-timeout" } },
    regex = "handshake timeout conn=(\\S+)",
  },
  {
    id = "ws.closed-1000-no-reason", cause = "closed_1000_no_reason", severity = "medium",
    sample = "gateway closed (1000 normal closure): no close reason",
    sample_source = "../shared/openclaw/real-cases.md P24 (openclaw/openclaw#46923)",
    finding = "ws.handshake-timeout", source = "P S",
    match = { "1000 normal closure): no close reason", "gateway closed (1000):",
      { "closed before connect", "code=1000", "reason=n/a" } },
  },
  {
    id = "ws.closed-before-connect", cause = "closed_before_connect", severity = "low",
    sample = "[ws] closed before connect conn=3f2a code=1008 reason=unauthorized",
    sample_source = "PROTOCOL.md",
    finding = "ws.abnormal-close", source = "P S",
    match = { "closed before connect" },
    regex = "closed before connect .*code=(\\d+) reason=(.*?)(?: phase=|$)",
  },
  {
    id = "ws.abnormal-close", cause = "abnormal_close", severity = "medium",
    sample = "gateway closed (1006 abnormal closure (no close frame))",
    sample_source = "../shared/openclaw/real-cases.md P25 (NVIDIA/NemoClaw#2794)",
    finding = "ws.abnormal-close", source = "P S",
    match = { "(1006", "abnormal closure", "code 1006", "closed idle", "tick timeout", "slow consumer",
      "disconnected (4008)", "closed with code 4008", "connection closed: 4008" },
  },
  {
    -- The gateway's own line when a Control UI (webchat) socket drops without a close frame: read from its log
    -- while it answers, for the browsers behind a proxy or ingress that it keeps losing.
    id = "ws.webchat-abnormal-close", cause = "abnormal_close", severity = "medium",
    sample = "webchat disconnected code=1006 reason=n/a conn=4f1c2d9e-0b7a-4c11-9a55-1e0c6f3b2a10",
    sample_source = "OpenClaw's gateway (logWsControl), webchat client; real-cases.md P28 (openclaw/openclaw#95405)",
    finding = "ws.abnormal-close", source = "P",
    match = { "webchat disconnected code=1006" },
  },
  {
    id = "scope.missing-operator-read", cause = "scope_missing_operator_read", severity = "high",
    sample = "Gateway: unreachable (missing scope: operator.read)",
    sample_source = "../shared/openclaw/real-cases.md P20 (openclaw/openclaw#46568)",
    finding = "scope.missing-operator-read", source = "P S",
    match = { "missing scope: operator.read", "repeated unauthorized calls" },
    regex = "missing scope:\\s*(operator\\.read)",
  },
  {
    id = "scope.missing", cause = "scope_missing", severity = "high",
    sample = "GatewayClientRequestError: missing scope: operator.admin",
    sample_source = "../shared/openclaw/real-cases.md P22 (openclaw/openclaw#76721)",
    finding = "scope.missing", source = "P",
    -- Every operator scope but read (scope.missing-operator-read): PROTOCOL.md section 4.
    match = { "missing scope: operator.admin", "missing scope: operator.write", "missing scope: operator.pairing",
      "missing scope: operator.approvals", "missing scope: operator.talk" },
    regex = "missing scope:\\s*(operator\\.(?:admin|write|pairing|approvals|talk(?:\\.secrets)?))",
  },
  {
    id = "auth.token-mismatch", cause = "token_mismatch", severity = "high",
    sample = "[ws] unauthorized conn=9 client=gateway-client backend reason=token_mismatch",
    sample_source = "../shared/openclaw/real-cases.md P12 (lucaberton.com)",
    finding = "auth.token-mismatch", source = "P S",
    match = { "gateway token mismatch", "reason=token_mismatch", "auth_token_mismatch", "password mismatch",
      "reason=password_mismatch", "auth_password_mismatch", "token/password mismatch" },
  },
  {
    id = "auth.token-missing", cause = "token_missing", severity = "high",
    sample = "unauthorized: gateway token missing (set gateway.remote.token)",
    sample_source = "PROTOCOL.md",
    finding = "auth.token-missing", source = "P S",
    match = { "gateway token missing", "reason=token_missing", "auth_token_missing", "auth_token_not_configured",
      "reason=password_missing", "auth_password_missing", "auth_required" },
  },
  {
    id = "auth.device-token-mismatch", cause = "device_token_mismatch", severity = "high",
    sample = "device token mismatch (rotate/reissue device token)",
    sample_source = "../shared/openclaw/real-cases.md P16 (openclaw/openclaw#18936)",
    finding = "auth.device-token-mismatch", source = "P S",
    match = { "device token mismatch", "device_token_mismatch", "auth_device_token_mismatch",
      "device identity rejected" },
  },
  {
    id = "auth.pairing-required", cause = "pairing_required", severity = "high",
    sample = "disconnected (1008): pairing required",
    sample_source = "../shared/openclaw/real-cases.md P15 (vignesh07/clawdbot-railway-template#15)",
    finding = "auth.pairing-required", source = "P S",
    match = { "pairing required", "pairing_required", "device not paired", "waiting for approval",
      "pairing request from device", "device access upgrade requested" },
    regex = "requestId:? ?([\\w-]+)",
  },
  {
    id = "auth.device-identity-required", cause = "device_identity_required", severity = "high",
    sample = "disconnected (1008): device identity required",
    sample_source = "../shared/openclaw/real-cases.md P17 (openclaw/openclaw#8529)",
    finding = "auth.device-identity-required", source = "P S",
    match = { "device identity required", "device_identity_required", "control ui requires device identity",
      "control_ui_device_identity_required", "cause\":\"device-required" },
  },
  {
    id = "auth.origin-not-allowed", cause = "origin_not_allowed", severity = "high",
    sample = "origin not allowed (open the Control UI from the gateway host or allow it in "
      .. "gateway.controlUi.allowedOrigins)",
    sample_source = "../shared/openclaw/real-cases.md P19 (justlovemaki/openclaw-china-docker#127)",
    finding = "auth.origin-not-allowed", source = "P S",
    match = { "origin not allowed", "control_ui_origin_not_allowed" },
  },
  {
    id = "auth.rate-limited", cause = "auth_rate_limited", severity = "medium",
    sample = "unauthorized: too many failed authentication attempts (retry later)",
    sample_source = "../shared/openclaw/real-cases.md P13 (justlovemaki/openclaw-china-docker#77)",
    finding = "auth.rate-limited", source = "P",
    match = { "too many failed authentication attempts", "reason=rate_limited", "auth_rate_limited",
      "too many unauthenticated sockets" },
  },
  {
    id = "auth.secret-rotated", cause = "gateway_auth_changed", severity = "medium",
    sample = "gateway auth changed; reconnecting",
    sample_source = "PROTOCOL.md",
    finding = "auth.token-drift", source = "P",
    match = { "gateway auth changed" },
  },
  {
    id = "protocol.mismatch", cause = "protocol_mismatch", severity = "high",
    sample = "close 1002 (protocol error): protocol mismatch",
    sample_source = "../shared/openclaw/real-cases.md P23 (cisco-ai-defense/defenseclaw#338)",
    finding = "protocol.mismatch", source = "P",
    match = { "protocol mismatch", "protocol_mismatch", "invalid handshake", "invalid connect params",
      "invalid request frame" },
    regex = "protocol mismatch .*min=(\\d+) max=(\\d+) expected=(\\d+)",
  },
  {
    id = "proxy.untrusted-forwarded-headers", cause = "untrusted_proxy_headers", severity = "medium",
    sample = "Proxy headers detected from untrusted address 172.18.0.1",
    sample_source = "PROTOCOL.md",
    finding = "proxy.untrusted-forwarded-headers", source = "P",
    match = { "proxy headers detected from untrusted address", "loopback connection with non-local host header" },
  },

  {
    id = "session.churn", cause = "session_churn", severity = "medium",
    finding = "session.churn", source = "P S",
    sample = "[ws] webchat disconnected code=1001 reason=going away conn=7",
    sample_source = "PROTOCOL.md",
    match = { "webchat disconnected", { "disconnected", "code=1001" }, "closed before connect",
      "gateway auth changed" },
  },

  -- Agent sessions ------------------------------------------------------------------------------------------
  {
    id = "session.file-locked", cause = "session_lock_left_behind", severity = "high",
    sample = "session file locked (timeout 10000ms): pid=4242 /home/op/.openclaw/agents/main/sessions/s1.jsonl.lock",
    sample_source = "../shared/openclaw/real-cases.md P4 (openclaw/openclaw#16383)",
    finding = "session.stale-lock", source = "P",
    match = { "session file locked (timeout", { "session file locked", ".jsonl.lock" } },
    regex = "session file locked \\(timeout (\\d+)ms\\): pid=(\\d+)",
  },

  -- Channel side: a channel tried to deliver while the gateway was down. Listed before
  -- client.connection-refused, whose "gateway not connected" also matches these lines: a consumer that keeps
  -- the first match of a line (lib.deployments worst_match) files them as the channel failure they are.
  {
    id = "channel.send-while-disconnected", cause = "send_while_gateway_down", severity = "medium",
    sample = "[telegram] send failed: gateway not connected",
    sample_source = "a seed article",
    finding = "channel.send-while-disconnected", source = "S",
    match = { "send failed: gateway not connected", "send failed \u{2014} gateway not connected",
      "send failed: error: gateway not connected", "delivery failed: gateway not connected",
      "cannot send \u{2014} no active gateway connection" },
  },

  -- Client side: the gateway is not there ----------------------------------------------------------------
  {
    id = "client.connection-refused", cause = "connection_refused", severity = "high",
    sample = "Error: connect ECONNREFUSED 127.0.0.1:18789",
    sample_source = "a seed article",
    finding = "gateway.not-running", source = "S",
    match = { "econnrefused", "connect failed: connection refused", "gateway unreachable",
      "failed to connect to gateway", "gateway not connected", "no active gateway connection",
      { "websocket connection to", "failed" } },
    regex = "ECONNREFUSED ([\\d.]+|\\[[^\\]]+\\]):(\\d+)",
  },

  -- Models and providers -------------------------------------------------------------------------------
  {
    id = "model.credentials-missing", cause = "provider_credentials_missing", severity = "high",
    sample = 'Agent failed before reply: No API key found for provider "anthropic". Auth store: '
      .. "/home/op/.openclaw/agents/main/agent/auth-profiles.json",
    sample_source = "../shared/openclaw/real-cases.md P50 (openclaw/openclaw#49736)",
    finding = "model.credentials-missing", source = "P",
    match = { "no api key found for provider", { "no api key", "auth-profiles.json" } },
    regex = 'No API key found for provider "([^"]+)"(?:.*?Auth store: (\\S+))?',
  },
  {
    id = "model.requires-string-content", cause = "backend_requires_string_content", severity = "high",
    sample = "messages[1].content: invalid type: sequence, expected a string",
    sample_source = "a seed article",
    finding = "model.requires-string-content", source = "S",
    match = { "content: invalid type: sequence", "messages[...].content: invalid type: sequence" },
  },
  {
    id = "model.long-context-rejected", cause = "long_context_rejected", severity = "high",
    sample = "HTTP 429: rate_limit_error: Extra usage is required for long context requests",
    sample_source = "a seed article",
    finding = "model.long-context-rejected", source = "S",
    match = { "extra usage is required for long context", { "429", "long context" } },
  },
  {
    id = "model.backend-unreachable", cause = "model_backend_unreachable", severity = "medium",
    sample = "Failed to discover Ollama models: TypeError: fetch failed (provider ollama)",
    sample_source = "../shared/openclaw/real-cases.md P51 (serhanekicii/openclaw-helm#11)",
    finding = "model.backend-unreachable", source = "S",
    match = { { "/v1/chat/completions", "fetch failed" }, { "/v1/models", "fetch failed" },
      { "provider", "fetch failed" }, { "failed to discover", "models", "fetch failed" } },
  },

  {
    id = "model.tools-unsupported", cause = "backend_without_tool_calls", severity = "medium",
    finding = "model.tools-unsupported", source = "S",
    sample = "400 registry.ollama.ai/library/gemma:2b does not support tools",
    sample_source = "Ollama's error for a model without tool calling",
    match = { "does not support tools", "tools are not supported", "tool calls are not supported",
      { "tool_choice", "not supported" } },
  },

  -- Crashes: the kernel, systemd and Node ---------------------------------------------------------------
  {
    id = "crash.oom-kill", cause = "oom_killed", severity = "critical",
    sample = "Out of memory: Killed process 4242 (openclaw-gatewa)",
    sample_source = "../shared/openclaw/real-cases.md P53 (openclaw/openclaw#35773)",
    finding = "gateway.crashed", source = "K D S",
    match = { "out of memory: killed process", "out of memory: kill process", "oom-kill",
      "killed by the oom killer", "result 'oom-kill'", "oom killer" },
    regex = "Killed process (\\d+) \\(([^)]*)\\)",
  },
  {
    id = "crash.node-heap", cause = "js_heap_exhausted", severity = "critical",
    sample = "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    sample_source = "Node.js",
    finding = "gateway.crashed", source = "N",
    match = { "javascript heap out of memory", "reached heap limit" },
  },
  {
    id = "crash.killed", cause = "killed", severity = "high",
    sample = "openclaw-gateway.service: Main process exited, code=killed, status=9/KILL",
    sample_source = "systemd",
    finding = "gateway.crashed", source = "D S",
    match = { "code=killed, status=9/kill", "status=9/kill" },
    regex = "^\\s*(?:\\S+: )?Killed\\s*$",
  },
  {
    id = "crash.fatal", cause = "fatal_error", severity = "high",
    sample = "[discord] failed to deploy native commands: fetch failed … Unhandled promise rejection",
    sample_source = "../shared/openclaw/real-cases.md P49 (ValueCell-ai/ClawX#323)",
    finding = "gateway.crashed", source = "N S",
    match = { "fatal error", "panic:", "uncaught exception", "uncaughtexception", "unhandled promise rejection",
      "unhandledrejection", "no space left on device", "enospc" },
  },
  {
    id = "systemd.start-limit-hit", cause = "start_limit_hit", severity = "high",
    sample = "openclaw-gateway.service: Start request repeated too quickly.",
    sample_source = "systemd",
    finding = "systemd.start-limit-hit", source = "D",
    match = { "start request repeated too quickly", "start-limit-hit" },
  },
  {
    id = "systemd.restart-loop", cause = "restart_loop", severity = "medium",
    sample = "openclaw-gateway.service: Scheduled restart job, restart counter is at 5.",
    sample_source = "systemd",
    finding = "systemd.crash-loop", source = "D",
    match = { "scheduled restart job, restart counter is at" },
    regex = "restart counter is at (\\d+)",
  },
  {
    id = "systemd.exit-78", cause = "exit_78_no_restart", severity = "high",
    sample = "openclaw-gateway.service: Main process exited, code=exited, status=78/CONFIG",
    sample_source = "PROTOCOL.md",
    finding = "systemd.unit-failed", source = "P D",
    match = { "status=78" },
  },
  {
    id = "systemd.unit-failed", cause = "unit_failed", severity = "medium",
    sample = "openclaw-gateway.service: Failed with result 'exit-code'.",
    sample_source = "systemd",
    finding = "systemd.unit-failed", source = "D S",
    match = { "failed with result 'exit-code'", "status=1/failure", "main process exited, code=exited" },
    regex = "code=exited, status=(\\d+)",
  },

  -- Workspace ------------------------------------------------------------------------------------------
  {
    id = "workspace.missing", cause = "workspace_missing", severity = "medium",
    sample = "Error: ENOENT: no such file or directory, scandir '/home/op/.openclaw/workspace'",
    sample_source = "a seed article",
    finding = "workspace.missing", source = "S",
    match = { { "workspace", "enoent" }, { "workspace", "no such file or directory" } },
  },
  -- Messaging channels (formerly lib/channel_signatures.lua). Channel log lines carry the subsystem
  -- "gateway/channels/<channel>" or a "[telegram]" style prefix. Only channel-specific wording is matched:
  -- "pairing required" alone is device pairing (auth.pairing-required); here it counts only with a channel's
  -- context. Sources: [L] the clawbook lab's channel scenarios (lab/payloads.cpp), [S] the seed articles,
  -- [D] OpenClaw's channel docs, [A] the providers' APIs (Discord 50013, Slack missing_scope, Telegram 403).
  {
    id = "channel.poll-conflict", cause = "second_poller_same_token", severity = "high",
    finding = "channel.poll-conflict", source = "A",
    sample = "[telegram] Call to 'getUpdates' failed! (409: Conflict: terminated by other getUpdates request; "
      .. "make sure that only one bot instance is running)",
    sample_source = "the Telegram Bot API (getUpdates 409), as grammY reports it",
    match = { "terminated by other getupdates request", { "409", "conflict", "getupdates" },
      "only one bot instance is running" },
  },
  {
    id = "channel.session-conflict", cause = "whatsapp_session_conflict", severity = "high",
    finding = "channel.session-conflict", source = "A",
    sample = "No active WhatsApp Web listener (account: default)",
    sample_source = "../shared/openclaw/real-cases.md P48 (openclaw/openclaw#46991)",
    match = { "no active whatsapp web listener", { "whatsapp", "440" }, { "whatsapp", "conflict", "replaced" },
      "connection replaced" },
  },
  {
    id = "channel.missing-intents", cause = "discord_disallowed_intents", severity = "high",
    finding = "channel.missing-intents", source = "A",
    sample = "[discord] gateway error: Used disallowed intents (close code 4014)",
    sample_source = "the Discord gateway (close code 4014, Disallowed intent(s)), as discord.js reports it",
    match = { "disallowed intent", "privileged intent provided is not enabled", { "4014", "discord" },
      { "4014", "intent" } },
  },
  {
    id = "channel.delivery-suppressed", cause = "reply_delivery_suppressed", severity = "high",
    finding = "channel.delivery-suppressed", source = "P",
    sample = "Delivery suppressed by sourceReplyDeliveryMode: message_tool_only",
    sample_source = "../shared/openclaw/real-cases.md P46 (openclaw/openclaw#82134)",
    match = { "delivery suppressed by" },
    regex = "Delivery suppressed by (\\w+): (\\S+)",
  },
  {
    id = "channel.delivery-not-configured", cause = "outbound_not_configured", severity = "high",
    finding = "channel.delivery-suppressed", source = "P",
    sample = "Error: Outbound not configured for channel: discord",
    sample_source = "OpenClaw's outbound delivery (src/infra/outbound), the error for a channel without outbound",
    match = { "outbound not configured for channel" },
    regex = "Outbound not configured for channel: (\\S+)",
  },
  {
    id = "channel.mention-required", cause = "group_message_without_mention", severity = "medium",
    finding = "channel.mention-required", source = "L S",
    sample = "[discord] drop guild message (mention required) guild=123 channel=456",
    sample_source = "the clawbook lab (lab/payloads.cpp)",
    match = { "(mention required)", { "drop", "mention required" }, { "skipping", "no mention" } },
    regex = "drop (\\w+) message \\(mention required\\)(?:.*?guild=(\\S+))?(?:.*?channel=(\\S+))?",
  },
  {
    id = "channel.sender-pairing-pending", cause = "sender_awaiting_pairing", severity = "medium",
    finding = "channel.sender-pairing-pending", source = "L S D",
    sample = "pairing request channel=telegram sender=12345 code=ABCDEF23",
    sample_source = "the clawbook lab (lab/payloads.cpp); ../shared/openclaw/real-cases.md P45",
    match = { "pairing request channel=", "unpaired sender", "pairing required \u{2014} approve code",
      { "pairing required", "approve code" }, { "pairing code:", "ask the bot owner" }, "openclaw pairing approve" },
    regex = "pairing request channel=(\\S+) sender=(\\S+).*?code=([A-Z2-9]{6,})",
  },
  {
    id = "channel.filtered-by-policy", cause = "sender_filtered_by_policy", severity = "medium",
    finding = "channel.filtered-by-policy", source = "L S",
    sample = "blocked inbound message from 555 (dmPolicy=allowlist; sender not in allowFrom)",
    sample_source = "the clawbook lab (lab/payloads.cpp)",
    match = { "blocked inbound message", "sender not in allowfrom", "dmpolicy=allowlist", "dmpolicy=disabled",
      "not in allowlist", "blocked by grouppolicy", "grouppolicy=disabled" },
    regex = "blocked inbound message from (\\S+) \\(dmPolicy=(\\w+)",
  },
  {
    id = "channel.missing-permissions", cause = "channel_missing_permissions", severity = "high",
    finding = "channel.missing-permissions", source = "L A S",
    sample = "DiscordAPIError[50013]: Missing Permissions",
    sample_source = "the Discord API (error 50013)",
    match = { "missing permissions", "discordapierror[50013]", "discordapierror[50001]", "missing access",
      "missing_scope", "not_in_channel", "bot was kicked", "bot was blocked", "have no rights", "not enough rights",
      "forbidden" },
    regex = "DiscordAPIError\\[(\\d+)\\]: ([^(]+)",
  },
  {
    id = "channel.not-configured", cause = "channel_not_configured", severity = "high",
    finding = "channel.not-configured", source = "L S",
    sample = "slack not configured: channels.slack.botToken and channels.slack.appToken are required",
    sample_source = "the clawbook lab (lab/payloads.cpp)",
    match = { { "not configured:", "channels." }, { "not linked", "whatsapp" }, "no credentials for channel" },
    regex = "(\\w+) not configured: (.*)",
  },
  {
    id = "channel.probe-failed", cause = "channel_probe_failed", severity = "high",
    finding = "channel.probe-failed", source = "L",
    sample = "[telegram] deleteWebhook 401 Unauthorized",
    sample_source = "../shared/openclaw/real-cases.md P44 (openclaw/openclaw#47674)",
    match = { "channel exited:", "probe failed", { "getme", "failed" }, { "deletewebhook", "401" } },
    regex = "channel exited: (.*)",
  },
}
-- stylua: ignore end
