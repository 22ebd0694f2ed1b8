-- Proxies configured in YAML or TOML, read for their routes to the gateway's port with the same route facts as
-- lib/proxy_configs (nginx, Apache, Caddy): Traefik (the file provider's static and dynamic files, Docker labels
-- and the Traefik container's command-line static config), Kubernetes Ingress and Traefik IngressRoute
-- manifests (ingress-nginx and Traefik annotations; Services resolved to their targetPort), and cloudflared's
-- ingress rules. Used by openclaw.proxy; files are parsed with fs.yaml (fs.toml for Traefik's `.toml` files, whose
-- keys are the same), containers listed with docker.containers.
--
--   local platforms = require("lib.proxy_platforms")
--   local found = platforms.read(18789, { manifests = params.manifests, docker = true })  -- {routes, files, errors}
--   platforms.traefik_routes(static, dynamic_files, 18789)       -- pure, for tests
--   platforms.traefik_label_routes(containers, static, 18789)
--   platforms.ingress_routes(documents, "ingress.yaml", 18789)
--   platforms.cloudflared_routes(config, "/etc/cloudflared/config.yml", 18789)
--
-- A route has lib/proxy_configs' fields (server = "traefik", "ingress-nginx", "traefik-ingress" or "cloudflared";
-- line is nil: YAML keys name the place, in site) plus: remote (the proxy connects from an address that is not
-- this host's loopback: a container, a pod), auth (an authenticating proxy in front: ingress-nginx auth-url,
-- Traefik forwardAuth), auth_headers (the headers it passes on), fixes (finding id -> the edit for this route)
-- and reload (how to apply it).
--
-- Not read: remotely managed cloudflared tunnels (their rules live in
-- the Cloudflare dashboard), the Kubernetes API (kubectl is not assumed: give the manifests).
local proxy_configs = require("lib.proxy_configs")

local M = {}

local SUGGESTED = "86400"
local INGRESS_NGINX_DEFAULT_TIMEOUT = 60 -- proxy-read-timeout and proxy-send-timeout
-- What each proxy adds to every request it forwards.
local TRAEFIK_FORWARDED = { "x-forwarded-for", "x-real-ip", "x-forwarded-proto", "x-forwarded-host" }
local INGRESS_NGINX_FORWARDED = { "x-forwarded-for", "x-real-ip", "x-forwarded-proto", "x-forwarded-host" }
local CLOUDFLARED_FORWARDED = { "x-forwarded-for", "x-forwarded-proto" }

-- Traefik keys are case-insensitive: the value at a dotted path, matching each key without case.
local function iget(tbl, path)
  local node = tbl
  for part in tostring(path):gmatch("[^.]+") do
    if type(node) ~= "table" then
      return nil
    end
    local wanted, found = part:lower(), nil
    for key, value in pairs(node) do
      if type(key) == "string" and key:lower() == wanted then
        found = value
        break
      end
    end
    node = found
  end
  return node
end

