#!/usr/bin/env bash
# Runs on `npm install`: everything a fresh machine needs beyond node_modules, so that the README's
# two commands (`npm install && npm test`, `npm install && npm run evaluate`) are all the set-up.
set -uo pipefail
cd "$(dirname "$0")/.."

# Installed as a dependency (a team's `npm install orm-switch`, when their npm runs our scripts):
# the packed package already holds its generated client, and a team's install must not try apt.
case "$PWD" in */node_modules/*) exit 0 ;; esac

# 1. The Prisma client (offline; see scripts/prisma-generate.sh). Failure here is fatal.
bash scripts/prisma-generate.sh || exit 1

# 2. Chromium for the report's browser test. Best effort: installing needs root and Debian's
#    registry; when it cannot, the browser test fails later with the command to run.
if ! bash scripts/install-chromium.sh; then
  echo "postinstall: Chromium was not installed; run 'bash scripts/install-chromium.sh' as root before npm test" >&2
fi

# 3. pgbouncer for the benchmark's pooled path (transaction pooling, as Neon's pooled URLs run).
#    Best effort: without it the benchmark skips that path and says why.
if ! bash scripts/apt-install.sh /usr/sbin/pgbouncer pgbouncer; then
  echo "postinstall: pgbouncer was not installed; npm run bench will skip the pooled path" >&2
fi
exit 0
