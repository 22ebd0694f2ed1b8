-- The example runbook's finding (runbooks/examples/hello.lua raises it with ctx:finding directly, to show the
-- bare API that runbooks outside this catalog use).
return {
  {
    id = "example.home-unset",
    severity = "medium",
    title = "HOME is unset or not an absolute path",
    cause = "Tools that keep state under the home directory (OpenClaw keeps ~/.openclaw) cannot find it.",
    fix = { "export HOME=/root   # or the account's real home directory" },
    meaning = "The example runbook (`example.hello`): HOME is unset or not absolute.",
    detected = '`env.get("HOME")` is nil or does not start with `/`.',
    source = "example",
  },
}
