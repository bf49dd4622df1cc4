#!/usr/bin/env bash
# Installs Debian packages unless `binary` is already there: apt-install.sh <binary> <package>...
# Used for what npm cannot provide on these machines (Chromium for the report test, pgbouncer for the
# benchmark's pooled path). Idempotent; waits for apt's lock on a shared machine instead of failing.
set -euo pipefail

binary="$1"
shift

if command -v "$binary" >/dev/null 2>&1 || [ -x "$binary" ]; then
  echo "apt-install: $binary is present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-install: apt-get not found; install $* yourself" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "apt-install: not root and no sudo; run as root: apt-get install -y $*" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
echo "apt-install: installed $*"
