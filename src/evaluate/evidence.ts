/**
 * From the steps' outputs to the decision's evidence: which numbers each criterion is scored on.
 * Also the latency estimate used when the benchmark did not run, built from the SQL comparison's
 * captured statements (server time + sequential round trips x RTT) and labelled as such.
 */
import type { ComparisonReport } from "../compare/types.ts";
import { DIVERGENCES } from "../repositories/divergences.ts";
import type { DecisionEvidence, RiskFinding } from "./decision.ts";
import type { BundleSection, ColdStartSection, InventorySection, LatencySection } from "./results.ts";
import type { ParityResult } from "../migrate/parity.ts";
import type { SmokeResult } from "./smoke.ts";

const INCUMBENT = "prisma";
const CANDIDATE = "drizzle";
/** The facade over Drizzle: the path the move takes, so its failures count as much as Drizzle's. */
const MIGRATION_PATH = "prisma-on-drizzle";
/** The RTTs charted when the benchmark did not say which it measured (its default set). */
const DEFAULT_RTTS = [0, 5, 25, 80];

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** RTTs to chart: the measured or default ones plus the team's, sorted. */
export function chartRtts(base: number[], teamRtt: number): number[] {
  return [...new Set([...base, teamRtt])].sort((a, b) => a - b);
}

/**
 * Latency predicted from the comparison: each operation's summed statement time (one run on the
 * evaluation's server, client-side) plus its sequential round trips times the RTT. It leaves out
 * the ORMs' own CPU time between statements, which only the benchmark measures.
 */
export function estimateLatency(comparison: ComparisonReport, teamRtt: number, path = "pg (TCP)"): LatencySection {
  const rtts = chartRtts(DEFAULT_RTTS, teamRtt);
  const cells: LatencySection["cells"] = [];
  for (const op of comparison.operations) {
    for (const [implementation, r] of Object.entries(op.implementations)) {
      if (r.result.error && !op.expectError) continue;
      const at = (rtt: number) => round(r.durationMs + r.sequentialRoundTrips * rtt);
      cells.push({
        operation: op.name,
        implementation,
        path,
        roundTrips: r.sequentialRoundTrips,
        serverMs: round(r.durationMs),
        p50Ms: null,
        p95Ms: null,
        ratioToSql: null,
        predictedMs: at(teamRtt),
        points: rtts.map((rttMs) => ({ rttMs, ms: at(rttMs), measured: false })),
      });
    }
  }
  return {
    source: "estimate",
    note: `Estimated, not benchmarked: the summed statement time of one captured run on ${comparison.postgres.server === "embedded" ? "the embedded server" : "DATABASE_URL's server"} plus sequential round trips x RTT. ORM CPU time between statements is not included; run the benchmark for measured p50/p95.`,
    referencePath: path,
    paths: [path],
    rtts,
    cells,
  };
}

