-- openclaw.recovery: the seeds' six-step recovery, as an ordered procedure that changes the machine only with
-- `clawbook run openclaw.recovery --apply` (a dry run shows every action it would take, with the command or diff).
--
--   1. freeze: who is connected (clients and sessions), so nobody is cut off unknowingly;
--   2. snapshot: the config, dotenv and lock files copied aside, and the bundle's files attached
--      (`clawbook bundle --runbook openclaw.recovery` packs them);
--   3. workspace and model routing (openclaw.models);
--   4. the config (openclaw.config): a start it would refuse is fixed first, or the procedure stops;
--   5. the ordered restart: the old process gone (and its port free) before the new one starts, through
--      whatever runs it (the systemd user unit, the container, or a plain process); stale locks removed only
--      when their owner is dead; a client token that drifted from the gateway's pinned where the client reads it;
--   6. acceptance: one read call and, where the scopes allow, one harmless write call, before "healthy".
--
-- Resumable: every step probes the state first and skips what is already right, so running it again after an
-- interruption carries on where it stopped. Ambiguity stops it: two gateway instances, a port held by another
-- program, a lock whose owner lives, a token exported in the user's shell.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")

local POLL_SECONDS = 0.5
local PORT_FREE_SECONDS = 10

-- Every action result of this run, to tell a dry run (planned) from a recovery that was carried out.
local taken = {}

