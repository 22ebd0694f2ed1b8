-- The Node.js that runs (or would run) the gateway, against what the installed OpenClaw release requires: its
-- package.json `engines.node` (e.g. ">=24.16.0 <25 || >=26.1.0"), and from 2026.7 on a SQLite inside Node that
-- has the WAL-reset fix (the table below). A Node outside them: the gateway refuses to start (`Node X is
-- unsupported; OpenClaw requires ...`, or it cannot open its state databases) or starts and fails later.
--
--   local node_runtime = require("lib.node_runtime")
--   local seen = node_runtime.check(pid)   -- pid of a running gateway, or nil for the `node` on PATH
--   -- nil when something is unknown; else {ok, version_ok, node, executable, range, openclaw, package_dir, pid,
--   --   sqlite_checked, sqlite?, sqlite_shared?, sqlite_range?, sqlite_label?, sqlite_ok?, sqlite_refs?}
--   -- sqlite_ok is nil when the release requires nothing of SQLite or the Node was not asked (no exec:node)
local oc = require("lib.openclaw")
local versions = require("lib.versions")

local M = {}

-- What OpenClaw releases require of the SQLite that Node's node:sqlite loads (not in package.json: the release
-- checks `sqlite_version()` when it opens its state databases). The range is OpenClaw's own
-- isSqliteWalResetSafeVersion (2026.9.6 dist/runtime-paths: 3.51.3+, or 3.50.7+ / 3.44.6+ on those patched
-- lines); official Node builds 22.22.3+, 24.15.0+ and 25.9.0+ embed such a SQLite, a distribution's Node built
-- with --shared-sqlite loads the system's library (Ubuntu's 3.46.1 in #107607).
M.SQLITE_REQUIREMENTS = {
  {
    openclaw = ">=2026.7.0-0",
    sqlite = ">=3.51.3 || >=3.50.7 <3.51.0 || >=3.44.6 <3.45.0",
    label = "3.51.3 or later (3.50.7+ or 3.44.6+ on those patched lines)",
    refs = {
      "https://github.com/openclaw/openclaw/pull/106065",
      "https://github.com/openclaw/openclaw/issues/107607",
    },
  },
}

-- The SQLite requirement of OpenClaw `version`, or nil when the release has none (or the version is unknown).
function M.sqlite_requirement(version)
  if type(version) ~= "string" then
    return nil
  end
  for _, entry in ipairs(M.SQLITE_REQUIREMENTS) do
    if versions.satisfies(version, entry.openclaw) then
      return entry
    end
  end
  return nil
end

-- Whether `node` (openclaw.node_version's result) meets `need` (an entry above): true, false, or nil when its
-- SQLite was not read. A Node without node:sqlite (Node 20, or 22 before 22.13 without a flag) fails it.
function M.sqlite_satisfies(node, need)
  if not need or node.sqlite_checked ~= true then
    return nil
  end
  if type(node.sqlite) ~= "string" or node.sqlite_available == false then
    return false
  end
  return versions.satisfies(node.sqlite, need.sqlite) == true
end

function M.check(pid)
  local installed = openclaw.version()
  if type(installed) ~= "table" or installed.ok ~= true or type(installed.package_dir) ~= "string" then
    return nil
  end
  local package = fs.json({ path = installed.package_dir .. "/package.json" })
  local range = oc.get(package, "engines.node")
  if type(range) ~= "string" or range == "" then
    return nil
  end
  local node = openclaw.node_version(pid and { pid = pid } or nil)
  if type(node) ~= "table" or type(node.version) ~= "string" then
    return nil
  end
  local version_ok = versions.satisfies(node.version, range) == true
  local need = M.sqlite_requirement(installed.version)
  local sqlite_ok = M.sqlite_satisfies(node, need)
  return {
    ok = version_ok and sqlite_ok ~= false,
    version_ok = version_ok,
    node = node.version,
    executable = node.executable,
    range = range,
    openclaw = installed.version,
    package_dir = installed.package_dir,
    pid = pid,
    sqlite_checked = node.sqlite_checked == true,
    sqlite = node.sqlite,
    sqlite_shared = node.sqlite_shared,
    sqlite_error = node.sqlite_error,
    sqlite_range = need and need.sqlite,
    sqlite_label = need and need.label,
    sqlite_refs = need and need.refs,
    sqlite_ok = sqlite_ok,
  }
end

-- One line on the Node's SQLite for a step's message: "SQLite 3.53.4", "no node:sqlite", "SQLite not read".
function M.describe_sqlite(seen)
  if not seen.sqlite_checked then
    return "SQLite not read"
  end
  if type(seen.sqlite) ~= "string" then
    return "no embedded SQLite (node:sqlite unavailable)"
  end
  return "SQLite " .. seen.sqlite .. (seen.sqlite_shared and " (the system's, --shared-sqlite)" or "")
end

return M
