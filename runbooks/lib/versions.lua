-- OpenClaw's calendar versions ("2026.3.13", "2026.4.12-beta.1", "v2026.5.9-beta") compared with semver rules:
-- numeric parts left to right, then a release sorts after its pre-releases.
--
--   local versions = require("lib.versions")
--   versions.compare("2026.3.13", "2026.3.13-beta.2")           --> 1
--   versions.satisfies("2026.3.13", ">=2026.3.13-0 <2026.3.14-0") --> true
local M = {}

-- {numbers={2026, 3, 13}, pre={"beta", 1}} or nil when `text` is not a version.
function M.parse(text)
  if type(text) ~= "string" then
    return nil
  end
  local core, pre = text:match("^%s*v?([%d.]+)%-?([%w.-]*)")
  if not core or not core:match("^%d") then
    return nil
  end
  local numbers = {}
  for part in core:gmatch("%d+") do
    numbers[#numbers + 1] = tonumber(part)
  end
  local identifiers = {}
  for part in (pre or ""):gmatch("[^.]+") do
    identifiers[#identifiers + 1] = tonumber(part) or part
  end
  return { numbers = numbers, pre = identifiers }
end

local function compare_pre(a, b)
  if #a == 0 or #b == 0 then
    -- A release (no pre-release part) sorts after any of its pre-releases.
    return (#a == 0 and 1 or 0) - (#b == 0 and 1 or 0)
  end
  for i = 1, math.max(#a, #b) do
    local x, y = a[i], b[i]
    if x == nil or y == nil then
      return x == nil and -1 or 1
    end
    if x ~= y then
      if type(x) ~= type(y) then
        return type(x) == "number" and -1 or 1 -- numeric identifiers sort first
      end
      return x < y and -1 or 1
    end
  end
  return 0
end

-- -1, 0 or 1; nil when either is not a version.
function M.compare(a, b)
  local x, y = M.parse(a), M.parse(b)
  if not x or not y then
    return nil
  end
  for i = 1, math.max(#x.numbers, #y.numbers) do
    local p, q = x.numbers[i] or 0, y.numbers[i] or 0
    if p ~= q then
      return p < q and -1 or 1
    end
  end
  return compare_pre(x.pre, y.pre)
end

local TESTS = {
  [">="] = function(c)
    return c >= 0
  end,
  ["<="] = function(c)
    return c <= 0
  end,
  [">"] = function(c)
    return c > 0
  end,
  ["<"] = function(c)
    return c < 0
  end,
  ["="] = function(c)
    return c == 0
  end,
}

-- Whether `version` is in `range`: comparators separated by spaces must all hold ("AND"), alternatives are
-- separated by "||". A bare version means "=".
function M.satisfies(version, range)
  for alternative in (range .. "||"):gmatch("(.-)||") do
    local all = alternative:match("%S") ~= nil
    for comparator in alternative:gmatch("%S+") do
      local op, bound = comparator:match("^([<>=]*)(.+)$")
      local test = TESTS[op == "" and "=" or op]
      local c = test and M.compare(version, bound)
      if c == nil or not test(c) then
        all = false
        break
      end
    end
    if all then
      return true
    end
  end
  return false
end

return M
