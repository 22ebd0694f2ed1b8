-- Unit tests of runbooks/lib/versions.lua and lib/regressions.lua, and every known-regressions entry's own test
-- case (lib/known_issues.lua: each entry names a version inside its range, one outside, and the facts that make
-- it bite). A failed check raises, so `clawbook run` exits 2. ctest: lua:regressions_test.
local known_issues = require("lib.known_issues")
local regressions = require("lib.regressions")
local versions = require("lib.versions")

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

local FACT_LISTS = { channels = true, plugins = true, providers = true }

-- The facts an entry's test case gives, completed so every list is known (empty when the case names none).
local function case_facts(test)
  local facts = { platform = "linux", channels = {}, plugins = {}, providers = {}, bind = "loopback" }
  for key, value in pairs(test.facts or {}) do
    facts[key] = value
  end
  return facts
end

-- The same facts with the entry's condition broken: a list emptied, a value changed.
local function unmet_facts(issue, facts)
  local broken = {}
  for key, value in pairs(facts) do
    broken[key] = value
  end
  for key in pairs(issue.when or {}) do
    local list = key .. "s"
    if FACT_LISTS[list] then
      broken[list] = {}
    else
      broken[key] = "something-else"
    end
  end
  return broken
end

return {
  id = "test.lib.regressions",
  version = "1.0.0",
  engine = "^1",
  title = "lib/versions.lua, lib/regressions.lua and the known-regressions table",
  summary = "Version ranges, condition matching, and each known regression's own test case.",
  capabilities = {},
  params = { root = { type = "string", description = "The source tree (unused: the table is required)" } },

  run = function(ctx)
    ctx:step("versions compare calendar versions with semver rules", function(step)
      check(versions.compare("2026.3.13", "2026.3.13-beta.2") == 1, "a release sorts after its pre-release")
      check(versions.compare("2026.3.9", "2026.3.13") == -1, "numeric parts compare as numbers")
      check(versions.compare("v2026.5.9-beta", "2026.5.9-beta") == 0, "a leading v is ignored")
      check(versions.satisfies("2026.3.13", ">=2026.3.13-0 <2026.3.14-0"), "inside")
      check(not versions.satisfies("2026.3.14", ">=2026.3.13-0 <2026.3.14-0"), "the fixed release is outside")
      check(versions.satisfies("2026.3.14-beta.1", ">=2026.3.13-0 <2026.3.14-0") == false, "its betas too")
      check(versions.satisfies("2026.1.1", "<2026.2.0 || >=2026.9.0"), "alternatives")
      check(versions.compare("not a version", "2026.1.1") == nil, "not a version")
      step:pass("ok")
    end)

    ctx:step("facts come from the config; conditions are met, unmet or unknown", function(step)
      local facts = regressions.facts({
        channels = { telegram = { enabled = true }, slack = { enabled = false }, discord = {} },
        agents = { defaults = { model = { primary = "openai-codex/gpt-5.5", fallbacks = { "ollama/qwen3" } } } },
        gateway = { bind = "lan", auth = { mode = "token" } },
      }, { supervisor = "systemd" })
      check(
        table.concat(facts.channels, ",") == "discord,telegram",
        "enabled channels: " .. table.concat(facts.channels, ",")
      )
      check(
        table.concat(facts.providers, ",") == "ollama,openai-codex",
        "providers: " .. table.concat(facts.providers, ",")
      )
      check(facts.bind == "lan" and facts.auth_mode == "token" and facts.supervisor == "systemd", "gateway facts")
      check(regressions.condition({ when = { channel = "telegram", bind = "lan" } }, facts) == "met", "met")
      check(regressions.condition({ when = { channel = "slack" } }, facts) == "unmet", "a disabled channel")
      check(regressions.condition({ when = { plugin = "x" } }, {}) == "unknown", "no config: unknown")
      check(regressions.condition({}, facts) == "met", "no condition")
      step:pass("ok")
    end)

    ctx:step("every entry is complete and cited", function(step)
      local ids, severities = {}, { info = true, low = true, medium = true, high = true, critical = true }
      for _, issue in ipairs(known_issues) do
        local id = tostring(issue.id)
        check(not ids[id], id .. ": defined twice")
        ids[id] = true
        check(severities[issue.severity], id .. ": severity")
        for _, field in ipairs({ "affected", "title", "symptom", "cause", "source" }) do
          check(type(issue[field]) == "string" and issue[field] ~= "", id .. ": no " .. field)
        end
        check(type(issue.workaround) == "table" and #issue.workaround > 0, id .. ": no workaround")
        check(issue.severity == "info" or #(issue.refs or {}) > 0, id .. ": no source URL")
        for _, ref in ipairs(issue.refs or {}) do
          check(ref:match("^https://"), id .. ": ref is not a URL: " .. ref)
        end
        check(issue.fixed == nil or versions.parse(issue.fixed), id .. ": fixed is not a version")
        check(issue.fixed == nil or not versions.satisfies(issue.fixed, issue.affected), id .. ": fixed is affected")
        check(type(issue.test) == "table" and issue.test.version and issue.test.outside, id .. ": no test case")
      end
      check(#known_issues >= 25, "at least 25 known regressions, got " .. #known_issues)
      step:evidence("entries", #known_issues)
      step:pass(#known_issues .. " entries")
    end)

    ctx:step(
      "each entry's test case: matched inside its range, not outside, not when the condition fails",
      function(step)
        for _, issue in ipairs(known_issues) do
          local id, test = issue.id, issue.test
          local facts = case_facts(test)
          local hit = regressions.match(issue, { { where = "installed", version = test.version } }, facts)
          check(hit ~= nil, id .. ": " .. test.version .. " does not match " .. issue.affected)
          check(hit.condition == "met", id .. ": the test case's facts do not meet the condition")
          check(regressions.reportable(hit, { count = 1 }), id .. ": not reported with its symptoms")
          check(
            regressions.reportable(hit, nil) == (issue.signals_required ~= true),
            id .. ": reported without symptoms although signals are required (or the reverse)"
          )
          local outside = regressions.match(issue, { { where = "installed", version = test.outside } }, facts)
          check(outside == nil, id .. ": " .. test.outside .. " matches " .. issue.affected)
          if issue.when then
            local unmet =
              regressions.match(issue, { { where = "x", version = test.version } }, unmet_facts(issue, facts))
            check(unmet == nil, id .. ": matches although its condition does not hold")
          end
        end
        step:pass(#known_issues .. " cases")
      end
    )
  end,
}
