# shellcheck shell=bash
# Bash completion for clawbook: subcommands, their flags, runbook ids (run, show), the params of the runbook
# already on the line (-p NAME=), formats, severities, capabilities, lab scenarios, files and directories.
# Works with or without the bash-completion package. Installed as share/bash-completion/completions/clawbook;
# to try it from a clone: `source completions/clawbook.bash`.
# Ids, params and scenarios are asked of the clawbook the user typed (the first word), at most once per TAB.
# This file is sourced into interactive shells, so it sets no shell options and defines only _clawbook*.

# Rebuilds the words before the cursor, joining what COMP_WORDBREAKS split at '=' or ':' back into one word
# ("-p name=va", "--format=js", "fs:/etc"). Sets _clawbook_words and _clawbook_cword.
_clawbook_split() {
  local line=${COMP_LINE:0:COMP_POINT} pos=0 i w prev='' spaced
  _clawbook_words=()
  _clawbook_cword=-1
  for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    spaced=0
    while [[ ${line:pos:1} == [[:space:]] ]]; do
      pos=$((pos + 1))
      spaced=1
    done
    if ((i == COMP_CWORD)); then
      w=${line:pos} # the cursor may be inside the word: complete what is before it
    elif [[ ${line:pos:${#w}} != "$w" ]]; then
      # The line does not read as COMP_WORDS says (should not happen): use the words as bash split them.
      _clawbook_words=("${COMP_WORDS[@]:0:COMP_CWORD}" "${COMP_WORDS[COMP_CWORD]-}")
      _clawbook_cword=$COMP_CWORD
      return
    fi
    pos=$((pos + ${#w}))
    if ((i > 0 && !spaced && ${#_clawbook_words[@]} > 0)) && [[ $w == [=:]* || $prev == *[=:] ]]; then
      _clawbook_words[${#_clawbook_words[@]} - 1]+=$w
    else
      _clawbook_words+=("$w")
    fi
    prev=$w
  done
  _clawbook_cword=$((${#_clawbook_words[@]} - 1))
}

# Adds to COMPREPLY every line of stdin that starts with $1 (no shell expansion of the candidates, unlike
# compgen -W: runbook ids come from files on the search path).
_clawbook_match() {
  local c
  while IFS= read -r c; do
    [[ -n $c && $c == "$1"* ]] && COMPREPLY+=("$c")
  done
  return 0
}

# Offers the space-separated words $2 that start with $1.
_clawbook_offer() {
  local -a list
  read -r -a list <<<"$2"
  _clawbook_match "$1" < <(printf '%s\n' "${list[@]}")
}

# The word $1 as the shell will read it (backslashes and quotes removed, no expansion) in _clawbook_dq.
_clawbook_dequote() {
  local w=$1 i c q=''
  _clawbook_dq=''
  for ((i = 0; i < ${#w}; i++)); do
    c=${w:i:1}
    if [[ $q == "'" ]]; then
      if [[ $c == "'" ]]; then q=''; else _clawbook_dq+=$c; fi
    elif [[ $c == "\\" ]] && [[ -z $q || ${w:i+1:1} == [\$\"\`\\] ]]; then
      i=$((i + 1))
      _clawbook_dq+=${w:i:1}
    elif [[ $c == '"' ]]; then
      if [[ $q == '"' ]]; then q=''; else q='"'; fi
    elif [[ $c == "'" && -z $q ]]; then
      q="'"
    else
      _clawbook_dq+=$c
    fi
  done
}

# Files (with an optional glob $2 such as '*.lua') and directories starting with the word $1. Readline quotes
# what it inserts (-o filenames), so the candidates are plain names.
_clawbook_files() {
  local _clawbook_dq
  _clawbook_dequote "$1"
  compopt -o filenames 2>/dev/null
  if [[ -n ${2-} ]]; then
    _clawbook_match "$_clawbook_dq" < <(compgen -f -X "!$2" -- "$_clawbook_dq"; compgen -d -- "$_clawbook_dq")
  else
    _clawbook_match "$_clawbook_dq" < <(compgen -f -- "$_clawbook_dq")
  fi
}

_clawbook_dirs() {
  local _clawbook_dq
  _clawbook_dequote "$1"
  compopt -o filenames 2>/dev/null
  _clawbook_match "$_clawbook_dq" < <(compgen -d -- "$_clawbook_dq")
}

# Readline replaces only the text after the last word-break character in the word, so a candidate must not
# repeat what comes before it ("fs:/etc" completes after the ':').
_clawbook_trim() {
  local cur=$1 pre='' i ch
  for ((i = ${#cur} - 1; i >= 0; i--)); do
    ch=${cur:i:1}
    if [[ $ch == [=:] && ${COMP_WORDBREAKS-} == *"$ch"* ]]; then
      pre=${cur:0:i+1}
      break
    fi
  done
  [[ -n $pre ]] || return 0
  for i in "${!COMPREPLY[@]}"; do
    COMPREPLY[i]=${COMPREPLY[i]#"$pre"}
  done
}

# Flags of a subcommand ($1; "report merge" for the nested one): sets flags (all) and valued (those that take
# a value, so their value is not mistaken for a positional).
_clawbook_flags() {
  local rbp=--runbook-path
  case $1 in
    list) flags="-h --help --format $rbp" valued="--format $rbp" ;;
    show) flags="-h --help --format $rbp" valued="--format $rbp" ;;
    run)
      valued="-p --param -f --format -o --output --fail-on --timeout --max-memory --max-cpu --deny --record --replay"
      valued+=" --audit-log --backup-dir $rbp"
      flags="-h --help -v --verbose --apply -y --yes --allow-destructive $valued"
      ;;
    lint) flags="-h --help $rbp" valued="$rbp" ;;
    suggest) flags="-h --help --format --limit $rbp" valued="--format --limit $rbp" ;;
    test) flags="-h --help -f --format -o --output $rbp" valued="-f --format -o --output $rbp" ;;
    new) flags="-h --help --dir --force" valued="--dir" ;;
    docs) flags="-h --help -o --output $rbp" valued="-o --output $rbp" ;;
    bundle)
      valued="-o --output --runbook -p --param --lines --host-map --timeout $rbp"
      flags="-h --help --mask-hosts $valued"
      ;;
    fleet)
      valued="--targets -p --param --concurrency --timeout -f --format"
      flags="-h --help $valued"
      ;;
    watch)
      valued="--target --duration --on-failure --log -p --param --param-file -f --format -o --output --fail-on"
      valued+=" --record --replay $rbp"
      flags="-h --help -v --verbose --until-failure --param-stdin $valued"
      ;;
    lab)
      valued="--scenario --scenario-file --port --ports --host --protocol --token --ready-after --handshake-timeout-ms"
      valued+=" --latency-ms --period-ms --tick-ms --cert-out"
      flags="-h --help --list $valued"
      ;;
    report) flags="-h --help" valued="" ;;
    "report merge") flags="-h --help -f --format -o --output" valued="-f --format -o --output" ;;
    *) flags="-h --help --version" valued="" ;;
  esac
}

_clawbook() {
  local -a _clawbook_words
  local _clawbook_cword
  COMPREPLY=()
  _clawbook_split
  local -a words=("${_clawbook_words[@]}")
  local cword=$_clawbook_cword
  ((cword >= 1)) || return 0
  local cur=${words[cword]} prev=${words[cword - 1]}

  local bin=${COMP_WORDS[0]}
  [[ $bin == \~/* ]] && bin=$HOME/${bin#\~/}

  # The subcommand (and report's own subcommand), the first positional after it, the --runbook-path dirs.
  local sub='' at=0 i w flags valued id='' skip=0
  local -a rbp=()
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if [[ -z $sub ]]; then
      [[ $w == -* ]] || { sub=$w at=$i; }
      continue
    fi
    if ((skip)); then
      skip=0
      [[ ${words[i - 1]} == --runbook-path ]] && rbp+=(--runbook-path "$w")
      continue
    fi
    _clawbook_flags "$sub"
    case $w in
      --runbook-path=*) rbp+=(--runbook-path "${w#*=}") ;;
      --*=*) ;;
      -*) [[ " $valued " == *" $w "* ]] && skip=1 ;;
      *)
        if [[ $sub == report && $w == merge ]]; then
          sub="report merge" at=$i
        elif [[ -z $id ]]; then
          id=$w
        fi
        ;;
    esac
  done
  # As the command will see them: unquoted, a leading ~/ expanded (and nothing else expanded).
  local _clawbook_dq
  for i in "${!rbp[@]}"; do
    _clawbook_dequote "${rbp[i]}"
    rbp[i]=$_clawbook_dq
    [[ ${rbp[i]} == \~/* ]] && rbp[i]=$HOME/${rbp[i]#\~/}
  done
  _clawbook_dequote "$id"
  id=$_clawbook_dq
  [[ $id == \~/* ]] && id=$HOME/${id#\~/}
  _clawbook_flags "$sub"

  # --flag=value completes the value; a flag in the word before completes its value.
  if [[ $cur == --*=* ]]; then
    prev=${cur%%=*}
    cur=${cur#*=}
  elif ((cword - 1 <= at)) || [[ " $valued " != *" $prev "* ]]; then
    prev=
  fi

  case $prev in
    "") ;;
    -f | --format)
      case $sub in
        run) _clawbook_offer "$cur" "human json junit markdown tap prometheus" ;;
        test) _clawbook_offer "$cur" "human junit json" ;;
        "report merge") _clawbook_offer "$cur" "markdown json" ;;
        list) _clawbook_offer "$cur" "human json ids" ;;
        show) _clawbook_offer "$cur" "human json params" ;;
        watch) _clawbook_offer "$cur" "human json html" ;;
        *) _clawbook_offer "$cur" "human json" ;;
      esac
      ;;
    --fail-on) _clawbook_offer "$cur" "info low medium high critical" ;;
    --deny) _clawbook_offer "$cur" "net proc fs env systemd docker action exec" ;;
    --protocol) _clawbook_offer "$cur" "3 4" ;;
    -o | --output)
      if [[ $sub == docs ]]; then _clawbook_dirs "$cur"; else _clawbook_files "$cur"; fi
      ;;
    --record | --replay | --targets | --cert-out | --audit-log | --host-map | --log | --scenario-file) _clawbook_files "$cur" ;;
    --runbook-path | --dir | --backup-dir) _clawbook_dirs "$cur" ;;
    --scenario)
      command -v "$bin" >/dev/null &&
        _clawbook_match "$cur" < <("$bin" lab --list 2>/dev/null | while read -r w _; do printf '%s\n' "$w"; done)
      ;;
    -p | --param)
      [[ $cur == *=* ]] && return 0 # a value: nothing to offer
      if [[ $sub == fleet ]]; then
        _clawbook_match "$cur" < <(printf '%s=\n' token password)
      elif [[ $sub == run && -n $id ]] && command -v "$bin" >/dev/null; then
        _clawbook_match "$cur" < <("$bin" show "$id" --format params ${rbp[@]+"${rbp[@]}"} 2>/dev/null |
          while IFS= read -r w; do [[ -n $w ]] && printf '%s=\n' "$w"; done)
      fi
      ((${#COMPREPLY[@]})) && compopt -o nospace 2>/dev/null
      ;;
  esac
  if [[ -n $prev ]]; then
    _clawbook_trim "$cur"
    return 0
  fi

  if [[ $cur == -* ]]; then
    _clawbook_offer "$cur" "$flags"
    return 0
  fi
  case $sub in
    "") _clawbook_offer "$cur" "list show run watch lint suggest test new docs bundle fleet lab report" ;;
    run | show)
      if [[ -n $id ]]; then
        _clawbook_offer "$cur" "$flags"
      elif [[ $sub == run && ($cur == */* || $cur == .* || $cur == \~*) ]]; then
        _clawbook_files "$cur" '*.lua' # a runbook given as a file
      elif command -v "$bin" >/dev/null; then
        _clawbook_match "$cur" < <("$bin" list --format ids ${rbp[@]+"${rbp[@]}"} 2>/dev/null)
      fi
      ;;
    lint) _clawbook_files "$cur" '*.lua' ;;
    test) _clawbook_files "$cur" '*.json' ;;
    report) _clawbook_offer "$cur" "merge" ;;
    "report merge") _clawbook_files "$cur" '*.json' ;;
    list | docs | bundle | fleet | lab | watch) _clawbook_offer "$cur" "$flags" ;;
  esac
  _clawbook_trim "$cur"
  return 0
}

complete -F _clawbook clawbook
