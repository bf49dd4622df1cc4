/**
 * The CI gate: each implementation's ratio to `sql` per operation, compared with the committed
 * baseline (bench/baseline.json). Ratios, never milliseconds: CI machines differ in speed, but an
 * ORM that starts sending an extra statement moves its ratio on any machine.
 *
 * These machines are shared and noisy, so a regression must be both LARGE and CLEAR: the ratio is
 * above `threshold` × the baseline ratio, AND the lower end of its 95% bootstrap interval is above
 * the baseline ratio as well. A measured flake in either direction of ±30% on a 1 ms operation
 * stays inside that; an extra round trip (2× at 5 ms RTT) does not.
 */
import type { BenchResults } from "./results.ts";

const BASELINE_FORMAT_VERSION = 1;

export interface Baseline {
  formatVersion: typeof BASELINE_FORMAT_VERSION;
  generatedAt: string;
  profile: string;
  /** `path|rtt|operation|implementation` → ratio of median to sql's median. */
  ratios: Record<string, number>;
}

export interface GateRow {
  key: string;
  baseline: number | null;
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

const keyOf = (c: { path: string; rttMs: number; operation: string; implementation: string }) => `${c.path}|${c.rttMs}|${c.operation}|${c.implementation}`;

/** The baseline a run would write (`--write-baseline`). */
export function baselineFrom(results: BenchResults): Baseline {
  const ratios: Record<string, number> = {};
  for (const c of results.cells) if (c.implementation !== "sql" && c.ratioToSql !== null) ratios[keyOf(c)] = c.ratioToSql;
  return { formatVersion: BASELINE_FORMAT_VERSION, generatedAt: results.generatedAt, profile: results.settings.profile, ratios };
}

/** Compares a run with the baseline; see the module comment for what counts as a regression. */
export function compareWithBaseline(results: BenchResults, baseline: Baseline, threshold = 1.5): GateResult {
  const rows: GateRow[] = [];
  const seen = new Set<string>();
  for (const c of results.cells) {
    if (c.implementation === "sql" || c.ratioToSql === null) continue;
    const key = keyOf(c);
    seen.add(key);
    const base = baseline.ratios[key] ?? null;
    const regressed = base !== null && c.ratioToSql > base * threshold && (c.ratioCi95?.low ?? c.ratioToSql) > base;
    rows.push({ key, baseline: base, current: c.ratioToSql, ci: c.ratioCi95, regressed });
  }
  return { rows, regressions: rows.filter((r) => r.regressed), missing: Object.keys(baseline.ratios).filter((k) => !seen.has(k)) };
}

/** The comparison as a table for the CI log. */
export function formatGate(gate: GateResult, threshold = 1.5): string {
  const lines = [`ratio to sql: baseline → this run [95% interval]; regression = above ${threshold}× baseline with the interval above the baseline too`];
  for (const r of gate.rows) {
    const ci = r.ci ? ` [${r.ci.low.toFixed(2)}–${r.ci.high.toFixed(2)}]` : "";
    lines.push(`${r.regressed ? "REGRESSED" : "ok       "} ${r.key.padEnd(58)} ${r.baseline === null ? "  (new)" : r.baseline.toFixed(2).padStart(7)} → ${r.current.toFixed(2)}${ci}`);
  }
  if (gate.missing.length > 0) lines.push(`not measured in this run (${gate.missing.length}): ${gate.missing.slice(0, 10).join(", ")}${gate.missing.length > 10 ? ", ..." : ""}`);
  lines.push(gate.regressions.length === 0 ? `bench gate: passed (${gate.rows.length} ratios compared)` : `bench gate: FAILED: ${gate.regressions.length} regression(s)`);
  return lines.join("\n");
}
