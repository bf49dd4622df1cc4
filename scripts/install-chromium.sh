#!/usr/bin/env bash
# Installs the browser the report test (test/integration/report-browser.test.ts) drives: Debian's
# `chromium` package at /usr/bin/chromium. npm's playwright-core only drives a browser; it cannot
# download one on these machines.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" /usr/bin/chromium chromium fonts-dejavu-core
