-- Shared helpers for the openclaw.* runbooks: where the gateway is, which token a client would send, a finding
-- builder and a nested-run helper. Plain functions of their arguments: no state is kept between calls, because
-- one loaded copy serves every runbook of a run.
--
--   local oc = require("lib.openclaw")
--   local t = oc.target(params)   -- {url, ws_url, host, port, tls, source, config}
--   local tok = oc.token(params)  -- {value, kind, source, fingerprint}
--   oc.finding(ctx, t, { id = "gateway.not-running", severity = "high", fix = { "openclaw gateway --port {port}" } })
--   local summary = oc.run(ctx, "openclaw.auth", params)
--
-- Capabilities: target() calls openclaw.config (fs) unless params.target is given, and env.get (env) only when
-- the config cannot be read; token() calls openclaw.client_token (fs). Test cases fake those calls.
local signatures = require("lib.signatures")

local M = {}

M.DEFAULT_PORT = 18789
M.DEV_PROFILE_PORT = 19001 -- OpenClaw's `dev` profile moves the default port
M.DOCS = "docs/findings.md#"

-- Short per-call timeouts (seconds) for probes of a gateway that may be down: a refused connect is instant, so
-- only a dropped packet (a firewall) waits, and even then the triage answers in a few seconds.
M.TIMEOUT = { tcp = 1, http = 2, connect = 3, command = 3 }

-- The params every gateway-facing runbook declares (spread into its `params`).
M.PARAMS = {
  target = {
    type = "string",
    description = "Gateway URL (http://, https://, ws://, wss://, host:port). Default: discovered like OpenClaw "
      .. "(OPENCLAW_GATEWAY_PORT, gateway.port, 18789 on 127.0.0.1; gateway.remote.url in remote mode).",
  },
  token = { type = "string", secret = true, description = "Gateway token. Default: what the OpenClaw CLI sends." },
  profile = { type = "string", description = "OpenClaw profile (as `openclaw --profile NAME`)." },
}

-- A runbook's own params plus the standard ones (M.PARAMS), for its `params` field.
function M.with_standard_params(own)
  for name, spec in pairs(M.PARAMS) do
    own[name] = spec
  end
  return own
end

-- value at a dotted path ("gateway.port.value") of nested tables, or nil when any level is missing or not a table
function M.get(tbl, path)
  local node = tbl
  for key in path:gmatch("[^.]+") do
    if type(node) ~= "table" then
      return nil
    end
    node = node[key]
  end
  return node
end

-- v when it is a table, else an empty one: bindings on a broken box may return odd shapes
function M.list(v)
  return type(v) == "table" and v or {}
end

-- whether value is an item of list (false when list is not a table)
function M.contains(list, value)
  for _, item in ipairs(M.list(list)) do
    if item == value then
      return true
    end
  end
  return false
end

