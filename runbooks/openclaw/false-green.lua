-- openclaw.false-green: `openclaw gateway status` says "RPC probe: ok", yet clients get "gateway closed (1000)"
-- or tools vanish. The probe only proves connect + auth; this runbook checks the layers behind it (seed 000):
-- scopes on a real read call, the listener's version against the installed one, the agent workspace on disk or
-- in the container, CLI-only model routes, tightened channel/network policies, session churn and handshake
-- timeouts in the log. Its fix plan is the seed's six-step recovery order.
local oc = require("lib.openclaw")
local connect_errors = require("lib.connect_errors")
local auth_findings = require("lib.auth_findings")
local gateway_logs = require("lib.gateway_logs")
local model_routes = require("lib.model_routes")
local deploy = require("lib.deployments")

local CONNECT_TIMEOUT = 8
local CALL_TIMEOUT = 5
local CONTAINER_HOME = "/home/node/" -- the official image's home: config paths under it are container paths
local CONTAINER_WORKSPACE = "/home/node/.openclaw/workspace"
local CHURN_THRESHOLD = 20 -- disconnects in the recent log (400 lines, 6 h of journal) that count as churn
local HANDSHAKE_TIMEOUT_THRESHOLD = 3 -- a stray port scan logs one; repeated ones are a stall

-- Restrictive values of the policies seed 000 names; anything else is shown as evidence only.
local RESTRICTIVE = { disabled = true, deny = true, none = true, closed = true, blocked = true, strict = true }
local POLICY_KEYS = { dmPolicy = true, groupPolicy = true, networkPolicy = true }

-- The seed's six-step recovery order (seed 000, section 03), spelled out as OpenClaw commands.
local RECOVERY_PLAN = {
  "1. freeze concurrent work: pause new sessions and batch jobs so the restart is not drowned in reconnects",
  "2. capture a snapshot: openclaw --version; openclaw status --all 2>&1 | tee /tmp/openclaw-status.txt; note recent "
    .. "token rotations and openclaw.json edits",
  "3. validate workspace and model routing: openclaw config get agents.defaults.workspace (must exist); "
    .. "openclaw models list (no *-cli/... route)",
  "4. openclaw doctor   # and openclaw config validate",
  "5. openclaw gateway restart   # or the systemd unit / container, so the old process exits before the new listens",
  "6. acceptance: one read call (openclaw status) and one write call (a short agent message) before reopening",
}

local LOG_PATTERNS = {
  {
    id = "scope.missing-operator-read",
    finding = "scope.missing-operator-read",
    match = { "missing scope: operator.read" },
  },
  {
    id = "ws.handshake-timeout",
    finding = "ws.handshake-timeout",
    match = { "handshake timeout", "1000 normal closure): no close reason" },
  },
  {
    id = "session.churn",
    finding = "session.churn",
    match = {
      "webchat disconnected",
      { "disconnected", "code=1001" },
      "closed before connect",
      "gateway auth changed",
    },
  },
}

