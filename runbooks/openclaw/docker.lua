-- openclaw.docker: the gateway in a Docker container, read through the Engine API (no docker CLI). Each OpenClaw
-- container is inspected once; the checks below then read that snapshot, its last log lines, the config in its
-- state volume when the host may read it, and one probe of its published port.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local deploy = require("lib.deployments")

local LOG_TAIL = 200
local CRASH_LOOP_RESTARTS = 3 -- restarts that make a loop rather than a hiccup
local START_GRACE_SECONDS = 120 -- the image's gateway needs about 40 s to become ready; allow for slow hosts
local PROBE_TIMEOUT = 3

-- How to fix, inside a container, the causes the signature catalog names in a crash loop's log.
local list = oc.list

local function container_label(c)
  return tostring(c.name or c.id or "?")
end

-- "docker compose -p P up -d S" for a compose service, else "docker start NAME" (or unpause).
local function start_command(c)
  if list(c.inspected.state).paused == true then
    return "docker unpause " .. container_label(c)
  end
  if c.compose_project and c.compose_service then
    return "docker compose -p " .. c.compose_project .. " up -d " .. c.compose_service
  end
  return "docker start " .. container_label(c)
end

-- How to change what only a new container can change: the compose entry, or the docker run flag.
local function recreate_hint(c, run_flag, compose_entry)
  if c.compose_project and c.compose_service then
    return "add "
      .. compose_entry
      .. " to service "
      .. c.compose_service
      .. " in the compose file, then: "
      .. "docker compose -p "
      .. c.compose_project
      .. " up -d "
      .. c.compose_service
  end
  return "re-create the container with "
    .. run_flag
    .. " (docker rm -f "
    .. container_label(c)
    .. ", then docker run ... again)"
end

-- Which bind the gateway in the container uses, and where that comes from: the --bind flag (it overrides the
-- config), else gateway.bind in the state volume's config, else OpenClaw's container default (auto = 0.0.0.0).
local function bind_of(c)
  if type(c.inspected.bind) == "string" then
    return c.inspected.bind, "--bind in the container's command"
  end
  local configured = oc.get(c.config, "gateway.bind")
  if type(configured) == "string" then
    return configured, "gateway.bind in " .. tostring(c.config_path)
  end
  return "auto", "default (auto: 0.0.0.0 inside a container)"
end

local function is_loopback_bind(bind)
  return bind == "loopback" or bind == "localhost" or bind:match("^127%.") ~= nil or bind == "::1"
end

