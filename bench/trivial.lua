-- The smallest useful runbook: one step, no bindings. Its run time is the engine's own overhead.
return { id = "bench.trivial", version = "1.0.0", engine = "^1", title = "trivial", summary = "One empty step.",
  run = function(ctx) ctx:step("nothing", function() end) end }
