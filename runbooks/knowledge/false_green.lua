return {
  {
    id = "scope.missing",
    severity = "high",
    title = "Calls fail with 'missing scope: {scope}'{client_named}",
    cause = "The gateway refused {count} call(s) (last {last_seen}) with 'missing scope: {scope}': the client is "
      .. "connected, but its device was paired (or its token issued) without {scope}, which the call needs "
      .. "(operator.admin for config.*, update.run, agents.*, sessions.patch...; operator.write for send and "
      .. "chat.send; operator.pairing for devices.*). Only that call fails; the client looks connected.",
    fix = {
      "openclaw devices list   # the device's scopes, and a pending scope-upgrade request",
      "openclaw devices approve <requestId>   # approve the upgrade to {scope}",
      "{scope_fix}",
    },
    texts = { client_named = " for {client}" },
    scope_fixes = {
      ["operator.admin"] = "OPENCLAW_GATEWAY_TOKEN=<gateway.auth.token> openclaw <command>   # a local CLI with the "
        .. "gateway's token keeps the CLI's default scopes, admin included",
      other = "reconnect the client once the upgrade is approved: it asks for {scope} again",
    },
    meaning = "A call fails with `missing scope: X` for a scope other than `operator.read` (e.g. "
      .. "`GatewayClientRequestError: missing scope: operator.admin`): the device was paired without it. High, 0.9 "
      .. "from our own call, 0.7 from a pasted line, medium 0.65 from another client's log line.",
    detected = "Signature `scope.missing` (`missing scope: operator.<x>`, x not read) in the gateway log, a pasted "
      .. "`symptom`, or a call's error; the scope is named in the evidence.",
    fix_doc = "`openclaw devices list`, `openclaw devices approve <requestId>` (the scope upgrade); for the CLI, the "
      .. "gateway token gives the default scopes.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/76721" },
  },
  {
    id = "scope.missing-operator-read",
    severity = "high",
    title = "Connected, but read calls fail with 'missing scope: operator.read'",
    cause = "The gateway cleared the scopes of this device-less token connection, so status fails with 'missing "
      .. "scope: operator.read'. Clients that send only the token (scripts, dashboards, older CLIs) connect and then "
      .. "lose every read call.",
    fix = {
      "openclaw --version   # 2026.3.13: clawbook run openclaw.known-issues",
      "openclaw devices list   # a pending scope-upgrade request blocks the CLI's device",
      "openclaw devices approve <requestId>",
      "npm install -g openclaw@latest && openclaw gateway restart",
    },
    variants = {
      granted = {
        severity = "high",
        cause = "The gateway granted operator.read at hello, then refused status with 'missing scope: "
          .. "operator.read': the probe is green while every read call, and the tools behind them, fail. OpenClaw "
          .. "2026.3.13 did this on loopback.",
      },
      log = {
        severity = "high",
        title = "Clients' read calls fail with 'missing scope: operator.read'",
        cause = "The gateway's log shows read calls (status, system-presence, config.get) refused with 'missing "
          .. "scope: operator.read' for connected clients: the probe is green, the work is not.",
        fix = {
          "openclaw --version   # 2026.3.13: clawbook run openclaw.known-issues",
          "openclaw devices list && openclaw devices approve <requestId>   # a pending scope upgrade",
          "npm install -g openclaw@latest && openclaw gateway restart",
        },
      },
    },
    meaning = "Connected, but read calls fail with `missing scope: operator.read`. High (0.9) when hello-ok "
      .. "granted a read scope and `status` still fails (the 2026.3.13 regression); medium (0.6) when the "
      .. "gateway stripped a device-less connection's scopes; high (0.8) from the log.",
    detected = '`session:call("status")` → `missing_scope`; hello-ok `scopes`; log `missing scope: operator.read`.',
    fix_doc = "`openclaw --version`, `openclaw devices list` + `approve` (scope upgrade), `npm install -g "
      .. "openclaw@latest && openclaw gateway restart`.",
    source = "seed",
  },
  {
    id = "session.closed-after-hello",
    severity = "high",
    title = "The gateway ends the session right after hello-ok",
    cause = "The handshake succeeds, so the RPC probe is green, then the gateway closes the session {how} before "
      .. "answering the first request: every client sees 'gateway closed (1000)'. Usual causes (seed 000): a "
      .. "tightened dmPolicy/networkPolicy dropping the first payload, an old gateway process still on the port after "
      .. "an upgrade, or scope and session drift.",
    fix = {
      "openclaw logs --follow   # the line logged at the close names the policy or error",
      "openclaw config get channels   # dmPolicy, allowFrom and networkPolicy",
      "openclaw gateway status --deep   # a second gateway process holding the port",
    },
    meaning = "hello-ok, then the gateway ends the session (1000 with no reason, or another code) before "
      .. 'answering the first request: the seed\'s "probe green, `gateway closed (1000)`". High, 0.85. A '
      .. "reset without a close frame at that point is reported as `ws.abnormal-close`.",
    detected = '`session:call("status")` returns `error.code` `closed`/`not_connected` with the close code and '
      .. "reason.",
    fix_doc = "`openclaw logs --follow` (the line at the close), `openclaw config get channels` "
      .. "(dmPolicy/networkPolicy), `openclaw gateway status --deep`.",
    source = "seed",
  },
  {
    id = "version.running-not-installed",
    severity = "high",
    title = "The gateway answering is not the installed version",
    cause = "OpenClaw {installed} is installed, but {stale} runs another version: the package was upgraded while the "
      .. "old gateway kept the port (or the service was not restarted), so probes reach the old listener and the new "
      .. "one is half-started.{processes}",
    fix = {
      "openclaw gateway status --deep   # which service and process hold the port",
      "openclaw gateway stop && openclaw gateway start   # the old process must exit first; without a service "
        .. "manager: stop it, then openclaw gateway run under the supervisor",
      "kill <pid of the old gateway>   # only if it survives the stop",
    },
    texts = { processes = " {running} gateway processes are running." },
    meaning = "The gateway answering runs another version than the one installed: an old process kept the port "
      .. "after an upgrade. High.",
    detected = "hello-ok `server_version` against `openclaw.version().version`; `running[].matches_installed = "
      .. "false`.",
    fix_doc = "`openclaw gateway status --deep`, `openclaw gateway stop && openclaw gateway start`, `kill <old "
      .. "pid>`.",
    source = "seed",
  },
  {
    id = "workspace.missing",
    severity = "high",
    title = "The agent workspace is missing ({where})",
    cause = "agents.defaults.workspace is {workspace}, which {state}: path-class tools refuse to run or the session "
      .. "closes right after connect.",
    fix = {
      "openclaw config get agents.defaults.workspace",
      "mkdir -p {workspace}   # or: openclaw config set agents.defaults.workspace <the repo path>",
      "openclaw gateway restart",
    },
    variants = {
      no_volume = {
        severity = "medium",
        cause = "No volume or bind mount covers {path} in container {container}: the agent works in the container's "
          .. "throw-away layer and never sees the repository on the host.",
        fix = {
          "openclaw config get agents.defaults.workspace",
          "docker run ... -v /path/to/repo:{path}   # or volumes: in docker-compose.yml, then recreate",
          "openclaw gateway restart",
        },
      },
      bind_source_missing = {
        cause = "Container {container} bind-mounts {source} at {path}, but {source} does not exist on the host: "
          .. "Docker mounts an empty directory.",
        fix = {
          "openclaw config get agents.defaults.workspace",
          "mkdir -p {source}   # or fix the bind mount's host path, then recreate the container",
          "openclaw gateway restart",
        },
      },
    },
    meaning = "`agents.defaults.workspace` (configured) does not exist or is not a directory (high); in a "
      .. "container no mount covers it (medium) or its bind-mount source is missing on the host (high). "
      .. "The default workspace not existing yet is not a finding (OpenClaw creates it).",
    detected = "`openclaw.config` `gateway.workspace`; `fs.stat`; `docker.inspect(id, {paths={workspace}})` "
      .. "`persisted` and `mount.source`. A path outside clawbook's read policy is a skipped step.",
    fix_doc = "`mkdir -p PATH` or `openclaw config set agents.defaults.workspace <repo>`; `-v "
      .. "/repo:/home/node/.openclaw/workspace`; restart.",
    source = "seed",
  },
  {
    id = "model.cli-only-backend",
    severity = "medium",
    title = "Agents are routed to a CLI-only model backend, which runs without OpenClaw's tools",
    cause = "Routes of the form <vendor>-cli/<model> hand the turn to a vendor CLI; OpenClaw disables its own file and "
      .. "device tools for them, which looks like 'gateway online but tools unavailable'. Found: {routes}.",
    fix = {
      "openclaw models list   # pick a provider/model that is not *-cli/...",
      "{replacements}",
      "openclaw gateway restart",
    },
    replace = "openclaw config set {where} <provider/model>   # instead of {ref}",
    meaning = "A route `<vendor>-cli/<model>` runs without OpenClaw's tools. Medium for a primary model, low "
      .. "for fallbacks and listed models. (Also raised by `openclaw.models`.)",
    detected = "`agents.defaults.model`, `.fallbacks`, `agents.defaults.models`, `agents.list[].model` in the "
      .. "config.",
    fix_doc = "`openclaw models list`, `openclaw config set <key> <provider/model>`, restart.",
    source = "seed",
  },
  {
    id = "policy.tightened",
    severity = "low",
    title = "A tightened policy may drop the first message after the handshake",
    cause = "With {policies} the handshake succeeds and the first payload is dropped by policy, which looks like a "
      .. "disconnect right after the change.",
    fix = {
      "openclaw config get channels   # compare dmPolicy/allowFrom with who is writing",
      "relax the policy for one known session to confirm, e.g. openclaw config set <key> pairing",
      "openclaw pairing list --channel <channel>",
    },
    meaning = "A restrictive `dmPolicy`/`groupPolicy`/`networkPolicy` (`disabled`, `deny`, `none`, ... or an "
      .. "`allowlist` with an empty `allowFrom`) may drop the first payload after the handshake. Low, 0.5.",
    detected = "Any such key in the config tree.",
    fix_doc = "`openclaw config get channels`, relax for one known session to confirm, `openclaw pairing list "
      .. "--channel <channel>`.",
    source = "seed",
  },
  {
    id = "session.churn",
    severity = "medium",
    title = "Sessions are churning: {count} disconnects in the recent log",
    cause = "Clients connect and drop again and again (1001 going away, closed before connect, auth changed): several "
      .. "terminals with different tokens, a proxy recycling idle connections, or restarts.",
    fix = {
      "unify the token: export OPENCLAW_GATEWAY_TOKEN from one place (clawbook run openclaw.auth lists copies)",
      "clawbook run openclaw.proxy   # idle timeouts behind a reverse proxy",
      "journalctl --user-unit openclaw-gateway --since -1h | grep -c Started   # restarts",
    },
    meaning = "20 or more disconnects in the recent log (1001, `closed before connect`, `gateway auth "
      .. "changed`). Medium.",
    detected = "`lib.openclaw` log scan (400 file lines, 6 h of journal).",
    fix_doc = "One token source for every terminal, `clawbook run openclaw.proxy`, count restarts in the journal.",
    source = "seed",
  },
  {
    id = "recovery.plan",
    severity = "info",
    title = "Recover in this order: cheap steps first, config rollback last",
    cause = "The six-step order from the OpenClaw false-green runbook: restore a stable state before changing config, "
      .. "so a restart is not drowned in reconnects and a rollback is the last resort.",
    fix = {
      "1. freeze concurrent work: pause new sessions and batch jobs so the restart is not drowned in reconnects",
      "2. capture a snapshot: openclaw --version; openclaw status --all 2>&1 | tee /tmp/openclaw-status.txt; note "
        .. "recent token rotations and openclaw.json edits",
      "3. validate workspace and model routing: openclaw config get agents.defaults.workspace (must exist); openclaw "
        .. "models list (no *-cli/... route)",
      "4. openclaw doctor   # and openclaw config validate",
      "5. openclaw gateway restart   # or the systemd unit / container, so the old process exits before the new "
        .. "listens",
      "6. acceptance: one read call (openclaw status) and one write call (a short agent message) before reopening",
    },
    meaning = "Info: the seed's six-step recovery order (freeze, snapshot, validate workspace and models, "
      .. "doctor, ordered restart, read + write acceptance), raised whenever another problem was found.",
    detected = "Any non-info finding in the run (including a nested `openclaw.auth`).",
    fix_doc = "The six steps as commands.",
    source = "seed",
  },
}
