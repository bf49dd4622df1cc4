#!/usr/bin/env bash
# `prisma generate` never runs the schema engine, but the CLI insists on finding one and would try to
# download it (impossible offline). Pointing it at any executable satisfies the check; see
# shared/PLATFORM.md. Migrations use the Wasm engine in src/migrate/ instead.
set -euo pipefail
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
exec npx --no-install prisma generate "$@"
