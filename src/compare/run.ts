/**
 * Runs the scenario list through one implementation on its own database, capturing every
 * statement at the driver and EXPLAINing the main run's statements right after each operation.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { type CapturedStatement, type CaptureSummary, QueryCapture } from "../capture/index.ts";
import { isDataError } from "../domain/errors.ts";
import type { Repositories } from "../repositories/index.ts";
import { explainStatement, type ExplainOutcome } from "./explain.ts";
import { normalizeResult, type NormalizeContext, resultSize } from "./normalize-result.ts";
import type { Scenario } from "./scenarios.ts";
import { stateDigest, type StateDigest } from "./state.ts";

/** Something the comparison can run: a registered implementation or a test fixture. */
export interface ImplementationUnderTest {
  name: string;
  /** Opens the repositories on the given (instrumented) pool; `close()` must leave the pool open. */
  open(pool: pg.Pool): Promise<Repositories>;
}

/** One run of an operation: what was sent, what came back. */
export interface Measurement {
  statements: CapturedStatement[];
  summary: CaptureSummary;
  /** The result with run-generated ids and timestamps replaced (see normalize-result.ts). */
  normalized: unknown;
  size: number;
  /** DataError code, or `INTERNAL (<error name>)` for anything else thrown. */
  errorCode?: string;
  errorMessage?: string;
}

export interface ScenarioRun {
  name: string;
  small?: Measurement;
  main: Measurement & { explains: ExplainOutcome[] };
}

export interface RunOptions {
  analyze: boolean;
  /** The largest seeded audit id (for result normalization). */
  maxSeedAuditId: bigint;
  /** A read run once before recording, so one-time set-up (connections, lazy init) is not counted. */
  warmUp: (repos: Repositories) => Promise<unknown>;
  log?: (line: string) => void;
}

async function measure(
  capture: QueryCapture,
  repos: Repositories,
  run: (r: Repositories) => Promise<unknown>,
  context: NormalizeContext,
): Promise<Measurement> {
  const recording = capture.start();
  let value: unknown;
  let errorCode: string | undefined;
  let errorMessage: string | undefined;
  try {
    value = await run(repos);
  } catch (error) {
    errorCode = isDataError(error) ? error.code : `INTERNAL (${(error as Error)?.name ?? typeof error})`;
    errorMessage = (error as Error)?.message ?? String(error);
  }
  const statements = recording.stop();
  const summary = recording.summary();
  const normalized = errorCode ? { error: errorCode } : normalizeResult(value, context);
  const out: Measurement = { statements, summary, normalized, size: errorCode ? 0 : resultSize(value) };
  if (errorCode) {
    out.errorCode = errorCode;
    out.errorMessage = errorMessage;
  }
  return out;
}

/** What one implementation's run produced. */
export interface ImplementationRun {
  scenarios: ScenarioRun[];
  /** The tables after the last scenario. */
  state: StateDigest;
}

/** Runs every scenario, in order, through one implementation on the database at `url`. */
export async function runImplementation(
  impl: ImplementationUnderTest,
  url: string,
  scenarios: Scenario[],
  options: RunOptions,
): Promise<ImplementationRun> {
  const capture = new QueryCapture();
  const pool = capture.instrument(new pg.Pool({ connectionString: url, max: 4 }));
  // EXPLAIN runs on its own pool, outside the capture, so it never shows up in the counts.
  const explainPool = new pg.Pool({ connectionString: url, max: 1 });
  const runs: ScenarioRun[] = [];
  let state: StateDigest | undefined;
  try {
    const repos = await impl.open(pool);
    try {
      await options.warmUp(repos);
      const context: NormalizeContext = { runStartedAt: new Date(), maxSeedAuditId: options.maxSeedAuditId };
      const explainClient = await explainPool.connect();
      try {
        for (const scenario of scenarios) {
          const started = performance.now();
          const small = scenario.small ? await measure(capture, repos, scenario.small.run, context) : undefined;
          const main = await measure(capture, repos, scenario.run, context);
          const explains: ExplainOutcome[] = [];
          for (const statement of main.statements)
            explains.push(await explainStatement(explainClient, statement, options.analyze));
          runs.push({ name: scenario.name, ...(small ? { small } : {}), main: { ...main, explains } });
          options.log?.(
            `  ${impl.name.padEnd(18)} ${scenario.name.padEnd(36)} ${String(main.summary.statements).padStart(3)} statements ${String(main.summary.roundTrips).padStart(3)} round trips  ${(performance.now() - started).toFixed(0)} ms`,
          );
        }
        state = await stateDigest(explainClient, context);
      } finally {
        explainClient.release();
      }
    } finally {
      await repos.close();
    }
  } finally {
    await pool.end();
    await explainPool.end();
  }
  if (!state) throw new Error(`${impl.name}: the run ended without reading the final state`);
  return { scenarios: runs, state };
}
