#!/usr/bin/env python3
"""Writes the `clawbook test` cases of openclaw.triage, openclaw.gateway.start, openclaw.gateway.connect and
openclaw.config (runbooks/openclaw/tests/{triage,gateway-start,gateway-connect,config}-*.json). Result shapes follow
the binding headers and recordings of the lab simulator. The triage cases that delegate to other runbooks reuse
those runbooks' own cases, so rerun this after they change: python3 scripts/gen-core-runbook-tests.py"""
import copy
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "runbooks", "openclaw", "tests")
HOME = "/home/op"
STATE = HOME + "/.openclaw"
CONFIG = STATE + "/openclaw.json"
LOG = "/tmp/openclaw/openclaw-2026-11-22.log"
NOW = 1795387345.0
FP = "sha256:1a2b3c4d"

BAK = {"path": CONFIG + ".bak", "kind": "backup", "mtime": NOW - 86400, "size": 812}


def cfg(mode="local", port=18789, port_source="config", bind="loopback", auth_mode="token", secret_set=True,
        legacy=None, backups=None, raw=None, config_value=None, trusted=None, remote=None, extra_raw=None):
    host = {"loopback": "127.0.0.1", "lan": "0.0.0.0", "custom": None,
            "tailnet": "tailnet (100.64.0.0/10) else 127.0.0.1",
            "auto": "127.0.0.1"}.get(bind, None)
    raw_gw = raw if raw is not None else {"port": port, "bind": bind, "auth": {"mode": auth_mode}}
    if raw is None and mode is not None:
        raw_gw["mode"] = mode
    if raw is None and secret_set:
        raw_gw["auth"]["token"] = FP
    if extra_raw:
        raw_gw.update(extra_raw)
    if secret_set:
        secret = {"key": "gateway.auth.token", "source": "config", "set": True, "fingerprint": FP, "kind": auth_mode}
    else:
        secret = {"source": "none", "set": False, "kind": auth_mode, "generated_on_start": True}
    if auth_mode in ("none", "trusted-proxy"):
        secret = {"kind": "none", "source": "none", "set": False}
    bind_json = {"value": bind, "source": "config", "loopback_only": host == "127.0.0.1"}
    if host is not None:
        bind_json["host"] = host
    gw = {
        "port": {"value": port, "source": port_source},
        "mode": ({"value": mode, "source": "config", "valid": mode in ("local", "remote")} if mode is not None
                 else {"value": None, "source": "unset", "valid": False}),
        "bind": bind_json,
        "auth": {"mode": {"value": auth_mode, "source": "config"}, "secret": secret},
        "remote": remote or {},
        "control_ui": {"allowed_origins": [], "allow_insecure_auth": False, "device_auth_disabled": False},
        "trusted_proxies": trusted or [],
        "tls": False,
        "workspace": {"value": STATE + "/workspace", "source": "default"},
    }
    if config_value is not None:
        gw["port"]["config_value"] = config_value
    return {"ok": True, "path": CONFIG, "source": "canonical",
            "config": {"meta": {"lastTouchedVersion": "2026.9.6"}, "gateway": raw_gw},
            "gateway": gw, "legacy": legacy or [], "backups": [BAK] if backups is None else backups}


CFG = cfg()
CFG_MISSING = {"ok": False, "error": "not_found", "path": CONFIG, "source": "canonical",
               "message": CONFIG + ": No such file or directory", "backups": []}
CFG_INVALID = {"ok": False, "error": "invalid", "path": CONFIG, "source": "canonical", "line": 7, "column": 5,
               "message": "invalid character '}' (expected a value)",
               "backups": [{"path": CONFIG + ".last-good", "kind": "last_good", "mtime": NOW - 3600, "size": 900},
                           BAK]}
CONFIG_TEXT = ('{\n  // written by openclaw onboard\n  gateway: {\n    mode: "local",\n    port: 18789,\n'
               '    auth: { mode: "token", token: "sha256:1a2b3c4d" },\n    },\n  }\n}\n')

TOKEN = {"set": True, "kind": "token", "value": "op-test-token-0123456789abcdef", "source": "config",
         "fingerprint": "sha256:5e6f7a8b"}
NO_TOKEN = {"set": False, "skipped": []}

HEALTH_OK = {"ok": True, "live": True, "ready": True, "started": True, "status": "started", "failing": [],
             "uptimeMs": 3600000, "version": "2026.9.6", "warnings": [],
             "endpoints": {"healthz": {"ok": True, "status": 200, "json": True, "body": {"ok": True, "status": "live"}},
                           "readyz": {"ok": True, "status": 200, "json": True,
                                      "body": {"ready": True, "failing": [], "uptimeMs": 3600000}},
                           "startupz": {"ok": True, "status": 200, "json": True,
                                        "body": {"ok": True, "status": "started", "version": "2026.9.6"}}}}
REFUSED = {"ok": False, "error": "refused", "message": "Connection refused"}
HEALTH_DOWN = {"ok": False, "error": "refused", "message": "Connection refused", "live": False, "warnings": [],
               "endpoints": {"healthz": REFUSED, "readyz": REFUSED, "startupz": REFUSED}}
HEALTH_STARTING = {"ok": True, "live": True, "ready": False, "started": False, "status": "starting",
                   "failing": ["startup-sidecars"], "uptimeMs": 12000, "pendingReason": "startup-sidecars",
                   "warnings": [],
                   "endpoints": {"healthz": {"ok": True, "status": 200, "json": True,
                                             "body": {"ok": True, "status": "live"}},
                                 "readyz": {"ok": True, "status": 503, "json": True,
                                            "body": {"ready": False, "failing": ["startup-sidecars"],
                                                     "uptimeMs": 12000}},
                                 "startupz": {"ok": True, "status": 503, "json": True,
                                              "body": {"status": "starting", "pendingReason": "startup-sidecars"}}}}
HEALTH_CHANNELS = copy.deepcopy(HEALTH_OK)
HEALTH_CHANNELS.update({"ready": False, "failing": ["telegram"]})

CONNECT_OK = {"ok": True, "phase": "hello", "handle": 1, "address": "127.0.0.1:18789", "auth_method": "token",
              "challenge_received": True, "conn_id": "4556774e-0acd-4a68-8b8b-bb1b60d24bc7",
              "device_token_issued": False, "events": ["connect.challenge", "tick", "health"],
              "methods": ["health", "status", "system-presence"], "protocol": 4, "role": "operator",
              "scopes": ["operator.read"], "server_version": "2026.9.6", "token_fingerprint": "sha256:5e6f7a8b",
              "policy": {"maxPayload": 26214400, "maxBufferedBytes": 52428800, "tickIntervalMs": 30000},
              "url": "ws://127.0.0.1:18789/"}
CONNECT_REFUSED = {"ok": False, "phase": "tcp", "error": "refused", "message": "Connection refused",
                   "url": "ws://127.0.0.1:18789/",
                   "tried": [{"address": "127.0.0.1:18789", "ok": False, "error": "refused"}]}


def connect_rejected(details_code, code, close_code, close_reason, message):
    return {"ok": False, "phase": "connect", "error": "rejected", "challenge_received": True, "code": code,
            "details": {"code": details_code}, "details_code": details_code, "message": message,
            "close_by": "server", "close_code": close_code, "close_reason": close_reason,
            "url": "ws://127.0.0.1:18789/"}


CALL_OK = {"ok": True, "latency_ms": 1.4, "payload": {"ok": True, "ts": NOW * 1000, "channels": {}}}
CLOSE_OK = {"ok": True, "close_by": "client", "close_code": 1000, "close_reason": ""}
SYSTEMD_NONE = {"ok": True, "available": False,
                "system": {"available": False, "error": "unavailable", "reason": "no_manager",
                           "message": "System has not been booted with systemd as init system (PID 1)."},
                "user": {"available": False, "error": "unavailable", "reason": "no_bus",
                         "message": "Failed to connect to bus: No medium found"},
                "journal": {"available": False, "error": "unavailable", "reason": "no_journal_files",
                            "message": "No journal files were found."}}
DOCKER_NONE = {"ok": True, "available": False, "endpoint": "unix:///var/run/docker.sock", "error": "socket_missing",
               "message": "no Docker socket at /var/run/docker.sock (No such file or directory)"}

GW_PID = 4242
GW_PROC = {"pid": GW_PID, "ppid": 1, "uid": 1000, "user": "op", "comm": "openclaw-gatewa",
           "argv": ["openclaw-gateway"], "cmdline": "openclaw-gateway", "start_time": NOW - 3600,
           "state": "S", "rss": 312000000, "threads": 11, "gateway": {"form": "retitled"},
           "listening": [{"address": "127.0.0.1", "port": 18789}, {"address": "::1", "port": 18789}]}


