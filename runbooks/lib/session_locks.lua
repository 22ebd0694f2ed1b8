-- Agent session locks (<state dir>/agents/<agent>/sessions/<session>.jsonl.lock) whose owner is gone. OpenClaw
-- writes {pid, createdAt, starttime} into a lock it holds while it appends to a session transcript; a process
-- killed meanwhile (SIGKILL, OOM, an in-process restart) leaves it, and every later run of that session waits
-- out the lock timeout: `session file locked (timeout 10000ms): pid=... .jsonl.lock` (real-cases P4).
--
--   local session_locks = require("lib.session_locks")
--   local stale = session_locks.stale(state_dir)   -- { {path, pid, status = "dead"|"zombie"|"reused"|"invalid"} }
local M = {}

M.PATTERN = "/agents/*/sessions/*.jsonl.lock"

-- Why the lock's owner cannot be holding it, or nil when it may be: "dead", "zombie", "reused" (a live pid
-- started at another time than the payload's starttime) or "invalid" (no pid in it).
function M.owner_gone(payload)
  local pid = type(payload) == "table" and math.tointeger(payload.pid)
  if not pid or pid <= 0 then
    return "invalid"
  end
  local alive, state = proc.alive(pid)
  if not alive then
    return state == "zombie" and "zombie" or "dead"
  end
  local starttime = math.tointeger(payload.starttime)
  if starttime then
    local process = proc.get(pid)
    if process and math.tointeger(process.start_ticks) ~= starttime then
      return "reused"
    end
  end
  return nil
end

-- The stale session locks under `state_dir`, sorted by path (fs.glob sorts). One glob when there is none.
function M.stale(state_dir)
  local found = fs.glob(state_dir .. M.PATTERN)
  local stale = {}
  for _, path in ipairs(type(found) == "table" and found.matches or {}) do
    local payload = fs.json({ path = path })
    local status = M.owner_gone(payload)
    if status then
      stale[#stale + 1] = { path = path, pid = type(payload) == "table" and payload.pid or nil, status = status }
    end
  end
  return stale
end

return M
