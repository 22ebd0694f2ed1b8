-- Signature catalog: log and error text -> cause and finding id. Data only, no code.
--
-- Each entry: { id = unique signature id, cause = short cause id, severity = critical|high|medium|low|info,
--   finding = finding id (docs/findings.md), match = { alternative, ... }, regex = optional RE2 regex,
--   source = where the text comes from }.
-- An alternative is a plain substring, or a list of substrings that must all appear in the same line.
-- Matching is case-insensitive (log.scan); the regex, when present, is an extra alternative whose groups become
-- the match's captures. Pass the table straight to log.scan:  log.scan(path, require("lib.signatures"))
--
-- Sources: [P] ../shared/openclaw/PROTOCOL.md (the real product), [S] the seed articles (blog posts; some
-- quote variants the real product does not print, kept so pasted text still classifies), [K] the Linux kernel,
-- [D] systemd, [N] Node.js.
-- stylua: ignore start
return {
  -- Start-up refusals and guards ------------------------------------------------------------------------
  {
    id = "start.refusing-to-bind", cause = "bind_without_auth", severity = "critical",
    finding = "gateway.bind-without-auth", source = "P S",
    match = { "refusing to bind gateway", { "refusing to bind", "without auth" } },
    regex = "refusing to bind gateway to ([^\\s:]+|\\[[^\\]]+\\]):(\\d+)",
  },
  {
    id = "start.control-ui-origins-required", cause = "control_ui_origins_required", severity = "critical",
    finding = "auth.origin-not-allowed", source = "P",
    match = { "non-loopback control ui requires gateway.controlui.allowedorigins" },
  },
  {
    id = "start.config-combination-refused", cause = "config_combination_refused", severity = "critical",
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
    finding = "gateway.duplicate-instance", source = "P S",
    match = { "another gateway instance is already listening" },
    regex = "already listening on ws://([^\\s:]+|\\[[^\\]]+\\]):(\\d+)",
  },
  {
    id = "start.eaddrinuse", cause = "port_in_use", severity = "high",
    finding = "gateway.port-conflict", source = "P S",
    match = { "eaddrinuse", "address already in use" },
    regex = "EADDRINUSE[^\\d]*(?:[\\w.:\\[\\]]*:)?(\\d+)",
  },
  {
    id = "start.bind-failed", cause = "bind_failed", severity = "high",
    finding = "gateway.not-running", source = "P",
    match = { "failed to bind gateway socket" },
    regex = "failed to bind gateway socket on ws://\\S+?:(\\d+): (.*)",
  },
  {
    id = "start.lock-held", cause = "lock_held", severity = "high",
    finding = "gateway.duplicate-instance", source = "P",
    match = { { "gateway already running", "lock timeout" }, "gateway already running (pid" },
    regex = "gateway already running \\(pid (\\d+)\\)",
  },
  {
    id = "start.missing-config", cause = "missing_config", severity = "critical",
    finding = "gateway.missing-config", source = "P S",
    match = { "missing config. run", "missing config: run openclaw setup", { "missing config", "gateway.mode=local" } },
  },
  {
    id = "start.mode-unset", cause = "gateway_mode_unset", severity = "critical",
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
    finding = "gateway.mode-unset", source = "S",
    match = { "access not configured", "web login provider is not available" },
  },
  {
    id = "start.failed", cause = "start_failed", severity = "high",
    finding = "gateway.not-running", source = "P",
    match = { "gateway failed to start" },
    regex = "Gateway failed to start: (.*)",
  },
  {
    id = "start.not-ready", cause = "not_ready", severity = "medium",
    finding = "gateway.starting", source = "S",
    match = {
      "did not become ready", "gateway startup timeout", "gateway health check failed",
      "gateway starting; retry shortly", "startup-sidecars", "gateway websocket handlers unavailable",
      { "unavailable during gateway startup" },
    },
  },
  {
    id = "start.state-dir-permissions", cause = "state_dir_permissions", severity = "high",
    finding = "gateway.state-dir-permissions", source = "S",
    match = { { "eacces", ".openclaw" }, { "permission denied", ".openclaw" }, { "eperm", ".openclaw" } },
  },
  {
    id = "start.low-memory", cause = "low_memory", severity = "high",
    finding = "gateway.low-memory", source = "N",
    match = { "cannot allocate memory", "enomem" },
  },

  -- Config files ---------------------------------------------------------------------------------------
  {
    id = "config.auto-restored", cause = "config_restored_from_last_good", severity = "high",
    finding = "config.rejected-files", source = "S",
    match = { "config auto-restored from last-known-good", "auto-restored from last-known-good" },
  },
  {
    id = "config.rejected-or-clobbered", cause = "config_write_rejected", severity = "medium",
    finding = "config.rejected-files", source = "P S",
    match = { ".rejected.", ".clobbered.", "suspicious or clobbered config" },
  },
  {
    id = "config.invalid", cause = "config_invalid", severity = "high",
    finding = "config.invalid", source = "P",
    match = { "invalid config", "config validation failed", "unrecognized key", "json5: invalid",
      { "failed to parse", "openclaw.json" } },
  },

  -- WebSocket handshake and auth ----------------------------------------------------------------------
  {
    id = "ws.handshake-timeout", cause = "handshake_timeout", severity = "medium",
    finding = "ws.handshake-timeout", source = "P S",
    match = { "handshake timeout", { "closed before connect", "handshake-timeout" } },
    regex = "handshake timeout conn=(\\S+)",
  },
  {
    id = "ws.closed-1000-no-reason", cause = "closed_1000_no_reason", severity = "medium",
    finding = "ws.handshake-timeout", source = "P S",
    match = { "1000 normal closure): no close reason", "gateway closed (1000):",
      { "closed before connect", "code=1000", "reason=n/a" } },
  },
  {
    id = "ws.closed-before-connect", cause = "closed_before_connect", severity = "low",
    finding = "ws.abnormal-close", source = "P S",
    match = { "closed before connect" },
    regex = "closed before connect .*code=(\\d+) reason=(.*?)(?: phase=|$)",
  },
  {
    id = "ws.abnormal-close", cause = "abnormal_close", severity = "medium",
    finding = "ws.abnormal-close", source = "P S",
    match = { "(1006", "abnormal closure", "code 1006", "closed idle", "tick timeout", "slow consumer",
      "disconnected (4008)", "closed with code 4008", "connection closed: 4008" },
  },
  {
    id = "scope.missing-operator-read", cause = "scope_missing_operator_read", severity = "high",
    finding = "scope.missing-operator-read", source = "P S",
    match = { "missing scope: operator.read", "repeated unauthorized calls" },
    regex = "missing scope:\\s*(operator\\.read)",
  },
  {
    id = "auth.token-mismatch", cause = "token_mismatch", severity = "high",
    finding = "auth.token-mismatch", source = "P S",
    match = { "gateway token mismatch", "reason=token_mismatch", "auth_token_mismatch", "password mismatch",
      "reason=password_mismatch", "auth_password_mismatch", "token/password mismatch" },
  },
  {
    id = "auth.token-missing", cause = "token_missing", severity = "high",
    finding = "auth.token-missing", source = "P S",
    match = { "gateway token missing", "reason=token_missing", "auth_token_missing", "auth_token_not_configured",
      "reason=password_missing", "auth_password_missing", "auth_required" },
  },
  {
    id = "auth.device-token-mismatch", cause = "device_token_mismatch", severity = "high",
    finding = "auth.device-token-mismatch", source = "P S",
    match = { "device token mismatch", "device_token_mismatch", "auth_device_token_mismatch",
      "device identity rejected" },
  },
  {
    id = "auth.pairing-required", cause = "pairing_required", severity = "high",
    finding = "auth.pairing-required", source = "P S",
    match = { "pairing required", "pairing_required", "device not paired", "waiting for approval",
      "pairing request from device", "device access upgrade requested" },
    regex = "requestId:? ?([\\w-]+)",
  },
  {
    id = "auth.device-identity-required", cause = "device_identity_required", severity = "high",
    finding = "auth.device-identity-required", source = "P S",
    match = { "device identity required", "device_identity_required", "control ui requires device identity",
      "control_ui_device_identity_required", "cause\":\"device-required" },
  },
  {
    id = "auth.origin-not-allowed", cause = "origin_not_allowed", severity = "high",
    finding = "auth.origin-not-allowed", source = "P S",
    match = { "origin not allowed", "control_ui_origin_not_allowed" },
  },
  {
    id = "auth.rate-limited", cause = "auth_rate_limited", severity = "medium",
    finding = "auth.rate-limited", source = "P",
    match = { "too many failed authentication attempts", "reason=rate_limited", "auth_rate_limited",
      "too many unauthenticated sockets" },
  },
  {
    id = "auth.secret-rotated", cause = "gateway_auth_changed", severity = "medium",
    finding = "auth.token-drift", source = "P",
    match = { "gateway auth changed" },
  },
  {
    id = "protocol.mismatch", cause = "protocol_mismatch", severity = "high",
    finding = "protocol.mismatch", source = "P",
    match = { "protocol mismatch", "protocol_mismatch", "invalid handshake", "invalid connect params",
      "invalid request frame" },
    regex = "protocol mismatch .*min=(\\d+) max=(\\d+) expected=(\\d+)",
  },
  {
    id = "proxy.untrusted-forwarded-headers", cause = "untrusted_proxy_headers", severity = "medium",
    finding = "proxy.untrusted-forwarded-headers", source = "P",
    match = { "proxy headers detected from untrusted address", "loopback connection with non-local host header" },
  },

  -- Channel side: a channel tried to deliver while the gateway was down. Listed before
  -- client.connection-refused, whose "gateway not connected" also matches these lines: a consumer that keeps
  -- the first match of a line (lib.deployments worst_match) files them as the channel failure they are.
  {
    id = "channel.send-while-disconnected", cause = "send_while_gateway_down", severity = "medium",
    finding = "channel.send-while-disconnected", source = "S",
    match = { "send failed: gateway not connected", "send failed \u{2014} gateway not connected",
      "send failed: error: gateway not connected", "delivery failed: gateway not connected",
      "cannot send \u{2014} no active gateway connection" },
  },

  -- Client side: the gateway is not there ----------------------------------------------------------------
  {
    id = "client.connection-refused", cause = "connection_refused", severity = "high",
    finding = "gateway.not-running", source = "S",
    match = { "econnrefused", "connect failed: connection refused", "gateway unreachable",
      "failed to connect to gateway", "gateway not connected", "no active gateway connection",
      { "websocket connection to", "failed" } },
    regex = "ECONNREFUSED ([\\d.]+|\\[[^\\]]+\\]):(\\d+)",
  },

  -- Models and providers -------------------------------------------------------------------------------
  {
    id = "model.requires-string-content", cause = "backend_requires_string_content", severity = "high",
    finding = "model.requires-string-content", source = "S",
    match = { "content: invalid type: sequence", "messages[...].content: invalid type: sequence" },
  },
  {
    id = "model.long-context-rejected", cause = "long_context_rejected", severity = "high",
    finding = "model.long-context-rejected", source = "S",
    match = { "extra usage is required for long context", { "429", "long context" } },
  },
  {
    id = "model.backend-unreachable", cause = "model_backend_unreachable", severity = "medium",
    finding = "model.backend-unreachable", source = "S",
    match = { { "/v1/chat/completions", "fetch failed" }, { "/v1/models", "fetch failed" },
      { "provider", "fetch failed" } },
  },

  -- Crashes: the kernel, systemd and Node ---------------------------------------------------------------
  {
    id = "crash.oom-kill", cause = "oom_killed", severity = "critical",
    finding = "gateway.crashed", source = "K D S",
    match = { "out of memory: killed process", "out of memory: kill process", "oom-kill",
      "killed by the oom killer", "result 'oom-kill'", "oom killer" },
    regex = "Killed process (\\d+) \\(([^)]*)\\)",
  },
  {
    id = "crash.node-heap", cause = "js_heap_exhausted", severity = "critical",
    finding = "gateway.crashed", source = "N",
    match = { "javascript heap out of memory", "reached heap limit" },
  },
  {
    id = "crash.killed", cause = "killed", severity = "high",
    finding = "gateway.crashed", source = "D S",
    match = { "code=killed, status=9/kill", "status=9/kill" },
    regex = "^\\s*(?:\\S+: )?Killed\\s*$",
  },
  {
    id = "crash.fatal", cause = "fatal_error", severity = "high",
    finding = "gateway.crashed", source = "N S",
    match = { "fatal error", "panic:", "uncaught exception", "uncaughtexception", "unhandled promise rejection",
      "unhandledrejection", "no space left on device", "enospc" },
  },
  {
    id = "systemd.start-limit-hit", cause = "start_limit_hit", severity = "high",
    finding = "systemd.start-limit-hit", source = "D",
    match = { "start request repeated too quickly", "start-limit-hit" },
  },
  {
    id = "systemd.restart-loop", cause = "restart_loop", severity = "medium",
    finding = "systemd.crash-loop", source = "D",
    match = { "scheduled restart job, restart counter is at" },
    regex = "restart counter is at (\\d+)",
  },
  {
    id = "systemd.exit-78", cause = "exit_78_no_restart", severity = "high",
    finding = "systemd.unit-failed", source = "P D",
    match = { "status=78" },
  },
  {
    id = "systemd.unit-failed", cause = "unit_failed", severity = "medium",
    finding = "systemd.unit-failed", source = "D S",
    match = { "failed with result 'exit-code'", "status=1/failure", "main process exited, code=exited" },
    regex = "code=exited, status=(\\d+)",
  },

  -- Workspace ------------------------------------------------------------------------------------------
  {
    id = "workspace.missing", cause = "workspace_missing", severity = "medium",
    finding = "workspace.missing", source = "S",
    match = { { "workspace", "enoent" }, { "workspace", "no such file or directory" } },
  },
}
-- stylua: ignore end