def listener(port=18789, address="127.0.0.1", pid=GW_PID, comm="openclaw-gatewa", loopback=True, wildcard=False,
             uid=1000):
    return {"family": "ipv6" if ":" in address else "ipv4", "address": address, "port": port, "loopback": loopback,
            "wildcard": wildcard, "uid": uid, "inode": 425912, "state": "listen",
            "pids": [pid] if pid else [], "processes": [{"pid": pid, "comm": comm}] if pid else []}


GW_LISTENERS = [listener(), listener(address="::1", loopback=True)]

PATHS = {"home": HOME, "home_source": "HOME", "profile_source": "none", "state_dir": STATE,
         "state_dir_source": "default", "state_dir_exists": True, "config_path": CONFIG, "config_source": "canonical",
         "config_exists": True, "config_candidates": [CONFIG], "env_file": STATE + "/.env", "tmpdir": "/tmp",
         "uid": 1000, "lock_dirs": ["/tmp/openclaw-1000", STATE + "/tmp/openclaw-1000"],
         "lock_name": "gateway.1a2b3c4d.lock", "workspace": STATE + "/workspace",
         "log_files": [{"path": LOG, "kind": "rolling", "exists": True},
                       {"path": "/tmp/openclaw/openclaw-2026-11-21.log", "kind": "rolling_previous", "exists": False},
                       {"path": STATE + "/logs/gateway.log", "kind": "service_stdout", "exists": False},
                       {"path": STATE + "/logs/gateway.err.log", "kind": "service_stderr", "exists": False}]}
MEM_OK = {"ok": True, "total": 4102000000, "available": 2300000000, "free": 900000000, "buffers": 60000000,
          "cached": 1200000000, "swap_total": 0, "swap_free": 0}
MEM_LOW = dict(MEM_OK, available=150 * 1024 * 1024, free=40 * 1024 * 1024)
STAT_STATE = {"ok": True, "path": STATE, "resolved": STATE, "exists": True, "type": "directory", "mode": "0700",
              "uid": 1000, "user": "op", "gid": 1000, "group": "op", "size": 4096, "mtime": NOW - 600,
              "readable": True, "writable": True, "symlink": False}
STAT_HOME = dict(STAT_STATE, path=HOME, resolved=HOME, mode="0750")
STAT_ABSENT = {"ok": True, "exists": False}


def log_scan(matches=None, path=LOG):
    return {"ok": True, "source": path, "lines_scanned": 400, "matches": matches or [], "counts": {},
            "truncated": False}


def match(message, pattern, finding, severity, time=NOW - 120, line_no=388, captures=None):
    return {"line_no": line_no, "time": time, "time_text": "2026-11-22T21:59:05.120Z", "level": "error",
            "subsystem": "gateway", "message": message, "format": "tslog", "pattern": pattern,
            "captures": captures or [], "fields": {}, "finding": finding, "severity": severity}


# fs.stat of the config file: lib.openclaw dates log lines against it when a log matched.
def stat_config(mtime):
    return c("fs.stat", dict(STAT_STATE, path=CONFIG, resolved=CONFIG, type="file", mode="0600", size=812,
                             mtime=mtime), args=[CONFIG])


JOURNAL_NONE = {"ok": False, "error": "unavailable", "reason": "no_journal_files",
                "message": "No journal files were found.", "unit": "openclaw-gateway"}
OOM_NONE = {"ok": True, "source": "/dev/kmsg", "kills": []}


def c(call, result=None, args=None, results=None, times=None, error=None):
    entry = {"call": call}
    if args is not None:
        entry["args"] = args
    if results is not None:
        entry["results"] = results
    elif error is not None:
        entry["error"] = error
    else:
        entry["result"] = result
    if times:
        entry["times"] = times
    return entry


# Calls of openclaw.config's own checks (beyond oc.target's openclaw.config).
def config_extras():
    return [c("fs.stat", STAT_ABSENT, args=[STATE + "/config.yaml"])]


# openclaw.gateway.start on a machine where nothing listens (the config runbook runs too).
def start_down(config=CFG, health=HEALTH_DOWN, listeners=None, processes=None, locks=None, memory=MEM_OK,
               scan=None, stat_state=STAT_STATE, journal=JOURNAL_NONE, config_mtime=None, paths=PATHS):
    return [
        c("openclaw.config", config),
        c("gateway.health", health),
        c("proc.listeners", listeners if listeners is not None else []),
        c("proc.gateway_processes", processes if processes is not None else []),
        c("openclaw.locks", locks if locks is not None else []),
        c("proc.meminfo", memory),
        c("openclaw.paths", paths),
        c("fs.stat", stat_state, args=[STATE]),
        c("fs.stat", STAT_HOME, args=[HOME]),
        c("log.scan", scan or log_scan()),
        c("systemd.journal", journal),
    ] + config_extras() + ([stat_config(config_mtime)] if config_mtime else [])


def start_up(health=HEALTH_OK, processes=None, listeners=None, locks=None, memory=MEM_OK, stat_state=STAT_STATE):
    return [
        c("openclaw.config", CFG),
        c("gateway.health", health),
        c("proc.listeners", GW_LISTENERS if listeners is None else listeners),
        c("proc.gateway_processes", [GW_PROC] if processes is None else processes),
        c("openclaw.locks", locks if locks is not None else []),
        c("proc.meminfo", memory),
        c("openclaw.paths", PATHS),
        c("fs.stat", stat_state, args=[STATE]),
        c("fs.stat", STAT_HOME, args=[HOME]),
    ]


def tcp_result(ok=True, host="127.0.0.1", port=18789, error=None, message=None):
    if ok:
        return {"ok": True, "host": host, "port": port, "address": host + ":" + str(port), "latency_ms": 0.2,
                "tried": [{"address": host + ":" + str(port), "ok": True}]}
    return {"ok": False, "host": host, "port": port, "error": error, "message": message,
            "tried": [{"address": host + ":" + str(port), "ok": False, "error": error}]}


def connect_calls(config=CFG, tcp=None, listeners=None, processes=None, scan=None, journal=JOURNAL_NONE,
                  oom=OOM_NONE, config_mtime=None):
    return [
        c("openclaw.config", config),
        c("gateway.tcp", tcp or tcp_result()),
        c("proc.listeners", GW_LISTENERS if listeners is None else listeners),
        c("proc.gateway_processes", [GW_PROC] if processes is None else processes),
        c("openclaw.paths", PATHS),
        c("log.scan", scan or log_scan()),
        c("systemd.journal", journal),
        c("proc.oom_kills", oom),
        c("time.now", NOW),
    ] + ([stat_config(config_mtime)] if config_mtime else [])


def triage_calls(config=CFG, token=TOKEN, health=HEALTH_OK, connect=CONNECT_OK, first_call=CALL_OK,
                 listeners=None, processes=None, systemd=SYSTEMD_NONE, docker=DOCKER_NONE):
    calls = [
        c("openclaw.config", config),
        c("openclaw.client_token", token),
        c("gateway.health", health),
        c("gateway.connect", connect),
        c("proc.listeners", GW_LISTENERS if listeners is None else listeners),
        c("proc.gateway_processes", [GW_PROC] if processes is None else processes),
        c("systemd.available", systemd),
        c("docker.available", docker),
    ]
    if connect.get("ok"):
        calls += [c("gateway.session_call", first_call, args=[1, "health", {}, None]),
                  c("gateway.session_close", CLOSE_OK)]
    return calls


CASES = {}


def case(name, description, runbook, calls, expect, params=None):
    body = {"description": description, "runbook": runbook}
    if params:
        body["params"] = params
    body["calls"] = calls
    body["expect"] = expect
    CASES[name] = body


# ---------------------------------------------------------------------------------------------------------
# openclaw.config
R = "openclaw.config"
case("config-healthy", "a valid config: mode local, loopback, token set; nothing to report", R,
     [c("openclaw.config", CFG)] + config_extras(),
     {"verdict": "healthy", "steps": {"Parse the config file": "pass", "Check gateway.mode": "pass",
                                      "Check gateway.bind against gateway.auth": "pass",
                                      "Look for keys OpenClaw does not read": "pass",
                                      "Look for rejected, clobbered and last-good copies": "pass"}})
case("config-missing", "no openclaw.json while the CLI is installed: Missing config", R,
     [c("openclaw.config", CFG_MISSING), c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
      c("openclaw.version", {"ok": True, "version": "2026.9.6", "cli": "/usr/local/bin/openclaw"})],
     {"verdict": "problems", "first": "gateway.missing-config", "steps": {"Parse the config file": "fail"}})
case("config-missing-no-cli", "no config and no openclaw CLI (the gateway runs elsewhere): medium only", R,
     [c("openclaw.config", CFG_MISSING), c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
      c("openclaw.version", {"ok": False, "error": "not_found", "message": "no executable `openclaw` on PATH"})],
     {"verdict": "problems", "first": "gateway.missing-config"})
