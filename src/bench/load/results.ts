/**
 * `report/bench/load.json`: what one throughput run (`npm run bench -- --load`) measured, versioned.
 * load.md and the evaluation report's throughput chart are renderings of this object.
 *
 * Format history: 1 - first version. 2 - `captures`: the statements one call of the operation sends
 * per implementation (a cause of a missed throughput target of its own).
 */
import type { Environment } from "../environment.ts";
import type { BenchCapture } from "../results.ts";

export const LOAD_FORMAT_VERSION = 2;

/** One implementation on one path at one concurrency, summed over every round. */
export interface LoadCell {
  path: string;
  implementation: string;
  /** Closed-loop workers: each sends its next call as soon as the previous one returned. */
  concurrency: number;
  rounds: number;
  /** Calls that succeeded, over all rounds. */
  requests: number;
  errors: number;
  /** The first error's message, when there was one. */
  firstError: string | null;
  /** Wall time measured over all rounds (ms). */
  elapsedMs: number;
  /** requests / elapsed time over all rounds. */
  reqPerSec: number;
  /** req/s of each round, in round order. */
  roundReqPerSec: number[];
  /** Latency percentiles of the successful calls (ms), all rounds pooled. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** This process's CPU time (user + system, process.cpuUsage) per successful call, µs. */
  cpuUsPerRequest: number | null;
  /** req/s / sql's req/s on the same path at the same concurrency; null without sql. */
  ratioToSql: number | null;
  /** Lowest and highest per-round ratio to sql (rounds run sql and this implementation side by side). */
  ratioRange: { low: number; high: number } | null;
}

/** A path or an implementation that could not run, and why. */
export interface LoadSkip {
  path: string;
  implementation: string | null;
  reason: string;
}

export interface LoadSettings {
  operation: string;
  implementations: string[];
  paths: string[];
  concurrencies: number[];
  /** Measured time per cell per round (ms). */
  durationMs: number;
  rounds: number;
  /** Most connections each implementation's pool opens (per path). */
  poolSize: number;
  /** Unmeasured warm-up per implementation and path before the sweep (ms). */
  warmupMs: number;
  /** A single call taking longer counts as an error and its worker moves on. */
  callTimeoutMs: number;
  /** A deliberate slowdown (BENCH_SLOWDOWN) when one was injected. */
  slowdown: { implementation: string; factor: number } | null;
  argv: string[];
}

export interface LoadResults {
  formatVersion: typeof LOAD_FORMAT_VERSION;
  generatedAt: string;
  durationMs: number;
  settings: LoadSettings;
  environment: Environment;
  /** Path name → what stood in for it. */
  pathDescriptions: Record<string, string>;
  cells: LoadCell[];
  /** Statements and sequential round trips of one call per implementation (node-postgres, captured before the sweep). */
  captures: BenchCapture[];
  skipped: LoadSkip[];
}
