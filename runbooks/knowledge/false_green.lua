return {
  {
    id = "scope.missing-operator-read",
    severity = "high",
    title = "Connected, but read calls fail with 'missing scope: operator.read'",
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
    severity = "low",
    title = "A tightened policy may drop the first message after the handshake",
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
    title = "Recover in this order: cheap steps first, config rollback last",
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
    meaning = "Info: the seed's six-step recovery order (freeze, snapshot, validate workspace and models, "
      .. "doctor, ordered restart, read + write acceptance), raised whenever another problem was found.",
    detected = "Any non-info finding in the run (including a nested `openclaw.auth`).",
    fix_doc = "The six steps as commands.",
    source = "seed",
  },
}
