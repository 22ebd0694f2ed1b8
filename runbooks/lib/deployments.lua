-- How the gateway is deployed on this machine: Docker containers and systemd units that run it, read from the
-- docker and systemd bindings' results. Plain functions of their arguments (no state), shared by the runbooks
-- that look at containers or units (openclaw.docker, openclaw.systemd, openclaw.preflight, openclaw.auth, ...).
--
--   local deploy = require("lib.deployments")
--   local found, err = deploy.find_containers(name)   -- docker.containers (capability docker)
--   local running, err = deploy.running_inspected(paths)   -- docker.containers + docker.inspect
--   local persistence = deploy.state_persistence(inspected)
--   local units = deploy.gateway_units(units_result, extra_names)
local M = {}

M.GATEWAY_PORT = 18789

-- Where a container keeps OpenClaw's state dir: the official image runs as `node` with HOME=/home/node; a
-- container run as root uses /root; /app/data is the "openclaw-stack" image of the blog posts (seed variant).
M.OFFICIAL_STATE_DIR = "/home/node/.openclaw"
M.STATE_PATHS = { M.OFFICIAL_STATE_DIR, "/root/.openclaw", "/app/data" }

-- Docker's fingerprint of an empty value: a variable that is set but holds nothing.
M.EMPTY_FINGERPRINT = "sha256:e3b0c442"

local function list(v)
  return type(v) == "table" and v or {}
end

local function text(v)
  return type(v) == "string" and v or ""
end

local function contains(haystack, needle)
  return haystack:lower():find(needle, 1, true) ~= nil
end

-- A container that runs the OpenClaw gateway: its image, name or compose service says OpenClaw (or the
-- pre-rename clawdbot), and it is not the compose file's `openclaw-cli` helper, which shares the gateway's
-- network and exits after each command.
function M.is_gateway_container(summary)
  if type(summary) ~= "table" then
    return false
  end
  local service = text(summary.compose_service)
  local names = text(summary.name) .. " " .. service
  if contains(names, "openclaw-cli") then
    return false
  end
  local haystack = text(summary.image) .. " " .. names .. " " .. text(summary.command)
  return contains(haystack, "openclaw") or contains(haystack, "clawdbot")
end

