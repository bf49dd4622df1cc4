/**
 * `npm run bench -- --load`: the load run's flags (parsed from src/bench/cli.ts's arguments), the
 * run on a migrated and seeded scratch database, load.json / load.md and the printed targets.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImplementationName } from "../../repositories/index.ts";
import { benchOperations } from "../operations.ts";
import type { PathName } from "../paths/index.ts";
import type { Slowdown } from "../slowdown.ts";
import { checkLoadTargets } from "./analysis.ts";
import { renderLoadMarkdown } from "./markdown.ts";
import { LOAD_DEFAULTS, runLoad } from "./run.ts";

export const LOAD_HELP = `Load (--load): a closed loop of N concurrent workers per implementation on each path, one
operation, no injected latency; writes report/bench/load.json and load.md (not results.json).
  --load               run the throughput benchmark instead of the latency one
  --op NAME            the operation (default ${LOAD_DEFAULTS.operation}; see --list)
  --concurrency 1,8    workers per implementation (default ${LOAD_DEFAULTS.concurrencies.join(",")})
  --duration S         seconds per cell per round (default ${LOAD_DEFAULTS.durationMs / 1000})
  --rounds N           rounds, implementations alternating within each (default ${LOAD_DEFAULTS.rounds})
  --pool N             most connections per implementation's pool (default ${LOAD_DEFAULTS.poolSize})
  --paths, --impls     as above (default paths: ${LOAD_DEFAULTS.paths.join(",")})
  Targets printed: drizzle ≥ 0.9× sql req/s and prisma-on-drizzle ≥ 0.9× drizzle, every concurrency.
  Full default run: about paths × implementations × concurrencies × rounds × duration (≈ 5 min).`;

/** The load run's settings from the command line. */
export interface LoadCliOptions {
  operation: string;
  concurrencies: number[];
  durationMs: number;
  rounds: number;
  poolSize: number;
}

const MAX_CONCURRENCY = 1024;
const MAX_DURATION_S = 120;

function integerIn(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${flag} must be an integer from 1 to ${max}, got "${value}"`);
  return n;
}

/** Parses the load flags; throws a one-line error on bad input. */
export function parseLoadFlags(values: {
  op?: string;
  concurrency?: string;
  duration?: string;
  rounds?: string;
  pool?: string;
}): LoadCliOptions {
  const operation = values.op ?? LOAD_DEFAULTS.operation;
  if (!benchOperations().some((o) => o.name === operation))
    throw new Error(`unknown operation "${operation}"; see npm run bench -- --list`);
  const concurrencies =
    values.concurrency === undefined
      ? LOAD_DEFAULTS.concurrencies
      : values.concurrency.split(",").map((v) => integerIn(v.trim(), "--concurrency", MAX_CONCURRENCY));
  const seconds = values.duration === undefined ? LOAD_DEFAULTS.durationMs / 1000 : Number(values.duration);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_DURATION_S)
    throw new Error(`--duration must be seconds in (0, ${MAX_DURATION_S}], got "${values.duration}"`);
  return {
    operation,
    concurrencies,
    durationMs: Math.round(seconds * 1000),
    rounds: values.rounds === undefined ? LOAD_DEFAULTS.rounds : integerIn(values.rounds, "--rounds", 100),
    poolSize: values.pool === undefined ? LOAD_DEFAULTS.poolSize : integerIn(values.pool, "--pool", 200),
  };
}

export interface LoadRunRequest {
  databaseUrl: string;
  server: "embedded" | "DATABASE_URL";
  load: LoadCliOptions;
  implementations?: ImplementationName[];
  /** Paths named on the command line, or undefined for the load defaults. */
  paths?: PathName[];
  seedScale: number;
  slowdown?: Slowdown;
  out: string;
  argv: string[];
  err: (line: string) => void;
}

/** Runs the load benchmark, writes load.json and load.md into `out`, prints the targets; returns 0. */
export async function loadOn(r: LoadRunRequest): Promise<number> {
  const paths = r.paths ?? LOAD_DEFAULTS.paths;
  const implementations = r.implementations?.length ?? 4;
  const planned =
    (paths.length * implementations * r.load.concurrencies.length * r.load.rounds * r.load.durationMs) / 1000;
  r.err(
    `bench --load: ${r.load.operation}, ${paths.join("/")} × concurrency ${r.load.concurrencies.join("/")} × ${r.load.rounds} rounds × ${r.load.durationMs / 1000} s (about ${Math.round(planned)} s measured), pool ${r.load.poolSize}`,
  );
  const results = await runLoad({
    databaseUrl: r.databaseUrl,
    server: r.server,
    ...r.load,
    implementations: r.implementations,
    paths,
    seedScale: r.seedScale,
    slowdown: r.slowdown,
    argv: r.argv,
    log: r.err,
  });
  await mkdir(r.out, { recursive: true });
  await writeFile(join(r.out, "load.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(r.out, "load.md"), renderLoadMarkdown(results));
  r.err(
    `bench --load: wrote ${join(r.out, "load.json")} and load.md (${results.cells.length} cells, ${(results.durationMs / 1000).toFixed(0)} s)`,
  );
  for (const k of results.skipped)
    r.err(`bench --load: not measured: ${k.path}${k.implementation ? ` / ${k.implementation}` : ""}: ${k.reason}`);
  for (const t of checkLoadTargets(results.cells, results.captures))
    r.err(
      `target ${t.met === null ? "NO DATA" : t.met ? "met   " : "MISSED"}: ${t.target}\n  ${t.details.join("\n  ")}`,
    );
  return 0;
}
