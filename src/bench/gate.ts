/**
 * The CI gate: each implementation's ratio to `sql` per operation, compared with the committed
 * baseline (bench/baseline.json). Ratios, never milliseconds: CI machines differ in speed, but an
 * ORM that starts sending an extra statement moves its ratio on any machine.
 *
 * These machines are shared and noisy, so a regression must be both LARGE and CLEAR: the ratio is
 * above `threshold` × the baseline ratio, AND the 95% bootstrap interval of this run's ratio lies
 * wholly above the baseline run's interval (they do not overlap). Comparing with the baseline's
 * interval, not its ratio alone, matters: a baseline is one run too, and at a load average of 16-25
 * on 2 cores its 1-ms cells held outliers (ratios of 0.12, 0.21) that made two later runs of
 * unchanged code "regress" 14 and 23 times; with the intervals, 0 times, while a 3× slowed Drizzle
 * still failed on 66 of its cells (docs/benchmark-ci.md). Baselines written before intervals were
 * recorded fall back to the baseline ratio as the upper end.
 *
 * A suspect is then confirmed: its cell is measured again, alone, with more samples, and only a cell
 * that regresses again fails the gate. A 5-sample cell at RTT 0 can catch one burst of other work
 * (seen in a quiet CI run: Prisma on pgbouncer 2.93× → 7.91× sql with its code unchanged), while a
 * real regression is there on every measurement (the 3×-slowed Drizzle of bench-gate.test.ts).
 */
import type { BenchResults } from "./results.ts";

const BASELINE_FORMAT_VERSION = 1;

export interface Baseline {
  formatVersion: typeof BASELINE_FORMAT_VERSION;
  generatedAt: string;
  profile: string;
  /** `path|rtt|operation|implementation` → ratio of median to sql's median. */
  ratios: Record<string, number>;
  /** The same keys → the 95% bootstrap interval of that ratio in the baseline run. */
  intervals?: Record<string, { low: number; high: number }>;
}

export interface GateRow {
  key: string;
  baseline: number | null;
  /** The baseline run's interval of its ratio, when recorded. */
  baselineCi: { low: number; high: number } | null;
  current: number;
  ci: { low: number; high: number } | null;
  regressed: boolean;
}

export interface GateResult {
  rows: GateRow[];
  regressions: GateRow[];
  /** Baseline cells this run did not measure. */
  missing: string[];
}

const keyOf = (c: { path: string; rttMs: number; operation: string; implementation: string }) =>
  `${c.path}|${c.rttMs}|${c.operation}|${c.implementation}`;

/** The baseline a run would write (`--write-baseline`). */
export function baselineFrom(results: BenchResults): Baseline {
  const ratios: Record<string, number> = {};
  const intervals: Record<string, { low: number; high: number }> = {};
  for (const c of results.cells) {
    if (c.implementation === "sql" || c.ratioToSql === null) continue;
    ratios[keyOf(c)] = c.ratioToSql;
    if (c.ratioCi95) intervals[keyOf(c)] = c.ratioCi95;
  }
  return {
    formatVersion: BASELINE_FORMAT_VERSION,
    generatedAt: results.generatedAt,
    profile: results.settings.profile,
    ratios,
    intervals,
  };
}

/** Compares a run with the baseline; see the module comment for what counts as a regression. */
export function compareWithBaseline(
  results: Pick<BenchResults, "cells">,
  baseline: Baseline,
  threshold = 1.5,
): GateResult {
  const rows: GateRow[] = [];
  const seen = new Set<string>();
  for (const c of results.cells) {
    if (c.implementation === "sql" || c.ratioToSql === null) continue;
    const key = keyOf(c);
    seen.add(key);
    const base = baseline.ratios[key] ?? null;
    const baseCi = baseline.intervals?.[key] ?? null;
    const regressed =
      base !== null && c.ratioToSql > base * threshold && (c.ratioCi95?.low ?? c.ratioToSql) > (baseCi?.high ?? base);
    rows.push({ key, baseline: base, baselineCi: baseCi, current: c.ratioToSql, ci: c.ratioCi95, regressed });
  }
  return {
    rows,
    regressions: rows.filter((r) => r.regressed),
    missing: Object.keys(baseline.ratios).filter((k) => !seen.has(k)),
  };
}

/** `path|rtt|operation|implementation` of a gate row, split. */
export function cellOfKey(key: string): { path: string; rttMs: number; operation: string; implementation: string } {
  const [path, rtt, operation, implementation] = key.split("|");
  return { path: path!, rttMs: Number(rtt), operation: operation!, implementation: implementation! };
}

/**
 * The gate after its suspects were re-measured (`confirm` compares the re-measured cells with the
 * same baseline): a first-pass regression stands only when its re-measured cell regresses too, or
 * could not be re-measured.
 */
export function confirmRegressions(first: GateResult, confirm: GateResult): GateResult {
  const again = new Map(confirm.rows.map((r) => [r.key, r]));
  const standing = first.regressions.filter((r) => again.get(r.key)?.regressed ?? true);
  const keys = new Set(standing.map((r) => r.key));
  return {
    rows: first.rows.map((r) => (r.regressed && !keys.has(r.key) ? { ...r, regressed: false } : r)),
    regressions: standing,
    missing: first.missing,
  };
}

/** The comparison as a table for the CI log. */
export function formatGate(gate: GateResult, threshold = 1.5): string {
  const lines = [
    `ratio to sql: baseline [95% interval] → this run [95% interval]; regression = above ${threshold}× baseline with this run's interval wholly above the baseline's`,
  ];
  for (const r of gate.rows) {
    const ci = r.ci ? ` [${r.ci.low.toFixed(2)}–${r.ci.high.toFixed(2)}]` : "";
    const baseCi = r.baselineCi ? ` [${r.baselineCi.low.toFixed(2)}–${r.baselineCi.high.toFixed(2)}]` : "";
    lines.push(
      `${r.regressed ? "REGRESSED" : "ok       "} ${r.key.padEnd(58)} ${r.baseline === null ? "  (new)" : r.baseline.toFixed(2).padStart(7)}${baseCi} → ${r.current.toFixed(2)}${ci}`,
    );
  }
  if (gate.missing.length > 0)
    lines.push(
      `not measured in this run (${gate.missing.length}): ${gate.missing.slice(0, 10).join(", ")}${gate.missing.length > 10 ? ", ..." : ""}`,
    );
  lines.push(
    gate.regressions.length === 0
      ? `bench gate: passed (${gate.rows.length} ratios compared)`
      : `bench gate: FAILED: ${gate.regressions.length} regression(s)`,
  );
  return lines.join("\n");
}
