return {
  {
    id = "proxy.no-websocket-upgrade",
    severity = "high",
    title = "The route does not pass the upgrade",
    meaning = "The route does not pass the upgrade: nginx without `proxy_http_version 1.1` / `Upgrade` / "
      .. "`Connection upgrade` (nginx inheritance of `proxy_set_header` respected), Apache without a "
      .. "ws:// route or `upgrade=websocket`, or ws:// without `mod_proxy_wstunnel`, Caddy forcing HTTP/2 "
      .. "upstream. High; 0.95 when the probe through `proxy_url` was not upgraded.",
    detected = "Config routes; `gateway.ws_upgrade(proxy_url)` `upgraded=false` with its HTTP status (a 200 is "
      .. "the Control UI page).",
    fix_doc = "The directives at `file:line`, `sudo a2enmod proxy_wstunnel`, then `nginx -t && systemctl "
      .. "reload nginx` (or the Apache/Caddy equivalent).",
    source = "seed",
  },
  {
    id = "proxy.timeout-too-low",
    severity = "medium",
    title = "The proxy's idle timeout is at or below the tick (high) or below two ticks (medium)",
    meaning = "The proxy's idle timeout is at or below the tick (high) or below two ticks (medium).",
    detected = "nginx `proxy_read_timeout` (default 60 s), Apache `ProxyPass timeout=`, `ProxyTimeout`, "
      .. "`Timeout` (default 60 s), Caddy `stream_timeout`, `transport http read_timeout`.",
    fix_doc = "`proxy_read_timeout 86400s; proxy_send_timeout 86400s;`, `ProxyTimeout 86400`, remove or raise "
      .. "Caddy's timeout; reload.",
    source = "seed",
  },
  {
    id = "proxy.untrusted-forwarded-headers",
    severity = "medium",
    title = "The gateway sees forwarded headers from an untrusted proxy",
    meaning = "The proxy sends `X-Forwarded-For`/`X-Real-IP`/`Forwarded` (Caddy and Apache always do) from an "
      .. "address not in `gateway.trustedProxies`: clients count as remote. Medium.",
    detected = "Route headers; the proxy's address (loopback when the upstream is local; IPv4 CIDRs understood) "
      .. "against `trustedProxies`; log `Proxy headers detected from untrusted address` (alone: a proxy "
      .. "not found in the configs).",
    fix_doc = '`openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'`, restart.',
    source = "seed",
  },
  {
    id = "proxy.scheme-mismatch",
    severity = "high",
    title = "The proxy URL's scheme does not match what the proxy serves",
    meaning = "TLS on one side only: the proxy speaks https:// to a plain gateway or http:// to a TLS one, or "
      .. "the client uses ws:// on the proxy's TLS port (mixed content). High.",
    detected = "Route `upstream_scheme` vs `gateway.tls.enabled`; `gateway.ws_upgrade(proxy_url)` error "
      .. "`plain_on_tls_port`/`tls_on_plain_port`.",
    fix_doc = "Fix the upstream scheme at `file:line`; use `wss://` in the client's URL.",
    source = "seed",
  },
  {
    id = "proxy.upstream-unreachable",
    severity = "high",
    title = "The proxy answers the upgrade with 502/503/504",
    meaning = "The proxy answers the upgrade with 502/503/504: its upstream is wrong or down. High, 0.9 when "
      .. "the gateway answers directly.",
    detected = "`gateway.ws_upgrade(proxy_url)` status, direct `gateway.connect`.",
    fix_doc = "Point the route at `127.0.0.1:PORT`; `clawbook run openclaw.gateway.connect`.",
    source = "seed",
  },
}
