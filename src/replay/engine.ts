/**
 * The replay loop: every recorded call, in order, through real Prisma Client and through the facade
 * on Drizzle, each on its own database loaded with the same data. Calls run one at a time (Prisma
 * first, then the facade) so each side's statements and round trips are captured cleanly.
 *
 * - Recorded ids of created rows (the recorder's `ids`) are mapped to the ids the replay created and
 *   substituted into later calls' arguments, so a call that names a row created earlier finds it.
 * - Client-generated values are injected into create data, the same on both sides (inject.ts).
 * - A reset marker empties both databases and loads the data again.
 * - Calls are replayed one by one, outside any transaction they ran in when recorded.
 */
import { performance } from "node:perf_hooks";
import { type QueryCapture, summarize } from "../capture/index.ts";
import { CompatUnsupportedError } from "../compat/errors.ts";
import type { CompatSchema } from "../compat/model-meta.ts";
import { type Comparable, comparableError, comparableResult, firstDifference, sameOutcome } from "./compare.ts";
import { injectGeneratedValues } from "./inject.ts";
import { returnedIds } from "./recorder.ts";
import { callShape } from "./shape.ts";
import { type Encoded, decodeValue, encodeValue } from "./values.ts";
import type { WorkloadCall, WorkloadLine } from "./workload-file.ts";

/** One side of the replay: a Prisma-Client-shaped client and the capture of its pool. */
export interface ReplaySide {
  readonly client: object;
  readonly capture: QueryCapture;
}

/** What the replay runs on. */
export interface ReplayEnvironment {
  readonly prisma: ReplaySide;
  readonly facade: ReplaySide;
  /** Model metadata (client-generated defaults, relations) of the schema both sides use. */
  readonly schema: CompatSchema;
  /** Empties both databases and loads the data again (a reset marker). */
  reload(): Promise<void>;
}

/** How a call's two outcomes compare. */
export type Verdict = "equal" | "differ" | "error-differs" | "refused" | "not-replayable";

/** What one side did for one call. */
export interface SideMeasure {
  ms: number;
  statements: number;
  /** Round trips that waited for the previous one (capture's sequentialRoundTrips). */
  roundTrips: number;
  /** `P2002 PrismaClientKnownRequestError`, when the call failed. */
  error?: string;
}

/** One replayed call. */
export interface ReplayedCall {
  /** Position among the workload's call lines, from 0. */
  index: number;
  shape: string;
  verdict: Verdict;
  /** Where results differ, the facade's refusal, or why the call could not be replayed. */
  detail?: string;
  /** The arguments were placeholders (recorded with redaction). */
  placeholders: boolean;
  /**
   * Prisma's outcome in the replay matches the recording's (both succeeded, or both failed with the
   * same code): how faithful the replay's data is to what the app saw. False for a call that named
   * a row the replay does not have, or hit state the app made outside Prisma.
   */
  reproduced: boolean;
  prisma?: SideMeasure;
  facade?: SideMeasure;
}

interface SideRun {
  outcome: Comparable;
  result?: unknown;
  error?: unknown;
  measure: SideMeasure;
}

type Operation = (args: unknown) => PromiseLike<unknown>;

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function operationOf(client: object, model: string, operation: string): Operation | undefined {
  const delegate = (client as Record<string, unknown>)[lowerFirst(model)];
  if (delegate === null || typeof delegate !== "object") return undefined;
  const fn = (delegate as Record<string, unknown>)[operation];
  return typeof fn === "function"
    ? (args) => (fn as (a: unknown) => PromiseLike<unknown>).call(delegate, args)
    : undefined;
}

function errorLabel(error: unknown): string {
  const e = error as { code?: unknown; constructor?: { name?: string } } | null;
  const cls = e?.constructor?.name ?? typeof error;
  return typeof e?.code === "string" ? `${e.code} ${cls}` : cls;
}

async function runOn(
  side: ReplaySide,
  call: WorkloadCall,
  args: unknown,
  since: number,
): Promise<SideRun | { missing: true }> {
  const operation = operationOf(side.client, call.model, call.operation);
  if (!operation) return { missing: true };
  const recording = side.capture.start();
  const started = performance.now();
  let run: Omit<SideRun, "measure">;
  try {
    const result = await operation(args);
    run = { outcome: comparableResult(result, since), result };
  } catch (error) {
    run = { outcome: comparableError(error, since), error };
  }
  const ms = performance.now() - started;
  const summary = summarize(recording.stop());
  const measure: SideMeasure = {
    ms,
    statements: summary.statements,
    roundTrips: summary.sequentialRoundTrips,
    ...(run.error !== undefined ? { error: errorLabel(run.error) } : {}),
  };
  return { ...run, measure };
}

