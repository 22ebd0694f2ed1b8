-- Unit tests of runbooks/lib/timeline.lua: the ring and its summary, and the analysis of built timelines into
-- catalog ids whose texts (runbooks/knowledge/watch.lua, auth.lua's `watch` variant) come out filled: no
-- placeholder left but the target's ({host}, {port}: lib.openclaw fills those). A failed check raises, so
-- `clawbook run` exits 2. ctest: lua:timeline_test.
local timeline = require("lib.timeline")
local knowledge = require("lib.knowledge")

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

local function equal(got, want, what)
  check(got == want, what .. ": expected " .. tostring(want) .. ", got " .. tostring(got))
end

-- The one pattern with `id` in the analysis of `tl`, raised through the catalog as the watch raises it.
local function raised(tl, id, opts)
  local found
  for _, f in ipairs(timeline.analyse(tl, opts)) do
    if f.id == id then
      found = f
    end
  end
  check(found ~= nil, "no " .. id .. " in the analysis")
  local spec = knowledge.spec(found.id, { variant = found.variant, vars = found.vars, evidence = found.evidence })
  for _, text in ipairs({ spec.title, spec.cause }) do
    local left = text:gsub("{host}", ""):gsub("{port}", ""):match("{[%w_]+}")
    check(left == nil, id .. ": placeholder " .. tostring(left) .. " left in: " .. text)
  end
  return found, spec
end

local function absent(tl, id, opts)
  for _, f in ipairs(timeline.analyse(tl, opts)) do
    check(f.id ~= id, id .. " raised where it should not be")
  end
end

-- A session that connects and is dropped after `lived` seconds, `n` times.
local function periodic(lived, n, close_code)
  local tl, t = timeline.new(100), 0
  for _ = 1, n do
    timeline.add(tl, { t = t, kind = "connected" })
    t = t + lived
    timeline.add(tl, { t = t, kind = "disconnect", close_code = close_code or 1006, connected_s = lived })
    t = t + 0.2
  end
  return tl
end

return {
  id = "test.lib.timeline",
  version = "1.0.0",
  engine = "^1",
  title = "lib/timeline.lua: the ring and the patterns, raised with the catalog's texts",
  summary = "The ring keeps the latest events and counts the rest; each pattern comes out as its catalog id, filled.",
  capabilities = {},
  params = { root = { type = "string", description = "The source tree (unused)" } },

  run = function(ctx)
    ctx:step("the ring keeps the last events and summarises the evicted ones", function(step)
      local tl = timeline.new(3)
      for i = 1, 5 do
        timeline.add(tl, { t = i, kind = i % 2 == 0 and "tick" or "event" })
      end
      local kept = timeline.events(tl)
      equal(#kept, 3, "kept")
      equal(kept[1].n, 3, "oldest kept")
      equal(tl.summary.event.count, 1, "evicted events")
      equal(tl.summary.tick.count, 1, "evicted ticks")
      equal(timeline.event(tl, 1), nil, "an evicted event")
      equal(timeline.parse_duration("10m"), 600, "10m")
      equal(timeline.parse_duration("1.5m"), 90, "1.5m")
      equal(timeline.parse_duration("ten"), nil, "not a duration")
      step:pass("ok")
    end)

    ctx:step("periodic disconnects: proxy.idle-timeout with the period and the known timeout", function(step)
      local f, spec = raised(periodic(60, 4), "proxy.idle-timeout", { tick_interval_s = 30 })
      equal(f.evidence.period_s, 60, "period")
      equal(f.confidence, 0.9, "four disconnects")
      check(spec.title:find("every 60 s", 1, true), "title: " .. spec.title)
      check(spec.cause:find("nginx proxy_read_timeout", 1, true), "the likely timeout: " .. spec.cause)
      check(spec.cause:find("every 30 s", 1, true), "the tick: " .. spec.cause)
      local _, plain = raised(periodic(7, 3), "proxy.idle-timeout")
      check(not plain.cause:find("close to", 1, true), "no known timeout near 7 s: " .. plain.cause)
      absent(periodic(0.3, 8), "proxy.idle-timeout") -- dropped at once: refusals, not idle
      absent(periodic(60, 4, 1012), "proxy.idle-timeout") -- service restarts
      step:pass("ok")
    end)

    ctx:step("flapping readiness names the failing channels", function(step)
      local tl = timeline.new(100)
      for i = 0, 4 do
        timeline.add(tl, { t = i, kind = "ready", ready = i % 2 == 0, failing = i % 2 == 1 and "telegram" or nil })
      end
      local f, spec = raised(tl, "gateway.readiness-flapping")
      equal(f.evidence.flips, 4, "flips")
      check(spec.cause:find("(failing: telegram)", 1, true), spec.cause)
      step:pass("ok")
    end)

    ctx:step("restarts: gateway.restart-loop with the reasons", function(step)
      local tl = timeline.new(100)
      for i = 1, 3 do
        timeline.add(tl, { t = i * 10, kind = "restart", via = "bootId", reason = "gateway restarting" })
      end
      local f, spec = raised(tl, "gateway.restart-loop")
      equal(f.evidence.restarts, 3, "restarts")
      equal(spec.title, "The gateway restarted 3 times in 20 s", "title")
      check(spec.cause:find("gateway restarting", 1, true), spec.cause)
      step:pass("ok")
    end)

    ctx:step("a disconnect after a token change: auth.token-drift, variant watch", function(step)
      local tl = timeline.new(100)
      timeline.add(tl, { t = 1, kind = "token_change", sources = { "config" } })
      timeline.add(tl, { t = 3, kind = "disconnect", close_code = 1008, connected_s = 20 })
      local f, spec = raised(tl, "auth.token-drift")
      equal(f.variant, "watch", "variant")
      equal(spec.title, "The connection failed after the token changed", "title")
      check(spec.fix[1]:find("openclaw.auth", 1, true), "fix from the catalog")
      step:pass("ok")
    end)

    ctx:step("many attempts in a minute: gateway.reconnect-storm", function(step)
      local tl = timeline.new(100)
      for i = 1, 7 do
        timeline.add(tl, { t = i, kind = i % 2 == 0 and "connected" or "connect_failed" })
      end
      local f, spec = raised(tl, "gateway.reconnect-storm")
      equal(f.evidence.attempts, 7, "attempts")
      equal(spec.title, "7 connection attempts within 60 s", "title")
      step:pass("ok")
    end)

    ctx:step("event-loop delay rising before a hang: gateway.event-loop-stall", function(step)
      local tl = timeline.new(100)
      for i, p99 in ipairs({ 2, 3, 40, 180, 900 }) do
        timeline.sample(tl, "loop", { t = i * 5, p99 = p99, max = p99 * 1.5 })
      end
      timeline.add(tl, { t = 27, kind = "hang", timeout_s = 2 })
      timeline.sample(tl, "loop", { t = 40, p99 = 5, max = 12000 })
      local f, spec = raised(tl, "gateway.event-loop-stall", { end_s = 60 })
      equal(f.confidence, 0.85, "a rise before the hang")
      equal(f.evidence.hang_s, 15, "from the hang to the next answer, with the timeout")
      equal(f.evidence.delay_max_after_ms, 12000, "the delay reported after")
      check(spec.cause:find("risen from 2 ms to 900 ms", 1, true), spec.cause)
      check(spec.cause:find("up to 12000 ms", 1, true), spec.cause)
      equal(spec.severity, "high", "severity")
      -- A sudden hang (no rise) with no answer after: still a stall, without the rise sentence.
      local sudden = timeline.new(100)
      timeline.sample(sudden, "loop", { t = 5, p99 = 2, max = 3 })
      timeline.add(sudden, { t = 8, kind = "hang", timeout_s = 2 })
      local g, plain = raised(sudden, "gateway.event-loop-stall", { end_s = 20 })
      equal(g.confidence, 0.7, "no rise")
      equal(g.evidence.hang_s, 14, "until the end of the watch")
      check(not plain.cause:find("risen", 1, true), plain.cause)
      step:pass("ok")
    end)

    ctx:step("a slow loop without a hang: the degraded variant; a quiet loop: nothing", function(step)
      local tl = timeline.new(100)
      timeline.sample(tl, "loop", { t = 5, p99 = 800, max = 2400, degraded = true, reasons = { "event_loop_delay" } })
      -- One slow sample is a gateway's first second (the real one reports p99 320 ms, degraded, as it starts).
      absent(tl, "gateway.event-loop-stall")
      timeline.sample(tl, "loop", { t = 10, p99 = 700, max = 1900, degraded = true })
      local f, spec = raised(tl, "gateway.event-loop-stall")
      equal(f.variant, "degraded", "variant")
      equal(spec.severity, "medium", "severity")
      check(spec.title:find("up to 2400 ms", 1, true), spec.title)
      check(spec.cause:find("the gateway says: event_loop_delay", 1, true), spec.cause)
      local quiet = timeline.new(100)
      timeline.sample(quiet, "loop", { t = 5, p99 = 20, max = 30 })
      absent(quiet, "gateway.event-loop-stall")
      step:pass("ok")
    end)
  end,
}
