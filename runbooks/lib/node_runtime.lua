-- The Node.js that runs (or would run) the gateway, against the range the installed OpenClaw release requires
-- (its package.json `engines.node`, e.g. ">=24.16.0 <25 || >=26.1.0"). A Node outside it: the gateway refuses
-- to start (`Node X is unsupported; OpenClaw requires ...`) or starts and fails later.
--
--   local node_runtime = require("lib.node_runtime")
--   local seen = node_runtime.check(pid)   -- pid of a running gateway, or nil for the `node` on PATH
--   -- nil when something is unknown; else {ok, node, executable, range, openclaw, package_dir, pid}
local oc = require("lib.openclaw")
local versions = require("lib.versions")

local M = {}

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
  return {
    ok = versions.satisfies(node.version, range) == true,
    node = node.version,
    executable = node.executable,
    range = range,
    openclaw = installed.version,
    package_dir = installed.package_dir,
    pid = pid,
  }
end

return M
