#!/usr/bin/env bash
# The benchmark gate as a team's CI runs it, shared by .ci/run and .github/workflows/bench.yml so
# that the workflow a team copies runs exactly the commands this repository's CI exercises.
# Runs `npm run bench -- --ci` (ratios to sql against bench/baseline.json) and, on GitHub Actions,
# appends report/bench/results.md to the job summary, whether the gate passed or not. The profile
# covers pg, neon-ws, neon-http and pgbouncer: pgbouncer is installed from Debian/Ubuntu packages when
# missing (GitHub's ubuntu runners have sudo); where that fails its path is skipped with a note.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/apt-install.sh /usr/sbin/pgbouncer pgbouncer || echo "ci-bench: pgbouncer not installed: the gate skips its path"

env -u DATABASE_URL npm run bench -- --ci "$@"
status=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f report/bench/results.md ]; then
  cat report/bench/results.md >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"
