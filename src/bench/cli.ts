/**
 * `npm run bench`: argument parsing, the database (a scratch database on the embedded server or on
 * BENCH_DATABASE_URL / DATABASE_URL's server, migrated and seeded, dropped at the end), the
 * progress bar, writing report/bench/, and the CI gate.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseImplementations } from "../cli/args.ts";
import { type CommandServer, openCommandServer, withScratchDatabase } from "../cli/server.ts";
import { describeTarget } from "../db/urls.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";
import { seedDatabase } from "../seed/index.ts";
import {
  type Baseline,
  type GateResult,
  baselineFrom,
  cellOfKey,
  compareWithBaseline,
  confirmRegressions,
  formatGate,
} from "./gate.ts";
import { LOAD_HELP, loadOn, parseLoadFlags, type LoadCliOptions } from "./load/cli.ts";
import { LOAD_DEFAULTS } from "./load/run.ts";
import { renderBenchMarkdown } from "./markdown.ts";
import { benchOperations } from "./operations.ts";
import { parsePathName, PATHS, type PathName } from "./paths/index.ts";
import type { BenchResults } from "./results.ts";
import { JIT_WARMUP_ROUNDS, runBench, type BenchOptions } from "./run.ts";
import { benchTargets } from "./targets.ts";
import { parseSlowdown, SLOWDOWN_ENV, type Slowdown } from "./slowdown.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const BASELINE_PATH = join(ROOT, "bench/baseline.json");
const DEFAULT_OUT = join(ROOT, "report/bench");

const BENCH_HELP = `Usage: npm run bench -- [options]

Measures every repository operation through every implementation (prisma, drizzle, sql,
prisma-on-drizzle) over every connection path at simulated round-trip times, and writes
report/bench/results.json and results.md.

Paths: pg (node-postgres, TCP), postgres-js (TCP), neon-ws (Neon's driver over WebSocket through a
local WebSocket-to-TCP proxy), neon-http (Neon's HTTP driver against a local STAND-IN for Neon's
SQL-over-HTTP endpoint), pgbouncer (transaction pooling; skipped with a note when pgbouncer is not
installed). RTT is injected by a user-space TCP proxy in front of each path.

Database: a scratch database, migrated and seeded, then dropped: on a throwaway embedded PostgreSQL,
or on the server of BENCH_DATABASE_URL (else DATABASE_URL) when set. NEON_DATABASE_URL: a real
Neon database for the neon-ws and neon-http paths (measured at the network's own RTT; it must be
migrated and seeded, and the benchmark writes rows to it).
BENCH_SLOWDOWN=impl:factor (e.g. drizzle:3): stretches every call of one implementation to factor ×
its measured time, to show that the gate (and the load targets) fail on a slower implementation.

Options:
  --ops a,b            operations (default: all; see --list)
  --impls x,y          implementations (default: ${IMPLEMENTATIONS.join(",")})
  --paths p,q          paths (default: ${PATHS.join(",")})
  --rtt 0,5,25,80      round-trip times in ms (default 0,5,25,80)
  --samples N          minimum samples per cell (default 5); --max-samples N (default 40)
  --cell-budget MS     time per cell per RTT beyond the minimum (default 300)
  --jit-warmup N       unrecorded rounds of every cell before the first path's first RTT, so V8
                       has optimized the hot code as in a long-running server (default 25; 0 skips)
  --predict-rtt MS     latency predicted from the fitted line at this RTT (default 40)
  --cold-start N       fresh processes per implementation × path (default 3; 0 skips);
                       each implementation bundled alone: at least 9 (the facade's target)
  --scale N            seed scale (default 1)
  --out DIR            output folder (default report/bench)
  --quick              pg, neon-ws and neon-http at RTT 0 and 25 with fewer samples
  --ci                 the CI gate: pg, neon-ws, neon-http and pgbouncer (where installed) at
                       RTT 0 and 25, compared with bench/baseline.json; exit 1 on a regression
                       (meant for under 3 minutes on a quiet 2-core machine: docs/benchmark-ci.md)
  --write-baseline     write bench/baseline.json from this run (use with --ci)
  --list               list the operations and exit
  -h, --help           this help

${LOAD_HELP}

Exit codes: 0 done (gate passed; --load: finished, targets met or not), 1 gate failed, 2 could not run.`;

export interface BenchCliOptions extends Omit<BenchOptions, "databaseUrl" | "server"> {
  out: string;
  ci: boolean;
  writeBaseline: boolean;
  /** The throughput run's settings with --load, else null. */
  load: LoadCliOptions | null;
  list: boolean;
  help: boolean;
}