case("config-invalid-json5", "a JSON5 syntax error: config.invalid with line and column, last-good copy offered", R,
     [c("openclaw.config", CFG_INVALID), c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
      c("fs.read", {"ok": True, "path": CONFIG, "resolved": CONFIG, "text": CONFIG_TEXT, "bytes": len(CONFIG_TEXT),
                    "size": len(CONFIG_TEXT), "truncated": False}),
      c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 60), args=[CONFIG])],
     {"verdict": "problems", "first": "config.invalid", "absent": ["config.rejected-files"],
      "steps": {"Parse the config file": "fail"}})
case("config-unreadable", "the config path is a directory: config.invalid (high)", R,
     [c("openclaw.config", {"ok": False, "error": "is_directory", "path": CONFIG, "source": "canonical",
                            "message": CONFIG + ": Is a directory", "backups": []}),
      c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"])],
     {"verdict": "problems", "first": "config.invalid"})
case("config-permission-denied", "the config is unreadable by this user: left to openclaw.gateway.start", R,
     [c("openclaw.config", {"ok": False, "error": "permission_denied", "path": CONFIG, "source": "canonical",
                            "message": CONFIG + ": Permission denied", "backups": []}),
      c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"])],
     {"verdict": "healthy", "absent": ["config.invalid"], "steps": {"Parse the config file": "fail"}})
CLOBBERED = {"path": CONFIG + ".clobbered.2026-11-22T21-58-00Z", "kind": "clobbered", "mtime": NOW - 300, "size": 2400}
case("config-mode-unset", "gateway.mode missing (a clobbered copy exists): gateway.mode-unset first", R,
     [c("openclaw.config", cfg(mode=None, backups=[CLOBBERED, BAK])),
      c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 400), args=[CONFIG])] + config_extras(),
     {"verdict": "problems", "first": "gateway.mode-unset", "findings": ["config.rejected-files"],
      "steps": {"Check gateway.mode": "fail"}})
case("config-mode-hybrid", "gateway.mode \"hybrid\" from a blog post blocks the start", R,
     [c("openclaw.config", cfg(mode="hybrid", legacy=[{"key": "gateway.mode", "value": "hybrid",
                                                       "message": "gateway.mode accepts local or remote",
                                                       "use": "gateway.mode=local"}]))] + config_extras(),
     {"verdict": "problems", "first": "gateway.mode-unset", "absent": ["config.legacy-key"]})
case("config-mode-remote-no-url", "gateway.mode remote without gateway.remote.url", R,
     [c("openclaw.config", cfg(mode="remote"))] + config_extras(),
     {"verdict": "problems", "first": "gateway.mode-unset"})
case("config-mode-remote-client", "gateway.mode remote with a remote URL: a client machine, fine", R,
     [c("openclaw.config", cfg(mode="remote", remote={"url": "wss://gw.example.com"}))] + config_extras(),
     {"verdict": "healthy", "steps": {"Check gateway.mode": "pass"}})
case("config-bind-lan-no-token", "bind lan without a token: refusing to bind", R,
     [c("openclaw.config", cfg(bind="lan", secret_set=False))] + config_extras(),
     {"verdict": "problems", "first": "gateway.bind-without-auth",
      "steps": {"Check gateway.bind against gateway.auth": "fail"}})
case("config-bind-lan-auth-none", "bind lan with auth mode none: refusing to bind", R,
     [c("openclaw.config", cfg(bind="lan", auth_mode="none", secret_set=False))] + config_extras(),
     {"verdict": "problems", "first": "gateway.bind-without-auth"})
case("config-trusted-proxy-without-proxies", "auth mode trusted-proxy without gateway.trustedProxies", R,
     [c("openclaw.config", cfg(auth_mode="trusted-proxy", secret_set=False))] + config_extras(),
     {"verdict": "problems", "first": "config.invalid"})
case("config-custom-bind-without-host", "bind custom without customBindHost", R,
     [c("openclaw.config", cfg(bind="custom"))] + config_extras(),
     {"verdict": "problems", "first": "config.invalid"})
case("config-tailscale-funnel-token", "Tailscale funnel needs password auth", R,
     [c("openclaw.config", cfg(extra_raw={"tailscale": {"mode": "funnel"}}))] + config_extras(),
     {"verdict": "problems", "first": "config.invalid"})
case("config-tailscale-serve-lan", "Tailscale serve needs a loopback bind", R,
     [c("openclaw.config", cfg(bind="loopback", extra_raw={"tailscale": {"mode": "serve"}, "bind": "lan"}))]
     + config_extras(),
     {"verdict": "problems", "first": "config.invalid"})
LEGACY_TOKEN = {"key": "gateway.token",
                "message": "gateway.token is not read: the gateway's token is gateway.auth.token",
                "use": "gateway.auth.token"}
case("config-legacy-gateway-token", "the seeds' gateway.token instead of gateway.auth.token: nothing pinned (high)", R,
     [c("openclaw.config", cfg(secret_set=False, legacy=[LEGACY_TOKEN],
                               raw={"mode": "local", "port": 18789, "token": FP}))] + config_extras(),
     {"verdict": "problems", "first": "config.legacy-key", "steps": {"Look for keys OpenClaw does not read": "warn"}})
case("config-legacy-seed-keys", "port 3001, gateway.host and OPENCLAW_GATEWAY_MODE from blog posts, a config.yaml", R,
     [c("openclaw.config", cfg(port=3001, legacy=[
         {"key": "gateway.host", "value": "0.0.0.0", "message": "gateway.host is not an OpenClaw key",
          "use": "gateway.bind"},
         {"key": "gateway.port", "value": 3001, "message": "port 3001 comes from blog posts",
          "use": "gateway.port=18789"},
         {"key": "env:OPENCLAW_GATEWAY_MODE", "message": "OPENCLAW_GATEWAY_MODE is set but OpenClaw does not read it",
          "use": "gateway.mode in the config"}])),
      c("fs.stat", dict(STAT_STATE, path=STATE + "/config.yaml", type="file"), args=[STATE + "/config.yaml"])],
     {"verdict": "problems", "first": "config.legacy-key"})
case("config-unknown-key", "an unknown gateway key is only info", R,
     [c("openclaw.config", cfg(extra_raw={"listenAddress": "0.0.0.0"}))] + config_extras(),
     {"verdict": "healthy", "findings": ["config.legacy-key"]})
REJECTED = {"path": CONFIG + ".rejected.2026-11-22T21-59-10Z", "kind": "rejected", "mtime": NOW - 200, "size": 1300}
case("config-rejected-recent", "the last edit was rejected (newer than the config): medium", R,
     [c("openclaw.config", cfg(backups=[REJECTED, BAK])),
      c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 7200), args=[CONFIG])] + config_extras(),
     {"verdict": "problems", "first": "config.rejected-files",
      "steps": {"Look for rejected, clobbered and last-good copies": "warn"}})
case("config-rejected-old", "an old rejected copy, older than the config: low", R,
     [c("openclaw.config", cfg(backups=[dict(REJECTED, mtime=NOW - 30 * 86400), BAK])),
      c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 7200), args=[CONFIG])] + config_extras(),
     {"verdict": "problems", "first": "config.rejected-files"})

# ---------------------------------------------------------------------------------------------------------
# openclaw.gateway.start
R = "openclaw.gateway.start"
case("gateway-start-healthy", "the gateway is up and ready: nothing to report", R, start_up(),
     {"verdict": "healthy", "steps": {"Check readiness": "pass", "Check who holds the port": "pass",
                                      "Count gateway instances": "pass", "Check lock and PID files": "pass",
                                      "Check the state dir's permissions": "pass", "Check available memory": "pass"}})
case("gateway-start-channels-not-ready", "live, /readyz failing for a channel: not a start problem", R,
     start_up(health=HEALTH_CHANNELS), {"verdict": "healthy", "absent": ["gateway.starting"]})
case("gateway-start-starting", "/healthz live, /readyz 503 startup-sidecars: still starting", R,
     start_up(health=HEALTH_STARTING),
     {"verdict": "problems", "first": "gateway.starting", "steps": {"Check readiness": "warn"}})
case("gateway-start-starting-stuck", "still starting after 10 minutes: high", R,
     start_up(health=dict(HEALTH_STARTING, uptimeMs=600000)),
     {"verdict": "problems", "first": "gateway.starting"})
case("gateway-start-not-running", "nothing listens, config fine, no other cause: gateway.not-running", R,
     start_down(), {"verdict": "problems", "first": "gateway.not-running",
                    "absent": ["gateway.stale-lock", "gateway.port-conflict"],
                    "steps": {"Read the last start attempts in the logs": "pass"}})
case("gateway-start-mode-unset", "down with gateway.mode unset: the config cause ranks first", R,
     start_down(config=cfg(mode=None)),
     {"verdict": "problems", "first": "gateway.mode-unset", "findings": ["gateway.not-running"]})
