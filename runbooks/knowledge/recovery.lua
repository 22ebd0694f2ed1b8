return {
  {
    id = "recovery.healthy",
    severity = "info",
    title = "Info",
    meaning = "Info: the gateway answers again (or did all along): the acceptance test passed.",
    detected = "After the ordered restart and `/readyz`, a handshake with the client's token, `health` (read) "
      .. "and, when `operator.write` is granted, `chat.abort` of a run that does not exist (write).",
    fix_doc = "—",
    source = "seed",
  },
  {
    id = "recovery.planned",
    severity = "medium",
    title = "A dry run",
    meaning = "A dry run: the actions in the report's `actions` list would bring the gateway back; nothing was "
      .. "changed.",
    detected = "Actions returned `planned` and nothing blocked them.",
    fix_doc = "`clawbook run openclaw.recovery --apply` (`--allow-destructive` for stale locks).",
    source = "seed",
  },
  {
    id = "recovery.incomplete",
    severity = "medium",
    title = "The gateway is still not healthy, with what blocked the recovery",
    meaning = "The gateway is still not healthy, with what blocked the recovery: two instances, a port held by "
      .. "another program, a config that blocks a start, a token exported in the shell, an action "
      .. "declined, refused or failed.",
    detected = "The verification probe or the acceptance test failed after the actions.",
    fix_doc = "The cause names the blocker; fix it, then run the recovery again (it resumes: every step probes "
      .. "first).",
    source = "seed",
  },
}
