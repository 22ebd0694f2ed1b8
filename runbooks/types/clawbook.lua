---@meta
-- clawbook: the runbook table, ctx, step and finding (engine API 1, docs/runbook-format.md)

-- A runbook file returns a Runbook table; annotate it to get completion and checks:
--
--   ---@type Runbook
--   return { id = "team.check", version = "1.0.0", engine = "^1", run = function(ctx, params) ... end }
--
-- Binding modules are globals, one per registered module, each declared in the file of its name in this
-- directory (gateway.lua for `gateway`). `require("lib.name")` is Lua's require, loading lib/name.lua from the runbook
-- search path (text only, its own sandbox, once per run).

---@alias Severity "info"|"low"|"medium"|"high"|"critical"

---@alias StepStatus "pass"|"warn"|"fail"|"skip"|"error"

---@alias Verdict "healthy"|"problems"|"error"

---@alias ParamType "string"|"number"|"integer"|"boolean"|"list"

---A parameter of a runbook: its value comes from `--param NAME=VALUE`, else the environment variable named by
---`env`, else `default`.
---@class ParamSpec
---@field type? ParamType default "string"; "list" is comma separated on the command line
---@field default? any
---@field description? string
---@field secret? boolean registered for redaction: every output shows only its fingerprint
---@field env? string environment variable to read the value from
---@field required? boolean

---The table a runbook file returns.
---@class Runbook
---@field id string lowercase dotted id, e.g. "openclaw.gateway-down"
---@field version string semver of this runbook, MAJOR.MINOR.PATCH[-pre]
---@field engine string npm-style range of the engine API it needs: "^1", "~1.2", ">=1.0 <2", "1.x", "a || b"
---@field title? string one line (`clawbook lint` requires it)
---@field summary? string a paragraph (`clawbook lint` requires it)
---@field symptoms? string[] text a user may paste; used by `clawbook suggest`
---@field tags? string[]
---@field capabilities? string[] net, proc, fs, fs:/PATH, env, systemd, docker, exec:NAME, exec:/PATH, sys, action
---@field findings? string[] finding ids it can raise (for docs)
---@field params? table<string, ParamSpec>
---@field run fun(ctx: Ctx, params: table<string, any>): any

---A finding: a diagnosed cause with its evidence and an exact fix.
---@class Finding
---@field id string e.g. "gateway.not-running"
---@field severity Severity
---@field title string
---@field cause? string
---@field evidence? table plain data
---@field fix? string[] exact commands or instructions
---@field confidence? number|"low"|"medium"|"high" 0..1 or a word
---@field refs? string[] links or document references

---A finding as ctx:run reports it for a nested runbook.
---@class RunFinding
---@field id string
---@field severity Severity
---@field title string
---@field runbook string id of the runbook that raised it

---What ctx:run returns first.
---@class RunSummary
---@field verdict Verdict
---@field findings RunFinding[]

---The step being run: record evidence and set its status.
---@class Step
local Step = {}

---Attaches plain data to the step (chainable).
---@param key string
---@param value any plain data: strings, numbers, booleans, tables of those
---@return Step
function Step:evidence(key, value) end

---Sets the step's status to pass, with a message.
---@param message? string
---@return Step
function Step:pass(message) end

---Sets the step's status to fail, with a message.
---@param message? string
---@return Step
function Step:fail(message) end

---Sets the step's status to warn, with a message.
---@param message? string
---@return Step
function Step:warn(message) end

---Sets the step's status to skip, with a message.
---@param message? string
---@return Step
function Step:skip(message) end

---Writes a debug line (shown with -v, kept in the report's log).
---@param ... any
function Step:log(...) end

---The runbook's context, passed to run(ctx, params).
---@class Ctx
---@field id string the running runbook's id
---@field version string the running runbook's version
---@field engine string the engine API version
---@field params table<string, any> the resolved params
local Ctx = {}

---Runs fn(step) as a recorded step; returns what fn returned. An uncaught error marks the step error.
---A clean return without a status call is a pass.
---@generic R
---@param title string
---@param fn fun(step: Step): R
---@return R
function Ctx:step(title, fn) end

---Raises a finding: a diagnosed cause with evidence and an exact fix.
---@param finding Finding
function Ctx:finding(finding) end

---Hands a file to `clawbook bundle` (a support bundle): written into the archive under `name` with `why` in its
---manifest, redacted like every output. A table is written as indented JSON. Attaching a name again replaces it.
---@param name string relative path inside the bundle, e.g. "logs/gateway.log"
---@param content string|table
---@param why string one line: why the file is in the bundle
function Ctx:attach(name, content, why) end

---Runs another runbook (id may pin @version or @range); its steps nest and its findings join the report.
---It may use only the capabilities it declares that this run holds too (--deny reaches it as well).
---@param id string e.g. "openclaw.config" or "openclaw.config@^1"
---@param params? table<string, any>
---@param opts? {title?: string} title: the step's label instead of "run <id>"
---@return RunSummary summary
---@return any value the first value its run returned (nil when it raised)
function Ctx:run(id, params, opts) end

---Runs the functions concurrently as coroutines and returns their first results in order.
---If a branch raises, the call raises after every branch has finished.
---@param fns (fun(): any)[]
---@return any ...
function Ctx:parallel(fns) end

---Writes a debug line (shown with -v, kept in the report's log).
---@param ... any
function Ctx:log(...) end

---Records one value for the whole run (a version, a mode) in the report's `facts`; the last write wins.
---`clawbook report merge` compares facts whose name ends in "version" across hosts.
---@param name string e.g. "openclaw.version"
---@param value any plain data
function Ctx:fact(name, value) end