case("gateway-start-missing-config", "down with no config file: Missing config first", R,
     start_down(config=CFG_MISSING) + [
         c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
         c("openclaw.version", {"ok": True, "version": "2026.9.6", "cli": "/usr/local/bin/openclaw"})],
     {"verdict": "problems", "first": "gateway.missing-config", "findings": ["gateway.not-running"]})
case("gateway-start-config-corrupt", "down with a JSON5 error: config.invalid first", R,
     start_down(config=CFG_INVALID) + [
         c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
         c("fs.read", {"ok": True, "path": CONFIG, "text": CONFIG_TEXT, "truncated": False}),
         c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 60), args=[CONFIG])],
     {"verdict": "problems", "first": "config.invalid", "findings": ["gateway.not-running"]})
case("gateway-start-bind-without-auth", "down, bind lan without a token: refusing to bind", R,
     start_down(config=cfg(bind="lan", secret_set=False)),
     {"verdict": "problems", "first": "gateway.bind-without-auth"})
case("gateway-start-port-conflict", "the port is held by another program (python3): port conflict with its pid", R,
     start_down(listeners=[listener(pid=3131, comm="python3", address="0.0.0.0", loopback=False, wildcard=True)],
                health=dict(HEALTH_DOWN, error="bad_http_response")),
     {"verdict": "problems", "first": "gateway.port-conflict", "absent": ["gateway.not-running"],
      "steps": {"Check who holds the port": "fail"}})
case("gateway-start-port-conflict-unseen-owner", "the port is held by another user's process (pid not visible)", R,
     start_down(listeners=[listener(pid=None, uid=0)], health=dict(HEALTH_DOWN, error="timeout")),
     {"verdict": "problems", "first": "gateway.port-conflict"})
case("gateway-start-docker-proxy", "docker-proxy holds the port for a containerised gateway: no conflict", R,
     start_down(listeners=[listener(pid=901, comm="docker-proxy", address="0.0.0.0", loopback=False,
                                    wildcard=True)]),
     {"absent": ["gateway.port-conflict", "gateway.not-running"], "steps": {"Check who holds the port": "pass"}})
LOCK_DEAD = {"path": "/tmp/openclaw-1000/gateway.1a2b3c4d.lock", "kind": "lock", "pid": 3977, "status": "dead",
             "stale": True, "matches_config": True, "created_at": "2026-11-22T20:11:04.000Z", "mtime": NOW - 7000}
case("gateway-start-stale-lock", "down with a lock file whose pid is dead: stale lock first", R,
     start_down(locks=[LOCK_DEAD]),
     {"verdict": "problems", "first": "gateway.stale-lock", "findings": ["gateway.not-running"],
      "steps": {"Check lock and PID files": "fail"}})
case("gateway-start-stale-pid-file", "the seeds' ~/.openclaw/gateway.pid with a reused pid", R,
     start_down(locks=[{"path": STATE + "/gateway.pid", "kind": "pidfile", "pid": 812, "status": "reused",
                        "stale": True, "matches_config": True, "mtime": NOW - 90000,
                        "owner": {"comm": "sshd", "cmdline": "sshd: op", "is_gateway": False}}]),
     {"verdict": "problems", "first": "gateway.stale-lock"})
case("gateway-start-stale-lock-while-running", "a stale lock of another config while the gateway runs: low", R,
     start_up(locks=[dict(LOCK_DEAD, matches_config=False)]),
     {"verdict": "problems", "first": "gateway.stale-lock"})
second = dict(GW_PROC, pid=5151, start_time=NOW - 60, listening=[])
case("gateway-start-duplicate", "two gateway instances (one holds the port, one none)", R,
     start_up(processes=[GW_PROC, second]),
     {"verdict": "problems", "first": "gateway.duplicate-instance", "steps": {"Count gateway instances": "fail"}})
child = dict(GW_PROC, pid=5152, ppid=GW_PID, parent_gateway=GW_PID, listening=[])
case("gateway-start-child-not-duplicate", "a gateway's child process is not a second instance", R,
     start_up(processes=[GW_PROC, child]), {"verdict": "healthy", "absent": ["gateway.duplicate-instance"]})
case("gateway-start-low-memory", "down with 150 MiB available: low memory ranks above not-running", R,
     start_down(memory=MEM_LOW),
     {"verdict": "problems", "first": "gateway.low-memory", "findings": ["gateway.not-running"],
      "steps": {"Check available memory": "fail"}})
case("gateway-start-low-memory-running", "running with 150 MiB available: medium", R, start_up(memory=MEM_LOW),
     {"verdict": "problems", "first": "gateway.low-memory"})
case("gateway-start-state-dir-not-writable", "the state dir is not writable by this user", R,
     start_down(stat_state=dict(STAT_STATE, writable=False, mode="0555")),
     {"verdict": "problems", "first": "gateway.state-dir-permissions"})
case("gateway-start-state-dir-root-owned", "the state dir is owned by root, the home by op (a sudo leftover)", R,
     start_down(stat_state=dict(STAT_STATE, uid=0, user="root")),
     {"verdict": "problems", "first": "gateway.state-dir-permissions"})
CONFIG_DAY_OLD = NOW - 86400  # the config's mtime when log lines are newer than it
BIND_REFUSED = ("refusing to bind gateway to 0.0.0.0:18789 without auth (set gateway.auth.token/password, or set "
                "OPENCLAW_GATEWAY_TOKEN)")


def bind_refused(message=BIND_REFUSED, port="18789", time=NOW - 120):
    return log_scan([match(message, "start.refusing-to-bind", "gateway.bind-without-auth", "critical", time=time,
                           captures=["0.0.0.0", port])])


case("gateway-start-log-bind-refused", "the config binds loopback without a token and has not changed since the log's "
     "`refusing to bind` (a service passes --bind lan): bind-without-auth first", R,
     start_down(config=cfg(secret_set=False), scan=bind_refused(), config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "gateway.bind-without-auth", "findings": ["gateway.not-running"],
      "steps": {"Read the last start attempts in the logs": "fail"}})
case("gateway-start-log-bind-refused-auth-now", "the log says refusing to bind, but the config has a token now: "
     "only info, gateway.not-running first", R,
     start_down(scan=bind_refused(), config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.bind-without-auth"],
      "steps": {"Read the last start attempts in the logs": "pass"}})
case("gateway-start-log-bind-refused-fixed", "refusing to bind, then the config was edited (loopback, no token): "
     "only info", R,
     start_down(config=cfg(secret_set=False), scan=bind_refused(), config_mtime=NOW - 60),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.bind-without-auth"],
      "steps": {"Read the last start attempts in the logs": "pass"}})
