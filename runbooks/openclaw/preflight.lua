-- openclaw.preflight: the seeds' prevention checklist as an audit a CI job or a provisioning script can gate on
-- (`clawbook run openclaw.preflight --fail-on medium`). Every finding is low or medium: nothing is broken yet,
-- but each item is a known way to break later. Read-only, no network: the config, how the gateway is deployed
-- (host processes, systemd units, containers) and the reverse proxy configs on this machine.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local deploy = require("lib.deployments")

local CONTAINER_KINDS = { docker = true, podman = true, containerd = true, kubernetes = true, lxc = true }
local VOLATILE_DIRS = { "/tmp/", "/var/tmp/", "/dev/shm/", "/run/" }
-- The gateway sends a tick every 30 s (15 s in newer versions); a proxy that closes idle WebSockets sooner than
-- twice that drops quiet clients (1006, or 4008 in the Control UI).
local MIN_PROXY_IDLE_SECONDS = 60
local PROXY_CONFIGS = {
  { server = "nginx", glob = "/etc/nginx/nginx.conf" },
  { server = "nginx", glob = "/etc/nginx/conf.d/*.conf" },
  { server = "nginx", glob = "/etc/nginx/sites-enabled/*" },
  { server = "apache", glob = "/etc/apache2/sites-enabled/*" },
  { server = "apache", glob = "/etc/httpd/conf.d/*.conf" },
  { server = "caddy", glob = "/etc/caddy/Caddyfile" },
}
-- Idle timeout directives per server: a Lua pattern capturing the number and its unit (seconds when none).
local TIMEOUT_DIRECTIVES = {
  nginx = {
    { name = "proxy_read_timeout", pattern = "proxy_read_timeout%s+(%d+)(%a*)" },
    { name = "proxy_send_timeout", pattern = "proxy_send_timeout%s+(%d+)(%a*)" },
  },
  apache = {
    { name = "ProxyTimeout", pattern = "ProxyTimeout%s+(%d+)(%a*)" },
    { name = "ProxyPass timeout=", pattern = "ProxyPass%s[^\n]-timeout=(%d+)(%a*)" },
  },
  caddy = {
    { name = "read_timeout", pattern = "read_timeout%s+(%d+)(%a*)" },
    { name = "stream_timeout", pattern = "stream_timeout%s+(%d+)(%a*)" },
  },
}
local UNIT_SECONDS = { [""] = 1, s = 1, ms = 0.001, m = 60, h = 3600, d = 86400 }

local list = oc.list

-- The timeouts (seconds) a proxy config sets, with the directive text, for a config that proxies to `port`.
local function proxy_timeouts(server, text, port)
  local proxied = text:find(":" .. port, 1, true) ~= nil
  local found = {}
  if proxied then
    for _, directive in ipairs(TIMEOUT_DIRECTIVES[server]) do
      for number, unit in text:gmatch(directive.pattern) do
        found[#found + 1] = {
          seconds = tonumber(number) * (UNIT_SECONDS[unit:lower()] or 1),
          directive = directive.name .. " " .. number .. unit,
        }
      end
    end
  end
  return proxied, found
end

-- Read the config.
local function read_the_config(ctx, params)
  return ctx:step("Read the config", function(step)
    local loaded = openclaw.config({ profile = params.profile })
    if type(loaded) ~= "table" then
      step:fail("the config could not be read")
      return nil
    end
    step:evidence("path", loaded.path):evidence("source", loaded.source):evidence("legacy", loaded.legacy)
    if loaded.ok == true then
      step:pass(tostring(loaded.path))
      return loaded
    elseif loaded.error == "invalid" then
      knowledge.raise(ctx, nil, "config.invalid", {
        variant = "preflight",
        confidence = 0.95,
        vars = {
          path = tostring(loaded.path),
          line = tostring(loaded.line),
          column = tostring(loaded.column),
          message = tostring(loaded.message),
        },
        evidence = { path = loaded.path, line = loaded.line, column = loaded.column, message = loaded.message },
      })
      step:fail("invalid JSON5")
      return nil
    elseif loaded.error == "not_found" then
      step:warn("no config at " .. tostring(loaded.path) .. ": audited as an empty config")
      return { ok = false, path = loaded.path, gateway = {}, legacy = {} }
    end
    step:fail(tostring(loaded.error) .. ": " .. tostring(loaded.message))
    return nil
  end)
end

