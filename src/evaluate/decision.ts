/**
 * The decision: each criterion of docs/decision.md scored from this run's evidence on one scale,
 * -1 (strongly for staying on Prisma) to +1 (strongly for Drizzle), weighted by the team's config.
 * Pure functions of the evidence, so the report can show exactly which numbers produced the verdict.
 */
import { CRITERIA, type Criterion, type EvaluateConfig } from "./config.ts";

/**
 * Where a criterion's figures came from: the team's app (`evaluate --project`: their source, their
 * schema, their replayed workload), this repo's reference operations (the sample app's benchmark,
 * SQL comparison, cold starts, bundles), or both (risk: findings of each).
 */
export type CriterionOrigin = "app" | "reference" | "app+reference";

/** Per-criterion evidence, each null when the step that measures it did not produce data. */
export interface DecisionEvidence {
  incumbent: string;
  candidate: string;
  /** Predicted latency at the team's RTT per operation, both implementations, on the reference path. */
  latency: {
    path: string;
    /** `replay`: the team's recorded calls, Prisma against the facade on Drizzle. */
    source: "benchmark" | "estimate" | "replay";
    operations: { operation: string; incumbentMs: number; candidateMs: number }[];
  } | null;
  /** Sequential round trips summed over every compared operation. */
  roundTrips: { incumbent: number; candidate: number; baseline: number | null; operations: number } | null;
  /** Time from process start to the first query result (median), on the reference path. */
  coldStart: { path: string; incumbentMs: number; candidateMs: number } | null;
  /** Minified + gzipped bytes of each implementation's bundled entry. */
  bundleSize: { incumbentBytes: number; candidateBytes: number } | null;
  /** The call-site inventory of the team's Prisma code against the compat facade. */
  migration: {
    directory: string;
    total: number;
    movable: number;
    review: number;
    blocked: number;
    blockers: Record<string, number>;
  } | null;
  /** What could make the move unsafe; `blocker` findings stop a "switch" recommendation. */
  risk: { findings: RiskFinding[] } | null;
  /** Where each criterion's figures came from; a criterion not listed came from the reference operations. */
  origins?: Partial<Record<Criterion, CriterionOrigin>>;
}

export interface RiskFinding {
  severity: "blocker" | "warning";
  text: string;
}

export interface CriterionScore {
  id: Criterion;
  title: string;
  /** The configured weight. */
  weight: number;
  /** Weight share among the criteria with data (0 when there is none). */
  share: number;
  /** -1..+1; positive favours the candidate. Null: no data this run. */
  score: number | null;
  /** The numbers behind the score, in one sentence. */
  evidence: string;
  /** How the score is computed (the rule from docs/decision.md). */
  rule: string;
  /** Where its figures came from (absent in results written before `evaluate --project`: reference). */
  origin?: CriterionOrigin;
}

export type Recommendation = "switch" | "stay" | "undecided" | "fix-first" | "insufficient-evidence";

export interface Decision {
  incumbent: string;
  candidate: string;
  rttMs: number;
  criteria: CriterionScore[];
  /** Weighted mean of the scores that have data, -1..+1. */
  score: number;
  /** Share of the total weight that had data. */
  coverage: number;
  recommendation: Recommendation;
  thresholds: { switch: number; stay: number };
  /** One line. */
  headline: string;
  /** The terminal's and the report's one-paragraph verdict. */
  verdict: string;
  /** Every risk finding, blockers first. */
  findings: RiskFinding[];
}

const TITLES: Record<Criterion, string> = {
  latency: "Latency at your RTT",
  roundTrips: "Round trips",
  coldStart: "Cold start",
  bundleSize: "Bundle size",
  migrationCost: "Migration cost",
  risk: "Risk",
};

