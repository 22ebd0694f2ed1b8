return {
  {
    id = "version.known-regression",
    severity = "medium",
    title = "{title}",
    cause = "{cause} This machine: {versions}.{fixed_in}{symptoms}",
    fix = { "{workaround}" },
    texts = {
      fixed_in = " Fixed in {fixed}.",
      symptoms = " Its symptoms are in the log ({count} line(s)).",
    },
    meaning = "A version on this machine (installed CLI, a running gateway, the listener's hello-ok) is in the "
      .. "range of an entry of `lib/known_issues.lua`: the 2026.3.13 loopback `operator.read` regression "
      .. "(high), the 2026.4.24 post-QuickStart token mismatch (medium), the protocol 4 switch from "
      .. "2026.5.9 (medium, only with `protocol mismatch` in the log), restart loops of 2026.9.x with "
      .. "`bind=lan` (high, only with `EADDRINUSE` in the log), and, as info, the missing `listening on` "
      .. "log line since 2026.4.3. Confidence 0.9 when the entry's symptoms are in the log, else 0.6.",
    detected = "`openclaw.version()` (with `proc`), `gateway.connect` `server_version`, `lib.versions` ranges, "
      .. "log scan for the entry's `signals`.",
    fix_doc = "The entry's commands (upgrade, restart, `openclaw doctor --fix`, poll `/readyz`).",
    source = "seed",
  },
}