-- Token pinned.
local function token_pinned(ctx, config)
  return ctx:step("Token pinned", function(step)
    if not config then
      step:skip("no config to read")
      return
    end
    local mode = oc.get(config, "gateway.auth.mode.value") or "token"
    local secret = list(oc.get(config, "gateway.auth.secret"))
    step
      :evidence("auth_mode", mode)
      :evidence("secret", { source = secret.source, set = secret.set, fingerprint = secret.fingerprint })
    if mode ~= "token" then
      step:pass("auth mode " .. tostring(mode) .. ": no generated token involved")
      return
    end
    if secret.set == true then
      local shell_only = tostring(secret.source):match("^env:") ~= nil
      step:pass(
        "pinned by "
          .. tostring(secret.source)
          .. (shell_only and " (in this shell: make sure the service's environment has it too)" or "")
      )
      return
    end
    local legacy
    for _, entry in ipairs(list(config.legacy)) do
      if entry.key == "gateway.token" then
        legacy = entry
      end
    end
    knowledge.raise(ctx, nil, "auth.token-not-pinned", {
      variant = "preflight",
      severity = "medium",
      confidence = 0.9,
      vars = { legacy_key = legacy ~= nil },
      evidence = { config = config.path, auth_mode = mode, legacy_key = legacy and legacy.key },
    })
    step:fail("not pinned")
  end)
end

-- Mode explicit.
local function mode_explicit(ctx, config)
  return ctx:step("Mode explicit", function(step)
    if not config then
      step:skip("no config to read")
      return
    end
    local mode = list(oc.get(config, "gateway.mode"))
    step:evidence("gateway.mode", mode)
    if mode.value ~= nil and mode.valid ~= false then
      step:pass("gateway.mode = " .. tostring(mode.value))
      return
    end
    knowledge.raise(ctx, nil, "preflight.mode-not-explicit", {
      variant = mode.value ~= nil and "invalid" or nil,
      confidence = 0.9,
      vars = { mode = tostring(mode.value) },
      evidence = { config = config.path, mode = mode.value },
    })
    step:fail("not explicit")
  end)
end

