/**
 * `npx tsx scripts/bench-paths.ts`: opens every implementation over every benchmark connection path
 * (src/bench/paths) on a scratch database and prints what works, with one quick timing per pair.
 * Exit 0: every supported pair that could run works; 1: some pair failed; 2: the check could not run.
 */
import { parseArgs } from "node:util";
import { PATHS, parsePathName } from "../src/bench/paths/index.ts";
import { checkPaths, type PathCheckResult, renderPathCheck } from "../src/bench/paths/check.ts";
import { parseImplementations, parseList } from "../src/cli/args.ts";
import { runCommand } from "../src/cli/command.ts";
import { withCommandServer, withScratchDatabase } from "../src/cli/server.ts";
import { applyMigrationsPlain } from "../src/migrate/apply-sql.ts";
import { IMPLEMENTATIONS } from "../src/repositories/index.ts";

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
  const paths = parseList(values.paths)?.map(parsePathName) ?? [...PATHS];
  if (paths.length === 0) throw new Error("--paths: an empty list was given");
  const impls = parseImplementations(values.impls) ?? [...IMPLEMENTATIONS];
  const rttMs = parseNumber("rtt", values.rtt, 0, 0);
  const samples = Math.floor(parseNumber("samples", values.samples, 20, 1));

  return withCommandServer(process.env.DATABASE_URL, async (server) => {
    console.error(
      `bench-paths: scratch database on ${server.kind === "embedded" ? "a throwaway embedded PostgreSQL" : server.description}`,
    );
    return withScratchDatabase(
      server.url,
      { prefix: "orm_switch_paths_test", prepare: applyMigrationsPlain },
      async (databaseUrl) => {
        const onResult = (r: PathCheckResult) => console.error(`bench-paths: ${r.path} × ${r.impl}: ${r.status}`);
        const results = await checkPaths({ databaseUrl, paths, impls, rttMs, samples, onResult });
        console.log(
          values.json ? JSON.stringify({ rttMs, samples, results }, null, 2) : renderPathCheck(results, rttMs, samples),
        );
        return results.some((r) => r.status === "failed") ? 1 : 0;
      },
    );
  });
}

await runCommand("bench-paths", main);
