/**
 * From the windows a load run measured to its cells (req/s, percentiles, CPU per request, ratio to
 * sql with the spread of the per-round ratios) and the throughput targets, met or missed with the
 * figures that explain it.
 */
import type { BenchCapture } from "../results.ts";
import { quantile } from "../stats.ts";
import type { LoadWindow } from "./driver.ts";
import type { LoadCell } from "./results.ts";

/** The windows of one implementation on one path at one concurrency, in round order. */
export interface MeasuredCell {
  path: string;
  implementation: string;
  concurrency: number;
  windows: LoadWindow[];
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const perSecond = (w: { requests: number; elapsedMs: number }): number =>
  w.elapsedMs > 0 ? (w.requests / w.elapsedMs) * 1000 : 0;

/** One cell's figures, before ratios. */
function summarizeCell(m: MeasuredCell): LoadCell {
  const requests = m.windows.reduce((s, w) => s + w.requests, 0);
  const elapsedMs = m.windows.reduce((s, w) => s + w.elapsedMs, 0);
  const latencies = m.windows.flatMap((w) => w.latenciesMs);
  const cpu = m.windows.reduce((s, w) => s + w.cpuMicros, 0);
  const pct = (q: number) => (latencies.length ? round(quantile(latencies, q)) : null);
  return {
    path: m.path,
    implementation: m.implementation,
    concurrency: m.concurrency,
    rounds: m.windows.length,
    requests,
    errors: m.windows.reduce((s, w) => s + w.errors, 0),
    firstError: m.windows.find((w) => w.firstError !== null)?.firstError ?? null,
    elapsedMs: round(elapsedMs, 1),
    reqPerSec: round(perSecond({ requests, elapsedMs }), 1),
    roundReqPerSec: m.windows.map((w) => round(perSecond(w), 1)),
    p50Ms: pct(0.5),
    p95Ms: pct(0.95),
    p99Ms: pct(0.99),
    cpuUsPerRequest: requests > 0 ? round(cpu / requests, 1) : null,
    ratioToSql: null,
    ratioRange: null,
  };
}

/** Every cell with its ratio to sql (same path and concurrency) and the range of per-round ratios. */
export function analyzeLoad(measured: MeasuredCell[]): LoadCell[] {
  const cells = measured.map(summarizeCell);
  for (const cell of cells) {
    const sql = cells.find(
      (c) => c.implementation === "sql" && c.path === cell.path && c.concurrency === cell.concurrency,
    );
    if (!sql || sql.reqPerSec === 0) continue;
    cell.ratioToSql = round(cell.reqPerSec / sql.reqPerSec);
    const perRound = cell.roundReqPerSec.flatMap((r, i) => (sql.roundReqPerSec[i] ? [r / sql.roundReqPerSec[i]] : []));
    if (perRound.length) cell.ratioRange = { low: round(Math.min(...perRound)), high: round(Math.max(...perRound)) };
  }
  return cells;
}

/** A target, met or missed (null: nothing measured to judge it by), with one line per cell. */
export interface LoadTarget {
  target: string;
  met: boolean | null;
  details: string[];
}

/** Drizzle ≥ 0.9× sql's req/s, and the facade ≥ 0.9× Drizzle's, at every concurrency on every path. */
export const LOAD_TARGET_RATIO = 0.9;

const rate = (x: number) => Math.round(x).toLocaleString("en-US");
const cpuText = (c: LoadCell) => (c.cpuUsPerRequest === null ? "?" : `${Math.round(c.cpuUsPerRequest)}`);

/**
 * What one call of `subject` sends against `reference`, when the two differ: then the gap is also
 * the code's (more statements, more round trips per request), not only each statement's cost.
 */
function statementDifference(captures: readonly BenchCapture[], subject: string, reference: string): string {
  const s = captures.find((c) => c.implementation === subject);
  const r = captures.find((c) => c.implementation === reference);
  if (!s || !r || (s.statements === r.statements && s.sequentialRoundTrips === r.sequentialRoundTrips)) return "";
  return `; per call ${subject} sends ${s.statements} statement(s) in ${s.sequentialRoundTrips} round trip(s), ${reference} ${r.statements} in ${r.sequentialRoundTrips}`;
}

/** Compares `subject` with `reference` at every path × concurrency both ran. */
function ratioTarget(
  cells: LoadCell[],
  captures: readonly BenchCapture[],
  subject: string,
  reference: string,
  target: string,
): LoadTarget {
  const details: string[] = [];
  let met: boolean | null = null;
  for (const s of cells.filter((c) => c.implementation === subject)) {
    const r = cells.find((c) => c.implementation === reference && c.path === s.path && c.concurrency === s.concurrency);
    if (!r || r.reqPerSec === 0) continue;
    const ratio = s.reqPerSec / r.reqPerSec;
    const ok = ratio >= LOAD_TARGET_RATIO && s.errors === 0;
    met = (met ?? true) && ok;
    const errors = s.errors > 0 ? `; ${s.errors} errors (${s.firstError})` : "";
    const missed = `MISSED${ratio < LOAD_TARGET_RATIO ? ` by ${Math.round((LOAD_TARGET_RATIO - ratio) * 100)} points` : ""}${statementDifference(captures, subject, reference)}`;
    details.push(
      `${s.path} × ${s.concurrency}: ${ratio.toFixed(2)}× (${rate(s.reqPerSec)} vs ${rate(r.reqPerSec)} req/s; client CPU ${cpuText(s)} vs ${cpuText(r)} µs/request) ${ok ? "met" : missed}${errors}`,
    );
  }
  return { target, met, details };
}

/** The two throughput targets of issue #16; `captures` (what one call sends) explain a miss further. */
export function checkLoadTargets(cells: LoadCell[], captures: readonly BenchCapture[] = []): LoadTarget[] {
  return [
    ratioTarget(cells, captures, "drizzle", "sql", `Drizzle ≥ ${LOAD_TARGET_RATIO}× sql req/s at every concurrency`),
    ratioTarget(
      cells,
      captures,
      "prisma-on-drizzle",
      "drizzle",
      `the facade (prisma-on-drizzle) ≥ ${LOAD_TARGET_RATIO}× Drizzle req/s at every concurrency`,
    ),
  ];
}