export const RULES: Record<Criterion, string> = {
  latency:
    "log2 of the geometric mean of incumbent/candidate predicted latency over the operations, clamped to [-1, 1]: 2x faster = +1",
  roundTrips: "log2(incumbent round trips / candidate round trips), clamped to [-1, 1]",
  coldStart: "log2(incumbent / candidate time to first result), clamped to [-1, 1]",
  bundleSize: "log2(incumbent / candidate gzipped bytes), clamped to [-1, 1]",
  migrationCost:
    "-(blocked + 0.5 x review) / call sites: 0 when every call site runs on the facade unchanged, -1 when none does",
  risk: "-0.25 per warning, -1 with any blocker (a blocker also turns the recommendation into fix-first)",
};

const clamp = (x: number): number => Math.max(-1, Math.min(1, x));
/** Positive when the candidate's figure is smaller (better); 2x smaller = +1. */
export const ratioScore = (incumbent: number, candidate: number): number =>
  incumbent > 0 && candidate > 0 ? clamp(Math.log2(incumbent / candidate)) : 0;
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const ms = (x: number): string => (x >= 100 ? `${Math.round(x)} ms` : `${round(x, 1)} ms`);
const kib = (bytes: number): string => `${round(bytes / 1024, 1)} KiB`;
const times = (incumbent: number, candidate: number): string =>
  candidate <= incumbent ? `${round(incumbent / candidate)}x less` : `${round(candidate / incumbent)}x more`;

function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

interface Scored {
  score: number | null;
  /** The numbers behind the score, in one sentence. */
  evidence: string;
  /** A short clause for the verdict paragraph ("needs 46 round trips where Prisma needs 118"). */
  claim: string;
}

