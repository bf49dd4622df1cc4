/**
 * `report/bench/results.json`: what one benchmark run measured, versioned. results.md (markdown.ts)
 * and the evaluate report are renderings of this object. Figures are kept with their sample
 * counts; nothing here is computed from anything but the samples of this run.
 *
 * Format history: 1 - first version. 2 - `clientCpuUs` per cell and `serverTimes` (cause
 * attribution: client CPU and PostgreSQL's own time per call).
 */
import type { BundleGroups } from "./bundle-attribution.ts";
import type { Environment } from "./environment.ts";
import type { BenchServerTime } from "./server-time.ts";

export type { BenchServerTime } from "./server-time.ts";

export const BENCH_FORMAT_VERSION = 2;

/** One operation through one implementation on one path at one RTT. */
export interface BenchCell {
  operation: string;
  kind: "read" | "write";
  implementation: string;
  path: string;
  rttMs: number;
  /** Recorded samples (after warm-up). */
  n: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  /** 95% bootstrap interval of the median. */
  ci95: { low: number; high: number };
  /** median / sql's median, same operation, path and RTT, same run; null without sql. */
  ratioToSql: number | null;
  ratioCi95: { low: number; high: number } | null;
  /** Every recorded sample, ms, in the order taken (rounded to microseconds). */
  samples: number[];
  /** Median client CPU per call, µs (`process.cpuUsage` around each recorded call); null if not measured. */
  clientCpuUs: number | null;
}

/** A cell that could not run, and why. */
export interface BenchSkip {
  operation: string | null;
  implementation: string | null;
  path: string;
  rttMs: number | null;
  /** `unsupported`: the path cannot do it by design; `unavailable`: missing here; `failed`: an error. */
  kind: "unsupported" | "unavailable" | "failed";
  reason: string;
}

/** latency ≈ serverMs + roundTrips × RTT, fitted over the RTTs of one operation × implementation × path. */
export interface BenchFit {
  operation: string;
  implementation: string;
  path: string;
  serverMs: number;
  /** Slope: measured sequential round trips. */
  roundTripsFitted: number;
  /** Sequential round trips counted from the captured statements (pg path), when captured. */
  roundTripsCaptured: number | null;
  /** The prediction at `predictRttMs`. */
  predictedMs: number;
  /** Per measured RTT: how far the median is from the line, as a fraction of the line. */
  residuals: { rttMs: number; fraction: number }[];
}

/** What one implementation sends for one operation (captured on the pg path, one call after warm-up). */
export interface BenchCapture {
  operation: string;
  implementation: string;
  statements: number;
  sequentialRoundTrips: number;
  sql: string[];
}

export interface ColdStartCell {
  implementation: string;
  path: string;
  samples: number;
  medianMs: number;
  importMs: number;
  firstQueryMs: number;
}

/**
 * The cold start of one implementation's factory bundled alone, as an application ships it (the
 * bundle `bundle` measures), on the pg path: ms from process start to the first query's result,
 * one sample per fresh process, interleaved across implementations.
 */
export interface ShippedColdStart {
  implementation: string;
  medianMs: number;
  samplesMs: number[];
  /**
   * Per sample (same order): process start to the bundle evaluated; the rest of the sample is client
   * creation, connection and the first query. Absent in results written before it existed.
   */
  importSamplesMs?: number[];
}

export interface BenchResults {
  formatVersion: typeof BENCH_FORMAT_VERSION;
  generatedAt: string;
  durationMs: number;
  settings: {
    operations: string[];
    implementations: string[];
    paths: string[];
    rtts: number[];
    warmup: number;
    /** Unrecorded rounds before each path's first RTT (JIT warm-up); absent in runs made before it existed. */
    jitWarmup?: number;
    minSamples: number;
    maxSamples: number;
    cellBudgetMs: number;
    predictRttMs: number;
    profile: string;
    argv: string[];
  };
  environment: Environment;
  /** Path name → what stood in for it (local stand-ins are named as such). */
  pathDescriptions: Record<string, string>;
  cells: BenchCell[];
  skipped: BenchSkip[];
  fits: BenchFit[];
  captures: BenchCapture[];
  coldStart: ColdStartCell[];
  /** `groups`: minified bytes per npm package or src/ folder (esbuild's metafile); absent in older results. */
  bundle: Record<string, { rawBytes: number; gzipBytes: number; groups?: BundleGroups }>;
  /** Absent in results written before it existed, and when cold starts were skipped. */
  coldStartShipped?: ShippedColdStart[];
  /** PostgreSQL's planning + execution time per call, per operation × implementation (server-time.ts). */
  serverTimes: BenchServerTime[];
}
