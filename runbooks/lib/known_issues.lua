-- OpenClaw releases with known regressions or breaking changes, matched by openclaw.known-issues against the
-- installed CLI, each running gateway and the listener's hello-ok version. Data only; lib/regressions.lua
-- evaluates it, tests/runbooks/lib/regressions_test.lua runs every entry's own test case.
--
-- Each entry:
--   id          stable id of the issue (evidence; the finding id is always version.known-regression)
--   affected    version range (lib.versions: ">=A <B", "||" between alternatives; "-0" includes pre-releases)
--   fixed       the first release without it (nil: not fixed as far as the sources say)
--   when        the condition that makes it bite, each key must hold (lib.regressions.facts): channel, plugin,
--               provider (an enabled channel, a plugin entry, a model provider in use), bind, auth_mode (gateway
--               settings), platform ("linux": clawbook's own), supervisor ("systemd": a gateway unit exists)
--   severity    of the finding when the version matches
--   title, symptom (what the user sees), cause, workaround (exact commands)
--   signals     log substrings that show the issue is biting this machine: they raise the confidence
--   signals_required  true: report only when a signal is seen (it hurts only some setups, or `when` cannot be
--               read from the config)
--   refs        the sources (issue, pull request, changelog), cited
--   source      "report" (a public user report, ../shared/openclaw/real-cases.md or OpenClaw's tracker), "seed"
--               (a seed article), "protocol" (PROTOCOL.md)
--   test        the entry's own test case: a version and facts under which it must match (and the version
--               `outside`, under which it must not)
return {
  {
    id = "loopback-operator-read-2026.3.13",
    affected = ">=2026.3.13-0 <2026.3.14-0",
    fixed = "2026.3.14",
    severity = "high",
    title = "OpenClaw 2026.3.13: local loopback clients lose operator.read and get closed (1000)",
    symptom = "`unreachable (missing scope: operator.read)`; CLI `gateway closed (1000 normal closure): no close "
      .. "reason`; the Control UI still works",
    cause = "After the upgrade to 2026.3.13 the loopback gateway resolves scopes inconsistently: status, "
      .. "system-presence and config.get fail with 'missing scope: operator.read', handshakes time out "
      .. "('closed before connect' code=1000) and CLI commands end with 'gateway closed (1000 normal closure): "
      .. "no close reason', while the Control UI still works.",
    workaround = {
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
      "https://github.com/openclaw/openclaw/issues/46568",
    },
    source = "seed report",
    test = { version = "2026.3.13", outside = "2026.3.12" },
  },
  {
    id = "token-mismatch-after-quickstart-2026.4.24",
    affected = ">=2026.4.24-0 <2026.4.25-0",
    fixed = "2026.4.25",
    severity = "medium",
    title = "OpenClaw 2026.4.24: token mismatch right after QuickStart onboarding",
    symptom = "`AUTH_TOKEN_MISMATCH` immediately after the QuickStart wizard",
    cause = "Users of 2026.4.24 reported AUTH_TOKEN_MISMATCH immediately after the QuickStart wizard: the CLI "
      .. "and the freshly installed service held different copies of the gateway token.",
    workaround = {
      "clawbook run openclaw.auth   # shows which copy of the token differs",
      "openclaw doctor --fix",
      "openclaw gateway restart",
    },
    signals = { "token_mismatch", "gateway token mismatch" },
    refs = { "https://github.com/openclaw/openclaw/issues/72203" },
    source = "protocol",
    test = { version = "2026.4.24", outside = "2026.4.23" },
  },
  {
    id = "protocol-4-switch-2026.5.9",
    affected = ">=2026.5.9-0",
    severity = "medium",
    title = "OpenClaw 2026.5.9 and later speak gateway protocol 4 only",
    symptom = "`close 1002 (protocol error): protocol mismatch` for third-party clients and older SDKs",
    cause = "The gateway moved from protocol 3 to 4 in 2026.5.9-beta/2026.5.12; clients that hard-code protocol 3 "
      .. "(third-party dashboards, older SDKs) are refused with close 1002 'protocol mismatch'. Since 2026.5.18 even "
      .. "probe clients must offer protocol 4.",
    workaround = {
      "update the client so its protocol range includes 4 (minProtocol <= 4 <= maxProtocol)",
      "npm install -g openclaw@<a release before 2026.5.9>   # only until the client is updated",
    },
    signals = { "protocol mismatch", "protocol_mismatch" },
    signals_required = true,
    refs = {
      "https://github.com/openclaw/openclaw/issues/83078",
      "https://github.com/openclaw/openclaw/issues/83153",
      "https://github.com/cisco-ai-defense/defenseclaw/issues/338",
    },
    source = "protocol report",
    test = { version = "2026.6.1", outside = "2026.5.8" },
  },
  {
    id = "no-listening-log-line-2026.4.3",
    affected = ">=2026.4.3-0",
    severity = "info",
    title = "Since 2026.4.3 the gateway no longer logs '[gateway] listening on ...'",
    symptom = "scripts and entrypoints that wait for `listening on` wait forever",
    cause = "Scripts and container entrypoints that wait for the 'listening on' line (as older guides advise) "
      .. "wait forever: the gateway now logs '[gateway] ready (...)'. Poll GET /readyz instead.",
    workaround = {
      "curl -fsS http://127.0.0.1:{port}/readyz   # ready when it answers 200; use it in health checks",
    },
    refs = {},
    source = "protocol seed",
    test = { version = "2026.4.3", outside = "2026.4.2" },
  },
  {
    id = "restart-loop-bind-lan-2026.9",
    affected = ">=2026.9.0-0 <2026.10.0-0",
    severity = "high",
    title = "OpenClaw 2026.9.x: restart loops with bind=lan",
    symptom = "EADDRINUSE / `another gateway instance is already listening` at every restart",
    cause = "2026.9 releases were reported to loop on restart with gateway.bind=lan: the new process starts "
      .. "before the old one released the port and exits with EADDRINUSE or 'another gateway instance is "
      .. "already listening'.",
    workaround = {
      "openclaw gateway stop && sleep 5 && openclaw gateway start   # without a service manager: openclaw gateway "
        .. "run under a supervisor",
      "npm install -g openclaw@latest && openclaw gateway restart",
    },
    signals = { "eaddrinuse", "another gateway instance is already listening" },
    signals_required = true,
    when = { bind = "lan" },
    refs = {
      "https://github.com/openclaw/openclaw/issues/154840",
      "https://github.com/openclaw/openclaw/issues/148866",
    },
    source = "protocol",
    test = { version = "2026.9.1", outside = "2026.8.2", facts = { bind = "lan" } },
  },
  {
    id = "scopes-cleared-without-device-auth-2026.2.14",
    affected = ">=2026.2.14-0 <2026.2.15-0",
    severity = "medium",
    title = "OpenClaw 2026.2.14 clears the requested scopes of clients without device auth",
    symptom = "third-party clients: `missing scope: operator.read` (e.g. `Error fetching models`)",
    cause = "2026.2.14 drops the scopes a client asks for when it connects without a device identity: dashboards "
      .. "and tools that connect with only the shared token can no longer call read methods.",
    workaround = {
      "pair the client as a device (openclaw devices list; openclaw devices approve <id>) so its scopes are kept",
      "npm install -g openclaw@latest && openclaw gateway restart",
    },
    signals = { "missing scope: operator.read" },
    signals_required = true,
    refs = { "https://github.com/ibelick/webclaw/issues/30", "https://github.com/openclaw/openclaw/issues/17691" },
    source = "report",
    test = { version = "2026.2.14", outside = "2026.2.13" },
  },
  {
    id = "device-token-mismatch-after-upgrade-2026.2.14",
    affected = ">=2026.2.14-0 <2026.2.16-0",
    severity = "high",
    title = "OpenClaw 2026.2.14/2026.2.15: paired CLIs and crons fail with device token mismatch after the upgrade",
    symptom = "`gateway closed (1008): unauthorized: device token mismatch (rotate/reissue device token)` for cron, "
      .. "devices list and agent tools while `gateway probe` succeeds",
    cause = "The token priority changed in 2026.2.14/2026.2.15: an old OPENCLAW_GATEWAY_TOKEN in the service's "
      .. "environment overrides the config, and the stored device tokens no longer match what the gateway checks.",
    workaround = {
      "systemctl --user cat openclaw-gateway | grep OPENCLAW_GATEWAY_TOKEN   # a stale token in the unit",
      "openclaw doctor --fix && openclaw gateway restart",
      "openclaw devices list   # re-approve the device if it is still rejected",
    },
    signals = { "device token mismatch" },
    signals_required = true,
    refs = {
      "https://github.com/openclaw/openclaw/issues/18590",
      "https://github.com/openclaw/openclaw/issues/19091",
      "https://github.com/openclaw/openclaw/issues/18175",
    },
    source = "report",
    test = { version = "2026.2.15", outside = "2026.2.13" },
  },
  {
    id = "telegram-media-fetch-2026.2.17",
    affected = ">=2026.2.17-0 <2026.2.18-0",
    severity = "medium",
    title = "OpenClaw 2026.2.17: Telegram attachments are dropped (MediaFetchError: fetch failed)",
    symptom = "messages with a file or image never reach the agent; log `MediaFetchError: Failed to fetch media`",
    cause = "The gateway's own fetch of Telegram's file API fails in 2026.2.17 (curl and plain Node work), and the "
      .. "whole message, text included, is dropped.",
    workaround = { "npm install -g openclaw@latest && openclaw gateway restart" },
    signals = { "mediafetcherror", "failed to fetch media" },
    when = { channel = "telegram" },
    refs = { "https://github.com/openclaw/openclaw/issues/20027" },
    source = "report",
    test = { version = "2026.2.17", outside = "2026.2.15", facts = { channels = { "telegram" } } },
  },
  {
    id = "device-identity-insecure-lan-2026.2.22",
    affected = ">=2026.2.22-0",
    severity = "medium",
    title = "Since 2026.2.22 allowInsecureAuth no longer skips device identity for plain-HTTP LAN access",
    symptom = "`disconnected (1008): device identity required` in the Control UI at http://<lan-ip>:18789",
    cause = "A browser on plain HTTP from another machine is not a secure context and has no WebCrypto device "
      .. "identity; since 2026.2.22 gateway.controlUi.allowInsecureAuth no longer waives it.",
    workaround = {
      "ssh -N -L 18789:127.0.0.1:18789 user@<gateway host>   # then open http://127.0.0.1:18789",
      "or serve the Control UI over HTTPS (tailscale serve, a TLS proxy)",
    },
    signals = { "device identity required" },
    when = { bind = "lan" },
    signals_required = true,
    refs = {
      "https://github.com/openclaw/openclaw/issues/24238",
      "https://github.com/openclaw/openclaw/issues/8529",
    },
    source = "report",
    test = { version = "2026.2.22", outside = "2026.2.21", facts = { bind = "lan" } },
  },
  {
    id = "bare-url-device-auth-2026.3.7",
    affected = ">=2026.3.7-0 <2026.3.8-0",
    severity = "medium",
    title = "OpenClaw 2026.3.7 ignores dangerouslyDisableDeviceAuth for the bare Control UI URL",
    symptom = "http://127.0.0.1:18789 without ?token= asks for a device id (`Device Id Required`)",
    cause = "2026.3.7 stopped sending the device identity for a bare URL and ignores "
      .. "gateway.controlUi.dangerouslyDisableDeviceAuth, so the dashboard needs the token in the URL.",
    workaround = {
      "open http://127.0.0.1:18789/?token=<gateway token>",
      "npm install -g openclaw@latest && openclaw gateway restart",
    },
    signals = { "device identity required" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/40714" },
    source = "report",
    test = { version = "2026.3.7", outside = "2026.3.6" },
  },
  {
    id = "restart-after-npm-upgrade-2026.3.8",
    affected = ">=2026.3.8-0 <2026.3.9-0",
    severity = "medium",
    title = "OpenClaw 2026.3.8: `openclaw gateway restart` right after an npm upgrade leaves the gateway down",
    symptom = "after `npm install -g openclaw@latest` and `openclaw gateway restart` the gateway is gone until "
      .. "started by hand",
    cause = "The restart runs the new CLI against the old process; the old gateway exits and nothing starts the "
      .. "new one when it runs without a supervisor that restarts it.",
    workaround = {
      "openclaw gateway start   # without a service manager: openclaw gateway run under a supervisor",
      "openclaw gateway install   # a supervised unit restarts it (where systemd runs)",
    },
    signals_required = true,
    signals = { "gateway closed", "econnrefused" },
    refs = { "https://github.com/openclaw/openclaw/issues/42198" },
    source = "report",
    test = { version = "2026.3.8", outside = "2026.3.7" },
  },
  {
    id = "slack-socket-mode-no-inbound-2026.3.8",
    affected = ">2026.3.8 <2026.4.0-0",
    severity = "high",
    title = "OpenClaw after 2026.3.8: Slack Socket Mode connects but no inbound events arrive",
    symptom = "Slack says connected and the bot can post, but it never sees a message",
    cause = "A regression after 2026.3.8 stops delivering Socket Mode events to the agent; downgrading to 2026.3.8 "
      .. "restores them.",
    workaround = {
      "npm install -g openclaw@2026.3.8 && openclaw gateway restart   # until a fixed release",
      "openclaw channels status --probe",
    },
    when = { channel = "slack" },
    refs = {
      "https://github.com/openclaw/openclaw/issues/25968",
      "https://github.com/openclaw/openclaw/issues/28037",
      "https://github.com/openclaw/openclaw/issues/52527",
    },
    source = "report",
    test = { version = "2026.3.13", outside = "2026.3.8", facts = { channels = { "slack" } } },
  },
  {
    id = "handshake-deadline-2026.3.13",
    affected = ">=2026.3.13-0 <2026.3.14-0",
    fixed = "2026.3.14",
    severity = "medium",
    title = "OpenClaw 2026.3.13: the pre-auth handshake deadline is too short (closed 1000, no reason)",
    symptom = "CLI `gateway closed (1000 normal closure): no close reason`; `devices list` and `gateway probe` time "
      .. "out before hello",
    cause = "2026.3.13 closes connections that have not finished the handshake within a short default deadline; "
      .. "slower CLI and ACP device flows hit it. A later release raised the default.",
    workaround = { "npm install -g openclaw@latest && openclaw gateway restart" },
    signals = { "1000 normal closure", "closed before connect" },
    signals_required = true,
    refs = {
      "https://github.com/openclaw/openclaw/issues/46923",
      "https://github.com/openclaw/openclaw/issues/49510",
      "https://github.com/openclaw/openclaw/issues/48002",
    },
    source = "report",
    test = { version = "2026.3.13", outside = "2026.3.8" },
  },
  {
    id = "control-ui-assets-missing-2026.3.22",
    affected = ">=2026.3.22-0 <2026.3.23-0",
    severity = "medium",
    title = "OpenClaw 2026.3.22: the Control UI is missing from the package",
    symptom = "`Control UI assets not found. Build them with pnpm ui:build`",
    cause = "The 2026.3.22 package shipped without the built Control UI: the gateway runs, "
      .. "the dashboard does not load.",
    workaround = {
      "npm install -g openclaw@latest && openclaw gateway restart",
      "npm install -g openclaw@2026.3.13   # the release before, if no later one is out",
    },
    signals = { "control ui assets not found" },
    refs = { "https://github.com/openclaw/openclaw/issues/53136" },
    source = "report",
    test = { version = "2026.3.22", outside = "2026.3.13" },
  },
  {
    id = "doctor-fix-duplicate-units-2026.4.24",
    affected = ">=2026.4.24-0 <2026.4.25-0",
    severity = "high",
    title = "OpenClaw 2026.4.24: `doctor --fix` installs a system unit next to the user unit",
    symptom = 'a "ghost" EADDRINUSE loop and `gateway probe` timeouts after `openclaw doctor --fix`',
    cause = "doctor --fix in 2026.4.24 created a system-level gateway unit beside the existing user unit; both "
      .. "start a gateway and race for port 18789.",
    workaround = {
      "clawbook run openclaw.systemd   # names both units",
      "sudo systemctl disable --now openclaw-gateway.service   # keep the user unit",
    },
    signals = { "eaddrinuse", "another gateway instance is already listening" },
    signals_required = true,
    when = { supervisor = "systemd" },
    refs = { "https://github.com/openclaw/openclaw/issues/72693" },
    source = "report",
    test = { version = "2026.4.24", outside = "2026.4.23", facts = { supervisor = "systemd" } },
  },
  {
    id = "gateway-timeouts-2026.4.24",
    affected = ">=2026.4.24-0 <2026.4.26-0",
    severity = "medium",
    title = "OpenClaw 2026.4.24/2026.4.25: the gateway health check times out after `openclaw update`",
    symptom = "`gateway health check fails with timeout after 10000ms`; the dashboard does not connect",
    cause = "Users upgrading from 2026.4.23 to 2026.4.24 or 2026.4.25 saw the gateway process run but never answer; "
      .. "reverting to 2026.4.23 restored it.",
    workaround = {
      "npm install -g openclaw@latest && openclaw gateway restart",
      "npm install -g openclaw@2026.4.23 && openclaw gateway restart   # the last release that worked for them",
    },
    signals = { "timeout after 10000ms" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/72848" },
    source = "report",
    test = { version = "2026.4.25", outside = "2026.4.23" },
  },
  {
    id = "slow-gateway-2026.4.26",
    affected = ">=2026.4.26-0 <2026.4.27-0",
    severity = "medium",
    title = "OpenClaw 2026.4.26: constant CPU load, slow restarts and dropped connections",
    symptom = "the gateway keeps disconnecting, `openclaw tui` takes ~30 s to load history, restarts are slow",
    cause = "2026.4.26 was reported to keep the gateway busy (about 30 % CPU at idle) on small hosts, so clients time "
      .. "out and restarts drag.",
    workaround = { "npm install -g openclaw@latest && openclaw gateway restart" },
    signals = { "event_loop_delay", "gateway closed" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/74006" },
    source = "report",
    test = { version = "2026.4.26", outside = "2026.4.25" },
  },
  {
    id = "telegram-ipv6-getme-storm-2026.5.2",
    affected = ">=2026.5.2-0 <2026.5.3-0",
    severity = "medium",
    title = "OpenClaw 2026.5.2: Telegram getMe timeouts every minute on hosts without IPv6 egress",
    symptom = "`[fetch-timeout] fetch timeout after 10000ms ... url=https://api.telegram.org/bot.../getMe` every ~60 s",
    cause = "Where DNS returns AAAA records but IPv6 does not route, 2026.5.2 retries "
      .. "Telegram's health check over IPv6 "
      .. "first; 2026.4.26 on the same host is clean.",
    workaround = {
      "curl -6 -sS https://api.telegram.org >/dev/null || echo 'no IPv6 egress'",
      "npm install -g openclaw@latest && openclaw gateway restart",
    },
    signals = { "fetch-timeout", "getme" },
    when = { channel = "telegram" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/76852" },
    source = "report",
    test = { version = "2026.5.2", outside = "2026.4.26", facts = { channels = { "telegram" } } },
  },
  {
    id = "codex-ipv6-network-error-2026.5.2",
    affected = ">=2026.5.2-0 <2026.5.3-0",
    severity = "medium",
    title = "OpenClaw 2026.5.2: openai-codex runs fail with `network connection error` without IPv6 egress",
    symptom = "`LLM request failed: network connection error. rawError=fetch failed`",
    cause = "2026.5.2 connects to chatgpt.com over IPv6 first; on a host without IPv6 egress every agent run against "
      .. "the openai-codex provider fails after minutes.",
    workaround = {
      "npm install -g openclaw@latest && openclaw gateway restart",
      "pin chatgpt.com to its IPv4 address in /etc/hosts   # the reporter's workaround",
    },
    signals = { "network connection error" },
    when = { provider = "openai-codex" },
    refs = { "https://github.com/openclaw/openclaw/issues/76857" },
    source = "report",
    test = { version = "2026.5.2", outside = "2026.4.26", facts = { providers = { "openai-codex" } } },
  },
  {
    id = "discord-externalized-plugin-2026.5",
    affected = ">=2026.5.2-0 <2026.5.19-0",
    severity = "high",
    title = "OpenClaw 2026.5.x moved Discord into a separate plugin: upgraded installs go silent",
    symptom = "`openclaw channels list --all` says `Discord: installed, not configured, disabled`; the bot never "
      .. "answers",
    cause = "2026.5 externalised the Discord channel into the @openclaw/discord package; the upgrade did not install "
      .. "it, and a core/plugin version skew (`Cannot find module .../discord/manager.runtime-*.js`) leaves the "
      .. "channel uninitialised.",
    workaround = {
      "openclaw plugins install discord",
      "openclaw plugins update @openclaw/discord   # the same version as the core",
      "openclaw gateway restart && openclaw channels status --probe",
    },
    signals = { "plugin not found: discord", "cannot find module", "awaiting gateway readiness" },
    when = { channel = "discord" },
    refs = {
      "https://github.com/openclaw/openclaw/issues/82813",
      "https://github.com/openclaw/openclaw/issues/76391",
      "https://github.com/openclaw/openclaw/issues/78643",
      "https://github.com/openclaw/openclaw/issues/79343",
      "https://github.com/openclaw/openclaw/issues/83972",
    },
    source = "report",
    test = { version = "2026.5.12", outside = "2026.4.27", facts = { channels = { "discord" } } },
  },
  {
    id = "doctor-codex-route-rewrite-2026.5.5",
    affected = ">=2026.5.5-0 <2026.5.6-0",
    fixed = "2026.5.6",
    severity = "high",
    title = "OpenClaw 2026.5.5: `doctor --fix` rewrote openai-codex/* model routes to openai/*",
    symptom = "agents stop answering after the upgrade (model-provider resolution errors); channels stay connected",
    cause = "The 2026.5.5 doctor repair moved valid ChatGPT/Codex OAuth routes to the openai "
      .. "API-key provider; installs "
      .. "without an OpenAI API key then fail every run. 2026.5.6 reverts the repair but not configs it changed.",
    workaround = {
      "npm install -g openclaw@2026.5.6   # or later",
      "openclaw models set openai-codex/gpt-5.5 && openclaw config validate",
      "openclaw gateway restart",
    },
    signals = { 'no api key found for provider "openai"', "unknown model: openai/" },
    when = { provider = "openai-codex" },
    refs = {
      "https://github.com/openclaw/openclaw/issues/78407",
      "https://github.com/openclaw/openclaw/issues/78609",
      "https://github.com/openclaw/openclaw/releases/tag/v2026.5.6",
    },
    source = "report",
    test = { version = "2026.5.5", outside = "2026.5.6", facts = { providers = { "openai-codex" } } },
  },
  {
    id = "event-loop-starvation-2026.5.22",
    affected = ">=2026.5.22-0 <2026.5.23-0",
    severity = "high",
    title = "OpenClaw 2026.5.22: event-loop starvation at start (session-lock phase), Telegram getMe timeouts",
    symptom = "`getMe attempt 1/3 failed: fetch timeout after 15000ms` for every bot while curl answers at once; "
      .. "long event_loop_delay",
    cause = "2026.5.22 brought back a start-up phase that blocks the event loop for tens of seconds (an 87 s "
      .. "session-lock phase was measured), so timers, heartbeats and provider calls time out; a downgrade fixes it.",
    workaround = {
      "npm install -g openclaw@latest && openclaw gateway restart",
      "npm install -g openclaw@<the release you ran before>   # the reporters' fix",
    },
    signals = { "event_loop_delay", "getme attempt" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/86509" },
    source = "report",
    test = { version = "2026.5.22", outside = "2026.5.20" },
  },
  {
    id = "heap-growth-oomd-2026.5.28",
    affected = ">=2026.5.28-0 <2026.5.29-0",
    severity = "high",
    title = "OpenClaw 2026.5.28: the gateway's heap grows for days until systemd-oomd kills it",
    symptom = "after about five days the gateway is killed (`systemd-oomd`, a ~1.5 GB heap) and restarts",
    cause = "A memory leak in 2026.5.28 grows the Node heap steadily; under systemd with oomd the unit is killed, "
      .. "elsewhere the process slows and is OOM-killed.",
    workaround = {
      "npm install -g openclaw@latest && openclaw gateway restart",
      "systemctl --user set-property openclaw-gateway.service MemoryHigh=1G   # contains it meanwhile",
    },
    signals = { "systemd-oomd", "javascript heap out of memory", "out of memory" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/89315" },
    source = "report",
    test = { version = "2026.5.28", outside = "2026.5.27" },
  },
  {
    id = "sqlite-wal-node-2026.7",
    affected = ">=2026.7.0-0 <2026.8.0-0",
    severity = "high",
    title = "OpenClaw 2026.7 needs SQLite >= 3.51.3 in the Node runtime: older Node builds fail to start silently",
    symptom = "after the update the gateway silently fails to start; `doctor` says nothing useful",
    cause = "2026.7 relies on a SQLite WAL fix (3.51.3) inside Node's built-in sqlite; a Node that embeds an older "
      .. "SQLite cannot open the state database.",
    workaround = {
      'node -e "console.log(process.versions.sqlite)"   # must be 3.51.3 or later',
      "install a current Node 24 (nodesource or nvm), then: openclaw gateway restart",
    },
    signals = { "sqlite", "database is locked", "sqlite_cantopen" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/107607" },
    source = "report",
    test = { version = "2026.7.1", outside = "2026.6.1" },
  },
  {
    id = "legacy-exec-approvals-2026.8.1",
    affected = ">=2026.8.1-0 <2026.8.2-0",
    severity = "medium",
    title = "OpenClaw 2026.8.1: `Legacy exec approvals exist` persists after `doctor --fix`",
    symptom = "`Legacy exec approvals exist at ~/.openclaw/exec-approvals.json. Run openclaw doctor --fix` again "
      .. "after doctor ran",
    cause = "The 2026.7 to 2026.8.1 migration of exec approvals does not complete; exec approvals stay blocked.",
    workaround = {
      "cp ~/.openclaw/exec-approvals.json ~/.openclaw/exec-approvals.json.bak",
      "npm install -g openclaw@latest && openclaw doctor --fix",
    },
    signals = { "legacy exec approvals exist" },
    refs = { "https://github.com/openclaw/openclaw/issues/134616" },
    source = "report",
    test = { version = "2026.8.1", outside = "2026.7.1" },
  },
  {
    id = "proxy-attribution-required-2026.8",
    affected = ">=2026.8.0-0",
    severity = "high",
    title = "Since 2026.8 a reverse proxy must be in gateway.trustedProxies (proxy_attribution_required)",
    symptom = "the Control UI behind Caddy/nginx is refused with `proxy_attribution_required`",
    cause = "2026.8 refuses proxied clients it cannot attribute: a proxy that sends X-Forwarded-For from an address "
      .. "not in gateway.trustedProxies is rejected instead of treated as remote.",
    workaround = {
      'openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'   # the proxy\'s address',
      "openclaw gateway restart",
    },
    signals = { "proxy_attribution_required" },
    signals_required = true,
    refs = { "https://github.com/digitalocean/droplet-1-clicks/issues/388" },
    source = "report",
    test = { version = "2026.8.2", outside = "2026.7.1" },
  },
  {
    id = "older-binary-refuses-restart-2026.9",
    affected = ">=2026.9.0-0",
    severity = "high",
    title = "Since 2026.9 an older openclaw binary refuses to restart a gateway whose config a newer one wrote",
    symptom = "`Refusing to restart the gateway service because this OpenClaw binary (...) is older than the config "
      .. "last written by OpenClaw ...`",
    cause = "Two installs: the service or PATH still runs the old binary after the upgrade, and the version guard "
      .. "stops it from touching the newer config.",
    workaround = {
      "which -a openclaw && openclaw --version   # find the older install",
      "openclaw gateway install --force   # from the newer install, so the service points at it",
    },
    signals = { "is older than the config last written by" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/154630" },
    source = "report",
    test = { version = "2026.9.2", outside = "2026.8.2" },
  },
  {
    id = "upgrade-8.1-breaks-start-2026.8.1",
    affected = ">=2026.8.1-0 <2026.8.2-0",
    severity = "high",
    title = "OpenClaw 2026.8.1: the gateway does not start after upgrading from 2026.7.x (Feishu and others broken)",
    symptom = "after `npm install -g openclaw@latest` from 2026.7.1 the gateway no longer starts; channels such as "
      .. "Feishu fail once it does",
    cause = "The 2026.7 to 2026.8.1 upgrade leaves state and plugin configs the new release cannot load; the "
      .. "migration procedure did not repair them for the reporters.",
    workaround = {
      "openclaw doctor --fix && openclaw config validate",
      "npm install -g openclaw@latest   # a release after 2026.8.1",
    },
    signals = { "gateway failed to start", "invalid config" },
    signals_required = true,
    refs = { "https://github.com/openclaw/openclaw/issues/134619" },
    source = "report",
    test = { version = "2026.8.1", outside = "2026.7.1" },
  },
}
