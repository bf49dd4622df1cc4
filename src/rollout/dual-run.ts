/**
 * Dual-run ("Scientist" style): for chosen repositories, each read runs on the primary and, for a
 * sampled share of calls, concurrently on a candidate implementation. The caller always gets the
 * primary's result (or error); the candidate's result is normalized and compared with it, and a
 * mismatch or a candidate error becomes a structured report and a counter, never the caller's
 * problem. Writes go to the primary only.
 *
 * Latency: both start together. By default the caller waits for the candidate at most `timeoutMs`
 * from the start (so the comparison finishes inside the request, which serverless platforms need);
 * with `waitForCandidate: false` the caller gets the primary's result at once and the comparison
 * completes in the background. A candidate slower than `timeoutMs` is abandoned and counted.
 */
import { createHash } from "node:crypto";

/** One comparison that did not match, as logged. */
export interface DualRunMismatch {
  kind: "mismatch";
  /** `projects.listByOrganization`. */
  operation: string;
  /** SHA-256 of the call's arguments (the arguments themselves are not logged). */
  inputsHash: string;
  /** Where the normalized results differ; values are shortened. */
  diff: DiffEntry[];
  primaryMs: number;
  candidateMs: number;
}

export interface DualRunCandidateError {
  kind: "candidate-error";
  operation: string;
  inputsHash: string;
  /** The candidate's error name, code and message. */
  error: { name: string; code?: string; message: string };
  /** What the primary did instead. */
  primary: "ok" | { code?: string; name: string };
}

export interface DualRunTimeout {
  kind: "timeout";
  operation: string;
  inputsHash: string;
  timeoutMs: number;
}

/**
 * A mismatch that vanished when both sides were asked again right away: almost always a read that
 * raced a concurrent write (the two sides saw different snapshots), so it is not counted as a
 * mismatch, but it is still reported.
 */
export interface DualRunTransient {
  kind: "transient";
  operation: string;
  inputsHash: string;
  /** The first comparison's diff. */
  diff: DiffEntry[];
}

export type DualRunReport = DualRunMismatch | DualRunCandidateError | DualRunTimeout | DualRunTransient;

export interface DiffEntry {
  /** JSON-path-like location, e.g. `$.items[2].updatedAt`. */
  path: string;
  primary: string;
  candidate: string;
}

/** Counters for one operation (or the total). */
export interface DualRunCounters {
  /** Read calls that went through the dual-run wrapper. */
  calls: number;
  /** Calls that also ran on the candidate. */
  sampled: number;
  matches: number;
  mismatches: number;
  candidateErrors: number;
  timeouts: number;
  /** Mismatches that did not reproduce on an immediate re-read of both sides. */
  transient: number;
}

export interface DualRunOptions {
  /** Share of read calls also sent to the candidate, 0..1 (default 1). */
  sampleRate?: number;
  /** Longest the candidate may take, ms from the start of the call (default 200). */
  timeoutMs?: number;
  /** Wait (up to the timeout) for the candidate before returning (default true). */
  waitForCandidate?: boolean;
  /** Receives every mismatch, candidate error and timeout (default: one JSON line on stderr). */
  onReport?: (report: DualRunReport) => void;
  /** Makes results comparable (default: {@link normalizeForComparison}). */
  normalize?: (value: unknown, operation: string) => unknown;
  /** Random source for sampling (tests make it deterministic). */
  random?: () => number;
  /**
   * On a mismatch, read both sides again (in the background, up to three times with a short pause)
   * before counting it: a mismatch that does not reproduce is counted and reported as transient
   * (default true).
   */
  recheckMismatches?: boolean;
}

/** Counters and reports of every dual-run wrapper created with it, readable by the application. */
export class DualRunMonitor {
  private readonly perOperation = new Map<string, DualRunCounters>();
  /** Settles when every comparison started so far has finished (for tests and graceful shutdown). */
  private pending = new Set<Promise<unknown>>();

  constructor(readonly options: DualRunOptions = {}) {
    const rate = options.sampleRate ?? 1;
    if (!(rate >= 0 && rate <= 1)) throw new Error(`dual-run: sampleRate must be between 0 and 1, got ${rate}`);
    const timeout = options.timeoutMs ?? 200;
    if (!(timeout > 0)) throw new Error(`dual-run: timeoutMs must be positive, got ${timeout}`);
  }

  counters(operation: string): DualRunCounters {
    let c = this.perOperation.get(operation);
    if (!c) {
      c = { calls: 0, sampled: 0, matches: 0, mismatches: 0, candidateErrors: 0, timeouts: 0, transient: 0 };
      this.perOperation.set(operation, c);
    }
    return c;
  }

