-- openclaw.triage: the entry point. One run replaces the five-command ladder (`openclaw status`, `gateway
-- status`, `logs --follow`, `doctor`, `channels status --probe`): the cheap checks run at once, the symptom is
-- classified from what they saw, and the runbook for that symptom runs. Findings come ranked by the engine
-- (severity, confidence, order), so the most likely root cause is first.
--
-- The checks: who listens on the port and which gateway processes run (proc), /healthz /readyz /startupz
-- (gateway.health), the WebSocket handshake with the token the CLI would send (gateway.connect), whether systemd
-- and Docker answer, and the config (read once while resolving the target). Every probe has a short timeout,
-- and a refused connect is instant, so a machine with nothing listening gets its verdict at once.
--
-- A gateway that answers can still lose messages in a channel. The `health` reply carries every channel
-- account's state, so a channel that is not configured, not linked, disconnected or failing costs nothing to
-- see; drops that only the log records (a missing mention, a sender awaiting pairing, a policy filter) cost one
-- logs.tail, asked only when the gateway runs channels. The symptom param, when pasted, is matched too.
local channel_silence = require("lib.channel_silence")
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local session_locks = require("lib.session_locks")
local client_refusals = require("lib.client_refusals")
local model_routes = require("lib.model_routes")
local deploy = require("lib.deployments")

-- What a failed handshake means, from the connect result's details_code / code / close_code.
local AUTH_DETAIL_PREFIXES = { "AUTH_", "DEVICE_", "PAIRING_", "CONTROL_UI_" }
local AUTH_CLOSE_CODES = { [1008] = true, [4001] = true, [4008] = true }
-- session:call error codes of a connection that broke after hello-ok.
local SESSION_BROKEN = { closed = true, not_connected = true, timeout = true }
-- Connect errors of a client using the wrong scheme for the port: a TLS gateway, not a foreign program.
local SCHEME_ERRORS = { plain_on_tls_port = "https", tls_on_plain_port = "http" }
-- Handshake phases after the upgrade: a client deadline there means the peer went silent mid-handshake.
local HANDSHAKE_PHASES = { challenge = true, connect = true, hello = true }
-- Process states in which a gateway cannot answer (/proc/<pid>/stat): stopped, traced, uninterruptible sleep.
-- Seen before the network probes, they shorten the probe deadlines to HUNG_TIMEOUT seconds.
local FROZEN_STATES = { T = "stopped", t = "stopped by a tracer", D = "in uninterruptible sleep" }
local HUNG_TIMEOUT = 1
-- How much of the gateway's log to read for channel drops, and how old a drop may be to count.
local CHANNEL_LOG_LINES = 300
local CHANNEL_LOG_WINDOW = 6 * 3600

-- The runbooks each symptom class calls, most specific first.
local PLANS = {
  down = { "openclaw.gateway.connect" },
  unreachable = { "openclaw.gateway.connect" },
  abnormal = { "openclaw.gateway.connect" },
  starting = { "openclaw.gateway.start" },
  duplicate = { "openclaw.gateway.start" },
  conflict = { "openclaw.gateway.start" },
  auth = { "openclaw.auth" },
  handshake = { "openclaw.false-green" },
  scope = { "openclaw.false-green" },
  protocol = { "openclaw.known-issues" },
  proxy = { "openclaw.proxy" },
  channels = { "openclaw.channels" },
  config = { "openclaw.config" },
  scheme = {}, -- the connect error says it all
  params = {}, -- the gateway's schema error says it all
  hung = {}, -- the process state says it all; every slower probe would wait out the same silence
  clients = {}, -- the refusals of other clients are raised as they are read
}

-- When the specific runbooks found nothing (or are not installed), triage still names what it saw: the
-- catalog id for the class, or for the handshake's details_code.
local FALLBACKS = {
  down = "gateway.not-running",
  unreachable = "gateway.not-running",
  abnormal = "ws.abnormal-close",
  starting = "gateway.starting",
  duplicate = "gateway.duplicate-instance",
  conflict = "gateway.port-conflict",
  auth = "auth.token-mismatch",
  handshake = "ws.handshake-timeout",
  scope = "scope.missing-operator-read",
  protocol = "protocol.mismatch",
  proxy = "proxy.no-websocket-upgrade",
  config = "config.invalid",
  channels = "channel.probe-failed", -- /readyz fails for a channel that does not run
  scheme = "proxy.scheme-mismatch",
  params = "protocol.invalid-connect-params",
}
local AUTH_FALLBACKS = {
  AUTH_TOKEN_MISSING = "auth.token-missing",
  AUTH_PASSWORD_MISSING = "auth.token-missing",
  AUTH_REQUIRED = "auth.token-missing",
  AUTH_DEVICE_TOKEN_MISMATCH = "auth.device-token-mismatch",
  PAIRING_REQUIRED = "auth.pairing-required",
  DEVICE_IDENTITY_REQUIRED = "auth.device-identity-required",
  CONTROL_UI_DEVICE_IDENTITY_REQUIRED = "auth.device-identity-required",
  CONTROL_UI_ORIGIN_NOT_ALLOWED = "auth.origin-not-allowed",
  AUTH_RATE_LIMITED = "auth.rate-limited",
}

