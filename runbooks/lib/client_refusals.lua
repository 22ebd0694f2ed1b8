-- What the gateway recorded about OTHER clients: a healthy gateway is not a healthy system. Triage's own probe
-- succeeds with good credentials; the user's dashboard, CLI or third-party panel may still be refused. This reads
-- the gateway's log since its start (else the last hours: lib.openclaw's scan_gateway_logs, the one signature
-- table) and the pending pairing requests and paired devices of its state dir, and groups each refusal by finding
-- and client (device id, client id, origin, remote address) with its count and last time. Capabilities fs and
-- systemd (the journal).
--
--   local refusals = require("lib.client_refusals")
--   local found = refusals.read(ctx, params, { port = 18789, since = start_time, config_ok = true })
--   refusals.raise(ctx, target, found)     -- one finding per refusal group, severity medium
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local auth_findings = require("lib.auth_findings")
local model_routes = require("lib.model_routes")

local M = {}

-- The refusals worth naming: what a client suffers, by finding id (the signature table's ids).
M.FINDINGS = {
  "auth.token-mismatch",
  "auth.token-missing",
  "auth.device-token-mismatch",
  "auth.pairing-required",
  "auth.device-identity-required",
  "auth.origin-not-allowed",
  "auth.rate-limited",
  "scope.missing-operator-read",
  "scope.missing",
  "protocol.mismatch",
  "proxy.untrusted-forwarded-headers",
  "ws.handshake-timeout",
  "ws.abnormal-close",
}
-- What the gateway logged about its own work that no probe of ours sees (issue 22's new ids): a provider without
-- a key or that it could not reach, a channel whose provider refuses it or whose replies are suppressed. Grouped by
-- finding and channel.
M.RECORDS = {
  "model.credentials-missing",
  "model.backend-unreachable",
  "channel.poll-conflict",
  "channel.session-conflict",
  "channel.missing-intents",
  "channel.delivery-suppressed",
}
local IS_RECORD = {}
for _, id in ipairs(M.RECORDS) do
  IS_RECORD[id] = true
end

-- Signature entries of those ids that are not another client's refusal: the close line that follows a refusal
-- (its reason is on the refusal's own line) and client-side text (the CLI's "gateway closed (1000)").
-- The generic abnormal-close entry matches client-side text too: only the gateway's webchat line
-- (ws.webchat-abnormal-close) is another client's drop.
local SKIPPED_SIGNATURES =
  { ["ws.closed-before-connect"] = true, ["ws.closed-1000-no-reason"] = true, ["ws.abnormal-close"] = true }
-- Findings named only when they repeat: one dropped browser socket is a closed laptop lid, not a cause.
local MIN_COUNT = { ["ws.abnormal-close"] = 2 }
local WINDOW_SECONDS = 6 * 3600 -- without a known start: the last hours
local MAX_GROUPS = 8 -- refusal groups named at most
-- clawbook's own probes identify as client version "clawbook-<version>" (lib.gateway_logs does the same).
local OWN_CLIENT = "clawbook-"

local function field(message, name)
  local value = message:match("%f[%w]" .. name .. "=([^%s,;]+)")
  if value == nil or value == "" or value == "n/a" or value == "undefined" or value == "-" then
    return nil
  end
  return value
end

-- Who a log line is about: {device, client, origin, remote}, each only when the line names it.
function M.client_of(message)
  message = tostring(message)
  local who = {
    device = field(message, "deviceId") or field(message, "device"),
    client = field(message, "client"),
    origin = field(message, "origin"),
    remote = field(message, "remote") or message:match("untrusted address (%S+)"),
  }
  if who.device == "yes" or who.device == "no" then
    who.device = nil
  end
  if who.remote then
    who.remote = who.remote:gsub("[.,;:)]+$", "") -- the end of a sentence ("... address 172.18.0.1.")
  end
  return who
end

-- "device 1a2b…, client openclaw-control-ui, origin http://10.0.0.5:18789, from 10.0.0.5", or "a client the log
-- does not name".
function M.describe(who)
  local parts = {}
  for _, key in ipairs({ "device", "client", "origin", "remote" }) do
    if who[key] then
      parts[#parts + 1] = (key == "remote" and "from" or key) .. " " .. tostring(who[key])
    end
  end
  return #parts > 0 and table.concat(parts, ", ") or "a client the log does not name"
end

local function group_key(id, who)
  return table.concat(
    { id, who.device or "", who.client or "", who.origin or "", who.remote or "", who.channel or "" },
    "|"
  )
end

-- Adds one refusal to `found.groups` (grouped by finding and client).
local function count(found, id, who, at, at_text, line, value, pattern)
  local key = group_key(id, who)
  local group = found.by_key[key]
  if not group then
    group = { finding = id, client = who, count = 0, values = {}, line = line, record = IS_RECORD[id] }
    found.by_key[key] = group
    found.groups[#found.groups + 1] = group
  end
  group.count = group.count + 1
  if at == nil or group.last_time == nil or at >= group.last_time then
    group.last_time, group.last_seen, group.line, group.pattern = at, at_text, line, pattern
  end
  if value and not oc.contains(group.values, value) then
    group.values[#group.values + 1] = value
  end
end

-- The state dir's device files: pending pairing requests (each a refusal: the device waits) and paired devices
-- (names for device ids). pending.json/paired.json are objects keyed by id (or lists).
local function read_devices(found, state_dir, since)
  local pending = fs.json({ path = state_dir .. "/devices/pending.json" })
  local paired = fs.json({ path = state_dir .. "/devices/paired.json" })
  found.paired = 0
  for key, device in pairs(type(paired) == "table" and paired or {}) do
    if type(device) == "table" then
      found.paired = found.paired + 1
      found.names[tostring(device.deviceId or key)] = device.displayName or device.clientId
    end
  end
  for key, request in pairs(type(pending) == "table" and pending or {}) do
    if type(request) == "table" then
      local at = tonumber(request.ts or request.createdAtMs)
      at = at and at / 1000
      if not at or not since or at >= since - WINDOW_SECONDS then
        local who = {
          device = request.deviceId,
          client = request.clientId or request.displayName,
          remote = request.remoteIp,
        }
        local request_id = tostring(request.requestId or key)
        count(
          found,
          "auth.pairing-required",
          who,
          at,
          at and os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(at)),
          "pending pairing request " .. request_id,
          request_id
        )
        found.pending = (found.pending or 0) + 1
      end
    end
  end
end

-- The refusals of other clients: {groups = {{finding, client, count, last_seen, last_time, line, values}},
-- sources, lines_scanned, since, pending, paired}. opts: port (this gateway's), since (its start, epoch seconds),
-- state_dir, strict_shared (drop lines of shared logs that cannot be tied to this gateway: no known start),
-- journal (false: no journal can be read here, skip it), skip (a set of finding ids another runbook reports),
-- gateways (oc.gateways of the caller: other profiles' lines in a shared log are theirs).
function M.read(ctx, params, opts)
  local found = { groups = {}, by_key = {}, names = {}, lines_scanned = 0, state_dir = opts.state_dir }
  local since = tonumber(opts.since) or (time.now() - WINDOW_SECONDS)
  found.since = since
  local patterns = {}
  local ids = {}
  for _, list in ipairs({ M.FINDINGS, M.RECORDS }) do
    for _, id in ipairs(list) do
      ids[#ids + 1] = id
    end
  end
  local skip = opts.skip or {}
  for _, pattern in ipairs(oc.signatures_for(ids)) do
    if not SKIPPED_SIGNATURES[pattern.id] and not skip[pattern.finding] then
      patterns[#patterns + 1] = pattern
    end
  end
  local scan =
    oc.scan_gateway_logs(ctx, params, patterns, { port = opts.port, journal = opts.journal, gateways = opts.gateways })
  local shared = {}
  for _, source in ipairs(oc.list(scan.sources)) do
    found.lines_scanned = found.lines_scanned + (tonumber(source.lines) or 0)
    shared[source.source] = source.shared == true
  end
  found.sources = scan.sources
  for _, match in ipairs(oc.list(scan.matches)) do
    local message = tostring(match.message)
    local at = type(match.time) == "number" and match.time or nil
    local recent = at == nil and not shared[match.source] or (at ~= nil and at >= since)
    local tied = not shared[match.source] or not opts.strict_shared
    if recent and tied and not message:find(OWN_CLIENT, 1, true) then
      local value = oc.list(match.captures)[1]
      local who = IS_RECORD[match.finding] and { channel = tostring(match.subsystem):match("channels/([%w_-]+)") }
        or M.client_of(message)
      count(found, match.finding, who, at, match.time_text, message, value ~= "" and value or nil, match.pattern)
    end
  end
  if type(opts.state_dir) == "string" then
    read_devices(found, opts.state_dir, opts.since)
  end
  local kept = {}
  for _, group in ipairs(found.groups) do
    local name = group.client.device and found.names[group.client.device]
    if name then
      group.client.name = name
    end
    if group.count >= (MIN_COUNT[group.finding] or 1) then
      kept[#kept + 1] = group
    end
  end
  found.groups = kept
  table.sort(found.groups, function(a, b)
    return (a.last_time or 0) > (b.last_time or 0)
  end)
  found.by_key = nil
  return found
end

-- Catalog variants worded for a log line rather than for our own probe.
local LOG_VARIANTS = { ["scope.missing-operator-read"] = "log", ["proxy.untrusted-forwarded-headers"] = "log" }

-- The finding spec of one refusal group: the catalog's text for its id, the client named in the detail sentence.
local function spec_of(group)
  local evidence = {
    client = group.client,
    count = group.count,
    last_seen = group.last_seen,
    line = group.line,
    values = #group.values > 0 and group.values or nil,
  }
  local spec = auth_findings.spec(group.finding, {
    via = "log",
    request_ids = group.finding == "auth.pairing-required" and group.values or nil,
    origins = group.finding == "auth.origin-not-allowed" and group.client.origin and { group.client.origin } or nil,
    evidence = evidence,
  })
  if not spec then
    local vars = {
      count = group.count,
      last_seen = tostring(group.last_seen or "recently"),
      scope = group.values[1] or "the scope the call needs",
    }
    if group.finding == "scope.missing" then
      local fixes = knowledge.get("scope.missing").scope_fixes
      vars.client, vars.client_named = M.describe(group.client), false -- the title names it below
      vars.scope_fix = knowledge.fill(fixes[vars.scope] or fixes.other, vars)
    end
    spec = knowledge.spec(group.finding, {
      variant = LOG_VARIANTS[group.finding],
      vars = vars,
      confidence = 0.65,
      evidence = evidence,
    })
  end
  local who = M.describe(group.client) .. (group.client.name and (" (" .. group.client.name .. ")") or "")
  local template = knowledge.index.templates.other_client
  spec.cause = (spec.cause and spec.cause .. " " or "")
    .. knowledge.fill(template.detail, { count = group.count, last_seen = tostring(group.last_seen), client = who })
  spec.title = knowledge.fill(template.title, { title = spec.title, client = who })
  spec.severity = "medium" -- another client's failure: likely the one the user reports, not certainly
  return spec
end

-- The finding spec of a gateway record: the catalog's text filled from the log line (no client to name).
local function record_spec(group, state_dir)
  local channel = group.client.channel
  local vars = {
    count = group.count,
    last_seen = tostring(group.last_seen or "recently"),
    log_message = tostring(group.line),
    where = channel and (channel .. " (the gateway's log)") or "A channel (the gateway's log)",
    channel = channel or "<channel>",
    reason = "suppressed by " .. tostring(group.values[1] or "policy"),
  }
  local variant
  if group.finding == "model.credentials-missing" then
    local provider = group.values[1] or "<provider>"
    state_dir = state_dir or "~/.openclaw"
    vars.provider, vars.env_name, vars.shell_only = provider, model_routes.key_name(provider), false
    vars.dotenv, vars.auth_store = state_dir .. "/.env", state_dir .. "/agents/<agent>/agent/auth-profiles.json"
    vars.env_fix = knowledge.fill(knowledge.get("model.credentials-missing").env_fixes.dotenv, vars)
  elseif group.finding == "model.backend-unreachable" then
    variant = "log"
  elseif group.pattern == "channel.delivery-not-configured" then
    variant = "not_configured"
  end
  local spec = knowledge.spec(group.finding, {
    variant = variant,
    vars = vars,
    confidence = 0.65,
    evidence = { channel = channel, count = group.count, last_seen = group.last_seen, line = group.line },
  })
  return spec
end

-- Raises one finding per refusal group (at most MAX_GROUPS, newest first).
function M.raise(ctx, target, found)
  for i, group in ipairs(found.groups) do
    if i > MAX_GROUPS then
      break
    end
    oc.finding(ctx, target, group.record and record_spec(group, found.state_dir) or spec_of(group))
  end
end

return M