  /** A copy of the counters: per operation and the total. */
  stats(): { total: DualRunCounters; operations: Record<string, DualRunCounters> } {
    const total: DualRunCounters = {
      calls: 0,
      sampled: 0,
      matches: 0,
      mismatches: 0,
      candidateErrors: 0,
      timeouts: 0,
      transient: 0,
    };
    const operations: Record<string, DualRunCounters> = {};
    for (const [op, c] of this.perOperation) {
      operations[op] = { ...c };
      for (const key of Object.keys(total) as (keyof DualRunCounters)[]) total[key] += c[key];
    }
    return { total, operations };
  }

  report(report: DualRunReport): void {
    const sink =
      this.options.onReport ??
      ((r: DualRunReport) => process.stderr.write(`${JSON.stringify({ level: "warn", msg: "dual-run", ...r })}\n`));
    try {
      sink(report);
    } catch {
      // A failing log sink must not turn into the caller's error.
    }
  }

  track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  /** Waits for every background comparison started so far. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/**
 * Values made comparable across implementations: Dates as ISO text, bigint as text, object keys
 * sorted, `undefined` properties dropped. Array order is kept: order is part of every contract.
 */
export function normalizeForComparison(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(normalizeForComparison);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, normalizeForComparison(v)]),
    );
  }
  return value;
}

const short = (value: unknown): string => {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
};

/** Where two normalized values differ (at most `limit` entries). */
export function diffValues(
  primary: unknown,
  candidate: unknown,
  path = "$",
  out: DiffEntry[] = [],
  limit = 20,
): DiffEntry[] {
  if (out.length >= limit) return out;
  if (Array.isArray(primary) && Array.isArray(candidate)) {
    if (primary.length !== candidate.length)
      out.push({ path: `${path}.length`, primary: String(primary.length), candidate: String(candidate.length) });
    for (let i = 0; i < Math.min(primary.length, candidate.length); i++)
      diffValues(primary[i], candidate[i], `${path}[${i}]`, out, limit);
    return out;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(primary) && isObject(candidate)) {
    for (const key of new Set([...Object.keys(primary), ...Object.keys(candidate)]))
      diffValues(primary[key], candidate[key], `${path}.${key}`, out, limit);
    return out;
  }
  if (JSON.stringify(primary) !== JSON.stringify(candidate))
    out.push({ path, primary: short(primary), candidate: short(candidate) });
  return out;
}

function hashInputs(args: unknown[]): string {
  return createHash("sha256")
    .update(JSON.stringify(normalizeForComparison(args)) ?? "")
    .digest("hex");
}

function errorSummary(error: unknown): { name: string; code?: string; message: string } {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    name: typeof e?.name === "string" ? e.name : "Error",
    ...(typeof e?.code === "string" ? { code: e.code } : {}),
    message: typeof e?.message === "string" ? e.message : String(error),
  };
}

type Settled = { ok: true; value: unknown; ms: number } | { ok: false; error: unknown; ms: number };

async function timed(work: () => Promise<unknown>): Promise<Settled> {
  const start = performance.now();
  try {
    const value = await work();
    return { ok: true, value, ms: performance.now() - start };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - start };
  }
}

interface Comparison {
  /** Runs both sides again (for the recheck of a mismatch). */
  rerun?: () => [Promise<Settled>, Promise<Settled>];
  operation: string;
  args: unknown[];
  primaryRun: Promise<Settled>;
  candidateRun: Promise<Settled>;
  timeoutMs: number;
  normalize: (value: unknown, operation: string) => unknown;
  monitor: DualRunMonitor;
  counters: DualRunCounters;
}

/** Compares one call's two runs and reports the outcome. Never rejects. */
async function compareRuns({
  operation,
  args,
  primaryRun,
  candidateRun,
  timeoutMs,
  normalize,
  monitor,
  counters,
  rerun,
}: Comparison): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const [p1, c1] = await Promise.all([primaryRun, Promise.race([candidateRun, deadline])]);
    if (c1 === "timeout") {
      counters.timeouts++;
      monitor.report({ kind: "timeout", operation, inputsHash: hashInputs(args), timeoutMs });
      return;
    }
    if (!c1.ok) {
      // Both failing with the same code is agreement; anything else is the candidate's error.
      const pc = p1.ok ? undefined : errorSummary(p1.error);
      const cc = errorSummary(c1.error);
      if (pc?.code !== undefined && pc.code === cc.code) {
        counters.matches++;
        return;
      }
      counters.candidateErrors++;
      monitor.report({
        kind: "candidate-error",
        operation,
        inputsHash: hashInputs(args),
        error: cc,
        primary: pc ? { name: pc.name, ...(pc.code ? { code: pc.code } : {}) } : "ok",
      });
      return;
    }
    const primaryValue = p1.ok
      ? normalize(p1.value, operation)
      : { error: errorSummary(p1.error).code ?? errorSummary(p1.error).name };
    const diff = diffValues(primaryValue, normalize(c1.value, operation));
    if (diff.length === 0) {
      counters.matches++;
      return;
    }
    const mismatch: DualRunMismatch = {
      kind: "mismatch",
      operation,
      inputsHash: hashInputs(args),
      diff,
      primaryMs: Math.round(p1.ms * 10) / 10,
      candidateMs: Math.round(c1.ms * 10) / 10,
    };
    if (!rerun) {
      counters.mismatches++;
      monitor.report(mismatch);
      return;
    }
    // Decided in the background: the caller never waits for a recheck.
    monitor.track(recheck(rerun, mismatch, timeoutMs, normalize, monitor, counters));
  } catch (error) {
    // A comparison that cannot be made (a normalizer throwing) is reported, never rethrown.
    counters.candidateErrors++;
    monitor.report({
      kind: "candidate-error",
      operation,
      inputsHash: hashInputs(args),
      error: errorSummary(error),
      primary: "ok",
    });
  } finally {
    clearTimeout(timer);
  }
}

