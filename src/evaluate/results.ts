/**
 * `report/results.json`: everything one evaluation produced, versioned. The Markdown and HTML
 * reports (src/report/) are renderings of this object and nothing else.
 *
 * Format history: 1 - first version. Still 1 with `app` (evaluate --project): an added, optional
 * section, absent (or null) in results written without it.
 */
import type { ComparisonReport } from "../compare/types.ts";
import type { InventorySummary } from "../inventory/index.ts";
import type { EvaluateConfig } from "./config.ts";
import type { Decision } from "./decision.ts";
import type { BundleSection, ColdStartSection } from "../bench/cold-start.ts";
import type { Environment } from "../bench/environment.ts";
import type { LoadResults } from "../bench/load/results.ts";
import type { ParityResult } from "../migrate/parity.ts";
import type { Verdict } from "../replay/engine.ts";
import type { SchemaParityResult } from "../schema/parity.ts";
import type { SmokeResult } from "./smoke.ts";
import type { StepRecord } from "./steps.ts";

export type { BundleSection, ColdStartSection } from "../bench/cold-start.ts";

export const RESULTS_FORMAT_VERSION = 1;

/** One point of a latency curve: total time of the operation at a round-trip time. */
export interface LatencyPoint {
  rttMs: number;
  ms: number;
  /** True when measured at this RTT; false when predicted from the fitted line. */
  measured: boolean;
}

/** One operation through one implementation on one path. */
export interface LatencyCell {
  operation: string;
  implementation: string;
  path: string;
  /** Sequential round trips per call: the slope of latency over RTT. */
  roundTrips: number;
  /** Time spent when the network costs nothing: the intercept. */
  serverMs: number;
  /** Measured percentiles at RTT 0 (null without the benchmark). */
  p50Ms: number | null;
  p95Ms: number | null;
  /** p50 divided by hand-written SQL's p50 for the same operation and path. */
  ratioToSql: number | null;
  /** The prediction at the team's RTT. */
  predictedMs: number;
  points: LatencyPoint[];
}

export interface LatencySection {
  /** `benchmark`: measured by src/bench; `estimate`: from one captured run of the SQL comparison. */
  source: "benchmark" | "estimate";
  /** How the figures were obtained, in one or two sentences. */
  note: string;
  /** The path the decision uses. */
  referencePath: string;
  paths: string[];
  /** RTTs on the charts' x axis. */
  rtts: number[];
  cells: LatencyCell[];
}

export interface InventorySection {
  directory: string;
  /** True when the directory is this project's own code standing in for the team's. */
  standIn: boolean;
  files: number;
  summary: InventorySummary;
}

/** compat:fuzz on the team's schema, as the evaluation keeps it. */
export interface AppFuzzSummary {
  runs: number;
  seed: number;
  compared: number;
  equal: number;
  mismatchCount: number;
  /** Every kind of mismatch (`model.op: result | state`). */
  signatures: string[];
  /** Operations the facade refused, per reason. */
  refusals: Record<string, number>;
  /** Models real Prisma Client itself cannot read on this schema (left out of the fuzz). */
  unreadable: string[];
}

/** The replay of the team's workload, in short; the whole report is in `file`. */
export interface AppReplaySummary {
  file: string;
  calls: number;
  shapes: number;
  totals: Record<Verdict, number>;
  reproduced: number;
  data: string;
}

/** `evaluate --project`: what was read from the team's app and what the app steps found. */
export interface AppSection {
  dir: string;
  schema: string;
  migrations: string | null;
  src: string;
  workload: string | null;
  /** Where each input came from (`--schema`, `package.json prisma.schema`, `found at src/`, ...). */
  origins: Record<"schema" | "migrations" | "src" | "workload", string>;
  /** The generated schema.ts and compat.ts (null when that step did not run). */
  drizzleDir: string | null;
  models: number | null;
  parity: SchemaParityResult | null;
  fuzz: AppFuzzSummary | null;
  replay: AppReplaySummary | null;
}

export interface EvaluationResults {
  formatVersion: typeof RESULTS_FORMAT_VERSION;
  generatedAt: string;
  durationMs: number;
  options: { full: boolean; argv: string[] };
  config: EvaluateConfig;
  environment: Environment;
  steps: StepRecord[];
  migrations: { applied: string[] } | null;
  seed: { scale: number; rows: Record<string, number>; durationMs: number } | null;
  parity: ParityResult | null;
  smoke: SmokeResult[] | null;
  comparison: ComparisonReport | null;
  latency: LatencySection | null;
  coldStart: ColdStartSection | null;
  bundle: BundleSection | null;
  inventory: InventorySection | null;
  /** Throughput under load (`evaluate --full` only); absent in results written before it existed. */
  load?: LoadResults | null;
  /** The team's app (`evaluate --project`); absent or null for an evaluation of the reference app alone. */
  app?: AppSection | null;
  decision: Decision;
}
