-- openclaw.gateway.start: why the gateway will not start, or is not ready yet.
--
-- The config-side causes (no config, gateway.mode unset, bind without auth, corrupt JSON5) come from the
-- openclaw.config runbook, run first; this one adds what the host shows: who holds the port, lock and PID files
-- whose owner is gone, the state dir's permissions, available memory, several gateway instances, a gateway
-- still starting (/healthz live, /readyz 503 startup-sidecars), and what the last start attempts logged: this
-- gateway's lines only (/tmp/openclaw is shared by every gateway), and a refusal the current config rules out
-- (mode unset while it is local now) is only info.
--
-- Seeds vs the real product: the posts' port 3001 and ~/.openclaw/gateway.pid are handled like 18789 and the
-- real lock files (<tmp>/openclaw-<uid>/gateway.<hash>.lock); "wait for `[gateway] listening on`" is replaced
-- by /readyz, since releases after 2026-04-03 print no listening line.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local node_runtime = require("lib.node_runtime")
local legacy_install = require("lib.legacy_install")

-- True when this machine runs no service manager at all (PID 1 is not systemd, or there is no systemctl): then
-- `openclaw gateway start` cannot work and the fix must not offer it (service.no-manager says why).
local NO_MANAGER_REASONS = { not_booted_with_systemd = true, no_systemctl = true }
local function no_service_manager()
  local state = oc.try(systemd.available, { timeout = 1 })
  return state ~= nil
    and oc.get(state, "system.available") ~= true
    and oc.get(state, "user.available") ~= true
    and NO_MANAGER_REASONS[oc.get(state, "system.reason")] == true
end

local MIN_AVAILABLE_BYTES = 256 * 1024 * 1024 -- the seeds' "at least 256MB of available RAM"
local STARTUP_STUCK_MS = 5 * 60 * 1000 -- longer than any start seen (about 40 s in Docker)