-- The log lines of the container as text, and their signature matches.
local function read_logs(c)
  local logs = docker.logs(c.id, { tail = LOG_TAIL })
  if type(logs) ~= "table" or logs.ok ~= true then
    return {}, nil
  end
  local texts = {}
  for _, line in ipairs(list(logs.lines)) do
    if type(line.text) == "string" then
      texts[#texts + 1] = line.text
    end
  end
  local scan = #texts > 0 and log.scan(texts, oc.signatures()) or nil
  return texts, scan
end

-- The config in the state dir, read on the host through a bind mount or the named volume's data directory.
local function read_state_config(persistence)
  local mount = persistence.mount
  if
    not persistence.persisted
    or type(mount) ~= "table"
    or type(mount.source) ~= "string"
    or mount.source:sub(1, 1) ~= "/"
  then
    return nil
  end
  -- The mount may cover a parent of the state dir: follow the rest of the path below its source.
  local below = persistence.path:sub(#tostring(mount.destination) + 1)
  local path = mount.source .. below .. "/openclaw.json"
  -- A path outside the fs policy raises: a host that keeps its volumes elsewhere just has no config to read.
  local ok, config = pcall(fs.json5, { path = path })
  if ok and type(config) == "table" then
    return config, path
  end
  return nil, path
end

-- "running" | "crash-loop" | "stopped", with a phrase for messages.
local function classify(c, now)
  local state = list(c.inspected.state)
  local restarts = tonumber(c.inspected.restart_count) or 0
  local age = deploy.age_seconds(state.started_at, now)
  if state.paused == true then
    return "stopped", "paused"
  end
  if state.restarting == true or state.status == "restarting" then
    return "crash-loop", "restarting (restart count " .. restarts .. ")"
  end
  if state.running == true then
    if restarts >= CRASH_LOOP_RESTARTS and age and age < START_GRACE_SECONDS then
      return "crash-loop", "up " .. math.floor(age) .. " s after restart number " .. restarts
    end
    return "running", "running"
  end
  if restarts >= CRASH_LOOP_RESTARTS then
    return "crash-loop", "gave up after " .. restarts .. " restarts (" .. tostring(state.status) .. ")"
  end
  return "stopped", tostring(state.status or "not running")
end

local function env_names(inspected)
  local names = {}
  for _, entry in ipairs(list(inspected.env)) do
    names[#names + 1] = entry.name
  end
  return names
end

local function exit_phrase(state)
  if state.oom_killed == true then
    return "killed by the OOM killer (exit " .. tostring(state.exit_code) .. ")"
  elseif state.exit_code == 78 then
    return "exit 78: another gateway already answers on its port"
  elseif state.exit_code == 137 then
    return "exit 137: killed (SIGKILL)"
  elseif state.exit_code ~= nil then
    return "exit " .. tostring(state.exit_code)
  end
  return "no exit code"
end

-- Check the Docker daemon.
local function check_the_docker_daemon(ctx)
  return ctx:step("Check the Docker daemon", function(step)
    local info = docker.available({})
    step:evidence("docker", info)
    if type(info) ~= "table" or info.available ~= true then
      local why = type(info) == "table" and (tostring(info.error) .. ": " .. tostring(info.message)) or "no answer"
      step:skip("Docker is not available here (" .. why .. "): nothing to check")
      return false
    end
    step:pass(
      "Docker " .. tostring(info.engine_version or "?") .. " answers (API " .. tostring(info.api_version) .. ")"
    )
    return true
  end)
end

-- Find the OpenClaw containers.
local function find_the_openclaw_containers(ctx, params)
  return ctx:step("Find the OpenClaw containers", function(step)
    local found, err = deploy.find_containers(params.container)
    if not found then
      step:fail("Docker did not list its containers: " .. err)
      return {}
    end
    local names = {}
    for _, c in ipairs(found) do
      names[#names + 1] = container_label(c)
    end
    step:evidence("containers", names)
    if #found == 0 then
      step:skip("no container runs OpenClaw (image, name or compose service): nothing to check")
    else
      step:pass(#found .. " container(s): " .. table.concat(names, ", "))
    end
    return found
  end)
end

-- Inspect the containers.
local function inspect_the_containers(ctx, containers, now)
  return ctx:step("Inspect the containers", function(step)
    local out = {}
    for _, summary in ipairs(containers) do
      local inspected = docker.inspect(summary.id, { paths = deploy.STATE_PATHS })
      if type(inspected) == "table" and inspected.ok == true then
        local c = {
          id = inspected.id or summary.id,
          name = inspected.name or summary.name,
          inspected = inspected,
          compose_project = inspected.compose_project,
          compose_service = inspected.compose_service,
        }
        c.persistence = deploy.state_persistence(inspected)
        c.config, c.config_path = read_state_config(c.persistence)
        c.status, c.status_text = classify(c, now)
        c.log_lines, c.log_scan = read_logs(c)
        step:evidence(container_label(c), {
          image = inspected.image,
          state = inspected.state,
          restart_count = inspected.restart_count,
          restart_policy = inspected.restart_policy,
          bind = inspected.bind,
          network_mode = inspected.network_mode,
          ports = inspected.ports,
          mounts = inspected.mounts,
          config = c.config_path,
        })
        out[#out + 1] = c
      else
        step:evidence(container_label(summary), inspected)
      end
    end
    if #out < #containers then
      step:warn((#containers - #out) .. " container(s) could not be inspected")
    else
      step:pass(#out .. " inspected")
    end
    return out
  end)
end

-- Check the container state.
local function check_the_container_state(ctx, checked)
  return ctx:step("Check the container state", function(step)
    local worst = "pass"
    for _, c in ipairs(checked) do
      local state = list(c.inspected.state)
      local cause = deploy.worst_match(c.log_scan)
      local cause_fix = {}
      local cause_entry = cause and knowledge.get(cause.finding)
      if cause_entry and cause_entry.container_fix then
        local mount = list(c.persistence.mount)
        cause_fix[1] = knowledge.fill(cause_entry.container_fix, {
          container = container_label(c),
          state_source = mount.type == "bind" and tostring(mount.source) or "<the state volume's path>",
        })
      end
      local evidence = {
        container = container_label(c),
        status = state.status,
        exit = exit_phrase(state),
        restart_count = c.inspected.restart_count,
        restart_policy = c.inspected.restart_policy,
        finished_at = state.finished_at,
        log_cause = cause and { finding = cause.finding, line = cause.message },
        last_log_lines = { table.unpack(c.log_lines, math.max(1, #c.log_lines - 4)) },
      }
      local vars = {
        container = container_label(c),
        status = c.status_text,
        exit = exit_phrase(state),
        because = cause and (': the log says "' .. tostring(cause.message) .. '"') or "",
        cause_fix = cause_fix,
      }
      if c.status == "crash-loop" then
        worst = "fail"
        knowledge.raise(ctx, nil, "docker.crash-loop", {
          confidence = cause and 0.95 or 0.85,
          vars = vars,
          evidence = evidence,
        })
      elseif c.status == "stopped" then
        worst = "fail"
        vars.start = { start_command(c) }
        vars.restart_policy = list(c.inspected.restart_policy).name == "no"
            and { "docker update --restart unless-stopped " .. container_label(c) }
          or {}
        knowledge.raise(ctx, nil, "docker.not-running", { confidence = 0.95, vars = vars, evidence = evidence })
      end
    end
    if worst == "fail" then
      step:fail("a gateway container is not running steadily")
    else
      step:pass("every gateway container is running")
    end
  end)
end

-- Check the published gateway port.
local function check_the_published_gateway_port(ctx, running)
  return ctx:step("Check the published gateway port", function(step)
    local missing = 0
    for _, c in ipairs(running) do
      local network = tostring(c.inspected.network_mode)
      c.port = deploy.container_port(c.inspected)
      if c.inspected.host_network == true then
        c.url = "http://127.0.0.1:" .. c.port
        step:evidence(container_label(c), "host network: the gateway listens on the host's port " .. c.port)
      elseif network:match("^container:") or network:match("^service:") then
        step:evidence(container_label(c), "shares the network of " .. network .. ": checked there")
      else
        local entry = deploy.published(c.inspected, c.port)
        if entry then
          c.url = deploy.published_url(entry)
          c.host_port = entry.host_port
          step:evidence(container_label(c), { container_port = c.port, published = entry })
        else
          missing = missing + 1
          local ports = list(c.inspected.ports)
          local declared = false
          for _, p in ipairs(list(ports.declared)) do
            declared = declared or p.container_port == c.port
          end
          local others = {}
          for _, p in ipairs(list(ports.published)) do
            others[#others + 1] = tostring(p.host_port) .. "->" .. tostring(p.container_port)
          end
          knowledge.raise(ctx, nil, "docker.port-not-published", {
            variant = declared and "not_published" or (#others > 0 and "other_ports" or nil),
            confidence = 0.85,
            vars = {
              container = container_label(c),
              container_port = c.port,
              network = network,
              published = table.concat(others, ", "),
              recreate = recreate_hint(
                c,
                "-p 127.0.0.1:" .. c.port .. ":" .. c.port,
                'ports: ["127.0.0.1:' .. c.port .. ":" .. c.port .. '"]'
              ),
            },
            evidence = {
              container = container_label(c),
              container_port = c.port,
              ports = ports,
              network_mode = network,
            },
          })
        end
      end
    end
    if missing > 0 then
      step:fail(missing .. " running container(s) without a published gateway port")
    elseif #running == 0 then
      step:skip("no running gateway container")
    else
      step:pass("the gateway port is reachable from the host")
    end
  end)
end

-- Probe the gateway through the published port.
local function probe_the_gateway_through_the(ctx, running)
  return ctx:step("Probe the gateway through the published port", function(step)
    local probed = 0
    for _, c in ipairs(running) do
      if c.url then
        probed = probed + 1
        c.health = gateway.health(c.url, { timeout = PROBE_TIMEOUT })
        step:evidence(container_label(c), { url = c.url, health = c.health })
      end
    end
    if probed == 0 then
      step:skip("no running container with a reachable gateway port")
    else
      step:pass(probed .. " probed")
    end
  end)
end

-- Check the gateway's bind address inside the container.
local function check_the_gateway_s_bind(ctx, now, running)
  return ctx:step("Check the gateway's bind address inside the container", function(step)
    local loopback = 0
    for _, c in ipairs(running) do
      local bind, bind_source = bind_of(c)
      local health = list(c.health)
      -- docker-proxy accepts on the host and then finds nothing listening on the container's interface.
      local reset = c.health ~= nil and health.ok ~= true and health.error ~= "refused"
      local logged_loopback
      for _, line in ipairs(c.log_lines) do
        logged_loopback = logged_loopback or line:match("listening on ws://127%.0%.0%.1[^%s,]*")
      end
      local explicit = is_loopback_bind(bind) or logged_loopback ~= nil
      local age = deploy.age_seconds(list(c.inspected.state).started_at, now)
      local settled = not age or age >= START_GRACE_SECONDS
      if c.inspected.host_network ~= true and (explicit or (reset and settled)) then
        loopback = loopback + 1
        knowledge.raise(ctx, nil, "docker.bind-loopback-in-container", {
          confidence = explicit and (reset and 0.95 or 0.9) or 0.6,
          vars = {
            container = container_label(c),
            container_port = tostring(c.port),
            bind = tostring(bind),
            bind_source = tostring(bind_source),
            logged = logged_loopback and ('; the log says "' .. logged_loopback .. '"') or "",
            explicit = explicit,
            unknown = not explicit,
            recreate = recreate_hint(
              c,
              "the command gateway --bind lan --port " .. tostring(c.port),
              "command: gateway --bind lan --port " .. tostring(c.port)
            ),
          },
          evidence = {
            container = container_label(c),
            bind = bind,
            bind_source = bind_source,
            logged = logged_loopback,
            probe = c.health and { url = c.url, error = health.error, message = health.message },
          },
        })
      else
        step:evidence(container_label(c), { bind = bind, source = bind_source })
      end
    end
    if loopback > 0 then
      step:fail(loopback .. " container(s) bound to loopback")
    elseif #running == 0 then
      step:skip("no running gateway container")
    else
      step:pass("the gateway listens on the container's network interface")
    end
  end)
end

-- Check the gateway token.
local function check_the_gateway_token(ctx, params, checked)
  return ctx:step("Check the gateway token", function(step)
    local problems = 0
    local target, client_token
    for _, c in ipairs(checked) do
      local env_token = deploy.env_entry(c.inspected, "OPENCLAW_GATEWAY_TOKEN")
      local env_password = deploy.env_entry(c.inspected, "OPENCLAW_GATEWAY_PASSWORD")
      local set_env = (env_token and env_token.fingerprint ~= deploy.EMPTY_FINGERPRINT and env_token)
        or (env_password and env_password.fingerprint ~= deploy.EMPTY_FINGERPRINT and env_password)
      local config_token = oc.get(c.config, "gateway.auth.token") or oc.get(c.config, "gateway.auth.password")
      local in_argv = false
      for _, arg in ipairs(list(c.inspected.command and c.inspected.command.argv)) do
        in_argv = in_argv or arg == "--token" or arg == "--password"
      end
      local pinned_by = set_env and ("env " .. set_env.name)
        or (in_argv and "--token in the command")
        or (config_token and c.persistence.persisted and ("gateway.auth.token in " .. tostring(c.config_path)))
      if not pinned_by then
        problems = problems + 1
        local legacy = deploy.env_entry(c.inspected, "OPENCLAW_GATEWAY_AUTH_TOKEN")
        knowledge.raise(ctx, nil, "auth.token-not-pinned", {
          variant = "container",
          severity = "medium",
          confidence = c.persistence.persisted and 0.6 or 0.85,
          vars = {
            container = container_label(c),
            persisted = c.persistence.persisted == true,
            lost = not c.persistence.persisted,
            legacy = legacy ~= nil,
            recreate = recreate_hint(
              c,
              "-e OPENCLAW_GATEWAY_TOKEN=<token>",
              "environment: OPENCLAW_GATEWAY_TOKEN: <token>"
            ),
          },
          evidence = {
            container = container_label(c),
            env_names = env_names(c.inspected),
            state_persisted = c.persistence.persisted,
          },
        })
      elseif env_token and env_token.fingerprint and (c.host_port or c.inspected.host_network == true) then
        -- Compare with the host's clients only when they dial this container.
        target = target or oc.target(params)
        local published_port = c.inspected.host_network == true and c.port or c.host_port
        if oc.is_loopback(target.host) and target.port == published_port then
          client_token = client_token or oc.token(params)
          if client_token.fingerprint and client_token.fingerprint ~= env_token.fingerprint then
            problems = problems + 1
            knowledge.raise(ctx, target, "auth.token-drift", {
              variant = "container",
              confidence = 0.85,
              vars = {
                container = container_label(c),
                client_source = tostring(client_token.source),
                client_fingerprint = client_token.fingerprint,
                container_fingerprint = env_token.fingerprint,
              },
              evidence = {
                container = container_label(c),
                client_source = client_token.source,
                client_fingerprint = client_token.fingerprint,
                container_fingerprint = env_token.fingerprint,
              },
            })
          end
        end
        step:evidence(container_label(c), "pinned by " .. pinned_by)
      else
        step:evidence(container_label(c), "pinned by " .. pinned_by)
      end
    end
    if problems > 0 then
      step:warn(problems .. " token problem(s)")
    else
      step:pass("every gateway container has a pinned token")
    end
  end)
end

-- Check the state volume.
local function check_the_state_volume(ctx, checked)
  return ctx:step("Check the state volume", function(step)
    local unpersisted = 0
    for _, c in ipairs(checked) do
      local persistence = c.persistence
      if persistence.persisted then
        step:evidence(container_label(c), { path = persistence.path, mount = persistence.mount })
      else
        unpersisted = unpersisted + 1
        knowledge.raise(ctx, nil, "docker.no-volume", {
          confidence = persistence.only_seed_path and 0.9 or 0.85,
          vars = {
            container = container_label(c),
            state_dir = deploy.is_official_image(c.inspected.image) and deploy.OFFICIAL_STATE_DIR
              or "/home/node/.openclaw (or /root/.openclaw as root)",
            official_state_dir = deploy.OFFICIAL_STATE_DIR,
            seed_note = persistence.only_seed_path == true,
            recreate = recreate_hint(
              c,
              "-v openclaw-state:" .. deploy.OFFICIAL_STATE_DIR,
              'volumes: ["~/.openclaw:' .. deploy.OFFICIAL_STATE_DIR .. '"]'
            ),
          },
          evidence = {
            container = container_label(c),
            image = c.inspected.image,
            mounts = c.inspected.mounts,
            checked_paths = deploy.STATE_PATHS,
          },
        })
      end
    end
    if unpersisted > 0 then
      step:warn(unpersisted .. " container(s) without a state volume")
    else
      step:pass("the state dir is on a volume")
    end
  end)
end

-- Check the gateway is ready.
local function check_the_gateway_is_ready(ctx, now, running)
  return ctx:step("Check the gateway is ready", function(step)
    local waiting, unhealthy = 0, 0
    for _, c in ipairs(running) do
      local health = list(c.health)
      local docker_health = list(list(c.inspected.state).health)
      local age = deploy.age_seconds(list(c.inspected.state).started_at, now)
      local young = age ~= nil and age < START_GRACE_SECONDS
      local not_ready = health.live == true and health.ready == false
      local sidecars = list(health.failing)[1] == "startup-sidecars"
      local starting = c.health ~= nil and ((not_ready and (young or sidecars)) or (health.ok ~= true and young))
      if starting or docker_health.status == "starting" then
        waiting = waiting + 1
        knowledge.raise(ctx, nil, "gateway.starting", {
          variant = "container",
          confidence = 0.8,
          vars = {
            container = container_label(c),
            age = age and (" (up " .. math.floor(age) .. " s)") or "",
            container_url = tostring(c.url),
          },
          evidence = {
            container = container_label(c),
            readyz = { ready = health.ready, failing = health.failing },
            docker_health = docker_health.status,
          },
        })
      elseif docker_health.status == "unhealthy" then
        unhealthy = unhealthy + 1
        local last = list(docker_health.last)
        knowledge.raise(ctx, nil, "docker.unhealthy", {
          confidence = 0.7,
          vars = {
            container = container_label(c),
            streak = tostring(docker_health.failing_streak),
            output = tostring(last.output or "no output"),
          },
          evidence = { container = container_label(c), health = docker_health, probe = c.health },
        })
      end
    end
    if waiting + unhealthy > 0 then
      step:warn(waiting .. " starting, " .. unhealthy .. " unhealthy")
    elseif #running == 0 then
      step:skip("no running gateway container")
    else
      step:pass("ready or not probed")
    end
  end)
end

-- Run doctor inside the container.
local function run_doctor_inside_the_container(ctx, running)
  return ctx:step("Run doctor inside the container", function(step)
    local commands = {}
    for _, c in ipairs(running) do
      commands[#commands + 1] = "docker exec " .. container_label(c) .. " openclaw doctor"
    end
    if #commands == 0 then
      step:skip("no running gateway container")
      return
    end
    step:evidence("commands", commands)
    step:pass(
      "for what this runbook does not check (config migrations, state permissions): " .. table.concat(commands, "; ")
    )
  end)
end

return {
  id = "openclaw.docker",
  version = "1.0.0",
  engine = "^1",
  title = "Diagnose the OpenClaw gateway in a Docker container",
  summary = "Finds the containers that run the OpenClaw gateway through the Docker Engine API and checks each: "
    .. "stopped or crash looping (with the cause from its log), the gateway port not published, the gateway "
    .. "bound to 127.0.0.1 inside the container, the token not pinned or different from the host's, no volume "
    .. "for the state dir, the healthcheck, and whether the gateway is ready yet (wait for /readyz, not for the "
    .. "first log line). Prints `docker exec <container> openclaw doctor` for running containers. Says so and "
    .. "stops when Docker is not available.",
  symptoms = {
    "docker ps shows openclaw Restarting",
    "Restarting (1) 5 seconds ago",
    "Exited (1)",
    "curl: (56) Recv failure: Connection reset by peer",
    "connection reset by peer",
    "docker port shows nothing",
    "gateway starts but is unreachable from outside the container",
    "listening on ws://127.0.0.1:18789",
    "container restart regenerates gateway token",
    "device token mismatch after docker restart",
    "config lost after docker compose down",
    "data not persisted across rebuilds",
    "docker exec openclaw openclaw doctor",
    "gateway slow to start in docker",
  },
  tags = { "docker", "container", "gateway" },
  capabilities = { "docker", "net", "fs", "env", "fs:/var/lib/docker/volumes/*/_data/openclaw.json" },
  findings = {
    "docker.not-running",
    "docker.crash-loop",
    "docker.port-not-published",
    "docker.bind-loopback-in-container",
    "docker.no-volume",
    "docker.unhealthy",
    "auth.token-not-pinned",
    "auth.token-drift",
    "gateway.starting",
  },
  -- target and token: what the host's clients use, compared with the published port and the container's token.
  params = oc.with_standard_params({
    container = {
      type = "string",
      description = "Container name or id (default: every container that runs OpenClaw, running or not).",
    },
  }),

  run = function(ctx, params)
    local available = check_the_docker_daemon(ctx)
    if not available then
      return
    end

    local containers = find_the_openclaw_containers(ctx, params)
    if #containers == 0 then
      return
    end

    local now = time.now()
    local checked = inspect_the_containers(ctx, containers, now)

    check_the_container_state(ctx, checked)

    -- Running containers only: a stopped one publishes nothing and answers no probe.
    local running = {}
    for _, c in ipairs(checked) do
      if c.status == "running" then
        running[#running + 1] = c
      end
    end

    check_the_published_gateway_port(ctx, running)

    probe_the_gateway_through_the(ctx, running)

    check_the_gateway_s_bind(ctx, now, running)

    check_the_gateway_token(ctx, params, checked)

    check_the_state_volume(ctx, checked)

    check_the_gateway_is_ready(ctx, now, running)

    run_doctor_inside_the_container(ctx, running)
  end,
}
