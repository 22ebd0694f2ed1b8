-- Engine prelude: trusted code, run once per engine with the full standard library before it is taken away.
-- It receives the engine's internal functions and returns the pieces every runbook sandbox is made of.
-- Runbooks never see this file's locals: only what `new_sandbox` puts into their environment.
local I = ...

local PENDING = I.pending
local co_create, co_resume, co_yield = coroutine.create, coroutine.resume, coroutine.yield
local co_status, co_running, co_isyieldable, co_close = coroutine.status, coroutine.running, coroutine.isyieldable,
  coroutine.close
local pack, unpack = table.pack, table.unpack
local error, type, tostring, select, setmetatable, rawget = error, type, tostring, select, setmetatable, rawget
local xpcall, load, pairs, ipairs, collectgarbage = xpcall, load, pairs, ipairs, collectgarbage
local traceback = debug.traceback

-- The message handler of steps and runs: keep the message, add where it came from.
local function handler(err)
  local message = type(err) == "string" and err or tostring(err)
  return { message = message, traceback = traceback(nil, 2) }
end

-- A binding parks its coroutine by yielding PENDING to the scheduler. Inside a runbook's own coroutine that
-- yield would land in the runbook's resume instead, so resume passes it up and hands the answer back down.
local function forward(co, r)
  while r[1] and r.n == 2 and r[2] == PENDING do
    r = pack(co_resume(co, co_yield(PENDING)))
  end
  return r
end

local coroutine_lib = {
  create = co_create,
  status = co_status,
  running = co_running,
  isyieldable = co_isyieldable,
  yield = co_yield,
  resume = function(co, ...)
    if I.is_task(co) then
      return false, "cannot resume a coroutine owned by the engine"
    end
    local r = forward(co, pack(co_resume(co, ...)))
    return unpack(r, 1, r.n)
  end,
  wrap = function(f)
    local co = co_create(f)
    return function(...)
      local r = forward(co, pack(co_resume(co, ...)))
      if not r[1] then
        error(r[2], 0)
      end
      return unpack(r, 2, r.n)
    end
  end,
  close = function(co)
    if I.is_task(co) then
      error("cannot close a coroutine owned by the engine", 2)
    end
    return co_close(co)
  end,
}

local function check_arg(n, fname, value, expected)
  if type(value) ~= expected then
    error(("bad argument #%d to '%s' (%s expected, got %s)"):format(n, fname, expected, type(value)), 3)
  end
end

-- step objects ---------------------------------------------------------------------------------------------
local Step = { __metatable = false }
Step.__index = Step
function Step:evidence(key, value)
  check_arg(1, "evidence", key, "string")
  I.evidence(self[1], key, value)
  return self
end
for _, status in ipairs({ "pass", "fail", "warn", "skip" }) do
  Step[status] = function(self, message)
    I.set_status(self[1], status, message)
    return self
  end
end
function Step:log(...)
  I.log(...)
end

-- ctx ------------------------------------------------------------------------------------------------------
local Ctx = { __metatable = false }
Ctx.__index = Ctx

function Ctx:step(title, fn)
  check_arg(1, "step", title, "string")
  check_arg(2, "step", fn, "function")
  local handle = I.begin_step(title)
  local step = setmetatable({ handle }, Step)
  local r = pack(xpcall(fn, handler, step))
  I.end_step(handle, r[1], r[2]) -- raises again when the whole run was cancelled
  if r[1] then
    return unpack(r, 2, r.n)
  end
  return nil
end

function Ctx:finding(f)
  check_arg(1, "finding", f, "table")
  I.finding(f)
end

function Ctx:log(...)
  I.log(...)
end

function Ctx:attach(name, content, why)
  check_arg(1, "attach", name, "string")
  if type(content) ~= "table" then
    check_arg(2, "attach", content, "string")
  end
  check_arg(3, "attach", why, "string")
  I.attach(name, content, why)
end

function Ctx:fact(name, value)
  check_arg(1, "fact", name, "string")
  I.fact(name, value)
end

function Ctx:parallel(fns)
  check_arg(1, "parallel", fns, "table")
  return I.parallel(fns)
end

function Ctx:run(id, params, opts)
  check_arg(1, "run", id, "string")
  if params ~= nil then
    check_arg(2, "run", params, "table")
  end
  if opts ~= nil then
    check_arg(3, "run", opts, "table")
  end
  local handle, child_ctx, run_fn, child_params = I.enter_run(id, params, opts)
  local r = pack(xpcall(run_fn, handler, child_ctx, child_params))
  return I.leave_run(handle, r[1], r[2])
end

local function new_ctx(info)
  return setmetatable({ id = info.id, version = info.version, engine = info.engine, params = info.params }, Ctx)
end

-- sandboxes ------------------------------------------------------------------------------------------------
local function copy(t)
  local out = {}
  for k, v in pairs(t) do
    out[k] = v
  end
  return out
end

local safe_base = {
  "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen", "rawset", "select",
  "tonumber", "tostring", "type", "xpcall", "getmetatable",
}
local base = {}
for _, name in ipairs(safe_base) do
  base[name] = _G[name]
end
base._VERSION = _VERSION

local string_lib = copy(string)
string_lib.dump = nil -- bytecode out
local libs = {
  string = string_lib,
  table = table,
  math = math,
  utf8 = utf8,
  os = { time = os.time, clock = os.clock, date = os.date },
}

local function safe_setmetatable(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    -- Finalizers run with hooks off, where no CPU limit can stop them.
    error("__gc metamethods are not allowed in runbooks", 2)
  end
  return setmetatable(t, mt)
end

local function safe_collectgarbage(opt, ...)
  if opt == "count" then
    return collectgarbage("count")
  end
  error("collectgarbage: only \"count\" is allowed in runbooks", 2)
end

-- Builds a fresh global environment: globals written by one runbook are never seen by another.
local function new_sandbox(modules)
  local env = copy(base)
  for name, lib in pairs(libs) do
    env[name] = copy(lib)
  end
  env.coroutine = copy(coroutine_lib)
  env.setmetatable = safe_setmetatable
  env.collectgarbage = safe_collectgarbage
  env.print = function(...)
    I.log(...)
  end
  env.load = function(chunk, name, mode, ...)
    if mode ~= nil and mode ~= "t" then
      error("load: only text chunks are allowed in runbooks (mode \"t\")", 2)
    end
    -- Without an explicit environment a chunk sees the runbook's own globals, never the real ones.
    local chunk_env = env
    if select("#", ...) > 0 then
      chunk_env = ...
    end
    return load(chunk, name, "t", chunk_env)
  end
  -- Modules are cached per sandbox: a runbook that changes a module it required changes its own instance,
  -- never the one another runbook (a child it runs) gets.
  local modules_loaded = {}
  env.require = function(name)
    check_arg(1, "require", name, "string")
    return I.require(name, modules_loaded)
  end
  for name, module in pairs(modules) do
    env[name] = copy(module)
  end
  env._G = env
  return env
end

return {
  new_ctx = new_ctx,
  new_sandbox = new_sandbox,
}
