#!/usr/bin/env bash
# Static checks of everything under integrations/ (no cluster, no systemd, no CI service needed):
#   - every *.yml / *.yaml parses (all documents; unknown tags such as Ansible's !vault are accepted);
#   - Kubernetes manifests (integrations/kubernetes/): apiVersion, kind and metadata.name in every document; the
#     pod templates name their containers and images, selectors match the template labels, mounts name volumes;
#   - CI files (integrations/ci/): jobs run clawbook, and every JUnit report they publish is a file they write;
#   - Prometheus rules (integrations/prometheus/*.rules.yml): groups of named rules with expressions;
#   - systemd units (*.service, *.timer): only [Section] and Key=Value lines, the sections each kind needs,
#     ExecStart an absolute path, a timer's service beside it, a strict sandbox that may write where -o writes.
#
#   tests/integrations/manifests_test.sh
#
# Exit 0 when all hold, 77 (skip) without python3 and its yaml module (Debian: python3-yaml), 1 with one line per
# problem. Never runs systemctl or systemd-analyze: no systemd manager is started here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/integrations"

command -v python3 >/dev/null || { echo "manifests_test: SKIPPED: no python3" >&2; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "manifests_test: SKIPPED: no python3 yaml module (apt-get install python3-yaml)" >&2; exit 77; }
[ -d "$DIR" ] || { echo "manifests_test: FAIL: no $DIR" >&2; exit 1; }

exec python3 - "$DIR" <<'PY'
import os, re, shlex, sys
import yaml

root = sys.argv[1]
problems = []
checked = {"yaml": 0, "k8s": 0, "units": 0}


def problem(path, why):
    problems.append(f"{os.path.relpath(path, os.path.dirname(root))}: {why}")


class Loader(yaml.SafeLoader):
    """SafeLoader that accepts any local tag (Ansible's !vault, !unsafe) as plain data."""


Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def files(*suffixes):
    for base, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(suffixes):
                yield os.path.join(base, name)


# ---- YAML: every document of every file parses.
documents = {}
for path in files(".yml", ".yaml"):
    try:
        with open(path, encoding="utf-8") as f:
            documents[path] = [d for d in yaml.load_all(f, Loader=Loader) if d is not None]
        checked["yaml"] += 1
    except yaml.YAMLError as e:
        problem(path, "YAML does not parse: " + str(e).replace("\n", " "))
    except UnicodeDecodeError as e:
        problem(path, f"not UTF-8: {e}")


# ---- Kubernetes.
def pod_spec(doc):
    spec = doc.get("spec") or {}
    kind = doc.get("kind")
    if kind in ("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job"):
        return (spec.get("template") or {}).get("spec"), (spec.get("template") or {}).get("metadata") or {}
    if kind == "CronJob":
        template = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}
        return template.get("spec"), template.get("metadata") or {}
    if kind == "Pod":
        return spec, doc.get("metadata") or {}
    return None, {}