-- whether text is a string that begins with one of prefixes
function M.starts_with_any(text, prefixes)
  if type(text) ~= "string" then
    return false
  end
  for _, prefix in ipairs(prefixes) do
    if text:sub(1, #prefix) == prefix then
      return true
    end
  end
  return false
end

-- f(...) with a raised error turned into nil, message: for fs calls on paths the path policy may refuse (a
-- config moved by OPENCLAW_CONFIG_PATH) and other calls whose failure only means "no evidence".
function M.try(f, ...)
  local ok, result, err = pcall(f, ...)
  if ok then
    return result, err
  end
  return nil, tostring(result)
end

function M.is_loopback(host)
  if type(host) ~= "string" then
    return false
  end
  return host == "localhost" or host == "::1" or host:match("^127%.") ~= nil
end

-- The port in OPENCLAW_GATEWAY_PORT's accepted forms: "18789", "host:18789", "[::1]:18789"; nil otherwise.
function M.port_of(text)
  if type(text) ~= "string" then
    return nil
  end
  local port = tonumber(text:match("^%d+$") or text:match(":(%d+)$"))
  if port and port >= 1 and port <= 65535 then
    return math.tointeger(port)
  end
  return nil
end

-- Splits "scheme://host:port/path", "host:port", "host" or "port" into {scheme, host, port, tls}; nil, message
-- when it is none of those. Without a scheme and a port the gateway's default port is meant.
function M.parse_url(text)
  if type(text) ~= "string" or text == "" then
    return nil, "empty target"
  end
  if text:match("^%d+$") then
    local port = M.port_of(text)
    if not port then
      return nil, "bad port in target " .. text
    end
    return { scheme = "http", host = "127.0.0.1", port = port, tls = false }
  end
  local scheme, rest = text:match("^(%a[%w+.-]*)://(.*)$")
  local default_port = M.DEFAULT_PORT
  if scheme then
    scheme = scheme:lower()
    if scheme ~= "http" and scheme ~= "https" and scheme ~= "ws" and scheme ~= "wss" then
      return nil, "unsupported scheme " .. scheme .. " (use http, https, ws or wss)"
    end
    default_port = (scheme == "https" or scheme == "wss") and 443 or 80
  end
  local authority = (rest or text):match("^([^/?#]*)")
  local host, port = authority:match("^%[([^%]]+)%]:?(%d*)$") -- [IPv6]:port
  if not host then
    host, port = authority:match("^([^:]+):?(%d*)$")
  end
  if not host or host == "" then
    return nil, "no host in target " .. text
  end
  port = port ~= "" and tonumber(port) or default_port
  if port < 1 or port > 65535 then
    return nil, "bad port in target " .. text
  end
  local tls = scheme == "https" or scheme == "wss"
  return { scheme = scheme or "http", host = host, port = math.tointeger(port), tls = tls }
end

local function with_urls(result)
  local shown = result.host:find(":") and ("[" .. result.host .. "]") or result.host
  local authority = shown .. ":" .. result.port
  result.url = (result.tls and "https://" or "http://") .. authority
  result.ws_url = (result.tls and "wss://" or "ws://") .. authority
  return result
end

-- The gateway a client would reach, resolved as OpenClaw does: the `target` param; else gateway.remote.url when
-- gateway.mode is remote; else 127.0.0.1 on OPENCLAW_GATEWAY_PORT, gateway.port, 19001 for the dev profile or
-- 18789, with TLS when gateway.tls.enabled.
--   source: param | config:remote | env | config | default
--   config: the openclaw.config result (ok or not; nil when a target was given)
--   error:  set when params.target does not parse (the discovered target is used instead)
function M.target(params)
  params = params or {}
  local result = { host = "127.0.0.1", tls = false }
  if type(params.target) == "string" and params.target ~= "" then
    local parsed, err = M.parse_url(params.target)
    if parsed then
      result.host, result.port, result.tls, result.source = parsed.host, parsed.port, parsed.tls, "param"
      return with_urls(result)
    end
    result.error = err
  end

  local config, config_err = openclaw.config({ profile = params.profile })
  if type(config) ~= "table" then
    config = { ok = false, error = "unreadable", message = tostring(config_err) }
  end
  result.config = config

  local remote_url = M.get(config, "gateway.remote.url")
  if M.get(config, "gateway.mode.value") == "remote" and type(remote_url) == "string" then
    local parsed = M.parse_url(remote_url)
    if parsed then
      result.host, result.port, result.tls, result.source = parsed.host, parsed.port, parsed.tls, "config:remote"
      return with_urls(result)
    end
  end

  local port = M.get(config, "gateway.port.value")
  local port_source = tostring(M.get(config, "gateway.port.source"))
  if config.ok == true and math.tointeger(port) then
    result.port = math.tointeger(port)
    result.source = port_source:match("^env") and "env" or (port_source == "config" and "config" or "default")
    result.tls = M.get(config, "gateway.tls") == true
  else
    -- No readable config: OpenClaw still honours the environment variable.
    local ok, env_port = pcall(env.get, "OPENCLAW_GATEWAY_PORT")
    env_port = ok and M.port_of(env_port) or nil
    if env_port then
      result.port, result.source = env_port, "env"
    else
      result.port = params.profile == "dev" and M.DEV_PROFILE_PORT or M.DEFAULT_PORT
      result.source = "default"
    end
  end
  return with_urls(result)
end

-- The shared secret a client sends: the `token` param, else what the OpenClaw CLI would send
-- (openclaw.client_token: gateway.auth.* in the config, OPENCLAW_GATEWAY_TOKEN / _PASSWORD, the .env file, then
-- gateway.remote.*). {value (nil when none is set), kind = "token"|"password", source, fingerprint, skipped}.
function M.token(params)
  params = params or {}
  if type(params.token) == "string" and params.token ~= "" then
    return { value = params.token, kind = "token", source = "param" }
  end
  if type(openclaw.client_token) ~= "function" then
    -- A build without openclaw.client_token: the environment variable is the one source left to read.
    local ok, value = pcall(env.get, "OPENCLAW_GATEWAY_TOKEN")
    if ok and type(value) == "string" and value ~= "" then
      return { value = value, kind = "token", source = "env" }
    end
    return { kind = "token", source = "none" }
  end
  local found, err = openclaw.client_token({ profile = params.profile })
  if type(found) ~= "table" then
    return { kind = "token", source = "none", error = tostring(err) }
  end
  if found.set == true and type(found.value) == "string" and found.value ~= "" then
    return {
      value = found.value,
      kind = found.kind == "password" and "password" or "token",
      source = found.source or "unknown",
      fingerprint = found.fingerprint,
    }
  end
  return { kind = "token", source = "none", skipped = found.skipped }
end

-- Options for gateway.connect carrying the secret (token or password) and a timeout.
function M.connect_options(secret, timeout)
  local options = { timeout = timeout or M.TIMEOUT.connect }
  if secret and secret.value then
    options[secret.kind == "password" and "password" or "token"] = secret.value
  end
  return options
end

-- `options` (a gateway.health / gateway.connect options table) with insecure = true when the target is a
-- loopback gateway with TLS: it presents its own self-signed certificate, which no CA here vouches for.
function M.tls_options(target, options)
  options = options or {}
  if type(target) == "table" and target.tls and M.is_loopback(target.host) then
    options.insecure = true
  end
  return options
end

-- Replaces {port}, {host}, {url}, {ws_url} and {config} in a line with the resolved target's values.
function M.format(text, target)
  target = target or {}
  local values = {
    port = tostring(target.port or M.DEFAULT_PORT),
    host = target.host or "127.0.0.1",
    url = target.url or "",
    ws_url = target.ws_url or "",
    config = M.get(target, "config.path") or "~/.openclaw/openclaw.json",
  }
  return (text:gsub("{([%w_]+)}", function(name)
    return values[name]
  end))
end

-- ctx:finding with title, cause and fix lines formatted for the target, and the finding's documentation first
-- in refs.
function M.finding(ctx, target, spec)
  local finding = {}
  for key, value in pairs(spec) do
    finding[key] = value
  end
  finding.fix = {}
  for i, line in ipairs(M.list(spec.fix)) do
    finding.fix[i] = M.format(line, target)
  end
  finding.refs = { M.DOCS .. spec.id }
  for _, ref in ipairs(M.list(spec.refs)) do
    finding.refs[#finding.refs + 1] = ref
  end
  for _, key in ipairs({ "title", "cause" }) do
    if type(finding[key]) == "string" then
      finding[key] = M.format(finding[key], target)
    end
  end
  ctx:finding(finding)
end

-- "pid 1234 (node)" for the processes of a proc.listeners entry, or "an unseen process" (another user's socket)
function M.owner(listener)
  local names = {}
  for _, process in ipairs(M.list(listener and listener.processes)) do
    names[#names + 1] = "pid " .. tostring(process.pid) .. " (" .. tostring(process.comm or "?") .. ")"
  end
  if #names == 0 then
    return "an unseen process (uid " .. tostring(listener and listener.uid or "?") .. ")"
  end
  return table.concat(names, ", ")
end

-- Gateway instances among proc.gateway_processes(): the processes that are not children of another gateway.
function M.instances(processes)
  local instances = {}
  for _, process in ipairs(M.list(processes)) do
    if process.parent_gateway == nil then
      instances[#instances + 1] = process
    end
  end
  return instances
end

-- Does a gateway process serve the install the user's config points at? Its own state dir or config (read from
-- its environment), or our port (whatever its state dir: the config points clients there). A gateway whose
-- environment could not be read (another user's) or that runs in another mount namespace (a container, whose
-- paths are not this host's) cannot be told apart: it counts as ours unless its --profile names another.
local function serves_install(process, port)
  if process.own == true then
    return true
  end
  for _, listening in ipairs(M.list(process.listening)) do
    if math.tointeger(port) and listening.port == math.tointeger(port) then
      return true
    end
  end
  local home = M.list(process.home)
  if home.namespace == "other" then
    return true
  end
  return home.from ~= "environ" and M.get(process, "gateway.profile") == nil
end

-- The gateway processes of this host split by the install they serve (openclaw.gateways; capability proc):
-- {all, own = this install's processes (children included), instances = its instances (oc.instances),
--  others = instances of other state dirs (other profiles), each {pid, state_dir, config_path, profile?, ports,
--  start_time, cmdline}}. Another profile's gateway is context, never a duplicate of this one. `port` is the
-- port the user's config points at. Falls back to proc.gateway_processes() (every gateway ours) when
-- openclaw.gateways is not available.
function M.gateways(params, port)
  local all = M.try(openclaw.gateways, { profile = params and params.profile })
  if type(all) ~= "table" then
    all = M.list(M.try(proc.gateway_processes))
  end
  return M.split_gateways(all, port)
end

-- M.gateways' split of a list of openclaw.gateways entries (pure: the helpers' tests call it).
function M.split_gateways(all, port)
  all = M.list(all)
  local split = { all = all, own = {}, others = {} }
  for _, process in ipairs(all) do
    if serves_install(process, port) then
      split.own[#split.own + 1] = process
    elseif process.parent_gateway == nil then
      local ports = {}
      for _, listening in ipairs(M.list(process.listening)) do
        ports[#ports + 1] = listening.port
      end
      split.others[#split.others + 1] = {
        pid = process.pid,
        state_dir = M.get(process, "home.state_dir"),
        config_path = M.get(process, "home.config_path"),
        profile = M.get(process, "home.profile") or M.get(process, "gateway.profile"),
        ports = ports,
        start_time = process.start_time,
        cmdline = process.cmdline,
      }
    end
  end
  split.instances = M.instances(split.own)
  return split
end

-- "pid 4242 (~/.openclaw-work, port 19011)" for the others of M.gateways: how triage names them as context.
function M.describe_other_gateways(others)
  local names = {}
  for _, other in ipairs(M.list(others)) do
    local ports = {}
    for _, port in ipairs(M.list(other.ports)) do
      ports[#ports + 1] = tostring(port)
    end
    names[#names + 1] = "pid "
      .. tostring(other.pid)
      .. " ("
      .. tostring(other.state_dir or "an unknown state dir")
      .. (#ports > 0 and (", port " .. table.concat(ports, ",")) or ", no port")
      .. ")"
  end
  return table.concat(names, "; ")
end

-- Runs another runbook on the same gateway, token and profile. A runbook that is missing, or that does not
-- declare one of those params, must not end the caller: the failure is logged and nil returned.
function M.run(ctx, id, params)
  local forwarded = {}
  for _, name in ipairs({ "target", "token", "profile" }) do
    if params and params[name] ~= nil and params[name] ~= "" then
      forwarded[name] = params[name]
    end
  end
  for _ = 1, 4 do
    local ok, summary, value = pcall(ctx.run, ctx, id, forwarded)
    if ok then
      return summary, value
    end
    local unknown = tostring(summary):match("unknown param '([%w_]+)'")
    if not unknown or forwarded[unknown] == nil then
      ctx:log("could not run " .. id .. ": " .. tostring(summary))
      return nil
    end
    forwarded[unknown] = nil
  end
  return nil
end

-- A signature as log.scan takes it: without its sample line and the sample's source (test data, not patterns).
local function pattern_of(signature)
  local pattern = {}
  for key, value in pairs(signature) do
    if key ~= "sample" and key ~= "sample_source" then
      pattern[key] = value
    end
  end
  return pattern
end

-- Every entry of the signature table (lib.signatures), ready for log.scan.
function M.signatures()
  local patterns = {}
  for _, signature in ipairs(signatures) do
    patterns[#patterns + 1] = pattern_of(signature)
  end
  return patterns
end

-- The signature table's entries that raise one of the given finding ids.
function M.signatures_for(findings)
  local wanted, patterns = {}, {}
  for _, id in ipairs(findings) do
    wanted[id] = true
  end
  for _, signature in ipairs(signatures) do
    if wanted[signature.finding] then
      patterns[#patterns + 1] = pattern_of(signature)
    end
  end
  return patterns
end

-- The first entry of the signature table (in its order) that matches `text` and raises one of `findings` (all
-- findings when nil), or nil: the one matcher for error text that arrives as a value (an account's lastError,
-- a probe's error) rather than as a log line. Case-insensitive substrings, as log.scan matches them.
function M.match_signature(text, findings)
  if type(text) ~= "string" or text == "" then
    return nil
  end
  local wanted
  if findings then
    wanted = {}
    for _, id in ipairs(findings) do
      wanted[id] = true
    end
  end
  local lower = text:lower()
  for _, signature in ipairs(signatures) do
    if not wanted or wanted[signature.finding] then
      for _, alternative in ipairs(signature.match) do
        local all = true
        for _, part in ipairs(type(alternative) == "table" and alternative or { alternative }) do
          all = all and lower:find(part:lower(), 1, true) ~= nil
        end
        if all then
          return signature
        end
      end
    end
  end
  return nil
end

-- Every signature of lib.signatures that names a channel finding (channel.*).
function M.channel_signatures()
  local patterns = {}
  for _, signature in ipairs(signatures) do
    if type(signature.finding) == "string" and signature.finding:sub(1, 8) == "channel." then
      patterns[#patterns + 1] = pattern_of(signature)
    end
  end
  return patterns
end

-- Log files only this install writes: the config's logging.file and the service's stdout/stderr files in its
-- state dir. The others (/tmp/openclaw/openclaw-<date>.log, its fallback under <tmp>/openclaw-<uid>/) are shared
-- by every gateway on the machine that sets no logging.file, so their lines may be another gateway's.
local OWN_LOG_KINDS = { configured = true, service_stdout = true, service_stderr = true }

-- The mtime of the config file, or nil when it is missing or cannot be read.
function M.config_mtime(path)
  if type(path) ~= "string" then
    return nil
  end
  local stat = M.try(fs.stat, path)
  return type(stat) == "table" and stat.exists == true and tonumber(stat.mtime) or nil
end

-- Does a log line name this gateway: its port (":18789", "port 18789", "--port=18789") or its config path?
local function names_gateway(message, port, config_path)
  local text = tostring(message)
  if math.tointeger(port) and text:find("[:=%s]" .. math.tointeger(port) .. "%f[%D]") then
    return true
  end
  return type(config_path) == "string" and text:find(config_path, 1, true) ~= nil
end

-- Lines that tie the line before them to a gateway: OpenClaw prints `Config write audit: <path>` after each start
-- guard's refusal (PROTOCOL.md, Locks / single instance). Scanned with the caller's patterns; never a finding.
local ATTRIBUTION_PATTERNS = {
  { id = "attribution.config-audit", match = { "config write audit:" }, regex = "Config write audit: (\\S+)" },
}
local ATTRIBUTION_IDS = { ["attribution.config-audit"] = true }
-- A gateway logs its start in its first seconds: a line this close after another install's gateway started (and
-- not after one of this install's) is that gateway's.
local START_WINDOW = 10

-- Does `text` name `path` as a whole path (not ~/.openclaw inside ~/.openclaw-work/...)?
local function names_path(text, path)
  local from = 1
  while true do
    local start, stop = text:find(path, from, true)
    if not start then
      return false
    end
    if not text:sub(stop + 1, stop + 1):match("[%w._-]") then
      return true
    end
    from = start + 1
  end
end

-- Does a log line name another install's gateway (M.gateways others): its port, its pid, its config path or
-- state dir? Only when it does not name this gateway too.
function M.names_other_gateway(message, others)
  local text = tostring(message)
  for _, other in ipairs(M.list(others)) do
    for _, port in ipairs(M.list(other.ports)) do
      if text:find("[:=%s]" .. math.tointeger(port) .. "%f[%D]") then
        return other
      end
    end
    if text:find("pid " .. tostring(other.pid) .. "%f[%D]") then
      return other
    end
    for _, path in ipairs({ other.config_path, other.state_dir }) do
      if type(path) == "string" and path ~= "" and names_path(text, path) then
        return other
      end
    end
  end
  return nil
end

-- The other install whose gateway started just before `time` (within START_WINDOW), when this install's gateway
-- runs and did not start then: a start line of that gateway. With none of this install's running, its failed
-- starts may have come at the same moment (two units started at boot): time then tells nothing.
local function started_other(time, split)
  if type(time) ~= "number" or not split or #M.list(split.instances) == 0 then
    return nil
  end
  local function near(start)
    start = tonumber(start)
    return start ~= nil and time >= start - 1 and time <= start + START_WINDOW
  end
  for _, process in ipairs(M.list(split.instances)) do
    if near(process.start_time) then
      return nil
    end
  end
  for _, other in ipairs(M.list(split.others)) do
    if near(other.start_time) then
      return other
    end
  end
  return nil
end

-- Matches of `patterns` in the gateway's recent logs: the log files OpenClaw writes (openclaw.paths, capability
-- fs) and the journal of its systemd unit in both scopes (capability systemd; last 6 hours). Newest last.
-- Attribution: the own files and the unit's journal count whole. A shared file is skipped when the config sets
-- logging.file (this gateway writes there only); else only its lines at or after the config's mtime, naming
-- this gateway's port (scope.port) or config path, or without a date count: older lines come from an earlier
-- config or another gateway. The config's mtime is read (fs.stat) only when some log matched; without it every
-- line counts. Before those rules, a shared line that belongs to another install's gateway (several profiles on
-- one host: M.gateways, asked only when a shared line matched, or scope.gateways) is dropped: it names that
-- gateway's port, pid, config path or state dir, or the `Config write audit` line after it names another config,
-- or it was logged in the first seconds of that gateway's start.
-- {matches = {{source, time?, time_text, message, finding, severity, pattern, captures}}, sources = {{source,
--  lines?, error?, skipped?, shared?, other_gateways?}}, config_mtime?, attributed? (audit lines read)}
function M.scan_gateway_logs(ctx, params, patterns, scope)
  scope = scope or {}
  local found = { matches = {}, sources = {} }
  patterns =
    table.move(ATTRIBUTION_PATTERNS, 1, #ATTRIBUTION_PATTERNS, #patterns + 1, table.move(patterns, 1, #patterns, 1, {}))
  local scans = {} -- {source, scan, times, shared}, read first: attribution needs the config's mtime
  local paths = openclaw.paths({ profile = params.profile })
  local files = M.list(paths and paths.log_files)
  local own_file = false
  for _, file in ipairs(files) do
    own_file = own_file or (file.kind == "configured" and type(file.path) == "string")
  end
  for _, file in ipairs(files) do
    local shared = not OWN_LOG_KINDS[file.kind]
    if file.exists == true and shared and own_file then
      found.sources[#found.sources + 1] = { source = file.path, skipped = "shared log; the config sets logging.file" }
    elseif file.exists == true then
      scans[#scans + 1] = { source = file.path, scan = log.scan(file.path, patterns, { lines = 400 }), shared = shared }
    end
  end

  local unit = "openclaw-gateway" .. (params.profile and params.profile ~= "" and ("-" .. params.profile) or "")
  -- scope.journal == false: the caller already knows no journal can be read here (systemd.available).
  local journals = scope.journal == false and {}
    or table.pack(ctx:parallel({
      function()
        return M.try(systemd.journal, unit, { scope = "user", lines = 200, since = "-6h", timeout = 1.5 })
      end,
      function()
        return M.try(systemd.journal, unit, { scope = "system", lines = 200, since = "-6h", timeout = 1.5 })
      end,
    }))
  for i, journal_scope in ipairs({ "user", "system" }) do
    local journal = journals[i]
    local entries = type(journal) == "table" and journal.ok == true and M.list(journal.entries) or {}
    if #entries > 0 then
      local lines, times = {}, {}
      for n, entry in ipairs(entries) do
        lines[n] = tostring(entry.message or "")
        times[n] = entry.time
      end
      local source = "journal:" .. journal_scope .. ":" .. unit
      scans[#scans + 1] = { source = source, scan = log.scan(lines, patterns, { lines = #lines }), times = times }
    end
  end

  local matched, shared_matched = false, false
  for _, entry in ipairs(scans) do
    for _, match in ipairs(type(entry.scan) == "table" and M.list(entry.scan.matches) or {}) do
      if not ATTRIBUTION_IDS[match.pattern] then
        matched, shared_matched = true, shared_matched or entry.shared == true
      end
    end
  end
  local config_path = M.get(paths, "config_path")
  found.config_mtime = matched and M.config_mtime(config_path) or nil
  local split = shared_matched and (scope.gateways or M.gateways(params, scope.port)) or nil
  for _, entry in ipairs(scans) do
    local scan = entry.scan
    if type(scan) ~= "table" or scan.ok ~= true then
      found.sources[#found.sources + 1] = { source = entry.source, error = scan and scan.error or "unreadable" }
    else
      local source = { source = entry.source, lines = scan.lines_scanned, shared = entry.shared or nil }
      local others = 0
      -- The config each start guard's refusal names in its audit line (the next line or the one after).
      local audited = {}
      for _, match in ipairs(M.list(scan.matches)) do
        if ATTRIBUTION_IDS[match.pattern] and math.tointeger(match.line_no) then
          local path = M.list(match.captures)[1]
          for back = 1, 2 do
            audited[match.line_no - back] = audited[match.line_no - back] or path
          end
        end
      end
      for _, match in ipairs(M.list(scan.matches)) do
        match.source = entry.source
        match.time = match.time or (entry.times and entry.times[match.line_no])
        local audit = audited[match.line_no]
        local ours = names_gateway(match.message, scope.port, config_path)
        local foreign = entry.shared
          and not ours
          and (
            (type(audit) == "string" and audit ~= config_path)
            or M.names_other_gateway(match.message, split and split.others)
            or started_other(match.time, split)
          )
        local current = not foreign
          and (
            not entry.shared
            or not found.config_mtime
            or type(match.time) ~= "number" -- an undated line cannot be placed: it counts
            or match.time >= found.config_mtime
            or ours
            or audit == config_path
          )
        if ATTRIBUTION_IDS[match.pattern] then
          -- attribution only, never a match of its own
          found.attributed = (found.attributed or 0) + 1
        elseif current then
          found.matches[#found.matches + 1] = match
        else
          others = others + 1
        end
      end
      source.other_gateways = entry.shared and others or nil
      found.sources[#found.sources + 1] = source
    end
  end
  table.sort(found.matches, function(a, b)
    return (tonumber(a.time) or 0) < (tonumber(b.time) or 0)
  end)
  return found
end

-- Why the current config rules out the start refusal a log line reports (so the line is from an earlier start,
-- since fixed, or from another gateway sharing the log), or nil when the config is consistent with it. For the
-- config-type ids a log signature raises; `match` is a scan_gateway_logs match, `port` this gateway's port.
--   gateway.mode-unset        gateway.mode is local, or remote with gateway.remote.url; or there is no config
--                             at all (the guard runs only on an existing config: another state dir's line)
--   gateway.missing-config    the config file exists
--   gateway.bind-without-auth the config has auth (a token or password, or trusted-proxy), the line names
--                             another port, or the config binds loopback and changed after the line (a line
--                             newer than the config means a service passes --bind itself: still a cause)
--   config.invalid            the config parses and the line is a JSON5 error, or the config changed after it
--                             (a strict-schema error newer than the config still applies)
--   auth.origin-not-allowed   (the start refusal of a non-loopback Control UI) the config binds loopback or lists
--                             gateway.controlUi.allowedOrigins now
function M.config_rules_out(config, id, match, config_mtime, port)
  config = type(config) == "table" and config or {}
  local parsed = config.ok == true
  local time = type(match) == "table" and tonumber(match.time) or nil
  local changed_since = time ~= nil and tonumber(config_mtime) ~= nil and time < config_mtime
  if id == "gateway.missing-config" and (parsed or config.error == "invalid") then
    return "the config " .. tostring(config.path or "file") .. " exists now"
  end
  -- OpenClaw prints the mode guard's refusal only for a config that exists ("Missing config" otherwise): with
  -- none here, the line is another state dir's gateway's (a profile sharing the rolling log).
  if id == "gateway.mode-unset" and config.error == "not_found" then
    return "there is no config at "
      .. tostring(config.path or "this install's path")
      .. ": that start read another "
      .. "state dir's config"
  end
  if not parsed then
    return nil
  end
  if id == "gateway.mode-unset" then
    local mode = M.get(config, "gateway.mode.value")
    if mode == "local" or (mode == "remote" and type(M.get(config, "gateway.remote.url")) == "string") then
      return "gateway.mode is " .. mode .. " now"
    end
  elseif id == "gateway.bind-without-auth" then
    local auth_mode = M.get(config, "gateway.auth.mode.value")
    local secret_set = M.get(config, "gateway.auth.secret.set") == true
    local captures = type(match) == "table" and M.list(match.captures) or {}
    local refused_port = math.tointeger(tonumber(captures[2])) -- start.refusing-to-bind captures host, port
    if auth_mode == "trusted-proxy" or ((auth_mode == "token" or auth_mode == "password") and secret_set) then
      return "the config has auth now (" .. tostring(auth_mode) .. ")"
    elseif refused_port and math.tointeger(port) and refused_port ~= math.tointeger(port) then
      return "the refused port " .. refused_port .. " is not this gateway's (" .. math.tointeger(port) .. ")"
    elseif M.get(config, "gateway.bind.loopback_only") == true and changed_since then
      return "the config binds loopback now and was changed after that line"
    end
  elseif id == "auth.origin-not-allowed" then
    if M.get(config, "gateway.bind.loopback_only") == true then
      return "the config binds loopback now"
    elseif #M.list(M.get(config, "gateway.control_ui.allowed_origins")) > 0 then
      return "the config lists gateway.controlUi.allowedOrigins now"
    end
  elseif id == "config.invalid" then
    local message = tostring(type(match) == "table" and match.message):lower()
    if message:find("json5", 1, true) or message:find("parse", 1, true) then
      return "the config parses now"
    elseif changed_since then
      return "the config was changed after that line"
    end
  end
  return nil
end

-- The set of finding ids in a ctx:run summary (empty for nil).
function M.finding_ids(summary)
  local ids = {}
  for _, finding in ipairs(M.list(summary and summary.findings)) do
    ids[finding.id] = true
  end
  return ids
end

return M