/** How often a mismatch is re-read, and the pause before each attempt (ms, times the attempt number). */
const RECHECK_ATTEMPTS = 3;
const RECHECK_BACKOFF_MS = 50;

/**
 * Reads both sides again, a few times with a short pause (writes that raced the first read may
 * still be landing); the mismatch counts only if no re-read agrees. A deterministic difference
 * reproduces on every attempt.
 */
async function recheck(
  rerun: () => [Promise<Settled>, Promise<Settled>],
  mismatch: DualRunMismatch,
  timeoutMs: number,
  normalize: (value: unknown, operation: string) => unknown,
  monitor: DualRunMonitor,
  counters: DualRunCounters,
): Promise<void> {
  const attempt = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const [p, c] = rerun();
      const settled = await Promise.race([Promise.all([p, c]), deadline]);
      return (
        settled !== "timeout" &&
        settled[0].ok &&
        settled[1].ok &&
        diffValues(normalize(settled[0].value, mismatch.operation), normalize(settled[1].value, mismatch.operation))
          .length === 0
      );
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  for (let i = 1; i <= RECHECK_ATTEMPTS; i++) {
    await new Promise((resolve) => setTimeout(resolve, RECHECK_BACKOFF_MS * i));
    if (await attempt()) {
      counters.transient++;
      monitor.report({
        kind: "transient",
        operation: mismatch.operation,
        inputsHash: mismatch.inputsHash,
        diff: mismatch.diff,
      });
      return;
    }
  }
  counters.mismatches++;
  monitor.report(mismatch);
}

/**
 * Wraps `primary` so that the methods named in `reads` also run on `candidate` (sampled) and are
 * compared. Every other method calls the primary only. `name` prefixes operation names in reports.
 */
export function dualRun<T extends object>(
  name: string,
  primary: T,
  candidate: T,
  reads: readonly (keyof T & string)[],
  monitor: DualRunMonitor,
): T {
  const {
    sampleRate = 1,
    timeoutMs = 200,
    waitForCandidate = true,
    normalize = normalizeForComparison,
    random = Math.random,
    recheckMismatches = true,
  } = monitor.options;
  const readSet = new Set<string>(reads);
  const wrapped: Record<string, unknown> = {};
  const p = primary as Record<string, unknown>;
  const c = candidate as Record<string, unknown>;
  for (const method of Object.keys(p)) {
    const target = p[method];
    if (typeof target !== "function") {
      wrapped[method] = target;
      continue;
    }
    if (!readSet.has(method)) {
      wrapped[method] = (...args: unknown[]) => (target as (...a: unknown[]) => unknown).apply(primary, args);
      continue;
    }
    const operation = `${name}.${method}`;
    wrapped[method] = async (...args: unknown[]) => {
      const counters = monitor.counters(operation);
      counters.calls++;
      if (random() >= sampleRate) return (target as (...a: unknown[]) => Promise<unknown>).apply(primary, args);
      counters.sampled++;
      const primaryRun = timed(() => (target as (...a: unknown[]) => Promise<unknown>).apply(primary, args));
      const candidateRun = timed(() => (c[method] as (...a: unknown[]) => Promise<unknown>).apply(candidate, args));
      const rerun = recheckMismatches
        ? (): [Promise<Settled>, Promise<Settled>] => [
            timed(() => (target as (...a: unknown[]) => Promise<unknown>).apply(primary, args)),
            timed(() => (c[method] as (...a: unknown[]) => Promise<unknown>).apply(candidate, args)),
          ]
        : undefined;
      const compare = compareRuns({
        operation,
        args,
        primaryRun,
        candidateRun,
        timeoutMs,
        normalize,
        monitor,
        counters,
        rerun,
      });
      monitor.track(compare);
      if (waitForCandidate) await compare;
      const result = await primaryRun;
      if (!result.ok) throw result.error;
      return result.value;
    };
  }
  return wrapped as T;
}
