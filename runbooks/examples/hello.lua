-- A small runbook that shows the format: metadata, params, steps with evidence, a parallel check and a
-- finding with an exact fix. `clawbook run example.hello` runs it.
return {
  id = "example.hello",
  version = "1.0.0",
  engine = "^1",
  title = "Check the shell environment clawbook runs in",
  summary = "Reads a few environment variables, measures a short sleep on two branches at once, and reports "
    .. "a finding when HOME is unset or not absolute.",
  symptoms = { "HOME is not set", "clawbook example" },
  tags = { "example" },
  capabilities = { "env" },
  findings = { "example.home-unset" },
  params = {
    name = { type = "string", default = "world", description = "Who to greet in the first step." },
    nap = { type = "number", default = 0.01, description = "Seconds each parallel branch sleeps." },
  },

  run = function(ctx, params)
    ctx:step("Greet " .. params.name, function(step)
      step:evidence("engine", ctx.engine)
      step:pass("hello, " .. params.name)
    end)

    local home = ctx:step("Read HOME and SHELL", function(step)
      local home = env.get("HOME")
      step:evidence("HOME", home or "(unset)")
      step:evidence("SHELL", env.get("SHELL") or "(unset)")
      return home
    end)

    ctx:step("Sleep on two branches at once", function(step)
      local started = time.monotonic()
      local a, b = ctx:parallel({
        function()
          time.sleep(params.nap)
          return "a"
        end,
        function()
          time.sleep(params.nap)
          return "b"
        end,
      })
      local elapsed = time.monotonic() - started
      step:evidence("branches", { a, b })
      step:evidence("elapsed_ms", math.floor(elapsed * 1000 + 0.5))
      -- Both naps overlap, so the pair takes about one nap, not two.
      if elapsed < params.nap * 1.9 then
        step:pass("branches overlapped")
      else
        step:warn("branches did not overlap")
      end
    end)

    if home == nil or home:sub(1, 1) ~= "/" then
      ctx:finding({
        id = "example.home-unset",
        severity = "medium",
        title = "HOME is unset or not an absolute path",
        cause = "Tools that keep state under the home directory (OpenClaw keeps ~/.openclaw) cannot find it.",
        evidence = { HOME = home or "(unset)" },
        fix = { "export HOME=/root   # or the account's real home directory" },
        confidence = 0.9,
      })
    end
  end,
}
