#!/usr/bin/env bash
# Tests the shell completions against a real clawbook binary. completions/clawbook.bash is loaded into a clean
# `bash --norc --noprofile` (with `set -u`) whose PATH resolves `clawbook` to the binary under test; each check
# fills COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT as bash would for a line, calls _clawbook and asserts on
# COMPREPLY. When zsh is installed, completions/_clawbook must also load with compinit in `zsh -f`.
# Prints one line per check; exits 1 at the first failure with what was expected and what came back.
#   bash tests/completion/completion_test.sh build/clawbook
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 CLAWBOOK_BINARY" >&2; exit 64; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=$(realpath -e -- "$1" 2>/dev/null) || { echo "FAIL: no binary at '$1'" >&2; exit 1; }
[[ -x $binary ]] || { echo "FAIL: '$binary' is not executable" >&2; exit 1; }
bash_completion=$root/completions/clawbook.bash
zsh_completion=$root/completions/_clawbook

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/home" "$tmp/cwd/reports" "$tmp/cwd/runbooks"
ln -s "$binary" "$tmp/bin/clawbook"
touch "$tmp/cwd/reports/web-1.json" "$tmp/cwd/reports/notes.txt"

pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s: expected %s, got [%s]\n' "$1" "$2" "$3"
  exit 1
}

# Completes LINE (the cursor at its end) and prints COMPREPLY one per line, then the compopt calls made,
# as "#compopt ARGS". The line is split into words the way bash does: at blanks, and the characters of
# COMP_WORDBREAKS that matter here ('=' and ':') form words of their own.
complete_line() {
  # shellcheck disable=SC2016  # the script is for the inner bash
  env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp/home" LC_ALL=C.UTF-8 \
    bash --norc --noprofile -c '
      set -u
      cd "$3"
      source "$1" || exit 90
      [[ $(complete -p clawbook 2>/dev/null) == "complete -F _clawbook clawbook" ]] || exit 91
      declare -F _clawbook >/dev/null || exit 92
      COMP_LINE=$2
      COMP_POINT=${#COMP_LINE}
      COMP_WORDS=()
      read -r -a blanks <<<"$COMP_LINE"
      for w in "${blanks[@]}"; do
        while [[ -n $w ]]; do
          if [[ $w =~ ^[=:]+ ]] || [[ $w =~ ^[^=:]+ ]]; then
            COMP_WORDS+=("${BASH_REMATCH[0]}")
            w=${w:${#BASH_REMATCH[0]}}
          fi
        done
      done
      [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
      compopt() { opts+=("#compopt $*"); }
      opts=()
      _clawbook clawbook "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
      printf "%s\n" ${COMPREPLY[@]+"${COMPREPLY[@]}"} ${opts[@]+"${opts[@]}"}
    ' completion-test "$bash_completion" "$1" "$tmp/cwd"
}

# check KIND "LINE" WORD...: KIND is "has" (COMPREPLY holds every WORD), "is" (COMPREPLY is exactly the WORDs,
# in any order) or "nospace" (every WORD is offered and completion asked for no trailing space).
check() {
  local kind=$1 line=$2 desc out rc=0 w
  shift 2
  desc="'${line}<TAB>' $kind ${*:-nothing}"
  out=$(complete_line "$line") || rc=$?
  case $rc in
    0) ;;
    90) fail "$desc" "completions/clawbook.bash to load" "sourcing it failed" ;;
    91) fail "$desc" "'complete -F _clawbook clawbook'" "$(complete_line_spec)" ;;
    92) fail "$desc" "a _clawbook function" "none defined" ;;
    *) fail "$desc" "the completion function to return" "exit $rc" ;;
  esac
  local -a reply=() opts=()
  while IFS= read -r w; do
    if [[ $w == "#compopt "* ]]; then opts+=("${w#"#compopt "}"); else reply+=("$w"); fi
  done <<<"$out"
  local got="${reply[*]-}"
  for w in "$@"; do
    [[ " $got " == *" $w "* ]] || fail "$desc" "'$w' among the candidates" "$got"
  done
  case $kind in
    is)
      local sorted_got sorted_want
      sorted_got=$(printf '%s\n' ${reply[@]+"${reply[@]}"} | sort | tr '\n' ' ')
      sorted_want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
      [[ $sorted_got == "$sorted_want" ]] || fail "$desc" "exactly [$*]" "$got"
      ;;
    nospace)
      [[ " ${opts[*]-} " == *" -o nospace "* ]] || fail "$desc" "compopt -o nospace" "compopt calls [${opts[*]-}]"
      ;;
  esac
  pass "$desc"
}

complete_line_spec() {
  # shellcheck disable=SC2016  # the script is for the inner bash
  env -i PATH=/usr/bin:/bin bash --norc --noprofile -c 'source "$1"; complete -p clawbook' _ "$bash_completion" 2>&1
}