-- Find how the gateway is deployed.
local function find_how_the_gateway_is(ctx)
  return ctx:step("Find how the gateway is deployed", function(step)
    local found = { containers = {}, units = {}, processes = {} }
    local docker_info = docker.available({})
    if type(docker_info) == "table" and docker_info.available == true then
      for _, summary in ipairs(deploy.find_containers() or {}) do
        local inspected = docker.inspect(summary.id, { paths = deploy.STATE_PATHS })
        if type(inspected) == "table" and inspected.ok == true then
          found.containers[#found.containers + 1] = inspected
        end
      end
    end
    local systemd_info = systemd.available({})
    if type(systemd_info) == "table" and systemd_info.available == true then
      for _, unit in ipairs(deploy.gateway_units(systemd.units({ pattern = "*claw*" }))) do
        local shown = systemd.unit(unit.name, { scope = unit.scope })
        if type(shown) == "table" and shown.ok == true and shown.found ~= false then
          found.units[#found.units + 1] = shown
        end
      end
    end
    -- openclaw.gateways: each process with the state dir its environment names (profiles run one gateway each).
    for _, process in ipairs(list(openclaw.gateways())) do
      -- A gateway's own child is not a second instance; a containerised one is counted as its container.
      if not process.parent_gateway then
        local cgroup = list(proc.cgroup(process.pid))
        if not CONTAINER_KINDS[cgroup.kind] then
          process.cgroup = cgroup
          found.processes[#found.processes + 1] = process
        end
      end
    end
    step
      :evidence("containers", #found.containers)
      :evidence("units", #found.units)
      :evidence("host_processes", #found.processes)
    step:pass(
      #found.containers .. " container(s), " .. #found.units .. " unit(s), " .. #found.processes .. " host process(es)"
    )
    return found
  end)
end

-- Data persisted.
local function data_persisted(ctx, params, deployed)
  return ctx:step("Data persisted", function(step)
    local paths = openclaw.paths({ profile = params.profile })
    local state_dir = tostring(list(paths).state_dir)
    step:evidence("state_dir", state_dir)
    local problems = 0
    if oc.starts_with_any(state_dir .. "/", VOLATILE_DIRS) then
      problems = problems + 1
      knowledge.raise(ctx, nil, "preflight.data-not-persisted", {
        confidence = 0.85,
        vars = { state_dir = state_dir },
        evidence = { state_dir = state_dir, source = list(paths).state_dir_source },
      })
    end
    for _, container in ipairs(deployed.containers) do
      local persistence = deploy.state_persistence(container)
      if not persistence.persisted then
        problems = problems + 1
        knowledge.raise(ctx, nil, "preflight.data-not-persisted", {
          variant = "container",
          confidence = 0.85,
          vars = {
            container = tostring(container.name),
            official_state_dir = deploy.OFFICIAL_STATE_DIR,
            seed_note = persistence.only_seed_path == true,
          },
          evidence = { container = container.name, image = container.image, mounts = container.mounts },
        })
      end
    end
    if problems > 0 then
      step:fail(problems .. " place(s) where state is not persisted")
    else
      step:pass("state dir " .. state_dir .. (#deployed.containers > 0 and ", container state on volumes" or ""))
    end
  end)
end

-- One instance per machine.
local function one_instance_per_machine(ctx, deployed)
  return ctx:step("One instance per machine", function(step)
    -- Instances are grouped by the state dir their environment names (openclaw.gateways), else by profile name:
    -- two profiles are two installs, two gateways of one state dir are one too many.
    local by_profile, order, names = {}, {}, {}
    local function add(profile, what, key)
      profile = profile or "default"
      key = key or profile
      if not by_profile[key] then
        by_profile[key] = {}
        order[#order + 1] = key
      end
      names[key] = profile
      table.insert(by_profile[key], what)
    end
    for _, process in ipairs(deployed.processes) do
      local identity = list(process.gateway)
      local home = list(process.home)
      local state_dir = home.from == "environ" and home.namespace == nil and home.state_dir or nil
      add(
        home.profile or identity.profile,
        "pid "
          .. tostring(process.pid)
          .. " ("
          .. tostring(process.comm)
          .. (identity.port and (", --port " .. tostring(identity.port)) or "")
          .. (state_dir and (", " .. state_dir) or "")
          .. ")",
        state_dir
      )
    end
    -- Units count when nothing runs yet: two enabled units are two instances at the next boot.
    if #deployed.processes == 0 then
      for _, unit in ipairs(deployed.units) do
        if deploy.unit_in_use(unit) then
          add(unit.id and unit.id:match("^openclaw%-gateway%-(.+)%.service$"), unit.scope .. " unit " .. unit.id)
        end
      end
    end
    local duplicated = 0
    for _, key in ipairs(order) do
      if #by_profile[key] > 1 then
        duplicated = duplicated + 1
        knowledge.raise(ctx, nil, "preflight.multiple-instances", {
          confidence = 0.85,
          vars = {
            count = #by_profile[key],
            profile = names[key],
            instances = table.concat(by_profile[key], "; "),
          },
          evidence = {
            profile = names[key],
            state_dir = key ~= names[key] and key or nil,
            instances = by_profile[key],
          },
        })
      end
    end
    if duplicated > 0 then
      step:fail("more than one instance of a profile")
    elseif #order == 0 then
      step:skip("no gateway runs or is installed as a service here")
    else
      step:pass("one instance per profile")
    end
  end)
end

-- Keepalive behind proxies.
local function keepalive_behind_proxies(ctx, config)
  return ctx:step("Keepalive behind proxies", function(step)
    local port = tostring(oc.get(config, "gateway.port.value") or deploy.GATEWAY_PORT)
    local proxies, short = {}, 0
    for _, source in ipairs(PROXY_CONFIGS) do
      local globbed = fs.glob(source.glob)
      for _, path in ipairs(list(list(globbed).matches)) do
        local file = fs.read(path)
        if type(file) == "table" and file.ok == true then
          local proxied, timeouts = proxy_timeouts(source.server, tostring(file.text), port)
          if proxied then
            proxies[#proxies + 1] = path
            for _, timeout in ipairs(timeouts) do
              if timeout.seconds < MIN_PROXY_IDLE_SECONDS then
                short = short + 1
                knowledge.raise(ctx, nil, "preflight.proxy-idle-timeout", {
                  variant = (source.server == "nginx" or source.server == "apache") and source.server or nil,
                  confidence = 0.8,
                  vars = {
                    server = source.server,
                    seconds = timeout.seconds,
                    file = path,
                    directive = timeout.directive,
                    minimum = MIN_PROXY_IDLE_SECONDS,
                    gateway_port = port,
                  },
                  evidence = {
                    server = source.server,
                    file = path,
                    directive = timeout.directive,
                    seconds = timeout.seconds,
                  },
                })
              end
            end
          end
        end
      end
    end
    step:evidence("proxy_configs", proxies)
    if short > 0 then
      step:fail(short .. " proxy timeout(s) too short")
    elseif #proxies == 0 then
      step:skip("no nginx, Apache or Caddy config proxies to port " .. port)
    else
      step:pass("proxy timeouts leave idle WebSockets open (" .. table.concat(proxies, ", ") .. ")")
    end
  end)
end

-- Healthcheck present.
local function healthcheck_present(ctx, deployed)
  return ctx:step("Healthcheck present", function(step)
    local problems, checked = 0, 0
    for _, container in ipairs(deployed.containers) do
      checked = checked + 1
      if type(list(container.state).health) ~= "table" then
        problems = problems + 1
        knowledge.raise(ctx, nil, "preflight.no-healthcheck", {
          confidence = 0.85,
          vars = { container = tostring(container.name), container_port = deploy.container_port(container) },
          evidence = { container = container.name, image = container.image },
        })
      end
    end
    for _, unit in ipairs(deployed.units) do
      checked = checked + 1
      if unit.restart == "no" then
        problems = problems + 1
        knowledge.raise(ctx, nil, "preflight.no-supervisor", {
          confidence = 0.8,
          vars = { scope = unit.scope, unit = tostring(unit.id), fragment_path = tostring(unit.fragment_path) },
          evidence = { unit = unit.id, scope = unit.scope, restart = unit.restart },
        })
      end
    end
    for _, process in ipairs(deployed.processes) do
      checked = checked + 1
      local cgroup = list(process.cgroup)
      local by_hand = cgroup.kind == "plain" or (type(cgroup.unit) == "string" and cgroup.unit:match("%.scope$"))
      if by_hand then
        problems = problems + 1
        knowledge.raise(ctx, nil, "preflight.no-supervisor", {
          variant = "by_hand",
          confidence = 0.75,
          vars = { pid = tostring(process.pid), where = tostring(cgroup.unit or cgroup.path or "a login session") },
          evidence = { pid = process.pid, comm = process.comm, user = process.user, cgroup = cgroup },
        })
      end
    end
    if problems > 0 then
      step:fail(problems .. " gateway(s) without a healthcheck or supervisor")
    elseif checked == 0 then
      step:skip("no gateway deployed here")
    else
      step:pass("every gateway is supervised")
    end
  end)
end

return {
  id = "openclaw.preflight",
  version = "1.0.0",
  engine = "^1",
  title = "Audit an OpenClaw install against the prevention checklist",
  summary = "The prevention checklist of the troubleshooting guides as a CI-friendly audit of this machine: the "
    .. "gateway token pinned (not generated at start), gateway.mode set explicitly, the state dir persisted (not in "
    .. "/tmp, a volume for containers), one gateway instance per machine, reverse proxies that keep idle WebSockets "
    .. "open, and a healthcheck or supervisor for the gateway. Findings are low or medium so a pipeline can gate "
    .. "with --fail-on low or --fail-on medium.",
  symptoms = {
    "prevention checklist",
    "pin your gateway token",
    "set gateway.mode explicitly",
    "persist your data directory",
    "keep one instance per machine",
    "configure websocket keep-alives",
    "add openclaw status to your healthcheck",
    "preflight check before deploy",
  },
  tags = { "preflight", "audit", "ci", "prevention" },
  capabilities = { "fs", "proc", "systemd", "docker" },
  findings = {
    "auth.token-not-pinned",
    "preflight.mode-not-explicit",
    "preflight.data-not-persisted",
    "preflight.multiple-instances",
    "preflight.proxy-idle-timeout",
    "preflight.no-healthcheck",
    "preflight.no-supervisor",
    "config.invalid",
  },
  params = {
    profile = oc.PARAMS.profile,
  },

  run = function(ctx, params)
    local config = read_the_config(ctx, params)

    token_pinned(ctx, config)

    mode_explicit(ctx, config)

    -- How the gateway runs here: containers, systemd units and host processes, read once for the checks below.
    local deployed = find_how_the_gateway_is(ctx)

    data_persisted(ctx, params, deployed)

    one_instance_per_machine(ctx, deployed)

    keepalive_behind_proxies(ctx, config)

    healthcheck_present(ctx, deployed)
  end,
}
