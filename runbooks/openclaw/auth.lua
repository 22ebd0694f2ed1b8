-- openclaw.auth: why the gateway refuses a client (1008, 4008). The gateway's own answer to a connect with the
-- client's token decides first; the token copies on this machine (env, config, gateway.remote.token, .env,
-- service units, running gateways, containers), the pending pairing requests and the gateway's log explain
-- failures the probe cannot reproduce (a browser's origin, another device's stale token).
--
-- Seed variants handled: `gateway.token` (seeds 004) is not read by OpenClaw, the real key is gateway.auth.token;
-- the seeds' "regenerates the token on every restart" is true only when no token is configured or the state dir
-- is not persisted (a container without a volume); 4008 is the Control UI's own "connect failed" close code, so
-- its cause is the 1008 reason behind it (PROTOCOL.md section 3).
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local connect_errors = require("lib.connect_errors")
local auth_findings = require("lib.auth_findings")
local gateway_logs = require("lib.gateway_logs")
local deploy = require("lib.deployments")

local CONTAINER_STATE_DIR = "/home/node/.openclaw" -- the official image's state dir (PROTOCOL.md section 6)
local CONNECT_TIMEOUT = 5

-- Token copies that belong to the running gateway itself rather than to a client.
local SERVICE_COPIES = { process = true, systemd = true, ["systemd:EnvironmentFile"] = true, container = true }

-- Log evidence for failures of other clients. The origin pattern captures the refused Origin for the fix.
local LOG_FINDINGS = {
  "auth.token-mismatch",
  "auth.token-missing",
  "auth.device-token-mismatch",
  "auth.pairing-required",
  "auth.device-identity-required",
  "auth.rate-limited",
}
local ORIGIN_PATTERN = {
  id = "auth.origin-refused",
  finding = "auth.origin-not-allowed",
  match = { "origin not allowed", "control_ui_origin_not_allowed" },
  regex = "origin=(\\S+).*(?:origin not allowed|control_ui_origin_not_allowed)",
}