bash -n "$bash_completion" || fail "bash -n completions/clawbook.bash" "no syntax error" "bash -n failed"
pass "bash -n completions/clawbook.bash"

# What the brief of issue #10 asks for.
check has "clawbook " run list
check is "clawbook ru" run
check has "clawbook run " openclaw.triage openclaw.preflight
check nospace "clawbook run openclaw.triage -p " profile= symptom=
check has "clawbook run x --format " tap prometheus
check has "clawbook run x --fail-on " high
check is "clawbook report " merge

# The same machinery in the other places it is used.
check is "clawbook sh" show
check is "clawbook show openclaw.tri" openclaw.triage
check is "clawbook run openclaw.triage --param sym" symptom=
check is "clawbook run openclaw.triage --param=sym" symptom=
check is "clawbook run openclaw.triage -p symptom=" # a value: nothing to offer
check is "clawbook run x --format=ju" junit
check is "clawbook run x -f pro" prometheus
check is "clawbook list --format " human json ids
check is "clawbook test --format " human junit json
check is "clawbook report merge --format " markdown json
check is "clawbook run x --fail-on c" critical
check has "clawbook run --" --param --format --fail-on --record --replay --runbook-path
check is "clawbook report merge reports/" reports/web-1.json
check is "clawbook run x --runbook-path run" runbooks
check is "clawbook lab --scenario device-t" device-token-mismatch
check has "clawbook lab --scenario " healthy pairing-required
check is "clawbook lab --scenario-f" --scenario-file
check has "clawbook lab --scenario-file reports/" reports/web-1.json
check is "clawbook fleet -p to" token=

if command -v zsh >/dev/null; then
  zsh -n "$zsh_completion" || fail "zsh -n completions/_clawbook" "no syntax error" "zsh -n failed"
  pass "zsh -n completions/_clawbook"
  # shellcheck disable=SC2016  # the script is for zsh
  out=$(env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp/home" zsh -f -c '
    fpath=("$1" $fpath)
    autoload -Uz compinit && compinit -u -D || exit 3
    [[ ${_comps[clawbook]-} == _clawbook ]] || { print -r -- "compinit bound clawbook to [${_comps[clawbook]-}]"; exit 4; }
    autoload +X _clawbook || exit 5
    (( ${+functions[_clawbook]} )) || { print -r -- "no _clawbook function after autoload"; exit 6; }
  ' zsh-completion-test "$root/completions" 2>&1) || fail "zsh: compinit loads completions/_clawbook" "exit 0" "$out"
  [[ -z $out ]] || fail "zsh: compinit loads completions/_clawbook" "no output" "$out"
  pass "zsh: compinit binds clawbook to _clawbook and the function loads"

  # Real completions in an interactive zsh on a pseudo-terminal: type LINE, TAB, then turn the line into
  # `print -r -- RESULT: LINE` (Ctrl-A, prefix, Enter) and read what it became.
  zsh_lines=("clawbook ru" "clawbook run openclaw.tri" "clawbook run openclaw.triage -p sy"
    "clawbook run x --format prom" "clawbook run x --fail-on cr" "clawbook report m")
  zsh_want=("clawbook run" "clawbook run openclaw.triage" "clawbook run openclaw.triage -p symptom="
    "clawbook run x --format prometheus" "clawbook run x --fail-on critical" "clawbook report merge")
  zsh_script=$(cat <<'ZSH'
zmodload zsh/zpty || exit 3
zpty z zsh -f -i || exit 3
zpty -w z "bindkey -e; PROMPT='> '; fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
typeset typed out
for typed in "${@[2,-1]}"; do
  # R''ESULT so that only the output of print, not the echoed line, reads RESULT.
  zpty -w -n z "$typed"$'\t\C-a'"print -r -- R''ESULT: "$'\r'
  zpty -r z out '*RESULT:*'$'\n'
  out=${out##*RESULT: }
  print -r -- "${out%%$'\r'*}"
done
zpty -d z
ZSH
)
  rc=0
  out=$(cd "$tmp/cwd" && env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp/home" TERM=dumb \
    timeout 30 zsh -f -c "$zsh_script" zsh-completion-test "$root/completions" "${zsh_lines[@]}" 2>&1) || rc=$?
  if ((rc == 3)); then
    echo "skip zsh interactive checks: no zsh/zpty module or no pseudo-terminal ($out)"
  else
    ((rc == 0)) || fail "zsh: interactive completion" "the zsh session to finish" "exit $rc: $out"
    mapfile -t zsh_got <<<"$out"
    for i in "${!zsh_lines[@]}"; do
      desc="zsh: '${zsh_lines[i]}<TAB>' becomes '${zsh_want[i]}'"
      [[ ${zsh_got[i]-} == "${zsh_want[i]}" ]] || fail "$desc" "'${zsh_want[i]}'" "${zsh_got[i]-}"
      pass "$desc"
    done
  fi
else
  echo "skip zsh checks: zsh is not installed"
fi
echo "all completion checks passed"
