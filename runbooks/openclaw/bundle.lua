-- openclaw.bundle: what `clawbook bundle` packs for a support ticket, the seeds' "minimal information bundle".
--
-- The triage runs first (its findings are the bundle's report), then everything the next tier of support asks
-- for is attached: versions, the effective config, the log lines around the last start and the last
-- disconnect (gateway log, journal, container log), listeners and processes, and recent config changes.
-- Secrets: every file is read through bindings that register the credentials they see, and `clawbook bundle`
-- replaces each registered secret (and anything credential-shaped) with its fingerprint in every file.
local oc = require("lib.openclaw")

-- Lines that mark a start, and lines that mark a client going away: the windows worth reading.
local START_MARKERS = {
  "[gateway] ready",
  "[gateway] listening on",
  "gateway failed to start",
  "gateway start blocked",
  "refusing to bind gateway",
  "starting gateway",
}
local DISCONNECT_MARKERS = {
  "closed before connect",
  "disconnected",
  "gateway closed",
  "handshake timeout",
  "unauthorized conn=",
  "code=1006",
  "code=1008",
  "code=4008",
}
-- How far back the gateway log is searched for those marks.
local SEARCH_LINES = 5000

local function contains_any(line, needles)
  local lower = line:lower()
  for _, needle in ipairs(needles) do
    if lower:find(needle, 1, true) then
      return true
    end
  end
  return false
end

-- The lines worth a reader's time: `keep` lines around the last start and the last disconnect, and the last
-- `keep` lines, in order, with a marker where lines were left out.
local function windows(lines, keep)
  local last_start, last_disconnect
  for i, line in ipairs(lines) do
    if contains_any(line, START_MARKERS) then
      last_start = i
    end
    if contains_any(line, DISCONNECT_MARKERS) then
      last_disconnect = i
    end
  end
  local half = math.max(1, keep // 2)
  local wanted = {}
  local function mark(from, to)
    for i = math.max(1, from), math.min(#lines, to) do
      wanted[i] = true
    end
  end
  if last_start then
    mark(last_start - half, last_start + half)
  end
  if last_disconnect then
    mark(last_disconnect - half, last_disconnect + half)
  end
  mark(#lines - keep + 1, #lines)
  local out, skipped = {}, 0
  for i, line in ipairs(lines) do
    if wanted[i] then
      if skipped > 0 then
        out[#out + 1] = string.format("… %d lines left out …", skipped)
        skipped = 0
      end
      out[#out + 1] = line
    else
      skipped = skipped + 1
    end
  end
  return table.concat(out, "\n") .. "\n", { last_start = last_start, last_disconnect = last_disconnect }
end

local function collect_versions(ctx)
  return ctx:step("Versions: OpenClaw CLI, running gateways, Node.js", function(step)
    local versions = { openclaw = openclaw.version() }
    local gateways = proc.gateway_processes()
    versions.node = {}
    for _, process in ipairs(oc.list(gateways)) do
      local node = openclaw.node_version({ pid = process.pid })
      versions.node[#versions.node + 1] = { pid = process.pid, version = node and node.version }
    end
    if #versions.node == 0 then
      local node = openclaw.node_version()
      versions.node[1] = { on_path = true, version = node and node.version }
    end
    ctx:attach("versions.json", versions, "OpenClaw CLI and running gateway versions, Node.js")
    step:evidence("cli", oc.get(versions, "openclaw.version"))
    return gateways
  end)
end

local function collect_config(ctx, paths)
  ctx:step("Effective config, with every secret as its fingerprint", function(step)
    local read = fs.read(paths.config_path)
    if read.ok then
      -- fs.read registered every credential in it: the bundle shows their fingerprints only.
      ctx:attach("config/openclaw.json", read.text, "the config the gateway reads (" .. paths.config_path .. ")")
    else
      step:warn("config unreadable: " .. tostring(read.message))
    end
    local env_file = paths.env_file and fs.read(paths.env_file)
    if env_file and env_file.ok then
      ctx:attach("config/dotenv", env_file.text, "OpenClaw's dotenv (" .. paths.env_file .. "), values as fingerprints")
    end
    local config = openclaw.config({ profile = ctx.params.profile })
    local backups = {}
    for _, backup in ipairs(oc.list(config and config.backups)) do
      backups[#backups + 1] = { path = backup.path, kind = backup.kind, mtime = backup.mtime, size = backup.size }
    end
    ctx:attach("config/changes.json", {
      config_mtime = oc.config_mtime(paths.config_path),
      backups = backups,
    }, "recent config changes: OpenClaw's backups, clobbered and rejected copies, with their times")
    step:evidence("backups", #backups)
  end)
end

local function collect_logs(ctx, paths, keep)
  ctx:step("Gateway log, journal and container log around the last start and disconnect", function(step)
    local attached = {}
    for _, file in ipairs(oc.list(paths.log_files)) do
      if file.exists then
        local tail = fs.tail(file.path, SEARCH_LINES)
        if tail.ok and #tail.lines > 0 then
          local text, marks = windows(tail.lines, keep)
          local name = "logs/" .. file.path:gsub("^.*/", "")
          local where = string.format(
            "gateway log %s, its last %d lines: last start at line %s, last disconnect at %s",
            file.path,
            #tail.lines,
            marks.last_start or "none",
            marks.last_disconnect or "none"
          )
          ctx:attach(name, text, where)
          attached[#attached + 1] = name
        end
      end
    end
    local journal = systemd.journal("openclaw-gateway.service", { scope = "user", lines = keep })
    if journal.ok and #oc.list(journal.entries) > 0 then
      local lines = {}
      for _, entry in ipairs(journal.entries) do
        lines[#lines + 1] = os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(entry.time or 0))
          .. " "
          .. tostring(entry.message)
      end
      ctx:attach("logs/journal-openclaw-gateway.txt", table.concat(lines, "\n") .. "\n", "journal of the user unit")
      attached[#attached + 1] = "journal"
    end
    local containers = docker.containers({ all = true, name = "openclaw" })
    for _, container in ipairs(oc.list(containers and containers.containers)) do
      local name = container.name or container.short_id
      local inspect = docker.inspect(container.id) -- registers credential-looking env values as secrets
      local logs = docker.logs(container.id, { tail = keep, timestamps = true })
      if logs.ok then
        local lines = {}
        for _, line in ipairs(oc.list(logs.lines)) do
          lines[#lines + 1] = (line.time and (line.time .. " ") or "") .. line.text
        end
        ctx:attach(
          "logs/container-" .. name .. ".log",
          table.concat(lines, "\n") .. "\n",
          "last lines of container " .. name
        )
      end
      if inspect.ok then
        ctx:attach("docker/" .. name .. ".json", {
          state = inspect.state,
          restart_count = inspect.restart_count,
          ports = inspect.ports,
          mounts = inspect.mounts,
          env = inspect.env,
          command = inspect.command,
        }, "container " .. name .. ": state, ports, mounts, env names with fingerprints")
      end
      attached[#attached + 1] = name
    end
    step:evidence("attached", attached)
    if #attached == 0 then
      step:warn("no gateway log, journal or container found")
    end
  end)
end

local function collect_host(ctx, gateways)
  ctx:step("Listeners and processes", function(step)
    local listeners = proc.listeners() or {}
    ctx:attach("host/listeners.json", listeners, "listening TCP sockets and their processes")
    ctx:attach("host/gateway-processes.json", oc.list(gateways), "OpenClaw gateway processes")
    local locks = openclaw.locks({ profile = ctx.params.profile })
    ctx:attach("host/locks.json", oc.list(locks), "gateway lock files and whether their owner lives")
    local memory = proc.meminfo()
    ctx:attach("host/memory.json", memory, "memory available on the host")
    step:evidence("listeners", #listeners)
  end)
end

return {
  id = "openclaw.bundle",
  version = "1.0.0",
  engine = "^1",
  title = "Collect a support bundle for an OpenClaw gateway",
  summary = "Runs the triage, then attaches what the next tier of support asks for: versions (OpenClaw CLI, running "
    .. "gateway, Node.js), the effective config and dotenv with every secret as its fingerprint, the log lines "
    .. "around the last start and the last disconnect (gateway log, journal, container log), listeners, "
    .. "processes, locks and recent config changes. `clawbook bundle` packs it into one tar.gz.",
  symptoms = { "support bundle", "collect logs for a ticket", "minimal information bundle" },
  tags = { "openclaw", "bundle", "support" },
  capabilities = { "net", "proc", "fs", "env", "systemd", "docker" },
  params = oc.with_standard_params({
    lines = { type = "integer", default = 200, description = "Log lines kept around each mark (and at the end)." },
    triage = { type = "boolean", default = true, description = "Run openclaw.triage first (the bundle's findings)." },
  }),
  run = function(ctx, params)
    if params.triage then
      oc.run(ctx, "openclaw.triage", params)
    end
    local paths = openclaw.paths({ profile = params.profile })
    local keep = math.max(1, math.tointeger(params.lines) or 200)
    local gateways = collect_versions(ctx)
    collect_config(ctx, paths)
    collect_logs(ctx, paths, keep)
    collect_host(ctx, gateways)
  end,
}
