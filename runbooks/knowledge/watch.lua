-- The patterns openclaw.watch names in a timeline (lib/timeline.lua finds them, the watch raises them by id).
-- Placeholders are filled from what the timeline measured; `texts` are sentences a boolean var switches on.
return {
  {
    id = "proxy.idle-timeout",
    severity = "high",
    title = "The connection drops every {period} s: an idle timeout between the client and the gateway",
    cause = "{near} of {lived} disconnects came {period} s (±15%) after their connect{likely}. A connection cut after "
      .. "a fixed time is a proxy, load balancer or NAT closing it as idle{tick_note}.",
    texts = {
      likely = " — close to {likely_what}",
      tick_note = ": the gateway's tick (every {tick} s) is its only keepalive",
    },
    fix = {
      "nginx, in the location that proxies to {host}:{port}: proxy_read_timeout 3600s; proxy_send_timeout 3600s; "
        .. "then sudo nginx -t && sudo systemctl reload nginx",
      "Apache: ProxyTimeout 3600 (or timeout=3600 on the ProxyPass line); Caddy: raise stream_timeout",
      "clawbook run openclaw.proxy --param proxy_url=URL   # reads the proxy's config for the route",
    },
    meaning = "Disconnects that come after about the same connected time each: a proxy, load balancer or NAT "
      .. "closing the WebSocket as idle (the gateway sends no pings; its tick is the only traffic). High; 0.9 "
      .. "with four such disconnects or more, else 0.75. The period is in the evidence (`period_s`), with the "
      .. "close codes and a known timeout it is close to (nginx/Apache 60 s, Cloudflare 100 s, AWS NAT 350 s).",
    detected = "`openclaw.watch`: three or more disconnects that lived at "
      .. "least 1 s, within ±15 % of their median, for at least 60 % of such disconnects; not close 4001/1012, not "
      .. "within 10 s of a restart nor 2 min after a token change.",
    fix_doc = "`proxy_read_timeout 3600s; proxy_send_timeout 3600s;` (nginx), `ProxyTimeout 3600` (Apache), "
      .. "Caddy `stream_timeout`; `clawbook run openclaw.proxy --param proxy_url=URL` reads the route.",
    source = "report",
  },
  {
    id = "gateway.readiness-flapping",
    severity = "medium",
    title = "/readyz flipped {flips} times during the watch",
    cause = "The gateway went from ready to not ready and back {flips} times{failing_note}: a channel that keeps "
      .. "failing and recovering, or an event loop that stalls under load (readiness is cached for 1 s).",
    texts = { failing_note = " (failing: {failing})" },
    fix = {
      "openclaw channels status --probe",
      "clawbook run openclaw.channels",
    },
    meaning = "`/readyz` went back and forth between ready and 503 (three changes or more). Medium, 0.8.",
    detected = "`openclaw.watch`: `gateway.health` every `probe_every` seconds; the channels `/readyz` named as "
      .. "failing are in the evidence.",
    fix_doc = "`openclaw channels status --probe`, `clawbook run openclaw.channels`.",
    source = "protocol",
  },
  {
    id = "gateway.restart-loop",
    severity = "high",
    title = "The gateway restarted {restarts} times in {span} s",
    cause = "Each restart came with a new bootId (or pid): a supervisor (systemd Restart=, Docker restart policy) "
      .. "keeps restarting a gateway that exits or is killed.{reasons_note}",
    texts = { reasons_note = " The gateway said why before it went: {reasons}." },
    fix = {
      "journalctl --user -u openclaw-gateway -n 200 --no-pager   # why it exits",
      "clawbook run openclaw.gateway.start",
    },
    meaning = "Two or more restarts during the watch, each seen as a new `bootId` in hello-ok or a new pid on the "
      .. "port (one restart seen both ways counts once). High; 0.9 from three restarts.",
    detected = "`openclaw.watch`: hello-ok `server.bootId` at each reconnect, `proc.listeners{port}` for a local "
      .. "gateway; the reasons are the `shutdown` events' `reason` (and close 1012/1001 reasons).",
    fix_doc = "`journalctl --user -u openclaw-gateway -n 200 --no-pager`, `clawbook run openclaw.gateway.start`.",
    source = "seed",
  },
  {
    id = "gateway.reconnect-storm",
    severity = "medium",
    title = "{attempts} connection attempts within {window} s",
    cause = "The client reconnected again and again in a short window: each connection was refused or dropped right "
      .. "after it opened. Clients that reconnect without backoff load a gateway that is already failing.",
    fix = {
      "clawbook run openclaw.triage   # why each connection fails",
    },
    meaning = "Six or more connection attempts (connected or refused) within 60 s. Medium, 0.75.",
    detected = "`openclaw.watch`: the busiest 60 s window of its connect attempts (it backs off itself, from "
      .. "0.25 s to 5 s, after a connection that lived under 2 s).",
    fix_doc = "`clawbook run openclaw.triage`.",
    source = "report",
  },
  {
    id = "gateway.event-loop-stall",
    severity = "high",
    title = "The gateway's event loop stalled: it stopped answering for {hang} s",
    cause = "On an open connection the gateway did not answer `health` within {timeout} s{rise_note}. A stalled "
      .. "event loop stops everything at once: ticks, RPC answers, /readyz, new handshakes (the kernel still "
      .. "accepts the TCP connection).{after_note}",
    texts = {
      rise_note = ", after its own event-loop delay had risen from {from_ms} ms to {to_ms} ms (p99)",
      after_note = " Once it answered again it reported an event-loop delay of up to {after_max_ms} ms.",
    },
    variants = {
      degraded = {
        severity = "medium",
        title = "The gateway's event loop is slow: delay up to {to_ms} ms",
        cause = "The gateway's own `health` reports an event-loop delay of up to {to_ms} ms (p99 {p99_ms} "
          .. "ms{reasons}): every tick, RPC answer and handshake waits that long. It kept answering during the watch, "
          .. "but a loop this slow is what comes before a hang.",
      },
    },
    fix = {
      "openclaw health --json   # eventLoop: delayP99Ms, delayMaxMs, utilization, cpuCoreRatio",
      "top -p $(pgrep -d, -f openclaw-gateway)   # a gateway pinned at 100 % of a core is busy, not waiting",
      "openclaw logs --follow   # what it did when it stalled (a long tool run, a big session file, a plugin)",
      "openclaw gateway restart   # when it does not recover",
    },
    meaning = "The gateway stopped answering on a connection that stayed open (its event loop stalled), usually after "
      .. "its own event-loop delay rose; or, without a hang, its reported delay reached 1 s (or it called itself "
      .. "degraded) in two samples or more: medium (one such sample is a gateway's first second after a start). "
      .. "High, 0.85 when the delay rose before the hang, 0.7 otherwise.",
    detected = "`openclaw.watch`: the `health` RPC on its session at every probe; its `eventLoop` block "
      .. "(`delayP99Ms`, `delayMaxMs`, `utilization`, `degraded`, `reasons`; captured from OpenClaw 2026.9.6, see "
      .. "docs/watch.md) is sampled, and a `health` call that gets no answer in time while the connection stays "
      .. "open is a hang.",
    fix_doc = "`openclaw health --json` (the `eventLoop` block), `top` on the gateway's pid, `openclaw logs "
      .. "--follow`, `openclaw gateway restart`.",
    source = "protocol",
  },
}
