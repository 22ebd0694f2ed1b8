return {
  {
    id = "systemd.start-limit-hit",
    severity = "high",
    title = "systemd gave up starting {unit} (start limit hit)",
    cause = "The unit failed {burst} times within {interval} s, so systemd refuses to start it again, even by hand, "
      .. "until its failed state is reset.{because}",
    fix = { "{journalctl}", "{systemctl} reset-failed {unit}", "{systemctl} start {unit}" },
    texts = { because = ' The journal says: "{log_message}" ({log_finding}).' },
    meaning = "systemd gave up: the unit failed StartLimitBurst times within StartLimitIntervalSec and refuses "
      .. "to start, even by hand, until reset. High, 0.95.",
    detected = '`result = "start-limit-hit"`, or `Start request repeated too quickly` in the journal while not '
      .. "active.",
    fix_doc = "`journalctl [--user] -u UNIT -n 200 --no-pager`, `systemctl [--user] reset-failed UNIT`, "
      .. "`systemctl [--user] start UNIT`.",
    source = "seed",
  },
  {
    id = "systemd.restart-prevented",
    severity = "high",
    title = "{unit} exited 78 and systemd will not restart it",
    cause = "OpenClaw exits 78 when another gateway already answers on its port ({unit_port}); the unit's "
      .. "RestartPreventExitStatus=78 then stops systemd from restarting it, so the unit stays down while the other "
      .. "instance (a second unit, a container, a gateway started by hand) serves.{because}",
    fix = {
      "openclaw gateway status --deep   # shows the other gateway and its service",
      "ss -ltnp 'sport = :{unit_port}'",
      "stop the other instance (its unit: systemctl disable --now <unit>; a container: docker stop <name>)",
      "{systemctl} restart {unit}",
    },
    texts = { because = ' The journal says: "{log_message}" ({log_finding}).' },
    meaning = "The gateway exited 78 (another gateway already answers on its port) and "
      .. "`RestartPreventExitStatus=78` keeps the unit down. High, 0.9.",
    detected = "Failed/inactive, `exec_main_status = 78`, 78 in `restart_prevent_exit_status`; the journal's "
      .. "`another gateway instance is already listening` names it.",
    fix_doc = "`openclaw gateway status --deep`, `ss -ltnp 'sport = :PORT'`, stop the other instance, "
      .. "`systemctl [--user] restart UNIT`.",
    source = "seed",
  },
  {
    id = "systemd.crash-loop",
    severity = "high",
    title = "{unit} is crash looping ({restarts} restarts)",
    cause = "The gateway exits soon after each start and systemd restarts it (Restart={restart}); clients see refused "
      .. "connections between restarts.{because}",
    fix = { "{journalctl}", "openclaw doctor", "{systemctl} restart {unit}" },
    texts = { because = ' The journal says: "{log_message}" ({log_finding}).' },
    meaning = "The gateway exits soon after each start and systemd keeps restarting it. High, 0.9 with a "
      .. "journal cause, else 0.8.",
    detected = "`activating`/`auto-restart`, or `NRestarts` ≥ 3 while not active or up less than 5 min, or a "
      .. "journal `restart counter is at N` ≥ 3 while not active.",
    fix_doc = "`journalctl ...`, `openclaw doctor`, `systemctl [--user] restart UNIT` after fixing the cause.",
    source = "seed",
  },
  {
    id = "systemd.unit-failed",
    severity = "high",
    title = "{unit} has failed ({result}, status {status})",
    cause = "The gateway's process ended with result {result} and systemd left the unit failed: nothing listens on "
      .. "the gateway port.{because}",
    fix = { "{journalctl}", "openclaw doctor", "{systemctl} restart {unit}" },
    texts = { because = ' The journal says: "{log_message}" ({log_finding}).' },
    meaning = "The unit is failed (result exit-code, signal, oom-kill, timeout) and not restarting. High, 0.9 "
      .. "with a journal cause, else 0.85.",
    detected = '`active_state = "failed"` not covered by the three above; exit status, result and the journal\'s '
      .. "worst signature (e.g. `Gateway start blocked: set gateway.mode=local`).",
    fix_doc = "`journalctl ...`, `openclaw doctor`, `systemctl [--user] restart UNIT`.",
    source = "seed",
  },
  {
    id = "systemd.restart-instability",
    severity = "low",
    title = "{unit} runs, but needed {restarts} more start(s) to get there",
    cause = "A start failed and the next one succeeded. Usually the previous process still held the port or its lock "
      .. "when the new one started (the seeds report this after the 2026.3.13 upgrade); the next restart or reboot "
      .. "may fail the same way.{because}",
    fix = {
      "{journalctl}",
      "openclaw doctor   # audits and repairs the service definition",
      "{systemctl} show {unit} -p KillMode -p TimeoutStopUSec -p RestartUSec",
    },
    texts = { because = ' The journal says: "{log_message}" ({log_finding}).' },
    meaning = "The unit runs, but a start failed before the one that worked (the seeds' \"failed first restart "
      .. 'attempt before successful second start"). Low, 0.7.',
    detected = "Active with `NRestarts` > 0, or a journal `Failed with result` followed by `Started`.",
    fix_doc = "`journalctl ...`, `openclaw doctor` (audits the service definition), `systemctl [--user] show "
      .. "UNIT -p KillMode -p TimeoutStopUSec -p RestartUSec`.",
    source = "seed",
  },
  {
    id = "systemd.duplicate-units",
    severity = "medium",
    title = "{count} systemd units run the {profile} gateway",
    cause = "Units for the same gateway: {units}. Only one is in use; the other is a leftover that starts a second "
      .. "gateway once enabled.",
    fix = { "{disable}", "openclaw gateway status --deep   # confirms one service is left" },
    variants = {
      racing = {
        severity = "high",
        cause = "Units for the same gateway: {units}. Both start it, so the second one finds the port taken and exits "
          .. "(78 with RestartPreventExitStatus, else a restart loop), and the one that wins can change at every boot.",
      },
    },
    meaning = "Two or more units run the same gateway (same profile): a system and a user unit, or the legacy "
      .. "and the new name. High, 0.9 when more than one is enabled/active (they race for the port); "
      .. "medium, 0.7 when one is a leftover.",
    detected = "Gateway units grouped by profile (`openclaw-gateway-PROFILE` → PROFILE, others → default).",
    fix_doc = "`sudo systemctl disable --now UNIT` / `systemctl --user disable --now UNIT` for all but the "
      .. "unit OpenClaw installs (the user `openclaw-gateway[-PROFILE].service`), `openclaw gateway "
      .. "status --deep`.",
    source = "seed",
  },
  {
    id = "systemd.linger-disabled",
    severity = "medium",
    title = "Linger is off for {user}: the gateway's user unit stops at logout",
    cause = "User units run in the user's systemd manager, which starts at login and stops when the last session ends "
      .. "unless linger is enabled: the gateway ({units}) goes down when the SSH session closes and does not start at "
      .. "boot.",
    fix = { "sudo loginctl enable-linger {user}", "loginctl show-user {user} -p Linger" },
    meaning = "A user unit runs the gateway but linger is off: the user's manager (and the gateway) stops when "
      .. "the last session ends and does not start at boot. Medium, 0.85.",
    detected = "An enabled/active user-scope gateway unit and no `/var/lib/systemd/linger/$USER` (`fs.stat`, "
      .. "capability `fs:/var/lib/systemd/linger`).",
    fix_doc = "`sudo loginctl enable-linger USER`, `loginctl show-user USER -p Linger`.",
    source = "seed",
  },
}