/** Replaces recorded ids by the replay's ids anywhere in decoded arguments. */
function substituteIds(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => substituteIds(v, ids));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteIds(v, ids)]));
  }
  return value;
}

const isRefusal = (error: unknown): boolean =>
  error instanceof CompatUnsupportedError ||
  (error as { name?: unknown } | null)?.name === "PrismaCompatUnsupportedError";

function verdictOf(prisma: SideRun, facade: SideRun, ordered: boolean): Pick<ReplayedCall, "verdict" | "detail"> {
  if (facade.error !== undefined && isRefusal(facade.error))
    return { verdict: "refused", detail: (facade.error as Error).message };
  if (sameOutcome(prisma.outcome, facade.outcome, ordered)) return { verdict: "equal" };
  const oneFailed = "error" in prisma.outcome || "error" in facade.outcome;
  return { verdict: oneFailed ? "error-differs" : "differ", detail: firstDifference(prisma.outcome, facade.outcome) };
}

/** Pairs the recorded ids of created rows with the ones the replay created. */
function learnIds(call: WorkloadCall, result: unknown, ids: Map<string, string>): void {
  if (!call.ids) return;
  const replayed = returnedIds(result);
  if (replayed.length !== call.ids.length) return;
  call.ids.forEach((recorded, i) => ids.set(recorded, replayed[i]!));
}

/** True when Prisma's replayed outcome is the recorded one (ok, or the same error code/class). */
function sameAsRecorded(call: WorkloadCall, prisma: SideRun): boolean {
  if (call.error === null) return prisma.error === undefined;
  if (prisma.error === undefined) return false;
  const e = prisma.error as { code?: unknown; name?: unknown };
  return call.error.code !== undefined ? e.code === call.error.code : e.name === call.error.name;
}

/** Replays one call on both sides. */
async function replayCall(
  env: ReplayEnvironment,
  call: WorkloadCall,
  index: number,
  ids: Map<string, string>,
  since: number,
): Promise<ReplayedCall> {
  const shape = callShape(call.model, call.operation, call.args);
  const placeholders = JSON.stringify(call.args ?? null).includes('"$orm":"Redacted"');
  if (call.argsOmitted)
    return {
      index,
      shape,
      verdict: "not-replayable",
      detail: "arguments not recorded (too large)",
      placeholders,
      reproduced: false,
    };
  const args = substituteIds(decodeValue(call.args), ids);
  injectGeneratedValues(env.schema, call.model, call.operation, args);
  // Each side gets its own decoded copy: a client may change the object it is handed.
  const text = JSON.stringify(encodeValue(args) ?? {});
  const fresh = (): unknown => decodeValue(JSON.parse(text) as Encoded);
  const prisma = await runOn(env.prisma, call, fresh(), since);
  const facade = await runOn(env.facade, call, fresh(), since);
  if ("missing" in prisma)
    return {
      index,
      shape,
      verdict: "not-replayable",
      detail: `Prisma Client has no ${call.model}.${call.operation}`,
      placeholders,
      reproduced: false,
    };
  const reproduced = sameAsRecorded(call, prisma);
  if ("missing" in facade)
    return {
      index,
      shape,
      verdict: "refused",
      detail: `the facade has no ${call.model}.${call.operation}`,
      placeholders,
      reproduced,
      prisma: prisma.measure,
    };
  if (prisma.error === undefined) learnIds(call, prisma.result, ids);
  const ordered = JSON.stringify(call.args ?? {}).includes('"orderBy"');
  return {
    index,
    shape,
    placeholders,
    reproduced,
    prisma: prisma.measure,
    facade: facade.measure,
    ...verdictOf(prisma, facade, ordered),
  };
}

/** Replays every call line of `lines` in order; reset markers reload the data. */
export async function replayLines(
  env: ReplayEnvironment,
  lines: readonly WorkloadLine[],
  onProgress?: (done: number, total: number) => void,
): Promise<ReplayedCall[]> {
  const since = Date.now();
  const ids = new Map<string, string>();
  const results: ReplayedCall[] = [];
  const total = lines.filter((l) => l.kind === "call").length;
  for (const line of lines) {
    if (line.kind === "reset") {
      await env.reload();
      continue;
    }
    results.push(await replayCall(env, line, results.length, ids, since));
    onProgress?.(results.length, total);
  }
  return results;
}