case("gateway-start-log-bind-refused-other-port", "refusing to bind port 28789, this gateway's is 18789: another "
     "gateway's line, only info", R,
     start_down(config=cfg(secret_set=False), config_mtime=CONFIG_DAY_OLD,
                scan=bind_refused(BIND_REFUSED.replace("18789", "28789"), port="28789")),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.bind-without-auth"]})
SEED_MODE_UNSET = "[gateway] start blocked — config key gateway.mode has no value"
case("gateway-start-log-mode-unset-seed-variant", "a seed variant in the journal (start blocked — config key "
     "gateway.mode has no value) while the config has mode local now: only info, gateway.not-running first", R,
     start_down(journal={"ok": True, "unit": "openclaw-gateway", "scope": "user", "entries": [
         {"time": NOW - 100, "pid": 777, "priority": 3, "priority_name": "err", "message": SEED_MODE_UNSET}]},
         scan=log_scan([match(SEED_MODE_UNSET, "start.mode-unset", "gateway.mode-unset", "critical")]),
         config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.mode-unset"]})
MODE_UNSET = ("Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered "
              "config. Re-run `openclaw onboard --mode local` or `openclaw setup`, set gateway.mode=local manually, or "
              "pass --allow-unconfigured.")


def mode_unset_line(time):
    return log_scan([match(MODE_UNSET, "start.mode-unset", "gateway.mode-unset", "critical", time=time)])


case("gateway-start-log-mode-unset-config-local", "the shared log has a mode-unset line newer than the config (another "
     "gateway sharing /tmp/openclaw, or a fixed config), but gateway.mode is local: only info", R,
     start_down(scan=mode_unset_line(NOW - 120), config_mtime=NOW - 600),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.mode-unset"],
      "steps": {"Read the last start attempts in the logs": "pass"}})
case("gateway-start-shared-log-other-gateway", "the shared log's mode-unset line is older than this gateway's config: "
     "another gateway's (or an earlier config's), dropped", R,
     start_down(scan=mode_unset_line(NOW - 3000), config_mtime=NOW - 600),
     {"verdict": "problems", "first": "gateway.not-running", "absent": ["gateway.mode-unset"],
      "steps": {"Read the last start attempts in the logs": "pass"}})
case("gateway-start-shared-log-names-port", "an old shared-log line that names this gateway's port still counts: "
     "another instance held ws://127.0.0.1:18789", R,
     start_down(scan=log_scan([match("another gateway instance is already listening on ws://127.0.0.1:18789",
                                     "start.another-instance-listening", "gateway.duplicate-instance", "high",
                                     time=NOW - 3000)]), config_mtime=NOW - 600),
     {"verdict": "problems", "first": "gateway.duplicate-instance", "findings": ["gateway.not-running"]})
OWN_LOG = STATE + "/logs/openclaw.log"
PATHS_OWN_LOG = dict(PATHS, log_files=[{"path": OWN_LOG, "kind": "configured", "exists": True}] + PATHS["log_files"])
case("gateway-start-own-log-file", "the config sets logging.file: the shared /tmp/openclaw log (with another "
     "gateway's mode-unset line) is not read", R,
     [c("log.scan", log_scan(path=OWN_LOG), args=[OWN_LOG, None, None]),
      c("log.scan", mode_unset_line(NOW - 60), args=[LOG, None, None])]
     + start_down(paths=PATHS_OWN_LOG, config_mtime=NOW - 600),
     {"verdict": "problems", "first": "gateway.not-running", "absent": ["gateway.mode-unset"]})
case("gateway-start-log-missing-config-fixed", "the log says Missing config (a gateway with another config path), but "
     "this config exists: only info", R,
     start_down(scan=log_scan([match("Missing config. Run `openclaw setup` or set gateway.mode=local (or pass "
                                     "--allow-unconfigured).", "start.missing-config", "gateway.missing-config",
                                     "critical")]), config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.missing-config"]})
case("gateway-start-log-json5-error-fixed", "the log has a JSON5 parse error, but the config parses now: only info", R,
     start_down(scan=log_scan([match("Failed to parse /home/op/.openclaw/openclaw.json: JSON5: invalid character '}' "
                                     "at 7:5", "config.invalid", "config.invalid", "high")]),
                config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["config.invalid"]})
SCHEMA_ERROR = "Invalid config at /home/op/.openclaw/openclaw.json: gateway: Unrecognized key: \"websocket\""
case("gateway-start-log-schema-error", "a strict-schema error newer than the config, which parses: only the log "
     "shows it, config.invalid", R,
     start_down(scan=log_scan([match(SCHEMA_ERROR, "config.invalid", "config.invalid", "high")]),
                config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "config.invalid"})
case("gateway-start-log-schema-error-fixed", "a strict-schema error older than the config's last edit: only info", R,
     start_down(scan=log_scan([match(SCHEMA_ERROR, "config.invalid", "config.invalid", "high")]), config_mtime=NOW - 60),
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["config.invalid"]})
case("gateway-start-process-not-listening", "a gateway process that holds no port yet", R,
     start_down(processes=[dict(GW_PROC, listening=[])]),
     {"verdict": "problems", "first": "gateway.starting", "absent": ["gateway.not-running"]})

# ---------------------------------------------------------------------------------------------------------
# openclaw.gateway.connect
R = "openclaw.gateway.connect"
case("gateway-connect-reachable", "the port accepts connections and no crash is recorded", R, connect_calls(),
     {"verdict": "healthy", "steps": {"Connect to the gateway port": "pass",
                                      "Check firewall rules for the port": "skip",
                                      "Look for a crash in the logs, the journal and the kernel's OOM kills": "pass"}})
case("gateway-connect-down", "nothing listens: openclaw.gateway.start says why (not running)", R,
     connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                   processes=[]) + start_down()[1:],
     {"verdict": "problems", "first": "gateway.not-running",
      "steps": {"Connect to the gateway port": "fail", "run openclaw.gateway.start": "fail"}})
case("gateway-connect-wrong-port-3001", "the gateway listens on 3001 (a blog default), clients dial 18789", R,
     connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                   processes=[dict(GW_PROC, argv=["node", "dist/index.js", "gateway", "--port", "3001"],
                                   gateway={"form": "node-entry", "port": 3001},
                                   listening=[{"address": "127.0.0.1", "port": 3001}])]),
     {"verdict": "problems", "first": "gateway.wrong-port", "absent": ["gateway.not-running"]})
case("gateway-connect-wrong-port-env", "OPENCLAW_GATEWAY_PORT=28789 overrides gateway.port=18789 where it listens", R,
     connect_calls(config=cfg(port=28789, port_source="env:OPENCLAW_GATEWAY_PORT", config_value=18789),
                   tcp=tcp_result(False, port=28789, error="refused", message="Connection refused"), listeners=[],
                   processes=[GW_PROC]),
     {"verdict": "problems", "first": "gateway.wrong-port"})
case("gateway-connect-loopback-only", "a LAN address is dialled but the gateway listens on 127.0.0.1 only", R,
     connect_calls(tcp=tcp_result(False, host="192.168.1.20", error="refused", message="Connection refused")),
     {"verdict": "problems", "first": "network.loopback-only"}, params={"target": "ws://192.168.1.20:18789"})
case("gateway-connect-remote-refused", "a remote host refuses the port: stopped or loopback there (medium)", R,
     connect_calls(tcp=tcp_result(False, host="gw.example.net", error="refused", message="Connection refused"),
                   listeners=[], processes=[]),
     {"verdict": "problems", "first": "network.loopback-only", "absent": ["gateway.not-running"]},
     params={"target": "ws://gw.example.net:18789"})
case("gateway-connect-remote-dns", "the target host does not resolve", R,
     connect_calls(tcp=tcp_result(False, host="gw.example.invalid", error="dns_error",
                                  message="Host not found (authoritative)"), listeners=[], processes=[]),
     {"verdict": "problems", "first": "gateway.not-running"}, params={"target": "ws://gw.example.invalid:18789"})
UFW_CONF = "# /etc/ufw/ufw.conf\n#\nENABLED=yes\nLOGLEVEL=low\n"
UFW_DEFAULT = 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\n'
UFW_RULES = ("*filter\n:ufw-user-input - [0:0]\n### RULES ###\n\n"
             "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n"
             "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n\n### END RULES ###\nCOMMIT\n")


def read(text):
    return {"ok": True, "text": text, "bytes": len(text), "size": len(text), "truncated": False}


NOT_FOUND = {"ok": False, "error": "not_found", "message": "No such file or directory"}
WILDCARD = [listener(address="0.0.0.0", loopback=False, wildcard=True)]


def firewall(ufw=False, iptables=None, nft=None):
    calls = []
    if ufw:
        calls += [c("fs.read", read(UFW_CONF), args=["/etc/ufw/ufw.conf", None]),
                  c("fs.read", read(UFW_DEFAULT), args=["/etc/default/ufw", None]),
                  c("fs.read", read(UFW_RULES), args=["/etc/ufw/user.rules", None])]
    if iptables:
        calls.append(c("fs.read", read(iptables), args=["/etc/iptables/rules.v4", None]))
    if nft:
        calls.append(c("fs.read", read(nft), args=["/etc/nftables.conf", None]))
    return calls + [c("fs.read", NOT_FOUND)]


case("gateway-connect-firewall-ufw", "bind lan, ufw enabled with default DROP and no rule for 18789; the LAN connect "
     "times out", R,
     connect_calls(tcp=tcp_result(False, host="192.168.1.20", error="timeout",
                                  message="no answer within 1 s"), listeners=WILDCARD) + firewall(ufw=True),
     {"verdict": "problems", "first": "network.firewall-blocks-port",
      "steps": {"Check firewall rules for the port": "fail"}}, params={"target": "ws://192.168.1.20:18789"})
IPT = ("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n"
       "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n")
case("gateway-connect-firewall-iptables", "the gateway listens on all interfaces; saved iptables rules drop INPUT", R,
     connect_calls(listeners=WILDCARD) + firewall(iptables=IPT),
     {"verdict": "problems", "first": "network.firewall-blocks-port"})
IPT_OPEN = IPT.replace("COMMIT", "-A INPUT -p tcp -m multiport --dports 22,18789 -j ACCEPT\nCOMMIT")
case("gateway-connect-firewall-iptables-allows", "iptables drops INPUT but accepts 18789 explicitly", R,
     connect_calls(listeners=WILDCARD) + firewall(iptables=IPT_OPEN),
     {"verdict": "healthy", "steps": {"Check firewall rules for the port": "pass"}})
NFT = ("#!/usr/sbin/nft -f\nflush ruleset\ntable inet filter {\n  chain input {\n"
       "    type filter hook input priority 0; "
       "policy drop;\n    ct state established,related accept\n    tcp dport { 22, 443 } accept\n  }\n}\n")
case("gateway-connect-firewall-nftables", "nftables input policy drop without the gateway port", R,
     connect_calls(listeners=WILDCARD) + firewall(nft=NFT),
     {"verdict": "problems", "first": "network.firewall-blocks-port"})
case("gateway-connect-timeout-no-rules", "a LAN connect times out and no saved rule here explains it", R,
     connect_calls(tcp=tcp_result(False, host="10.0.0.7", error="timeout", message="no answer within 1 s"),
                   listeners=[], processes=[]) + firewall(),
     {"verdict": "problems", "first": "network.firewall-blocks-port"}, params={"target": "ws://10.0.0.7:18789"})
OOM = {"ok": True, "source": "/dev/kmsg", "kills": [
    {"pid": 3977, "comm": "node", "time": NOW - 1800, "scope": "global",
     "message": "Out of memory: Killed process 3977 (node) total-vm:1820000kB, anon-rss:900000kB"}]}
case("gateway-connect-crashed-oom", "down after the OOM killer ended node: gateway.crashed (critical) first", R,
     connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                   processes=[], oom=OOM) + start_down()[1:],
     {"verdict": "problems", "first": "gateway.crashed", "findings": ["gateway.not-running"]})
