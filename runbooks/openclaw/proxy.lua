-- openclaw.proxy: 1006 and friends behind a reverse proxy (seed 002's nginx, Apache and Caddy sections, seed 004's
-- trustedProxies advice). Compares a WebSocket probe through the proxy URL with one straight to the gateway,
-- and reads the proxy configs for the routes to the gateway's port: the upgrade (proxy_http_version 1.1,
-- Upgrade/Connection headers, mod_proxy_wstunnel), idle timeouts against the gateway's tick (its keepalive: the
-- gateway sends a tick event every tickIntervalMs and no WebSocket pings), forwarded headers from a proxy that is
-- not in gateway.trustedProxies, TLS on one side only, and the browser origin the proxy's host name implies.
-- Traefik (file provider and Docker labels), Kubernetes Ingress (ingress-nginx, Traefik) and cloudflared
-- ingress rules are read from their YAML the same way (lib/proxy_platforms), with the same finding ids.
--
-- Seed variants: `gateway.websocket.keepAlive` (seed 002) is not an OpenClaw key, the tick is the keepalive;
-- seed 004's Caddy `transport http { keepalive 30s }` tunes upstream connection reuse, not WebSocket idling.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local connect_errors = require("lib.connect_errors")
local auth_findings = require("lib.auth_findings")
local gateway_logs = require("lib.gateway_logs")
local proxy_configs = require("lib.proxy_configs")
local proxy_platforms = require("lib.proxy_platforms")

local DEFAULT_TICK_SECONDS = 30 -- tickIntervalMs of OpenClaw releases without hello-ok policy data
local CONNECT_TIMEOUT = 5
local SUGGESTED_TIMEOUT = "86400s" -- seed 002: a day, so long agent runs are never cut

local RELOAD = {
  nginx = "sudo nginx -t && sudo systemctl reload nginx",
  apache = "sudo apachectl configtest && sudo systemctl reload apache2   # httpd on Red Hat",
  caddy = "sudo caddy validate --config /etc/caddy/Caddyfile && sudo systemctl reload caddy",
}

-- "http://x" -> "ws://x", "https://x" -> "wss://x", keeping the path (a proxy may route only /ws).
local function websocket_url(url)
  if url:match("^wss?://") then
    return url
  end
  if not url:match("^%a[%w+.-]*://") then
    url = "https://" .. url
  end
  return (url:gsub("^http", "ws", 1))
end

local function ipv4(text)
  local a, b, c, d = tostring(text):match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if not a then
    return nil
  end
  return ((tonumber(a) * 256 + tonumber(b)) * 256 + tonumber(c)) * 256 + tonumber(d)
end

-- Whether `address` is covered by gateway.trustedProxies (addresses or IPv4 CIDRs).
local function trusted(address, proxies)
  for _, entry in ipairs(proxies) do
    local base, bits = tostring(entry):match("^([^/]+)/(%d+)$")
    if entry == address then
      return true
    elseif base and ipv4(base) and ipv4(address) then
      local size = 2 ^ (32 - tonumber(bits))
      if ipv4(base) // size == ipv4(address) // size then
        return true
      end
    end
  end
  return false
end

-- The address the gateway sees the proxy connect from: loopback when the upstream is on this host.
local function proxy_addresses(route)
  local host = tostring(route.upstream_host or "")
  if host == "localhost" then
    return { "127.0.0.1", "::1" }
  elseif oc.is_loopback(host) then
    return { host }
  end
  return nil -- another host or a container name: the proxy's own address, unknown here
end

local function location(route)
  if route.line == nil then -- YAML configs: the site names the key path
    return tostring(route.file) .. " (" .. tostring(route.site) .. ")"
  end
  return tostring(route.file) .. ":" .. tostring(route.line) .. " (" .. tostring(route.site) .. ")"
end

