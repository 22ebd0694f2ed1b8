#!/usr/bin/env python3
"""Result shapes are written once, in the LuaLS annotations (runbooks/types/*.lua); this test holds the recorded
results of every binding to them.

For each function `mod.fn` the annotations declare (its first `---@return TYPE`), every recorded result of that
call must match TYPE: a class must carry each field it does not mark optional (`---@field name? ...`), with a
value of the field's type; lists, unions, `|nil`, string literals, `table<K, V>` and `{a: T}` are understood.
Results come from the shipped runbooks' test cases (runbooks/*/tests/*.json, "calls") and their recordings
(`clawbook run --record`, runbooks/*/tests/recordings/*.json). Every module with recorded results is reported.

    result_shapes_test.py [SOURCE_DIR [RECORDING...]]      exit 0: all match; 1: mismatches listed
"""
import glob
import json
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
EXTRA = sys.argv[2:]  # recordings made for this test (tests/runbooks/record_all.lua), held strictly
TYPES = os.path.join(ROOT, "runbooks", "types")

PRIMITIVES = {"string", "number", "integer", "boolean", "table", "any", "true", "false", "nil", "unknown"}


def top_level(text):
    """(index, character) of each character of `text` outside brackets, braces, parentheses and quotes."""
    depth, quote = 0, None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "<({[":
            depth += 1
        elif ch in ">)}]":
            depth -= 1
        elif depth == 0:
            yield i, ch


def split_top(text, sep):
    """Splits `text` at `sep` outside brackets, braces, parentheses and quotes."""
    parts, start = [], 0
    for i, ch in top_level(text):
        if ch == sep:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def leading_type(text):
    """The type expression at the start of an annotation's rest (it ends at the first space outside brackets)."""
    for i, ch in top_level(text):
        # "fun(a: T): R" and "{a: T}" hold spaces after ':' or ','; so does "A | B".
        if ch.isspace() and text[i - 1] not in ":,|" and text[i + 1 : i + 2] != "|":
            return text[:i]
    return text


class Annotations:
    def __init__(self):
        self.classes = {}  # name -> {"parents": [...], "fields": {name: (type, optional)}}
        self.aliases = {}  # name -> type
        self.returns = {}  # "mod.fn" -> type
        for path in sorted(glob.glob(os.path.join(TYPES, "*.lua"))):
            self._read(path)

    def _read(self, path):
        current = None
        first_return = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                m = re.match(r"^---@class\s+([\w.]+)\s*(?::\s*(.+))?$", line)
                if m:
                    current = {"parents": [p.strip() for p in (m.group(2) or "").split(",") if p.strip()], "fields": {}}
                    self.classes[m.group(1)] = current
                    continue
                m = re.match(r"^---@field\s+([\w]+)(\??)\s+(.+)$", line)
                if m and current is not None:
                    current["fields"][m.group(1)] = (leading_type(m.group(3)), m.group(2) == "?")
                    continue
                m = re.match(r"^---@alias\s+([\w.]+)\s+(.+)$", line)
                if m:
                    self.aliases[m.group(1)] = leading_type(m.group(2))
                    continue
                m = re.match(r"^---@return\s+(.+)$", line)
                if m:
                    if first_return is None:
                        first_return = leading_type(m.group(1))
                    continue
                if line.startswith("---"):
                    continue
                current = None
                m = re.match(r"^function\s+(\w+)\.(\w+)\s*\(", line)
                if m and first_return is not None:
                    self.returns[m.group(1) + "." + m.group(2)] = first_return
                first_return = None

    def fields(self, name):
        cls = self.classes[name]
        out = {}
        for parent in cls["parents"]:
            if parent in self.classes:
                out.update(self.fields(parent))
        out.update(cls["fields"])
        return out


def is_table(value):
    return isinstance(value, (dict, list))


def as_items(value):
    """Entries of a Lua table recorded as a JSON object, or as a list (an empty table, or a list-like one)."""
    if isinstance(value, dict):
        return value.items()
    return ((str(i + 1), v) for i, v in enumerate(value))


