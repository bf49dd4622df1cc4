/**
 * The comparison report, `report/sql/comparison.json`. The names in the shape are kept
 * (`generatedAt`, `postgres.version`, `operations[].name`, `results_equal`, `implementations`,
 * `statements[].sql|params|cost`, `roundTrips`, `flags`); the rest is additional detail.
 */
import type { PlanNode } from "./explain.ts";

/**
 * - `n+1`: the statement count grows with the size of the data (measured at two sizes).
 * - `extra-round-trips`: more round trips than the hand-written `sql` baseline.
 * - `results-differ`: the normalized result differs from the other implementations'.
 * - `unexpected-error`: the operation failed although it should have succeeded (or failed with another code).
 */
export type ComparisonFlag = "n+1" | "extra-round-trips" | "results-differ" | "unexpected-error";

export interface StatementReport {
  /** Normalized: whitespace collapsed, keywords upper-cased, unneeded identifier quotes dropped, `$n` kept. */
  sql: string;
  /** The same statement laid out one clause per line. */
  formatted: string;
  /** Parameter values as JSON (Dates as ISO strings, binary as hex). */
  params: unknown[];
  /** EXPLAIN's total cost of the root plan node; null when not explained (see `explain`). */
  cost: number | null;
  command: string | null;
  /** Rows the statement returned to the client. */
  rows: number;
  /** Rows affected or returned per the command tag. */
  rowCount: number | null;
  durationMs: number;
  /** Statements with the same number shared one round trip. */
  roundTrip: number;
  connection: number;
  /** The first plan nodes, depth-first. */
  plan: PlanNode[];
  /** Why there is no cost, when there is none. */
  explain?: string;
  /** With `--analyze`: the server's execution time of the replay. */
  executionMs?: number;
  error?: { code?: string; message: string };
}

export interface SizeProbe {
  description: string;
  statementCount: number;
  roundTrips: number;
  resultSize: number;
}

export interface ImplementationResult {
  statements: StatementReport[];
  statementCount: number;
  roundTrips: number;
  /** Round trips that waited for the previous ones (concurrent exchanges on other connections overlap). */
  sequentialRoundTrips: number;
  /** Rows returned to the client over all statements. */
  rowsRead: number;
  rowsAffected: number;
  /** Sum of statement durations (client-side, noisy: for orientation, not a benchmark). */
  durationMs: number;
  /** Sum of the explained statements' costs; null when none was explained. */
  totalCost: number | null;
  /** Physical connections opened during the operation. */
  connectionsOpened: number;
  /** The operation at a smaller size (when it has one) next to the main run. */
  sizeProbe?: { small: SizeProbe; main: SizeProbe };
  result: { digest: string; size: number; error?: string };
  flags: ComparisonFlag[];
}

export interface OperationReport {
  name: string;
  description: string;
  /** Expected failure code for failure-path scenarios. */
  expectError?: string;
  results_equal: boolean;
  /** When results differ: where, between which implementations. */
  difference?: { implementation: string; reference: string; path: string; expected: string; actual: string };
  implementations: Record<string, ImplementationResult>;
}

export interface ImplementationTotals {
  statementCount: number;
  roundTrips: number;
  rowsRead: number;
  totalCost: number;
  durationMs: number;
  flagged: number;
}

export interface ComparisonReport {
  generatedAt: string;
  postgres: { version: string; server: "embedded" | "DATABASE_URL" };
  seed: { scale: number; rows: Record<string, number> };
  /** Implementations compared, in column order. */
  implementations: string[];
  /** The implementation round trips are compared with (`sql`), or null when it did not run. */
  baseline: string | null;
  analyze: boolean;
  /** Implementations requested but not run, and why. */
  skipped: { name: string; reason: string }[];
  operations: OperationReport[];
  /**
   * The tables after every scenario ran, per implementation: rows and a digest with generated ids
   * and fresh timestamps masked. Catches differing side effects of operations that return nothing.
   */
  state: {
    equal: boolean;
    differing: string[];
    tables: Record<string, Record<string, { rows: number; digest: string }>>;
  };
  totals: Record<string, ImplementationTotals>;
  /** Seconds per step, for orientation. */
  timings: Record<string, number>;
}
