-- Unit tests of runbooks/lib/knowledge.lua and the finding catalog's coverage: every catalog entry is complete,
-- every id is raised by a shipped runbook (listed in its `findings`; `clawbook lint` checks the raises against
-- that list) and covered by a runbook test case (its expect.first or expect.findings). A failed check raises, so
-- `clawbook run` exits 2. ctest: lua:knowledge_test.
local knowledge = require("lib.knowledge")

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

local function equal(got, want, what)
  check(got == want, what .. ": expected " .. tostring(want) .. ", got " .. tostring(got))
end

local function errors(f, pattern, what)
  local ok, err = pcall(f)
  check(not ok, what .. ": expected an error")
  check(tostring(err):find(pattern, 1, true) ~= nil, what .. ": error '" .. tostring(err) .. "' lacks " .. pattern)
end

-- The `findings = { ... }` list of a runbook file's metadata.
local function listed_findings(text)
  local block = text:match("\n  findings = (%b{})")
  local ids = {}
  for id in (block or ""):gmatch('"([^"]+)"') do
    ids[#ids + 1] = id
  end
  return ids
end

-- {name, first line, length} of every multi-line function in `text`: a line that opens a function at some indentation
-- ends at the first later line with an `end` at that indentation (StyLua formats them so).
local function functions_of(text)
  local lines = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = line
  end
  local found = {}
  for i, line in ipairs(lines) do
    local indent = line:match("^(%s*)[^-%s].-function[%s(]")
    if indent and not line:match("%f[%w]end%f[%W][%s),]*$") then
      for j = i + 1, #lines do
        if lines[j]:match("^" .. indent .. "end%f[%W]") then
          found[#found + 1] = {
            name = line:match("function%s+([%w_.:]+)") or line:match("^%s*([%w_]+) =") or "?",
            line = i,
            length = j - i + 1,
          }
          break
        end
      end
    end
  end
  return found
end

return {
  id = "test.lib.knowledge",
  version = "1.0.0",
  engine = "^1",
  title = "lib/knowledge.lua and the finding catalog's coverage",
  summary = "Unit tests of fill, spec and the variants, and the catalog coverage both ways.",
  -- The source tree can be anywhere: read it all (a test, never shipped).
  capabilities = { "fs", "fs:/" },
  params = { root = { type = "string", required = true, description = "The source tree" } },

  run = function(ctx, params)
    ctx:step("fill replaces the placeholders it has values for", function(step)
      equal(knowledge.fill("port {port} of {owner}", { owner = "nginx" }), "port {port} of nginx", "fill")
      equal(knowledge.fill("{n} min", { n = 3 }), "3 min", "numbers")
      step:pass("ok")
    end)

    ctx:step("spec takes the texts from the catalog and the facts from the runbook", function(step)
      local spec = knowledge.spec("gateway.low-memory", { vars = { available = "100 MiB" }, confidence = 0.7 })
      equal(spec.title, "Only 100 MiB of memory available (the gateway needs 256 MiB)", "title")
      equal(spec.severity, "high", "the catalog's default severity")
      equal(spec.confidence, 0.7, "confidence")
      equal(spec.fix[1], "free -h", "fix from the catalog")
      local override = knowledge.spec("gateway.low-memory", { severity = "medium" })
      equal(override.severity, "medium", "a runbook may adjust the severity")
      step:pass("ok")
    end)

    ctx:step("variants override the texts, lists splice into fix lines, booleans switch sentences", function(step)
      local stuck = knowledge.spec("gateway.starting", { variant = "stuck", vars = { minutes = 7 } })
      equal(stuck.title, "The gateway has been starting for 7 min: /readyz still 503", "variant title")
      equal(stuck.severity, "high", "variant severity")
      local conflict = knowledge.spec("gateway.port-conflict", { vars = { kills = { "kill 1", "kill 2" } } })
      equal(conflict.fix[2], "kill 1", "spliced line")
      equal(conflict.fix[3], "kill 2", "spliced line")
      local none = knowledge.spec("gateway.port-conflict", { vars = { kills = {} } })
      equal(#none.fix, #conflict.fix - 2, "an empty list leaves no line")
      local with = knowledge.spec("gateway.wrong-port", { vars = { seed_note = true, actual = 3001 } })
      check(with.cause:find("Port 3001 comes from blog posts", 1, true), "a true boolean puts the sentence in")
      local without = knowledge.spec("gateway.wrong-port", { vars = { seed_note = false, actual = 3001 } })
      check(not without.cause:find("blog posts", 1, true), "a false boolean leaves it out")
      local journal = knowledge.spec("systemd.crash-loop", {
        vars = { because = true, log_message = "EADDRINUSE", log_finding = "gateway.port-conflict" },
      })
      check(journal.cause:find('The journal says: "EADDRINUSE"', 1, true), "a sentence fills its own placeholders")
      step:pass("ok")
    end)

    ctx:step("unknown ids and variants are errors", function(step)
      errors(function()
        knowledge.spec("no.such-id", {})
      end, "not in the catalog", "unknown id")
      errors(function()
        knowledge.spec("gateway.low-memory", { variant = "nope" })
      end, "has no variant 'nope'", "unknown variant")
      step:pass("ok")
    end)

    ctx:step("every catalog entry is complete", function(step)
      local severities = { info = true, low = true, medium = true, high = true, critical = true }
      for _, id in ipairs(knowledge.ids()) do
        local entry = knowledge.get(id)
        check(severities[entry.severity], id .. ": severity " .. tostring(entry.severity))
        for _, field in ipairs({ "title", "meaning", "source" }) do
          check(type(entry[field]) == "string" and entry[field] ~= "", id .. ": no " .. field)
        end
        for name, variant in pairs(entry.variants or {}) do
          check(variant.severity == nil or severities[variant.severity], id .. "." .. name .. ": severity")
        end
      end
      step:evidence("ids", #knowledge.ids())
      step:pass(#knowledge.ids() .. " ids")
    end)

    ctx:step("every catalog id is raised by a shipped runbook", function(step)
      local raised, files = {}, 0
      for _, path in ipairs(fs.glob(params.root .. "/runbooks/*/*.lua").matches) do
        local dir = path:sub(#params.root + 1):match("^/runbooks/([^/]+)/")
        if dir ~= "lib" and dir ~= "knowledge" and dir ~= "types" then
          files = files + 1
          local file = fs.read(path, { max = 1048576 })
          check(file.ok, path .. ": " .. tostring(file.message))
          for _, id in ipairs(listed_findings(file.text)) do
            raised[id] = true
          end
        end
      end
      step:evidence("runbooks", files)
      local missing = {}
      for _, id in ipairs(knowledge.ids()) do
        if not raised[id] then
          missing[#missing + 1] = id
        end
      end
      check(#missing == 0, "raised by no runbook: " .. table.concat(missing, ", "))
      step:pass("all raised")
    end)

    ctx:step("runbooks stay readable: run at most 80 lines, no function over 120", function(step)
      local long = {}
      for _, path in ipairs(fs.glob(params.root .. "/runbooks/openclaw/*.lua").matches) do
        for _, fn in ipairs(functions_of(fs.read(path, { max = 1048576 }).text)) do
          local limit = fn.name == "run" and 80 or 120
          if fn.length > limit then
            long[#long + 1] = path:match("[^/]+$") .. ":" .. fn.line .. " " .. fn.name .. " (" .. fn.length .. " lines)"
          end
        end
      end
      check(#long == 0, "too long: " .. table.concat(long, ", "))
      step:pass("ok")
    end)

    ctx:step("every catalog id is covered by a test case", function(step)
      local covered = {}
      for _, path in ipairs(fs.glob(params.root .. "/runbooks/*/tests/*.json").matches) do
        local case = fs.json({ path = path })
        local expect = type(case) == "table" and case.expect or {}
        if expect.first then
          covered[expect.first] = true
        end
        for _, id in ipairs(expect.findings or {}) do
          covered[id] = true
        end
      end
      local missing = {}
      for _, id in ipairs(knowledge.ids()) do
        if not covered[id] then
          missing[#missing + 1] = id
        end
      end
      check(#missing == 0, "covered by no test case: " .. table.concat(missing, ", "))
      step:pass("all covered")
    end)
  end,
}