k8s_dir = os.path.join(root, "kubernetes")
for path, docs in documents.items():
    if not path.startswith(k8s_dir + os.sep):
        continue
    if not docs:
        problem(path, "no YAML document")
    for n, doc in enumerate(docs, 1):
        where = f"document {n}"
        if not isinstance(doc, dict):
            problem(path, f"{where}: not a mapping")
            continue
        checked["k8s"] += 1
        api, kind = doc.get("apiVersion"), doc.get("kind")
        name = (doc.get("metadata") or {}).get("name") if isinstance(doc.get("metadata"), dict) else None
        for field, value in (("apiVersion", api), ("kind", kind), ("metadata.name", name)):
            if not isinstance(value, str) or not value:
                problem(path, f"{where}: no {field}")
        if isinstance(name, str) and not re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", name):
            problem(path, f"{where}: metadata.name {name!r} is not a DNS name")
        spec, template_meta = pod_spec(doc)
        if kind in ("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "CronJob", "Pod") and not spec:
            problem(path, f"{kind} {name}: no pod template spec")
            continue
        if not spec:
            continue
        containers = spec.get("containers") or []
        if not containers:
            problem(path, f"{kind} {name}: no containers")
        names = set()
        volumes = {v.get("name") for v in spec.get("volumes") or []}
        for c in containers + (spec.get("initContainers") or []):
            if not c.get("name") or not c.get("image"):
                problem(path, f"{kind} {name}: a container without name or image")
            names.add(c.get("name"))
            for m in c.get("volumeMounts") or []:
                if m.get("name") not in volumes:
                    problem(path, f"{kind} {name}: container {c.get('name')} mounts unknown volume {m.get('name')}")
                if not str(m.get("mountPath", "")).startswith("/"):
                    problem(path, f"{kind} {name}: mountPath {m.get('mountPath')!r} is not absolute")
        selector = ((doc.get("spec") or {}).get("selector") or {}).get("matchLabels")
        if kind in ("Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"):
            labels = template_meta.get("labels") or {}
            if not selector or any(labels.get(k) != v for k, v in selector.items()):
                problem(path, f"{kind} {name}: selector.matchLabels does not match the template labels")
        if kind in ("Job", "CronJob"):
            if spec.get("restartPolicy") not in ("Never", "OnFailure"):
                problem(path, f"{kind} {name}: restartPolicy must be Never or OnFailure")
            for rule in ((doc.get("spec") or {}).get("podFailurePolicy") or {}).get("rules") or []:
                target = (rule.get("onExitCodes") or {}).get("containerName")
                if target is not None and target not in names:
                    problem(path, f"{kind} {name}: podFailurePolicy names unknown container {target}")
            if (doc.get("spec") or {}).get("podFailurePolicy") and spec.get("restartPolicy") != "Never":
                problem(path, f"{kind} {name}: podFailurePolicy needs restartPolicy Never")
        for c in containers:
            text = " ".join(str(x) for x in (c.get("command") or []) + (c.get("args") or []))
            for var in re.findall(r"\$\((\w+)\)", text):
                if var not in {e.get("name") for e in c.get("env") or []}:
                    problem(path, f"{kind} {name}: $({var}) in the arguments but no env {var}")
            for e in c.get("env") or []:
                value = str(e.get("value", ""))
                if re.search(r"token|password|secret", e.get("name", ""), re.I) and "value" in e:
                    problem(path, f"{kind} {name}: {e['name']} is a literal value; use valueFrom.secretKeyRef")

# ---- CI: jobs that run clawbook, and JUnit reports that are files the job writes.
ci_dir = os.path.join(root, "ci")
for path, docs in documents.items():
    if not path.startswith(ci_dir + os.sep) or not docs:
        continue
    doc = docs[0]
    text = open(path, encoding="utf-8").read()
    if "clawbook" not in text:
        problem(path, "never runs clawbook")
    if re.search(r"^\s*(set\s+-[a-z]*x|echo\s+.*TOKEN)", text, re.M | re.I):
        problem(path, "traces commands or echoes a token")
    written = set(re.findall(r"(?:-o|--output)\s+(\S+\.xml)|>\s*(\S+\.xml)", text))
    written = {a or b for a, b in written}
    if "jobs" in doc:  # GitHub Actions (PyYAML reads the key `on` as True)
        if True not in doc and "on" not in doc:
            problem(path, "no `on:` trigger")
        for job, spec in doc["jobs"].items():
            if "runs-on" not in spec or not spec.get("steps"):
                problem(path, f"job {job}: needs runs-on and steps")
            for step in spec.get("steps") or []:
                if "uses" in step and "@" not in step["uses"]:
                    problem(path, f"job {job}: action {step['uses']} is not pinned to a version")
                upload = (step.get("with") or {}).get("path")
                if upload and str(upload).endswith(".xml") and str(upload) not in written:
                    problem(path, f"job {job}: uploads {upload}, which no command writes")
    else:  # GitLab CI
        jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
        if not jobs:
            problem(path, "no job with a script")
        for job, spec in jobs.items():
            junit = ((spec.get("artifacts") or {}).get("reports") or {}).get("junit")
            for report in [junit] if isinstance(junit, str) else junit or []:
                if report not in written:
                    problem(path, f"job {job}: reports {report}, which no command writes")
                if (spec.get("artifacts") or {}).get("when") != "always":
                    problem(path, f"job {job}: artifacts.when must be always, or failures lose their report")

# ---- Prometheus rules.
for path, docs in documents.items():
    if not path.endswith((".rules.yml", ".rules.yaml")):
        continue
    groups = (docs[0] if docs else {}).get("groups") or []
    if not groups:
        problem(path, "no rule groups")
    for g in groups:
        for rule in g.get("rules") or []:
            if not (rule.get("alert") or rule.get("record")) or not rule.get("expr"):
                problem(path, f"group {g.get('name')}: a rule without a name or expr")
            if rule.get("alert") and not (rule.get("labels") or {}).get("severity"):
                problem(path, f"alert {rule.get('alert')}: no severity label")

# ---- systemd units: a text check, as systemd's own parser is not run here.
REQUIRED = {".service": ["Unit", "Service"], ".timer": ["Unit", "Timer", "Install"], ".socket": ["Unit", "Socket"]}
for path in files(".service", ".timer", ".socket"):
    checked["units"] += 1
    suffix = os.path.splitext(path)[1]
    sections, section = {}, None
    lines = open(path, encoding="utf-8").read().split("\n")
    joined, carry = [], ""
    for number, line in enumerate(lines, 1):
        if carry:
            line = carry + line
        if line.endswith("\\"):
            carry = line[:-1] + " "
            continue
        carry = ""
        joined.append((number, line))
    for number, line in joined:
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        m = re.fullmatch(r"\[([A-Za-z-]+)\]", stripped)
        if m:
            section = m.group(1)
            if section in sections:
                problem(path, f"line {number}: section [{section}] twice")
            sections[section] = {}
            continue
        m = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)=(.*)", stripped)
        if not m:
            problem(path, f"line {number}: neither [Section] nor Key=Value: {stripped}")
            continue
        if section is None:
            problem(path, f"line {number}: {m.group(1)}= before any section")
            continue
        sections[section].setdefault(m.group(1), []).append(m.group(2).strip())
    for required in REQUIRED[suffix]:
        if required not in sections:
            problem(path, f"no [{required}] section")
    service = sections.get("Service", {})
    if suffix == ".service":
        starts = service.get("ExecStart", [])
        if not starts:
            problem(path, "no ExecStart=")
        for start in starts:
            command = start.lstrip("-@:+!|")
            argv = shlex.split(command) if command else []
            if not argv or not argv[0].startswith("/"):
                problem(path, f"ExecStart is not an absolute path: {start}")
                continue
            if os.path.basename(argv[0]) == "clawbook" and "run" in argv:
                if "1" not in " ".join(service.get("SuccessExitStatus", [])).split():
                    problem(path, "clawbook run exits 1 for findings: SuccessExitStatus= must list 1")
                if "-o" in argv or "--output" in argv:
                    out = argv[(argv.index("-o") if "-o" in argv else argv.index("--output")) + 1]
                    if service.get("ProtectSystem", [""])[-1] in ("strict", "full", "yes"):
                        writable = " ".join(service.get("ReadWritePaths", [])).split()
                        if not any(out.startswith(w.rstrip("/") + "/") for w in writable):
                            problem(path, f"ProtectSystem= hides {out}: its directory is not in ReadWritePaths=")
        if service.get("Type", ["simple"])[-1] == "oneshot" and "Restart" in service and \
                service["Restart"][-1] not in ("no", "on-failure"):
            problem(path, "a oneshot service cannot Restart=" + service["Restart"][-1])
    if suffix == ".timer":
        timer = sections.get("Timer", {})
        if not any(k.startswith("On") for k in timer):
            problem(path, "no On...= trigger in [Timer]")
        unit = timer.get("Unit", [os.path.basename(path)[: -len(".timer")] + ".service"])[-1]
        if not os.path.exists(os.path.join(os.path.dirname(path), unit)):
            problem(path, f"the timer starts {unit}, which is not beside it")
        if not sections.get("Install", {}).get("WantedBy"):
            problem(path, "[Install] has no WantedBy=")

# At least the shipped Job and DaemonSet and the service + timer pair: finding fewer means the files moved and
# this test would pass on nothing.
for kind, least in (("yaml", 1), ("k8s", 2), ("units", 2)):
    if checked[kind] < least:
        problems.append(f"only {checked[kind]} {kind} files checked under {root}, expected at least {least}")
if problems:
    for p in problems:
        print("manifests_test: FAIL: " + p, file=sys.stderr)
    sys.exit(1)
print(f"manifests_test: PASS ({checked['yaml']} YAML files, {checked['k8s']} Kubernetes objects, "
      f"{checked['units']} systemd units)")
PY
