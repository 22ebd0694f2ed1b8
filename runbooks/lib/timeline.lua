-- The timeline of a watch (openclaw.watch): events in a bounded ring, older ones summarised, and the analysis
-- that turns the whole timeline into findings. Plain functions of their arguments: no clock, no binding, so a
-- replayed watch analyses to the same findings.
--
--   local timeline = require("lib.timeline")
--   local tl = timeline.new(1000)                      -- ring capacity
--   timeline.add(tl, { t = 12.5, kind = "disconnect", close_code = 1006, connected_s = 60.1 })
--   local patterns = timeline.analyse(tl)              -- {{id, severity, confidence, title, cause, evidence}}
--
-- Memory stays bounded over hours: the ring keeps the last `capacity` events; evicted ones only count in
-- `summary` (per kind: count, first and last time). The analysis reads compact series kept per kind (times and
-- a few numbers, each capped at SERIES_CAP), so it sees the whole watch even when the ring has turned over.
local M = {}

local SERIES_CAP = 500
-- Kinds whose times the analysis needs, with the fields it reads.
local SERIES = {
  disconnect = { "connected_s", "close_code" },
  connect_failed = {},
  connected = { "reconnect_s" },
  ready = { "ready" },
  restart = {},
  token_change = {},
  log_match = {},
}

-- Proxies' idle timeouts users meet most (seconds), to name the likely one in a finding.
M.KNOWN_TIMEOUTS = {
  { seconds = 60, what = "nginx proxy_read_timeout / Apache ProxyTimeout default (60 s)" },
  { seconds = 100, what = "Cloudflare's idle WebSocket timeout (100 s)" },
  { seconds = 350, what = "AWS NAT gateway idle timeout (350 s)" },
  { seconds = 30, what = "a 30 s load-balancer idle timeout" },
  { seconds = 3600, what = "a one-hour idle timeout" },
}

function M.new(capacity)
  return { capacity = capacity or 1000, ring = {}, total = 0, summary = {}, series = {}, counts = {} }
end

