-- openclaw.systemd: the gateway as a systemd unit. OpenClaw installs a user unit (systemctl --user,
-- ~/.config/systemd/user/openclaw-gateway.service, Restart=always, RestartPreventExitStatus=78); tutorials add
-- system units. Units of both scopes are read with systemctl show, their last day of journal with journalctl.
local oc = require("lib.openclaw")
local deploy = require("lib.deployments")
local knowledge = require("lib.knowledge")

local JOURNAL_LINES = 300
local JOURNAL_SINCE = "-24h"
local CRASH_LOOP_RESTARTS = 3
local RECENT_SECONDS = 300 -- a unit that came up less than this ago after restarts may fail again
local DUPLICATE_EXIT = "78" -- OpenClaw's exit status when another gateway already answers on its port
local LINGER_DIR = "/var/lib/systemd/linger/"

local list = oc.list

-- The OpenClaw profile a gateway unit serves: openclaw-gateway-<profile>.service, else the default profile.
local function profile_of(name)
  return name:match("^openclaw%-gateway%-(.+)%.service$") or "default"
end

local function with_service_suffix(name)
  return name:match("%.service$") and name or (name .. ".service")
end

local function label(unit)
  return unit.scope .. " unit " .. unit.name
end

-- The gateway port in the unit's ExecStart (--port N), else OpenClaw's default.
local function unit_port(shown)
  for _, command in ipairs(list(shown and shown.exec_start)) do
    local argv = list(command.argv)
    for i, arg in ipairs(argv) do
      local value = arg == "--port" and argv[i + 1] or arg:match("^%-%-port=(%d+)$")
      if value and tonumber(value) then
        return math.tointeger(tonumber(value))
      end
    end
  end
  return deploy.GATEWAY_PORT
end

-- What the journal says about a unit's restarts: the highest restart counter, whether systemd refused a start
-- (start limit), and how often a failed start was followed by a good one.
local function read_restarts(entries)
  local facts = { counter = 0, start_limit = false, recovered = 0, failures = 0 }
  local failed_pending = false
  for _, entry in ipairs(entries) do
    local message = type(entry.message) == "string" and entry.message or ""
    local counter = tonumber(message:match("restart counter is at (%d+)"))
    if counter and counter > facts.counter then
      facts.counter = counter
    end
    if message:find("Start request repeated too quickly", 1, true) or message:find("start-limit-hit", 1, true) then
      facts.start_limit = true
    end
    if message:find("Failed with result", 1, true) then
      facts.failures = facts.failures + 1
      failed_pending = true
    elseif message:match("^Started ") and failed_pending then
      facts.recovered = facts.recovered + 1
      failed_pending = false
    end
  end
  return facts
end

local function contains(values, wanted)
  for _, value in ipairs(list(values)) do
    if tostring(value) == wanted then
      return true
    end
  end
  return false
end