const list = (value: string | undefined): string[] | undefined =>
  value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function positiveNumber(value: string | undefined, flag: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new Error(`${flag} must be a ${allowZero ? "non-negative" : "positive"} number, got "${value}"`);
  return n;
}

/** Parses the arguments; throws a readable error on bad input. */
export function parseBenchArgs(argv: string[]): BenchCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      ops: { type: "string" },
      impls: { type: "string" },
      paths: { type: "string" },
      rtt: { type: "string" },
      samples: { type: "string" },
      "max-samples": { type: "string" },
      "cell-budget": { type: "string" },
      "jit-warmup": { type: "string" },
      "predict-rtt": { type: "string" },
      "cold-start": { type: "string" },
      scale: { type: "string" },
      out: { type: "string" },
      quick: { type: "boolean", default: false },
      ci: { type: "boolean", default: false },
      "write-baseline": { type: "boolean", default: false },
      load: { type: "boolean", default: false },
      op: { type: "string" },
      concurrency: { type: "string" },
      duration: { type: "string" },
      rounds: { type: "string" },
      pool: { type: "string" },
      list: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const profile = values.ci ? "ci" : values.quick ? "quick" : "full";
  const defaults = {
    full: { paths: [...PATHS], rtts: [0, 5, 25, 80], minSamples: 5, maxSamples: 40, cellBudgetMs: 300, coldStart: 3 },
    quick: {
      paths: ["pg", "neon-ws", "neon-http"] as PathName[],
      rtts: [0, 25],
      minSamples: 5,
      maxSamples: 20,
      cellBudgetMs: 100,
      coldStart: 2,
    },
    // The serverless paths at a serverless RTT: pgbouncer is skipped with a note where not installed.
    // 5 samples per cell at RTT 25 (the budget buys more only at RTT 0) keep four paths under 3 minutes.
    ci: {
      paths: ["pg", "neon-ws", "neon-http", "pgbouncer"] as PathName[],
      rtts: [0, 25],
      minSamples: 5,
      maxSamples: 20,
      cellBudgetMs: 100,
      coldStart: 0,
    },
  }[profile];
  const implementations = parseImplementations(values.impls);
  const rtts = list(values.rtt)?.map((v) => positiveNumber(v, "--rtt", 0, true));
  const known = benchOperations().map((o) => o.name);
  const operations = list(values.ops);
  for (const op of operations ?? [])
    if (!known.includes(op)) throw new Error(`unknown operation "${op}"; see npm run bench -- --list`);
  if (values.load && (values.ci || values.quick || values["write-baseline"]))
    throw new Error("--load runs alone: not with --ci, --quick or --write-baseline");
  const loadOnly = ["op", "concurrency", "duration", "rounds", "pool"] as const;
  for (const flag of loadOnly)
    if (!values.load && values[flag] !== undefined) throw new Error(`--${flag} needs --load`);
  return {
    operations,
    implementations,
    paths: list(values.paths)?.map(parsePathName) ?? (values.load ? LOAD_DEFAULTS.paths : defaults.paths),
    rtts: rtts ?? defaults.rtts,
    minSamples: positiveNumber(values.samples, "--samples", defaults.minSamples),
    maxSamples: positiveNumber(values["max-samples"], "--max-samples", defaults.maxSamples),
    cellBudgetMs: positiveNumber(values["cell-budget"], "--cell-budget", defaults.cellBudgetMs, true),
    jitWarmup: positiveNumber(values["jit-warmup"], "--jit-warmup", JIT_WARMUP_ROUNDS, true),
    predictRttMs: positiveNumber(values["predict-rtt"], "--predict-rtt", 40, true),
    coldStartSamples: positiveNumber(values["cold-start"], "--cold-start", defaults.coldStart, true),
    seedScale: positiveNumber(values.scale, "--scale", 1),
    profile,
    out: resolve(values.out ?? DEFAULT_OUT),
    ci: values.ci,
    writeBaseline: values["write-baseline"],
    load: values.load ? parseLoadFlags(values) : null,
    list: values.list,
    help: values.help,
  };
}