local function log_patterns()
  local patterns = oc.signatures_for(LOG_FINDINGS)
  patterns[#patterns + 1] = ORIGIN_PATTERN
  return patterns
end

-- The shared-secret settings of the local config: {mode, secret, trusted_proxies, allowed_origins, bind, tls}.
local function auth_settings(config)
  local gateway = oc.get(config, "gateway") or {}
  return {
    readable = type(config) == "table" and config.ok == true,
    mode = oc.get(gateway, "auth.mode.value") or "token",
    secret = oc.get(gateway, "auth.secret") or {},
    trusted_proxies = oc.list(gateway.trusted_proxies),
    allowed_origins = oc.list(oc.get(gateway, "control_ui.allowed_origins")),
    bind = oc.get(gateway, "bind.value"),
    tls = gateway.tls == true,
  }
end

-- "env", "config:remote", "systemd:/path", "process:123", "container:name": how a token copy is named in reports.
local function label_of(source)
  local name = tostring(source.source or "?")
  if source.pid then
    return name .. ":" .. tostring(source.pid)
  elseif source.path then
    return name .. ":" .. tostring(source.path)
  end
  return name
end

-- The command that brings one stale copy in line with the gateway's token; gateway_container: the name of the
-- container whose gateway serves the port, which holds the token to copy.
local function drift_fix(copy, gateway_container)
  local kind = copy.kind
  if gateway_container and (kind == "config" or kind == "config:remote") then
    local key = kind == "config" and "gateway.auth.token" or "gateway.remote.token"
    local printenv = "docker exec " .. gateway_container .. " printenv OPENCLAW_GATEWAY_TOKEN"
    return "openclaw config set " .. key .. ' "$(' .. printenv .. ')"'
  elseif kind == "env" then
    return "export OPENCLAW_GATEWAY_TOKEN=<the gateway's token>   # or unset it; check ~/.bashrc and ~/.profile"
  elseif kind == "config:remote" then
    return "openclaw config set gateway.remote.token <the gateway's token>"
  elseif kind == "dotenv" or kind == "systemd:EnvironmentFile" then
    return "edit " .. tostring(copy.path) .. ": OPENCLAW_GATEWAY_TOKEN=<the gateway's token>"
  elseif kind == "systemd" then
    return "edit "
      .. tostring(copy.path)
      .. " (Environment=OPENCLAW_GATEWAY_TOKEN=...), then: "
      .. "systemctl --user daemon-reload && openclaw gateway restart"
  elseif kind == "process" then
    return "openclaw gateway restart   # gateway pid " .. tostring(copy.pid) .. " runs with an older token"
  elseif kind == "container" then
    return "docker compose up -d   # after setting OPENCLAW_GATEWAY_TOKEN for " .. tostring(copy.name)
  end
  return "openclaw config set gateway.auth.token <the gateway's token>   # " .. copy.label
end

-- The host port a container's gateway answers on: its own port with host networking, else the published one.
local function host_port_of(inspected)
  local port = deploy.container_port(inspected)
  if inspected.host_network == true then
    return port
  end
  local published = deploy.published(inspected, port)
  return published and math.tointeger(published.host_port)
end

-- Running OpenClaw containers with their token fingerprint, the host port their gateway answers on and whether
-- the state dir survives re-creation.
local function container_tokens()
  local running, docker_err = deploy.running_inspected({ CONTAINER_STATE_DIR })
  local found = {}
  for _, container in ipairs(running) do
    local inspected = container.inspected
    local entry = { name = inspected.name or container.summary.name or container.summary.id, set = false }
    for _, variable in ipairs(oc.list(inspected.env)) do
      if variable.name == "OPENCLAW_GATEWAY_TOKEN" and variable.fingerprint then
        entry.set, entry.fingerprint = true, variable.fingerprint
      end
    end
    local state = oc.list(inspected.persisted)[CONTAINER_STATE_DIR]
    entry.persisted = type(state) == "table" and state.persisted == true
    entry.host_port = host_port_of(inspected)
    found[#found + 1] = entry
  end
  return found, docker_err
end

-- Pending pairing requests from <state>/devices/pending.json (an object keyed by request id, or a list).
local function pending_requests(profile)
  local paths = openclaw.paths({ profile = profile })
  local state_dir = type(paths) == "table" and paths.state_dir
  if type(state_dir) ~= "string" then
    return {}, "no state dir"
  end
  local pending, err = fs.json(state_dir .. "/devices/pending.json")
  if type(pending) ~= "table" then
    return {}, err
  end
  local requests = {}
  for key, entry in pairs(pending) do
    if type(entry) == "table" then
      local id = entry.requestId or (type(key) == "string" and key or nil)
      if id then
        requests[#requests + 1] = {
          request_id = id,
          device = entry.displayName or entry.clientId or entry.deviceId,
          role = entry.role,
          remote_ip = entry.remoteIp,
        }
      end
    end
  end
  table.sort(requests, function(a, b)
    return tostring(a.request_id) < tostring(b.request_id)
  end)
  return requests
end

-- Read the gateway's auth settings.
local function read_the_gateway_s_auth(ctx, params, target)
  return ctx:step("Read the gateway's auth settings", function(step)
    local config = target.config or openclaw.config({ profile = params.profile })
    local s = auth_settings(config)
    step:evidence("auth_mode", s.mode):evidence("secret_source", s.secret.source)
    step:evidence("trusted_proxies", s.trusted_proxies):evidence("allowed_origins", s.allowed_origins)
    step:evidence("bind", s.bind):evidence("tls", s.tls)
    if not s.readable then
      step:skip("the local config is not readable: " .. tostring(oc.get(config, "message") or "no config"))
    end
    return s
  end)
end

-- Compare every copy of the gateway token.
local function compare_every_copy_of_the(ctx, params, target)
  return ctx:step("Compare every copy of the gateway token", function(step)
    local sources, err = openclaw.token_sources({ profile = params.profile })
    if type(sources) ~= "table" then
      step:fail("openclaw.token_sources failed: " .. tostring(err))
      return nil
    end
    local list = {}
    for _, source in ipairs(oc.list(sources.sources)) do
      if type(source) == "table" and source.fingerprint and not source.ignored_by_openclaw then
        list[#list + 1] = {
          label = label_of(source),
          kind = source.source,
          path = source.path,
          pid = source.pid,
          fingerprint = source.fingerprint,
        }
      end
    end
    local containers, docker_err = container_tokens()
    for _, container in ipairs(containers) do
      if container.fingerprint then
        list[#list + 1] = {
          label = "container:" .. container.name,
          kind = "container",
          name = container.name,
          fingerprint = container.fingerprint,
        }
      end
    end
    -- A container whose gateway answers on the port this host's clients dial: its token is the gateway's,
    -- whatever this host's config says (the container reads its own config and environment).
    local serving
    for _, container in ipairs(containers) do
      local dialled = oc.is_loopback(target.host) and container.host_port == math.tointeger(target.port)
      local has_token = container.fingerprint ~= nil and container.fingerprint ~= deploy.EMPTY_FINGERPRINT
      if not serving and dialled and has_token then
        serving = container
      end
    end
    local legacy
    for _, source in ipairs(oc.list(sources.sources)) do
      if type(source) == "table" and source.ignored_by_openclaw then
        legacy = { label = label_of(source), fingerprint = source.fingerprint }
      end
    end
    step:evidence("copies", list):evidence("effective", oc.get(sources, "drift.effective_source"))
    step:evidence("containers", containers):evidence("gateway_container", serving and serving.name)
    if docker_err then
      step:evidence("docker", docker_err)
    end
    if legacy then
      step:evidence("legacy_gateway_token", legacy)
    end
    return {
      list = list,
      effective = oc.get(sources, "drift.effective"),
      effective_source = oc.get(sources, "drift.effective_source"),
      containers = containers,
      serving = serving,
    }
  end)
end

-- Connect with the client's credentials.
local function connect_with_the_client_s(ctx, target, token, password, sent)
  return ctx:step("Connect with the client's credentials", function(step)
    local opts = oc.connect_options({ value = token.value, kind = password and "password" or "token" }, CONNECT_TIMEOUT)
    if target.tls and oc.is_loopback(target.host) then
      opts.insecure = true -- a loopback gateway's self-signed certificate
    end
    local result, err = gateway.connect(target.ws_url, opts)
    if type(result) ~= "table" then
      result = { ok = false, error = "error", message = tostring(err) }
    end
    local c = connect_errors.classify(result, sent)
    c.token_fingerprint = result.token_fingerprint
    step:evidence("result", connect_errors.summary(c))
    if result.ok then
      step:evidence("server_version", result.server_version):evidence("scopes", result.scopes)
      if type(result.close) == "function" then
        result:close()
      end
      step:pass("hello-ok from " .. tostring(target.ws_url))
    elseif c.kind == "unreachable" then
      step:fail("nothing answers at " .. tostring(target.ws_url) .. ": clawbook run openclaw.gateway.connect")
    else
      step:fail(connect_errors.summary(c))
    end
    return c
  end)
end

-- List pending pairing requests.
local function list_pending_pairing_requests(ctx, params)
  return ctx:step("List pending pairing requests", function(step)
    local found, err = pending_requests(params.profile)
    step:evidence("pending", found)
    if err then
      step:evidence("unreadable", tostring(err)) -- usually: no request was ever made
    end
    if #found == 0 then
      step:pass("none pending")
    else
      step:warn(#found .. " request(s) waiting for approval")
    end
    return found
  end)
end

-- Check the auth mode's requirements.
local function check_the_auth_mode_s(ctx, emit, settings, probe)
  return ctx:step("Check the auth mode's requirements", function(step)
    if settings.mode == "trusted-proxy" and #settings.trusted_proxies == 0 then
      emit(knowledge.spec("auth.trusted-proxy-unconfigured", {
        severity = probe.kind == "unreachable" and "critical" or "high",
        confidence = 0.9,
        evidence = { auth_mode = settings.mode, trusted_proxies = settings.trusted_proxies },
      }))
      step:fail("trusted-proxy mode without trustedProxies")
    elseif settings.mode == "password" then
      step:pass("password mode: clients must send the password (OPENCLAW_GATEWAY_PASSWORD)")
    else
      step:pass("auth mode " .. tostring(settings.mode))
    end
  end)
end

-- Check that the token survives restarts.
local function check_that_the_token_survives(ctx, emit, settings, copies)
  return ctx:step("Check that the token survives restarts", function(step)
    local unpinned_containers = {}
    for _, container in ipairs(copies and copies.containers or {}) do
      if not container.set and container.persisted ~= true then
        unpinned_containers[#unpinned_containers + 1] = container.name
      end
    end
    -- Pinned: the config holds the token, or the service or container that runs the gateway sets it.
    local in_config = settings.secret.set == true and tostring(settings.secret.source):match("^config") ~= nil
    local in_service = false
    for _, copy in ipairs(copies and copies.list or {}) do
      in_service = in_service or SERVICE_COPIES[copy.kind] == true
    end
    local generated = settings.mode == "token" and settings.readable and not in_config and not in_service
    step:evidence("generated_on_start", generated):evidence("unpinned_containers", unpinned_containers)
    if #unpinned_containers == 0 and not generated then
      if settings.readable or in_service then
        step:pass("pinned (" .. (in_config and tostring(settings.secret.source) or "service environment") .. ")")
      else
        step:skip("no readable config and no service environment to judge")
      end
      return
    end
    emit(knowledge.spec("auth.token-not-pinned", {
      variant = #unpinned_containers > 0 and "unpinned_containers" or nil,
      severity = #unpinned_containers > 0 and "high" or "medium",
      confidence = #unpinned_containers > 0 and 0.85 or 0.7,
      vars = { names = table.concat(unpinned_containers, ", "), state_dir = CONTAINER_STATE_DIR },
      evidence = { secret_source = settings.secret.source, containers = unpinned_containers },
    }))
    step:warn("the token is regenerated")
  end)
end

-- Compare the copies against the gateway's token.
local function compare_the_copies_against_the(ctx, emit, copies, password, probe, client, serving)
  return ctx:step("Compare the copies against the gateway's token", function(step)
    if not copies or password then
      step:skip(copies and "password mode: token copies are not used" or "no token sources")
      return
    end
    -- The reference: the client's token when the gateway accepted it, else the token of the container that
    -- serves the port, else the copy the gateway reads first.
    local reference = (probe.kind == "ok" and client.fingerprint)
      or (serving and serving.fingerprint)
      or copies.effective
    local stale = {}
    for _, copy in ipairs(copies.list) do
      if reference and copy.fingerprint ~= reference then
        stale[#stale + 1] = copy
      end
    end
    step:evidence("reference", reference):evidence("stale", stale)
    if #stale == 0 then
      step:pass(reference and "every copy matches" or "no token copy to compare")
      return
    end
    local labels, copy_fixes = {}, {}
    local gateway_container = serving and reference == serving.fingerprint and serving.name or nil
    for _, copy in ipairs(stale) do
      labels[#labels + 1] = copy.label .. " (" .. tostring(copy.fingerprint) .. ")"
      copy_fixes[#copy_fixes + 1] = drift_fix(copy, gateway_container)
    end
    local failing = probe.id == "auth.token-mismatch" or probe.id == "auth.token-missing"
    -- The client's copy differs from the token of the container that serves the port: that names the cause
    -- of the rejection, so it ranks above the rejection itself (auth.token-mismatch, 0.95).
    if gateway_container and probe.id == "auth.token-mismatch" and client.fingerprint ~= reference then
      emit(knowledge.spec("auth.token-drift", {
        variant = "gateway_container",
        confidence = 0.97,
        vars = {
          container = gateway_container,
          reference = tostring(reference),
          stale = table.concat(labels, ", "),
          client_source = tostring(client.source),
          copy_fixes = copy_fixes,
        },
        evidence = {
          gateway = "container:" .. gateway_container,
          container = gateway_container,
          reference = reference,
          client_source = client.source,
          stale = labels,
        },
      }))
      step:warn(#stale .. " cop" .. (#stale == 1 and "y differs" or "ies differ") .. " from " .. gateway_container)
      return
    end
    emit(knowledge.spec("auth.token-drift", {
      severity = failing and "high" or "medium",
      confidence = failing and 0.85 or 0.75,
      vars = { reference = tostring(reference), stale = table.concat(labels, ", "), copy_fixes = copy_fixes },
      evidence = { reference = reference, stale = labels },
    }))
    step:warn(#stale .. " stale cop" .. (#stale == 1 and "y" or "ies"))
  end)
end

-- Report pending pairing requests.
local function report_pending_pairing_requests(ctx, emitted, emit, requests, request_ids)
  return ctx:step("Report pending pairing requests", function(step)
    if #requests == 0 or emitted["auth.pairing-required"] then
      step:skip(#requests == 0 and "none pending" or "reported with the connect failure above")
      return
    end
    local spec = auth_findings.spec(
      "auth.pairing-required",
      { via = "state", request_ids = request_ids, evidence = { pending = requests } }
    )
    spec.severity = "medium"
    emit(spec)
    step:warn(#requests .. " pending")
  end)
end

-- Read the gateway's log for refused clients.
local function read_the_gateway_s_log(ctx, params, emitted, emit, settings, gateway_token, request_ids)
  return ctx:step("Read the gateway's log for refused clients", function(step)
    local seen = gateway_logs.scan(ctx, params, log_patterns())
    step:evidence("sources", gateway_logs.sources(seen)):evidence("lines_scanned", seen.lines_scanned)
    local hits = {}
    for _, id in ipairs({ "auth.origin-not-allowed", table.unpack(LOG_FINDINGS) }) do
      local evidence = gateway_logs.evidence(seen, id)
      if evidence and not emitted[id] then
        hits[#hits + 1] = id .. " x" .. evidence.count
        local ids = request_ids
        if id == "auth.pairing-required" and #gateway_logs.values(seen, id) > 0 then
          ids = gateway_logs.values(seen, id)
        end
        -- The failing client is another one: its token source is unknown, so the fix stays generic.
        local spec = auth_findings.spec(id, {
          via = "log",
          gateway_token = gateway_token,
          auth_mode = settings.mode,
          request_ids = ids,
          origins = id == "auth.origin-not-allowed" and gateway_logs.values(seen, id) or nil,
          allowed_origins = settings.allowed_origins,
          tls = settings.tls,
          bind = settings.bind,
          evidence = evidence,
        })
        if spec then
          spec.severity = "medium" -- another client's failure: likely the one reported, not certainly
          emit(spec)
        end
      end
    end
    if #hits == 0 then
      step:pass(seen.lines_scanned == 0 and "no log lines found" or "no auth failures in the recent log")
    else
      step:warn(table.concat(hits, ", "))
    end
  end)
end

-- The target and the token the client would send.
local function resolve_the_gateway_and_token(ctx, params)
  return ctx:step("Resolve the gateway and the client's token", function(step)
    local t, tok = oc.target(params), oc.token(params)
    step:evidence("url", t.url):evidence("target_source", t.source)
    step:evidence("token_source", tok.source):evidence("token_fingerprint", tok.fingerprint)
    if t.error then
      step:warn("target " .. tostring(params.target) .. " ignored: " .. t.error)
    elseif not tok.value then
      step:warn("no token: neither OPENCLAW_GATEWAY_TOKEN, the config, gateway.remote.token nor .env holds one")
    end
    return t, tok
  end)
end

-- Without an answer from the WebSocket: whether the HTTP API takes the token.
local function check_the_token_over_http(ctx, emit, target, token, client, gateway_token)
  return ctx:step("Check the token over HTTP", function(step)
    local check = gateway.http_token_check(target.url, token.value, { timeout = 3 })
    local verdict = type(check) == "table" and check.verdict or "error"
    step:evidence("verdict", verdict):evidence("status", type(check) == "table" and check.status or nil)
    if verdict == "rejected" then
      emit(auth_findings.spec("auth.token-mismatch", {
        via = "http",
        client = client,
        gateway_token = gateway_token,
        evidence = { url = target.url, status = check.status },
      }))
      step:fail("the gateway's HTTP API rejects the token (401)")
    elseif verdict == "rate_limited" then
      emit(
        auth_findings.spec(
          "auth.rate-limited",
          { via = "http", retry_after = check.retry_after, evidence = { url = target.url, status = check.status } }
        )
      )
      step:fail("rate limited (429)")
    elseif verdict == "accepted" then
      step:pass("the token is accepted over HTTP: the WebSocket failure is not about the token")
    else
      step:skip("no verdict: " .. tostring(type(check) == "table" and (check.message or check.error) or check))
    end
  end)
end

return {
  id = "openclaw.auth",
  version = "1.0.0",
  engine = "^1",
  title = "Find out why the gateway refuses a client's credentials (1008, 4008)",
  summary = "Connects with the token the OpenClaw CLI would send and reads the gateway's answer (AUTH_TOKEN_MISMATCH, "
    .. "PAIRING_REQUIRED, ...), compares every copy of the gateway token on the machine by fingerprint (env, "
    .. "config, gateway.remote.token, .env, systemd units, running gateways, containers), lists pending pairing "
    .. "requests, and reads the gateway's log for failures of other clients: refused origins, stale device "
    .. "tokens, rate limits. Read-only; every fix is printed as a command.",
  symptoms = {
    "disconnected (1008): pairing required",
    "disconnected (4008): connect failed",
    "unauthorized: gateway token mismatch",
    "gateway token missing",
    "AUTH_TOKEN_MISMATCH",
    "AUTH_TOKEN_MISSING",
    "device token mismatch",
    "device identity required",
    "origin not allowed",
    "Too many failed authentication attempts",
    "gateway closed (1008)",
    "token mismatch after restart",
  },
  tags = { "openclaw", "gateway", "auth", "token", "pairing" },
  capabilities = { "net", "fs", "proc", "env", "docker", "systemd" },
  findings = {
    "auth.token-missing",
    "auth.token-mismatch",
    "auth.token-drift",
    "auth.token-not-pinned",
    "auth.device-token-mismatch",
    "auth.pairing-required",
    "auth.device-identity-required",
    "auth.origin-not-allowed",
    "auth.rate-limited",
    "auth.password-mode",
    "auth.trusted-proxy-unconfigured",
    "auth.rejected",
    "protocol.mismatch",
    "ws.handshake-timeout",
    "ws.abnormal-close",
  },
  params = oc.PARAMS,

  run = function(ctx, params)
    local emitted = {}
    local target

    local function emit(spec)
      if spec and not emitted[spec.id] then
        emitted[spec.id] = true
        oc.finding(ctx, target, spec)
      end
    end

    local token
    target, token = resolve_the_gateway_and_token(ctx, params)
    target = target or {}
    token = token or { source = "none" }

    local settings = read_the_gateway_s_auth(ctx, params, target) or auth_settings(nil)

    local copies = compare_every_copy_of_the(ctx, params, target)

    local password = token.kind == "password" or settings.mode == "password"
    local sent = { token = token.value ~= nil and not password, password = token.value ~= nil and password }
    local probe = connect_with_the_client_s(ctx, target, token, password, sent) or { kind = "unknown" }

    local client = { source = token.source, fingerprint = token.fingerprint or probe.token_fingerprint }
    local serving = copies and copies.serving
    local gateway_token = serving and { fingerprint = serving.fingerprint, source = "container:" .. serving.name }
      or copies and copies.effective and { fingerprint = copies.effective, source = copies.effective_source }
      or nil
    local requests = list_pending_pairing_requests(ctx, params) or {}
    local request_ids = {}
    for _, request in ipairs(requests) do
      request_ids[#request_ids + 1] = request.request_id
    end

    -- The gateway's own answer comes first: it names the cause.
    if probe.id then
      local ids = request_ids
      if probe.request_id then
        ids = { probe.request_id }
      end
      emit(auth_findings.spec(probe.id, {
        via = "probe",
        classification = probe,
        client = client,
        gateway_token = gateway_token,
        auth_mode = settings.mode,
        request_ids = ids,
        allowed_origins = settings.allowed_origins,
        retry_after = probe.retry_after_ms and math.ceil(probe.retry_after_ms / 1000),
        tls = settings.tls,
        bind = settings.bind,
        url = target.ws_url,
        evidence = connect_errors.evidence(
          probe,
          { url = target.ws_url, token_source = token.source, token_fingerprint = client.fingerprint }
        ),
      }))
    end

    -- Without an answer from the WebSocket, ask the HTTP API whether it takes the token.
    if not probe.id and probe.kind ~= "ok" and probe.kind ~= "unreachable" and token.value then
      check_the_token_over_http(ctx, emit, target, token, client, gateway_token)
    end

    check_the_auth_mode_s(ctx, emit, settings, probe)

    check_that_the_token_survives(ctx, emit, settings, copies)

    compare_the_copies_against_the(ctx, emit, copies, password, probe, client, serving)

    report_pending_pairing_requests(ctx, emitted, emit, requests, request_ids)

    read_the_gateway_s_log(ctx, params, emitted, emit, settings, gateway_token, request_ids)

    return { connect = probe.kind, cause = probe.id }
  end,
}
