/**
 * From raw cells to what the report states: each implementation's ratio to `sql` (same operation,
 * path and RTT, same run) with a bootstrap interval, the fitted `latency ≈ server + round trips ×
 * RTT` per operation × implementation × path, and the issue's targets checked against both.
 */
import type { BenchCapture, BenchCell, BenchFit, BenchResults, BenchServerTime } from "./results.ts";
import { fitLine, ratioInterval } from "./stats.ts";

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Adds ratios to `sql` to the cells and fits a line per operation × implementation × path. */
export function analyzeCells(
  cells: BenchCell[],
  rawSamples: Map<string, number[]>,
  captures: BenchCapture[],
  predictRttMs: number,
  keyOf: (cell: BenchCell) => string,
): { cells: BenchCell[]; fits: BenchFit[] } {
  const byKey = new Map(cells.map((c) => [`${c.path}|${c.rttMs}|${c.operation}|${c.implementation}`, c]));
  const withRatios = cells.map((cell) => {
    const baseline = byKey.get(`${cell.path}|${cell.rttMs}|${cell.operation}|sql`);
    if (!baseline || baseline.medianMs <= 0) return cell;
    const own = rawSamples.get(keyOf(cell)) ?? cell.samples;
    const base = rawSamples.get(keyOf(baseline)) ?? baseline.samples;
    const ci = ratioInterval(own, base);
    return {
      ...cell,
      ratioToSql: round3(cell.medianMs / baseline.medianMs),
      ratioCi95: { low: round3(ci.low), high: round3(ci.high) },
    };
  });

  const groups = new Map<string, BenchCell[]>();
  for (const cell of withRatios) {
    const key = `${cell.operation}|${cell.implementation}|${cell.path}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const fits: BenchFit[] = [];
  for (const group of groups.values()) {
    const rtts = new Set(group.map((c) => c.rttMs));
    if (rtts.size < 2) continue;
    const line = fitLine(group.map((c) => ({ x: c.rttMs, y: c.medianMs })));
    const first = group[0]!;
    const captured = captures.find((c) => c.operation === first.operation && c.implementation === first.implementation);
    fits.push({
      operation: first.operation,
      implementation: first.implementation,
      path: first.path,
      serverMs: round3(line.intercept),
      roundTripsFitted: round3(line.slope),
      roundTripsCaptured: captured?.sequentialRoundTrips ?? null,
      predictedMs: round3(line.predict(predictRttMs)),
      residuals: group.map((c) => ({
        rttMs: c.rttMs,
        fraction: round3((c.medianMs - line.predict(c.rttMs)) / line.predict(c.rttMs)),
      })),
    });
  }
  return { cells: withRatios, fits };
}

/** One of the issue's targets, checked against this run. */
export interface TargetCheck {
  target: string;
  /** null when this run has no data for it (e.g. the pg path was filtered out). */
  met: boolean | null;
  /** What was measured, and where it was missed by how much. */
  details: string[];
}

/** What {@link checkTargets} reads; `serverTimes` may be absent (older results, or not measured). */
export type TargetInput = Pick<BenchResults, "cells" | "fits" | "captures"> & { serverTimes?: BenchServerTime[] };

/** The three targets of the benchmark issue, each with its evidence. */
export function checkTargets(
  results: TargetInput,
  options: { ratioLimit?: number; fitTolerance?: number; fitRtt?: number } = {},
): TargetCheck[] {
  const ratioLimit = options.ratioLimit ?? 1.1;
  const fitTolerance = options.fitTolerance ?? 0.05;
  const fitRtt = options.fitRtt ?? 80;

  const tcp0 = results.cells.filter(
    (c) => c.implementation === "drizzle" && c.path === "pg" && c.rttMs === 0 && c.ratioToSql !== null,
  );
  const slow = tcp0.filter((c) => c.ratioToSql! > ratioLimit);
  const ratioTarget: TargetCheck = {
    target: `Drizzle median ≤ ${ratioLimit.toFixed(2)}× sql per operation on TCP (pg) at RTT 0`,
    met: tcp0.length === 0 ? null : slow.length === 0,
    details:
      tcp0.length === 0
        ? ["no Drizzle/sql cells on the pg path at RTT 0 in this run"]
        : tcp0.map((c) => attributeGap(results, c, ratioLimit)),
  };

  const reads = [...new Set(results.cells.filter((c) => c.kind === "read").map((c) => c.operation))];
  const trips = (implementation: string, operation: string) =>
    results.captures.find((c) => c.implementation === implementation && c.operation === operation);
  const compared = reads.filter((op) => trips("drizzle", op) && trips("sql", op));
  const unequal = compared.filter(
    (op) => trips("drizzle", op)!.sequentialRoundTrips !== trips("sql", op)!.sequentialRoundTrips,
  );
  // Captures are taken on node-postgres; on the other paths the fitted slopes (round trips per
  // call, measured) tell whether the driver adds any (postgres.js describes unprepared statements).
  const slope = (implementation: string, operation: string, path: string) =>
    results.fits.find((f) => f.implementation === implementation && f.operation === operation && f.path === path)
      ?.roundTripsFitted;
  const fittedPaths = [...new Set(results.fits.map((f) => f.path))].filter((p) => p !== "pg");
  const fittedUnequal = fittedPaths.flatMap((path) =>
    reads.flatMap((op) => {
      const d = slope("drizzle", op, path);
      const s = slope("sql", op, path);
      return d !== undefined && s !== undefined && Math.abs(d - s) > 0.5
        ? [`${op} on ${path}: Drizzle ${d.toFixed(2)}, sql ${s.toFixed(2)} round trips per call (fitted slope)`]
        : [];
    }),
  );
  const tripsTarget: TargetCheck = {
    target: "Drizzle's round trips equal sql's on every read",
    met: compared.length === 0 ? null : unequal.length === 0 && fittedUnequal.length === 0,
    details: [
      ...(compared.length === 0
        ? ["no captured reads for both Drizzle and sql"]
        : unequal.length === 0
          ? [`equal on all ${compared.length} reads on pg (captured statements)`]
          : unequal.map(
              (op) =>
                `${op}: Drizzle ${trips("drizzle", op)!.sequentialRoundTrips}, sql ${trips("sql", op)!.sequentialRoundTrips}${explain(results.captures, op)}`,
            )),
      ...fittedUnequal,
    ],
  };

  const at = results.fits.flatMap((f) => f.residuals.filter((r) => r.rttMs === fitRtt).map((r) => ({ f, r })));
  const off = at.filter(({ r }) => Math.abs(r.fraction) > fitTolerance);
  const fitTarget: TargetCheck = {
    target: `At ${fitRtt} ms RTT each cell within ${(fitTolerance * 100).toFixed(0)}% of its fitted line (the harness adds nothing)`,
    met: at.length === 0 ? null : off.length === 0,
    details:
      at.length === 0
        ? [`no cells at ${fitRtt} ms with a fitted line`]
        : off.length === 0
          ? [`met on all ${at.length} cells`]
          : [
              `${at.length - off.length} of ${at.length} cells within ${(fitTolerance * 100).toFixed(0)}%`,
              ...off
                .slice(0, 12)
                .map(
                  ({ f, r }) =>
                    `${f.operation} / ${f.implementation} / ${f.path}: ${(r.fraction * 100).toFixed(1)}% from the line`,
                ),
            ],
  };
  return [ratioTarget, tripsTarget, fitTarget];
}

/** The same operation, path and RTT through `implementation`. */
function sibling(cells: BenchCell[], cell: BenchCell, implementation: string): BenchCell | undefined {
  return cells.find(
    (c) =>
      c.implementation === implementation &&
      c.operation === cell.operation &&
      c.path === cell.path &&
      c.rttMs === cell.rttMs,
  );
}

const signedUs = (us: number) => `${us >= 0 ? "+" : "−"}${Math.abs(Math.round(us))} µs/call`;

/**
 * One operation's line of the ratio target: "met", or "missed" with the gap to sql split into what
 * was measured (see {@link measuredGap}).
 */
export function attributeGap(results: TargetInput, cell: BenchCell, ratioLimit: number): string {
  const ratio = `${cell.ratioToSql!.toFixed(2)}×${cell.ratioCi95 ? ` (95% CI ${cell.ratioCi95.low.toFixed(2)}–${cell.ratioCi95.high.toFixed(2)})` : ""}`;
  if (cell.ratioToSql! <= ratioLimit) return `${cell.operation}: met, ${ratio}`;
  return `${cell.operation}: missed, ${ratio}: ${measuredGap(results, cell, "sql")}${roundTrips(results.captures, cell.operation)}`;
}

/**
 * The gap between `cell` and the same cell of `baseline` split into what was measured: client CPU
 * per call (`clientCpuUs`, process.cpuUsage around each timed call) and PostgreSQL's planning +
 * execution per call (`serverTimes`, EXPLAIN ANALYZE of every statement), and the rest of the
 * median wall-time gap, which neither explains (waiting: round trips, the scheduler). A cause that
 * was not measured is said to be unmeasured, never guessed.
 */
export function measuredGap(
  results: Pick<TargetInput, "cells" | "serverTimes">,
  cell: BenchCell,
  baseline: string,
): string {
  const base = sibling(results.cells, cell, baseline);
  const causes: string[] = [];
  const clientUs = cell.clientCpuUs !== null && base?.clientCpuUs != null ? cell.clientCpuUs - base.clientCpuUs : null;
  causes.push(clientUs !== null ? `client ${signedUs(clientUs)}` : "client not measured");
  const server = (implementation: string) =>
    results.serverTimes?.find((t) => t.operation === cell.operation && t.implementation === implementation);
  const own = server(cell.implementation);
  const theirs = server(baseline);
  const serverUs = own && theirs ? own.serverUs - theirs.serverUs : null;
  causes.push(
    serverUs !== null
      ? `server ${signedUs(serverUs)}${own!.unexplained + theirs!.unexplained > 0 ? " (some statements could not be explained)" : ""}`
      : "server not measured",
  );
  const wallUs = base ? (cell.medianMs - base.medianMs) * 1000 : null;
  // What neither explains: waiting (round trips, the scheduler of a busy machine) and noise.
  const rest =
    wallUs !== null && clientUs !== null && serverUs !== null ? `, rest ${signedUs(wallUs - clientUs - serverUs)}` : "";
  return `${causes.join(", ")}${wallUs === null ? "" : ` of a median gap of ${signedUs(wallUs)}${rest}`}`;
}

/** Round trips of Drizzle and sql for `operation` when they differ (a cause of its own), else "". */
function roundTrips(captures: BenchCapture[], operation: string): string {
  const d = captures.find((c) => c.implementation === "drizzle" && c.operation === operation);
  const s = captures.find((c) => c.implementation === "sql" && c.operation === operation);
  if (!d || !s || d.sequentialRoundTrips === s.sequentialRoundTrips) return "";
  return `; Drizzle waits for ${d.sequentialRoundTrips} round trip(s), sql for ${s.sequentialRoundTrips}`;
}

/** The statements Drizzle and sql send for `operation`, when they differ, as a reason behind a missed target. */
function explain(captures: BenchCapture[], operation: string): string {
  const d = captures.find((c) => c.implementation === "drizzle" && c.operation === operation);
  const s = captures.find((c) => c.implementation === "sql" && c.operation === operation);
  if (!d || !s) return "";
  if (d.statements === s.statements && d.sequentialRoundTrips === s.sequentialRoundTrips) return "";
  return ` (Drizzle sends ${d.statements} statement(s) in ${d.sequentialRoundTrips} round trip(s), sql ${s.statements} in ${s.sequentialRoundTrips})`;
}
