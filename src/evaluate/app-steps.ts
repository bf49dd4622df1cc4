/**
 * The steps `evaluate --project` adds, run on the team's own app: their schema through
 * schema:drizzle (written to <out>/drizzle/), schema:parity and a short compat:fuzz, and the replay
 * of their recorded workload (written to <out>/replay/). The call-site inventory of their source is
 * run-steps.ts's inventory step, pointed at their src. Each step records itself through the
 * StepRunner like the reference steps.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCompatFuzz } from "../fuzz/run.ts";
import type { ReplayReport } from "../replay/report.ts";
import { replayMarkdown } from "../replay/report.ts";
import { type ReplayData, isProjectSchema, runReplay } from "../replay/run.ts";
import { loadSchema } from "../schema/dmmf.ts";
import { generateDrizzleSchema, writeDrizzleSchema } from "../schema/generate.ts";
import { type SchemaParityResult, checkGeneratedSchemaParity } from "../schema/parity.ts";
import { type StagedDrizzleSchema, stageDrizzleSchema } from "../schema/staged.ts";
import type { ProjectInputs } from "./project.ts";
import { shownPath } from "./project.ts";
import type { AppFuzzSummary, AppReplaySummary } from "./results.ts";
import type { EvaluationRun } from "./run-steps.ts";

/** Ids of the app steps; `--skip` takes these too. */
export const APP_STEP_IDS = ["app-schema", "app-parity", "app-fuzz", "app-replay"] as const;
export type AppStepId = (typeof APP_STEP_IDS)[number];

/** The fixed seed of the evaluation's compat:fuzz, so two evaluations of one schema run the same operations. */
export const APP_FUZZ_SEED = 20261125;

/** What the app steps produced (undefined where a step did not run or failed). */
export interface AppStepValues {
  models?: number;
  parity?: SchemaParityResult;
  fuzz?: AppFuzzSummary;
  replay?: AppReplaySummary;
  /** The full replay report (its per-shape figures feed the latency and round-trip criteria). */
  replayReport?: ReplayReport;
}

/** The generated schema written for the team and staged where it can be imported. */
interface GeneratedForApp {
  models: number;
  staged: StagedDrizzleSchema;
}

/** Runs the app steps in order; the staged Drizzle schema is deleted at the end. */
export async function runAppSteps(
  run: EvaluationRun,
  app: ProjectInputs,
  skipped: (id: AppStepId) => string | undefined,
  fuzzRuns: number,
): Promise<AppStepValues> {
  const generated = await schemaStep(run, app, skipped("app-schema"));
  try {
    const parity = await parityStep(run, app, generated, skipped("app-parity"));
    const fuzz = await fuzzStep(run, app, generated, skipped("app-fuzz"), fuzzRuns);
    const replayReport = await replayStep(run, app, skipped("app-replay"));
    const replay = replayReport && summarizeReplay(replayReport, run.outDir);
    return { models: generated?.models, parity, fuzz, replay, replayReport };
  } finally {
    await generated?.staged.cleanup();
  }
}

function schemaStep({ steps, outDir }: EvaluationRun, app: ProjectInputs, skip: string | undefined) {
  return steps.run<GeneratedForApp>(
    "app-schema",
    "Your schema: Drizzle schema + facade bindings (schema:drizzle)",
    async () => {
      const schema = generateDrizzleSchema(await loadSchema(app.schema));
      const written = await writeDrizzleSchema(schema, join(outDir, "drizzle"));
      const staged = await stageDrizzleSchema(schema);
      const { compatSchema } = await staged.load();
      const models = compatSchema.models.size;
      return {
        value: { models, staged },
        summary: `${models} models from ${shownPath(app.schema)}; wrote ${shownPath(written.schema)} and compat.ts`,
      };
    },
    { skip },
  );
}