function scoreOne(id: Criterion, e: DecisionEvidence, rttMs: number): Scored {
  const { incumbent: inc, candidate: cand } = e;
  const Inc = capitalize(inc);
  const Cand = capitalize(cand);
  const none = (what: string): Scored => ({ score: null, evidence: `no ${what} this run`, claim: "" });
  switch (id) {
    case "latency": {
      const ops = e.latency?.operations.filter((o) => o.incumbentMs > 0 && o.candidateMs > 0) ?? [];
      if (!e.latency || ops.length === 0) return none("latency figures");
      const ratio = geometricMean(ops.map((o) => o.incumbentMs / o.candidateMs));
      const faster = ops.filter((o) => o.candidateMs < o.incumbentMs).length;
      const estimated = e.latency.source === "estimate";
      const how =
        e.latency.source === "replay"
          ? `your recorded calls replayed, ${cand} through the facade: median local time + round trips x RTT`
          : estimated
            ? "estimated from the captured statements; the benchmark did not run"
            : "benchmark fit";
      const relation = ratio >= 1 ? `${round(ratio)}x faster than` : `${round(1 / ratio)}x slower than`;
      return {
        score: ratioScore(ratio, 1),
        evidence: `at ${rttMs} ms RTT on ${e.latency.path} (${how}), ${cand} is ${relation} ${inc} on the geometric mean of ${ops.length} operations, and faster on ${faster} of them`,
        claim: `at ${rttMs} ms RTT ${Cand} is ${estimated ? "an estimated " : ""}${relation} ${Inc} over ${ops.length} operations`,
      };
    }
    case "roundTrips": {
      const r = e.roundTrips;
      if (!r) return none("SQL comparison");
      const floor = r.baseline === null ? "" : `; hand-written SQL needs ${r.baseline}`;
      const over = e.origins?.roundTrips === "app" ? "of your recorded calls" : "operations";
      return {
        score: ratioScore(r.incumbent, r.candidate),
        evidence: `${cand} needs ${r.candidate} sequential round trips over ${r.operations} ${over}, ${inc} ${r.incumbent} (${times(r.incumbent, r.candidate)})${floor}`,
        claim: `${Cand} waits for ${r.candidate} round trips where ${Inc} waits for ${r.incumbent}${r.baseline === null ? "" : ` (hand-written SQL: ${r.baseline})`}`,
      };
    }
    case "coldStart": {
      const c = e.coldStart;
      if (!c) return none("cold-start measurement");
      return {
        score: ratioScore(c.incumbentMs, c.candidateMs),
        evidence: `first query result after process start on ${c.path}: ${cand} ${ms(c.candidateMs)}, ${inc} ${ms(c.incumbentMs)}`,
        claim: `a cold start reaches its first result in ${ms(c.candidateMs)} with ${Cand}, ${ms(c.incumbentMs)} with ${Inc}`,
      };
    }
    case "bundleSize": {
      const b = e.bundleSize;
      if (!b) return none("bundle measurement");
      return {
        score: ratioScore(b.incumbentBytes, b.candidateBytes),
        evidence: `minified + gzipped: ${cand} ${kib(b.candidateBytes)}, ${inc} ${kib(b.incumbentBytes)}`,
        claim: `the bundle is ${kib(b.candidateBytes)} with ${Cand} and ${kib(b.incumbentBytes)} with ${Inc} (gzip)`,
      };
    }
    case "migrationCost": {
      const m = e.migration;
      if (!m) return none("call-site inventory");
      if (m.total === 0)
        return {
          score: 0,
          evidence: `no Prisma call sites found in ${m.directory}`,
          claim: `no Prisma call sites were found in ${m.directory}`,
        };
      const top = Object.entries(m.blockers)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([k, n]) => `${k} (${n})`)
        .join(", ");
      return {
        score: clamp(-(m.blocked + 0.5 * m.review) / m.total),
        evidence: `${m.movable} of ${m.total} Prisma call sites in ${m.directory} run on the facade unchanged, ${m.review} need review, ${m.blocked} must be rewritten${top ? `; blockers: ${top}` : ""}`,
        claim: `${m.movable} of ${m.total} Prisma call sites run on the facade unchanged${m.blocked ? ` and ${m.blocked} must be rewritten` : ""}`,
      };
    }
    case "risk": {
      const r = e.risk;
      if (!r) return none("correctness checks");
      const blockers = r.findings.filter((f) => f.severity === "blocker");
      const warnings = r.findings.filter((f) => f.severity === "warning");
      if (r.findings.length === 0)
        return {
          score: 0,
          evidence: "smoke checks, schema parity and the SQL comparison found no difference in behaviour",
          claim: "no difference in behaviour was found",
        };
      const listed = [...blockers, ...warnings].map((f) => f.text).join("; ");
      return {
        score: blockers.length ? -1 : clamp(-0.25 * warnings.length),
        evidence: `${blockers.length} blocker(s), ${warnings.length} warning(s): ${listed}`,
        claim: `${blockers.length ? `${blockers.length} blocker(s)` : ""}${blockers.length && warnings.length ? " and " : ""}${warnings.length ? `${warnings.length} warning(s)` : ""} came up`,
      };
    }
  }
}

const WORDS: Record<Recommendation, string> = {
  switch: "Switch to {candidate}, call site by call site through the facade",
  stay: "Stay on {incumbent}",
  undecided: "No strong case either way: stay on {incumbent} unless another reason tips it",
  "fix-first": "Do not switch yet: fix the blockers first",
  "insufficient-evidence": "Not enough evidence for a recommendation",
};

