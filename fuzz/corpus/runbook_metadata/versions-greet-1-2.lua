return { id = "fixture.greet", version = "1.2.0", engine = "^1", title = "greet 1.2.0", summary = "s",
  run = function(ctx) ctx:step("v1.2.0", function() end) end }