/** A one-line progress bar: rewritten in place on a terminal, a line every few seconds in a log. */
function progressBar(write: (text: string) => void, tty: boolean) {
  const started = performance.now();
  let lastLine = 0;
  return (e: { done: number; total: number; label: string }) => {
    const fraction = e.total === 0 ? 1 : Math.min(1, e.done / e.total);
    const elapsed = (performance.now() - started) / 1000;
    const eta = fraction > 0.02 ? Math.round((elapsed / fraction) * (1 - fraction)) : null;
    const bar = `[${"#".repeat(Math.round(fraction * 30)).padEnd(30, ".")}] ${(fraction * 100).toFixed(0).padStart(3)}% ${e.label}${eta === null ? "" : `, about ${eta} s left`}`;
    if (tty) write(`\r${bar.padEnd(100)}${fraction >= 1 ? "\n" : ""}`);
    else if (performance.now() - lastLine > 5000 || fraction >= 1) {
      lastLine = performance.now();
      write(`${bar}\n`);
    }
  };
}

/** Runs the command; returns the exit code. */
export async function runBenchCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let options: BenchCliOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    err(`bench: ${(error as Error).message}\n\n${BENCH_HELP}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  if (options.list) {
    for (const op of benchOperations(options.seedScale ?? 1))
      process.stdout.write(`${op.name.padEnd(34)} ${op.kind.padEnd(6)} ${op.description}\n`);
    return 0;
  }

  let slowdown: Slowdown | undefined;
  try {
    slowdown = parseSlowdown(env[SLOWDOWN_ENV]);
  } catch (error) {
    err(`bench: ${(error as Error).message}`);
    return 2;
  }
  if (slowdown)
    err(
      `bench: ${SLOWDOWN_ENV}: every ${slowdown.implementation} call is stretched to ${slowdown.factor}× its time (a deliberate regression)`,
    );

  const external = env.BENCH_DATABASE_URL || env.DATABASE_URL;
  if (!external) err("bench: starting an embedded PostgreSQL (BENCH_DATABASE_URL and DATABASE_URL are unset)");
  let server: CommandServer;
  try {
    server = await openCommandServer(external);
  } catch (error) {
    err(`bench: could not start a database server: ${(error as Error).message}`);
    return 2;
  }
  try {
    return await withScratchDatabase(server.url, { prefix: "orm_switch_bench_tmp" }, (databaseUrl) =>
      benchOn(databaseUrl, server.kind, { ...options, slowdown }, argv, env, err),
    );
  } catch (error) {
    err(`bench: failed: ${(error as Error).stack ?? String(error)}`);
    return 2;
  } finally {
    await server.stop();
  }
}

/** Migrates and seeds the scratch database, runs the benchmark on it, writes the results, applies the gate. */
async function benchOn(
  databaseUrl: string,
  server: CommandServer["kind"],
  options: BenchCliOptions,
  argv: string[],
  env: NodeJS.ProcessEnv,
  err: (line: string) => void,
): Promise<number> {
  const t = describeTarget(databaseUrl);
  err(
    `bench: scratch database ${t.database} on ${t.host}:${t.port}; migrating and seeding (scale ${options.seedScale})`,
  );
  await applyMigrationsPlain(databaseUrl);
  await seedDatabase(databaseUrl, { scale: options.seedScale ?? 1, demo: false });
  if (options.load) {
    return await loadOn({
      databaseUrl,
      server,
      load: options.load,
      implementations: options.implementations,
      paths: options.paths,
      seedScale: options.seedScale ?? 1,
      slowdown: options.slowdown,
      out: options.out,
      argv,
      err,
    });
  }

  const base = { ...options, databaseUrl, server, neonUrl: env.NEON_DATABASE_URL || undefined, argv };
  const results = await runBench({
    ...base,
    progress: progressBar((text) => process.stderr.write(text), Boolean(process.stderr.isTTY)),
    log: process.stderr.isTTY ? undefined : err,
  });
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(options.out, "results.md"), renderBenchMarkdown(results));
  err(
    `bench: wrote ${join(options.out, "results.json")} and results.md (${results.cells.length} cells, ${(results.durationMs / 1000).toFixed(0)} s)`,
  );
  for (const t of benchTargets(results))
    err(`target ${t.met === null ? "NO DATA" : t.met ? "met   " : "MISSED"}: ${t.target}\n  ${t.details.join("\n  ")}`);
  // A suspect cell is measured again alone, with more samples (see gate.ts).
  const remeasure = async (keys: string[]): Promise<Pick<BenchResults, "cells">> => {
    const cells: BenchResults["cells"] = [];
    for (const key of keys) {
      const c = cellOfKey(key);
      const again = await runBench({
        ...base,
        operations: [c.operation],
        implementations: ["sql", c.implementation as ImplementationName],
        paths: [c.path as PathName],
        rtts: [c.rttMs],
        // Fresh implementations: new pools whose connections have not prepared their statements yet.
        warmup: CONFIRM_WARMUP,
        minSamples: CONFIRM_SAMPLES,
        maxSamples: CONFIRM_SAMPLES,
        coldStartSamples: 0,
        serverTimeSamples: 0,
      });
      cells.push(...again.cells);
    }
    return { cells };
  };
  return await gate(results, options, err, remeasure);
}

/** Samples per cell when a suspect is re-measured (the --ci profile takes 5 to 20). */
const CONFIRM_SAMPLES = 40;
/** Unrecorded calls first when a suspect is re-measured (the profile's 2 follow a warm process). */
const CONFIRM_WARMUP = 20;
/** More suspects than this are no burst of noise: the gate fails without re-measuring them. */
const MAX_CONFIRMED = 8;

/** Load average per CPU above which a run's 1-ms cells are mostly waiting for a CPU, not measuring the code. */
const OVERLOAD_PER_CPU = 2;

/**
 * A warning when the run shared its CPUs with more than twice as much other work as they can run:
 * measured here at load 17-25 on 2 cores, ratios of 1-ms cells moved by 0.8 (median) between two
 * runs of unchanged code, so a failure on such a machine says more about the machine.
 */
export function overloadWarning(machine: { loadAverage1m: number; cpus: number }): string | undefined {
  const perCpu = machine.loadAverage1m / Math.max(1, machine.cpus);
  if (perCpu <= OVERLOAD_PER_CPU) return undefined;
  return `bench --ci: WARNING: the machine was overloaded (load average ${machine.loadAverage1m} on ${machine.cpus} CPUs): RTT-0 ratios are mostly scheduling noise here; re-run on a quieter machine before trusting a failure or re-baselining`;
}

/** The CI gate (and --write-baseline); 0 outside --ci. */
async function gate(
  results: BenchResults,
  options: BenchCliOptions,
  err: (line: string) => void,
  remeasure: (keys: string[]) => Promise<Pick<BenchResults, "cells">>,
): Promise<number> {
  if (options.writeBaseline) {
    await mkdir(resolve(BASELINE_PATH, ".."), { recursive: true });
    await writeFile(BASELINE_PATH, `${JSON.stringify(baselineFrom(results), null, 2)}\n`);
    err(`bench: wrote ${BASELINE_PATH}`);
    const overload = overloadWarning(results.environment.machine);
    if (overload) err(overload);
    return 0;
  }
  if (!options.ci) return 0;
  let baseline: Baseline;
  try {
    baseline = JSON.parse(await readFile(BASELINE_PATH, "utf8")) as Baseline;
  } catch (error) {
    err(
      `bench --ci: cannot read ${BASELINE_PATH}: ${(error as Error).message} (create it with npm run bench -- --ci --write-baseline)`,
    );
    return 2;
  }
  const first = compareWithBaseline(results, baseline);
  err(formatGate(first));
  const result = await confirmed(first, baseline, err, remeasure);
  const overload = overloadWarning(results.environment.machine);
  if (overload) err(overload);
  return result.regressions.length > 0 ? 1 : 0;
}

/** The first pass's suspects re-measured; the gate's final verdict printed. */
async function confirmed(
  first: GateResult,
  baseline: Baseline,
  err: (line: string) => void,
  remeasure: (keys: string[]) => Promise<Pick<BenchResults, "cells">>,
): Promise<GateResult> {
  const suspects = first.regressions.map((r) => r.key);
  if (suspects.length === 0) return first;
  if (suspects.length > MAX_CONFIRMED) {
    err(`bench gate: ${suspects.length} regressions, more than ${MAX_CONFIRMED}: not noise, not re-measured`);
    return first;
  }
  err(`bench gate: re-measuring ${suspects.length} suspect cell(s) alone, ${CONFIRM_SAMPLES} samples each`);
  const again = compareWithBaseline(await remeasure(suspects), baseline);
  const suspectRows = { ...again, rows: again.rows.filter((r) => suspects.includes(r.key)), missing: [] };
  err(formatGate(suspectRows));
  const result = confirmRegressions(first, suspectRows);
  err(
    result.regressions.length === 0
      ? `bench gate: passed after re-measuring (${first.rows.length} ratios compared; ${suspects.length} suspect(s) not confirmed)`
      : `bench gate: FAILED: ${result.regressions.length} regression(s) confirmed by re-measuring`,
  );
  return result;
}