local FIXES = {
  ["proxy.no-websocket-upgrade"] = {
    nginx = function(route)
      return "in "
        .. location(route)
        .. " add: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; "
        .. 'proxy_set_header Connection "upgrade";'
    end,
    apache = function(route)
      if tostring(oc.list(route.websocket_missing)[1]):find("wstunnel", 1, true) then
        return "sudo a2enmod proxy_wstunnel   # the ws:// routes need it"
      end
      return "in "
        .. location(route)
        .. ": ProxyPass "
        .. tostring(route.site:match("(%S+)$"))
        .. " ws://"
        .. tostring(route.upstream_host)
        .. ":{port}/ (or add upgrade=websocket to the http:// ProxyPass)"
    end,
    caddy = function(route)
      return "in " .. location(route) .. ": transport http { versions 1.1 }   # upgrades need HTTP/1.1"
    end,
  },
  ["proxy.timeout-too-low"] = {
    nginx = function(route)
      return "in "
        .. location(route)
        .. ": proxy_read_timeout "
        .. SUGGESTED_TIMEOUT
        .. "; proxy_send_timeout "
        .. SUGGESTED_TIMEOUT
        .. ";"
    end,
    apache = function(route)
      return "in " .. location(route) .. ": ProxyTimeout 86400 (or timeout=86400 on the ProxyPass line)"
    end,
    caddy = function(route)
      return "in "
        .. location(route)
        .. ": remove "
        .. tostring(route.timeout_directive)
        .. " or raise it to "
        .. SUGGESTED_TIMEOUT
    end,
  },
  ["proxy.scheme-mismatch"] = {
    default = function(route, gateway_tls)
      local scheme = gateway_tls and "https" or "http"
      return "in "
        .. location(route)
        .. ": proxy to "
        .. scheme
        .. "://"
        .. tostring(route.upstream_host)
        .. ":{port} (the gateway "
        .. (gateway_tls and "serves TLS" or "speaks plain HTTP")
        .. ")"
    end,
  },
}

local function fix_line(id, route, gateway_tls)
  if type(route.fixes) == "table" and route.fixes[id] then -- lib/proxy_platforms writes its own
    return route.fixes[id]
  end
  local by_server = FIXES[id]
  local build = by_server[route.server] or by_server.default
  return build(route, gateway_tls)
end

-- Resolve the gateway and its proxy settings.
local function resolve_the_gateway_and_its(ctx, params)
  return ctx:step("Resolve the gateway and its proxy settings", function(step)
    local t, tok = oc.target(params), oc.token(params)
    local cfg = t.config or openclaw.config({ profile = params.profile })
    step:evidence("url", t.url):evidence("trusted_proxies", oc.get(cfg, "gateway.trusted_proxies"))
    step:evidence("allowed_origins", oc.get(cfg, "gateway.control_ui.allowed_origins"))
    step:evidence("gateway_tls", oc.get(cfg, "gateway.tls"))
    return t, tok, cfg
  end)
end

-- Connect straight to the gateway.
local function connect_straight_to_the_gateway(ctx, target, sent, connect)
  return ctx:step("Connect straight to the gateway", function(step)
    local result = connect(target.ws_url)
    local c = connect_errors.classify(result, sent)
    c.tick = tonumber(oc.get(result, "policy.tickIntervalMs"))
    step:evidence("result", connect_errors.summary(c))
    if c.kind == "ok" then
      step:pass("hello-ok from " .. tostring(target.ws_url))
    else
      step:warn(connect_errors.summary(c))
    end
    return c
  end)
end

