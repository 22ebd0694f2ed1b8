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
    fix_doc = "`journalctl --user-unit UNIT` (user; `--user -u` finds nothing for root, whose user units "
      .. "log to the system journal) or `sudo journalctl -u UNIT`, `-n 200 --no-pager`, `systemctl "
      .. "[--user] reset-failed UNIT`, `systemctl [--user] start UNIT`.",
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
    variants = {
      config_refused = {
        title = "{unit} exited 78: the gateway refused its config, and systemd will not restart it",
        cause = 'The gateway refused its config and exited 78 (the journal says: "{line}"); the unit\'s '
          .. "RestartPreventExitStatus=78 stops systemd from restarting it, so it stays down until the config is "
          .. "fixed and the unit restarted.",
        fix = {
          "{journalctl}",
          "openclaw doctor --fix   # or remove/correct the key the journal names",
          "{systemctl} restart {unit}",
        },
      },
    },
    meaning = "The gateway exited 78 and `RestartPreventExitStatus=78` keeps the unit down: it refused "
      .. "its config (the real gateway exits 78, EX_CONFIG, on an unknown key or a missing "
      .. "`gateway.mode`; then also `config.invalid` with the journal line; 0.95), or another "
      .. "gateway already answers on its port (0.9). High.",
    detected = "Failed/inactive, `exec_main_status = 78`, 78 in `restart_prevent_exit_status`; the journal's "
      .. "`another gateway instance is already listening` names it.",
    fix_doc = "Refused config: `journalctl ...`, `openclaw doctor --fix`, `systemctl [--user] restart "
      .. "UNIT`. Otherwise `openclaw gateway status --deep`, `ss -ltnp 'sport = :PORT'`, stop the "
      .. "other instance, `systemctl [--user] restart UNIT`.",
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
  {
    id = "service.no-manager",
    severity = "info",
    title = "No service manager runs here: `openclaw gateway start` cannot work",
    cause = "systemd is not PID 1 on this machine (a container, WSL without systemd, Termux): `openclaw gateway "
      .. "install/start/restart` manage a systemd unit and fail here. The gateway has to run in the foreground under "
      .. "something that restarts it.",
    fix = {
      "openclaw gateway run   # in the foreground, under a supervisor: the container's entrypoint and restart policy, "
        .. "tmux/screen, runit, supervisord",
      "docker run --restart unless-stopped ... openclaw gateway run   # or let Docker supervise it",
    },
    meaning = "No service manager runs here (systemd is not PID 1: a container, WSL without systemd, Termux): "
      .. "`openclaw gateway install/start/restart` cannot work. Info, 0.9.",
    detected = "`systemd.available`: system scope `not_booted_with_systemd` (or no `systemctl`). Raised by "
      .. "`openclaw.systemd` (info) and by `openclaw.triage` when the gateway is down (medium, 0.9: nothing here "
      .. "restarts it).",
    fix_doc = "`openclaw gateway run` in the foreground under a supervisor (the container's entrypoint and restart "
      .. "policy, tmux, runit, supervisord); never `gateway start`.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/68380" },
  },
  {
    id = "service.user-bus-unavailable",
    severity = "info",
    title = "The user's systemd manager cannot be reached{no_runtime_dir}",
    cause = 'systemctl --user answers "{message}": this session has no user bus (an SSH, su or sudo session without a '
      .. "login session, or linger off so no user manager runs). `openclaw gateway start/status` talk to that manager "
      .. "and fail the same way{installed}{not_installed}",
    fix = {
      "sudo loginctl enable-linger {user}   # a user manager that runs without a login session",
      "export XDG_RUNTIME_DIR=/run/user/$(id -u)   # then: systemctl --user status",
      "sudo machinectl shell {user}@   # a real login session, instead of su/sudo",
    },
    texts = {
      no_runtime_dir = " (XDG_RUNTIME_DIR is not set)",
      installed = "; the gateway's user unit is installed but cannot be started or inspected from here.",
      not_installed = ".",
    },
    meaning = "A booted machine, but this session cannot reach the user's manager (no `XDG_RUNTIME_DIR`, no user bus: "
      .. "SSH/su/sudo without a login session, linger off). Medium when the gateway's user unit file is installed, "
      .. "else info; 0.85.",
    detected = "`systemd.available`: user scope `no_bus` (`Failed to connect to bus: No medium found` / `No such file "
      .. "or directory`) while the system scope is booted; `XDG_RUNTIME_DIR`; `fs.stat` of "
      .. "`~/.config/systemd/user/openclaw-gateway.service`.",
    fix_doc = "`sudo loginctl enable-linger USER`, `export XDG_RUNTIME_DIR=/run/user/$(id -u)`, `sudo machinectl shell "
      .. "USER@`; never `gateway start` before the manager answers.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/68380" },
  },
  {
    id = "service.not-installed",
    severity = "info",
    title = "A systemd manager runs, but no OpenClaw gateway unit is installed",
    cause = "Neither scope has openclaw-gateway.service (or a legacy/hand-written gateway unit): `openclaw gateway "
      .. "start/restart` report the service as not installed, and nothing restarts the gateway or starts it at boot. "
      .. "Nothing to do when the gateway runs otherwise (a container, a supervisor).",
    fix = {
      "openclaw gateway install   # writes ~/.config/systemd/user/openclaw-gateway.service",
      "openclaw gateway start",
    },
    variants = {
      down = {
        severity = "high",
        title = "The gateway is down and no OpenClaw gateway unit is installed: nothing starts it",
        cause = "A systemd user manager runs, but neither scope has openclaw-gateway.service (or a legacy/hand-written "
          .. "gateway unit), and no gateway process runs. `openclaw gateway start/restart` fail on the missing "
          .. "service (`systemctl --user is-enabled openclaw-gateway.service` exits non-zero: `Gateway service check "
          .. "failed`), and nothing starts the gateway at boot or restarts it: install the unit first.",
      },
    },
    meaning = "A user manager runs but no gateway unit is installed in either scope: nothing restarts the gateway or "
      .. "starts it at boot (nothing to do when a container or another supervisor runs it). Info, 0.8; high, 0.7 "
      .. "when no gateway process runs either (why it is down and `gateway start` fails).",
    detected = '`systemd.units{pattern="*claw*"}` lists no gateway unit while the user scope answers; '
      .. "`proc.gateway_processes` for whether a gateway runs anyway.",
    fix_doc = "`openclaw gateway install`, then `openclaw gateway start`.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/34791" },
  },
}