function parityStep(
  { steps, target }: EvaluationRun,
  app: ProjectInputs,
  generated: GeneratedForApp | undefined,
  skip: string | undefined,
) {
  const against = app.migrations ? `your migrations (${shownPath(app.migrations)})` : "Prisma's SQL for your schema";
  return steps.run<SchemaParityResult>(
    "app-parity",
    `Your schema: parity of the Drizzle schema with ${against} (schema:parity)`,
    async () => {
      const result = await checkGeneratedSchemaParity({
        schemaPath: app.schema,
        migrationsDir: app.migrations ?? undefined,
        drizzlePath: generated!.staged.schemaPath,
        serverUrl: target.serverUrl,
      });
      const compared = Object.entries(result.counts)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(", ");
      const drift =
        result.drift.length + result.columnOrderDrift.length > 0
          ? `; your migrations differ from your schema itself in ${result.drift.length} object(s) and ${result.columnOrderDrift.length} column position(s) (drift, not the Drizzle schema's)`
          : "";
      return {
        value: result,
        summary: result.identical
          ? `identical (${compared})${drift}`
          : `${result.differences.length} difference(s), first: ${result.differences[0]}${drift}`,
      };
    },
    { skip, requires: [{ value: generated, what: "the generated Drizzle schema" }] },
  );
}

function fuzzStep(
  { steps, target }: EvaluationRun,
  app: ProjectInputs,
  generated: GeneratedForApp | undefined,
  skip: string | undefined,
  runs: number,
) {
  return steps.run<AppFuzzSummary>(
    "app-fuzz",
    `Your schema: the facade fuzzed against real Prisma Client (compat:fuzz, ${runs} operations)`,
    async (progress) => {
      const report = await runCompatFuzz({
        schemaPath: app.schema,
        drizzlePath: generated!.staged.schemaPath,
        serverUrl: target.serverUrl,
        runs,
        seed: APP_FUZZ_SEED,
        rowsPerModel: 4,
        minimize: 3,
        log: progress,
      });
      const refused = [...report.refusals.values()].reduce((a, b) => a + b, 0);
      const value: AppFuzzSummary = {
        runs,
        seed: APP_FUZZ_SEED,
        compared: report.compared,
        equal: report.equal,
        mismatchCount: report.mismatchCount,
        signatures: [...report.signatures],
        refusals: Object.fromEntries([...report.refusals].sort((a, b) => b[1] - a[1])),
        unreadable: [...report.unreadable.keys()],
      };
      return {
        value,
        summary: `${report.compared} compared, ${report.equal} equal, ${report.mismatchCount} mismatching (${report.signatures.length} kind(s)), ${refused} refused by the facade`,
      };
    },
    { skip, requires: [{ value: generated, what: "the generated Drizzle schema" }] },
  );
}

function replayStep({ steps, target, config, outDir }: EvaluationRun, app: ProjectInputs, skip: string | undefined) {
  const data: ReplayData = isProjectSchema(app.schema)
    ? { kind: "synthetic", scale: 0.05 }
    : { kind: "rows", perModel: 6 };
  return steps.run<ReplayReport>(
    "app-replay",
    "Your workload: replayed through Prisma and the facade (replay)",
    async (progress) => {
      const report = await runReplay({
        workload: app.workload!,
        schema: app.schema,
        data,
        rttMs: config.rttMs,
        serverUrl: target.serverUrl,
        onProgress: progress,
      });
      const dir = join(outDir, "replay");
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "replay.json"), `${JSON.stringify(report, null, 2)}\n`);
      await writeFile(join(dir, "replay.md"), replayMarkdown(report));
      const t = report.totals;
      return {
        value: report,
        summary: `${report.calls} calls in ${report.shapes.length} shapes: ${t.equal} equal, ${t.differ} differ, ${t["error-differs"]} error differs, ${t.refused} refused, ${t["not-replayable"]} not replayable; ${shownPath(join(dir, "replay.md"))}`,
      };
    },
    { skip: skip ?? (app.workload ? undefined : "no --workload given") },
  );
}

function summarizeReplay(report: ReplayReport, outDir: string): AppReplaySummary {
  return {
    file: shownPath(join(outDir, "replay", "replay.json")),
    calls: report.calls,
    shapes: report.shapes.length,
    totals: report.totals,
    reproduced: report.reproduced,
    data: report.data,
  };
}