local function has_read_scope(scopes)
  for _, scope in ipairs(oc.list(scopes)) do
    if scope == "operator.read" or scope == "operator.write" or scope == "operator.admin" then
      return true
    end
  end
  return false
end

-- The accounts of one channel of a `health` reply: its `accounts` map (accountId -> snapshot), else the entry.
local function channel_accounts(entry)
  local accounts = {}
  for account_id, account in pairs(oc.list(entry.accounts)) do
    if type(account) == "table" then
      accounts[#accounts + 1] = { id = tostring(account.accountId or account_id), state = account }
    end
  end
  if #accounts == 0 then
    accounts[1] = { id = tostring(entry.accountId or "default"), state = entry }
  end
  table.sort(accounts, function(a, b)
    return a.id < b.id
  end)
  return accounts
end

-- Channel ids of a `health` reply: channelOrder first, then the others sorted.
local function channel_ids(payload)
  local ids, listed = {}, {}
  for _, id in ipairs(oc.list(payload.channelOrder)) do
    if type(id) == "string" and type(oc.list(payload.channels)[id]) == "table" and not listed[id] then
      ids[#ids + 1], listed[id] = id, true
    end
  end
  local rest = {}
  for id, entry in pairs(oc.list(payload.channels)) do
    if type(id) == "string" and type(entry) == "table" and not listed[id] then
      rest[#rest + 1] = id
    end
  end
  table.sort(rest)
  for _, id in ipairs(rest) do
    ids[#ids + 1] = id
  end
  return ids
end

-- What an account's state says is wrong (a channel finding id and why), or nil. Its lastError is judged by
-- its text elsewhere: an error the account has recovered from is no problem. A connected account that still
-- sends but has heard nothing for hours is trouble too (lib.channel_silence), though its state looks fine.
local function account_trouble(account)
  if account.enabled == false then
    return nil
  end
  if account.configured == false then
    -- A channel plugin nobody switched on is not a problem; one enabled without credentials is.
    return account.enabled == true and "channel.not-configured" or nil, "enabled but not configured"
  end
  if account.linked == false then
    return "channel.not-configured", "not linked"
  end
  if oc.get(account, "probe.ok") == false then
    return "channel.probe-failed", "its probe fails"
  end
  if account.running == false then
    return "channel.probe-failed", "configured but not running"
  end
  if account.connected == false then
    return "channel.probe-failed", "disconnected"
  end
  local silent = channel_silence.of(account, time.now(), channel_silence.DEFAULT_HOURS * 3600)
  if silent then
    return "channel.inbound-silent",
      string.format("connected, but no inbound message for %.0f h while it still sends", silent.seconds / 3600)
  end
  return nil
end

-- True when the `health` reply lists channels and none is in trouble by its state: only then can the log
-- tell more (drops for a missing mention, a pending pairing or a policy are not in any account's state).
local function channel_log_worth_reading(session)
  local payload = oc.get(session, "first_call.payload")
  if type(payload) ~= "table" or #channel_ids(payload) == 0 then
    return false
  end
  if type(session.scopes) == "table" and not has_read_scope(session.scopes) then
    return false -- logs.tail needs operator.read
  end
  for _, id in ipairs(channel_ids(payload)) do
    for _, account in ipairs(channel_accounts(payload.channels[id])) do
      if account_trouble(account.state) then
        return false
      end
    end
  end
  return true
end

-- Connect refusals of a frame that fails the gateway's ConnectParams schema (PROTOCOL.md 2.2): INVALID_REQUEST
-- without a details code (auth refusals carry AUTH_*, a version mismatch PROTOCOL_MISMATCH).
local INVALID_PARAMS_TEXTS = { "invalid connect params", "invalid handshake", "invalid role", "invalid request frame" }

local function invalid_connect_params(connect, detail, message, reason)
  if detail ~= nil or (connect.code ~= nil and connect.code ~= "INVALID_REQUEST") then
    return false
  end
  reason = reason:lower()
  for _, text in ipairs(INVALID_PARAMS_TEXTS) do
    if message:find(text, 1, true) or reason:find(text, 1, true) then
      return true
    end
  end
  return false
end

-- The handshake failed: which kind of failure is it?
local function classify_connect_failure(connect, health, is_local)
  local detail = connect.details_code or oc.get(connect, "details.code")
  local close = math.tointeger(connect.close_code)
  local reason = tostring(connect.close_reason or "")
  local message = tostring(connect.message or connect.error or ""):lower()
  if connect.phase == "tcp" then
    if connect.error == "refused" and is_local then
      return "down", "nothing accepts connections on the port"
    end
    return "unreachable", "TCP connect failed: " .. tostring(connect.error)
  end
  if
    connect.code == "UNAVAILABLE"
    or close == 1013
    or oc.get(connect, "details.reason") == "startup-sidecars"
    or (connect.phase == "upgrade" and math.tointeger(connect.http_status) == 503)
  then
    return "starting", "the gateway answers UNAVAILABLE / 1013 while it starts"
  end
  if invalid_connect_params(connect, detail, message, reason) then
    return "params", "the gateway rejected the connect params: " .. tostring(connect.message or reason)
  end
  if detail == "PROTOCOL_MISMATCH" or close == 1002 or message:find("protocol mismatch", 1, true) then
    return "protocol", "protocol mismatch"
  end
  if
    oc.starts_with_any(detail, AUTH_DETAIL_PREFIXES)
    or detail == "DEVICE_IDENTITY_REQUIRED"
    or connect.code == "NOT_PAIRED"
    or (close and AUTH_CLOSE_CODES[close] and reason ~= "slow consumer")
  then
    return "auth", "the gateway refused the credentials: " .. tostring(detail or connect.code or close)
  end
  if SCHEME_ERRORS[connect.error] then
    return "scheme", tostring(connect.message or connect.error)
  end
  if connect.phase == "tls" or connect.phase == "upgrade" then
    return "proxy", "the WebSocket upgrade failed (" .. tostring(connect.http_status or connect.error) .. ")"
  end
  if connect.error == "timeout" then
    return "handshake",
      "the handshake got no answer at the " .. tostring(connect.phase) .. " step within " .. oc.TIMEOUT.connect .. " s"
  end
  if close == 1000 and reason == "" then
    return "handshake", "the gateway closed the handshake with 1000 and no reason"
  end
  if not is_local and health.live == true then
    return "proxy", "HTTP works but the WebSocket breaks (" .. tostring(close or connect.error) .. ")"
  end
  return "abnormal", "the connection broke: " .. tostring(close or connect.error)
end

-- A local port held by something that is neither a gateway nor Docker's proxy for one.
local function foreign_listener(seen)
  if seen.health.live == true then
    return nil
  end
  for _, listener in ipairs(seen.listeners) do
    local ours = false
    for _, process in ipairs(oc.list(listener.processes)) do
      ours = ours or seen.gateway_pids[process.pid] or process.comm == "docker-proxy" or process.comm == "rootlessport"
    end
    if not ours then
      return listener
    end
  end
  return nil
end

-- The symptom class and why, from everything the probes saw.
local function classify(seen, t)
  local health, connect = seen.health, seen.connect
  local is_local = oc.is_loopback(t.host) or t.source ~= "param"
  if is_local and connect.ok ~= true and health.live ~= true and seen.hung then
    return "hung", seen.hung.why
  end
  local foreign = is_local and connect.ok ~= true and not SCHEME_ERRORS[connect.error] and foreign_listener(seen)
  if foreign then
    return "conflict", "port " .. t.port .. " is held by " .. oc.owner(foreign) .. ", which is not a gateway"
  end
  if connect.ok ~= true then
    return classify_connect_failure(connect, health, is_local)
  end
  -- A gateway error code (INVALID_REQUEST, UNAVAILABLE, ...) means the session works; these mean it broke.
  local call_error = oc.get(connect, "first_call.error.code")
  if oc.get(connect, "first_call.ok") == false and SESSION_BROKEN[call_error] then
    local close = math.tointeger(oc.get(connect, "first_call.close_code"))
    if close == 1000 or call_error == "timeout" then
      return "handshake",
        "hello-ok, then the first request got no answer (" .. (close and ("close " .. close) or call_error) .. ")"
    end
    return "abnormal",
      "hello-ok, then the connection broke on the first request (" .. tostring(close or call_error) .. ")"
  end
  if health.live == true and health.ready == false then
    if oc.contains(health.failing, "startup-sidecars") or health.status == "starting" then
      return "starting", "/readyz answers 503 while startup sidecars run"
    end
    return "channels", "/readyz fails for channels: " .. table.concat(oc.list(health.failing), ", ")
  end
  -- Releases before 2026.5 send no scopes in hello-ok unless they issue a device token: absent is not missing.
  if type(connect.scopes) == "table" and not has_read_scope(connect.scopes) then
    return "scope", "connected, but the session has no operator.read scope"
  end
  if #seen.instances > 1 then
    return "duplicate", #seen.instances .. " gateway processes run"
  end
  local cfg = t.config
  if cfg and cfg.ok ~= true and cfg.error ~= "not_found" then
    return "config", "the gateway runs, but its config file would not load on the next start"
  end
  local trouble = seen.channel_trouble[1]
  if trouble then
    return "channels", trouble.why
  end
  local refused = seen.refusals[1]
  if refused then
    return "clients",
      "the gateway answers, but its own records show trouble for other clients or channels: "
        .. #seen.refusals
        .. " kind(s), latest "
        .. refused.finding
        .. " ("
        .. client_refusals.describe(refused.client)
        .. ")"
  end
  return "healthy", "connected with hello-ok, /healthz live" .. (health.ready == true and ", /readyz ready" or "")
end

-- The gateway process that owns the port and cannot answer because of its state (T or D): {pid, state, what,
-- why}, or nil. Another profile's stopped gateway does not count. Read from /proc before the network probes,
-- which then get short deadlines.
local function frozen_gateway(processes, listeners)
  local owners = {}
  for _, listener in ipairs(listeners) do
    for _, pid in ipairs(oc.list(listener.pids)) do
      owners[pid] = true
    end
  end
  local found
  for _, process in ipairs(processes) do
    local what = FROZEN_STATES[process.state]
    if what and owners[process.pid] and not found then
      found = { pid = process.pid, state = process.state, what = what }
    end
  end
  if found then
    found.why = "gateway pid " .. found.pid .. " is " .. found.what .. " (state " .. found.state .. ")"
  end
  return found
end

-- A gateway that owns the port, runs, and answers neither /healthz nor the handshake before their deadlines:
-- its event loop is blocked. {pid, state, why, variant}, or nil.
local function blocked_gateway(seen, processes)
  local health, connect = seen.health, seen.connect
  if health.ok == true or health.error ~= "timeout" or connect.ok == true or connect.error ~= "timeout" then
    return nil
  end
  for _, process in ipairs(processes) do
    for _, listener in ipairs(seen.listeners) do
      if oc.contains(oc.list(listener.pids), process.pid) then
        local why = "gateway pid "
          .. process.pid
          .. " (state "
          .. tostring(process.state)
          .. ") owns the port, "
          .. "but neither /healthz nor the handshake answered"
        return { pid = process.pid, state = process.state, why = why, variant = "blocked" }
      end
    end
  end
  return nil
end

local function probe_all(ctx, t, secret, params)
  return ctx:step("Run the cheap checks at once", function(step)
    -- /proc first (a few ms): a stopped gateway would make every network probe wait out its full deadline.
    -- Only the gateways of the install the config points at are judged; other profiles' are context.
    local listeners, gateways = oc.list(proc.listeners({ port = t.port })), oc.gateways(params, t.port)
    local processes = gateways.own
    local frozen = frozen_gateway(processes, listeners)
    local http_timeout = frozen and HUNG_TIMEOUT or oc.TIMEOUT.http
    local health, connect, systemd_state, docker_state = ctx:parallel({
      function()
        return gateway.health(t.url, oc.tls_options(t, { timeout = http_timeout }))
      end,
      function()
        local options = oc.connect_options(secret, frozen and HUNG_TIMEOUT or nil)
        local session = gateway.connect(t.ws_url, oc.tls_options(t, options))
        if type(session) == "table" and session.ok == true and session.handle then
          -- One request proves the session works past hello-ok (`health` needs no scope); its reply holds
          -- every channel account's state.
          session.first_call = session:call("health", {}, { timeout = oc.TIMEOUT.http })
          if channel_log_worth_reading(session) then
            session.channel_log = session:call(
              "logs.tail",
              { limit = CHANNEL_LOG_LINES },
              { timeout = oc.TIMEOUT.http }
            )
          end
          session:close({ timeout = 1 })
        end
        return session
      end,
      function()
        return systemd.available({ timeout = 1 })
      end,
      function()
        return docker.available({ timeout = 1 })
      end,
    })
    local seen = {
      health = type(health) == "table" and health or { ok = false },
      connect = type(connect) == "table" and connect or { ok = false, phase = "tcp", error = "error" },
      channel_trouble = {},
      refusals = {},
      processes = processes,
      gateways = gateways,
      other_gateways = gateways.others,
      listeners = listeners,
      instances = {},
      gateway_pids = {},
      systemd = oc.get(systemd_state, "system.available") == true or oc.get(systemd_state, "user.available") == true,
      systemd_reason = oc.get(systemd_state, "system.reason"),
      docker = oc.get(docker_state, "available") == true,
    }
    seen.hung = frozen or blocked_gateway(seen, processes)
    for _, process in ipairs(processes) do
      seen.gateway_pids[process.pid] = true
      if process.parent_gateway == nil then
        seen.instances[#seen.instances + 1] = process.pid
      end
    end
    -- What runs the gateway, named even when it is healthy: its systemd unit (and scope) from its cgroup. With a
    -- manager, whether any gateway runs as a unit (its unit and manager are then worth reading, healthy or not).
    for _, pid in ipairs(seen.systemd and seen.instances or { seen.instances[1] }) do
      local cgroup = proc.cgroup(pid)
      if type(cgroup) == "table" and cgroup.kind == "systemd" and tostring(cgroup.unit):match("%.service$") then
        seen.supervised = true
        if #seen.instances == 1 then
          seen.supervisor = tostring(cgroup.manager or "system") .. " unit " .. tostring(cgroup.unit)
        end
      end
    end
    seen.manager_problem = type(systemd_state) == "table" and deploy.manager_problem(systemd_state) or nil
    local c = seen.connect
    -- Kept apart from the connect result, which findings show as evidence.
    seen.channel_log, c.channel_log = oc.list(oc.get(c, "channel_log.payload.lines")), nil
    step:evidence("healthz", seen.health.live)
    step:evidence("readyz", seen.health.ready)
    local shown = { ok = false, phase = c.phase, error = c.error, message = c.message }
    shown.details_code, shown.close_code, shown.close_reason = c.details_code, c.close_code, c.close_reason
    if c.ok == true then
      shown = { ok = true, protocol = c.protocol, server_version = c.server_version, scopes = c.scopes }
      shown.first_call = oc.get(c, "first_call.ok")
    end
    step:evidence("connect", shown)
    step:evidence("listeners", #seen.listeners)
    step:evidence("gateway_pids", seen.instances)
    if #seen.other_gateways > 0 then
      step:evidence("other_gateways", seen.other_gateways) -- other profiles' (state dirs'), not judged
    end
    if seen.hung then
      step:evidence("hung", { pid = seen.hung.pid, state = seen.hung.state })
    end
    step:evidence("systemd", seen.systemd)
    step:evidence("docker", seen.docker)
    step:evidence("supervisor", seen.supervisor)
    if c.ok == true then
      if c.server_version ~= nil then
        ctx:fact("gateway.version", c.server_version)
      end
      step:pass("hello-ok from " .. tostring(c.server_version or "the gateway"))
    else
      step:fail("connect failed at " .. tostring(c.phase) .. ": " .. tostring(c.message or c.error))
    end
    return seen
  end)
end

-- Channel accounts in trouble, most telling first: {channel, account, finding, why}. From the `health` reply's
-- account states, then the channel signatures (oc.channel_signatures) matched against the accounts' lastError,
-- the recent gateway log (logs.tail) and the pasted symptom. Runs only when there is something to look at.
local function find_channel_trouble(ctx, seen, params)
  local payload = oc.list(oc.get(seen.connect, "first_call.payload"))
  local symptom = type(params.symptom) == "string" and params.symptom ~= "" and params.symptom or nil
  if #channel_ids(payload) == 0 and not symptom then
    return {}
  end
  return ctx:step("Look for channel trouble", function(step)
    local troubles, texts, origins = {}, {}, {}
    local function add_text(text, origin)
      -- log.scan splits a string at newlines; one text must stay one line for its origin to be known.
      texts[#texts + 1] = (text:gsub("[\r\n]+", " "))
      origins[#texts] = origin
    end
    for _, id in ipairs(channel_ids(payload)) do
      for _, account in ipairs(channel_accounts(payload.channels[id])) do
        local finding, why = account_trouble(account.state)
        local last_error = account.state.lastError
        if finding then
          troubles[#troubles + 1] = { channel = id, account = account.id, finding = finding, why = id .. " " .. why }
        elseif type(last_error) == "string" and last_error ~= "" then
          add_text(last_error, { channel = id, account = account.id, what = id .. " lastError" })
        end
      end
    end
    for _, line in ipairs(seen.channel_log) do
      if type(line) == "string" then
        add_text(line, { what = "gateway log", dated = true })
      end
    end
    if symptom then
      add_text(symptom, { what = "symptom" })
    end
    if #texts > 0 then
      local scan = log.scan(texts, oc.channel_signatures(), { lines = #texts })
      local oldest = time.now() - CHANNEL_LOG_WINDOW
      for _, match in ipairs(oc.list(scan and scan.matches)) do
        local origin = origins[match.line_no]
        local recent = origin and (not origin.dated or not match.time or match.time >= oldest)
        if recent and match.finding then
          troubles[#troubles + 1] = {
            channel = origin.channel,
            account = origin.account,
            finding = match.finding,
            why = origin.what .. ': "' .. tostring(match.message) .. '"',
          }
        end
      end
    end
    step:evidence("channels", channel_ids(payload)):evidence("log_lines", #seen.channel_log)
    step:evidence("troubles", troubles)
    if #troubles == 0 then
      step:pass(#channel_ids(payload) .. " channel(s), none in trouble")
    else
      step:fail(#troubles .. " sign(s) of channel trouble, first: " .. troubles[1].why)
    end
    return troubles
  end)
end

-- Ids the runbooks triage is about to run read from the log themselves (openclaw.channels for channel trouble,
-- openclaw.false-green for a session without read scope or broken after hello-ok): not named twice.
local FALSE_GREEN_IDS = { "scope.missing-operator-read", "ws.handshake-timeout" }
local function owned_by_plan(seen)
  local owned = {}
  if seen.channel_trouble[1] then
    for _, id in ipairs(client_refusals.RECORDS) do
      owned[id] = id:sub(1, 8) == "channel." or nil
    end
  end
  local scopes = seen.connect.scopes
  local broken = oc.get(seen.connect, "first_call.ok") == false
    and SESSION_BROKEN[oc.get(seen.connect, "first_call.error.code")]
  if broken or (type(scopes) == "table" and not has_read_scope(scopes)) then
    for _, id in ipairs(FALSE_GREEN_IDS) do
      owned[id] = true
    end
  end
  return owned
end

-- A gateway that answers is not a healthy system until the others it serves are: what it refused other clients
-- since its start (lib.client_refusals: the log, pending pairing requests, paired devices). Local gateways only
-- (the log and the state dir are this host's). Returns the refusal groups, newest first.
local function read_other_clients(ctx, t, seen, params)
  if not (oc.is_loopback(t.host) or t.source ~= "param") then
    return {}
  end
  return ctx:step("Read what the gateway recorded about other clients", function(step)
    -- The start of the gateway that owns the port (another profile's gateway says nothing about this one).
    local owners, start = {}, nil
    for _, listener in ipairs(seen.listeners) do
      for _, pid in ipairs(oc.list(listener.pids)) do
        owners[pid] = true
      end
    end
    for _, process in ipairs(seen.processes) do
      if owners[process.pid] and tonumber(process.start_time) then
        start = math.max(start or 0, tonumber(process.start_time))
      end
    end
    local paths = openclaw.paths({ profile = params.profile })
    local found = client_refusals.read(ctx, params, {
      port = t.port,
      gateways = seen.gateways,
      since = start,
      state_dir = oc.get(paths, "state_dir"),
      strict_shared = start == nil, -- a shared log's lines cannot be tied to a gateway whose start is unknown
      journal = seen.supervisor ~= nil, -- a unit's journal only for a gateway that runs as a systemd unit
      skip = owned_by_plan(seen),
    })
    step:evidence("since", start and "gateway start" or "last 6 h"):evidence("lines_scanned", found.lines_scanned)
    step:evidence("pending_pairing", found.pending or 0):evidence("paired_devices", found.paired)
    step:evidence("refusals", found.groups)
    if #found.groups == 0 then
      step:pass("no refusal or failure in " .. found.lines_scanned .. " log lines and the device files")
      return {}
    end
    client_refusals.raise(ctx, t, found)
    step:fail(#found.groups .. " kind(s) of refusal or failure recorded, latest " .. found.groups[1].finding)
    return found.groups
  end)
end

-- systemd.available's reasons for "no manager on this machine" (PID 1 is not systemd, or no systemctl).
local NO_MANAGER = { not_booted_with_systemd = true, no_systemctl = true }

-- service.no-manager when the gateway is down (nothing listens) and no service manager runs here: `openclaw gateway
-- start` cannot bring it back, `openclaw gateway run` under a supervisor can. Medium: it is why the gateway stays
-- down. A gateway that is starting or answering needs no advice about how to start it, nor does one whose process
-- runs without listening yet (something started it: why it does not listen is the finding, not how to start it).
local function check_no_manager(ctx, t, class, seen)
  if class ~= "down" or seen.systemd or not NO_MANAGER[seen.systemd_reason] or #seen.instances > 0 then
    return
  end
  knowledge.raise(ctx, t, "service.no-manager", {
    severity = "medium",
    confidence = 0.9,
    evidence = { class = class, systemd = seen.systemd_reason, docker = seen.docker },
  })
end

-- version.running-not-installed when a healthy gateway reports another version than the installed package: the
-- package was upgraded (or reinstalled) and the old process still holds the port, so the fix never took effect.
local function check_running_version(ctx, t, class, seen)
  local listener = seen.connect.server_version
  if class ~= "healthy" or type(listener) ~= "string" or listener == "" then
    return
  end
  local installed = openclaw.version()
  local version = type(installed) == "table" and installed.version or nil
  if type(version) ~= "string" or version == listener then
    return
  end
  local running = #oc.list(installed.running)
  knowledge.raise(ctx, t, "version.running-not-installed", {
    confidence = 0.8,
    vars = {
      installed = version,
      stale = "the listener on :" .. tostring(t.port) .. " (" .. listener .. ")",
      processes = running > 1,
      running = running,
    },
    evidence = { installed = version, listener = listener, running = installed.running },
  })
end

-- The fix lines of triage's own finding for a class.
local function fallback_fix(class, connect)
  local scheme = SCHEME_ERRORS[connect.error]
  if class == "scheme" and scheme then
    return {
      "clawbook run openclaw.triage --param target=" .. scheme .. "://{host}:{port}",
      "openclaw config get gateway.tls   # clients use wss:// when it is enabled, ws:// when not",
    }
  end
  local fix = { "openclaw gateway status --deep", "openclaw logs --follow" }
  local deeper = (PLANS[class] or {})[1]
  if deeper then
    fix[#fix + 1] = "clawbook run " .. deeper .. " -v"
  end
  return fix
end

-- What a placeholder token looks like, or nil for a value that may be a real secret. The value is never shown.
local function placeholder_shape(value)
  if type(value) ~= "string" then
    return nil
  end
  local trimmed = value:match("^%s*(.-)%s*$")
  if trimmed == "" then
    return "blank", "an empty or blank string"
  elseif trimmed:upper():find("REDACTED", 1, true) then
    return "redacted", "the redaction placeholder `__OPENCLAW_REDACTED__` that OpenClaw shows instead of a secret"
  elseif trimmed:match("^%${[^}]*}$") or trimmed:match("^{{.*}}$") then
    return "template", "an unfilled template (`${...}` or `{{...}}`) that nothing substituted"
  elseif trimmed:match("^<[^>]*>$") or trimmed:upper():match("^YOUR[_-]") then
    return "example", "an example value from documentation (`<token>`, `YOUR_TOKEN`)"
  end
  return nil
end

-- client.placeholder-token when the secret triage would send (as every local client) is a placeholder.
local function check_placeholder_token(ctx, t, token)
  local shape, what = placeholder_shape(token.value)
  if shape then
    knowledge.raise(ctx, t, "client.placeholder-token", {
      confidence = 0.97,
      vars = { shape = shape, what = what, source = tostring(token.source) },
      evidence = { kind = token.kind, source = token.source, shape = shape, fingerprint = token.fingerprint },
    })
  end
end

-- scope.missing when the pasted symptom is a call refused for a scope other than operator.read (the CLI's
-- `GatewayClientRequestError: missing scope: operator.admin`): our read-only probe succeeds either way, so only
-- the symptom (or the gateway's log, read with the other clients' refusals) can name it.
local function check_symptom_scope(ctx, t, params)
  local symptom = type(params.symptom) == "string" and params.symptom:gsub("[\r\n]+", " ") or nil
  if not oc.match_signature(symptom, { "scope.missing" }) then
    return
  end
  local scan = log.scan({ symptom }, oc.signatures_for({ "scope.missing" }), { lines = 1 })
  local match = oc.list(oc.get(scan, "matches"))[1]
  local scope = oc.list(match and match.captures)[1] or "the scope the call needs"
  local fixes = knowledge.get("scope.missing").scope_fixes
  local vars = { scope = scope, count = 1, last_seen = "in the pasted symptom", client_named = false }
  vars.scope_fix = knowledge.fill(fixes[scope] or fixes.other, vars)
  knowledge.raise(ctx, t, "scope.missing", { confidence = 0.7, vars = vars, evidence = { symptom = symptom } })
end

-- session.stale-lock for agent session locks whose owner is gone: one glob of the config's state dir when there
-- is none, so a healthy gateway pays next to nothing. The step shows only when there is something to name.
local function check_session_locks(ctx, t)
  local config_path = oc.get(t, "config.ok") == true and oc.get(t, "config.path")
  local state_dir = type(config_path) == "string" and config_path:match("^(.*)/[^/]+$")
  if not state_dir or state_dir == "" then
    return
  end
  local stale = session_locks.stale(state_dir)
  if #stale == 0 then
    return
  end
  ctx:step("Look for stale agent session locks", function(step)
    step:evidence("stale", stale)
    step:fail(#stale .. " session lock(s) whose owner is gone")
    local removals = {}
    for _, lock in ipairs(stale) do
      removals[#removals + 1] = "rm '" .. lock.path .. "'   # pid " .. tostring(lock.pid) .. " is " .. lock.status
    end
    knowledge.raise(ctx, t, "session.stale-lock", {
      confidence = 0.85,
      vars = { count = #stale, path = stale[1].path, status = stale[1].status, removals = removals },
      evidence = stale,
    })
  end)
end

-- gateway.hung with the pid and its state: what each state means and the fix for it.
local function raise_hung(ctx, t, seen)
  local hung = seen.hung
  local vars = { pid = hung.pid, state = hung.state, state_text = hung.what, seconds = oc.TIMEOUT.connect }
  vars.stopped, vars.disk_wait = hung.state == "T" or hung.state == "t", hung.state == "D"
  vars.fix_lines = vars.stopped
      and { "kill -CONT " .. hung.pid .. "   # or fg in the terminal that suspended it", "openclaw gateway status" }
    or {
      "cat /proc/" .. hung.pid .. "/wchan; echo   # the kernel routine it waits in",
      "dmesg | tail -n 30   # disk or network filesystem errors",
      "openclaw gateway restart   # once the I/O recovers (a D process ignores signals until then)",
    }
  local spec = knowledge.spec("gateway.hung", { vars = vars, variant = hung.variant, confidence = 0.9 })
  spec.evidence = { pid = hung.pid, state = hung.state, connect = seen.connect, health = seen.health }
  oc.finding(ctx, t, spec)
end

-- The runbooks to call for a class, plus the service managers when the gateway is down or broken.
local function plan_for(class, seen)
  local plan = {}
  local connect = seen.connect
  -- A client deadline mid-handshake: openclaw.false-green's own probe would wait out the same silence (8 s).
  local stalled = class == "handshake" and connect.error == "timeout" and HANDSHAKE_PHASES[connect.phase]
  for _, id in ipairs(stalled and {} or PLANS[class] or {}) do
    plan[#plan + 1] = id
  end
  -- The gateway answers but something else ranks first: still say why a channel is silent.
  local answered = class == "scope" or class == "duplicate" or class == "config"
  if answered and seen.channel_trouble[1] then
    plan[#plan + 1] = "openclaw.channels"
  end
  -- A connected channel that hears nothing has no error to name its cause: some releases break inbound delivery
  -- (Slack Socket Mode after 2026.3.8), so the known regressions of the running release are checked too.
  local silent = class == "channels" and oc.get(seen.channel_trouble[1], "finding") == "channel.inbound-silent"
  if silent then
    plan[#plan + 1] = "openclaw.known-issues"
  end
  local service_related = class == "down" or class == "abnormal" or class == "starting"
  -- A gateway that answers under a unit is not a healthy system while its service is not (two units racing for
  -- the port, linger off, restarts); one that runs while this session cannot reach the user manager cannot be
  -- restarted or installed as advised.
  local supervised = (class == "healthy" or class == "duplicate") and seen.supervised
  if (seen.systemd and (service_related or supervised)) or seen.manager_problem == "user-bus-unavailable" then
    plan[#plan + 1] = "openclaw.systemd"
  end
  if (service_related or class == "unreachable") and seen.docker then
    plan[#plan + 1] = "openclaw.docker"
  end
  -- A healthy gateway still fails every reply when a custom model backend does not answer its API: probe them.
  if class == "healthy" and seen.custom_providers then
    plan[#plan + 1] = "openclaw.models"
  end
  return plan
end

return {
  id = "openclaw.triage",
  version = "1.0.0",
  engine = "^1",
  title = "Triage an OpenClaw gateway: what is wrong, most likely cause first",
  summary = "Probes the gateway port and processes, /healthz and /readyz, the WebSocket handshake with the token "
    .. "the CLI would send, systemd, Docker and the config at once; classifies the symptom (down, starting, port "
    .. "conflict, auth, proxy, wrong scheme, handshake, scope, protocol, channels) and runs the runbook for it. A "
    .. "healthy gateway is also checked for channels in trouble (the health reply's account states, the recent "
    .. "log, the pasted symptom). Replaces `openclaw status`, `gateway status`, `logs --follow`, `doctor` and "
    .. "`channels status --probe`.",
  symptoms = {
    "gateway closed (1000)",
    "gateway closed (1006 abnormal closure)",
    "disconnected (1008): unauthorized: gateway token mismatch",
    "disconnected (1008): pairing required",
    "connect failed: connection refused",
    "Error: connect ECONNREFUSED 127.0.0.1:18789",
    "RPC probe: failed",
    "gateway not connected",
    "gateway start blocked",
    "openclaw gateway is not working",
    "unreachable (missing scope: operator.read)",
    "GatewayClientRequestError: missing scope: operator.admin",
    "send failed: gateway not connected",
    "bot does not reply",
  },
  tags = { "openclaw", "gateway", "triage" },
  capabilities = { "net", "proc", "fs", "env", "systemd", "docker", "exec:openclaw", "exec:node" },
  findings = {
    "gateway.not-running",
    "gateway.hung",
    "gateway.starting",
    "gateway.duplicate-instance",
    "gateway.port-conflict",
    "config.invalid",
    "ws.abnormal-close",
    "ws.handshake-timeout",
    "scope.missing-operator-read",
    "protocol.mismatch",
    "protocol.invalid-connect-params",
    "client.placeholder-token",
    "session.stale-lock",
    "proxy.no-websocket-upgrade",
    "proxy.scheme-mismatch",
    "auth.token-mismatch",
    "auth.token-missing",
    "auth.device-token-mismatch",
    "auth.pairing-required",
    "auth.device-identity-required",
    "auth.origin-not-allowed",
    "auth.rate-limited",
    "channel.mention-required",
    "channel.sender-pairing-pending",
    "channel.filtered-by-policy",
    "channel.missing-permissions",
    "channel.not-configured",
    "channel.probe-failed",
    "channel.send-while-disconnected",
    "channel.poll-conflict",
    "channel.session-conflict",
    "channel.missing-intents",
    "channel.delivery-suppressed",
    "scope.missing",
    "proxy.untrusted-forwarded-headers",
    "model.credentials-missing",
    "service.no-manager",
    "version.running-not-installed",
  },
  params = oc.with_standard_params({
    symptom = {
      type = "string",
      description = "What the user saw (an error line, a log line): a channel failure there makes triage "
        .. "check the channels even when the gateway is healthy.",
    },
  }),

  run = function(ctx, params)
    local resolved = ctx:step("Resolve the gateway and the token", function(step)
      local target = oc.target(params)
      local token = oc.token(params)
      step:evidence("url", target.ws_url)
      step:evidence("source", target.source)
      step:evidence("config", target.config and (target.config.ok and target.config.path or target.config.error))
      step:evidence("secret", { kind = token.kind, source = token.source, fingerprint = token.fingerprint })
      if target.error then
        step:warn("target ignored: " .. target.error)
      elseif not token.value then
        step:warn("no token or password found for the client")
      end
      return { target = target, token = token }
    end)
    local t, secret = resolved.target, resolved.token
    check_placeholder_token(ctx, t, secret)
    check_symptom_scope(ctx, t, params)

    local seen = probe_all(ctx, t, secret, params)
    seen.custom_providers = #model_routes.providers(t.config and t.config.config) > 0
    check_session_locks(ctx, t)
    if seen.connect.ok == true then
      seen.channel_trouble = find_channel_trouble(ctx, seen, params)
      seen.refusals = read_other_clients(ctx, t, seen, params) or {}
    end
    local verdict = ctx:step("Classify the symptom", function(step)
      local found, reason = classify(seen, t)
      step:evidence("class", found)
      step:evidence("why", reason)
      if #seen.other_gateways > 0 then
        step:evidence("other_gateways", oc.describe_other_gateways(seen.other_gateways))
      end
      if found == "healthy" then
        step:pass(
          reason
            .. (seen.supervisor and ("; run by the systemd " .. seen.supervisor) or "")
            .. (
              #seen.other_gateways > 0
                and ("; other profiles' gateways: " .. oc.describe_other_gateways(seen.other_gateways))
              or ""
            )
        )
      else
        step:fail(found .. ": " .. reason)
      end
      return { class = found, why = reason }
    end)
    local class, why = verdict.class, verdict.why

    local low_or_worse = false
    for _, id in ipairs(plan_for(class, seen)) do
      local summary = oc.run(ctx, id, params)
      for _, finding in ipairs(oc.list(summary and summary.findings)) do
        low_or_worse = low_or_worse or finding.severity ~= "info"
      end
    end

    local fallback = FALLBACKS[class]
    if class == "channels" and seen.channel_trouble[1] then
      fallback = seen.channel_trouble[1].finding
    elseif class == "auth" then
      fallback = AUTH_FALLBACKS[seen.connect.details_code or oc.get(seen.connect, "details.code")] or fallback
    end
    check_no_manager(ctx, t, class, seen)
    check_running_version(ctx, t, class, seen)
    if class == "hung" then
      raise_hung(ctx, t, seen)
    elseif fallback and not low_or_worse then
      knowledge.raise_fallback(ctx, t, fallback, why, plan_for(class, seen), {
        severity = class == "channels" and "medium" or "high",
        evidence = { class = class, connect = seen.connect, health = seen.health },
        fix = fallback_fix(class, seen.connect),
      })
    end
    return { class = class }
  end,
}
