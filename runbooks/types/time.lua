---@meta
-- time: wall and monotonic clocks, and a sleep that lets other branches run (no capability)
time = {}

---Returns the wall clock: seconds since the epoch, with a fraction.
---@return number seconds
function time.now() end

---Returns seconds on a monotonic clock, for measuring durations (its origin is arbitrary).
---@return number seconds
function time.monotonic() end

---Sleeps, yielding to the scheduler so that other ctx:parallel branches run meanwhile; bounded by the deadline; cut short once a stop is requested.
---@param seconds number non-negative
---@return true
function time.sleep(seconds) end

---True once the user asked a long run to end (the first Ctrl-C of `clawbook watch`): a watch loop ends cleanly.
---A binding call, so a replayed watch stops where the recorded one did.
---@return boolean
function time.stop_requested() end