-- Policy settings anywhere in the config tree: {{key="channels.telegram.dmPolicy", value, restrictive}}.
local function find_policies(tree)
  local found = {}
  local function walk(node, path, depth)
    if type(node) ~= "table" or depth > 6 then
      return
    end
    for key, value in pairs(node) do
      local here = path == "" and tostring(key) or (path .. "." .. tostring(key))
      if POLICY_KEYS[key] and type(value) == "string" then
        local restrictive = RESTRICTIVE[value:lower()] == true
        -- An allowlist with nobody on it drops every first message.
        if value == "allowlist" and type(node.allowFrom) == "table" and #node.allowFrom == 0 then
          restrictive = true
        end
        found[#found + 1] = { key = here, value = value, restrictive = restrictive }
      elseif type(value) == "table" then
        walk(value, here, depth + 1)
      end
    end
  end
  walk(tree, "", 0)
  table.sort(found, function(a, b)
    return a.key < b.key
  end)
  return found
end

-- Running OpenClaw containers, inspected for `path` (a container path).
local function gateway_containers(path)
  local found = {}
  for _, container in ipairs(deploy.running_inspected({ path })) do
    found[#found + 1] = container.inspected
  end
  return found
end

-- The session ended between hello-ok and the answer to the first call: the seed's "probe green, closed (1000)".
-- Without a close frame (1006) it is an abnormal close; otherwise the gateway hung up on purpose.
local function session_closed_spec(call, target)
  local code, reason = call.close_code, call.close_reason
  local evidence = { error = call.error, close_code = code, close_reason = reason, close_by = call.close_by }
  if code == 1006 then
    local spec = auth_findings.spec("ws.abnormal-close", { via = "probe", url = target.ws_url, evidence = evidence })
    spec.cause = spec.cause .. " It happened after hello-ok, on the first request."
    return spec
  end
  local how = "with " .. (code and tostring(code) or "an unknown code")
  if code == 1000 and (reason == nil or reason == "") then
    how = "with 1000 and no reason"
  elseif type(reason) == "string" and reason ~= "" then
    how = how .. " '" .. reason .. "'"
  end
  return {
    id = "session.closed-after-hello",
    severity = "high",
    confidence = 0.85,
    title = "The gateway ends the session right after hello-ok",
    cause = "The handshake succeeds, so the RPC probe is green, then the gateway closes the session "
      .. how
      .. " before answering the first request: every client sees 'gateway closed (1000)'. Usual causes (seed "
      .. "000): a tightened dmPolicy/networkPolicy dropping the first payload, an old gateway process still on "
      .. "the port after an upgrade, or scope and session drift.",
    evidence = evidence,
    fix = {
      "openclaw logs --follow   # the line logged at the close names the policy or error",
      "openclaw config get channels   # dmPolicy, allowFrom and networkPolicy",
      "openclaw gateway status --deep   # a second gateway process holding the port",
    },
  }
end

return {
  id = "openclaw.false-green",
  version = "1.0.0",
  engine = "^1",
  title = "Probe green, but clients get 'gateway closed (1000)' or tools vanish",
  summary = "Goes past the connect-only RPC probe: calls a read method to catch a missing operator.read scope, "
    .. "compares the listener's version with the installed one (an old process after an upgrade), checks "
    .. "agents.defaults.workspace on disk and in the container, looks for CLI-only model routes that disable "
    .. "tools, tightened dmPolicy/networkPolicy, session churn and handshake timeouts, and prints the six-step "
    .. "recovery order.",
  symptoms = {
    "gateway closed (1000)",
    "gateway closed (1000 normal closure): no close reason",
    "RPC probe: ok but tools unavailable",
    "missing scope: operator.read",
    "unreachable (missing scope: operator.read)",
    "all tools grayed out after upgrade",
    "handshake timeout",
    "closed before connect",
    "intermittent success, bulk failure",
  },
  tags = { "openclaw", "gateway", "scope", "workspace", "models", "upgrade" },
  capabilities = { "net", "fs", "proc", "env", "docker", "systemd" },
  findings = {
    "scope.missing-operator-read",
    "ws.handshake-timeout",
    "ws.abnormal-close",
    "session.closed-after-hello",
    "workspace.missing",
    "model.cli-only-backend",
    "version.running-not-installed",
    "policy.tightened",
    "session.churn",
    "recovery.plan",
  },
  params = oc.PARAMS,

  run = function(ctx, params)
    local problems = 0
    local emitted = {}
    local target = {}

    local function emit(spec)
      if spec and not emitted[spec.id] then
        emitted[spec.id] = true
        if spec.severity ~= "info" then
          problems = problems + 1
        end
        oc.finding(ctx, target, spec)
      end
    end

    local token, config
    target, token, config = ctx:step("Resolve the gateway, the token and the config", function(step)
      local t, tok = oc.target(params), oc.token(params)
      local cfg = t.config or openclaw.config({ profile = params.profile })
      step:evidence("url", t.url):evidence("token_source", tok.source):evidence("config", oc.get(cfg, "path"))
      if type(cfg) ~= "table" or cfg.ok ~= true then
        step:warn("config not readable: " .. tostring(oc.get(cfg, "message")))
      end
      return t, tok, cfg
    end)
    target, token = target or {}, token or { source = "none" }
    local tree = oc.get(config, "config") or {}
    local password = token.kind == "password" or oc.get(config, "gateway.auth.mode.value") == "password"

    local sent = { token = token.value ~= nil and not password, password = token.value ~= nil and password }
    local hello, status_call, probe = ctx:step("Probe like `openclaw gateway status`", function(step)
      local opts =
        oc.connect_options({ value = token.value, kind = password and "password" or "token" }, CONNECT_TIMEOUT)
      opts.scopes = { "operator.read" } -- what the CLI's probe asks for
      if target.tls and oc.is_loopback(target.host) then
        opts.insecure = true
      end
      local session = gateway.connect(target.ws_url, opts)
      local c = connect_errors.classify(session, sent)
      step:evidence("probe", connect_errors.summary(c))
      if c.kind == "ok" then
        local call = session:call("status", {}, { timeout = CALL_TIMEOUT })
        step:evidence("server_version", session.server_version):evidence("scopes", session.scopes)
        session:close()
        step:pass("green: hello-ok from " .. tostring(target.ws_url))
        return session, call, c
      end
      if c.id == "ws.handshake-timeout" or c.id == "ws.abnormal-close" then
        emit(auth_findings.spec(c.id, {
          via = "probe",
          classification = c,
          url = target.ws_url,
          evidence = connect_errors.evidence(c, { url = target.ws_url }),
        }))
        step:fail(connect_errors.summary(c))
      elseif c.id then
        -- Not a false green: the probe itself is refused, and openclaw.auth names the cause.
        step:fail("refused (" .. connect_errors.summary(c) .. "): running openclaw.auth")
        local summary = oc.run(ctx, "openclaw.auth", params)
        problems = problems + #oc.list(oc.get(summary, "findings"))
      else
        step:fail("the probe fails (" .. connect_errors.summary(c) .. "): clawbook run openclaw.gateway.connect")
      end
      return session, nil, c
    end)
    probe = probe or { kind = "unknown" }

    ctx:step("Call a read method on the session", function(step)
      if probe.kind ~= "ok" or type(status_call) ~= "table" then
        step:skip("no session")
        return
      end
      if status_call.ok then
        step:pass("status answered: operator.read is in effect")
        return
      end
      local missing = status_call.missing_scope
      local code = oc.get(status_call, "error.code")
      step:evidence("error", status_call.error):evidence("close_code", status_call.close_code)
      if code == "closed" or code == "not_connected" then
        emit(session_closed_spec(status_call, target))
        step:fail("the session ended right after hello-ok")
        return
      end
      if missing ~= "operator.read" then
        step:warn("status refused: " .. tostring(oc.get(status_call, "error.message")))
        return
      end
      -- Granted at hello but refused on the call: the 2026.3.13 kind of regression. Not granted at hello: the
      -- gateway strips scopes from device-less clients (scripts, dashboards that send only the token).
      local granted = false
      for _, scope in ipairs(oc.list(hello.scopes)) do
        granted = granted or scope == "operator.read" or scope == "operator.write" or scope == "operator.admin"
      end
      local cause = "The gateway cleared the scopes of this device-less token connection, so status fails with "
        .. "'missing scope: operator.read'. Clients that send only the token (scripts, dashboards, older CLIs) "
        .. "connect and then lose every read call."
      if granted then
        cause = "The gateway granted operator.read at hello, then refused status with 'missing scope: "
          .. "operator.read': the probe is green while every read call, and the tools behind them, fail. "
          .. "OpenClaw 2026.3.13 did this on loopback."
      end
      emit({
        id = "scope.missing-operator-read",
        severity = granted and "high" or "medium",
        confidence = granted and 0.9 or 0.6,
        title = "Connected, but read calls fail with 'missing scope: operator.read'",
        cause = cause,
        evidence = { server_version = hello.server_version, hello_scopes = hello.scopes, error = status_call.error },
        fix = {
          "openclaw --version   # 2026.3.13: clawbook run openclaw.known-issues",
          "openclaw devices list   # a pending scope-upgrade request blocks the CLI's device",
          "openclaw devices approve <requestId>",
          "npm install -g openclaw@latest && openclaw gateway restart",
        },
      })
      step:fail("missing scope: operator.read")
    end)

    ctx:step("Compare the listener's version with the installed one", function(step)
      local installed = openclaw.version()
      if type(installed) ~= "table" then
        step:skip("openclaw.version failed")
        return
      end
      local listener = probe.kind == "ok" and hello.server_version or nil
      local stale = {}
      for _, process in ipairs(oc.list(installed.running)) do
        if process.matches_installed == false then
          stale[#stale + 1] = "pid " .. tostring(process.pid) .. " (" .. tostring(process.version) .. ")"
        end
      end
      if listener and listener ~= "" and installed.version and listener ~= installed.version then
        stale[#stale + 1] = "the listener on :" .. tostring(target.port) .. " (" .. listener .. ")"
      end
      step:evidence("installed", installed.version):evidence("listener", listener)
      step:evidence("running", installed.running)
      if #stale == 0 then
        step:pass(installed.version and ("running the installed " .. installed.version) or "no installed version")
        return
      end
      local running = #oc.list(installed.running)
      emit({
        id = "version.running-not-installed",
        severity = "high",
        confidence = 0.85,
        title = "The gateway answering is not the installed version",
        cause = "OpenClaw "
          .. tostring(installed.version)
          .. " is installed, but "
          .. table.concat(stale, ", ")
          .. " runs another version: the package was upgraded while the old gateway kept the port (or the "
          .. "service was not restarted), so probes reach the old listener and the new one is half-started."
          .. (running > 1 and (" " .. running .. " gateway processes are running.") or ""),
        evidence = { installed = installed.version, listener = listener, running = installed.running },
        fix = {
          "openclaw gateway status --deep   # which service and process hold the port",
          "openclaw gateway stop && openclaw gateway start   # the old process must exit before the new one listens",
          "kill <pid of the old gateway>   # only if it survives the stop",
        },
      })
      step:fail(table.concat(stale, ", "))
    end)

    ctx:step("Check the agent workspace on disk and in the container", function(step)
      local workspace = oc.get(config, "gateway.workspace.value")
      if type(workspace) ~= "string" then
        step:skip("no workspace setting")
        return
      end
      step:evidence("workspace", workspace):evidence("source", oc.get(config, "gateway.workspace.source"))
      local in_container = workspace:sub(1, #CONTAINER_HOME) == CONTAINER_HOME
      local containers = gateway_containers(in_container and workspace or CONTAINER_WORKSPACE)
      local problem
      for _, container in ipairs(containers) do
        local path = in_container and workspace or CONTAINER_WORKSPACE
        local verdict = oc.list(container.persisted)[path] or {}
        local source = oc.get(verdict, "mount.source")
        if verdict.persisted ~= true then
          problem = problem
            or {
              severity = "medium",
              where = "container " .. tostring(container.name),
              cause = "No volume or bind mount covers "
                .. path
                .. " in container "
                .. tostring(container.name)
                .. ": the agent works in the container's throw-away layer and never sees the repository on the host.",
              fix = "docker run ... -v /path/to/repo:"
                .. path
                .. "   # or volumes: in docker-compose.yml, then recreate",
            }
        elseif oc.get(verdict, "mount.type") == "bind" and type(source) == "string" then
          local ok, stat = pcall(fs.stat, source)
          if ok and type(stat) == "table" and stat.exists == false then
            problem = problem
              or {
                severity = "high",
                where = "bind mount source " .. source,
                cause = "Container "
                  .. tostring(container.name)
                  .. " bind-mounts "
                  .. source
                  .. " at "
                  .. path
                  .. ", but "
                  .. source
                  .. " does not exist on the host: Docker mounts an empty directory.",
                fix = "mkdir -p " .. source .. "   # or fix the bind mount's host path, then recreate the container",
              }
          end
        end
      end
      if not problem and not (in_container and #containers > 0) then
        local ok, stat = pcall(fs.stat, workspace)
        if not ok then
          step:skip("outside clawbook's read policy: check with ls -ld " .. workspace)
          return
        elseif oc.get(config, "gateway.workspace.source") ~= "config" and type(stat) == "table" and not stat.exists then
          step:pass("the default workspace does not exist yet: OpenClaw creates it on first use")
          return
        elseif type(stat) == "table" and (stat.exists == false or (stat.exists and stat.type ~= "directory")) then
          problem = {
            severity = "high",
            where = workspace,
            cause = "agents.defaults.workspace is "
              .. workspace
              .. ", which "
              .. (stat.exists == false and "does not exist" or "is not a directory")
              .. ": path-class tools refuse to run or the session closes right after connect.",
            fix = "mkdir -p " .. workspace .. "   # or: openclaw config set agents.defaults.workspace <the repo path>",
          }
        end
      end
      if not problem then
        step:pass("the workspace exists")
        return
      end
      emit({
        id = "workspace.missing",
        severity = problem.severity,
        confidence = 0.85,
        title = "The agent workspace is missing (" .. problem.where .. ")",
        cause = problem.cause,
        evidence = { workspace = workspace, where = problem.where },
        fix = { "openclaw config get agents.defaults.workspace", problem.fix, "openclaw gateway restart" },
      })
      step:fail(problem.where)
    end)

    ctx:step("Look for CLI-only model routes", function(step)
      local refs = model_routes.refs(tree)
      step:evidence("routes", refs)
      local spec = model_routes.cli_only_spec(refs)
      if spec then
        emit(spec)
        step:warn(spec.evidence.routes[1])
      else
        step:pass(#refs == 0 and "no model routes configured" or "no *-cli/ route")
      end
    end)

    ctx:step("Check channel and network policies", function(step)
      local policies = find_policies(tree)
      step:evidence("policies", policies)
      local tight = {}
      for _, policy in ipairs(policies) do
        if policy.restrictive then
          tight[#tight + 1] = policy.key .. "=" .. policy.value
        end
      end
      if #tight == 0 then
        step:pass(#policies == 0 and "no policy settings" or "no restrictive policy")
        return
      end
      emit({
        id = "policy.tightened",
        severity = "low",
        confidence = 0.5,
        title = "A tightened policy may drop the first message after the handshake",
        cause = "With "
          .. table.concat(tight, ", ")
          .. " the handshake succeeds and the first payload is dropped by "
          .. "policy, which looks like a disconnect right after the change.",
        evidence = { restrictive = tight },
        fix = {
          "openclaw config get channels   # compare dmPolicy/allowFrom with who is writing",
          "relax the policy for one known session to confirm, e.g. openclaw config set <key> pairing",
          "openclaw pairing list --channel <channel>",
        },
      })
      step:warn(table.concat(tight, ", "))
    end)

    ctx:step("Read the gateway's log for scope errors, handshake timeouts and churn", function(step)
      local seen = gateway_logs.scan(ctx, params, LOG_PATTERNS)
      step:evidence("sources", gateway_logs.sources(seen)):evidence("lines_scanned", seen.lines_scanned)
      local scope = gateway_logs.evidence(seen, "scope.missing-operator-read")
      local timeouts = gateway_logs.evidence(seen, "ws.handshake-timeout")
      local churn = gateway_logs.evidence(seen, "session.churn")
      step:evidence("scope_errors", scope and scope.count or 0)
      step:evidence("handshake_timeouts", timeouts and timeouts.count or 0)
      step:evidence("disconnects", churn and churn.count or 0)
      if scope then
        emit({
          id = "scope.missing-operator-read",
          severity = "high",
          confidence = 0.8,
          title = "Clients' read calls fail with 'missing scope: operator.read'",
          cause = "The gateway's log shows read calls (status, system-presence, config.get) refused with "
            .. "'missing scope: operator.read' for connected clients: the probe is green, the work is not.",
          evidence = scope,
          fix = {
            "openclaw --version   # 2026.3.13: clawbook run openclaw.known-issues",
            "openclaw devices list && openclaw devices approve <requestId>   # a pending scope upgrade",
            "npm install -g openclaw@latest && openclaw gateway restart",
          },
        })
      end
      if timeouts and timeouts.count >= HANDSHAKE_TIMEOUT_THRESHOLD then
        emit(auth_findings.spec("ws.handshake-timeout", { via = "log", evidence = timeouts }))
      end
      if churn and churn.count >= CHURN_THRESHOLD then
        emit({
          id = "session.churn",
          severity = "medium",
          confidence = 0.6,
          title = "Sessions are churning: " .. churn.count .. " disconnects in the recent log",
          cause = "Clients connect and drop again and again (1001 going away, closed before connect, auth changed): "
            .. "several terminals with different tokens, a proxy recycling idle connections, or restarts.",
          evidence = churn,
          fix = {
            "unify the token: export OPENCLAW_GATEWAY_TOKEN from one place (clawbook run openclaw.auth lists copies)",
            "clawbook run openclaw.proxy   # idle timeouts behind a reverse proxy",
            "journalctl --user-unit openclaw-gateway --since -1h | grep -c Started   # restarts",
          },
        })
      end
      if
        scope
        or (timeouts and timeouts.count >= HANDSHAKE_TIMEOUT_THRESHOLD)
        or (churn and churn.count >= CHURN_THRESHOLD)
      then
        step:warn("see findings")
      else
        step:pass(seen.lines_scanned == 0 and "no log lines found" or "nothing in the recent log")
      end
    end)

    ctx:step("Recovery order", function(step)
      step:evidence("plan", RECOVERY_PLAN)
      if problems == 0 then
        step:pass("nothing to recover")
        return
      end
      emit({
        id = "recovery.plan",
        severity = "info",
        confidence = 1,
        title = "Recover in this order: cheap steps first, config rollback last",
        cause = "The six-step order from the OpenClaw false-green runbook: restore a stable state before changing "
          .. "config, so a restart is not drowned in reconnects and a rollback is the last resort.",
        evidence = { problems = problems },
        fix = RECOVERY_PLAN,
      })
      step:warn(problems .. " problem(s): follow the plan")
    end)

    return { probe = probe.kind, problems = problems }
  end,
}
