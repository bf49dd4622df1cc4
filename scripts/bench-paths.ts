/**
 * `npx tsx scripts/bench-paths.ts`: opens every implementation over every benchmark connection path
 * (src/bench/paths) on a scratch database and prints what works, with one quick timing per pair.
 * Exit 0: every supported pair that could run works; 1: some pair failed; 2: the check could not run.
 */
import { parseArgs } from "node:util";
import { PATHS, parsePathName } from "../src/bench/paths/index.ts";
import { checkPaths, renderPathCheck } from "../src/bench/paths/check.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../src/db/test-database.ts";
import { describeTarget } from "../src/db/urls.ts";
import { applyMigrationsPlain } from "../src/migrate/apply-sql.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../src/repositories/index.ts";

const HELP = `Usage: npx tsx scripts/bench-paths.ts [--paths pg,neon-ws,...] [--impls sql,drizzle,...]
                                     [--rtt MS] [--samples N] [--json]

Opens each implementation (${IMPLEMENTATIONS.join(", ")}) over each connection path
(${PATHS.join(", ")}) the way the benchmark does: the path's local server (WebSocket-to-TCP
proxy, Neon SQL-over-HTTP stand-in, private pgbouncer in transaction mode) behind a user-space
latency proxy. For each pair it prints whether it works, the time to open it, the first read
(including the first connection), the median of --samples warm reads, and whether an interactive
unit of work runs (it cannot over Neon HTTP). A quick check, not the benchmark: no warm-up, no
interleaving, no confidence intervals.

The database: with DATABASE_URL unset, a throwaway embedded PostgreSQL; with it set, a scratch
orm_switch_paths_test_* database created on that server, migrated, and dropped again.

Options:
  --paths    comma-separated paths (default: all)
  --impls    comma-separated implementations (default: all)
  --rtt      simulated round-trip time in ms (default 0)
  --samples  warm reads per pair (default 20)
  --json     print the results as JSON instead of a Markdown table

Exit codes: 0 every pair that can run here works, 1 some pair failed, 2 could not run.`;

function parseList<T extends string>(value: string | undefined, all: readonly T[], parse: (s: string) => T): T[] {
  if (value === undefined) return [...all];
  const items = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new Error("an empty list was given");
  return items.map(parse);
}

function parseImpl(value: string): ImplementationName {
  if ((IMPLEMENTATIONS as readonly string[]).includes(value)) return value as ImplementationName;
  throw new Error(`unknown implementation "${value}"; expected one of ${IMPLEMENTATIONS.join(", ")}`);
}

function parseNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean", short: "h" },
      paths: { type: "string" },
      impls: { type: "string" },
      rtt: { type: "string" },
      samples: { type: "string" },
      json: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const paths = parseList(values.paths, PATHS, parsePathName);
  const impls = parseList(values.impls, IMPLEMENTATIONS, parseImpl);
  const rttMs = parseNumber("rtt", values.rtt, 0, 0);
  const samples = Math.floor(parseNumber("samples", values.samples, 20, 1));

  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const t = describeTarget(serverUrl);
  console.error(`bench-paths: scratch database on ${embedded ? "a throwaway embedded PostgreSQL" : `${t.user}@${t.host}:${t.port}`}`);
  const name = uniqueTestDatabaseName("orm_switch_paths_test");
  try {
    const databaseUrl = await createDatabase(serverUrl, name);
    try {
      await applyMigrationsPlain(databaseUrl);
      const results = await checkPaths({
        databaseUrl,
        paths,
        impls,
        rttMs,
        samples,
        onResult: (r) => console.error(`bench-paths: ${r.path} × ${r.impl}: ${r.status}`),
      });
      console.log(values.json ? JSON.stringify({ rttMs, samples, results }, null, 2) : renderPathCheck(results, rttMs, samples));
      return results.some((r) => r.status === "failed") ? 1 : 0;
    } finally {
      await dropTestDatabase(serverUrl, name);
    }
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench-paths: could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
