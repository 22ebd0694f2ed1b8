-- The gateway's recent log lines (lib.openclaw's scan_gateway_logs: the log files and the systemd journal),
-- summarised per finding id: second-hand evidence for failures a probe cannot reproduce (a browser's origin,
-- another client's bad token, a pairing request). Capabilities fs and systemd.
--
--   local gateway_logs = require("lib.gateway_logs")
--   local seen = gateway_logs.scan(ctx, params, oc.signatures_for({ "auth.pairing-required" }))
--   gateway_logs.evidence(seen, "auth.pairing-required") -> {count, last_seen, lines, values, log}
--   gateway_logs.values(seen, "auth.pairing-required")   -> distinct first captures (request ids, origins)
local oc = require("lib.openclaw")

local M = {}

local SAMPLES = 3 -- log lines kept per finding as evidence
local MAX_VALUES = 10 -- distinct captured values kept per finding
local WINDOW_SECONDS = 3600 -- older lines describe a past state: a fixed token must not be reported again
-- clawbook's own probes identify as client version "clawbook-<version>" ("client=cli cli vclawbook-0.1.0"): their
-- refusals are what the runbook itself just measured, not what other clients suffer.
local OWN_CLIENT = "clawbook-"

-- Counts one log match into seen.by_finding.
local function count_match(seen, match)
  local key = match.finding or match.pattern or "?"
  local entry = seen.by_finding[key] or { count = 0, samples = {}, values = {}, known = {}, source = match.source }
  entry.count = entry.count + 1
  local value = type(match.captures) == "table" and match.captures[1] or nil
  if type(value) == "string" and value ~= "" and not entry.known[value] and #entry.values < MAX_VALUES then
    entry.known[value] = true
    entry.values[#entry.values + 1] = value
  end
  entry.last = { time_text = match.time_text, message = match.message }
  if #entry.samples < SAMPLES then
    entry.samples[#entry.samples + 1] = match.message
  end
  seen.by_finding[key] = entry
end

-- Scans with `patterns` (log.scan patterns; a `finding` field groups them, else the pattern id), keeping the
-- matches of the last hour (lines without a date are kept) that clawbook's own probes did not cause. Lines of a
-- log shared with other gateways count only when they are this gateway's (see oc.scan_gateway_logs; `scope` is
-- its {port=}). Returns {sources, lines_scanned, by_finding={key={count, last, samples, values, source}}}.
function M.scan(ctx, params, patterns, scope)
  local found = oc.scan_gateway_logs(ctx, params, patterns, scope)
  local seen = { sources = found.sources, lines_scanned = 0, by_finding = {} }
  for _, source in ipairs(oc.list(found.sources)) do
    seen.lines_scanned = seen.lines_scanned + (tonumber(source.lines) or 0)
  end
  local oldest = time.now() - WINDOW_SECONDS
  for _, match in ipairs(oc.list(found.matches)) do
    local recent = type(match.time) ~= "number" or match.time >= oldest
    local own = tostring(match.message):find(OWN_CLIENT, 1, true) ~= nil
    if recent and not own then
      count_match(seen, match)
    end
  end
  return seen
end

-- Evidence for a finding from the entry behind `key`: how often, when last, and a few of the lines.
function M.evidence(seen, key)
  local entry = seen and seen.by_finding[key]
  if not entry then
    return nil
  end
  return {
    log = entry.source,
    count = entry.count,
    last_seen = entry.last and entry.last.time_text,
    lines = entry.samples,
    values = #entry.values > 0 and entry.values or nil,
  }
end

-- The distinct first captures of the matches behind `key`, oldest first (request ids, refused origins).
function M.values(seen, key)
  local entry = seen and seen.by_finding[key]
  return entry and entry.values or {}
end

-- Names of the log sources that were read, for step evidence.
function M.sources(seen)
  local names = {}
  for _, source in ipairs(oc.list(seen and seen.sources)) do
    if not source.error and not source.skipped then
      names[#names + 1] = source.source
    end
  end
  return names
end

return M
