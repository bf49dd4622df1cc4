#!/usr/bin/env bash
# The benchmark gate as a team's CI runs it, shared by .ci/run and .github/workflows/bench.yml so
# that the workflow a team copies runs exactly the commands this repository's CI exercises.
# Runs `npm run bench -- --ci` (ratios to sql against bench/baseline.json) and, on GitHub Actions,
# appends report/bench/results.md to the job summary, whether the gate passed or not.
set -uo pipefail
cd "$(dirname "$0")/.."

env -u DATABASE_URL npm run bench -- --ci "$@"
status=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f report/bench/results.md ]; then
  cat report/bench/results.md >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"
