#!/usr/bin/env bash
# Installs the Debian packages clawbook builds and tests with. Idempotent: only missing packages are installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  ccache  # the compiler cache of `make dev`, kept outside the clone (~/.cache/ccache)
  liblua5.4-dev libre2-dev libboost1.81-dev libssl-dev nlohmann-json3-dev catch2 libcli11-dev zlib1g-dev
  libvalijson-dev  # JSON Schema validation (json.validate, openclaw.validate_config); header-only
  json-schema-test-suite  # its draft-07 cases are test data of tests/bindings/json/schema_test.cpp
  libyaml-cpp-dev  # fs.yaml (Traefik, cloudflared and Kubernetes configs)
  libtomlplusplus-dev  # fs.toml (Traefik file-provider configs)
  lua-check  # the Lua lint in the test command (StyLua comes from npm)
  clang-format  # the C++ format check (scripts/check-format.sh, .clang-format)
  clang lld libclang-rt-14-dev  # the sanitizer build and the libFuzzer targets
  help2man dpkg-dev file  # the man page; the .deb (cpack runs dpkg-shlibdeps)
  bash-completion zsh  # the completion scripts' test loads them in both shells
  ansible-core python3-yaml  # the Ansible role's test; the YAML manifests' test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Commands the test peers' installers need, installed from Debian only when no other package provides them
# (a NodeSource nodejs ships its own npm and conflicts with Debian's).
for command_and_package in npm:npm curl:curl; do
  command -v "${command_and_package%%:*}" >/dev/null || missing+=("${command_and_package#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
