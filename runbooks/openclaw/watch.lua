-- openclaw.watch: watches a gateway over time and explains the failures that come and go. It holds a session
-- open and records what happens on it (connected, hello-ok, ticks and other events, disconnects with their close
-- code, reason and time since connect, reconnect latency), and every few seconds probes what a session cannot
-- see: /readyz flips, a restart (a new bootId in hello-ok, or a new pid on the port), a token fingerprint that
-- changed in the config or environment, and lines of the gateway's log that match a signature (lib.signatures).
--
-- At a failure (a disconnect, a refused connect, /readyz going false, a restart) it runs openclaw.triage (or the
-- on_failure runbook) at once and attaches that summary to the event: the evidence is from the failure window.
-- At the end lib.timeline analyses the whole timeline: periodic disconnects (proxy.idle-timeout, with the
-- period), flapping readiness, restart loops, disconnects after a token change, reconnect storms.
--
-- Every clock reading comes from a binding (time.monotonic, session:next's `t`), so a recorded watch replays to
-- the same timeline and findings. Each event is also a log line starting with "watch: ", which `clawbook watch`
-- prints as it happens. The timeline is the report's fact `watch` (every event in the ring, older ones summarised).
local oc = require("lib.openclaw")
local timeline = require("lib.timeline")
local signatures = require("lib.signatures")

local MAX_TRIAGES = 5
local MAX_BACKOFF = 5 -- seconds between reconnect attempts at most
local LOG_MATCHES_PER_PROBE = 20
local RESTART_DEDUP = 15 -- a pid change and a bootId change within this many seconds are one restart

local FIXES = {
  ["proxy.idle-timeout"] = {
    "nginx, in the location that proxies to {host}:{port}: proxy_read_timeout 3600s; proxy_send_timeout 3600s; "
      .. "then sudo nginx -t && sudo systemctl reload nginx",
    "Apache: ProxyTimeout 3600 (or timeout=3600 on the ProxyPass line); Caddy: raise stream_timeout",
    "clawbook run openclaw.proxy --param proxy_url=URL   # reads the proxy's config for the route",
  },
  ["gateway.readiness-flapping"] = {
    "openclaw channels status --probe",
    "clawbook run openclaw.channels",
  },
  ["gateway.restart-loop"] = {
    "journalctl --user -u openclaw-gateway -n 200 --no-pager   # why it exits",
    "clawbook run openclaw.gateway.start",
  },
  ["auth.token-drift"] = {
    "clawbook run openclaw.auth   # names every copy of the token that disagrees",
  },
  ["gateway.reconnect-storm"] = {
    "clawbook run openclaw.triage",
  },
}

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

-- The watch itself: one loop multiplexing the session's events and the periodic probes.
local function watch(ctx, params, target, token, step)
  local duration = timeline.parse_duration(params.duration)
  local probe_every = params.probe_every or 5
  local on_failure = params.on_failure or "openclaw.triage"
  local tl = timeline.new(params.max_events or 1000)
  local local_target = oc.is_loopback(target.host)
  local origin = time.monotonic()
  local started_at = time.now()
  local s = {
    session = nil,
    next_connect = 0,
    backoff = 0.25,
    next_probe = 0,
    triages = 0,
    last_triage = -math.huge,
    failed = false,
  }
  local function now()
    return time.monotonic() - origin
  end

  local function record(event)
    timeline.add(tl, event)
    ctx:log("watch: " .. describe(event))
    return event
  end

  local function on_failure_run(event)
    if
      params.on_failure == "none"
      or s.triages >= MAX_TRIAGES
      or event.t - s.last_triage < (params.triage_every or 30)
    then
      return
    end
    s.triages, s.last_triage = s.triages + 1, event.t
    local summary = oc.run(ctx, on_failure, params)
    local ids = {}
    for _, f in ipairs(oc.list(summary and summary.findings)) do
      ids[#ids + 1] = f.id
    end
    event.triage =
      { runbook = on_failure, verdict = summary and summary.verdict, findings = summary and summary.findings }
    record({
      t = now(),
      kind = "triage",
      runbook = on_failure,
      for_event = event.n,
      findings_text = #ids > 0 and table.concat(ids, ", ") or nil,
    })
  end

  local function failure(event)
    s.failed = true
    on_failure_run(event)
  end

  local function restart(t, via, from, to)
    -- One restart seen both ways (a new pid, then a new bootId at the reconnect) counts once.
    local last = s.last_restart
    if last and not last.paired and last.via ~= via and t - last.t < RESTART_DEDUP then
      last.paired = true
      return
    end
    s.last_restart = { t = t, via = via }
    failure(record({ t = t, kind = "restart", via = via, from = from, to = to, reason = s.shutdown_reason }))
    s.shutdown_reason = nil
  end

  local function connect()
    local options = oc.tls_options(target, oc.connect_options(token, 5))
    options.stream = true
    local r = gateway.connect(target.ws_url, options)
    local t = now()
    if type(r) == "table" and r.ok then
      s.session, s.connected_at = r, t
      record({
        t = t,
        kind = "connected",
        reconnect_s = s.disconnected_at and (t - s.disconnected_at) or nil,
        latency_ms = oc.get(r, "timings.total_ms"),
      })
      local boot = oc.get(r, "server.bootId")
      record({
        t = t,
        kind = "hello_ok",
        protocol = r.protocol,
        server_version = r.server_version,
        boot_id = boot,
        tick_interval_ms = oc.get(r, "policy.tickIntervalMs"),
      })
      s.tick_interval_ms = oc.get(r, "policy.tickIntervalMs") or s.tick_interval_ms
      if boot and s.boot_id and boot ~= s.boot_id then
        restart(t, "bootId", s.boot_id, boot)
      end
      s.boot_id = boot or s.boot_id
    else
      r = type(r) == "table" and r or { error = "error" }
      failure(record({
        t = t,
        kind = "connect_failed",
        error = r.error,
        phase = r.phase,
        close_code = r.close_code,
        detail = r.details_code or r.close_reason or r.message,
      }))
      s.next_connect = t + s.backoff
      s.backoff = math.min(s.backoff * 2, MAX_BACKOFF)
    end
  end

  local function on_session_result(ev)
    local t = ev.t - origin
    if ev.kind == "event" then
      if ev.event == "shutdown" then
        s.shutdown_reason = oc.get(ev, "payload.reason")
      end
      local event = { t = t, kind = ev.event == "tick" and "tick" or "event", event = ev.event, dropped = ev.dropped }
      if ev.event == "shutdown" then
        event.reason = s.shutdown_reason
      end
      record(event)
    elseif ev.kind == "closed" then
      s.session = nil
      s.disconnected_at = t
      if ev.close_code == 1012 or ev.close_code == 1001 then
        s.shutdown_reason = s.shutdown_reason or ev.close_reason
      end
      failure(record({
        t = t,
        kind = "disconnect",
        close_code = ev.close_code,
        close_reason = ev.close_reason,
        close_by = ev.close_by,
        connected_s = (ev.since_connect_ms or 0) / 1000,
      }))
      -- A connection that lived a while reconnects at once; one dropped right away backs off.
      if (ev.since_connect_ms or 0) >= 2000 then
        s.backoff = 0.25
        s.next_connect = now() + 0.2
      else
        s.next_connect = now() + s.backoff
        s.backoff = math.min(s.backoff * 2, MAX_BACKOFF)
      end
    end
  end

  local function probe(t)
    local health = gateway.health(target.url, oc.tls_options(target, { timeout = 2 }))
    local ready = type(health) == "table" and health.ready == true
    if ready ~= s.ready then
      local failing = type(health) == "table" and type(health.failing) == "table" and table.concat(health.failing, ",")
      local event = record({ t = now(), kind = "ready", ready = ready, failing = failing ~= "" and failing or nil })
      if s.ready == true and not ready then
        failure(event)
      end
      s.ready = ready
    end
    if local_target then
      local listeners = proc.listeners({ port = target.port })
      local pid = oc.get(oc.list(listeners)[1], "processes") and oc.list(listeners)[1].processes[1]
      pid = pid and pid.pid
      if pid and s.pid and pid ~= s.pid then
        restart(now(), "pid", s.pid, pid)
      end
      s.pid = pid or s.pid
      local tokens = token_state(params)
      if tokens and s.tokens and table.concat(tokens, " ") ~= table.concat(s.tokens, " ") then
        record({ t = now(), kind = "token_change", sources = changed_sources(s.tokens, tokens) })
      end
      s.tokens = tokens or s.tokens
    end
    if type(params.log) == "string" and params.log ~= "" then
      local follow = log.follow(params.log, { offset = s.log_offset, inode = s.log_inode })
      if type(follow) == "table" and follow.ok then
        s.log_offset, s.log_inode = follow.offset, follow.inode
        if #follow.lines > 0 then
          local seen = log.scan(follow.lines, signatures, { max_matches = LOG_MATCHES_PER_PROBE })
          for _, m in ipairs(oc.list(seen and seen.matches)) do
            record({ t = now(), kind = "log_match", signature = m.pattern, finding = m.finding, message = m.message })
          end
        end
      end
    end
    s.next_probe = t + probe_every
  end

  while true do
    local t = now()
    if t >= duration or (params.until_failure and s.failed) or time.stop_requested() then
      s.stopped = t < duration and not (params.until_failure and s.failed)
      break
    end
    if not s.session and t >= s.next_connect then
      connect()
    end
    t = now()
    if t >= s.next_probe then
      probe(t)
      t = now()
    end
    local wake = math.min(s.next_probe, duration)
    if not s.session then
      wake = math.min(wake, s.next_connect)
    end
    local wait = math.max(0.01, wake - t)
    if s.session then
      on_session_result(s.session:next({ timeout = wait }))
    else
      time.sleep(wait)
    end
  end
  if s.session then
    s.session:close({ timeout = 1 })
  end
  step:evidence("events", tl.total):evidence("counts", tl.counts)
  local elapsed = now()
  step:pass(("%d events in %.0f s%s"):format(tl.total, elapsed, s.stopped and " (stopped by the user)" or ""))
  return tl,
    { started_at = started_at, duration_s = elapsed, stopped = s.stopped, tick_interval_ms = s.tick_interval_ms }
end

return {
  id = "openclaw.watch",
  version = "1.0.0",
  engine = "^1",
  title = "Watch a gateway over time and explain the failures that come and go",
  summary = "Holds a session open and probes the gateway every few seconds for the given duration: disconnects "
    .. "with their close code and time since connect, reconnect latency, /readyz flips, restarts (new bootId or "
    .. "pid), token fingerprint changes, log lines matching a known signature. Runs openclaw.triage at each "
    .. "failure, then names the pattern: periodic disconnects (proxy idle timeout), flapping readiness, restart "
    .. "loops, disconnects after a token change, reconnect storms.",
  symptoms = {
    "disconnects every few minutes",
    "intermittent success, bulk failure",
    "gateway closed (1006) every 60 seconds",
    "disconnected (4008) idle timeout",
    "gateway keeps restarting",
    "works for a while then fails",
  },
  tags = { "openclaw", "watch", "intermittent", "timeline", "proxy" },
  capabilities = { "net", "fs", "env", "proc" },
  findings = {
    "proxy.idle-timeout",
    "gateway.readiness-flapping",
    "gateway.restart-loop",
    "auth.token-drift",
    "gateway.reconnect-storm",
  },
  params = oc.with_standard_params({
    duration = {
      type = "string",
      default = "60s",
      description = "How long to watch: seconds (90), or with a unit (90s, 10m, 1h).",
    },
    probe_every = { type = "number", default = 5, description = "Seconds between probes (/readyz, pid, token, log)." },
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
      description = "Seconds between two triages at most (a storm of failures triages once).",
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
      local found = timeline.analyse(tl, { tick_interval_s = tick })
      for _, f in ipairs(found) do
        f.fix = FIXES[f.id]
        oc.finding(ctx, target, f)
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
            ids[i] = { id = f.id, title = f.title, events = f.evidence.events }
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