KILLED_JOURNAL = {"ok": True, "unit": "openclaw-gateway", "scope": "user", "entries": [
    {"time": NOW - 600, "pid": 1, "priority": 4, "priority_name": "warning",
     "message": "openclaw-gateway.service: Main process exited, code=killed, status=9/KILL"}]}
case("gateway-connect-crashed-killed", "down, the journal shows status=9/KILL: gateway.crashed (high) first", R,
     connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                   processes=[], journal=KILLED_JOURNAL,
                   scan=log_scan([match("openclaw-gateway.service: Main process exited, code=killed, status=9/KILL",
                                        "crash.killed", "gateway.crashed", "high")]), config_mtime=CONFIG_DAY_OLD)
     + start_down()[1:],
     {"verdict": "problems", "first": "gateway.crashed", "findings": ["gateway.not-running"]})
case("gateway-connect-crashed-earlier", "reachable now, but the log shows a fatal error: crashed and restarted", R,
     connect_calls(scan=log_scan([match("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of "
                                        "memory", "crash.node-heap", "gateway.crashed", "critical")]),
                   config_mtime=CONFIG_DAY_OLD),
     {"verdict": "problems", "first": "gateway.crashed"})
case("gateway-connect-shared-log-other-crash", "reachable; the shared log's fatal error is older than this gateway's "
     "config: another gateway's, no crash reported", R,
     connect_calls(scan=log_scan([match("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of "
                                        "memory", "crash.node-heap", "gateway.crashed", "critical", time=NOW - 3000)]),
                   config_mtime=NOW - 600),
     {"verdict": "healthy", "absent": ["gateway.crashed"],
      "steps": {"Look for a crash in the logs, the journal and the kernel's OOM kills": "pass"}})
case("gateway-connect-old-oom-ignored", "an OOM kill of node two days ago is not this crash", R,
     connect_calls(oom={"ok": True, "source": "/dev/kmsg", "kills": [dict(OOM["kills"][0], time=NOW - 2 * 86400)]}),
     {"verdict": "healthy", "absent": ["gateway.crashed"]})

# ---------------------------------------------------------------------------------------------------------
# openclaw.triage
R = "openclaw.triage"
case("triage-healthy", "a healthy gateway: hello-ok, health answered, /readyz ready: verdict healthy", R,
     triage_calls(),
     {"verdict": "healthy", "steps": {"Run the cheap checks at once": "pass", "Classify the symptom": "pass"}})
case("triage-down", "nothing listening: openclaw.gateway.connect and .start run; gateway.not-running first", R,
     triage_calls(health=HEALTH_DOWN, connect=CONNECT_REFUSED, listeners=[], processes=[])
     + connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                     processes=[])[1:]
     + start_down()[1:],
     {"verdict": "problems", "first": "gateway.not-running",
      "steps": {"Classify the symptom": "fail", "run openclaw.gateway.connect": "fail",
                "run openclaw.gateway.start": "fail"}})
case("triage-down-mode-unset", "stopped because gateway.mode is unset: gateway.mode-unset first", R,
     triage_calls(config=cfg(mode=None), health=HEALTH_DOWN, connect=CONNECT_REFUSED, listeners=[], processes=[])
     + connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                     processes=[])[1:]
     + start_down()[1:],
     {"verdict": "problems", "first": "gateway.mode-unset", "findings": ["gateway.not-running"]})
# A gateway killed with SIGKILL: no process (zombies are not gateway processes), a lock whose pid is dead, and
# a mode-unset line that another gateway wrote into the shared /tmp/openclaw log before this config was written.
case("triage-down-killed", "SIGKILLed gateway, another gateway's old mode-unset line in the shared log: stale lock "
     "first, the line dropped", R,
     triage_calls(health=HEALTH_DOWN, connect=CONNECT_REFUSED, listeners=[], processes=[])
     + connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                     processes=[], scan=mode_unset_line(NOW - 3000))[1:]
     + start_down(locks=[LOCK_DEAD], config_mtime=NOW - 600)[1:],
     {"verdict": "problems", "first": "gateway.stale-lock", "findings": ["gateway.not-running"],
      "absent": ["gateway.mode-unset"]})
case("triage-down-stopped-mode-unset-line", "stopped; a mode-unset line newer than the config, but gateway.mode is "
     "local: gateway.not-running first, the line only info", R,
     triage_calls(health=HEALTH_DOWN, connect=CONNECT_REFUSED, listeners=[], processes=[])
     + connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                     processes=[], scan=mode_unset_line(NOW - 120))[1:]
     + start_down(config_mtime=NOW - 600)[1:],
     {"verdict": "problems", "first": "gateway.not-running", "findings": ["gateway.mode-unset"]})
case("triage-down-port-conflict", "another program holds the port: openclaw.gateway.start names its pid", R,
     triage_calls(health=dict(HEALTH_DOWN, error="bad_http_response"),
                  connect={"ok": False, "phase": "upgrade", "error": "upgrade_refused", "http_status": 404,
                           "message": "the server answered the WebSocket upgrade with HTTP 404 Not Found"},
                  listeners=[listener(pid=3131, comm="python3")], processes=[])
     + start_down()[1:],
     {"verdict": "problems", "first": "gateway.port-conflict", "steps": {"run openclaw.gateway.start": "fail"},
      "absent": ["proxy.no-websocket-upgrade"]})
case("triage-starting", "probed during startup: openclaw.gateway.start reports gateway.starting", R,
     triage_calls(health=HEALTH_STARTING,
                  connect=dict(connect_rejected(None, "UNAVAILABLE", 1013, "gateway starting",
                                                "gateway starting; retry shortly"),
                               details={"reason": "startup-sidecars"}, details_code=None))
     + start_up(health=HEALTH_STARTING)[1:],
     {"verdict": "problems", "first": "gateway.starting", "steps": {"run openclaw.gateway.start": "fail"}})
case("triage-duplicate", "healthy probe but two gateway instances: openclaw.gateway.start reports it", R,
     triage_calls(processes=[GW_PROC, second]) + start_up(processes=[GW_PROC, second])[1:],
     {"verdict": "problems", "first": "gateway.duplicate-instance"})
case("triage-config-invalid-while-running", "the gateway runs but its config no longer parses", R,
     triage_calls(config=CFG_INVALID)
     + [c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
        c("fs.read", {"ok": True, "path": CONFIG, "text": CONFIG_TEXT, "truncated": False}),
        c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 60), args=[CONFIG])],
     {"verdict": "problems", "first": "config.invalid", "steps": {"run openclaw.config": "fail"}})
case("triage-abnormal", "hello-ok, then the connection breaks on the first request (1006): gateway.connect runs, "
     "then the fallback names it", R,
     triage_calls(first_call={"ok": False, "error": {"code": "closed", "message": "connection reset"},
                              "close_code": 1006, "close_reason": "", "close_by": "none"})
     + connect_calls()[1:],
     {"verdict": "problems", "first": "ws.abnormal-close", "steps": {"run openclaw.gateway.connect": "pass"}})
case("triage-abnormal-crashed", "hello-ok, then 1006; the log shows a fatal error: gateway.crashed", R,
     triage_calls(first_call={"ok": False, "error": {"code": "closed", "message": "connection reset"},
                              "close_code": 1006, "close_reason": "", "close_by": "none"})
     + connect_calls(scan=log_scan([match("panic: runtime error: invalid memory address", "crash.fatal",
                                          "gateway.crashed", "high")]), config_mtime=CONFIG_DAY_OLD)[1:],
     {"verdict": "problems", "first": "gateway.crashed", "absent": ["ws.abnormal-close"]})