-- Calls an action function and keeps its result.
local function act(fn, options)
  local result = fn(options)
  taken[#taken + 1] = result
  return result
end

-- Probes the gateway as a client would: health endpoints, the handshake with the client's token, processes.
local function probe(target, secret)
  local health = gateway.health(target.url, oc.tls_options(target, { timeout = oc.TIMEOUT.http }))
  local connect
  if health.ok then
    connect = gateway.connect(target.ws_url, oc.tls_options(target, oc.connect_options(secret, oc.TIMEOUT.connect)))
  end
  local processes = proc.gateway_processes()
  local locks = openclaw.locks({})
  local instances = oc.instances(processes)
  local session = type(connect) == "table" and connect.ok == true and connect or nil
  return {
    health = health,
    connect = connect,
    session = session,
    instances = instances,
    locks = oc.list(locks),
    healthy = session ~= nil,
  }
end

local function close(seen)
  if seen and seen.session then
    seen.session:close()
    seen.session = nil
  end
end

local function token_refused(connect)
  if type(connect) ~= "table" or connect.ok then
    return false
  end
  local code = tostring(connect.details_code or oc.get(connect, "details.code") or "")
  return code:find("TOKEN") ~= nil
    or code:find("PASSWORD") ~= nil
    or tostring(connect.message or ""):find("token mismatch", 1, true) ~= nil
end

-- Who uses the gateway right now: instances and clients (system-presence) and sessions (sessions.list).
local function freeze(ctx, seen)
  return ctx:step("1. Freeze: report active clients and sessions", function(step)
    if not seen.session then
      step:skip("the gateway does not answer: nobody is connected to it")
      return
    end
    local presence = seen.session:call("system-presence", {}, { timeout = 3 })
    local sessions = seen.session:call("sessions.list", {}, { timeout = 3 })
    local clients = {}
    for _, entry in ipairs(oc.list(presence.ok and presence.payload)) do
      clients[#clients + 1] = tostring(entry.text or entry.host or entry.instanceId)
    end
    local session_count = 0
    if sessions.ok and type(sessions.payload) == "table" then
      session_count = #oc.list(sessions.payload.sessions or sessions.payload)
    end
    step:evidence("clients", clients)
    step:evidence("sessions", session_count)
    step:pass(string.format("%d client(s) present, %d session(s): a restart drops them", #clients, session_count))
  end)
end

local function snapshot(ctx, params, paths, seen)
  ctx:step("2. Snapshot: config, dotenv and locks copied aside; bundle files attached", function(step)
    local files = { paths.config_path, paths.env_file }
    for _, lock in ipairs(seen.locks) do
      files[#files + 1] = lock.path
    end
    local result = act(action.snapshot, { paths = files, label = "recovery" })
    step:evidence("snapshot", result)
    local ok, err = pcall(ctx.run, ctx, "openclaw.bundle", { profile = params.profile, triage = false, lines = 200 })
    if not ok then
      step:log("bundle files not attached: " .. tostring(err))
    end
    if result.status == "applied" then
      step:pass("snapshot in " .. tostring(result.backup))
    else
      step:pass(result.summary)
    end
  end)
end

-- The ids of a ctx:run summary's findings, as a list.
local function ids_of(summary)
  local ids = {}
  for _, finding in ipairs(oc.list(summary and summary.findings)) do
    ids[#ids + 1] = finding.id
  end
  return ids
end

local function validate_workspace_and_models(ctx, params, paths)
  ctx:step("3. Validate the workspace and model routing", function(step)
    local workspace = paths.workspace and fs.stat(paths.workspace)
    if workspace and workspace.exists == false then
      step:warn("the workspace " .. paths.workspace .. " does not exist (OpenClaw creates it at start)")
    end
    local summary = oc.run(ctx, "openclaw.models", params)
    step:evidence("model_findings", ids_of(summary))
  end)
end

-- openclaw.config; a start-blocking problem the procedure can fix (gateway.mode unset) becomes an action, any
-- other blocks the restart.
local function validate_config(ctx, params, paths)
  return ctx:step("4. Validate the config", function(step)
    local summary = oc.run(ctx, "openclaw.config", params)
    local ids = ids_of(summary)
    step:evidence("findings", ids)
    local blocking = {}
    for _, finding in ipairs(oc.list(summary and summary.findings)) do
      if finding.severity == "high" or finding.severity == "critical" then
        if finding.id == "gateway.mode-unset" then
          local result = act(action.set_config, { path = paths.config_path, key = "gateway.mode", value = "local" })
          if not (result.ok and (result.applied or result.status == "skipped")) then
            blocking[#blocking + 1] = finding.id
          end
        else
          blocking[#blocking + 1] = finding.id
        end
      end
    end
    if #blocking > 0 then
      step:fail("the gateway would refuse to start: " .. table.concat(blocking, ", ") .. " (fix by hand first)")
    else
      step:pass(#ids == 0 and "valid" or "nothing that blocks a start")
    end
    return { blocking = blocking }
  end)
end

-- Which supervisor runs the gateway here: the systemd user unit, a container, or nobody (a plain process).
local function manager_of(params)
  if params.manager ~= "auto" then
    return params.manager
  end
  local unit = systemd.unit(params.unit, { scope = "user" })
  if unit.ok and unit.load_state == "loaded" then
    return "systemd"
  end
  local containers = docker.containers({ all = true, name = params.container ~= "" and params.container or "openclaw" })
  if containers.ok and #oc.list(containers.containers) > 0 then
    return "docker"
  end
  return "process"
end

local function wait_port_free(port)
  local deadline = time.monotonic() + PORT_FREE_SECONDS
  repeat
    local listeners = proc.listeners({ port = port })
    if listeners and #listeners == 0 then
      return true
    end
    time.sleep(POLL_SECONDS)
  until time.monotonic() > deadline
  return false
end

local function wait_ready(target, seconds)
  local deadline = time.monotonic() + seconds
  repeat
    local health = gateway.health(target.url, oc.tls_options(target, { timeout = oc.TIMEOUT.http }))
    if health.ok and health.ready == true then
      return true, health
    end
    time.sleep(POLL_SECONDS)
  until time.monotonic() > deadline
  return false
end

local function applied(result)
  return result.applied == true
end

-- Pins the gateway's own secret where this client reads its token (the dotenv, or gateway.remote.token).
local function pin_client_token(paths, server, client)
  if client.source == "config:remote" then
    return act(action.pin_token, { token = server.value, config = paths.config_path, key = "gateway.remote.token" })
  end
  return act(action.pin_token, { token = server.value, env_file = paths.env_file })
end

local function restart(ctx, params, target, paths, seen, secret, problems)
  return ctx:step("5. Ordered restart", function(step)
    if #seen.instances > 1 then
      local pids = {}
      for _, p in ipairs(seen.instances) do
        pids[#pids + 1] = tostring(p.pid)
      end
      problems[#problems + 1] = "two or more gateway instances run (pids "
        .. table.concat(pids, ", ")
        .. "): which one to keep is for a person to decide"
      step:fail(problems[#problems])
      return { started = false }
    end

    -- A token that drifted: the gateway runs and refuses the client's token. Nothing needs a restart if the
    -- client can be pointed at the gateway's own secret.
    if seen.health.ok and token_refused(seen.connect) then
      local server = openclaw.server_token(seen.instances[1] and { pid = seen.instances[1].pid } or {})
      step:evidence("client_token", { source = secret.source, fingerprint = secret.fingerprint })
      step:evidence("gateway_token", { source = server.source, fingerprint = server.fingerprint })
      if server.set and server.fingerprint ~= secret.fingerprint then
        if secret.source == "env" then
          problems[#problems + 1] = "the client's token comes from its shell environment (OPENCLAW_GATEWAY_TOKEN): "
            .. "unset it, or export the gateway's"
          step:fail(problems[#problems])
          return { started = false }
        end
        if
          secret.source == nil
          or secret.source == "none"
          or secret.source == "dotenv"
          or secret.source == "config:remote"
        then
          local result = pin_client_token(paths, server, secret)
          step:pass(result.summary)
          return { started = false, pinned = applied(result) }
        end
        -- The client reads gateway.auth.* from the config, which the running gateway predates: a restart
        -- makes it read the config again.
        step:log("the gateway runs with an older secret than its config names: restarting it")
      end
    end

    if seen.healthy then
      step:skip("the gateway answers: no restart needed")
      return { started = false }
    end
    if not oc.is_loopback(target.host) then
      problems[#problems + 1] = "the gateway is on " .. target.host .. ", not this machine: run the recovery there"
      step:fail(problems[#problems])
      return { started = false }
    end

    local manager = manager_of(params)
    step:evidence("manager", manager)
    if manager == "systemd" then
      local result = act(action.restart_unit, { unit = params.unit, scope = "user" })
      return { started = applied(result), manager = manager, result = result }
    elseif manager == "docker" then
      local result =
        act(action.restart_container, { container = params.container ~= "" and params.container or "openclaw" })
      return { started = applied(result), manager = manager, result = result }
    end

    -- A plain process: stop the one that does not answer, free the port, clear stale locks, start anew.
    local instance = seen.instances[1]
    if instance then
      local stopped = act(action.stop_process, { pid = instance.pid, expect = "openclaw", wait = 15, kill = true })
      if not stopped.ok then
        problems[#problems + 1] = "could not stop pid " .. instance.pid .. ": " .. tostring(stopped.reason)
        step:fail(problems[#problems])
        return { started = false }
      end
      if applied(stopped) and not wait_port_free(target.port) then
        problems[#problems + 1] = "port " .. target.port .. " is still held after the old gateway stopped"
        step:fail(problems[#problems])
        return { started = false }
      end
    end
    for _, lock in ipairs(openclaw.locks({})) do
      if lock.stale == true and lock.status ~= "alive" then
        local removed = act(action.remove_stale_lock, { path = lock.path })
        if removed.status ~= "applied" and removed.status ~= "planned" then
          problems[#problems + 1] = "lock " .. lock.path .. " left in place: " .. tostring(removed.reason)
        end
      end
    end
    local holders = proc.listeners({ port = target.port }) or {}
    if #holders > 0 and not instance then
      problems[#problems + 1] = "port " .. target.port .. " is held by " .. oc.owner(holders[1]) .. ", not by a gateway"
      step:fail(problems[#problems])
      return { started = false }
    end
    local started = act(action.openclaw, {
      args = { "gateway", "run", "--port", tostring(target.port) },
      detach = true,
      log = paths.state_dir .. "/logs/clawbook-recovery-gateway.log",
    })
    step:evidence("start", started)
    if started.status == "refused" or started.status == "failed" then
      problems[#problems + 1] = "could not start the gateway: " .. tostring(started.reason)
      step:fail(problems[#problems])
    end
    return { started = applied(started), manager = manager, result = started }
  end)
end

local function acceptance(ctx, target, secret, write_check)
  return ctx:step("6. Acceptance test: one read call, one harmless write call", function(step)
    local options = oc.connect_options(secret, oc.TIMEOUT.connect)
    options.scopes = { "operator.read", "operator.write" }
    local session = gateway.connect(target.ws_url, oc.tls_options(target, options))
    if not session.ok then
      step:fail("handshake failed: " .. tostring(session.message or session.error))
      return { ok = false, why = "handshake: " .. tostring(session.message or session.error) }
    end
    local read = session:call("health", {}, { timeout = 5 })
    local result = { read = read.ok }
    if not read.ok then
      session:close()
      step:fail("read call failed: " .. tostring(oc.get(read, "error.message")))
      return { ok = false, why = "read call health failed" }
    end
    if write_check and oc.contains(session.scopes, "operator.write") then
      -- Aborting a run that does not exist: authorised like any write, and changes nothing.
      local write = session:call(
        "chat.abort",
        { sessionKey = "clawbook-acceptance", runId = "clawbook-acceptance" },
        { timeout = 5 }
      )
      result.write = write.ok or write.missing_scope == nil
      result.write_answer = write.ok and "ok" or oc.get(write, "error.code")
    else
      result.write = "skipped: operator.write not granted to this client"
    end
    session:close()
    step:evidence("acceptance", result)
    if result.write == false then
      step:fail("the write call was refused")
      return { ok = false, why = "write call refused" }
    end
    step:pass("read ok; write " .. tostring(result.write_answer or result.write))
    return { ok = true }
  end)
end

-- The first probe; a gateway still starting gets its chance (up to ready_timeout) before anything is restarted.
local function probe_the_gateway(ctx, params, target, secret)
  return ctx:step("Probe the gateway", function(step)
    local found = probe(target, secret)
    if found.health.ok and found.health.ready == false and #found.instances > 0 then
      step:log("the gateway is starting; waiting up to " .. params.ready_timeout .. " s for /readyz")
      close(found)
      wait_ready(target, params.ready_timeout)
      found = probe(target, secret)
    end
    step:evidence("url", target.url)
    step:evidence("instances", #found.instances)
    step:evidence("healthy", found.healthy)
    if found.healthy then
      step:pass("the gateway answers the handshake")
    else
      step:warn(found.health.ok and "it answers HTTP but refuses the handshake" or "nothing answers")
    end
    return found
  end)
end

-- The probe after the actions, with the token read again (a pinned token is read as the client would).
local function verify(ctx, params, target, restarted)
  return ctx:step("Verify: probe again", function(step)
    if restarted.started then
      local ready = wait_ready(target, params.ready_timeout)
      step:evidence("ready", ready)
    end
    local secret = oc.token(params)
    local after = probe(target, secret)
    close(after)
    step:evidence("healthy", after.healthy)
    if after.healthy then
      step:pass("the gateway answers the handshake")
    else
      step:fail("the symptom is still there")
    end
    return after, secret
  end)
end

-- The outcome: healthy (the acceptance test passed), planned (a dry run) or incomplete (with what blocked it).
local function report(ctx, target, seen, restarted, problems, accepted)
  -- Planned actions (a dry run) leave the symptom in place: say so, with the way to carry them out.
  local dry_run = false
  for _, result in ipairs(taken) do
    dry_run = dry_run or (result.status == "planned" and result.action ~= "snapshot")
  end
  if accepted.ok then
    knowledge.raise(ctx, target, "recovery.healthy", {
      variant = seen.healthy and "already" or nil,
      confidence = 1,
      evidence = { url = target.url, manager = restarted.manager, started = restarted.started },
    })
  else
    knowledge.raise(ctx, target, dry_run and #problems == 0 and "recovery.planned" or "recovery.incomplete", {
      severity = "high",
      confidence = 0.9,
      vars = {
        url = target.url,
        problems = #problems > 0 and table.concat(problems, "; ") .. ". " or "",
        why = tostring(accepted.why),
      },
      evidence = { problems = problems, manager = restarted.manager },
    })
  end
end

return {
  id = "openclaw.recovery",
  version = "1.0.0",
  engine = "^1",
  title = "Recover an OpenClaw gateway: freeze, snapshot, validate, ordered restart, acceptance test",
  summary = "The six-step recovery as an ordered, resumable procedure. A dry run (the default) shows each action "
    .. "with its command or diff; `--apply` carries them out, each confirmed (--yes: unattended), destructive ones "
    .. "(removing a stale lock) only with --allow-destructive, backed up and written to the audit log. Ends with a "
    .. "read and a harmless write call: healthy only when both pass.",
  symptoms = {
    "recover the gateway",
    "gateway will not come back",
    "restart the gateway safely",
    "gateway already running; lock timeout",
    "unauthorized: gateway token mismatch",
  },
  tags = { "openclaw", "gateway", "recovery", "remediation" },
  capabilities = { "net", "proc", "fs", "env", "systemd", "docker", "action" },
  findings = { "recovery.healthy", "recovery.planned", "recovery.incomplete" },
  params = oc.with_standard_params({
    manager = {
      type = "string",
      default = "auto",
      description = "What runs the gateway: auto, systemd (the user unit), docker, or process.",
    },
    unit = { type = "string", default = "openclaw-gateway.service", description = "The systemd user unit." },
    container = {
      type = "string",
      default = "",
      description = "The gateway's container (default: the one named openclaw*).",
    },
    ready_timeout = { type = "number", default = 90, description = "Seconds to wait for /readyz after a start." },
    write_check = {
      type = "boolean",
      default = true,
      description = "Make the harmless write call in the acceptance test.",
    },
  }),
  run = function(ctx, params)
    taken = {}
    if not oc.contains({ "auto", "systemd", "docker", "process" }, params.manager) then
      error("param manager must be auto, systemd, docker or process", 0)
    end
    local target = oc.target(params)
    local secret = oc.token(params)
    local paths = openclaw.paths({ profile = params.profile })

    local seen = probe_the_gateway(ctx, params, target, secret)
    if not seen then
      return -- the probe itself failed: its step carries the error, and nothing is changed blind
    end
    freeze(ctx, seen)
    snapshot(ctx, params, paths, seen)
    validate_workspace_and_models(ctx, params, paths)
    local config = validate_config(ctx, params, paths)
    local problems = {}
    local restarted = { started = false }
    if #config.blocking > 0 then
      problems[#problems + 1] = "the config blocks a start: " .. table.concat(config.blocking, ", ")
    else
      restarted = restart(ctx, params, target, paths, seen, secret, problems)
    end
    close(seen)

    local after
    after, secret = verify(ctx, params, target, restarted)
    local accepted = { ok = false, why = "the gateway does not answer" }
    if after and after.healthy then
      accepted = acceptance(ctx, target, secret, params.write_check)
    end
    report(ctx, target, seen, restarted, problems, accepted)
  end,
}
