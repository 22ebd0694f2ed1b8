-- OpenClaw releases with known regressions or breaking changes, matched by openclaw.known-issues against the
-- installed CLI, each running gateway and the listener's hello-ok version. Data only.
--
-- Each entry:
--   id          stable id of the issue (evidence; the finding id is always version.known-regression)
--   affected    version range (lib.versions: ">=A <B", "||" between alternatives; "-0" includes pre-releases)
--   severity    of the finding when the version matches
--   title, cause, fix (exact commands), refs
--   signals     log substrings that show the issue is biting this machine: they raise the confidence
--   signals_required  true: report only when a signal is seen (the change hurts only some clients)
--   requires    config conditions: bind = "<gateway.bind mode>"
--   source      where the knowledge comes from: [S] a seed article, [P] PROTOCOL.md (issue numbers from there)
return {
  {
    id = "loopback-operator-read-2026.3.13",
    affected = ">=2026.3.13-0 <2026.3.14-0",
    severity = "high",
    title = "OpenClaw 2026.3.13: local loopback clients lose operator.read and get closed (1000)",
    cause = "After the upgrade to 2026.3.13 the loopback gateway resolves scopes inconsistently: status, "
      .. "system-presence and config.get fail with 'missing scope: operator.read', handshakes time out "
      .. "('closed before connect' code=1000) and CLI commands end with 'gateway closed (1000 normal closure): "
      .. "no close reason', while the Control UI still works.",
    fix = {
      "npm install -g openclaw@latest   # a release after 2026.3.13",
      "openclaw gateway restart",
      "openclaw --version && openclaw status",
      "npm install -g openclaw@<the release you ran before>   # if no later release is available yet",
    },
    signals = { "missing scope: operator.read", "handshake timeout", "1000 normal closure" },
    refs = {
      "https://github.com/openclaw/openclaw/issues/51008",
      "https://github.com/openclaw/openclaw/issues/45908",
      "https://github.com/openclaw/openclaw/issues/49180",
      "https://github.com/openclaw/openclaw/issues/50541",
    },
    source = "S P",
  },
  {
    id = "token-mismatch-after-quickstart-2026.4.24",
    affected = ">=2026.4.24-0 <2026.4.25-0",
    severity = "medium",
    title = "OpenClaw 2026.4.24: token mismatch right after QuickStart onboarding",
    cause = "Users of 2026.4.24 reported AUTH_TOKEN_MISMATCH immediately after the QuickStart wizard: the CLI "
      .. "and the freshly installed service held different copies of the gateway token.",
    fix = {
      "clawbook run openclaw.auth   # shows which copy of the token differs",
      "openclaw doctor --fix",
      "openclaw gateway restart",
    },
    signals = { "token_mismatch", "gateway token mismatch" },
    refs = { "https://github.com/openclaw/openclaw/issues/72203" },
    source = "P",
  },
  {
    id = "protocol-4-switch-2026.5.9",
    affected = ">=2026.5.9-0",
    severity = "medium",
    title = "OpenClaw 2026.5.9 and later speak gateway protocol 4 only",
    cause = "The gateway moved from protocol 3 to 4 in 2026.5.9-beta/2026.5.12; clients that hard-code protocol 3 "
      .. "(third-party dashboards, older SDKs) are refused with close 1002 'protocol mismatch'. Since 2026.5.18 even "
      .. "probe clients must offer protocol 4.",
    fix = {
      "update the client so its protocol range includes 4 (minProtocol <= 4 <= maxProtocol)",
      "npm install -g openclaw@<a release before 2026.5.9>   # only until the client is updated",
    },
    signals = { "protocol mismatch", "protocol_mismatch" },
    signals_required = true,
    refs = {
      "https://github.com/openclaw/openclaw/issues/83078",
      "https://github.com/openclaw/openclaw/issues/83153",
    },
    source = "P",
  },
  {
    id = "no-listening-log-line-2026.4.3",
    affected = ">=2026.4.3-0",
    severity = "info",
    title = "Since 2026.4.3 the gateway no longer logs '[gateway] listening on ...'",
    cause = "Scripts and container entrypoints that wait for the 'listening on' line (as older guides advise) "
      .. "wait forever: the gateway now logs '[gateway] ready (...)'. Poll GET /readyz instead.",
    fix = {
      "curl -fsS http://127.0.0.1:{port}/readyz   # ready when it answers 200; use it in health checks",
    },
    refs = {},
    source = "P S",
  },
  {
    id = "restart-loop-bind-lan-2026.9",
    affected = ">=2026.9.0-0 <2026.10.0-0",
    severity = "high",
    title = "OpenClaw 2026.9.x: restart loops with bind=lan",
    cause = "2026.9 releases were reported to loop on restart with gateway.bind=lan: the new process starts "
      .. "before the old one released the port and exits with EADDRINUSE or 'another gateway instance is "
      .. "already listening'.",
    fix = {
      "openclaw gateway stop && sleep 5 && openclaw gateway start",
      "npm install -g openclaw@latest && openclaw gateway restart",
    },
    signals = { "eaddrinuse", "another gateway instance is already listening" },
    signals_required = true,
    requires = { bind = "lan" },
    refs = {
      "https://github.com/openclaw/openclaw/issues/154840",
      "https://github.com/openclaw/openclaw/issues/148866",
    },
    source = "P",
  },
}
