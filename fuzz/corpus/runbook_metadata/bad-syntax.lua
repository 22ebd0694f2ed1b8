return { id = "bad.syntax", version = "1.0.0",
  engine = "^1",
  run = function(ctx) if then end,
}
