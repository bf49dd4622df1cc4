/**
 * The evaluate job's steps, one function each, in the order runEvaluate runs them. Each records
 * itself through the StepRunner (progress, timing, skipped or failed with the reason) and resolves
 * with its value, or undefined when it did not produce one.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { relative, resolve } from "node:path";
import type { BenchOptions, BenchResults } from "../bench/index.ts";
import { type ColdStartMeasurement, measureColdStart } from "../bench/cold-start.ts";
import type { LoadResults } from "../bench/load/results.ts";
import { BASELINE, registeredImplementation, runComparison } from "../compare/index.ts";
import type { ComparisonReport } from "../compare/types.ts";
import { runInventory } from "../inventory/index.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { checkSchemaParity, type ParityResult } from "../migrate/parity.ts";
import type { ImplementationName } from "../repositories/index.ts";
import { seedDatabase } from "../seed/index.ts";
import type { EvaluateConfig } from "./config.ts";
import { type ProjectInputs, shownPath } from "./project.ts";
import { orderImplementations, plural } from "./display.ts";
import type { EvaluationResults, InventorySection } from "./results.ts";
import { smokeImplementation, type SmokeResult } from "./smoke.ts";
import type { StepRunner } from "./steps.ts";

/** Step ids, in order; `--skip` takes these. */
export const STEP_IDS = [
  "migrate",
  "seed",
  "parity",
  "smoke",
  "compare",
  "bench",
  "load",
  "cold-start",
  "inventory",
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Overrides of the benchmark's settings (tests use a tiny benchmark). */
export type BenchSettings = Partial<
  Pick<
    BenchOptions,
    "operations" | "paths" | "rtts" | "warmup" | "minSamples" | "maxSamples" | "cellBudgetMs" | "coldStartSamples"
  >
>;

/** Where the evaluation runs: its own database on a server. */
export interface EvaluationTarget {
  serverUrl: string;
  url: string;
  server: "embedded" | "DATABASE_URL";
  description: string;
}

/** What every step reads: the run's settings, its database and the step runner. */
export interface EvaluationRun {
  config: EvaluateConfig;
  target: EvaluationTarget;
  steps: StepRunner;
  implementations: ImplementationName[];
  /** True when the caller named no implementations (the comparison then skips any that does not load). */
  allImplementations: boolean;
  scale: number;
  full: boolean;
  outDir: string;
  benchSettings: BenchSettings | undefined;
  /** Why step `id` is skipped (`--skip`), or undefined. */
  readonly skipped: (id: StepId) => string | undefined;
  /** The team's app (`evaluate --project`): the inventory scans its source instead of inventoryDir. */
  readonly project: ProjectInputs | null;
}

/** What the steps produced (undefined where a step did not run or failed). */
export interface StepValues {
  migrations?: EvaluationResults["migrations"];
  seed?: EvaluationResults["seed"];
  parity?: ParityResult;
  smoke?: SmokeResult[];
  comparison?: ComparisonReport;
  bench?: BenchResults;
  load?: LoadResults;
  cold?: ColdStartMeasurement;
  inventory?: InventorySection;
}

/** Runs every step in order. */
export async function runSteps(run: EvaluationRun): Promise<StepValues> {
  const migrations = await migrateStep(run);
  const seed = await seedStep(run, migrations);
  const parity = await parityStep(run, migrations);
  const smoke = await smokeStep(run, migrations);
  const comparison = await compareStep(run);
  const bench = await benchStep(run, seed);
  const load = await loadStep(run, seed);
  const cold = await coldStartStep(run, migrations);
  const inventory = await inventoryStep(run);
  return { migrations, seed, parity, smoke, comparison, bench, load, cold, inventory };
}

const needsMigrations = (migrations: unknown) => [{ value: migrations, what: "the migrations" }];

function migrateStep({ steps, target, skipped }: EvaluationRun) {
  return steps.run(
    "migrate",
    "Apply migrations (prisma/migrations)",
    async () => {
      const applied = await applyMigrationsPlain(target.url);
      return { value: { applied }, summary: `${applied.length} migration(s) applied` };
    },
    { skip: skipped("migrate") },
  );
}

function seedStep({ steps, target, scale, skipped }: EvaluationRun, migrations: unknown) {
  return steps.run(
    "seed",
    `Seed (scale ${scale})`,
    async () => {
      const report = await seedDatabase(target.url, { scale, demo: false });
      const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
      const total = Object.values(rows).reduce((a, b) => a + b, 0);
      return {
        value: { scale, rows, durationMs: Math.round(report.durationMs) },
        summary: `${total} rows in ${report.tables.length} tables`,
      };
    },
    { skip: skipped("seed"), requires: needsMigrations(migrations) },
  );
}

function parityStep({ steps, target, skipped }: EvaluationRun, migrations: unknown) {
  return steps.run<ParityResult>(
    "parity",
    "Schema parity (drizzle/ vs prisma/migrations)",
    async () => {
      const result = await checkSchemaParity(target.serverUrl, target.url);
      const objects = Object.entries(result.counts)
        .map(([k, n]) => plural(n, k))
        .join(", ");
      return {
        value: result,
        summary: result.equal
          ? `identical: ${objects}`
          : `${result.differences.length} difference(s), first: ${result.differences[0]}`,
      };
    },
    { skip: skipped("parity"), requires: needsMigrations(migrations) },
  );
}

function smokeStep({ steps, target, implementations, skipped }: EvaluationRun, migrations: unknown) {
  return steps.run<SmokeResult[]>(
    "smoke",
    "Contract smoke check",
    async (progress) => {
      const results: SmokeResult[] = [];
      for (const name of implementations) {
        const result = await smokeImplementation(name, target.url);
        progress(
          `${name.padEnd(18)} ${result.ok ? "ok" : "FAILED"} (${result.operations.filter((o) => o.ok).length}/${result.operations.length || 0} checks${result.error ? `; ${result.error}` : ""})`,
        );
        results.push(result);
      }
      const failed = results.filter((r) => !r.ok).map((r) => r.implementation);
      return {
        value: results,
        summary: failed.length ? `failed: ${failed.join(", ")}` : `${results.length} implementations pass`,
      };
    },
    { skip: skipped("smoke"), requires: needsMigrations(migrations) },
  );
}

function compareStep({ steps, target, implementations, allImplementations, scale, skipped }: EvaluationRun) {
  return steps.run<ComparisonReport>(
    "compare",
    "SQL comparison",
    async (progress) => {
      let last = 0;
      const report = await runComparison({
        serverUrl: target.serverUrl,
        server: target.server,
        implementations: implementations.map(registeredImplementation),
        optional: allImplementations,
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
      return {
        value: report,
        summary: `${report.operations.length} operations x ${report.implementations.length} implementations; results equal on ${equal}/${report.operations.length}; baseline ${report.baseline ?? BASELINE + " (missing)"}`,
      };
    },
    { skip: skipped("compare") },
  );
}

function benchStep(
  { steps, target, implementations, scale, full, config, outDir, benchSettings, skipped }: EvaluationRun,
  seed: unknown,
) {
  return steps.run<BenchResults>(
    "bench",
    `Benchmark (${full ? "full matrix" : "quick profile"})`,
    async (progress) => {
      const { runBench, renderBenchMarkdown } = await import("../bench/index.ts");
      let last = -1;
      const results = await runBench({
        databaseUrl: target.url,
        server: target.server,
        implementations,
        seedScale: scale,
        predictRttMs: config.rttMs,
        profile: full ? "full" : "quick",
        // Quick: the three serverless paths at RTT 0 and 25 with a small time budget (about a
        // minute); --full: every path at 0/5/25/80 ms with cold starts per path.
        ...(full
          ? { coldStartSamples: 3 }
          : {
              paths: ["pg", "neon-ws", "neon-http"],
              rtts: [0, 25],
              minSamples: 5,
              maxSamples: 15,
              cellBudgetMs: 60,
              coldStartSamples: 0,
            }),
        ...benchSettings,
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
      return {
        value: results,
        summary: `${results.cells.length} cells over ${results.settings.paths.join(", ")} at RTT ${results.settings.rtts.join("/")} ms; ${results.skipped.length} not measured; ${relative(process.cwd(), resolve(dir, "results.md"))}`,
      };
    },
    { skip: skipped("bench"), requires: [{ value: seed, what: "the seed data" }] },
  );
}

/** Throughput under load with the load run's defaults (src/bench/load), `--full` only: it takes minutes. */
function loadStep({ steps, target, implementations, scale, full, outDir, skipped }: EvaluationRun, seed: unknown) {
  const notQuick = full ? undefined : "only with --full (several minutes of closed-loop load)";
  return steps.run<LoadResults>(
    "load",
    "Throughput under load (closed loop)",
    async (progress) => {
      const [{ runLoad }, { renderLoadMarkdown }, { checkLoadTargets }] = await Promise.all([
        import("../bench/load/run.ts"),
        import("../bench/load/markdown.ts"),
        import("../bench/load/analysis.ts"),
      ]);
      const results = await runLoad({
        databaseUrl: target.url,
        server: target.server,
        implementations,
        seedScale: scale,
        log: progress,
      });
      const dir = resolve(outDir, "bench");
      await mkdir(dir, { recursive: true });
      await writeFile(resolve(dir, "load.json"), `${JSON.stringify(results, null, 2)}\n`);
      await writeFile(resolve(dir, "load.md"), renderLoadMarkdown(results));
      const targets = checkLoadTargets(results.cells, results.captures).map(
        (t) => `${t.met === null ? "no data" : t.met ? "met" : "missed"}: ${t.target}`,
      );
      return {
        value: results,
        summary: `${results.cells.length} cells over ${Object.keys(results.pathDescriptions).join(", ")}; ${targets.join("; ")}`,
      };
    },
    { skip: skipped("load") ?? notQuick, requires: [{ value: seed, what: "the seed data" }] },
  );
}

function coldStartStep({ steps, target, implementations, full, skipped }: EvaluationRun, migrations: unknown) {
  return steps.run<ColdStartMeasurement>(
    "cold-start",
    "Cold start and bundle size",
    async (progress) => {
      const measured = await measureColdStart(target.url, implementations, { samples: full ? 15 : 5, progress });
      const figures = orderForDisplay(Object.entries(measured.coldStart.implementations)).map(
        ([n, c]) =>
          `${n} ${c.medianMs} ms / ${Math.round(measured.bundle.implementations[n]!.gzipBytes / 1024)} KiB gz`,
      );
      return { value: measured, summary: figures.join(", ") };
    },
    { skip: skipped("cold-start"), requires: needsMigrations(migrations) },
  );
}

function inventoryStep({ steps, config, skipped, project }: EvaluationRun) {
  return steps.run<InventorySection>(
    "inventory",
    project ? "Call-site inventory of your source (migration cost)" : "Call-site inventory (migration cost)",
    () => {
      const directory = project ? shownPath(project.src) : config.inventoryDir;
      const absolute = project ? project.src : resolve(directory);
      if (!existsSync(absolute)) throw new Error(`inventoryDir ${directory} does not exist`);
      const scanned = runInventory(absolute);
      const s = scanned.summary;
      const section: InventorySection = {
        directory,
        standIn: project === null && (config.source === "defaults" || directory === "src/prisma"),
        files: scanned.files,
        summary: s,
      };
      return Promise.resolve({
        value: section,
        summary: `${s.total} Prisma call sites in ${scanned.files} files: ${s.movable} movable, ${s.review} to review, ${s.blocked} blocked`,
      });
    },
    { skip: skipped("inventory") },
  );
}

/** Entries in the report's implementation order. */
function orderForDisplay<T>(entries: [string, T][]): [string, T][] {
  const order = orderImplementations(entries.map(([n]) => n));
  return [...entries].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}