def check(ann, value, type_expr, where, problems, depth=0, strict=True):
    """Appends to `problems` why `value` does not match `type_expr`; returns whether it matched."""
    type_expr = type_expr.strip()
    if depth > 12:
        return True
    alternatives = split_top(type_expr, "|")
    if len(alternatives) > 1:
        for alt in alternatives:
            trial = []
            if check(ann, value, alt, where, trial, depth + 1, strict):
                return True
        # Report the closest alternative: the one of the value's kind with the fewest problems.
        best = None
        for alt in alternatives:
            if (alt == "nil") != (value is None):
                continue
            trial = []
            check(ann, value, alt, where, trial, depth + 1, strict)
            if best is None or len(trial) < len(best):
                best = trial
        problems.extend(best or [f"{where}: {json.dumps(value)[:80]} is none of {type_expr}"])
        return False
    t = type_expr
    if t.endswith("?"):
        return value is None or check(ann, value, t[:-1], where, problems, depth + 1, strict)
    if t.startswith("(") and t.endswith(")"):
        return check(ann, value, t[1:-1], where, problems, depth + 1, strict)
    if t in ("any", "unknown") or t.startswith("fun("):
        return True
    if t == "nil":
        ok = value is None
    elif t == "string":
        ok = isinstance(value, str)
    elif t == "boolean":
        ok = isinstance(value, bool)
    elif t in ("true", "false"):
        ok = value is (t == "true")
    elif t == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif t == "integer":
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    elif t == "table":
        ok = is_table(value)
    elif t[0] in "\"'":
        ok = value == t[1:-1]
    elif t.endswith("[]"):
        if not (isinstance(value, list) or value == {}):
            problems.append(f"{where}: expected a list ({t}), got {json.dumps(value)[:80]}")
            return False
        ok = True
        for i, item in enumerate(value if isinstance(value, list) else []):
            ok = check(ann, item, t[:-2], f"{where}[{i + 1}]", problems, depth + 1, strict) and ok
        return ok
    elif t.startswith("table<") and t.endswith(">"):
        if not is_table(value):
            problems.append(f"{where}: expected {t}, got {json.dumps(value)[:80]}")
            return False
        value_type = split_top(t[len("table<") : -1], ",")[-1]
        ok = True
        for key, item in as_items(value):
            ok = check(ann, item, value_type, f"{where}.{key}", problems, depth + 1, strict) and ok
        return ok
    elif t.startswith("{") and t.endswith("}"):
        fields = {}
        for part in split_top(t[1:-1], ","):
            name, _, field_type = part.partition(":")
            fields[name.strip().rstrip("?")] = (field_type, name.strip().endswith("?"))
        return check_fields(ann, value, t, fields, where, problems, depth, strict)
    elif t in ann.aliases:
        return check(ann, value, ann.aliases[t], where, problems, depth + 1, strict)
    elif t in ann.classes:
        return check_fields(ann, value, t, ann.fields(t), where, problems, depth, strict)
    else:
        return True  # a generic parameter or a type outside the annotations: nothing to hold the value to
    if not ok:
        problems.append(f"{where}: expected {t}, got {json.dumps(value)[:80]}")
    return ok


def check_fields(ann, value, t, fields, where, problems, depth, strict):
    """`value` is a table with `fields` ({name: (type, optional)}) of the class or table type `t`."""
    if not is_table(value):
        problems.append(f"{where}: expected {t} (a table), got {json.dumps(value)[:80]}")
        return False
    ok = True
    record = value if isinstance(value, dict) else {}
    for name, (field_type, optional) in fields.items():
        if record.get(name) is None:
            if not optional and strict:
                problems.append(f"{where}: {t} field '{name}' missing")
                ok = False
            continue
        ok = check(ann, record[name], field_type, f"{where}.{name}", problems, depth + 1, strict) and ok
    return ok


def results_in(path, origin):
    """(where, call name, first result) of every answered call in a test case's "calls" or a recording."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return
    if not isinstance(data, dict) or not isinstance(data.get("calls"), list):
        return
    for i, entry in enumerate(data["calls"]):
        if not isinstance(entry, dict) or "call" not in entry:
            continue
        if "result" in entry:
            yield f"{origin} calls[{i + 1}]", entry["call"], entry["result"]
        elif isinstance(entry.get("results"), list) and entry["results"]:
            yield f"{origin} calls[{i + 1}]", entry["call"], entry["results"][0]


def recorded_results(root, extra):
    """(where, call, result, strict) for the shipped runbooks' cases and recordings and the `extra` recordings.

    Recordings (`clawbook run --record`) are what the bindings really returned: every promised field must be
    there. A case's "calls" are written by hand and may leave out fields its runbook does not read: the fields
    they do give must have the promised types."""
    cases = sorted(glob.glob(os.path.join(root, "runbooks", "**", "tests", "**", "*.json"), recursive=True))
    for path in cases + extra:
        strict = path in extra or os.sep + "recordings" + os.sep in path
        origin = os.path.relpath(path, root) if path in cases else path
        for where, name, value in results_in(path, origin):
            yield where, name, value, strict


def main():
    ann = Annotations()
    if not ann.returns:
        print(f"no annotated functions under {TYPES}")
        return 1
    checked, unannotated, problems = {}, set(), []
    for origin, name, value, strict in recorded_results(ROOT, EXTRA):
        if name not in ann.returns:
            unannotated.add(name)
            continue
        module = name.split(".")[0]
        checked[module] = checked.get(module, 0) + 1
        found = []
        if value is not None or "nil" in split_top(ann.returns[name], "|"):
            check(ann, value, ann.returns[name], name, found, strict=strict)
        elif not ann.returns[name].endswith("?"):
            found.append(f"{name}: nil, but the annotation promises {ann.returns[name]}")
        problems.extend(f"{origin}: {p}" for p in found)
    for name in sorted(unannotated):
        problems.append(f"{name}: recorded, but runbooks/types/ annotates no such function")
    print("result shapes checked: " + ", ".join(f"{m} {n}" for m, n in sorted(checked.items())))
    if problems:
        print(f"{len(problems)} recorded results differ from runbooks/types/:")
        for p in problems:
            print("  " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
