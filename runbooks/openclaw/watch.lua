-- openclaw.watch: watches a gateway over time and explains the failures that come and go. It holds a session
-- open and records what happens on it (connected, hello-ok, ticks and other events, disconnects with their close
-- code, reason and time since connect, reconnect latency), and every few seconds probes what a session cannot
-- see: /readyz flips, a restart (a new bootId in hello-ok, or a new pid on the port), a token fingerprint that
-- changed in the config or environment, lines of the gateway's log that match a signature (lib.signatures), and the
-- gateway's event-loop delay from its `health` RPC (a `health` left unanswered on an open connection is a hang).
--
-- At a failure (a disconnect, a refused connect, /readyz going false, a hang, a restart) it runs openclaw.triage (or
-- the on_failure runbook) at once and attaches that summary to the event: the evidence is from the failure window.
-- At the end lib.timeline analyses the whole timeline: periodic disconnects (proxy.idle-timeout, with the
-- period), flapping readiness, restart loops, disconnects after a token change, reconnect storms, an event loop
-- that stalled (its delay rising before a hang). It returns ids and measurements; the texts are the catalog's
-- (runbooks/knowledge/watch.lua), raised through lib.knowledge.
--
-- Every clock reading comes from a binding (time.monotonic, session:next's `t`), so a recorded watch replays to
-- the same timeline and findings. Each event is also a log line starting with "watch: ", which `clawbook watch`
-- prints as it happens. The timeline is the report's fact `watch` (every event in the ring, older ones summarised).
local oc = require("lib.openclaw")
local timeline = require("lib.timeline")
local signatures = require("lib.signatures")
local knowledge = require("lib.knowledge")

local MAX_TRIAGES = 5 -- per watch, for failures other than restarts (a storm of them triages once per triage_every)
local MAX_RESTART_TRIAGES = 5 -- a restart always triages (its own budget): each restart has its evidence
local MAX_BACKOFF = 5 -- seconds between reconnect attempts at most
local LOG_MATCHES_PER_PROBE = 20
local RESTART_DEDUP = 30 -- a pid change and a bootId change within this many seconds are one restart (a gateway
-- binds its port seconds before it accepts a handshake, and the watch reconnects with a backoff of up to 5 s)

local HEALTH_TIMEOUT = 2 -- seconds a `health` call on the session may take before it counts as a hang
-- Event-loop delay levels (p99, ms): a loop_delay event is recorded when the level changes, every sample is kept
-- for the analysis (lib.timeline's series).
local LOOP_LEVELS = { { 50, "normal" }, { 250, "elevated" }, { 1000, "high" }, { math.huge, "stalled" } }

-- One line per event, as `clawbook watch` prints it.
local function describe(e)
  local what = e.kind
  if e.kind == "connected" then
    what = "connected"
      .. (e.reconnect_s and (" (reconnect after " .. string.format("%.1f", e.reconnect_s) .. " s)") or "")
      .. (e.latency_ms and string.format(" in %.0f ms", e.latency_ms) or "")
  elseif e.kind == "hello_ok" then
    what = ("hello-ok protocol %s, gateway %s, bootId %s"):format(
      tostring(e.protocol),
      tostring(e.server_version),
      tostring(e.boot_id)
    )
  elseif e.kind == "tick" then
    what = "tick"
  elseif e.kind == "event" then
    what = "event " .. tostring(e.event)
  elseif e.kind == "disconnect" then
    what = ("disconnect %s%s after %.1f s connected"):format(
      tostring(e.close_code),
      (e.close_reason and e.close_reason ~= "") and (' "' .. e.close_reason .. '"') or "",
      e.connected_s or 0
    )
  elseif e.kind == "connect_failed" then
    what = ("connect failed: %s%s"):format(tostring(e.error), e.detail and (" (" .. e.detail .. ")") or "")
  elseif e.kind == "ready" then
    what = "/readyz " .. (e.ready and "ready" or "NOT ready") .. (e.failing and (" failing " .. e.failing) or "")
  elseif e.kind == "restart" then
    what = ("restart seen (%s: %s -> %s)%s"):format(
      e.via,
      tostring(e.from),
      tostring(e.to),
      e.reason and (" reason: " .. e.reason) or ""
    )
  elseif e.kind == "token_change" then
    what = "token fingerprint changed: " .. table.concat(e.sources or {}, ", ")
  elseif e.kind == "log_match" then
    what = ("log: %s: %s"):format(tostring(e.signature), tostring(e.message))
  elseif e.kind == "loop_delay" then
    what = ("event loop %s: delay p99 %s ms, max %s ms%s%s"):format(
      tostring(e.level),
      tostring(e.p99_ms),
      tostring(e.max_ms),
      e.degraded and " (the gateway says degraded)" or "",
      e.hung_s and string.format(", answering again after %.1f s", e.hung_s) or ""
    )
  elseif e.kind == "hang" then
    what = ("no answer to health in %s s on an open connection: the gateway is not answering"):format(
      tostring(e.timeout_s)
    )
  elseif e.kind == "triage" then
    what = ("%s ran: %s"):format(tostring(e.runbook), e.findings_text or "no findings")
  end
  return ("+%.1fs %s"):format(e.t, what)
end

-- "source=fingerprint" pairs of every copy of the token, sorted: compared between probes.
local function token_state(params)
  local ok, sources = pcall(openclaw.token_sources, { profile = params.profile })
  if not ok or type(sources) ~= "table" then
    return nil
  end
  local pairs_seen = {}
  for _, s in ipairs(oc.list(sources.sources)) do
    if s.set and s.fingerprint then
      pairs_seen[#pairs_seen + 1] = tostring(s.source) .. (s.path and (":" .. s.path) or "") .. "=" .. s.fingerprint
    end
  end
  table.sort(pairs_seen)
  return pairs_seen
end

local function changed_sources(before, after)
  local old, out = {}, {}
  for _, p in ipairs(before) do
    old[p] = true
  end
  for _, p in ipairs(after) do
    if not old[p] then
      out[#out + 1] = p:match("^(.-)=") or p
    end
  end
  return out
end

local function now(w)
  return time.monotonic() - w.origin
end

local function record(w, event)
  timeline.add(w.tl, event)
  w.ctx:log("watch: " .. describe(event))
  return event
end

local function on_failure_run(w, event)
  if w.params.on_failure == "none" then
    return
  end
  if event.kind == "restart" then
    if w.restart_triages >= MAX_RESTART_TRIAGES then
      return
    end
    w.restart_triages = w.restart_triages + 1
  else
    if w.triages >= MAX_TRIAGES or event.t - w.last_triage < (w.params.triage_every or 30) then
      return
    end
    w.triages, w.last_triage = w.triages + 1, event.t
  end
  local summary = oc.run(w.ctx, w.on_failure, w.params)
  local ids = {}
  for _, f in ipairs(oc.list(summary and summary.findings)) do
    ids[#ids + 1] = f.id
  end
  event.triage =
    { runbook = w.on_failure, verdict = summary and summary.verdict, findings = summary and summary.findings }
  record(w, {
    t = now(w),
    kind = "triage",
    runbook = w.on_failure,
    for_event = event.n,
    findings_text = #ids > 0 and table.concat(ids, ", ") or nil,
  })
end

local function failure(w, event)
  w.failed = true
  on_failure_run(w, event)
end

-- A restart seen through a new pid on the port or a new bootId in hello-ok. One restart seen both ways (a new pid,
-- then a new bootId at the reconnect) counts once: the second way only adds its ids to the first's event.
local function restart(w, t, via, from, to)
  local ids = via == "bootId" and { previous_boot_id = from, boot_id = to } or { previous_pid = from, pid = to }
  local last = w.last_restart
  if last and not last.paired and last.via ~= via and t - last.t < RESTART_DEDUP then
    last.paired = true
    for k, v in pairs(ids) do
      last.event[k] = v
    end
    return
  end
  local event = { t = t, kind = "restart", via = via, from = from, to = to, reason = w.shutdown_reason }
  for k, v in pairs(ids) do
    event[k] = v
  end
  w.last_restart = { t = t, via = via, event = event }
  w.shutdown_reason = nil
  failure(w, record(w, event))
end

local function connect(w)
  local options = oc.tls_options(w.target, oc.connect_options(w.token, 5))
  options.stream = true
  local r = gateway.connect(w.target.ws_url, options)
  local t = now(w)
  if type(r) == "table" and r.ok then
    w.session, w.connected_at = r, t
    record(w, {
      t = t,
      kind = "connected",
      reconnect_s = w.disconnected_at and (t - w.disconnected_at) or nil,
      latency_ms = oc.get(r, "timings.total_ms"),
    })
    local boot = oc.get(r, "server.bootId")
    record(w, {
      t = t,
      kind = "hello_ok",
      protocol = r.protocol,
      server_version = r.server_version,
      boot_id = boot,
      tick_interval_ms = oc.get(r, "policy.tickIntervalMs"),
    })
    w.tick_interval_ms = oc.get(r, "policy.tickIntervalMs") or w.tick_interval_ms
    if boot and w.boot_id and boot ~= w.boot_id then
      restart(w, t, "bootId", w.boot_id, boot)
    end
    w.boot_id = boot or w.boot_id
  else
    r = type(r) == "table" and r or { error = "error" }
    failure(
      w,
      record(w, {
        t = t,
        kind = "connect_failed",
        error = r.error,
        phase = r.phase,
        close_code = r.close_code,
        detail = r.details_code or r.close_reason or r.message,
      })
    )
    w.next_connect = t + w.backoff
    w.backoff = math.min(w.backoff * 2, MAX_BACKOFF)
  end
end

local function on_session_result(w, ev)
  local t = ev.t - w.origin
  if ev.kind == "event" then
    if ev.event == "shutdown" then
      w.shutdown_reason = oc.get(ev, "payload.reason")
    end
    local event = { t = t, kind = ev.event == "tick" and "tick" or "event", event = ev.event, dropped = ev.dropped }
    if ev.event == "shutdown" then
      event.reason = w.shutdown_reason
    end
    record(w, event)
  elseif ev.kind == "closed" then
    w.session = nil
    w.disconnected_at = t
    if ev.close_code == 1012 or ev.close_code == 1001 then
      w.shutdown_reason = w.shutdown_reason or ev.close_reason
    end
    failure(
      w,
      record(w, {
        t = t,
        kind = "disconnect",
        close_code = ev.close_code,
        close_reason = ev.close_reason,
        close_by = ev.close_by,
        connected_s = (ev.since_connect_ms or 0) / 1000,
      })
    )
    -- A connection that lived a while reconnects at once; one dropped right away backs off.
    if (ev.since_connect_ms or 0) >= 2000 then
      w.backoff = 0.25
      w.next_connect = now(w) + 0.2
    else
      w.next_connect = now(w) + w.backoff
      w.backoff = math.min(w.backoff * 2, MAX_BACKOFF)
    end
  end
end

local function loop_level(p99)
  for _, level in ipairs(LOOP_LEVELS) do
    if p99 < level[1] then
      return level[2]
    end
  end
end

-- The gateway's event loop as its `health` RPC reports it (payload.eventLoop), read on the watch's own session.
-- No answer in HEALTH_TIMEOUT while the connection stays open is a hang (recorded once, until it answers again).
local function sample_event_loop(w)
  if not w.session then
    return
  end
  local r = w.session:call("health", {}, { timeout = HEALTH_TIMEOUT })
  local t = now(w)
  if type(r) ~= "table" then
    return
  end
  if not r.ok then
    if oc.get(r, "error.code") == "timeout" and not w.hung_at then
      w.hung_at = t
      failure(w, record(w, { t = t, kind = "hang", timeout_s = HEALTH_TIMEOUT }))
    end
    return
  end
  local hung_s = w.hung_at and (t - w.hung_at + HEALTH_TIMEOUT) or nil
  w.hung_at = nil
  local loop = oc.get(r, "payload.eventLoop")
  if type(loop) ~= "table" or type(loop.delayP99Ms) ~= "number" then
    return
  end
  local sample = timeline.sample(w.tl, "loop", {
    t = t,
    p99 = loop.delayP99Ms,
    max = type(loop.delayMaxMs) == "number" and loop.delayMaxMs or nil,
    degraded = loop.degraded == true,
    reasons = type(loop.reasons) == "table" and loop.reasons or nil,
  })
  local level = loop_level(math.max(sample.p99, sample.max or 0))
  if level ~= w.loop_level or sample.degraded ~= w.loop_degraded or hung_s then
    w.loop_level, w.loop_degraded = level, sample.degraded
    record(w, {
      t = t,
      kind = "loop_delay",
      level = level,
      p99_ms = sample.p99,
      max_ms = sample.max,
      utilization = loop.utilization,
      degraded = sample.degraded or nil,
      reasons = sample.reasons and #sample.reasons > 0 and sample.reasons or nil,
      hung_s = hung_s,
    })
  end
end

local function probe(w, t)
  sample_event_loop(w)
  local health = gateway.health(w.target.url, oc.tls_options(w.target, { timeout = 2 }))
  local ready = type(health) == "table" and health.ready == true
  if ready ~= w.ready then
    local failing = type(health) == "table" and type(health.failing) == "table" and table.concat(health.failing, ",")
    local event = record(w, { t = now(w), kind = "ready", ready = ready, failing = failing ~= "" and failing or nil })
    if w.ready == true and not ready then
      failure(w, event)
    end
    -- Ready again while disconnected (a restarted gateway): reconnect now, not at the end of the backoff.
    if ready and w.ready ~= nil and not w.session then
      w.next_connect, w.backoff = now(w), 0.25
    end
    w.ready = ready
  end
  if w.local_target then
    local listeners = proc.listeners({ port = w.target.port })
    local pid = oc.get(oc.list(listeners)[1], "processes") and oc.list(listeners)[1].processes[1]
    pid = pid and pid.pid
    if pid and w.pid and pid ~= w.pid then
      restart(w, now(w), "pid", w.pid, pid)
    end
    w.pid = pid or w.pid
    local tokens = token_state(w.params)
    if tokens and w.tokens and table.concat(tokens, " ") ~= table.concat(w.tokens, " ") then
      record(w, { t = now(w), kind = "token_change", sources = changed_sources(w.tokens, tokens) })
    end
    w.tokens = tokens or w.tokens
  end
  if type(w.params.log) == "string" and w.params.log ~= "" then
    local follow = log.follow(w.params.log, { offset = w.log_offset, inode = w.log_inode })
    if type(follow) == "table" and follow.ok then
      w.log_offset, w.log_inode = follow.offset, follow.inode
      if #follow.lines > 0 then
        local seen = log.scan(follow.lines, signatures, { max_matches = LOG_MATCHES_PER_PROBE })
        for _, m in ipairs(oc.list(seen and seen.matches)) do
          record(w, { t = now(w), kind = "log_match", signature = m.pattern, finding = m.finding, message = m.message })
        end
      end
    end
  end
  w.next_probe = t + w.probe_every
end

-- The watch itself: one loop multiplexing the session's events and the periodic probes.
local function watch(ctx, params, target, token, step)
  local duration = timeline.parse_duration(params.duration)
  local probe_every = params.probe_every or 5
  local on_failure = params.on_failure or "openclaw.triage"
  local tl = timeline.new(params.max_events or 1000)
  local local_target = oc.is_loopback(target.host)
  local origin = time.monotonic()
  local started_at = time.now()
  local w = {
    ctx = ctx,
    params = params,
    target = target,
    token = token,
    tl = tl,
    origin = origin,
    local_target = local_target,
    on_failure = on_failure,
    probe_every = probe_every,
    session = nil,
    next_connect = 0,
    backoff = 0.25,
    next_probe = 0,
    triages = 0,
    restart_triages = 0,
    last_triage = -math.huge,
    failed = false,
  }
  while true do
    local t = now(w)
    if t >= duration or (params.until_failure and w.failed) or time.stop_requested() then
      w.stopped = t < duration and not (params.until_failure and w.failed)
      break
    end
    if not w.session and t >= w.next_connect then
      connect(w)
    end
    t = now(w)
    if t >= w.next_probe then
      probe(w, t)
      t = now(w)
    end
    local wake = math.min(w.next_probe, duration)
    if not w.session then
      wake = math.min(wake, w.next_connect)
    end
    local wait = math.max(0.01, wake - t)
    if w.session then
      on_session_result(w, w.session:next({ timeout = wait }))
    else
      time.sleep(wait)
    end
  end
  if w.session then
    w.session:close({ timeout = 1 })
  end
  step:evidence("events", tl.total):evidence("counts", tl.counts)
  local elapsed = now(w)
  step:pass(("%d events in %.0f s%s"):format(tl.total, elapsed, w.stopped and " (stopped by the user)" or ""))
  return tl,
    { started_at = started_at, duration_s = elapsed, stopped = w.stopped, tick_interval_ms = w.tick_interval_ms }
end

return {
  id = "openclaw.watch",
  version = "1.0.0",
  engine = "^1",
  title = "Watch a gateway over time and explain the failures that come and go",
  summary = "Holds a session open and probes the gateway every few seconds for the given duration: disconnects "
    .. "with their close code and time since connect, reconnect latency, /readyz flips, restarts (new bootId or "
    .. "pid), token fingerprint changes, log lines matching a known signature, the event-loop delay from `health`. "
    .. "Runs openclaw.triage at each failure, then names the pattern: periodic disconnects (proxy idle timeout), "
    .. "flapping readiness, restart loops, disconnects after a token change, reconnect storms, event-loop stalls.",
  symptoms = {
    "disconnects every few minutes",
    "intermittent success, bulk failure",
    "gateway closed (1006) every 60 seconds",
    "disconnected (4008) idle timeout",
    "gateway keeps restarting",
    "works for a while then fails",
    "gateway hangs / stops answering",
  },
  tags = { "openclaw", "watch", "intermittent", "timeline", "proxy" },
  capabilities = { "net", "fs", "env", "proc" },
  findings = {
    "proxy.idle-timeout",
    "gateway.readiness-flapping",
    "gateway.restart-loop",
    "auth.token-drift",
    "gateway.reconnect-storm",
    "gateway.event-loop-stall",
  },
  params = oc.with_standard_params({
    duration = {
      type = "string",
      default = "60s",
      description = "How long to watch: seconds (90), or with a unit (90s, 10m, 1h).",
    },
    probe_every = {
      type = "number",
      default = 5,
      description = "Seconds between probes (/readyz, health's event loop, pid, token, log).",
    },
    log = { type = "string", description = "A gateway log file to follow for known signatures." },
    until_failure = { type = "boolean", default = false, description = "Stop at the first failure." },
    on_failure = {
      type = "string",
      default = "openclaw.triage",
      description = 'Runbook run at a failure, its summary attached to the event ("none": no runbook).',
    },
    triage_every = {
      type = "number",
      default = 30,
      description = "Seconds between two triages at most (a storm of failures triages once); each restart triages.",
    },
    max_events = {
      type = "integer",
      default = 1000,
      description = "Events kept in full (a ring); older ones are counted in the summary.",
    },
  }),

  run = function(ctx, params)
    if not timeline.parse_duration(params.duration) then
      error(
        "param duration: expected seconds (90) or a number with s, m or h (90s, 10m), got " .. tostring(params.duration)
      )
    end
    local target, token = ctx:step("Resolve the gateway and the token", function(step)
      local t, tok = oc.target(params), oc.token(params)
      step:evidence("url", t.ws_url):evidence("source", t.source)
      step:evidence("secret", { kind = tok.kind, source = tok.source, fingerprint = tok.fingerprint })
      return t, tok
    end)
    local tl, meta = ctx:step(
      ("Watch %s for %s"):format(tostring(target.ws_url), tostring(params.duration)),
      function(step)
        return watch(ctx, params, target, token, step)
      end
    )
    if not tl then
      return
    end
    ctx:step("Analyse the timeline", function(step)
      local tick = meta.tick_interval_ms and meta.tick_interval_ms / 1000 or nil
      local found = timeline.analyse(tl, { tick_interval_s = tick, end_s = meta.duration_s })
      local titles = {}
      for i, f in ipairs(found) do
        local spec = knowledge.spec(f.id, {
          variant = f.variant,
          vars = f.vars,
          confidence = f.confidence,
          evidence = f.evidence,
        })
        titles[i] = spec.title
        oc.finding(ctx, target, spec)
      end
      ctx:fact("watch", {
        target = target.ws_url,
        started_at = meta.started_at,
        duration_s = meta.duration_s,
        stopped = meta.stopped,
        total = tl.total,
        kept = math.min(tl.total, tl.capacity),
        counts = tl.counts,
        evicted = tl.summary,
        events = timeline.events(tl),
        patterns = (function()
          local ids = {}
          for i, f in ipairs(found) do
            ids[i] = { id = f.id, title = titles[i], events = f.evidence.events }
          end
          return ids
        end)(),
      })
      if #found == 0 then
        step:pass("no recurring pattern in " .. tl.total .. " events")
      else
        step:fail(#found .. " pattern(s) found")
      end
    end)
  end,
}
