return {
  {
    id = "proxy.no-websocket-upgrade",
    severity = "high",
    title = "The proxy route does not pass the WebSocket upgrade",
    cause = "Without HTTP/1.1 and the Upgrade/Connection headers (or mod_proxy_wstunnel on Apache) the proxy forwards "
      .. "the handshake as a plain GET: the gateway answers with the Control UI page, and the client sees the socket "
      .. "close abnormally (1006).",
    fix = { "{route_fixes}", "{reloads}" },
    variants = {
      probe = {
        cause = "The proxy at {proxy_url} answered the WebSocket upgrade with HTTP {status} instead of 101. Without "
          .. "HTTP/1.1 and the Upgrade/Connection headers (or mod_proxy_wstunnel on Apache) the proxy forwards the "
          .. "handshake as a plain GET: the gateway answers with the Control UI page, and the client sees the socket "
          .. "close abnormally (1006).",
        fix = {
          "nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; "
            .. 'proxy_set_header Connection "upgrade";',
          "Apache: sudo a2enmod proxy_wstunnel; ProxyPass / ws://127.0.0.1:{port}/ (or upgrade=websocket)",
          "Caddy: reverse_proxy 127.0.0.1:{port} (upgrades by default; remove any transport versions 2)",
          "Traefik and tunnels: enable WebSocket passthrough for the gateway's route",
        },
      },
    },
    meaning = "The route does not pass the upgrade: nginx without `proxy_http_version 1.1` / `Upgrade` / "
      .. "`Connection upgrade` (nginx inheritance of `proxy_set_header` respected), Apache without a "
      .. "ws:// route or `upgrade=websocket`, or ws:// without `mod_proxy_wstunnel`, Caddy forcing HTTP/2 "
      .. "upstream (Traefik, ingress-nginx and cloudflared pass it by default). High; 0.95 when the probe "
      .. "through `proxy_url` was not upgraded.",
    detected = "Config routes; `gateway.ws_upgrade(proxy_url)` `upgraded=false` with its HTTP status (a 200 is "
      .. "the Control UI page).",
    fix_doc = "The directives at `file:line`, `sudo a2enmod proxy_wstunnel`, then `nginx -t && systemctl "
      .. "reload nginx` (or the Apache/Caddy equivalent).",
    source = "seed",
  },
  {
    id = "proxy.timeout-too-low",
    severity = "medium",
    title = "The proxy's idle timeout is shorter than the gateway's keepalive",
    cause = "The gateway keeps a quiet connection alive with a tick event every {tick} s (no WebSocket pings); a proxy "
      .. "read timeout at or below about twice that closes idle connections (1006, or 4008 in the Control UI).",
    fix = { "{route_fixes}", "{reloads}" },
    meaning = "The proxy's idle timeout is at or below the tick (high) or below two ticks (medium).",
    detected = "nginx `proxy_read_timeout` (default 60 s), Apache `ProxyPass timeout=`, `ProxyTimeout`, "
      .. "`Timeout` (default 60 s), Caddy `stream_timeout`, `transport http read_timeout`, Traefik entry points' "
      .. "`transport.respondingTimeouts.readTimeout`/`idleTimeout` when set, ingress-nginx "
      .. "`proxy-read-timeout`/`proxy-send-timeout` annotations (default 60 s).",
    fix_doc = "`proxy_read_timeout 86400s; proxy_send_timeout 86400s;`, `ProxyTimeout 86400`, remove or raise "
      .. "Caddy's timeout; reload.",
    source = "seed",
  },
  {
    id = "proxy.untrusted-forwarded-headers",
    severity = "medium",
    title = "The proxy sends forwarded headers from an address not in gateway.trustedProxies",
    cause = "The gateway ignores X-Forwarded-For/X-Real-IP from untrusted peers and treats every proxied client as "
      .. "remote ('Proxy headers detected from untrusted address'): local auto-approval is lost, pairing is required, "
      .. "and rate limits hit the proxy's address.",
    fix = {
      'openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'   # the proxy\'s address as the gateway '
        .. "sees it",
      "openclaw gateway restart",
    },
    variants = {
      remote = {
        title = "A proxy in a container or pod sends forwarded headers the gateway does not trust",
        cause = "{proxies} reach(es) the gateway from a container or pod address, not from this host's loopback, and "
          .. "add(s) X-Forwarded-For; gateway.trustedProxies holds no address that can be theirs, so the gateway "
          .. "ignores the headers and treats every proxied client as remote (pairing required, the Control UI "
          .. "refused for attribution).",
        fix = {
          "openclaw config set gateway.trustedProxies '[\"<the proxy's network>\"]'   # e.g. the Docker network's "
            .. "subnet (docker network inspect NETWORK) or the cluster's pod CIDR",
          "openclaw gateway restart",
        },
      },
      log = {
        title = "The gateway sees forwarded headers from an untrusted proxy",
        cause = "The log shows 'Proxy headers detected from untrusted address': a proxy this runbook did not find "
          .. "(Traefik, a tunnel, a load balancer) forwards to the gateway without being in gateway.trustedProxies, "
          .. "so its clients are treated as remote.",
        fix = {
          "openclaw config set gateway.trustedProxies '[\"<the proxy's address>\"]'",
          "openclaw gateway restart",
        },
      },
    },
    meaning = "The proxy sends `X-Forwarded-For`/`X-Real-IP`/`Forwarded` (Caddy, Apache, Traefik, ingress-nginx "
      .. "and cloudflared always do) from an address not in `gateway.trustedProxies`: clients count as remote. "
      .. "Medium.",
    detected = "Route headers; the proxy's address (loopback when the upstream is local; IPv4 CIDRs understood) "
      .. "against `trustedProxies`; a proxy in a container or pod (Traefik labels, Ingress) when the list holds "
      .. "only loopback entries or none; log `Proxy headers detected from untrusted address` (alone: a proxy "
      .. "not found in the configs).",
    fix_doc = '`openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'`, restart.',
    source = "seed",
  },
  {
    id = "proxy.scheme-mismatch",
    severity = "high",
    title = "The proxy and the gateway disagree about TLS",
    cause = "The proxy talks {proxy_side} to a gateway that {gateway_side}: every request fails at the upstream (502, "
      .. "or 400 'plain HTTP request sent to HTTPS port').",
    fix = { "{route_fixes}", "{reloads}" },
    variants = {
      url = {
        title = "The proxy URL's scheme does not match what the proxy serves",
        cause = "{url}: {message}. Clients must use wss:// for an HTTPS proxy and ws:// for a plain one; a page "
          .. "served over HTTPS cannot open ws:// (mixed content).",
        fix = { "use {other}   # in the client's gateway URL (gateway.remote.url for the CLI)" },
      },
    },
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
    title = "The proxy cannot reach the gateway (HTTP {status})",
    cause = "The proxy answered the upgrade with {status}: its upstream is wrong, down or speaks another scheme."
      .. "{gateway_answers}",
    fix = {
      "check the upstream of the proxy's route: it must be 127.0.0.1:{port} (or the gateway container's name and "
        .. "port)",
      "clawbook run openclaw.gateway.connect   # if the gateway is down",
    },
    texts = {
      gateway_answers = " The gateway itself answers at {ws_url}, so the proxy's upstream address is the problem.",
    },
    meaning = "The proxy answers the upgrade with 502/503/504: its upstream is wrong or down. High, 0.9 when "
      .. "the gateway answers directly.",
    detected = "`gateway.ws_upgrade(proxy_url)` status, direct `gateway.connect`.",
    fix_doc = "Point the route at `127.0.0.1:PORT`; `clawbook run openclaw.gateway.connect`.",
    source = "seed",
  },
}