/** The implementations whose table digest differs from the one most implementations share (none on a tie). */
export function outliers(digests: Record<string, { digest: string }>): string[] {
  const counts = new Map<string, number>();
  for (const { digest } of Object.values(digests)) counts.set(digest, (counts.get(digest) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length < 2 || ranked[0]![1] === ranked[1]![1]) return [];
  const majority = ranked[0]![0];
  return Object.entries(digests)
    .filter(([, d]) => d.digest !== majority)
    .map(([name]) => name);
}

/** Everything that could make the move unsafe, found by this run. */
function riskFindings(input: {
  smoke: SmokeResult[] | null;
  parity: ParityResult | null;
  comparison: ComparisonReport | null;
}): RiskFinding[] {
  const findings: RiskFinding[] = [];
  const critical = new Set([INCUMBENT, CANDIDATE, MIGRATION_PATH]);
  for (const s of input.smoke ?? []) {
    if (s.ok) continue;
    const failed = s.operations.find((o) => !o.ok);
    const what = s.error
      ? `could not be opened (${s.error})`
      : `failed ${failed?.name ?? "a check"}${failed?.error ? ` (${failed.error})` : ""}`;
    findings.push({
      severity: critical.has(s.implementation) ? "blocker" : "warning",
      text: `smoke check: ${s.implementation} ${what}`,
    });
  }
  if (input.parity && !input.parity.equal) {
    findings.push({
      severity: "blocker",
      text: `schema parity: the database built from drizzle/ differs from prisma/migrations in ${input.parity.differences.length} place(s), first: ${input.parity.differences[0]}`,
    });
  }
  const c = input.comparison;
  if (c) {
    for (const op of c.operations) {
      if (!op.results_equal) {
        const d = op.difference;
        const involved = d ? [d.implementation, d.reference] : Object.keys(op.implementations);
        findings.push({
          severity: involved.some((n) => critical.has(n)) ? "blocker" : "warning",
          text: `${op.name}: results differ${d ? ` (${d.implementation} vs ${d.reference} at ${d.path || "the top level"})` : ""}`,
        });
      }
      for (const [name, r] of Object.entries(op.implementations)) {
        if (r.flags.includes("unexpected-error"))
          findings.push({
            severity: critical.has(name) ? "blocker" : "warning",
            text: `${op.name}: ${name} failed unexpectedly (${r.result.error ?? "error"})`,
          });
        if (r.flags.includes("n+1") && (name === CANDIDATE || name === MIGRATION_PATH))
          findings.push({ severity: "warning", text: `${op.name}: ${name} issues N+1 queries` });
      }
    }
    for (const table of c.state.differing) {
      const odd = outliers(c.state.tables[table] ?? {});
      findings.push({
        severity: odd.some((n) => critical.has(n)) || odd.length === 0 ? "blocker" : "warning",
        text: `after the same operations, table ${table} ends up different${odd.length ? ` in ${odd.join(", ")} (the others agree)` : ""}: an operation's side effects differ`,
      });
    }
    for (const skipped of c.skipped) {
      if (critical.has(skipped.name))
        findings.push({ severity: "warning", text: `${skipped.name} was not compared: ${skipped.reason}` });
    }
  }
  for (const [name, divergences] of Object.entries(DIVERGENCES)) {
    for (const d of divergences)
      findings.push({ severity: "warning", text: `documented ${name} divergence in ${d.operation}: ${d.behaviour}` });
  }
  return findings;
}

/** The decision's evidence from whatever the steps produced (null where a step did not). */
export function collectEvidence(input: {
  latency: LatencySection | null;
  comparison: ComparisonReport | null;
  coldStart: ColdStartSection | null;
  bundle: BundleSection | null;
  inventory: InventorySection | null;
  smoke: SmokeResult[] | null;
  parity: ParityResult | null;
}): DecisionEvidence {
  const evidence: DecisionEvidence = {
    incumbent: INCUMBENT,
    candidate: CANDIDATE,
    latency: null,
    roundTrips: null,
    coldStart: null,
    bundleSize: null,
    migration: null,
    risk: null,
  };

  const l = input.latency;
  if (l) {
    const onPath = l.cells.filter((c) => c.path === l.referencePath);
    const operations = [...new Set(onPath.map((c) => c.operation))].flatMap((operation) => {
      const inc = onPath.find((c) => c.operation === operation && c.implementation === INCUMBENT);
      const cand = onPath.find((c) => c.operation === operation && c.implementation === CANDIDATE);
      return inc && cand ? [{ operation, incumbentMs: inc.predictedMs, candidateMs: cand.predictedMs }] : [];
    });
    if (operations.length) evidence.latency = { path: l.referencePath, source: l.source, operations };
  }

  const c = input.comparison;
  if (c && c.implementations.includes(INCUMBENT) && c.implementations.includes(CANDIDATE)) {
    const sum = (name: string) =>
      c.operations.reduce((n, op) => n + (op.implementations[name]?.sequentialRoundTrips ?? 0), 0);
    evidence.roundTrips = {
      incumbent: sum(INCUMBENT),
      candidate: sum(CANDIDATE),
      baseline: c.baseline ? sum(c.baseline) : null,
      operations: c.operations.length,
    };
  }

  const cs = input.coldStart;
  if (cs?.implementations[INCUMBENT] && cs.implementations[CANDIDATE]) {
    evidence.coldStart = {
      path: cs.path,
      incumbentMs: cs.implementations[INCUMBENT].medianMs,
      candidateMs: cs.implementations[CANDIDATE].medianMs,
    };
  }
  const b = input.bundle;
  if (b?.implementations[INCUMBENT] && b.implementations[CANDIDATE]) {
    evidence.bundleSize = {
      incumbentBytes: b.implementations[INCUMBENT].gzipBytes,
      candidateBytes: b.implementations[CANDIDATE].gzipBytes,
    };
  }
  const inv = input.inventory;
  if (inv) {
    const s = inv.summary;
    evidence.migration = {
      directory: inv.directory,
      total: s.total,
      movable: s.movable,
      review: s.review,
      blocked: s.blocked,
      blockers: s.blockers,
    };
  }
  // Risk is only judged when the checks that can find problems ran.
  if (input.smoke || input.parity || input.comparison) evidence.risk = { findings: riskFindings(input) };
  return evidence;
}