-- Finding ids this runbook may take from the logs, when nothing on the host already explained the failure.
local LOG_FINDINGS = {
  "gateway.mode-unset",
  "gateway.missing-config",
  "gateway.bind-without-auth",
  "gateway.port-conflict",
  "gateway.duplicate-instance",
  "gateway.state-dir-permissions",
  "gateway.low-memory",
  "config.unresolved-env",
  "config.invalid",
}
-- Start refusals (signature ids "start.*") that the table files under another area's id, e.g. a lan bind without
-- gateway.controlUi.allowedOrigins (auth.origin-not-allowed, real-cases P30): read as start failures too. The
-- gateway.* states (not running, starting) are what the probes measure, not read from old lines.
local START_REFUSALS, START_FINDINGS = {}, {}
do
  local listed = {}
  for _, id in ipairs(LOG_FINDINGS) do
    listed[id] = true
  end
  for _, pattern in ipairs(oc.signatures()) do
    local other_area = not tostring(pattern.finding):find("^gateway%.")
    if tostring(pattern.id):find("^start%.") and other_area and not listed[pattern.finding] then
      START_REFUSALS[#START_REFUSALS + 1] = pattern
      listed[pattern.finding] = true
      START_FINDINGS[#START_FINDINGS + 1] = pattern.finding
    end
  end
end

local function mib(bytes)
  return string.format("%.0f MiB", (tonumber(bytes) or 0) / 1048576)
end

local function pid_set(processes)
  local pids = {}
  for _, process in ipairs(oc.list(processes)) do
    pids[process.pid] = true
  end
  return pids
end

local function probe_host(ctx, t, params)
  return ctx:step("Probe the port, the processes and the host", function(step)
    local health, listeners, gateways, locks, memory, paths = ctx:parallel({
      function()
        return gateway.health(t.url, { timeout = oc.TIMEOUT.http })
      end,
      function()
        return proc.listeners({ port = t.port })
      end,
      function()
        -- This install's gateways; other profiles' (their own state dir and port) are context, not duplicates.
        return oc.gateways(params, t.port)
      end,
      function()
        return openclaw.locks({ profile = params.profile })
      end,
      function()
        return proc.meminfo()
      end,
      function()
        return openclaw.paths({ profile = params.profile })
      end,
    })
    local host = {
      health = type(health) == "table" and health or { ok = false },
      listeners = oc.list(listeners),
      gateways = gateways,
      processes = gateways.own,
      instances = gateways.instances,
      other_gateways = gateways.others,
      locks = oc.list(locks),
      memory = type(memory) == "table" and memory or { ok = false },
      paths = type(paths) == "table" and paths or {},
    }
    host.listening = #host.listeners > 0 or host.health.live == true
    step:evidence("target", t.url)
    step:evidence("live", host.health.live)
    step:evidence("ready", host.health.ready)
    step:evidence("listeners", host.listeners)
    step:evidence(
      "gateway_pids",
      (function()
        local pids = {}
        for _, process in ipairs(host.processes) do
          pids[#pids + 1] = process.pid
        end
        return pids
      end)()
    )
    if #host.other_gateways > 0 then
      step:evidence("other_gateways", host.other_gateways)
    end
    step:evidence("available_memory", host.memory.available)
    step:pass(host.listening and ("something listens on port " .. t.port) or ("nothing listens on port " .. t.port))
    return host
  end)
end

-- /healthz live but not ready: still starting (startup sidecars pending) or stuck.
local function check_starting(ctx, t, host)
  ctx:step("Check readiness", function(step)
    local health = host.health
    local shown = {
      live = health.live,
      ready = health.ready,
      failing = health.failing,
      status = health.status,
      pendingReason = health.pendingReason,
      uptimeMs = health.uptimeMs,
    }
    step:evidence("health", shown)
    if health.live ~= true then
      return step:skip("/healthz does not answer")
    end
    local starting = health.status == "starting"
      or oc.contains(health.failing, "startup-sidecars")
      or (health.pendingReason ~= nil and health.ready ~= true)
    if not starting then
      return step:pass(
        health.ready == false and "live; /readyz fails for channels (see openclaw.channels)" or "live and ready"
      )
    end
    local uptime = tonumber(health.uptimeMs)
    local stuck = uptime ~= nil and uptime > STARTUP_STUCK_MS
    step:warn(stuck and "still not ready after " .. math.floor(uptime / 1000) .. " s" or "starting")
    knowledge.raise(ctx, t, "gateway.starting", {
      variant = stuck and "stuck" or nil,
      confidence = 0.85,
      vars = { minutes = stuck and math.floor(uptime / 60000) or nil },
      evidence = {
        url = t.url,
        ready = health.ready,
        failing = health.failing,
        status = health.status,
        pendingReason = health.pendingReason,
        uptimeMs = health.uptimeMs,
      },
    })
  end)
end

-- The port is held, but not by a gateway.
local function check_port_owner(ctx, t, host)
  return ctx:step("Check who holds the port", function(step)
    if #host.listeners == 0 then
      step:pass("port " .. t.port .. " is free")
      return false
    end
    local gateway_pids = pid_set(host.processes)
    local foreign = {}
    for _, listener in ipairs(host.listeners) do
      local ours = false
      for _, pid in ipairs(oc.list(listener.pids)) do
        ours = ours or gateway_pids[pid] == true
      end
      -- docker-proxy publishes a containerised gateway; /healthz answering means a gateway holds it anyway.
      local proxied = false
      for _, process in ipairs(oc.list(listener.processes)) do
        proxied = proxied or process.comm == "docker-proxy" or process.comm == "rootlessport"
      end
      if not ours and not proxied and host.health.live ~= true then
        foreign[#foreign + 1] = listener
      end
    end
    step:evidence("foreign_listeners", foreign)
    if #foreign == 0 then
      step:pass("held by the gateway")
      return false
    end
    local owner = oc.owner(foreign[1])
    local seen = #oc.list(foreign[1].pids) > 0
    step:fail("port " .. t.port .. " is held by " .. owner)
    local kills = {}
    for _, pid in ipairs(oc.list(foreign[1].pids)) do
      kills[#kills + 1] = "kill " .. pid .. "   # only if it is safe to stop it"
    end
    knowledge.raise(ctx, t, "gateway.port-conflict", {
      variant = not seen and "unseen" or nil,
      confidence = seen and 0.9 or 0.7,
      vars = { owner = owner, next_port = t.port + 1, kills = kills },
      evidence = { port = t.port, listeners = foreign },
    })
    return true
  end)
end

local function check_instances(ctx, t, host)
  ctx:step("Count gateway instances", function(step)
    step:evidence("instances", #host.instances)
    local others = #host.other_gateways > 0
        and ("; other profiles' gateways (not judged): " .. oc.describe_other_gateways(host.other_gateways))
      or ""
    if #host.instances <= 1 then
      return step:pass(#host.instances .. " gateway instance(s) of " .. tostring(host.paths.state_dir) .. others)
    end
    local described, kills = {}, {}
    for _, process in ipairs(host.instances) do
      local ports = {}
      for _, listening in ipairs(oc.list(process.listening)) do
        ports[#ports + 1] = tostring(listening.port)
      end
      described[#described + 1] =
        { pid = process.pid, cmdline = process.cmdline, start_time = process.start_time, listening = ports }
      if #ports == 0 then
        kills[#kills + 1] = "kill " .. process.pid .. "   # a gateway that holds no port: " .. tostring(process.cmdline)
      end
    end
    step:fail(#host.instances .. " gateway instances")
    knowledge.raise(ctx, t, "gateway.duplicate-instance", {
      confidence = 0.85,
      vars = { count = #host.instances, kills = kills },
      evidence = described,
    })
  end)
end

-- With several instances: a gateway outside the systemd unit that runs another one is an orphan (real-cases P32,
-- P34). One proc.cgroup per instance, asked only then.
local function check_orphans(ctx, t, host)
  if #host.instances <= 1 then
    return
  end
  ctx:step("Look for gateways outside their service", function(step)
    local supervised, outside = {}, {}
    for _, process in ipairs(host.instances) do
      local cgroup = proc.cgroup(process.pid)
      local unit = type(cgroup) == "table" and cgroup.kind == "systemd" and cgroup.unit
      if unit and tostring(unit):match("%.service$") then
        supervised[#supervised + 1] = { pid = process.pid, unit = unit, manager = cgroup.manager }
      else
        outside[#outside + 1] = { pid = process.pid, where = type(cgroup) == "table" and cgroup.path or "unknown" }
      end
    end
    step:evidence("supervised", supervised):evidence("outside", outside)
    if #supervised == 0 or #outside == 0 then
      return step:pass("no gateway outside a service that runs another")
    end
    step:fail(#outside .. " gateway(s) outside " .. supervised[1].unit)
    local kills, unit_pids = {}, {}
    for _, orphan in ipairs(outside) do
      kills[#kills + 1] = "kill " .. orphan.pid .. "   # outside " .. supervised[1].unit .. " (" .. orphan.where .. ")"
    end
    for _, entry in ipairs(supervised) do
      unit_pids[#unit_pids + 1] = tostring(entry.pid)
    end
    knowledge.raise(ctx, t, "gateway.orphan-process", {
      confidence = 0.9,
      vars = {
        pid = outside[1].pid,
        where = outside[1].where,
        unit = (supervised[1].manager == "user" and "the user unit " or "the unit ") .. supervised[1].unit,
        unit_pids = table.concat(unit_pids, ", "),
        kills = kills,
      },
      evidence = { supervised = supervised, outside = outside },
    })
  end)
end

local function check_locks(ctx, t, host)
  ctx:step("Check lock and PID files", function(step)
    local stale = {}
    for _, lock in ipairs(host.locks) do
      if lock.stale == true or lock.error == "invalid" then
        stale[#stale + 1] = lock
      end
    end
    step:evidence("locks", host.locks)
    if #stale == 0 then
      return step:pass(#host.locks .. " lock file(s), none stale")
    end
    step:fail(#stale .. " stale lock or PID file(s)")
    local removals = {}
    for _, lock in ipairs(stale) do
      removals[#removals + 1] = "rm "
        .. tostring(lock.path)
        .. "   # "
        .. (lock.pid and ("pid " .. lock.pid .. " is " .. tostring(lock.status)) or "not a lock payload")
    end
    local first = stale[1]
    knowledge.raise(ctx, t, "gateway.stale-lock", {
      severity = host.listening and "low" or "high",
      confidence = host.listening and 0.5 or 0.8,
      vars = {
        kind = first.kind == "pidfile" and "PID" or "lock",
        path = first.path,
        status = first.status or "unknown",
        removals = removals,
      },
      evidence = stale,
    })
  end)
end

local function check_state_dir(ctx, t, host)
  ctx:step("Check the state dir's permissions", function(step)
    local dir = host.paths.state_dir
    if type(dir) ~= "string" then
      return step:skip("state dir unknown")
    end
    local stat = oc.try(fs.stat, dir)
    local home = type(host.paths.home) == "string" and oc.try(fs.stat, host.paths.home) or nil
    step:evidence("state_dir", stat)
    if type(stat) ~= "table" or stat.exists ~= true then
      return step:skip("no state dir at " .. dir)
    end
    local problems = {}
    if stat.readable == false or stat.writable == false then
      problems[#problems + 1] = "not " .. (stat.readable == false and "readable" or "writable") .. " by this user"
    end
    -- `sudo openclaw ...` once leaves root-owned state in a user's home.
    if type(home) == "table" and home.uid ~= nil and stat.uid ~= nil and home.uid ~= stat.uid then
      problems[#problems + 1] = "owned by "
        .. tostring(stat.user or stat.uid)
        .. ", the home dir by "
        .. tostring(home.user or home.uid)
    end
    if #problems == 0 then
      return step:pass(dir .. " " .. tostring(stat.mode) .. " " .. tostring(stat.user))
    end
    step:fail(table.concat(problems, "; "))
    knowledge.raise(ctx, t, "gateway.state-dir-permissions", {
      confidence = 0.85,
      vars = { path = dir, problem = problems[1] },
      evidence = {
        path = dir,
        mode = stat.mode,
        user = stat.user,
        uid = stat.uid,
        readable = stat.readable,
        writable = stat.writable,
        home_owner = home and (home.user or home.uid),
      },
    })
  end)
end

local function check_memory(ctx, t, host)
  ctx:step("Check available memory", function(step)
    local available = tonumber(host.memory.available)
    step:evidence("available", available)
    step:evidence("total", host.memory.total)
    if host.memory.ok ~= true or available == nil then
      return step:skip("meminfo unreadable")
    end
    if available >= MIN_AVAILABLE_BYTES then
      return step:pass(mib(available) .. " available")
    end
    step:fail("only " .. mib(available) .. " available")
    knowledge.raise(ctx, t, "gateway.low-memory", {
      severity = host.listening and "medium" or "high",
      confidence = host.listening and 0.6 or 0.75,
      vars = { available = mib(available) },
      evidence = { available = available, total = host.memory.total, swap_free = host.memory.swap_free },
    })
  end)
end

-- The Node.js of the gateway (a running one's executable, else `node` on PATH) against the installed release's
-- engines.node and, from 2026.7 on, the SQLite it loads (lib.node_runtime). Only for a gateway that does not
-- listen: one that serves is running on a Node that works.
local function check_runtime(ctx, t, host)
  ctx:step("Check the Node.js version and its SQLite against the installed release", function(step)
    local pid = host.instances[1] and host.instances[1].pid
    local seen = node_runtime.check(pid)
    if not seen then
      return step:skip("installed release, its engines.node or the Node version unknown")
    end
    local sqlite = node_runtime.describe_sqlite(seen)
    step:evidence("node", seen.node):evidence("range", seen.range):evidence("openclaw", seen.openclaw)
    step:evidence("sqlite", sqlite):evidence("sqlite_range", seen.sqlite_range)
    if seen.ok then
      return step:pass("Node " .. seen.node .. " satisfies " .. seen.range .. "; " .. sqlite)
    end
    local vars = {
      node = seen.node,
      range = seen.range,
      openclaw = tostring(seen.openclaw or "?"),
      executable = tostring(seen.executable or "node"),
      who = pid and ("The gateway (pid " .. pid .. ")") or "The gateway started from this shell",
      sqlite = sqlite,
      sqlite_range = seen.sqlite_label,
    }
    if not seen.version_ok then
      step:fail("Node " .. seen.node .. " is outside " .. seen.range .. " (" .. sqlite .. ")")
      return knowledge.raise(ctx, t, "runtime.node-incompatible", { confidence = 0.9, vars = vars, evidence = seen })
    end
    step:fail(
      "Node " .. seen.node .. ": " .. sqlite .. ", OpenClaw " .. vars.openclaw .. " needs " .. seen.sqlite_label
    )
    knowledge.raise(ctx, t, "runtime.node-incompatible", {
      variant = seen.sqlite_shared and "sqlite_shared" or "sqlite",
      confidence = 0.85,
      vars = vars,
      evidence = seen,
    })
  end)
end

-- gateway.legacy-install: clawdbot / moltbot leftovers (dirs, variables, processes), for a gateway that does
-- not listen: an old process may hold the port, an old variable may be what the config still references.
local function check_legacy(ctx, t, host)
  ctx:step("Look for leftovers of the old names (clawdbot, moltbot)", function(step)
    local found = legacy_install.find(host.paths.home)
    step:evidence("leftovers", found)
    if #found == 0 then
      return step:pass("none")
    end
    local summary, fixes = {}, {}
    for _, leftover in ipairs(found) do
      summary[#summary + 1] = leftover.kind .. " " .. leftover.what
      fixes[#fixes + 1] = leftover.fix
    end
    step:warn(#found .. " leftover(s): " .. summary[1])
    knowledge.raise(ctx, t, "gateway.legacy-install", {
      confidence = 0.6,
      vars = { summary = table.concat(summary, ", "), fixes = fixes },
      evidence = found,
    })
  end)
end

-- Start refusals the last attempts logged, for causes nothing above explained (a service with its own config
-- path or --bind flag, a strict-schema error, ENOMEM). Only this gateway's lines count (oc.scan_gateway_logs),
-- and a config-type refusal the current config rules out is only info.
local function check_logs(ctx, t, params, raised, host)
  ctx:step("Read the last start attempts in the logs", function(step)
    local patterns = oc.signatures_for(LOG_FINDINGS)
    for _, pattern in ipairs(START_REFUSALS) do
      patterns[#patterns + 1] = pattern
    end
    local scan = oc.scan_gateway_logs(ctx, params, patterns, { port = t.port, gateways = host.gateways })
    step:evidence("sources", scan.sources)
    local newest = {}
    for _, match in ipairs(scan.matches) do
      if knowledge.get(match.finding) then
        newest[match.finding] = match -- matches are oldest first: the last one wins
      end
    end
    local config -- the local config, read when a log line needs checking against it
    local count, ruled_out = 0, 0
    local ids = table.move(LOG_FINDINGS, 1, #LOG_FINDINGS, 1, {})
    table.move(START_FINDINGS, 1, #START_FINDINGS, #ids + 1, ids)
    for _, id in ipairs(ids) do
      local match = newest[id]
      if match and not raised[id] then
        config = config or t.config or oc.target({ profile = params.profile }).config
        local reason = oc.config_rules_out(config, id, match, scan.config_mtime, t.port)
        if reason then
          ruled_out = ruled_out + 1
          knowledge.raise_ruled_out(ctx, t, id, match, reason)
        else
          count = count + 1
          knowledge.raise_from_log(ctx, t, id, match, { severity = match.severity or "high", confidence = 0.7 })
        end
      end
    end
    step:evidence("matches", #scan.matches)
    step:evidence("config_mtime", scan.config_mtime)
    if count > 0 then
      step:fail(count .. " start failure(s) in the logs")
    elseif ruled_out > 0 then
      step:pass(ruled_out .. " earlier start failure(s) in the logs, ruled out by the current config")
    else
      step:pass(#scan.matches .. " known start message(s), none unexplained")
    end
  end)
end

return {
  id = "openclaw.gateway.start",
  version = "1.0.0",
  engine = "^1",
  title = "Find out why the OpenClaw gateway will not start or is not ready",
  summary = "Runs the config checks (missing config, gateway.mode unset, bind without auth, corrupt JSON5), then "
    .. "checks who holds the gateway port, stale lock and PID files, the state dir's permissions, available memory "
    .. "(256 MiB), duplicate gateway instances, a start still in progress (/healthz live, /readyz 503) and the "
    .. "start failures the logs and the journal recorded.",
  symptoms = {
    "gateway start blocked: set gateway.mode=local (current: unset)",
    "Missing config. Run `openclaw setup` or set gateway.mode=local",
    "refusing to bind gateway to 0.0.0.0:18789 without auth",
    "EADDRINUSE: address already in use",
    "another gateway instance is already listening",
    "gateway already running (pid",
    "gateway did not become ready",
    "gateway startup timeout",
    "gateway starting; retry shortly",
    "Gateway failed to start",
    "EACCES: permission denied, open '/home/user/.openclaw",
  },
  tags = { "openclaw", "gateway", "startup" },
  capabilities = { "net", "proc", "fs", "env", "systemd", "exec:openclaw", "exec:node" },
  findings = {
    "gateway.not-running",
    "auth.origin-not-allowed",
    "gateway.port-conflict",
    "gateway.stale-lock",
    "gateway.duplicate-instance",
    "gateway.low-memory",
    "gateway.state-dir-permissions",
    "gateway.starting",
    "gateway.mode-unset",
    "gateway.missing-config",
    "gateway.bind-without-auth",
    "config.invalid",
    "config.unresolved-env",
    "config.legacy-key",
    "config.rejected-files",
    "runtime.node-incompatible",
    "gateway.orphan-process",
    "gateway.legacy-install",
  },
  params = oc.PARAMS,

  run = function(ctx, params)
    local t = oc.target(params)
    ctx:step("Resolve the gateway", function(step)
      step:evidence("url", t.url)
      step:evidence("source", t.source)
      if t.error then
        step:warn("target ignored: " .. t.error)
      end
    end)

    local host = probe_host(ctx, t, params)
    -- A gateway that is up does not need its config to start; a down one is first checked for the config causes.
    local raised = {}
    if not host.listening then
      raised = oc.finding_ids(oc.run(ctx, "openclaw.config", params))
    end
    check_starting(ctx, t, host)
    if check_port_owner(ctx, t, host) then
      raised["gateway.port-conflict"] = true
    end
    check_instances(ctx, t, host)
    check_orphans(ctx, t, host)
    check_locks(ctx, t, host)
    check_state_dir(ctx, t, host)
    check_memory(ctx, t, host)
    if #host.instances > 1 then
      raised["gateway.duplicate-instance"] = true
    end
    if not host.listening then
      check_runtime(ctx, t, host)
      check_legacy(ctx, t, host)
      check_logs(ctx, t, params, raised, host)
    end

    if not host.listening and #host.instances == 0 then
      knowledge.raise(ctx, t, "gateway.not-running", {
        variant = no_service_manager() and "no_manager" or nil,
        confidence = 0.6,
        vars = { port_source = t.source },
        evidence = { url = t.url, port_source = t.source },
      })
    elseif not host.listening then
      -- A gateway process without a port: still starting, hung, or listening somewhere else.
      -- In its title window (form "title-window") the gateway is only starting; else it may hang or use another port.
      local window
      for _, process in ipairs(host.processes) do
        window = window or (oc.get(process, "gateway.form") == "title-window" and process.pid or nil)
      end
      knowledge.raise(ctx, t, "gateway.starting", {
        variant = window and "title_window" or "unbound",
        vars = { pid = window },
        confidence = window and 0.8 or 0.6,
        evidence = host.instances,
      })
    end
    return { listening = host.listening, instances = #host.instances }
  end,
}