-- The containers to examine: the one named, else every OpenClaw gateway container, running or not.
-- Returns a list of {id, name} (plus the summary fields), or nil, message when Docker cannot list them.
function M.find_containers(name)
  if type(name) == "string" and name ~= "" then
    return { { id = name, name = name } }
  end
  local listed = docker.containers({ all = true })
  if type(listed) ~= "table" or listed.ok ~= true then
    local why = type(listed) == "table" and (tostring(listed.error) .. ": " .. tostring(listed.message)) or "no answer"
    return nil, why
  end
  local found = {}
  for _, summary in ipairs(list(listed.containers)) do
    if M.is_gateway_container(summary) then
      found[#found + 1] = summary
    end
  end
  return found
end

-- The running containers Docker lists for the name filter "openclaw", each inspected for `paths`: a list of
-- {summary, inspected} (a container Docker cannot inspect is left out), or {}, why when Docker cannot list them.
function M.running_inspected(paths)
  local listing = docker.containers({ name = "openclaw" })
  if type(listing) ~= "table" or listing.ok ~= true then
    return {}, type(listing) == "table" and (listing.error or listing.message) or "no answer"
  end
  local found = {}
  for _, summary in ipairs(list(listing.containers)) do
    if summary.state == "running" and summary.id then
      local inspected = docker.inspect(summary.id, { paths = paths })
      if type(inspected) == "table" and inspected.ok == true then
        found[#found + 1] = { summary = summary, inspected = inspected }
      end
    end
  end
  return found
end

function M.is_official_image(image)
  image = text(image):lower()
  return image:find("openclaw/openclaw", 1, true) ~= nil or image:match("^openclaw:") ~= nil
end

-- Whether the container's OpenClaw state dir outlives the container: {persisted, path, mount, only_seed_path}.
-- only_seed_path: the one persisted path is the blog posts' /app/data, which the official image never uses.
function M.state_persistence(inspected)
  local persisted = list(inspected and inspected.persisted)
  for _, path in ipairs(M.STATE_PATHS) do
    local verdict = persisted[path]
    if type(verdict) == "table" and verdict.persisted == true then
      local seed_only = path == "/app/data" and M.is_official_image(inspected.image)
      return { persisted = not seed_only, path = path, mount = verdict.mount, only_seed_path = seed_only }
    end
  end
  return { persisted = false }
end

-- The port the gateway listens on inside the container: its --port flag, else OpenClaw's default.
function M.container_port(inspected)
  local argv = list(inspected and inspected.command and inspected.command.argv)
  for i, arg in ipairs(argv) do
    local value = arg == "--port" and argv[i + 1] or (type(arg) == "string" and arg:match("^%-%-port=(%d+)$"))
    if value and tonumber(value) then
      return math.tointeger(tonumber(value))
    end
  end
  return M.GATEWAY_PORT
end

-- The published binding of a container port ({container_port, protocol, host_ip?, host_port}), or nil.
function M.published(inspected, port)
  for _, entry in ipairs(list(inspected and inspected.ports and inspected.ports.published)) do
    if entry.container_port == port and (entry.protocol == nil or entry.protocol == "tcp") and entry.host_port then
      return entry
    end
  end
  return nil
end

-- The URL that reaches a published port from this machine (a wildcard host address is dialled on loopback).
function M.published_url(entry)
  local host = text(entry.host_ip)
  if host == "" or host == "0.0.0.0" or host == "::" then
    host = "127.0.0.1"
  end
  if host:find(":", 1, true) then
    host = "[" .. host .. "]"
  end
  return "http://" .. host .. ":" .. tostring(entry.host_port)
end

-- The {name, fingerprint} entry of an environment variable in docker.inspect's env list, or nil.
function M.env_entry(inspected, name)
  for _, entry in ipairs(list(inspected and inspected.env)) do
    if entry.name == name then
      return entry
    end
  end
  return nil
end

-- Seconds since an RFC 3339 UTC time ("2026-11-22T19:17:53.097Z"), or nil when it does not parse.
function M.age_seconds(iso, now)
  local y, mo, d, h, mi, s = text(iso):match("^(%d%d%d%d)-(%d%d)-(%d%d)[T ](%d%d):(%d%d):(%d%d)")
  if not y or type(now) ~= "number" then
    return nil
  end
  local fields = {
    year = tonumber(y),
    month = tonumber(mo),
    day = tonumber(d),
    hour = tonumber(h),
    min = tonumber(mi),
    sec = tonumber(s),
    isdst = false,
  }
  -- os.time reads the table as local time: shift by the zone's offset to read it as UTC.
  local zone_shift = os.time(os.date("!*t", math.floor(now))) - math.floor(now)
  return now - (os.time(fields) - zone_shift)
end

local SEVERITY_RANK = { critical = 5, high = 4, medium = 3, low = 2, info = 1 }

-- The most severe signature match of a log.scan result (the latest among equals), or nil: the cause to name
-- when a container or unit keeps failing. A line matched by several signatures counts as the first one: the
-- catalog lists the specific wording before the generic one ("send failed: gateway not connected" is a channel
-- failure, not a stopped gateway), and log.scan reports a line's matches in catalog order.
function M.worst_match(scan)
  local best, classified_line
  for _, match in ipairs(list(scan and scan.matches)) do
    local first_of_line = match.line_no == nil or match.line_no ~= classified_line
    if match.finding and first_of_line then
      classified_line = match.line_no
      local rank = SEVERITY_RANK[match.severity] or 0
      if not best or rank >= (SEVERITY_RANK[best.severity] or 0) then
        best = match
      end
    end
  end
  return best
end

-- systemd units that run the gateway: openclaw-gateway[-<profile>].service, the pre-rename clawdbot-gateway,
-- and hand-written openclaw.service / clawdbot.service units; never the node host (openclaw-node).
function M.is_gateway_unit(name)
  name = text(name)
  if not name:match("%.service$") then
    return false
  end
  return name:match("^openclaw%-gateway") ~= nil
    or name:match("^clawdbot%-gateway") ~= nil
    or name == "openclaw.service"
    or name == "clawdbot.service"
end

-- The gateway units of a systemd.units result: {{name, scope, loaded, active_state, sub_state,
-- unit_file_state}}, system scope first.
function M.gateway_units(units_result)
  local found = {}
  for _, unit in ipairs(list(units_result and units_result.units)) do
    if M.is_gateway_unit(unit.name) and (unit.scope == "system" or unit.scope == "user") then
      found[#found + 1] = unit
    end
  end
  table.sort(found, function(a, b)
    if a.scope ~= b.scope then
      return a.scope == "system"
    end
    return a.name < b.name
  end)
  return found
end

-- A unit that starts by itself (enabled, or running now).
function M.unit_in_use(unit)
  local state = text(unit.unit_file_state)
  return unit.active_state == "active"
    or unit.active_state == "activating"
    or state == "enabled"
    or state == "enabled-runtime"
    or state == "linked"
end

-- Why no service manager answers, from a systemd.available result: "no-manager" (none on this machine: PID 1
-- is not systemd, a container, WSL without systemd, Termux), "user-bus-unavailable" (a booted machine whose user
-- manager this session cannot reach: no XDG_RUNTIME_DIR, no user bus, an SSH or su session without a login
-- session), or nil. Real messages: REAL-PEERS.md section 3.
function M.manager_problem(info)
  local system, user = list(info and info.system), list(info and info.user)
  local function absent(scope)
    return scope.reason == "not_booted_with_systemd" or scope.reason == "no_systemctl"
  end
  if absent(system) or (absent(user) and not system.available) then
    return "no-manager"
  end
  if not user.available and user.reason == "no_bus" then
    return "user-bus-unavailable"
  end
  return nil
end

-- The systemctl command line for a unit's scope: "systemctl --user" or "sudo systemctl".
function M.systemctl(scope)
  return scope == "user" and "systemctl --user" or "sudo systemctl"
end

function M.journalctl(scope, name)
  -- --user-unit, not --user -u: root's user units log to the system journal, where --user -u finds nothing
  return (scope == "user" and "journalctl --user-unit " or "sudo journalctl -u ") .. name .. " -n 200 --no-pager"
end

return M
