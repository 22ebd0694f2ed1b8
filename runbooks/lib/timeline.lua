-- The timeline of a watch (openclaw.watch): events in a bounded ring, older ones summarised, and the analysis
-- that turns the whole timeline into findings. Plain functions of their arguments: no clock, no binding, so a
-- replayed watch analyses to the same findings.
--
--   local timeline = require("lib.timeline")
--   local tl = timeline.new(1000)                      -- ring capacity
--   timeline.add(tl, { t = 12.5, kind = "disconnect", close_code = 1006, connected_s = 60.1 })
--   timeline.sample(tl, "loop", { t = 13, p99 = 1.2 })  -- a measurement for the analysis only (no event)
--   local patterns = timeline.analyse(tl)              -- {{id, variant, confidence, vars, evidence}}
--
-- The analysis names each pattern by its catalog id (runbooks/knowledge/watch.lua holds the texts) and returns
-- what it measured: `vars` fill the catalog's placeholders, `evidence` names the events that show it.
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
  hang = { "timeout_s" },
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

-- Records a measurement that is not an event (an event-loop delay read at a probe) in the series `kind`, for the
-- analysis: at most SERIES_CAP kept, the latest.
function M.sample(tl, kind, entry)
  local series = tl.series[kind] or {}
  tl.series[kind] = series
  series[#series + 1] = entry
  if #series > SERIES_CAP then
    table.remove(series, 1)
  end
  return entry
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

-- `x` rounded for a sentence: 60 rather than 60.0, 1.5 stays 1.5.
local function shown(x, places)
  local r = round(x, places)
  return math.tointeger(r) or r
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
    confidence = #near >= 4 and 0.9 or 0.75,
    vars = {
      period = shown(period),
      near = #near,
      lived = #lived,
      likely = likely ~= nil,
      likely_what = likely,
      tick_note = tick ~= nil,
      tick = tick and shown(tick),
    },
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
  local failing, seen = {}, {}
  for _, r in ipairs(flips) do
    local event = M.event(tl, r.n)
    for name in tostring(event and event.failing or ""):gmatch("[^,]+") do
      if not seen[name] then
        seen[name] = true
        failing[#failing + 1] = name
      end
    end
  end
  out[#out + 1] = {
    id = "gateway.readiness-flapping",
    confidence = 0.8,
    vars = { flips = #flips, failing_note = #failing > 0, failing = table.concat(failing, ", ") },
    evidence = { flips = #flips, failing = failing, events = refs(flips) },
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
    confidence = #restarts >= 3 and 0.9 or 0.7,
    vars = {
      restarts = #restarts,
      span = shown(span),
      reasons_note = #reasons > 0,
      reasons = table.concat(reasons, "; "),
    },
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
  local changes = #(tl.series.token_change or {})
  out[#out + 1] = {
    id = "auth.token-drift",
    variant = "watch",
    confidence = 0.8,
    vars = { changes = changes, failures = #hits },
    evidence = { failures = #hits, token_changes = changes, events = refs(hits) },
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
  local window_attempts = {}
  for i = first, last do
    window_attempts[#window_attempts + 1] = attempts[i]
  end
  out[#out + 1] = {
    id = "gateway.reconnect-storm",
    confidence = 0.75,
    vars = { attempts = best, window = window },
    evidence = { attempts = best, window_s = window, events = refs(window_attempts) },
  }
end

-- The gateway's own event-loop delay (the `health` RPC's eventLoop block, sampled at each probe) and the hangs the
-- watch saw (a `health` call unanswered on an open connection). A hang is a stall: named with the delay's rise
-- before it when the samples show one, and the delay the gateway reported once it answered again. Without a hang,
-- a delay of a second or more (or the gateway calling its loop degraded) in two samples or more is a slow loop.
local RISE_MIN_MS = 50 -- a p99 below this is a loop at work, not rising toward a stall
local SLOW_LOOP_MS = 1000

local function event_loop_stall(tl, out, opts)
  local samples, hangs = tl.series.loop or {}, tl.series.hang or {}
  if #hangs > 0 then
    local hang = hangs[1]
    local low, last, after_max, recovered
    for _, s in ipairs(samples) do
      if s.t < hang.t and s.p99 then
        low = math.min(low or s.p99, s.p99)
        last = s.p99
      elseif s.t > hang.t then
        recovered = recovered or s.t
        if s.max then
          after_max = math.max(after_max or 0, s.max)
        end
      end
    end
    local rose = last ~= nil and last >= RISE_MIN_MS and last >= 2 * low
    local until_t = recovered or opts.end_s or hang.t
    local hang_s = shown(until_t - hang.t + (hang.timeout_s or 0))
    local before = {}
    for _, s in ipairs(samples) do
      if s.t < hang.t and s.p99 then
        before[#before + 1] = { t = round(s.t, 2), p99_ms = s.p99, max_ms = s.max }
      end
    end
    while #before > 10 do
      table.remove(before, 1)
    end
    out[#out + 1] = {
      id = "gateway.event-loop-stall",
      confidence = rose and 0.85 or 0.7,
      vars = {
        hang = hang_s,
        timeout = hang.timeout_s,
        rise_note = rose,
        from_ms = low and shown(low),
        to_ms = last and shown(last),
        after_note = after_max ~= nil,
        after_max_ms = after_max and shown(after_max),
      },
      evidence = {
        hangs = #hangs,
        hang_s = hang_s,
        recovered = recovered ~= nil,
        delay_before = before,
        delay_max_after_ms = after_max,
        events = refs(hangs),
      },
    }
    return
  end
  -- One slow sample is not a slow loop: a gateway that has just started reports itself degraded for a moment
  -- (the real 2026.9.6: p99 320 ms, degraded, in its first second).
  local worst, p99, reasons, seen, slow = nil, nil, {}, {}, 0
  for _, s in ipairs(samples) do
    if s.degraded or (s.max and s.max >= SLOW_LOOP_MS) then
      slow = slow + 1
      worst = math.max(worst or 0, s.max or 0)
      p99 = math.max(p99 or 0, s.p99 or 0)
      for _, reason in ipairs(s.reasons or {}) do
        if not seen[reason] then
          seen[reason] = true
          reasons[#reasons + 1] = tostring(reason)
        end
      end
    end
  end
  if slow < 2 then
    return
  end
  out[#out + 1] = {
    id = "gateway.event-loop-stall",
    variant = "degraded",
    confidence = 0.6,
    vars = {
      to_ms = shown(worst),
      p99_ms = shown(p99),
      reasons = #reasons > 0 and ("; the gateway says: " .. table.concat(reasons, ", ")) or "",
    },
    evidence = { delay_max_ms = worst, delay_p99_ms = p99, reasons = reasons, slow_samples = slow, samples = #samples },
  }
end

-- The patterns the whole timeline supports, as {id, variant?, confidence, vars, evidence}: the watch raises each by
-- its catalog id. opts: {min_periodic, min_restarts, tick_interval_s, storm_window_s, storm_attempts, end_s (when the
-- watch ended, seconds since its start)}.
function M.analyse(tl, opts)
  opts = opts or {}
  local out = {}
  idle_timeout(tl, out, opts)
  flapping(tl, out)
  restart_loop(tl, out, opts)
  token_drift(tl, out)
  reconnect_storm(tl, out, opts)
  event_loop_stall(tl, out, opts)
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
