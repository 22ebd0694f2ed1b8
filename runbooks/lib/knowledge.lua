-- The finding catalog (runbooks/knowledge/: index.lua and one data file per area) and the one way runbooks raise
-- a finding: by id, with evidence. The texts live in the catalog; a runbook passes only what it saw.
--
--   local knowledge = require("lib.knowledge")
--   knowledge.raise(ctx, target, "gateway.port-conflict", {
--     vars = { owner = "pid 42 (nginx)" },   -- fills {owner} in the title, cause and fix
--     variant = "unseen",                     -- the entry's variants.unseen overrides title/cause/fix/severity
--     confidence = 0.9, evidence = { ... },
--   })
--
-- Placeholders: {name} is filled from opts.vars (a fix line that is only "{name}" takes a list of lines); {port},
-- {host}, {url}, {ws_url} and {config} that vars does not set are left for lib.openclaw to fill from the resolved
-- target. An entry:
--   id, severity (the default), title, cause, fix (list of commands), meaning/detected/fix_doc (docs/findings.md),
--   texts (optional sentences a boolean var switches on),
--   source ("seed": the seed articles, "protocol": PROTOCOL.md, "report": a real user report), refs, variants.
local oc = require("lib.openclaw")
local index = require("knowledge.index")

local M = { index = index }

