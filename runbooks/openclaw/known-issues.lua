-- openclaw.known-issues: the installed CLI, each running gateway and the listener's own hello-ok version matched
-- against releases with known regressions and breaking changes (the table is data: lib/known_issues.lua). The
-- gateway's log decides whether an issue is biting this machine: a matching version with its symptoms in the log
-- is reported with high confidence; issues that hurt only some setups are reported only with their symptoms.
local oc = require("lib.openclaw")
local gateway_logs = require("lib.gateway_logs")
local knowledge = require("lib.knowledge")
local known_issues = require("lib.known_issues")
local regressions = require("lib.regressions")

local CONNECT_TIMEOUT = 3

-- Read the installed and running versions.
local function read_the_installed_and_running(ctx)
  return ctx:step("Read the installed and running versions", function(step)
    local found = {}
    local installed = openclaw.version()
    if type(installed) == "table" and installed.version then
      found[#found + 1] = { where = "installed (" .. tostring(installed.cli) .. ")", version = installed.version }
      ctx:fact("openclaw.version", installed.version)
    end
    for _, process in ipairs(oc.list(type(installed) == "table" and installed.running)) do
      if process.version then
        found[#found + 1] = { where = "running gateway pid " .. tostring(process.pid), version = process.version }
      end
    end
    step:evidence("versions", found)
    if type(installed) == "table" and installed.ok == false then
      step:evidence("installed_error", installed.message or installed.error)
    end
    return found
  end)
end

-- Ask the listener its version.
local function ask_the_listener_its_version(ctx, params, seen_versions)
  return ctx:step("Ask the listener its version", function(step)
    local target = oc.target(params)
    local result = gateway.connect(target.ws_url, oc.connect_options(oc.token(params), CONNECT_TIMEOUT))
    local cfg = target.config or openclaw.config({ profile = params.profile })
    if type(result) == "table" and result.ok and result.server_version then
      seen_versions[#seen_versions + 1] =
        { where = "listener " .. tostring(target.ws_url), version = result.server_version }
      if type(result.close) == "function" then
        result:close()
      end
      step:pass(result.server_version)
    else
      step:skip("no hello-ok: " .. tostring(oc.get(result, "details_code") or oc.get(result, "error")))
    end
    return { target = target, bind = oc.get(cfg, "gateway.bind.value"), config = oc.get(cfg, "config") }
  end)
end

-- Read the gateway's log for the issues' symptoms.
local function read_the_gateway_s_log(ctx, params, candidates)
  return ctx:step("Read the gateway's log for the issues' symptoms", function(step)
    local patterns = {}
    for _, candidate in ipairs(candidates) do
      if candidate.issue.signals then
        patterns[#patterns + 1] = { id = candidate.issue.id, match = candidate.issue.signals }
      end
    end
    if #patterns == 0 then
      step:skip(#candidates == 0 and "no version matches a known issue" or "no symptoms to look for")
      return {}
    end
    local seen = gateway_logs.scan(ctx, params, patterns)
    step:evidence("sources", gateway_logs.sources(seen))
    local counts = {}
    for _, candidate in ipairs(candidates) do
      local evidence = gateway_logs.evidence(seen, candidate.issue.id)
      counts[candidate.issue.id] = evidence
      step:evidence(candidate.issue.id, evidence and evidence.count or 0)
    end
    return counts
  end)
end

-- How sure a matching version makes the issue: its symptoms in the log, then the condition it names (a channel,
-- plugin or setting) holding on this machine, then the version alone. Two issues of one release then rank the
-- one this setup meets first (2026.3.13 with Slack: the Socket Mode regression before the loopback-scope one).
local function confidence_of(candidate, symptoms)
  if symptoms then
    return 0.9
  end
  if candidate.issue.severity == "info" then
    return 1
  end
  return (candidate.issue.when ~= nil and candidate.condition == "met") and 0.65 or 0.6
end

-- Match the versions against the known issues.
local function match_the_versions_against_the(ctx, seen_versions, target, candidates, signals)
  return ctx:step("Match the versions against the known issues", function(step)
    step:evidence("checked", #known_issues):evidence("versions", seen_versions)
    local reported, problems = {}, 0
    for _, candidate in ipairs(candidates) do
      local issue, symptoms = candidate.issue, signals[candidate.issue.id]
      if regressions.reportable(candidate, symptoms) then
        reported[#reported + 1] = issue.id
        problems = problems + (issue.severity == "info" and 0 or 1)
        knowledge.raise(ctx, target, "version.known-regression", {
          severity = issue.severity,
          confidence = confidence_of(candidate, symptoms),
          vars = {
            title = issue.title,
            cause = issue.cause,
            versions = table.concat(candidate.matched, "; "),
            fixed = issue.fixed,
            fixed_in = issue.fixed ~= nil,
            count = symptoms and symptoms.count,
            symptoms = symptoms ~= nil,
            workaround = issue.workaround,
          },
          evidence = {
            issue = issue.id,
            affected = issue.affected,
            fixed = issue.fixed,
            when = issue.when,
            condition = candidate.condition,
            versions = candidate.matched,
            log = symptoms,
          },
          refs = issue.refs,
        })
      end
    end
    if problems > 0 then
      step:warn(table.concat(reported, ", "))
    elseif #reported > 0 then
      step:pass("notes only: " .. table.concat(reported, ", "))
    else
      step:pass(#seen_versions == 0 and "no version found" or "no known issue applies")
    end
  end)
end

return {
  id = "openclaw.known-issues",
  version = "1.0.0",
  engine = "^1",
  title = "Match the installed and running OpenClaw versions against known regressions",
  summary = "Reads the installed version (the openclaw package on PATH), the versions the running gateways were "
    .. "started from, and the version the listener reports at hello-ok, then matches each against the known "
    .. "regressions (the 2026.3.13 loopback operator.read regression, the protocol 4 switch, ...) and checks the "
    .. "gateway's log for their symptoms.",
  symptoms = {
    "after upgrading to 2026.3.13",
    "unreachable (missing scope: operator.read)",
    "protocol mismatch",
    "gateway closed (1002)",
    "broke after upgrade",
    "regression",
  },
  tags = { "openclaw", "version", "upgrade", "regression" },
  capabilities = { "net", "fs", "proc", "env", "systemd" },
  findings = { "version.known-regression" },
  params = oc.PARAMS,

  run = function(ctx, params)
    local seen_versions = read_the_installed_and_running(ctx) or {}

    local listener = ask_the_listener_its_version(ctx, params, seen_versions)
    local target = oc.get(listener, "target") or {}

    -- Versions matching each issue, with the condition that makes it bite (lib.regressions) applied.
    local facts = regressions.facts(oc.get(listener, "config"), { bind = oc.get(listener, "bind") })
    local candidates = {}
    for _, issue in ipairs(known_issues) do
      local hit = regressions.match(issue, seen_versions, facts)
      if hit then
        candidates[#candidates + 1] = hit
      end
    end

    local signals = read_the_gateway_s_log(ctx, params, candidates) or {}

    match_the_versions_against_the(ctx, seen_versions, target, candidates, signals)
  end,
}
