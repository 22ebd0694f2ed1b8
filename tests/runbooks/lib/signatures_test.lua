-- Unit tests of the signature table (runbooks/lib/signatures.lua): every entry names a catalog finding, carries a
-- sample line and its source, and its sample is classified as that entry's finding by the table's first match
-- (lib.openclaw's match_signature, the matcher for error text outside logs: case-insensitive substrings, as
-- log.scan matches them). A failed check raises, so `clawbook run` exits 2. ctest: lua:signatures_test.
local knowledge = require("lib.knowledge")
local oc = require("lib.openclaw")
local signatures = require("lib.signatures")

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

-- Whether `line` matches the entry: the runbooks' own matcher, restricted to that entry's finding, returns it
-- or an earlier entry of the same finding.
local function matches(signature, line)
  local first = oc.match_signature(line, { signature.finding })
  return first ~= nil
end

local function first_match(line)
  return oc.match_signature(line)
end

return {
  id = "test.lib.signatures",
  version = "1.0.0",
  engine = "^1",
  title = "The signature table: samples, sources and finding ids",
  summary = "Every signature's sample line classifies as its finding; every finding id is in the catalog.",
  capabilities = {},
  params = { root = { type = "string", description = "The source tree (unused)" } },

  run = function(ctx)
    ctx:step("every entry is complete and names a catalog finding", function(step)
      local ids = {}
      for _, signature in ipairs(signatures) do
        local id = tostring(signature.id)
        check(not ids[id], id .. ": defined twice")
        ids[id] = true
        check(
          knowledge.get(signature.finding) ~= nil,
          id .. ": finding " .. tostring(signature.finding) .. " is not in the catalog"
        )
        check(type(signature.match) == "table" and #signature.match > 0, id .. ": no match")
        check(type(signature.sample) == "string" and signature.sample ~= "", id .. ": no sample line")
        check(type(signature.sample_source) == "string" and signature.sample_source ~= "", id .. ": no sample source")
        check(type(signature.source) == "string", id .. ": no source")
      end
      step:evidence("entries", #signatures)
      step:pass(#signatures .. " entries")
    end)

    ctx:step("every sample is classified as its entry's finding", function(step)
      local real = 0
      for _, signature in ipairs(signatures) do
        check(matches(signature, signature.sample), signature.id .. ": its own sample does not match it")
        local first = first_match(signature.sample)
        check(
          first.finding == signature.finding,
          signature.id .. ": its sample is taken first by " .. first.id .. " (" .. first.finding .. ")"
        )
        if signature.sample_source:find("real-cases.md", 1, true) then
          real = real + 1
        end
      end
      step:evidence("samples_from_real_reports", real)
      step:pass(real .. " of " .. #signatures .. " samples from real reports")
    end)

    ctx:step("ids and numbers inside a line do not decide it", function(step)
      -- The lab's pairing line: its sender id contains 50001, a Discord error code.
      local line = "pairing request channel=telegram sender=5550001234 username=@lab_sender code=K7Q2M9XD"
      local first = first_match(line)
      check(first and first.finding == "channel.sender-pairing-pending", "taken by " .. tostring(first and first.id))
      -- log.scan reports every entry a line matches, so no other entry may match it at all.
      local other = oc.match_signature(line, { "channel.missing-permissions", "channel.filtered-by-policy" })
      check(other == nil, "also matched by " .. tostring(other and other.id))
      step:pass("ok")
    end)

    ctx:step("lines of a healthy gateway match nothing", function(step)
      for _, line in ipairs({
        "[gateway] ready (18789) in 2.1s",
        "[ws] hello-ok conn=1 client=openclaw-cli protocol=4",
        "[telegram] [default] starting provider",
      }) do
        local first = first_match(line)
        check(first == nil, "'" .. line .. "' matches " .. (first and first.id or ""))
      end
      step:pass("ok")
    end)
  end,
}
