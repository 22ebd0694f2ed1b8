return {
  {
    id = "recovery.healthy",
    severity = "info",
    title = "The gateway is healthy again",
    cause = "The acceptance test passed: the handshake, a read call and a harmless write call.",
    variants = { already = { title = "The gateway was healthy: nothing to recover" } },
    meaning = "Info: the gateway answers again (or did all along): the acceptance test passed.",
    detected = "After the ordered restart and `/readyz`, a handshake with the client's token, `health` (read) "
      .. "and, when `operator.write` is granted, `chat.abort` of a run that does not exist (write).",
    fix_doc = "—",
    source = "seed",
  },
  {
    id = "recovery.planned",
    severity = "high",
    title = "Recovery planned (dry run): re-run with --apply to carry it out",
    cause = "{problems}Acceptance: {why}.",
    fix = {
      "clawbook run openclaw.recovery            # dry run: shows each action, its command or diff",
      "clawbook run openclaw.recovery --apply    # carries them out, asking before each",
      "clawbook run openclaw.recovery --apply --allow-destructive   # also removes stale locks (backed up)",
    },
    meaning = "A dry run: the actions in the report's `actions` list would bring the gateway back; nothing was "
      .. "changed.",
    detected = "Actions returned `planned` and nothing blocked them.",
    fix_doc = "`clawbook run openclaw.recovery --apply` (`--allow-destructive` for stale locks).",
    source = "seed",
  },
  {
    id = "recovery.incomplete",
    severity = "high",
    title = "The gateway at {url} is not recovered",
    cause = "{problems}Acceptance: {why}.",
    fix = {
      "clawbook run openclaw.recovery            # dry run: shows each action, its command or diff",
      "clawbook run openclaw.recovery --apply    # carries them out, asking before each",
      "clawbook run openclaw.recovery --apply --allow-destructive   # also removes stale locks (backed up)",
    },
    meaning = "The gateway is still not healthy, with what blocked the recovery: two instances, a port held by "
      .. "another program, a config that blocks a start, a token exported in the shell, an action "
      .. "declined, refused or failed.",
    detected = "The verification probe or the acceptance test failed after the actions.",
    fix_doc = "The cause names the blocker; fix it, then run the recovery again (it resumes: every step probes "
      .. "first).",
    source = "seed",
  },
}