/** Scores every criterion and turns the weighted score into a recommendation. */
export function decide(evidence: DecisionEvidence, config: EvaluateConfig): Decision {
  const scored = CRITERIA.map((id) => ({ id, ...scoreOne(id, evidence, config.rttMs) }));
  const totalWeight = CRITERIA.reduce((sum, c) => sum + config.weights[c], 0);
  const availableWeight = scored.filter((s) => s.score !== null).reduce((sum, s) => sum + config.weights[s.id], 0);
  const criteria: CriterionScore[] = scored.map((s) => ({
    id: s.id,
    title: TITLES[s.id],
    weight: config.weights[s.id],
    share: s.score === null || availableWeight === 0 ? 0 : config.weights[s.id] / availableWeight,
    score: s.score === null ? null : round(s.score, 3),
    evidence: s.evidence,
    rule: RULES[s.id],
    origin: evidence.origins?.[s.id] ?? "reference",
  }));
  const score = round(
    criteria.reduce((sum, c) => sum + (c.score ?? 0) * c.share, 0),
    3,
  );
  const coverage = totalWeight === 0 ? 0 : round(availableWeight / totalWeight, 3);
  const blockers = evidence.risk?.findings.filter((f) => f.severity === "blocker") ?? [];
  // Half the weight without data means the score mostly reflects what happened to run.
  const recommendation: Recommendation =
    coverage < 0.5
      ? "insufficient-evidence"
      : blockers.length
        ? "fix-first"
        : score >= config.switchThreshold
          ? "switch"
          : score <= config.stayThreshold
            ? "stay"
            : "undecided";
  const headline = WORDS[recommendation]
    .replace("{candidate}", capitalize(evidence.candidate))
    .replace("{incumbent}", capitalize(evidence.incumbent));
  return {
    incumbent: evidence.incumbent,
    candidate: evidence.candidate,
    rttMs: config.rttMs,
    criteria,
    score,
    coverage,
    recommendation,
    thresholds: { switch: config.switchThreshold, stay: config.stayThreshold },
    headline,
    findings: [...blockers, ...(evidence.risk?.findings.filter((f) => f.severity !== "blocker") ?? [])],
    verdict: verdictParagraph(
      headline,
      recommendation,
      criteria.map((c, i) => ({ ...c, claim: scored[i]!.claim })),
      score,
      coverage,
      config,
      blockers,
    ),
  };
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function verdictParagraph(
  headline: string,
  recommendation: Recommendation,
  scored: (CriterionScore & { claim: string })[],
  score: number,
  coverage: number,
  config: EvaluateConfig,
  blockers: RiskFinding[],
): string {
  const sign = (x: number): string => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));
  const measured = scored.filter((c) => c.score !== null);
  const missing = scored.filter((c) => c.score === null).map((c) => c.title.charAt(0).toLowerCase() + c.title.slice(1));
  // Near-zero scores are neither for nor against; they are left out of the argument.
  const pro = measured.filter((c) => c.score! > 0.05).sort((a, b) => b.score! * b.share - a.score! * a.share);
  const con = measured
    .filter((c) => c.score! < -0.05 && c.id !== "risk")
    .sort((a, b) => a.score! * a.share - b.score! * b.share);
  const sentences: string[] = [`${headline}.`];
  if (recommendation === "fix-first")
    sentences.push(
      `The run found ${blockers.length === 1 ? "a blocker" : `${blockers.length} blockers`}: ${blockers.map((b) => b.text).join("; ")}.`,
    );
  if (recommendation === "insufficient-evidence")
    sentences.push(`Only ${Math.round(coverage * 100)} % of the criteria's weight had data.`);
  const lean =
    score >= config.switchThreshold
      ? "towards switching"
      : score <= config.stayThreshold
        ? "towards staying"
        : "to neither side";
  sentences.push(
    `${recommendation === "fix-first" ? "Apart from that, the" : "The"} weighted score is ${sign(score)}, leaning ${lean} (switch at ${sign(config.switchThreshold)} or more, stay at ${sign(config.stayThreshold)} or less).`,
  );
  if (pro.length) sentences.push(`For the switch: ${pro.map((c) => c.claim).join("; ")}.`);
  if (con.length) sentences.push(`Against it: ${con.map((c) => c.claim).join("; ")}.`);
  if (missing.length) sentences.push(`Not measured this run: ${missing.join(", ")}.`);
  sentences.push(
    `Team RTT ${config.rttMs} ms, weights from ${config.source === "defaults" ? "the defaults" : config.source} (docs/decision.md).`,
  );
  return sentences.join(" ");
}
