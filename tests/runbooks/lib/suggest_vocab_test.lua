-- Unit tests of the suggest vocabulary (runbooks/lib/suggest_vocab.lua, read by `clawbook suggest`): every phrase
-- names a catalog finding or a runbook, has a weight below a signature's and a source; the word lists are
-- lowercase, as the tokenizer compares them. What suggest makes of it: tests/cli/suggest_test.cpp.
-- ctest: lua:suggest_vocab_test.
local knowledge = require("lib.knowledge")
local vocab = require("lib.suggest_vocab")

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

return {
  id = "test.lib.suggest_vocab",
  version = "1.0.0",
  engine = "^1",
  title = "The suggest vocabulary: phrases, synonyms, prefixes",
  summary = "Every phrase names a catalog finding or a runbook; the word lists are lowercase.",
  capabilities = {},
  params = { root = { type = "string", description = "The source tree (unused)" } },

  run = function(ctx)
    ctx:step("every phrase names a catalog finding or a runbook", function(step)
      for i, phrase in ipairs(vocab.phrases) do
        local name = "phrase " .. i .. " (" .. tostring(phrase.says and phrase.says[1]) .. ")"
        check(type(phrase.says) == "table" and #phrase.says > 0, name .. ": no says")
        check((phrase.finding == nil) ~= (phrase.runbook == nil), name .. ": needs finding or runbook, not both")
        if phrase.finding then
          check(knowledge.get(phrase.finding) ~= nil, name .. ": " .. phrase.finding .. " is not in the catalog")
        else
          check(phrase.runbook:match("^[%w_-]+%.[%w_.-]+$"), name .. ": bad runbook id " .. tostring(phrase.runbook))
        end
        check(type(phrase.weight) == "number" and phrase.weight > 0 and phrase.weight < 1, name .. ": weight")
        check(type(phrase.source) == "string" and phrase.source ~= "", name .. ": no source")
      end
      step:pass(#vocab.phrases .. " phrases")
    end)

    ctx:step("word lists are lowercase", function(step)
      for _, list in ipairs({ vocab.prefixes, vocab.ignore }) do
        for _, word in ipairs(list) do
          check(word == word:lower(), word .. " is not lowercase")
        end
      end
      local n = 0
      for word, replacement in pairs(vocab.synonyms) do
        check(word == word:lower() and replacement == replacement:lower(), word .. " -> " .. replacement)
        n = n + 1
      end
      step:pass(n .. " synonyms")
    end)
  end,
}
