/**
 * The report's view of results.json, shared by the Markdown and HTML renderings so both show the
 * same rows: one row per operation and implementation, with the comparison's counts and the
 * latency figures side by side.
 */
import type { ComparisonFlag } from "../compare/types.ts";
import type { EvaluationResults, LatencyCell } from "../evaluate/results.ts";

import { orderImplementations } from "../evaluate/display.ts";

export { IMPLEMENTATION_ORDER, orderImplementations } from "../evaluate/display.ts";

export interface OperationRow {
  operation: string;
  implementation: string;
  statements: number | null;
  /** Round trips that waited for the previous one (what RTT multiplies). */
  roundTrips: number | null;
  /** roundTrips / the baseline's, null without a baseline or with a zero baseline. */
  roundTripRatio: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  /** p50 / the baseline's p50 (benchmark only). */
  latencyRatio: number | null;
  predictedMs: number | null;
  flags: ComparisonFlag[];
  error: string | null;
}

export interface OperationGroup {
  operation: string;
  description: string;
  resultsEqual: boolean | null;
  rows: OperationRow[];
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** One group per operation, rows in implementation order, on the latency section's reference path. */
export function operationGroups(results: EvaluationResults): OperationGroup[] {
  const comparison = results.comparison;
  const latency = results.latency;
  const cells = new Map<string, LatencyCell>();
  for (const c of latency?.cells ?? []) if (c.path === latency?.referencePath) cells.set(`${c.operation}\u0000${c.implementation}`, c);
  const operations = comparison ? comparison.operations.map((o) => o.name) : [...new Set((latency?.cells ?? []).map((c) => c.operation))];
  const baseline = comparison?.baseline ?? "sql";
  return operations.map((operation) => {
    const op = comparison?.operations.find((o) => o.name === operation);
    const names = orderImplementations([...Object.keys(op?.implementations ?? {}), ...[...cells.values()].filter((c) => c.operation === operation).map((c) => c.implementation)]);
    const base = op?.implementations[baseline];
    const baseCell = cells.get(`${operation}\u0000${baseline}`);
    const rows = names.map((implementation): OperationRow => {
      const r = op?.implementations[implementation];
      const cell = cells.get(`${operation}\u0000${implementation}`);
      const roundTrips = r?.sequentialRoundTrips ?? cell?.roundTrips ?? null;
      const baseTrips = base?.sequentialRoundTrips ?? baseCell?.roundTrips ?? null;
      return {
        operation,
        implementation,
        statements: r?.statementCount ?? null,
        roundTrips,
        roundTripRatio: roundTrips !== null && baseTrips ? round(roundTrips / baseTrips) : null,
        p50Ms: cell?.p50Ms ?? null,
        p95Ms: cell?.p95Ms ?? null,
        latencyRatio: cell?.ratioToSql ?? (cell?.p50Ms && baseCell?.p50Ms ? round(cell.p50Ms / baseCell.p50Ms) : null),
        predictedMs: cell?.predictedMs ?? null,
        flags: r?.flags ?? [],
        error: r?.result.error ?? null,
      };
    });
    return { operation, description: op?.description ?? "", resultsEqual: op ? op.results_equal : null, rows };
  });
}

export const RECOMMENDATION_LABEL: Record<EvaluationResults["decision"]["recommendation"], string> = {
  switch: "Switch",
  stay: "Stay",
  undecided: "Undecided",
  "fix-first": "Fix first",
  "insufficient-evidence": "Insufficient evidence",
};

/** How the report names where a criterion's figures came from. */
export const ORIGIN_LABEL: Record<NonNullable<EvaluationResults["decision"]["criteria"][number]["origin"]>, string> = {
  app: "your app",
  reference: "reference",
  "app+reference": "your app + reference",
};