-- Records one event ({t = seconds since the watch started, kind = ..., ...}). Returns the event.
function M.add(tl, event)
  tl.total = tl.total + 1
  event.n = tl.total
  tl.counts[event.kind] = (tl.counts[event.kind] or 0) + 1
  local slot = (tl.total - 1) % tl.capacity + 1
  local old = tl.ring[slot]
  if old then
    local s = tl.summary[old.kind] or { count = 0, first_t = old.t }
    s.count = s.count + 1
    s.last_t = old.t
    tl.summary[old.kind] = s
  end
  tl.ring[slot] = event
  local fields = SERIES[event.kind]
  if fields then
    local series = tl.series[event.kind] or {}
    tl.series[event.kind] = series
    local entry = { t = event.t, n = event.n }
    for _, field in ipairs(fields) do
      entry[field] = event[field]
    end
    series[#series + 1] = entry
    if #series > SERIES_CAP then
      table.remove(series, 1)
    end
  end
  return event
end

-- The events still in the ring, oldest first.
function M.events(tl)
  local out = {}
  local first = math.max(1, tl.total - tl.capacity + 1)
  for n = first, tl.total do
    out[#out + 1] = tl.ring[(n - 1) % tl.capacity + 1]
  end
  return out
end

-- The ring's copy of event number n (nil once evicted).
function M.event(tl, n)
  local event = tl.ring[(n - 1) % tl.capacity + 1]
  return event and event.n == n and event or nil
end

local function median(values)
  local sorted = {}
  for i, v in ipairs(values) do
    sorted[i] = v
  end
  table.sort(sorted)
  local mid = #sorted // 2
  if #sorted % 2 == 1 then
    return sorted[mid + 1]
  end
  return (sorted[mid] + sorted[mid + 1]) / 2
end

local function round(x, places)
  local f = 10 ^ (places or 1)
  return math.floor(x * f + 0.5) / f
end

-- Event numbers of a series, at most `limit` (the latest), for a finding's evidence.
local function refs(series, limit)
  local out = {}
  for i = math.max(1, #series - (limit or 10) + 1), #series do
    out[#out + 1] = series[i].n
  end
  return out
end

-- True when `t` falls within `window` seconds after any time in `series` (before it).
local function follows(series, t, window)
  for _, entry in ipairs(series or {}) do
    if entry.t <= t and t - entry.t <= window then
      return entry
    end
  end
  return nil
end

-- Disconnects whose connection lived about the same time each: an idle timeout between client and gateway.
-- Needs 3 such disconnects (2 when the watch ended after them) not explained by a restart or a token change.
local function idle_timeout(tl, out, opts)
  local lived, picked = {}, {}
  for _, d in ipairs(tl.series.disconnect or {}) do
    local explained = follows(tl.series.restart, d.t + 5, 10) or follows(tl.series.token_change, d.t, 120)
    -- Under a second is a refusal, not an idle timeout (reconnect storms cover those).
    if d.connected_s and d.connected_s >= 1 and not explained and d.close_code ~= 4001 and d.close_code ~= 1012 then
      lived[#lived + 1] = d.connected_s
      picked[#picked + 1] = d
    end
  end
  if #lived < (opts.min_periodic or 3) then
    return
  end
  local period = median(lived)
  local near = {}
  for i, v in ipairs(lived) do
    if math.abs(v - period) <= math.max(1, period * 0.15) then
      near[#near + 1] = picked[i]
    end
  end
  if #near < (opts.min_periodic or 3) or #near < #lived * 0.6 then
    return
  end
  local likely
  for _, known in ipairs(M.KNOWN_TIMEOUTS) do
    if math.abs(known.seconds - period) <= known.seconds * 0.1 then
      likely = known.what
      break
    end
  end
  local codes = {}
  for _, d in ipairs(near) do
    codes[tostring(d.close_code)] = (codes[tostring(d.close_code)] or 0) + 1
  end
  local tick = opts.tick_interval_s
  out[#out + 1] = {
    id = "proxy.idle-timeout",
    severity = "high",
    confidence = #near >= 4 and 0.9 or 0.75,
    title = ("The connection drops every %s s: an idle timeout between the client and the gateway"):format(
      round(period)
    ),
    cause = (
      "%d of %d disconnects came %s s (±15%%) after their connect%s. A connection cut after a fixed time "
      .. "is a proxy, load balancer or NAT closing it as idle%s."
    ):format(
      #near,
      #lived,
      round(period),
      likely and (" — close to " .. likely) or "",
      tick and (": the gateway's tick (every " .. round(tick) .. " s) is its only keepalive") or ""
    ),
    evidence = { period_s = round(period, 2), disconnects = #near, close_codes = codes, events = refs(near) },
  }
end

-- /readyz going back and forth.
local function flapping(tl, out)
  local flips = {}
  local last
  for _, r in ipairs(tl.series.ready or {}) do
    if last ~= nil and r.ready ~= last then
      flips[#flips + 1] = r
    end
    last = r.ready
  end
  if #flips < 3 then
    return
  end
  out[#out + 1] = {
    id = "gateway.readiness-flapping",
    severity = "medium",
    confidence = 0.8,
    title = ("/readyz flipped %d times during the watch"):format(#flips),
    cause = "The gateway went from ready to not ready and back repeatedly: a channel that keeps failing and "
      .. "recovering, or an event loop that stalls under load (readiness is cached for 1 s).",
    evidence = { flips = #flips, events = refs(flips) },
  }
end

-- The gateway restarted more than once (a new bootId or pid each time).
local function restart_loop(tl, out, opts)
  local restarts = tl.series.restart or {}
  if #restarts < (opts.min_restarts or 2) then
    return
  end
  local reasons = {}
  for _, r in ipairs(restarts) do
    local event = M.event(tl, r.n)
    if event and event.reason then
      reasons[#reasons + 1] = event.reason
    end
  end
  local span = restarts[#restarts].t - restarts[1].t
  out[#out + 1] = {
    id = "gateway.restart-loop",
    severity = "high",
    confidence = #restarts >= 3 and 0.9 or 0.7,
    title = ("The gateway restarted %d times in %s s"):format(#restarts, round(span)),
    cause = "Each restart came with a new bootId (or pid): a supervisor (systemd Restart=, Docker restart policy) "
      .. "keeps restarting a gateway that exits or is killed.",
    evidence = { restarts = #restarts, span_s = round(span, 2), exit_reasons = reasons, events = refs(restarts) },
  }
end

-- Disconnects or refused connects shortly after a token fingerprint changed.
local function token_drift(tl, out)
  local hits = {}
  for _, kind in ipairs({ "disconnect", "connect_failed" }) do
    for _, e in ipairs(tl.series[kind] or {}) do
      if follows(tl.series.token_change, e.t, 120) or e.close_code == 4001 then
        hits[#hits + 1] = e
      end
    end
  end
  if #hits == 0 then
    return
  end
  table.sort(hits, function(a, b)
    return a.n < b.n
  end)
  out[#out + 1] = {
    id = "auth.token-drift",
    severity = "high",
    confidence = 0.8,
    title = "The connection failed after the token changed",
    cause = "A token fingerprint in the config or environment changed during the watch and the connection broke "
      .. 'within two minutes (or the gateway closed with 4001 "gateway auth changed"): the token was rotated on one '
      .. "side only.",
    evidence = { failures = #hits, token_changes = #(tl.series.token_change or {}), events = refs(hits) },
  }
end

-- Many reconnects in a short window.
local function reconnect_storm(tl, out, opts)
  local attempts = {}
  for _, kind in ipairs({ "connected", "connect_failed" }) do
    for _, e in ipairs(tl.series[kind] or {}) do
      attempts[#attempts + 1] = e
    end
  end
  table.sort(attempts, function(a, b)
    return a.t < b.t
  end)
  local window, limit = opts.storm_window_s or 60, opts.storm_attempts or 6
  local best, first, last = 0, nil, nil
  local lo = 1
  for hi = 1, #attempts do
    while attempts[hi].t - attempts[lo].t > window do
      lo = lo + 1
    end
    if hi - lo + 1 > best then
      best, first, last = hi - lo + 1, lo, hi
    end
  end
  if best < limit then
    return
  end
  local shown = {}
  for i = first, last do
    shown[#shown + 1] = attempts[i]
  end
  out[#out + 1] = {
    id = "gateway.reconnect-storm",
    severity = "medium",
    confidence = 0.75,
    title = ("%d connection attempts within %d s"):format(best, window),
    cause = "The client reconnected again and again in a short window: each connection was refused or dropped "
      .. "right after it opened. Clients that reconnect without backoff load a gateway that is already failing.",
    evidence = { attempts = best, window_s = window, events = refs(shown) },
  }
end

-- The findings the whole timeline supports, strongest first. opts: {min_periodic, min_restarts, tick_interval_s,
-- storm_window_s, storm_attempts}.
function M.analyse(tl, opts)
  opts = opts or {}
  local out = {}
  idle_timeout(tl, out, opts)
  flapping(tl, out)
  restart_loop(tl, out, opts)
  token_drift(tl, out)
  reconnect_storm(tl, out, opts)
  return out
end

-- "90" / "90s" -> 90, "10m" -> 600, "1h" -> 3600, "1.5m" -> 90; nil for anything else.
function M.parse_duration(text)
  if type(text) == "number" then
    return text > 0 and text or nil
  end
  if type(text) ~= "string" then
    return nil
  end
  local number, unit = text:match("^%s*(%d+%.?%d*)%s*([smh]?)%s*$")
  number = tonumber(number)
  if not number or number <= 0 then
    return nil
  end
  return number * ({ [""] = 1, s = 1, m = 60, h = 3600 })[unit]
end

return M