local catalog, order = {}, {}
for _, area in ipairs(index.areas) do
  for _, entry in ipairs(require("knowledge." .. area)) do
    if catalog[entry.id] then
      error(
        "knowledge: finding id " .. entry.id .. " is defined twice (" .. catalog[entry.id].area .. ", " .. area .. ")"
      )
    end
    entry.area = area
    catalog[entry.id] = entry
    order[#order + 1] = entry.id
  end
end

-- The catalog entry of `id`, or nil.
function M.get(id)
  return catalog[id]
end

-- Every catalog id, in catalog order (area by area).
function M.ids()
  local ids = {}
  for i, id in ipairs(order) do
    ids[i] = id
  end
  return ids
end

-- `text` with each {name} that `vars` sets replaced by tostring(vars[name]); other placeholders stay.
function M.fill(text, vars)
  if type(text) ~= "string" then
    return text
  end
  vars = vars or {}
  return (
    text:gsub("{([%w_]+)}", function(name)
      local value = vars[name]
      if value ~= nil then
        return tostring(value)
      end
    end)
  )
end

-- Fix lines filled from `vars`; a line that is only "{name}" with a list in vars[name] becomes that list's lines
-- (the commands computed from evidence, such as one `kill PID` per process).
local function fill_list(lines, vars)
  local out = {}
  for _, line in ipairs(oc.list(lines)) do
    local name = type(line) == "string" and line:match("^{([%w_]+)}$")
    local spliced = name and vars and vars[name]
    if type(spliced) == "table" then
      for _, item in ipairs(spliced) do
        out[#out + 1] = tostring(item)
      end
    else
      out[#out + 1] = M.fill(line, vars)
    end
  end
  return out
end

-- The finding spec for `id` (see the header for opts; also: severity, confidence, evidence, refs, fix (replaces
-- the catalog's fix), more_fix (lines after it), first_fix (lines before it), detail (a sentence appended to the
-- cause)). Errors on an id that is not in the catalog, or a variant the entry does not have.
function M.spec(id, opts)
  opts = opts or {}
  local entry = catalog[id]
  if not entry then
    error("knowledge: finding id '" .. tostring(id) .. "' is not in the catalog (runbooks/knowledge/)", 2)
  end
  local variant = {}
  if opts.variant then
    variant = entry.variants and entry.variants[opts.variant]
    if not variant then
      error("knowledge: finding " .. id .. " has no variant '" .. tostring(opts.variant) .. "'", 2)
    end
  end
  -- A boolean var names one of the entry's optional sentences (texts): true puts it in, false leaves it out.
  -- Those sentences may hold placeholders of their own, filled from the other vars.
  local vars = {}
  for name, value in pairs(opts.vars or {}) do
    if type(value) ~= "boolean" then
      vars[name] = value
    end
  end
  for name, value in pairs(opts.vars or {}) do
    if type(value) == "boolean" then
      vars[name] = value and M.fill(entry.texts and entry.texts[name], vars) or ""
    end
  end
  local fix = {}
  for _, line in ipairs(fill_list(opts.first_fix, vars)) do
    fix[#fix + 1] = line
  end
  for _, line in ipairs(fill_list(opts.fix or variant.fix or entry.fix, vars)) do
    fix[#fix + 1] = line
  end
  for _, line in ipairs(fill_list(opts.more_fix, vars)) do
    fix[#fix + 1] = line
  end
  local cause = M.fill(variant.cause or entry.cause or entry.meaning, vars)
  if opts.detail then
    cause = (cause and cause .. " " or "") .. M.fill(opts.detail, vars)
  end
  local refs = {}
  for _, ref in ipairs(oc.list(entry.refs)) do
    refs[#refs + 1] = ref
  end
  for _, ref in ipairs(oc.list(opts.refs)) do
    refs[#refs + 1] = ref
  end
  return {
    id = id,
    severity = opts.severity or variant.severity or entry.severity,
    confidence = opts.confidence,
    title = M.fill(variant.title or entry.title, vars),
    cause = cause,
    evidence = opts.evidence,
    fix = fix,
    refs = refs,
  }
end

-- Where a log match comes from: "source, time" (lib.openclaw's scan_gateway_logs match).
local function where(match)
  local time = match.time_text
  return tostring(match.source) .. ((time and time ~= "") and (", " .. time) or "")
end

local function log_evidence(match)
  return {
    source = match.source,
    line = match.line_no,
    time = match.time_text,
    message = match.message,
    signature = match.pattern,
  }
end

-- Raises `id` as the log line `match` shows it (the from_log template, the entry's log_fix).
function M.raise_from_log(ctx, target, id, match, opts)
  opts = opts or {}
  local entry = M.spec(id, opts)
  local template = index.templates.from_log
  local vars = { message = tostring(match.message), message_head = tostring(match.message):sub(1, 100) }
  vars.where = where(match)
  entry.title = M.fill(template.title, vars)
  entry.cause = M.fill(template.cause, vars)
  entry.fix = fill_list(catalog[id].log_fix or catalog[id].fix, opts.vars)
  entry.evidence = opts.evidence or log_evidence(match)
  oc.finding(ctx, target, entry)
end

-- Raises `id` as info: the log line `match` names it, but the current config rules it out (`reason`).
function M.raise_ruled_out(ctx, target, id, match, reason)
  local entry = M.spec(id, {})
  local template = index.templates.ruled_out
  local vars = { id = id, reason = reason, message = tostring(match.message), where = where(match) }
  entry.severity = template.severity
  entry.confidence = 0.3
  entry.title = M.fill(template.title, vars)
  entry.cause = M.fill(template.cause, vars)
  entry.fix = {}
  local evidence = log_evidence(match)
  evidence.line = nil
  entry.evidence = evidence
  oc.finding(ctx, target, entry)
end

-- Raises `id` as openclaw.triage's fallback: its probes saw `why`, the runbooks in `ran` found nothing more
-- precise. opts: severity, evidence, fix (computed from the probes).
function M.raise_fallback(ctx, target, id, why, ran, opts)
  local entry = M.spec(id, {})
  local template = index.triage_fallback
  local vars = { why = why, ran = table.concat(ran, ", ") }
  entry.severity = opts.severity
  entry.confidence = 0.5
  entry.title = M.fill(template.title, vars)
  entry.cause = M.fill(#ran > 0 and template.cause_after_runbooks or template.cause, vars)
  entry.evidence = opts.evidence
  entry.fix = opts.fix
  oc.finding(ctx, target, entry)
end

-- Raises `id` on ctx with the texts of the catalog, formatted for `target` (lib.openclaw's resolved target).
function M.raise(ctx, target, id, opts)
  oc.finding(ctx, target, M.spec(id, opts))
end

return M