-- One step that reads proxy configs with `read` ({files, routes, errors}) and reports the routes to the gateway port;
-- `where` names what was read when no route was found.
local function read_routes(ctx, title, read, where, target)
  return ctx:step(title, function(step)
    local found = read()
    step:evidence("files", found.files):evidence("routes", found.routes)
    if #found.errors > 0 then
      step:evidence("errors", found.errors)
    end
    if #found.routes == 0 then
      step:skip(
        "no " .. where.route .. " to port " .. tostring(target.port) .. " in " .. #found.files .. " " .. where.files
      )
    else
      step:pass(#found.routes .. " route(s) to port " .. tostring(target.port))
    end
    return found.routes
  end)
end

-- Read the nginx, Apache and Caddy configs.
local function read_the_nginx_apache_and(ctx, target)
  return read_routes(ctx, "Read the nginx, Apache and Caddy configs", function()
    return proxy_configs.read(target.port or oc.DEFAULT_PORT)
  end, { route = "proxy route", files = "config file(s)" }, target)
end

-- Read the Traefik, Kubernetes Ingress and cloudflared configs (YAML), and Traefik's Docker labels.
local function read_the_traefik_kubernetes_and(ctx, params, target)
  return read_routes(ctx, "Read the Traefik, Kubernetes Ingress and cloudflared configs", function()
    return proxy_platforms.read(target.port or oc.DEFAULT_PORT, { manifests = params.manifests, docker = true })
  end, { route = "route", files = "YAML config(s) or labels" }, target)
end

-- What each route gets wrong: {id -> {routes, severity, confidence}}, and the browser origins its server names
-- imply that gateway.controlUi.allowedOrigins lacks.
local function route_problems(routes, trusted_proxies, allowed_origins, gateway_tls, tick, via_proxy)
  local problems = {}
  local function add(id, route, severity, confidence)
    local entry = problems[id] or { routes = {}, severity = severity, confidence = confidence }
    entry.routes[#entry.routes + 1] = route
    if severity == "high" then
      entry.severity = "high"
    end
    entry.confidence = math.max(entry.confidence, confidence)
    problems[id] = entry
  end
  local origins = {}
  for _, route in ipairs(routes) do
    if not route.websocket_ok then
      add("proxy.no-websocket-upgrade", route, "high", via_proxy.confirmed_upgrade_failure and 0.95 or 0.85)
    end
    if route.read_timeout and route.read_timeout <= tick then
      add("proxy.timeout-too-low", route, "high", 0.85)
    elseif route.read_timeout and route.read_timeout < 2 * tick then
      add("proxy.timeout-too-low", route, "medium", 0.7)
    end
    if #oc.list(route.forwarded_headers) > 0 then
      local addresses = not route.remote and proxy_addresses(route) or nil
      local covered = false
      for _, address in ipairs(addresses or {}) do
        covered = covered or trusted(address, trusted_proxies)
      end
      if not addresses then
        -- A container or pod: its address is not known here, but a list of loopback entries only (or none)
        -- cannot cover it; any other entry may.
        for _, entry in ipairs(trusted_proxies) do
          covered = covered or not oc.is_loopback(tostring(entry):gsub("/%d+$", ""))
        end
      end
      if not covered then
        add("proxy.untrusted-forwarded-headers", route, "medium", addresses and 0.8 or (route.remote and 0.7 or 0.6))
      end
    end
    local upstream_tls = route.upstream_scheme == "https" or route.upstream_scheme == "wss"
    if upstream_tls ~= gateway_tls then
      add("proxy.scheme-mismatch", route, "high", 0.85)
    end
    for _, name in ipairs(oc.list(route.server_names)) do
      local host = tostring(name):gsub("^https?://", ""):gsub(":%d+$", "")
      if host ~= "" and host ~= "_" and not host:find("*", 1, true) and not oc.is_loopback(host) then
        local origin = (route.tls and "https://" or "http://") .. host
        local allowed = false
        for _, entry in ipairs(allowed_origins) do
          allowed = allowed or entry == origin or entry == "*"
        end
        if not allowed and not origins[origin] then
          origins[origin] = true
          origins[#origins + 1] = origin
        end
      end
    end
  end
  return problems, origins
end

-- Raises one finding per problem id, with the config edit of every route it covers and the servers to reload.
local function raise_route_problems(ctx, target, problems, trusted_proxies, gateway_tls, tick)
  local emitted = 0
  for _, id in ipairs({
    "proxy.no-websocket-upgrade",
    "proxy.timeout-too-low",
    "proxy.scheme-mismatch",
    "proxy.untrusted-forwarded-headers",
  }) do
    local entry = problems[id]
    if entry then
      local fix, where, servers, reloads = {}, {}, {}, {}
      local remote = {} -- the containers' and pods' proxies, whose address is unknown here
      for _, route in ipairs(entry.routes) do
        if route.remote then
          remote[#remote + 1] = tostring(route.server) .. " (" .. location(route) .. ")"
        end
        where[#where + 1] = {
          location = location(route),
          upstream = route.upstream,
          timeout = route.timeout_directive,
          missing = route.websocket_missing,
          forwarded = route.forwarded_headers,
          auth = route.auth, -- an authenticating proxy in front (ingress-nginx auth-url, Traefik forwardAuth)
          auth_headers = route.auth_headers,
        }
        local line = id ~= "proxy.untrusted-forwarded-headers" and fix_line(id, route, gateway_tls)
        if line and fix[#fix] ~= line then -- routes of one vhost can share a fix
          fix[#fix + 1] = line
        end
        local reload = route.reload or RELOAD[route.server]
        if reload and not servers[reload] and id ~= "proxy.untrusted-forwarded-headers" then
          servers[reload] = true
          reloads[#reloads + 1] = reload
        end
      end
      local variant = nil
      if id == "proxy.untrusted-forwarded-headers" and #remote == #entry.routes then
        variant = "remote"
      end
      knowledge.raise(ctx, target, id, {
        variant = variant,
        severity = entry.severity,
        confidence = entry.confidence,
        vars = {
          proxies = table.concat(remote, ", "),
          tick = string.format("%g", tick),
          proxy_side = gateway_tls and "plain HTTP" or "TLS",
          gateway_side = gateway_tls and "serves TLS (gateway.tls.enabled)" or "speaks plain HTTP",
          route_fixes = fix,
          reloads = reloads,
        },
        evidence = { routes = where, tick_seconds = tick, trusted_proxies = trusted_proxies },
      })
      emitted = emitted + 1
    end
  end
  return emitted
end

-- Judge each route to the gateway.
local function judge_each_route_to_the(
  ctx,
  params,
  target,
  trusted_proxies,
  allowed_origins,
  gateway_tls,
  tick,
  via_proxy,
  routes
)
  return ctx:step("Judge each route to the gateway", function(step)
    local problems, origins = route_problems(routes, trusted_proxies, allowed_origins, gateway_tls, tick, via_proxy)
    local emitted = raise_route_problems(ctx, target, problems, trusted_proxies, gateway_tls, tick)
    if via_proxy.confirmed_upgrade_failure and not problems["proxy.no-websocket-upgrade"] then
      -- The probe saw it, no config here explains it: a proxy on another host, Traefik, a tunnel.
      knowledge.raise(ctx, target, "proxy.no-websocket-upgrade", {
        variant = "probe",
        confidence = 0.9,
        vars = { proxy_url = tostring(params.proxy_url), status = tostring(via_proxy.status) },
        evidence = { proxy_url = params.proxy_url, status = via_proxy.status },
      })
      emitted = emitted + 1
    end
    if #origins > 0 then
      local spec = auth_findings.spec("auth.origin-not-allowed", {
        via = "config",
        origins = origins,
        allowed_origins = allowed_origins,
        evidence = { origins = origins, allowed_origins = allowed_origins },
      })
      spec.severity = "medium" -- inferred from the proxy's host names: the Control UI may not be used there
      oc.finding(ctx, target, spec)
      emitted = emitted + 1
    end
    if #routes == 0 and emitted == 0 then
      step:skip("no route to judge")
    elseif emitted == 0 then
      step:pass("every route upgrades, outlives the tick and is trusted")
    else
      step:fail(emitted .. " problem(s)")
    end
    return problems
  end)
end

-- Read the gateway's log for untrusted proxy headers.
local function read_the_gateway_s_log(ctx, params, target, routes)
  return ctx:step("Read the gateway's log for untrusted proxy headers", function(step)
    local seen = gateway_logs.scan(ctx, params, oc.signatures_for({ "proxy.untrusted-forwarded-headers" }))
    local evidence = gateway_logs.evidence(seen, "proxy.untrusted-forwarded-headers")
    step:evidence("sources", gateway_logs.sources(seen))
    if not evidence then
      step:pass("no 'Proxy headers detected from untrusted address'")
      return
    end
    step:evidence("lines", evidence)
    -- Reported above when a config route explains it; alone it still names a proxy nobody declared.
    local explained = false
    for _, route in ipairs(routes) do
      explained = explained or #oc.list(route.forwarded_headers) > 0
    end
    if not explained then
      knowledge.raise(ctx, target, "proxy.untrusted-forwarded-headers", {
        variant = "log",
        confidence = 0.75,
        evidence = evidence,
      })
    end
    step:warn(evidence.count .. " line(s)")
  end)
end

-- The proxy URL clients use: the WebSocket upgrade, then a handshake through it, compared with the direct one.
-- A refused upgrade that no config here explains is left in via_proxy for the route judgement.
local function probe_through_the_proxy(ctx, params, target, direct, sent, connect, allowed_origins, via_proxy)
  return ctx:step("Probe through the proxy", function(step)
    local url = websocket_url(params.proxy_url)
    step:evidence("url", url)
    local upgrade = gateway.ws_upgrade(url, { timeout = CONNECT_TIMEOUT })
    step:evidence("upgrade", upgrade)
    -- ws_upgrade answers ok=false with error "upgrade_refused" and the HTTP status when the proxy said no.
    local answered = type(upgrade) == "table" and (upgrade.ok == true or upgrade.error == "upgrade_refused")
    if not answered then
      local err = type(upgrade) == "table" and upgrade.error or "no answer"
      if err == "plain_on_tls_port" or err == "tls_on_plain_port" then
        local other = url:match("^wss:") and ("ws:" .. url:sub(5)) or ("wss:" .. url:sub(4))
        knowledge.raise(ctx, target, "proxy.scheme-mismatch", {
          variant = "url",
          confidence = 0.9,
          vars = { url = url, message = tostring(upgrade.message or err), other = other },
          evidence = upgrade,
        })
      end
      step:fail("the proxy does not answer: " .. tostring(type(upgrade) == "table" and upgrade.message or err))
      return
    end
    if upgrade.upgraded ~= true then
      local status = tonumber(upgrade.status) or 0
      if status == 502 or status == 503 or status == 504 then
        knowledge.raise(ctx, target, "proxy.upstream-unreachable", {
          confidence = direct.kind == "ok" and 0.9 or 0.7,
          vars = { status = status, gateway_answers = direct.kind == "ok", ws_url = tostring(target.ws_url) },
          evidence = upgrade,
        })
      else
        via_proxy.confirmed_upgrade_failure = true
        via_proxy.status = status
      end
      step:fail("upgrade refused: HTTP " .. status)
      return
    end
    local result = connect(url)
    local c = connect_errors.classify(result, sent)
    step:evidence("connect", connect_errors.summary(c))
    if c.kind == "ok" then
      step:pass("hello-ok through the proxy")
    elseif c.id == "ws.abnormal-close" then
      local spec = auth_findings.spec("ws.abnormal-close", {
        via = "probe",
        url = url,
        direct = direct.kind,
        evidence = connect_errors.evidence(c, { url = url, direct = connect_errors.summary(direct) }),
      })
      spec.severity = direct.kind == "ok" and "high" or "medium"
      oc.finding(ctx, target, spec)
      step:fail(connect_errors.summary(c))
    elseif c.id and direct.kind == "ok" then
      -- Accepted directly, refused through the proxy: the proxy changes who the client is (origin, address).
      oc.finding(
        ctx,
        target,
        auth_findings.spec(c.id, {
          via = "probe",
          classification = c,
          url = url,
          allowed_origins = allowed_origins,
          evidence = connect_errors.evidence(c, { url = url, direct = "hello-ok" }),
        })
      )
      step:fail(connect_errors.summary(c))
    else
      step:warn(connect_errors.summary(c))
    end
  end)
end

return {
  id = "openclaw.proxy",
  version = "1.1.0",
  engine = "^1",
  title = "WebSocket drops (1006) behind a reverse proxy: nginx, Apache, Caddy, Traefik, Ingress, cloudflared",
  summary = "Probes the gateway through the proxy URL (param proxy_url) and directly, and reads the nginx, Apache "
    .. "and Caddy configs, Traefik's (file provider and Docker labels), Kubernetes Ingress manifests (param "
    .. "manifests) and cloudflared's ingress rules for the routes to the gateway's port: WebSocket upgrade "
    .. "(proxy_http_version 1.1, "
    .. "Upgrade/Connection headers, proxy_wstunnel), idle timeouts shorter than the gateway's tick, forwarded "
    .. "headers from a proxy missing from gateway.trustedProxies, HTTPS on one side only, and browser origins "
    .. "missing from gateway.controlUi.allowedOrigins.",
  symptoms = {
    "gateway closed (1006)",
    "disconnected (1006): abnormal closure",
    "WebSocket connection to 'wss://' failed",
    "disconnects after 60 seconds behind nginx",
    "Proxy headers detected from untrusted address",
    "502 Bad Gateway",
    "disconnected (4008) idle timeout",
  },
  tags = { "openclaw", "proxy", "nginx", "apache", "caddy", "traefik", "kubernetes", "cloudflared", "websocket" },
  capabilities = { "net", "fs", "env", "systemd", "docker" },
  findings = {
    "proxy.no-websocket-upgrade",
    "proxy.timeout-too-low",
    "proxy.untrusted-forwarded-headers",
    "proxy.scheme-mismatch",
    "proxy.upstream-unreachable",
    "ws.abnormal-close",
    "auth.origin-not-allowed",
  },
  params = oc.with_standard_params({
    proxy_url = {
      type = "string",
      description = "The URL clients use through the proxy (https://claw.example.com "
        .. "or wss://host/path). Without it only the configs are read.",
    },
    manifests = {
      type = "string",
      description = "Kubernetes manifests with the gateway's Ingress (and its Service): their YAML text "
        .. "(kubectl get ingress,service -o yaml) or paths of files or directories the runbook may read, "
        .. "comma-separated. kubectl is never run.",
    },
  }),

  run = function(ctx, params)
    local target, token, config = resolve_the_gateway_and_its(ctx, params)
    target, token = target or {}, token or { source = "none" }
    local trusted_proxies = oc.list(oc.get(config, "gateway.trusted_proxies"))
    local allowed_origins = oc.list(oc.get(config, "gateway.control_ui.allowed_origins"))
    local gateway_tls = target.tls == true
    local sent = { token = token.value ~= nil and token.kind ~= "password", password = token.kind == "password" }

    local function connect(url)
      if type(url) ~= "string" then
        return nil
      end
      local opts = oc.connect_options(token, CONNECT_TIMEOUT)
      if url:match("^wss://") and oc.is_loopback(target.host) and url == target.ws_url then
        opts.insecure = true -- the loopback gateway's own certificate
      end
      local result = gateway.connect(url, opts)
      if type(result) == "table" and result.ok and type(result.close) == "function" then
        result:close()
      end
      return result
    end

    local direct = connect_straight_to_the_gateway(ctx, target, sent, connect) or { kind = "unknown" }
    local tick = (direct.tick or DEFAULT_TICK_SECONDS * 1000) / 1000

    local via_proxy = { confirmed_upgrade_failure = false }
    if type(params.proxy_url) == "string" and params.proxy_url ~= "" then
      probe_through_the_proxy(ctx, params, target, direct, sent, connect, allowed_origins, via_proxy)
    end

    local routes = read_the_nginx_apache_and(ctx, target) or {}
    for _, route in ipairs(read_the_traefik_kubernetes_and(ctx, params, target) or {}) do
      routes[#routes + 1] = route
    end

    judge_each_route_to_the(ctx, params, target, trusted_proxies, allowed_origins, gateway_tls, tick, via_proxy, routes)

    read_the_gateway_s_log(ctx, params, target, routes)
  end,
}