local function journal_messages(entries)
  local messages = {}
  for _, entry in ipairs(entries) do
    if type(entry.message) == "string" then
      messages[#messages + 1] = entry.message
    end
  end
  return messages
end

local function first_line(value)
  return tostring(value or ""):match("^[^\n]*")
end

-- The service manager findings. None advises `openclaw gateway start`/`install` where no manager can run them.
local function no_manager(ctx, info)
  knowledge.raise(ctx, nil, "service.no-manager", {
    confidence = 0.9,
    evidence = { system = list(info.system).message, user = list(info.user).message },
  })
end

local function user_bus_unavailable(ctx, info)
  local runtime = env.get("XDG_RUNTIME_DIR")
  local home = env.get("HOME")
  local unit_file = home and fs.stat(home .. "/.config/systemd/user/openclaw-gateway.service")
  local installed = type(unit_file) == "table" and unit_file.exists == true
  knowledge.raise(ctx, nil, "service.user-bus-unavailable", {
    severity = installed and "medium" or nil,
    confidence = 0.85,
    vars = {
      no_runtime_dir = not (runtime and runtime ~= ""),
      message = first_line(list(info.user).message),
      installed = installed,
      not_installed = not installed,
      user = env.get("USER") or env.get("LOGNAME") or "$USER",
    },
    evidence = {
      xdg_runtime_dir = runtime or false,
      message = list(info.user).message,
      unit_file_installed = installed,
    },
  })
end

-- Check systemd.
local function check_systemd(ctx)
  return ctx:step("Check systemd", function(step)
    local info = systemd.available({})
    step:evidence("systemd", info)
    local problem = type(info) == "table" and deploy.manager_problem(info) or nil
    if problem == "no-manager" then
      no_manager(ctx, info)
    elseif problem == "user-bus-unavailable" then
      user_bus_unavailable(ctx, info)
    end
    if type(info) ~= "table" or info.available ~= true then
      local scope = list(type(info) == "table" and (info.system or info.user))
      local why = scope.reason and (tostring(scope.reason) .. ": " .. tostring(scope.message):match("^[^\n]*"))
        or (type(info) == "table" and tostring(info.error) .. ": " .. tostring(info.message) or "no answer")
      step:skip("systemd does not run here (" .. why .. "): nothing to check")
      return nil
    end
    step:pass(
      "system manager: "
        .. (list(info.system).available and "yes" or "no")
        .. ", user manager: "
        .. (list(info.user).available and "yes" or "no")
    )
    return info
  end)
end

-- Find the gateway units.
local function find_the_gateway_units(ctx, params, available)
  return ctx:step("Find the gateway units", function(step)
    local wanted = params.unit or env.get("OPENCLAW_SYSTEMD_UNIT")
    if params.profile and not wanted then
      wanted = "openclaw-gateway-" .. params.profile .. ".service"
    end
    local listed = systemd.units({ pattern = "*claw*" })
    step:evidence("listed", listed)
    local found = {}
    if type(listed) == "table" and listed.ok == true then
      for _, unit in ipairs(deploy.gateway_units(listed)) do
        if not wanted or unit.name == with_service_suffix(wanted) then
          found[#found + 1] = unit
        end
      end
    end
    if wanted and #found == 0 then
      -- Not listed (an unusual name, or listing failed): ask each available scope for it directly.
      for _, scope in ipairs({ "system", "user" }) do
        if list(available[scope]).available then
          found[#found + 1] = { name = with_service_suffix(wanted), scope = scope }
        end
      end
    end
    local names = {}
    for _, unit in ipairs(found) do
      names[#names + 1] = label(unit)
    end
    step:evidence("units", names)
    if #found == 0 then
      if not wanted and type(listed) == "table" and listed.ok == true and list(available.user).available then
        -- With no gateway running either, nothing will start it: that is why it is down (real-cases P36).
        local running = #oc.instances(proc.gateway_processes()) > 0
        knowledge.raise(ctx, nil, "service.not-installed", {
          variant = not running and "down" or nil,
          confidence = running and 0.8 or 0.7,
          evidence = { gateway_processes = running, listed = #list(listed.units) },
        })
      end
      step:skip("no OpenClaw gateway unit is installed in either scope: nothing to check")
    else
      step:pass(table.concat(names, ", "))
    end
    return found
  end)
end

-- Read the units and their journal.
local function read_the_units_and_their(ctx, units)
  return ctx:step("Read the units and their journal", function(step)
    local out = {}
    for _, unit in ipairs(units) do
      local state = systemd.unit(unit.name, { scope = unit.scope })
      if type(state) == "table" and state.ok == true and state.found ~= false then
        local journal = systemd.journal(unit.name, { scope = unit.scope, lines = JOURNAL_LINES, since = JOURNAL_SINCE })
        local entries = type(journal) == "table" and journal.ok == true and list(journal.entries) or {}
        local messages = journal_messages(entries)
        local scan = #messages > 0 and log.scan(messages, oc.signatures()) or nil
        local refused -- the newest line where the gateway refused its config (it then exits 78)
        for _, match in ipairs(list(scan and scan.matches)) do
          if match.finding == "config.invalid" then
            refused = match
          end
        end
        out[#out + 1] = {
          unit = unit,
          state = state,
          journal = journal,
          restarts = read_restarts(entries),
          cause = scan and deploy.worst_match(scan) or nil,
          config_refused = refused,
        }
        step:evidence(label(unit), {
          active_state = state.active_state,
          sub_state = state.sub_state,
          result = state.result,
          n_restarts = state.n_restarts,
          exec_main_status = state.exec_main_status,
          unit_file_state = state.unit_file_state,
          fragment_path = state.fragment_path,
          journal = journal and journal.ok == true and (#entries .. " entries")
            or { error = list(journal).error, reason = list(journal).reason, message = list(journal).message },
        })
      else
        step:evidence(label(unit), state)
      end
    end
    if #out == 0 then
      step:skip("systemd knows none of these units")
    else
      step:pass(#out .. " unit(s) read")
    end
    return out
  end)
end

-- Check for system and user units of one gateway.
local function check_for_system_and_user(ctx, shown)
  return ctx:step("Check for system and user units of one gateway", function(step)
    local by_profile, order = {}, {}
    for _, entry in ipairs(shown) do
      local profile = profile_of(entry.unit.name)
      if not by_profile[profile] then
        by_profile[profile] = {}
        order[#order + 1] = profile
      end
      local merged = {
        name = entry.unit.name,
        scope = entry.unit.scope,
        active_state = entry.state.active_state,
        unit_file_state = entry.state.unit_file_state,
      }
      table.insert(by_profile[profile], merged)
    end
    local duplicated = 0
    for _, profile in ipairs(order) do
      local group = by_profile[profile]
      if #group > 1 then
        duplicated = duplicated + 1
        -- Keep the unit OpenClaw itself installs (openclaw gateway install: the user unit with the canonical
        -- name), else the nearest to it; retire the others.
        local canonical = "openclaw-gateway" .. (profile == "default" and "" or ("-" .. profile)) .. ".service"
        local function rank(unit)
          return (unit.name == canonical and 0 or 2) + (unit.scope == "user" and 0 or 1)
        end
        local keep = group[1]
        for _, unit in ipairs(group) do
          if rank(unit) < rank(keep) then
            keep = unit
          end
        end
        local in_use, names, disable = 0, {}, {}
        for _, unit in ipairs(group) do
          names[#names + 1] = label(unit)
            .. " ("
            .. tostring(unit.active_state)
            .. ", "
            .. tostring(unit.unit_file_state)
            .. ")"
          if deploy.unit_in_use(unit) then
            in_use = in_use + 1
          end
          if unit ~= keep then
            disable[#disable + 1] = deploy.systemctl(unit.scope) .. " disable --now " .. unit.name
          end
        end
        knowledge.raise(ctx, nil, "systemd.duplicate-units", {
          variant = in_use > 1 and "racing" or nil,
          confidence = in_use > 1 and 0.9 or 0.7,
          vars = { count = #group, profile = profile, units = table.concat(names, "; "), disable = disable },
          evidence = { profile = profile, units = group },
        })
      end
    end
    if duplicated > 0 then
      step:fail(duplicated .. " gateway(s) with more than one unit")
    else
      step:pass("one unit per gateway")
    end
  end)
end

-- Check each unit's state.
local function check_each_unit_s_state(ctx, now, shown)
  return ctx:step("Check each unit's state", function(step)
    local problems = 0
    for _, entry in ipairs(shown) do
      local unit, state, restarts, cause = entry.unit, entry.state, entry.restarts, entry.cause
      local systemctl, journalctl = deploy.systemctl(unit.scope), deploy.journalctl(unit.scope, unit.name)
      local exit_status = state.exec_main_status
      -- The texts' shared placeholders; `because` (a catalog sentence) quotes the journal's cause when there is one.
      local vars = {
        unit = unit.name,
        systemctl = systemctl,
        journalctl = journalctl,
        because = cause ~= nil,
        log_message = cause and tostring(cause.message),
        log_finding = cause and cause.finding,
      }
      local evidence = {
        unit = unit.name,
        scope = unit.scope,
        active_state = state.active_state,
        sub_state = state.sub_state,
        result = state.result,
        exec_main_status = exit_status,
        exec_main_code = state.exec_main_code_name,
        n_restarts = state.n_restarts,
        journal_restart_counter = restarts.counter,
        restart = state.restart,
        restart_prevent_exit_status = state.restart_prevent_exit_status,
        start_limit_burst = state.start_limit_burst,
        start_limit_interval_sec = state.start_limit_interval_sec,
        log_cause = cause and { finding = cause.finding, line = cause.message },
      }
      local n_restarts = tonumber(state.n_restarts) or 0
      local up_for = state.active_enter_time and (now - state.active_enter_time) or nil
      local stopped = state.active_state == "failed" or state.active_state == "inactive"
      local prevented = stopped
        and tostring(exit_status) == DUPLICATE_EXIT
        and contains(state.restart_prevent_exit_status, DUPLICATE_EXIT)
      local looping = (state.active_state == "activating" and state.sub_state == "auto-restart")
        or (n_restarts >= CRASH_LOOP_RESTARTS and state.active_state ~= "active")
        or (n_restarts >= CRASH_LOOP_RESTARTS and up_for ~= nil and up_for < RECENT_SECONDS)
        or (restarts.counter >= CRASH_LOOP_RESTARTS and state.active_state ~= "active")

      if state.result == "start-limit-hit" or (restarts.start_limit and state.active_state ~= "active") then
        problems = problems + 1
        vars.burst = tostring(state.start_limit_burst or "StartLimitBurst")
        vars.interval = tostring(state.start_limit_interval_sec or "StartLimitIntervalSec")
        knowledge.raise(ctx, nil, "systemd.start-limit-hit", { confidence = 0.95, vars = vars, evidence = evidence })
      elseif prevented and entry.config_refused then
        -- 78 is also EX_CONFIG: the real gateway exits 78 when it refuses its config (an unknown key, a missing
        -- gateway.mode), and RestartPreventExitStatus=78 then keeps the unit down just the same.
        problems = problems + 1
        vars.line = tostring(entry.config_refused.message)
        knowledge.raise(ctx, nil, "systemd.restart-prevented", {
          variant = "config_refused",
          confidence = 0.95,
          vars = vars,
          evidence = evidence,
        })
        knowledge.raise(ctx, nil, "config.invalid", {
          variant = "journal",
          severity = "high",
          confidence = 0.95,
          vars = vars,
          evidence = { unit = unit.name, journal_line = vars.line, signature = entry.config_refused.pattern },
        })
      elseif prevented then
        problems = problems + 1
        vars.unit_port = unit_port(state)
        knowledge.raise(ctx, nil, "systemd.restart-prevented", { confidence = 0.9, vars = vars, evidence = evidence })
      elseif looping then
        problems = problems + 1
        vars.restarts = math.max(n_restarts, restarts.counter)
        vars.restart = tostring(state.restart)
        knowledge.raise(ctx, nil, "systemd.crash-loop", {
          confidence = cause and 0.9 or 0.8,
          vars = vars,
          evidence = evidence,
        })
      elseif state.active_state == "failed" then
        problems = problems + 1
        vars.result = tostring(state.result)
        vars.status = tostring(exit_status)
        knowledge.raise(ctx, nil, "systemd.unit-failed", {
          confidence = cause and 0.9 or 0.85,
          vars = vars,
          evidence = evidence,
        })
      elseif state.active_state == "active" and (n_restarts > 0 or restarts.recovered > 0) then
        problems = problems + 1
        vars.restarts = math.max(n_restarts, restarts.recovered)
        knowledge.raise(ctx, nil, "systemd.restart-instability", { confidence = 0.7, vars = vars, evidence = evidence })
      end
    end
    if problems > 0 then
      step:fail(problems .. " unit(s) not running steadily")
    else
      step:pass("every gateway unit runs steadily")
    end
  end)
end

-- Check linger for user units.
local function check_linger_for_user_units(ctx, shown)
  return ctx:step("Check linger for user units", function(step)
    local user_units = {}
    for _, entry in ipairs(shown) do
      if entry.unit.scope == "user" and deploy.unit_in_use(entry.state) then
        user_units[#user_units + 1] = entry.unit.name
      end
    end
    if #user_units == 0 then
      step:skip("no user unit in use")
      return
    end
    local user = env.get("USER") or env.get("LOGNAME")
    if not user or user == "" then
      step:skip("USER is not set: cannot tell whose linger to check")
      return
    end
    local stat = fs.stat(LINGER_DIR .. user)
    step:evidence("linger_file", stat)
    if type(stat) ~= "table" or stat.ok ~= true then
      step:skip("cannot read " .. LINGER_DIR .. user .. ": " .. tostring(list(stat).message))
    elseif stat.exists then
      step:pass("linger is enabled for " .. user)
    else
      knowledge.raise(ctx, nil, "systemd.linger-disabled", {
        confidence = 0.85,
        vars = { user = user, units = table.concat(user_units, ", ") },
        evidence = { user = user, linger_file = LINGER_DIR .. user, units = user_units },
      })
      step:warn("linger is disabled for " .. user)
    end
  end)
end

return {
  id = "openclaw.systemd",
  version = "1.0.0",
  engine = "^1",
  title = "Diagnose the OpenClaw gateway as a systemd unit",
  summary = "Finds the gateway's systemd units in both scopes (openclaw-gateway[-profile].service, the legacy "
    .. "clawdbot-gateway, hand-written openclaw.service) and checks each: failed, crash looping, start limit hit "
    .. "(systemd stopped trying), exit 78 with RestartPreventExitStatus (a config the gateway refuses, or another "
    .. "gateway holds the port), restart instability (a failed start followed by a good one), a system and a user "
    .. "unit for the same gateway, and linger for user units. The cause of failures comes from the unit's journal. "
    .. "Where no unit can run it says why: no service manager at all, a user manager this session cannot reach, "
    .. "or no gateway unit installed.",
  symptoms = {
    "openclaw-gateway.service: Failed with result 'exit-code'",
    "Main process exited, code=exited, status=1/FAILURE",
    "Start request repeated too quickly",
    "start-limit-hit",
    "Scheduled restart job, restart counter is at",
    "status=78",
    "gateway stops when I log out",
    "systemctl --user status openclaw-gateway",
    "occasional failed first restart attempt before successful second start",
    "two gateway services",
  },
  tags = { "systemd", "service", "gateway" },
  capabilities = { "systemd", "fs", "env", "proc", "net", "fs:/var/lib/systemd/linger" },
  findings = {
    "systemd.unit-failed",
    "systemd.crash-loop",
    "systemd.start-limit-hit",
    "systemd.restart-prevented",
    "systemd.restart-instability",
    "systemd.duplicate-units",
    "systemd.linger-disabled",
    "config.invalid",
    "service.no-manager",
    "service.user-bus-unavailable",
    "service.not-installed",
    "version.known-regression",
  },
  params = {
    profile = oc.PARAMS.profile,
    unit = {
      type = "string",
      description = "Unit name to check (default: every gateway unit found; OPENCLAW_SYSTEMD_UNIT when set).",
    },
  },

  run = function(ctx, params)
    local available = check_systemd(ctx)
    if not available then
      return
    end

    local units = find_the_gateway_units(ctx, params, available)
    if #units == 0 then
      return
    end

    local now = time.now()
    local shown = read_the_units_and_their(ctx, units)

    check_for_system_and_user(ctx, shown)

    check_each_unit_s_state(ctx, now, shown)

    check_linger_for_user_units(ctx, shown)

    -- A unit whose gateway crashed (the journal's cause is a crash: a heap exhausted, an OOM kill, a fatal error):
    -- a known regression of the running release may be why (real-cases P54), and names the fixed version.
    for _, entry in ipairs(shown) do
      if oc.get(entry, "cause.finding") == "gateway.crashed" then
        oc.run(ctx, "openclaw.known-issues", params)
        break
      end
    end
  end,
}
