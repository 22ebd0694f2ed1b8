#!/usr/bin/env bash
# The Ansible role (integrations/ansible/roles/clawbook) on a fleet of three inventory hosts, all local:
# three simulated gateways (`clawbook lab`: healthy, missing-scope, closed-1000-after-hello), one host each with
# its own target and token; ansible-playbook runs openclaw.triage on every host and fetches the JSON reports;
# `clawbook report merge` must then name each host's verdict and top finding, and count the shared findings.
#
#   bash tests/integrations/ansible_test.sh build/clawbook                      # run the binary in place
#   bash tests/integrations/ansible_test.sh build/clawbook build/clawbook_*.deb # install the .deb (as root)
#
# Needs ansible-core (apt-get install -y --no-install-recommends ansible-core) and python3.
# Exit 0 pass, 1 fail (one line saying why), 77 skipped (no ansible-playbook; a .deb but not root).
set -euo pipefail

fail() {
  echo "FAIL: ansible_test: $*" >&2
  exit 1
}
skip() {
  echo "SKIP: ansible_test: $*" >&2
  exit 77
}

[[ $# -ge 1 && $# -le 2 ]] || {
  echo "usage: $0 CLAWBOOK_BINARY [CLAWBOOK_DEB]" >&2
  exit 2
}
command -v ansible-playbook >/dev/null 2>&1 || skip "ansible-playbook not found (apt-get install -y ansible-core)"
command -v python3 >/dev/null 2>&1 || fail "python3 not found"

binary=$(realpath -e "$1") || fail "no clawbook binary at $1"
[[ -x $binary ]] || fail "$binary is not executable"
deb=""
if [[ $# -eq 2 ]]; then
  deb=$(realpath -e "$2") || fail "no package at $2"
  [[ $EUID -eq 0 ]] || skip "installing $deb needs root"
  # Installing for real changes this machine: only where no clawbook package was installed before, and it is
  # removed again on exit.
  if dpkg-query -W -f='${Status}' clawbook 2>/dev/null | grep -q "install ok installed"; then
    skip "a clawbook package is already installed here; not touching it"
  fi
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
roles=$(realpath -e "$here/../../integrations/ansible/roles")
[[ -f $roles/clawbook/tasks/main.yml ]] || fail "no role at $roles/clawbook"

work=$(mktemp -d "${TMPDIR:-/tmp}/clawbook-ansible.XXXXXX")
lab_pids=()
cleanup() {
  local status=$?
  local pid
  for pid in "${lab_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ -z $deb ]] || dpkg -r clawbook >/dev/null 2>&1 || true
  if [[ $status -eq 0 ]]; then
    rm -rf "$work"
  else
    echo "ansible_test: kept $work (ansible.log, labs, reports)" >&2
  fi
}
trap cleanup EXIT

# --- three simulated gateways, each with its own token --------------------------------------------------------
hosts=(host-a host-b host-c)
declare -A scenario=([host-a]=healthy [host-b]=missing-scope [host-c]=closed-1000-after-hello)
declare -A token=([host-a]=ansible-token-a-7f3c [host-b]=ansible-token-b-91d2 [host-c]=ansible-token-c-44e8)
declare -A target=()
for host in "${hosts[@]}"; do
  log="$work/lab-$host.log"
  "$binary" lab --scenario "${scenario[$host]}" --port 0 --token "${token[$host]}" >"$log" 2>&1 &
  pid=$!
  lab_pids+=("$pid")
  # The first line names the URL: "clawbook lab: scenario=X url=ws://127.0.0.1:PORT ..."
  url=""
  for _ in $(seq 100); do
    url=$(grep -o 'url=ws://[^ ]*' "$log" 2>/dev/null | head -n 1 || true)
    [[ -n $url ]] && break
    kill -0 "$pid" 2>/dev/null || fail "lab ${scenario[$host]} exited: $(head -c 300 "$log")"
    sleep 0.1
  done
  [[ -n $url ]] || fail "lab ${scenario[$host]} printed no url within 10 s"
  # As lab_triage_test does: http://host:port, the way a user names the gateway.
  target[$host]="http://${url#url=ws://}"
done

# --- inventory, playbook and variables --------------------------------------------------------------------------
inventory="$work/inventory.ini"
{
  echo "[gateways]"
  for host in "${hosts[@]}"; do
    printf "%s ansible_connection=local clawbook_params='{\"target\": \"%s\", \"token\": \"%s\"}'\n" \
      "$host" "${target[$host]}" "${token[$host]}"
  done
} >"$inventory"

cat >"$work/playbook.yml" <<'EOF'
---
- name: clawbook on every host
  hosts: gateways
  gather_facts: false
  roles:
    - role: clawbook
  post_tasks:
    - name: Keep the exit code the role recorded, for the test
      ansible.builtin.copy:
        content: "{{ clawbook_exit_code }}\n"
        dest: "{{ test_work }}/exit-{{ inventory_hostname }}"
        mode: "0644"
EOF

# Extra vars as JSON so paths need no quoting. Like lab_triage_test: no token from the environment, no local
# OpenClaw state, so each run sees only its own gateway.
python3 - "$work/vars.json" "$work" "$binary" "$deb" <<'EOF'
import json, sys
path, work, binary, deb = sys.argv[1:5]
variables = {
    "test_work": work,
    "ansible_python_interpreter": "/usr/bin/python3",
    "clawbook_report_dir": work + "/reports",
    "clawbook_runbook": "openclaw.triage",
    "clawbook_fail_on": "medium",
    "clawbook_timeout": 60,
    "clawbook_environment": {"OPENCLAW_GATEWAY_TOKEN": "", "OPENCLAW_STATE_DIR": "/nonexistent/clawbook-ansible-state"},
}
if deb:
    variables.update(clawbook_install=True, clawbook_deb=deb)
else:
    variables.update(clawbook_install=False, clawbook_binary=binary)
with open(path, "w") as out:
    json.dump(variables, out)
EOF

# --- ansible-playbook, isolated from any user or system config ------------------------------------------------
mkdir -p "$work/home" "$work/ansible-local" "$work/ansible-remote" "$work/collections"
: >"$work/ansible.cfg"
export HOME="$work/home"
export ANSIBLE_CONFIG="$work/ansible.cfg"
export ANSIBLE_LOCAL_TEMP="$work/ansible-local"
export ANSIBLE_REMOTE_TEMP="$work/ansible-remote"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
export ANSIBLE_ROLES_PATH="$roles"
export ANSIBLE_HOST_KEY_CHECKING=False
export ANSIBLE_RETRY_FILES_ENABLED=False
export ANSIBLE_NOCOLOR=1
export ANSIBLE_STDOUT_CALLBACK=default
export ANSIBLE_GATHERING=explicit
export ANSIBLE_FORKS=3
# The three hosts are one machine with one dpkg, and `apt deb=` runs dpkg -i without waiting for dpkg's lock:
# installing, they take turns (real hosts each have their own dpkg).
[[ -z $deb ]] || export ANSIBLE_FORKS=1

# The shipped example must at least parse, with its inventory.
example=$(dirname "$roles")
ansible-playbook --syntax-check -i "$example/inventory.example.ini" "$example/site.yml" >"$work/syntax.log" 2>&1 ||
  fail "integrations/ansible/site.yml: $(grep -m 1 ERROR "$work/syntax.log" || tail -n 1 "$work/syntax.log")"

status=0
ansible-playbook -i "$inventory" -e "@$work/vars.json" -e ansible_python_interpreter=/usr/bin/python3 \
  "$work/playbook.yml" >"$work/ansible.log" 2>&1 || status=$?
if [[ $status -ne 0 ]]; then
  tail -n 30 "$work/ansible.log" >&2
  first=$(grep -m 1 -E '^(fatal|ERROR)' "$work/ansible.log" | cut -c 1-400 || true)
  fail "ansible-playbook exited $status: ${first:-see $work/ansible.log}"
fi
grep -Eq 'host-[abc] +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$work/ansible.log" ||
  fail "no play recap without failures in $work/ansible.log"
for host in "${hosts[@]}"; do
  if grep -qF -- "${token[$host]}" "$work/ansible.log"; then
    fail "the token of $host appears in the ansible-playbook output (the run task must be no_log)"
  fi
done

# --- what the role fetched and recorded ---------------------------------------------------------------------------
for host in "${hosts[@]}"; do
  [[ -s $work/reports/$host.json ]] || fail "no report fetched for $host ($work/reports/$host.json)"
done
[[ $(find "$work/reports" -type f | wc -l) -eq 3 ]] || fail "expected exactly 3 files in $work/reports"

reason=$(python3 - "$work" "${target[host-a]}" "${target[host-b]}" "${target[host-c]}" \
  "${token[host-a]}" "${token[host-b]}" "${token[host-c]}" 2>&1 <<'EOF'
import json, sys
work = sys.argv[1]
targets = dict(zip(["host-a", "host-b", "host-c"], sys.argv[2:5]))
tokens = dict(zip(["host-a", "host-b", "host-c"], sys.argv[5:8]))
expect = {  # verdict, top finding (tests/runbooks/lab_triage_expectations.json), exit code at --fail-on medium
    "host-a": ("healthy", None, 0),
    "host-b": ("problems", "scope.missing-operator-read", 1),
    "host-c": ("problems", "session.closed-after-hello", 1),
}
for host, (verdict, top, code) in expect.items():
    text = open(f"{work}/reports/{host}.json").read()
    report = json.loads(text)
    got_top = report["findings"][0]["id"] if report.get("findings") else None
    problems = []
    if report.get("verdict") != verdict:
        problems.append(f"verdict {report.get('verdict')!r}, expected {verdict!r}")
    if got_top != top:
        problems.append(f"top finding {got_top!r}, expected {top!r}")
    if report.get("params", {}).get("target") != targets[host]:
        problems.append(f"target {report.get('params', {}).get('target')!r}: not its own gateway {targets[host]}")
    if tokens[host] in text:
        problems.append("its token appears in clear")
    recorded = open(f"{work}/exit-{host}").read().strip()
    if recorded != str(code):
        problems.append(f"recorded exit code {recorded}, expected {code}")
    if problems:
        print(f"{host}: " + "; ".join(problems))
        sys.exit(1)
EOF
) || fail "fetched report of $reason"

# --- clawbook report merge over the fetched reports ---------------------------------------------------------------
reports=("$work/reports/host-a.json" "$work/reports/host-b.json" "$work/reports/host-c.json")
status=0
"$binary" report merge --format json "${reports[@]}" >"$work/merged.json" 2>"$work/merge.err" || status=$?
[[ $status -eq 1 ]] || fail "report merge --format json exited $status, expected 1 (two hosts have problems): $(head -c 300 "$work/merge.err")"

reason=$(python3 - "$work" 2>&1 <<'EOF'
import collections, json, sys
work = sys.argv[1]
merged = json.load(open(f"{work}/merged.json"))

def check(ok, message):
    if not ok:
        print(message)
        sys.exit(1)

check(merged.get("reports") == 3, f"reports = {merged.get('reports')!r}, expected 3")
check(merged.get("verdicts") == {"healthy": 1, "problems": 2, "error": 0},
      f"verdicts = {merged.get('verdicts')!r}, expected 1 healthy, 2 problems, 0 error")

# Every inventory host is local, so the reports share one machine name: merge names them by file (HOST.json).
rows = {row.get("host"): row for row in merged.get("hosts", [])}
check(sorted(rows) == ["host-a", "host-b", "host-c"], f"hosts = {sorted(rows)!r}, expected host-a, host-b, host-c")
expect = {
    "host-a": ("healthy", None, None),
    "host-b": ("problems", "scope.missing-operator-read", "medium"),
    "host-c": ("problems", "session.closed-after-hello", "high"),
}
for host, (verdict, top, severity) in expect.items():
    row = rows[host]
    check(row.get("verdict") == verdict, f"{host}: verdict {row.get('verdict')!r}, expected {verdict!r}")
    check(row.get("runbook") == "openclaw.triage", f"{host}: runbook {row.get('runbook')!r}")
    check(bool(row.get("runbook_version")), f"{host}: no runbook_version")
    check("clawbook" in (row.get("versions") or {}), f"{host}: versions name no clawbook version: {row.get('versions')!r}")
    got = row.get("top_finding")
    if top is None:
        check(got is None, f"{host}: top finding {got!r}, expected none")
    else:
        check(isinstance(got, dict) and got.get("id") == top and got.get("severity") == severity,
              f"{host}: top finding {got!r}, expected {top} ({severity})")

# Per-finding counts: what each fetched report raised, each host counted once per finding.
expected = collections.defaultdict(set)
for host in expect:
    for finding in json.load(open(f"{work}/reports/{host}.json")).get("findings", []):
        expected[finding["id"]].add(host)
shared = [fid for fid, hosts in expected.items() if hosts == {"host-b", "host-c"}]
check(shared, "host-b and host-c share no finding any more: pick scenarios that do, or the counts test nothing")
counts = {row.get("id"): row for row in merged.get("findings", [])}
check(sorted(counts) == sorted(expected), f"finding ids {sorted(counts)!r}, expected {sorted(expected)!r}")
for fid, hosts in expected.items():
    row = counts[fid]
    check(row.get("count") == len(hosts), f"{fid}: count {row.get('count')!r}, expected {len(hosts)}")
    check(sorted(row.get("hosts", [])) == sorted(hosts), f"{fid}: hosts {row.get('hosts')!r}, expected {sorted(hosts)!r}")
EOF
) || fail "report merge --format json: $reason"

status=0
"$binary" report merge "${reports[@]}" >"$work/merged.md" 2>"$work/merge.err" || status=$?
[[ $status -eq 1 ]] || fail "report merge (markdown) exited $status, expected 1: $(head -c 300 "$work/merge.err")"
for name in host-a host-b host-c scope.missing-operator-read session.closed-after-hello; do
  grep -qF -- "$name" "$work/merged.md" || fail "the markdown merge does not name $name"
done

echo "ok: ansible role ran openclaw.triage on 3 hosts, fetched 3 reports, report merge names each host"