local function list(value)
  if type(value) == "table" then
    return value
  elseif value == nil then
    return {}
  end
  local out = {}
  for item in tostring(value):gmatch("[^,%s]+") do
    out[#out + 1] = item
  end
  return out
end

-- Seconds of a Traefik duration: a bare number is seconds ("180"), else a Go duration ("3m", "90s").
local function duration(value)
  if type(value) == "number" then
    return value
  end
  return proxy_configs.seconds(value)
end

local function copy(items)
  local out = {}
  for i, item in ipairs(items) do
    out[i] = item
  end
  return out
end

-- Host names of a Traefik rule: Host(`a`) || Host(`b`, `c`); HostRegexp is skipped.
local function rule_hosts(rule)
  local hosts = {}
  for args in tostring(rule or ""):gmatch("Host%(([^)]*)%)") do
    for name in args:gmatch("[`\"']([^`\"']+)[`\"']") do
      hosts[#hosts + 1] = name
    end
  end
  return hosts
end

-- Traefik -----------------------------------------------------------------------------------------------------

-- Sets tree[a][b][c] = value for the dotted path "a.b.c" (lower-cased, as Traefik reads its flags and labels),
-- making the tables on the way.
local function set_dotted(tree, dotted, value)
  local parts = {}
  for part in dotted:lower():gmatch("[^.]+") do
    parts[#parts + 1] = part
  end
  local node = tree
  for i = 1, #parts - 1 do
    node[parts[i]] = type(node[parts[i]]) == "table" and node[parts[i]] or {}
    node = node[parts[i]]
  end
  if #parts > 0 then
    node[parts[#parts]] = value
  end
end

-- The Traefik static config given as command-line flags (--entrypoints.web.address=:80 ...) as a table.
function M.traefik_static_from_args(command)
  local static = {}
  for flag in tostring(command or ""):gmatch("%-%-(%S+)") do
    local path, value = flag:match("^([^=]+)=(.*)$")
    path, value = path or flag, value or "true"
    set_dotted(static, path, value)
  end
  return static
end

-- The shortest explicit idle limit of the entry points a router uses: {seconds, directive} or nil.
-- respondingTimeouts.readTimeout is a deadline on the client connection and idleTimeout closes idle ones
-- (traefik/traefik#8668: WebSockets cut at 180 s); only values set explicitly are counted.
local function traefik_timeout(static, entry_points)
  local names = list(entry_points)
  if #names == 0 then
    for name in pairs(type(iget(static, "entryPoints")) == "table" and iget(static, "entryPoints") or {}) do
      names[#names + 1] = name
    end
    table.sort(names)
  end
  local best
  for _, name in ipairs(names) do
    for _, key in ipairs({ "readTimeout", "idleTimeout" }) do
      local raw = iget(static, "entryPoints." .. name .. ".transport.respondingTimeouts." .. key)
      local seconds = duration(raw)
      if seconds and seconds > 0 and (not best or seconds < best.seconds) then
        best = {
          seconds = seconds,
          directive = "entryPoints." .. name .. ".transport.respondingTimeouts." .. key .. ": " .. tostring(raw),
          entry_point = name,
          key = key,
        }
      end
    end
  end
  return best
end

local function traefik_tls(static, router)
  if router.tls ~= nil and router.tls ~= false and router.tls ~= "false" then
    return true
  end
  for _, name in ipairs(list(router.entryPoints)) do
    if iget(static, "entryPoints." .. name .. ".http.tls") ~= nil then
      return true
    end
  end
  return false
end

-- Middlewares that authenticate (forwardAuth: oauth2-proxy, Authelia): {address, headers} or nil.
local function traefik_auth(middlewares, names)
  for _, name in ipairs(list(names)) do
    local middleware = middlewares[(tostring(name):gsub("@.*$", ""))]
    local forward = type(middleware) == "table" and iget(middleware, "forwardAuth")
    if type(forward) == "table" then
      return { address = iget(forward, "address"), headers = list(iget(forward, "authResponseHeaders")) }
    end
  end
  return nil
end

local function traefik_route(args)
  local url = args.url
  local timeout = traefik_timeout(args.static, args.entry_points)
  local timeout_fix = timeout
    and ("in the Traefik static config: entryPoints." .. timeout.entry_point .. ".transport.respondingTimeouts.")
      .. (timeout.key .. ": " .. SUGGESTED .. "s (or remove it), then restart Traefik")
  local route = {
    server = "traefik",
    file = args.file,
    site = args.site,
    upstream = args.upstream,
    upstream_scheme = url.scheme,
    upstream_host = url.host,
    tls = args.tls,
    server_names = args.hosts,
    websocket_ok = true, -- Traefik passes the upgrade by default
    websocket_missing = {},
    read_timeout = timeout and timeout.seconds,
    timeout_directive = timeout and timeout.directive or "none set (Traefik keeps WebSockets open)",
    forwarded_headers = copy(TRAEFIK_FORWARDED),
    remote = args.remote,
    auth = args.auth and args.auth.address,
    auth_headers = args.auth and args.auth.headers,
    reload = args.reload,
    fixes = {
      ["proxy.timeout-too-low"] = timeout and timeout_fix or nil,
      ["proxy.scheme-mismatch"] = "in "
        .. tostring(args.file)
        .. " ("
        .. tostring(args.site)
        .. "): the server URL's scheme must match the gateway (http:// unless gateway.tls.enabled)",
    },
  }
  return route
end

-- Routes of the file provider's dynamic config (files: {{path, value}}) to `port`. `static`: traefik.yml.
function M.traefik_routes(static, files, port)
  local services, middlewares, routers = {}, {}, {}
  for _, file in ipairs(files or {}) do
    local http = iget(file.value, "http")
    for name, service in pairs(type(iget(http, "services")) == "table" and iget(http, "services") or {}) do
      services[name] = { value = service, file = file.path }
    end
    for name, middleware in pairs(type(iget(http, "middlewares")) == "table" and iget(http, "middlewares") or {}) do
      middlewares[name] = middleware
    end
    for name, router in pairs(type(iget(http, "routers")) == "table" and iget(http, "routers") or {}) do
      routers[#routers + 1] = { name = name, value = router, file = file.path }
    end
  end
  table.sort(routers, function(a, b)
    return a.name < b.name
  end)
  local routes = {}
  for _, router in ipairs(routers) do
    local r = router.value
    local service_name = tostring(iget(r, "service") or ""):gsub("@.*$", "")
    local service = services[service_name]
    for _, server in ipairs(list(iget(service and service.value, "loadBalancer.servers"))) do
      local url = proxy_configs.split_url(iget(server, "url"))
      if url and url.port == port then
        routes[#routes + 1] = traefik_route({
          file = router.file,
          site = "http.routers." .. router.name,
          upstream = iget(server, "url"),
          url = url,
          static = static,
          entry_points = iget(r, "entryPoints"),
          tls = traefik_tls(static, { tls = iget(r, "tls"), entryPoints = iget(r, "entryPoints") }),
          hosts = rule_hosts(iget(r, "rule")),
          remote = not (url.host:match("^127%.") or url.host == "localhost" or url.host == "::1"),
          auth = traefik_auth(middlewares, iget(r, "middlewares")),
          reload = "Traefik reloads its file provider by itself (providers.file.watch); else restart it",
        })
        break
      end
    end
  end
  return routes
end

-- Routes from Docker labels (traefik.http.routers.NAME.rule=...) of `containers` (docker.containers results)
-- to `port`: the service's loadbalancer.server.port, else the container's only port. `static`: Traefik's static
-- config (exposedByDefault). Traefik connects from its own container: never loopback.
function M.traefik_label_routes(containers, static, port)
  local exposed_default = tostring(iget(static, "providers.docker.exposedByDefault") or "true") ~= "false"
  local routes = {}
  for _, container in ipairs(containers or {}) do
    local labels = type(container.labels) == "table" and container.labels or {}
    local tree = {}
    for key, value in pairs(labels) do
      local rest = key:match("^traefik%.(.+)$")
      if rest then
        set_dotted(tree, rest, value)
      end
    end
    local enabled = tree.enable == nil and exposed_default or tree.enable == "true"
    local http = type(tree.http) == "table" and tree.http or {}
    local services = type(http.services) == "table" and http.services or {}
    local routers = type(http.routers) == "table" and http.routers or {}
    local name = tostring(container.name or container.short_id or container.id)
    if enabled and next(routers) == nil and next(labels) ~= nil and tree.enable == "true" then
      routers["(default)"] = {} -- traefik.enable=true alone: Traefik makes a router named after the container
    end
    local router_names = {}
    for router_name in pairs(routers) do
      router_names[#router_names + 1] = router_name
    end
    table.sort(router_names)
    for _, router_name in ipairs(router_names) do
      local router = routers[router_name]
      local service_name = router.service or next(services)
      local service = services[service_name] or {}
      local target = tonumber(iget(service, "loadbalancer.server.port"))
      if not target then
        local ports = type(container.ports) == "table" and container.ports or {}
        target = #ports == 1 and tonumber(ports[1].container_port) or nil
      end
      if enabled and target == port then
        local scheme = iget(service, "loadbalancer.server.scheme") or "http"
        local upstream = scheme .. "://" .. name .. ":" .. port
        routes[#routes + 1] = traefik_route({
          file = "docker container " .. name,
          site = "traefik.http.routers." .. router_name,
          upstream = upstream,
          url = { scheme = scheme, host = name, port = port },
          static = static,
          entry_points = router.entrypoints,
          tls = traefik_tls(static, { tls = router.tls, entryPoints = router.entrypoints }),
          hosts = rule_hosts(router.rule),
          remote = true,
          auth = nil,
          reload = "docker compose up -d   # labels apply when the container is recreated",
        })
      end
    end
  end
  return routes
end

-- Kubernetes -----------------------------------------------------------------------------------------------------

-- Every object of the documents: a `kind: List` (kubectl get -o yaml) is opened.
local function objects(documents)
  local out = {}
  local function add(value)
    if type(value) ~= "table" then
      return
    end
    if value.kind == "List" or (value.kind == nil and value[1] ~= nil) then
      for _, item in ipairs(value.items or value) do
        add(item)
      end
    elseif value.kind then
      out[#out + 1] = value
    end
  end
  add(documents)
  return out
end

-- Whether a backend (service name, port number or name) reaches `port`, through the Services and workloads in
-- the same manifests; without the Service, a backend port equal to the gateway port.
local function backend_reaches(objs, namespace, service_name, service_port, port)
  local numbered = tonumber(service_port)
  for _, obj in ipairs(objs) do
    local meta = type(obj.metadata) == "table" and obj.metadata or {}
    if obj.kind == "Service" and meta.name == service_name and (meta.namespace or "default") == namespace then
      for _, entry in ipairs(type(obj.spec) == "table" and obj.spec.ports or {}) do
        if (numbered and tonumber(entry.port) == numbered) or (not numbered and entry.name == service_port) then
          local target = entry.targetPort or entry.port
          if tonumber(target) then
            return tonumber(target) == port, "Service " .. service_name .. " targetPort " .. tostring(target)
          end
          -- A named targetPort: a container port of that name in the manifests' workloads.
          for _, workload in ipairs(objs) do
            local spec = type(workload.spec) == "table" and workload.spec or {}
            local pod = type(spec.template) == "table" and spec.template.spec or spec
            for _, container in
              ipairs(type(pod) == "table" and type(pod.containers) == "table" and pod.containers or {})
            do
              for _, container_port in ipairs(type(container.ports) == "table" and container.ports or {}) do
                if container_port.name == target and tonumber(container_port.containerPort) == port then
                  return true, "Service " .. service_name .. " targetPort " .. target .. " = " .. port
                end
              end
            end
          end
          return false, "Service " .. service_name .. " targetPort " .. tostring(target)
        end
      end
      return false, "Service " .. service_name .. " has no port " .. tostring(service_port)
    end
  end
  return numbered == port, "backend port " .. tostring(service_port) .. " (Service not in the manifests)"
end

local function ingress_kind(ingress)
  local annotations = type(ingress.metadata) == "table"
      and type(ingress.metadata.annotations) == "table"
      and ingress.metadata.annotations
    or {}
  local class = (type(ingress.spec) == "table" and ingress.spec.ingressClassName)
    or annotations["kubernetes.io/ingress.class"]
  for key in pairs(annotations) do
    if key:match("^nginx%.ingress%.kubernetes%.io/") then
      return "ingress-nginx", annotations
    elseif key:match("^traefik%.ingress%.kubernetes%.io/") then
      return "traefik-ingress", annotations
    end
  end
  if class and tostring(class):find("traefik", 1, true) then
    return "traefik-ingress", annotations
  end
  return "ingress-nginx", annotations -- the class "nginx" and the common default
end

local function ingress_route(args)
  local kind, annotations, name = args.kind, args.annotations, args.name
  local route = {
    server = kind,
    file = args.file,
    site = args.site,
    upstream = args.upstream,
    upstream_scheme = args.scheme,
    upstream_host = args.service,
    tls = args.tls,
    server_names = args.hosts,
    websocket_ok = true, -- both controllers pass the upgrade by default
    websocket_missing = {},
    remote = true, -- the controller's pod
    reload = "kubectl apply -f " .. tostring(args.file),
    fixes = {},
  }
  if kind == "ingress-nginx" then
    local read = annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]
    local send = annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]
    local read_s = tonumber(read) or INGRESS_NGINX_DEFAULT_TIMEOUT
    local send_s = tonumber(send) or INGRESS_NGINX_DEFAULT_TIMEOUT
    route.read_timeout = math.min(read_s, send_s)
    local read_directive = read and ("nginx.ingress.kubernetes.io/proxy-read-timeout: " .. tostring(read))
      or "default proxy-read-timeout (60s)"
    local send_directive = send and ("nginx.ingress.kubernetes.io/proxy-send-timeout: " .. tostring(send))
      or "default proxy-send-timeout (60s)"
    route.timeout_directive = read_s <= send_s and read_directive or send_directive
    route.forwarded_headers = copy(INGRESS_NGINX_FORWARDED)
    route.auth = annotations["nginx.ingress.kubernetes.io/auth-url"]
    route.auth_headers = list(annotations["nginx.ingress.kubernetes.io/auth-response-headers"])
    route.fixes["proxy.timeout-too-low"] = "kubectl annotate ingress "
      .. name
      .. " --overwrite nginx.ingress.kubernetes.io/proxy-read-timeout="
      .. SUGGESTED
      .. " nginx.ingress.kubernetes.io/proxy-send-timeout="
      .. SUGGESTED
      .. "   # and the same in "
      .. tostring(args.file)
    if (annotations["nginx.ingress.kubernetes.io/backend-protocol"] or ""):upper() == "HTTPS" then
      route.upstream_scheme = "https"
    end
    route.fixes["proxy.scheme-mismatch"] = "in "
      .. tostring(args.file)
      .. ": nginx.ingress.kubernetes.io/backend-protocol must match the gateway (HTTP unless gateway.tls.enabled)"
  else
    route.timeout_directive = "none in the Ingress (Traefik's entry points decide)"
    route.forwarded_headers = copy(TRAEFIK_FORWARDED)
    route.fixes["proxy.scheme-mismatch"] = "in "
      .. tostring(args.file)
      .. ": the Service port's scheme (traefik.ingress.kubernetes.io/service.serversscheme) must match the gateway"
  end
  return route
end

-- Routes of Kubernetes manifests (a document or a list of documents) to `port`: Ingress (networking.k8s.io/v1
-- and the older extensions/v1beta1 shape) and Traefik's IngressRoute.
function M.ingress_routes(documents, file, port)
  local objs = objects(documents)
  local routes = {}
  for _, obj in ipairs(objs) do
    local meta = type(obj.metadata) == "table" and obj.metadata or {}
    local namespace = meta.namespace or "default"
    local spec = type(obj.spec) == "table" and obj.spec or {}
    if obj.kind == "Ingress" then
      local kind, annotations = ingress_kind(obj)
      local tls_hosts = {}
      for _, entry in ipairs(type(spec.tls) == "table" and spec.tls or {}) do
        for _, host in ipairs(type(entry.hosts) == "table" and entry.hosts or {}) do
          tls_hosts[host] = true
        end
      end
      local rules = type(spec.rules) == "table" and spec.rules or {}
      if spec.defaultBackend or spec.backend then
        rules[#rules + 1] =
          { http = { paths = { { path = "(default backend)", backend = spec.defaultBackend or spec.backend } } } }
      end
      for _, rule in ipairs(rules) do
        local http = type(rule.http) == "table" and rule.http or {}
        for _, path in ipairs(type(http.paths) == "table" and http.paths or {}) do
          local backend = type(path.backend) == "table" and path.backend or {}
          local service = type(backend.service) == "table" and backend.service or {}
          local service_name = service.name or backend.serviceName
          local service_port = type(service.port) == "table" and (service.port.number or service.port.name)
            or backend.servicePort
          if service_name then
            local reaches, how = backend_reaches(objs, namespace, service_name, service_port, port)
            if reaches then
              local tls = (rule.host and tls_hosts[rule.host]) or false
              if kind == "traefik-ingress" and annotations["traefik.ingress.kubernetes.io/router.tls"] == "true" then
                tls = true
              end
              local route = ingress_route({
                kind = kind,
                annotations = annotations,
                name = tostring(meta.name),
                file = file,
                site = "Ingress "
                  .. namespace
                  .. "/"
                  .. tostring(meta.name)
                  .. " "
                  .. tostring(rule.host or "*")
                  .. tostring(path.path or "/"),
                upstream = service_name .. ":" .. tostring(service_port) .. " (" .. how .. ")",
                scheme = "http",
                service = service_name,
                tls = tls,
                hosts = rule.host and { rule.host } or {},
              })
              routes[#routes + 1] = route
            end
          end
        end
      end
    elseif obj.kind == "IngressRoute" and tostring(obj.apiVersion or ""):match("traefik") then
      for index, entry in ipairs(type(spec.routes) == "table" and spec.routes or {}) do
        for _, service in ipairs(type(entry.services) == "table" and entry.services or {}) do
          local reaches, how = backend_reaches(objs, service.namespace or namespace, service.name, service.port, port)
          if service.name and reaches then
            local route = ingress_route({
              kind = "traefik-ingress",
              annotations = {},
              name = tostring(meta.name),
              file = file,
              site = "IngressRoute " .. namespace .. "/" .. tostring(meta.name) .. " routes[" .. index .. "]",
              upstream = tostring(service.name) .. ":" .. tostring(service.port) .. " (" .. how .. ")",
              scheme = service.scheme or "http",
              service = service.name,
              tls = spec.tls ~= nil,
              hosts = rule_hosts(entry.match),
            })
            routes[#routes + 1] = route
          end
        end
      end
    end
  end
  return routes
end

-- cloudflared --------------------------------------------------------------------------------------------------

-- Routes of a cloudflared config (ingress rules) to `port`. The edge serves HTTPS; cloudflared forwards the
-- upgrade by default and keeps WebSockets open; it connects from this host when the service is local.
function M.cloudflared_routes(config, file, port)
  local routes = {}
  for index, rule in ipairs(type(config) == "table" and type(config.ingress) == "table" and config.ingress or {}) do
    local service = type(rule) == "table" and rule.service
    local url = type(service) == "string" and service:match("^%a+://") and proxy_configs.split_url(service)
    if url and url.port == port and url.scheme ~= "tcp" and url.scheme ~= "unix" then
      local local_origin = url.host == "localhost" or url.host:match("^127%.") ~= nil or url.host == "::1"
      routes[#routes + 1] = {
        server = "cloudflared",
        file = file,
        site = "ingress[" .. index .. "] " .. tostring(rule.hostname or "*") .. tostring(rule.path or ""),
        upstream = service,
        upstream_scheme = url.scheme,
        upstream_host = url.host,
        tls = true,
        server_names = rule.hostname and { rule.hostname } or {},
        websocket_ok = true,
        websocket_missing = {},
        read_timeout = nil,
        timeout_directive = "none (cloudflared keeps WebSockets open)",
        forwarded_headers = copy(CLOUDFLARED_FORWARDED),
        remote = not local_origin,
        reload = "sudo systemctl restart cloudflared",
        fixes = {
          ["proxy.scheme-mismatch"] = "in "
            .. file
            .. " ingress["
            .. index
            .. "]: service: "
            .. (url.scheme == "https" and "http" or "https")
            .. "://"
            .. url.host
            .. ":"
            .. port
            .. " (the gateway's scheme)",
        },
      }
    end
  end
  return routes
end

-- Reading the machine -------------------------------------------------------------------------------------------

-- The files matching `pattern`, parsed ({path, value} each; fs.toml for `.toml`, else fs.yaml); what fails to
-- read or parse goes to `errors`, what is read to `files`.
local function config_files(pattern, files, errors)
  local out = {}
  local ok, listing = pcall(fs.glob, pattern)
  if not ok then
    errors[#errors + 1] = tostring(listing)
    return out
  end
  if type(listing) == "table" and (tonumber(listing.denied) or 0) > 0 then
    errors[#errors + 1] = pattern .. ": " .. listing.denied .. " file(s) outside the paths this runbook may read"
  end
  for _, path in ipairs(type(listing) == "table" and type(listing.matches) == "table" and listing.matches or {}) do
    local parse = path:match("%.toml$") and fs.toml or fs.yaml
    local read_ok, value, err = pcall(parse, { path = path })
    if not read_ok then
      errors[#errors + 1] = tostring(value)
    elseif value == nil and err ~= nil then
      if err ~= "is_directory" then
        errors[#errors + 1] = path .. ": " .. tostring(err)
      end
    else
      out[#out + 1] = { path = path, value = value }
      files[#files + 1] = path
    end
  end
  return out
end

-- Every route to `port` in the Traefik, cloudflared and Kubernetes configs found: {routes, files, errors}.
-- opts.manifests: YAML text (with a newline) or paths (file, directory; comma-separated) of Kubernetes manifests.
-- opts.docker: list containers for Traefik labels (the runbook declares docker).
function M.read(port, opts)
  opts = opts or {}
  local routes, files, errors = {}, {}, {}
  local function add(found)
    for _, route in ipairs(found) do
      routes[#routes + 1] = route
    end
  end

  -- Traefik: the static file, the file provider's dynamic files, then containers' labels.
  local static_files = config_files("/etc/traefik/traefik.{yml,yaml,toml}", files, errors)
  local static = static_files[1] and static_files[1].value or {}
  local dynamic_patterns = {}
  local filename = iget(static, "providers.file.filename")
  local directory = iget(static, "providers.file.directory")
  if type(filename) == "string" then
    dynamic_patterns[#dynamic_patterns + 1] = filename
  end
  if type(directory) == "string" then
    dynamic_patterns[#dynamic_patterns + 1] = directory:gsub("/$", "") .. "/*.{yml,yaml,toml}"
  end
  if #dynamic_patterns == 0 then
    dynamic_patterns[1] = "/etc/traefik/{dynamic,conf.d,conf}/*.{yml,yaml,toml}"
  end
  local dynamic = {}
  for _, pattern in ipairs(dynamic_patterns) do
    for _, entry in ipairs(config_files(pattern, files, errors)) do
      dynamic[#dynamic + 1] = entry
    end
  end
  -- A static file may carry dynamic sections too (not Traefik's rule, but seen in the wild): not counted twice.
  add(M.traefik_routes(static, dynamic, port))

  if opts.docker then
    local listing = docker.containers({})
    if type(listing) == "table" and listing.ok then
      local containers = listing.containers or {}
      local docker_static = static
      for _, container in ipairs(containers) do
        if tostring(container.image):find("traefik", 1, true) then
          docker_static = M.traefik_static_from_args(container.command)
          break
        end
      end
      add(M.traefik_label_routes(containers, docker_static, port))
    elseif type(listing) == "table" and listing.error ~= "socket_missing" then
      errors[#errors + 1] = "docker: " .. tostring(listing.message or listing.error)
    end
  end

  -- cloudflared: the locations it searches itself.
  for _, pattern in ipairs({
    "{/etc/cloudflared,/usr/local/etc/cloudflared}/config.{yml,yaml}",
    "~/.cloudflared/config.{yml,yaml}",
  }) do
    for _, entry in ipairs(config_files(pattern, files, errors)) do
      add(M.cloudflared_routes(entry.value, entry.path, port))
    end
  end

  -- Kubernetes manifests: given, never fetched.
  local manifests = opts.manifests
  if type(manifests) == "string" and manifests ~= "" then
    if manifests:find("\n", 1, true) then
      local value, err = fs.yaml({ text = manifests })
      if value == nil and err then
        errors[#errors + 1] = "manifests: " .. tostring(err)
      else
        files[#files + 1] = "(manifests param)"
        add(M.ingress_routes(value, "(manifests param)", port))
      end
    else
      for path in manifests:gmatch("[^,]+") do
        local ok, stat = pcall(fs.stat, path)
        local pattern = path
        if ok and type(stat) == "table" and stat.type == "directory" then
          pattern = path:gsub("/$", "") .. "/*.{yml,yaml}"
        elseif not ok then
          errors[#errors + 1] = tostring(stat)
        end
        for _, entry in ipairs(ok and config_files(pattern, files, errors) or {}) do
          add(M.ingress_routes(entry.value, entry.path, port))
        end
      end
    end
  end
  return { routes = routes, files = files, errors = errors }
end

return M