case("triage-remote-timeout", "a remote target whose port times out: gateway.connect checks the firewall", R,
     triage_calls(health=dict(HEALTH_DOWN, error="timeout", message="no answer within 2 s"),
                  connect={"ok": False, "phase": "tcp", "error": "timeout", "message": "no answer within 3 s"},
                  listeners=[], processes=[])
     + connect_calls(tcp=tcp_result(False, host="10.0.0.7", error="timeout", message="no answer within 1 s"),
                     listeners=[], processes=[])[1:] + firewall(),
     {"verdict": "problems", "first": "network.firewall-blocks-port", "steps": {"Classify the symptom": "fail"}},
     params={"target": "ws://10.0.0.7:18789"})

os.makedirs(OUT, exist_ok=True)
for name, body in CASES.items():
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(body, f, indent=2, ensure_ascii=False)
        f.write("\n")
print(len(CASES), "cases written to", OUT)

# ---------------------------------------------------------------------------------------------------------
# openclaw.triage delegating to the other authors' runbooks: their own case's calls first (so the runbook they
# wrote sees the data it was tested with), then what only triage asks.
TESTS = OUT


def theirs(name):
    path = os.path.join(TESTS, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["calls"]


def triage_only(health=HEALTH_OK, listeners=None, processes=None, systemd=SYSTEMD_NONE, docker=DOCKER_NONE):
    return [
        c("gateway.health", health),
        c("gateway.session_call", CALL_OK, args=[1, "health", None, None]),
        c("gateway.session_close", CLOSE_OK),
        c("proc.listeners", GW_LISTENERS if listeners is None else listeners),
        c("proc.gateway_processes", [GW_PROC] if processes is None else processes),
        c("systemd.available", systemd),
        c("docker.available", docker),
    ]


def delegated(name, description, their_case, expect, before=None, after=None, params=None):
    calls = theirs(their_case)
    if calls is None:
        print("skipped", name, "(no", their_case + ")")
        return
    CASES[name] = {"description": description, "runbook": "openclaw.triage"}
    if params:
        CASES[name]["params"] = params
    CASES[name]["calls"] = (before or []) + calls + (after or triage_only())
    CASES[name]["expect"] = expect
    write(name)


def write(name):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(CASES[name], f, indent=2, ensure_ascii=False)
        f.write("\n")


delegated("triage-auth-token-mismatch", "the client's token is stale: triage runs openclaw.auth (token mismatch)",
          "auth-token-mismatch",
          {"verdict": "problems", "first": "auth.token-mismatch", "steps": {"run openclaw.auth": "fail"}})
delegated("triage-auth-pairing-required", "pairing required: triage runs openclaw.auth", "auth-pairing-required",
          {"verdict": "problems", "first": "auth.pairing-required", "steps": {"run openclaw.auth": "fail"}})
delegated("triage-handshake-timeout", "close 1000 without a reason: triage runs openclaw.false-green",
          "false-green-handshake-timeout",
          {"verdict": "problems", "first": "ws.handshake-timeout", "steps": {"run openclaw.false-green": "fail"}})
stripped = theirs("false-green-scope-stripped")
if stripped:
    hello = next(x for x in stripped if x["call"] == "gateway.connect")
    delegated("triage-scope-stripped", "hello-ok with no scopes (2026.3.13 scope stripping): triage runs "
              "openclaw.false-green", "false-green-scope-stripped",
              {"verdict": "problems", "first": "scope.missing-operator-read",
               "steps": {"run openclaw.false-green": "fail"}},
              before=[c("gateway.connect", dict(hello["result"], scopes=[]))])
DOWN = (triage_calls(health=HEALTH_DOWN, connect=CONNECT_REFUSED, listeners=[], processes=[])[:1]
        + [c("openclaw.client_token", TOKEN), c("gateway.health", HEALTH_DOWN), c("gateway.connect", CONNECT_REFUSED),
           c("proc.listeners", []), c("proc.gateway_processes", [])]
        + connect_calls(tcp=tcp_result(False, error="refused", message="Connection refused"), listeners=[],
                        processes=[])[1:]
        + start_down()[1:])
SYSTEMD_UP = {"ok": True, "available": True, "system": {"available": True, "state": "running"},
              "user": {"available": True, "state": "running"}, "journal": {"available": True}}
DOCKER_UP = {"ok": True, "available": True, "endpoint": "/var/run/docker.sock", "api_version": "1.47",
             "engine_version": "27.3.1"}
delegated("triage-down-systemd", "down, systemd answers: triage runs openclaw.gateway.connect and openclaw.systemd",
          "systemd-unit-failed",
          {"verdict": "problems", "findings": ["systemd.unit-failed", "gateway.not-running"],
           "steps": {"run openclaw.systemd": "fail", "run openclaw.gateway.connect": "fail"}},
          before=[c("systemd.available", SYSTEMD_UP), c("docker.available", DOCKER_NONE),
                  c("log.scan", log_scan(), args=[None, None, {"lines": 400}])],
          after=DOWN)
delegated("triage-down-docker", "down, Docker answers: triage runs openclaw.gateway.connect and openclaw.docker",
          "docker-not-running",
          {"verdict": "problems", "findings": ["docker.not-running"],
           "steps": {"run openclaw.docker": "fail", "run openclaw.gateway.connect": "fail"}},
          before=[c("systemd.available", SYSTEMD_NONE),
                  c("log.scan", log_scan(), args=[None, None, {"lines": 400}])],  # the gateway's own log files
          after=DOWN)
print(len(CASES), "cases in total")

channel_case = theirs("channels-probe-failed")
if channel_case:
    with open(os.path.join(TESTS, "channels-probe-failed.json")) as f:
        channel_params = json.load(f).get("params")
    delegated("triage-channels", "/readyz fails for telegram: triage runs openclaw.channels", "channels-probe-failed",
              {"verdict": "problems", "first": "channel.probe-failed", "steps": {"run openclaw.channels": "fail"}},
              after=triage_only(health=HEALTH_CHANNELS), params=channel_params)

# The upgrade answered 200 with HTML (a proxy without Upgrade headers): openclaw.proxy probes again and reads the
# proxy configs (none here).
case("triage-proxy-no-upgrade", "the upgrade is answered 200 with HTML: triage runs openclaw.proxy, which finds no "
     "proxy config here, so triage names the symptom", "openclaw.triage",
     triage_calls(connect={"ok": False, "phase": "upgrade", "error": "upgrade_refused", "http_status": 200,
                           "message": "the server answered the WebSocket upgrade with HTTP 200 OK"})
     + [c("gateway.ws_upgrade", {"ok": True, "status": 200, "upgraded": False, "accept_valid": False,
                                 "headers": {"content-type": "text/html; charset=utf-8"}}),
        c("fs.glob", {"ok": True, "matches": [], "truncated": False, "denied": 0}),
        c("fs.read", NOT_FOUND), c("fs.list", NOT_FOUND), c("openclaw.paths", PATHS), c("log.scan", log_scan()),
        c("systemd.journal", JOURNAL_NONE)],
     {"verdict": "problems", "first": "proxy.no-websocket-upgrade", "steps": {"run openclaw.proxy": "pass"}})
write("triage-proxy-no-upgrade")

# A gateway speaking protocol 5 only: triage runs openclaw.known-issues (versions and known regressions).
case("triage-protocol-mismatch", "a gateway that speaks protocol 5 only (close 1002): triage runs "
     "openclaw.known-issues", "openclaw.triage",
     triage_calls(connect=dict(connect_rejected("PROTOCOL_MISMATCH", "INVALID_REQUEST", 1002, "protocol mismatch",
                                                "protocol mismatch"),
                               details={"code": "PROTOCOL_MISMATCH", "expectedProtocol": 5, "clientMinProtocol": 3,
                                        "clientMaxProtocol": 4}))
     + [c("openclaw.version", {"ok": True, "version": "2026.9.6", "cli": "/usr/local/bin/openclaw",
                               "running": [{"pid": GW_PID, "version": "2026.9.6"}]}),
        c("openclaw.paths", PATHS), c("log.scan", log_scan()), c("systemd.journal", JOURNAL_NONE)],
     {"verdict": "problems", "first": "protocol.mismatch", "findings": ["protocol.mismatch"]})
write("triage-protocol-mismatch")
print(len(CASES), "cases in total")

# ---------------------------------------------------------------------------------------------------------
# openclaw.triage on a gateway that answers while a channel is in trouble. The `health` reply triage reads
# after hello-ok is built from the channels case's channels.status payload (the lab answers both from the same
# accounts); the channels runbook then sees its own case's calls.
def health_reply(channels_case):
    status = next(x for x in theirs(channels_case) if x["call"] == "gateway.session_call"
                  and x["args"][1] == "channels.status")["result"]["payload"]
    channels = {}
    for channel, accounts in status["channelAccounts"].items():
        account = {k: v for k, v in accounts[0].items() if k not in ("probe", "audit", "lastProbeAt")}
        channels[channel] = dict(account, accounts={account["accountId"]: account})
    payload = {"ok": True, "ts": NOW * 1000, "channels": channels, "channelOrder": status["channelOrder"],
               "channelLabels": status["channelLabels"]}
    return c("gateway.session_call", {"ok": True, "latency_ms": 1.2, "payload": payload},
             args=[None, "health", {}, None])


def their_log_lines(channels_case):
    tail = next(x for x in theirs(channels_case) if x["call"] == "gateway.session_call"
                and x["args"][1] == "logs.tail")
    return tail["result"]["payload"]["lines"]


def triage_scan(texts, matches):
    # triage's own log.scan (its opts carry lines = the number of texts; the channels runbook passes none)
    scan = dict(log_scan(matches, path="lines"), lines_scanned=texts)
    return c("log.scan", scan, args=[None, None, {"lines": texts}])


def channel_params(channels_case, **extra):
    with open(os.path.join(TESTS, channels_case + ".json")) as f:
        params = json.load(f).get("params") or {}
    return dict(params, **extra)


if theirs("channels-mention-required"):
    delegated("triage-channel-log", "healthy gateway, but its log drops Discord group messages without a mention: "
              "triage reads logs.tail and runs openclaw.channels", "channels-mention-required",
              {"verdict": "problems", "first": "channel.mention-required",
               "steps": {"Look for channel trouble": "fail", "run openclaw.channels": "fail"}},
              before=[health_reply("channels-mention-required")], params=channel_params("channels-mention-required"))
if theirs("channels-not-configured"):
    delegated("triage-channel-state", "healthy gateway whose health reply shows Slack enabled but not configured: "
              "no log read, triage runs openclaw.channels", "channels-not-configured",
              {"verdict": "problems", "first": "channel.not-configured",
               "steps": {"Look for channel trouble": "fail", "run openclaw.channels": "fail"}},
              before=[health_reply("channels-not-configured")], params=channel_params("channels-not-configured"))
if theirs("channels-send-while-disconnected"):
    WA_ERROR = match("send failed: gateway not connected", "channel.send-while-disconnected",
                     "channel.send-while-disconnected", "medium", time=None, line_no=1)
    delegated("triage-channel-last-error", "healthy gateway; a WhatsApp account's lastError is `send failed: "
              "gateway not connected`: triage runs openclaw.channels", "channels-send-while-disconnected",
              {"verdict": "problems", "first": "channel.send-while-disconnected",
               "steps": {"Look for channel trouble": "fail", "run openclaw.channels": "fail"}},
              before=[health_reply("channels-send-while-disconnected"),
                      triage_scan(1 + len(their_log_lines("channels-send-while-disconnected")), [WA_ERROR])],
              params=channel_params("channels-send-while-disconnected"))
if theirs("channels-no-channels"):
    SYMPTOM = "[telegram] send failed: gateway not connected"
    delegated("triage-channel-symptom", "healthy gateway without channels, but the pasted symptom is a channel "
              "delivery failure: openclaw.channels finds nothing now, so triage names the symptom",
              "channels-no-channels",
              {"verdict": "problems", "first": "channel.send-while-disconnected",
               "steps": {"Look for channel trouble": "fail", "run openclaw.channels": "pass"}},
              before=[triage_scan(1, [match(SYMPTOM, "channel.send-while-disconnected",
                                            "channel.send-while-disconnected", "medium", time=None, line_no=1)])],
              params=channel_params("channels-no-channels", symptom=SYMPTOM))

if theirs("channels-not-configured"):
    # Another class ranks first (the config no longer parses), and openclaw.channels still runs for the channel.
    case("triage-config-invalid-with-channel", "the config no longer parses and Slack is not configured: "
         "config.invalid first, openclaw.channels runs too", R,
         triage_calls(config=CFG_INVALID, first_call=health_reply("channels-not-configured")["result"])
         + [c("env.get", None, args=["OPENCLAW_GATEWAY_PORT"]),
            c("fs.read", {"ok": True, "path": CONFIG, "text": CONFIG_TEXT, "truncated": False}),
            c("fs.stat", dict(STAT_STATE, path=CONFIG, type="file", mtime=NOW - 60), args=[CONFIG])]
         + theirs("channels-not-configured"),
         {"verdict": "problems", "first": "config.invalid", "findings": ["channel.not-configured"],
          "steps": {"run openclaw.config": "fail", "run openclaw.channels": "fail"}})
    write("triage-config-invalid-with-channel")

# Channels that are fine: an account that recovered from an error, one nobody switched on; the log is read
# (logs.tail) and holds no channel trouble: verdict healthy, openclaw.channels not run.
TELEGRAM_OK = {"accountId": "default", "enabled": True, "configured": True, "running": True, "connected": True,
               "lastError": "ETIMEDOUT polling getUpdates", "healthState": "healthy", "tokenSource": "config"}
SIGNAL_OFF = {"accountId": "default", "enabled": False, "configured": False, "running": False}
CHANNELS_OK = {"ok": True, "latency_ms": 1.2, "payload": {
    "ok": True, "ts": NOW * 1000, "channelOrder": ["telegram", "signal"],
    "channelLabels": {"telegram": "Telegram", "signal": "Signal"},
    "channels": {"telegram": dict(TELEGRAM_OK, accounts={"default": TELEGRAM_OK}),
                 "signal": dict(SIGNAL_OFF, accounts={"default": SIGNAL_OFF})}}}
QUIET_LOG = ['{"0":"{\\"subsystem\\":\\"gateway/channels/telegram\\"}","1":"[default] starting provider (@lab_bot)",'
             '"time":"2026-11-22T19:02:25.000+00:00","message":"[default] starting provider (@lab_bot)"}']
case("triage-channels-quiet", "a healthy gateway with channels: an error the account recovered from and a "
     "disabled channel are no trouble, and the log holds none: verdict healthy", "openclaw.triage",
     triage_calls(first_call=CHANNELS_OK)
     + [c("gateway.session_call", {"ok": True, "latency_ms": 2.0, "payload": {"lines": QUIET_LOG}},
          args=[1, "logs.tail", {"limit": 300}, None]),
        c("time.now", NOW), triage_scan(2, [])],
     {"verdict": "healthy", "steps": {"Look for channel trouble": "pass", "Classify the symptom": "pass"}})
write("triage-channels-quiet")

# The handshake stalls after the upgrade (no challenge within the deadline): triage names it at once instead
# of running openclaw.false-green, whose own probe would wait out the same silence.
case("triage-handshake-stalled", "the WebSocket opens, then no challenge arrives: ws.handshake-timeout in one "
     "connect timeout, no slower runbook", "openclaw.triage",
     triage_calls(connect={"ok": False, "phase": "challenge", "error": "timeout",
                           "message": "challenge did not finish before the deadline", "url": "ws://127.0.0.1:18789/"}),
     {"verdict": "problems", "first": "ws.handshake-timeout", "steps": {"Classify the symptom": "fail"}})
write("triage-handshake-stalled")

# ws:// to a gateway that serves TLS (gateway.tls.enabled): the port's owner is not a gateway process triage can
# see, but the connect error says what it is: the scheme, not a port conflict.
case("triage-scheme-mismatch", "ws:// to a port that speaks TLS: proxy.scheme-mismatch, not a port conflict",
     "openclaw.triage",
     triage_calls(health=dict(HEALTH_DOWN, error="bad_http_response", message="the port speaks TLS"),
                  connect={"ok": False, "phase": "upgrade", "error": "plain_on_tls_port",
                           "message": "the port speaks TLS: use wss://", "url": "ws://127.0.0.1:18789/"},
                  listeners=[listener(pid=5151, comm="node")], processes=[]),
     {"verdict": "problems", "first": "proxy.scheme-mismatch", "absent": ["gateway.port-conflict"]})
write("triage-scheme-mismatch")

# https:// on loopback: the gateway's own self-signed certificate is accepted (insecure) for /healthz and the
# handshake.
TLS_CALLS = triage_calls(config=cfg(extra_raw={"tls": {"enabled": True}}))
for entry in TLS_CALLS:
    if entry["call"] == "gateway.health":
        entry["args"] = ["https://127.0.0.1:18789", {"insecure": True}]
    if entry["call"] == "gateway.connect":
        entry["args"] = ["wss://127.0.0.1:18789", {"insecure": True}]
        entry["result"] = dict(entry["result"], url="wss://127.0.0.1:18789/")
case("triage-healthy-tls", "a loopback gateway with TLS: its self-signed certificate is accepted, verdict healthy",
     "openclaw.triage", TLS_CALLS, {"verdict": "healthy", "steps": {"Run the cheap checks at once": "pass"}},
     params={"target": "https://127.0.0.1:18789"})
write("triage-healthy-tls")
print(len(CASES), "cases in total")
