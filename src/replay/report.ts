/**
 * The replay's figures, per call shape: verdict counts with the first examples, and per side the
 * median local latency, statements and sequential round trips, and the latency predicted at the
 * team's RTT with the benchmark's model (latency ≈ local time + sequential round trips × RTT, the
 * line src/bench fits per operation). JSON first; the Markdown is a rendering of it.
 */
import type { ReplayedCall, SideMeasure, Verdict } from "./engine.ts";

export const REPLAY_REPORT_FORMAT_VERSION = 1;
const VERDICTS: readonly Verdict[] = ["equal", "differ", "error-differs", "refused", "not-replayable"];
const EXAMPLES_PER_SHAPE = 3;

/** One side's figures for a shape. */
export interface SideFigures {
  medianMs: number;
  /** Median statements per call. */
  statements: number;
  /** Median sequential round trips per call. */
  roundTrips: number;
  /** medianMs + roundTrips × rttMs. */
  atRttMs: number;
}

export interface ShapeReport {
  shape: string;
  calls: number;
  verdicts: Record<Verdict, number>;
  /** Calls whose arguments were redaction placeholders. */
  placeholderCalls: number;
  /** Calls whose Prisma outcome matched the recording. */
  reproduced: number;
  examples: { index: number; verdict: Verdict; detail: string }[];
  prisma: SideFigures | null;
  facade: SideFigures | null;
}

export interface ReplayReport {
  formatVersion: typeof REPLAY_REPORT_FORMAT_VERSION;
  workload: string;
  schema: string;
  data: string;
  rttMs: number;
  latencyModel: string;
  calls: number;
  resets: number;
  totals: Record<Verdict, number>;
  /** Calls whose Prisma outcome in the replay matched the recording (see ReplayedCall.reproduced). */
  reproduced: number;
  shapes: ShapeReport[];
}

const median = (values: number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number): number => Math.round(n * 100) / 100;
const zeroVerdicts = (): Record<Verdict, number> =>
  Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;

function figures(measures: SideMeasure[], rttMs: number): SideFigures | null {
  if (measures.length === 0) return null;
  const medianMs = median(measures.map((m) => m.ms));
  const roundTrips = median(measures.map((m) => m.roundTrips));
  return {
    medianMs: round(medianMs),
    statements: median(measures.map((m) => m.statements)),
    roundTrips,
    atRttMs: round(medianMs + roundTrips * rttMs),
  };
}

function shapeReport(shape: string, calls: ReplayedCall[], rttMs: number): ShapeReport {
  const verdicts = zeroVerdicts();
  for (const c of calls) verdicts[c.verdict] += 1;
  return {
    shape,
    calls: calls.length,
    verdicts,
    placeholderCalls: calls.filter((c) => c.placeholders).length,
    reproduced: calls.filter((c) => c.reproduced).length,
    examples: calls
      .filter((c) => c.verdict !== "equal")
      .slice(0, EXAMPLES_PER_SHAPE)
      .map((c) => ({ index: c.index, verdict: c.verdict, detail: c.detail ?? "" })),
    prisma: figures(
      calls.flatMap((c) => (c.prisma ? [c.prisma] : [])),
      rttMs,
    ),
    facade: figures(
      calls.flatMap((c) => (c.facade ? [c.facade] : [])),
      rttMs,
    ),
  };
}

/** Builds the report from the replayed calls. */
export function buildReplayReport(input: {
  workload: string;
  schema: string;
  data: string;
  rttMs: number;
  resets: number;
  calls: ReplayedCall[];
}): ReplayReport {
  const byShape = new Map<string, ReplayedCall[]>();
  for (const call of input.calls) byShape.set(call.shape, [...(byShape.get(call.shape) ?? []), call]);
  const totals = zeroVerdicts();
  for (const call of input.calls) totals[call.verdict] += 1;
  const shapes = [...byShape].map(([shape, calls]) => shapeReport(shape, calls, input.rttMs));
  // Problems first, then the most frequent shapes.
  shapes.sort(
    (a, b) =>
      b.calls - b.verdicts.equal - (a.calls - a.verdicts.equal) || b.calls - a.calls || a.shape.localeCompare(b.shape),
  );
  return {
    formatVersion: REPLAY_REPORT_FORMAT_VERSION,
    workload: input.workload,
    schema: input.schema,
    data: input.data,
    rttMs: input.rttMs,
    latencyModel:
      "median local ms + median sequential round trips × rttMs (the benchmark's fitted line, not a measurement through a latency proxy)",
    calls: input.calls.length,
    resets: input.resets,
    totals,
    reproduced: input.calls.filter((c) => c.reproduced).length,
    shapes,
  };
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");
const side = (f: SideFigures | null): string =>
  f ? `${f.medianMs} ms, ${f.statements} st, ${f.roundTrips} rt → ${f.atRttMs} ms` : "–";

/** The report as Markdown. */
export function replayMarkdown(report: ReplayReport): string {
  const t = report.totals;
  const lines = [
    "# Replay: Prisma vs the facade on Drizzle",
    "",
    `Workload \`${report.workload}\` (${report.calls} calls, ${report.resets} resets), schema \`${report.schema}\`, data: ${report.data}.`,
    "",
    `**${t.equal} equal, ${t.differ} differ, ${t["error-differs"]} error differs, ${t.refused} refused by the facade, ${t["not-replayable"]} not replayable.**`,
    "",
    `Faithful to the recording: ${report.reproduced} of ${report.calls} calls had the outcome on Prisma (ok, or the same error) they had when recorded; the others named rows or state the replay's data does not have.`,
    "",
    `Latency at RTT ${report.rttMs} ms: ${report.latencyModel}. Per side: median local time, statements, round trips → predicted latency.`,
    "",
    "| call shape | calls | equal | differ | error differs | refused | prisma | facade |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...report.shapes.map(
      (s) =>
        `| \`${cell(s.shape.length > 160 ? `${s.shape.slice(0, 157)}...` : s.shape)}\` | ${s.calls} | ${s.verdicts.equal} | ${s.verdicts.differ} | ${s.verdicts["error-differs"]} | ${s.verdicts.refused} | ${side(s.prisma)} | ${side(s.facade)} |`,
    ),
  ];
  const problems = report.shapes.flatMap((s) =>
    s.examples.map((e) => `- call ${e.index} \`${cell(s.shape.slice(0, 100))}\`: **${e.verdict}** ${cell(e.detail)}`),
  );
  if (problems.length > 0) lines.push("", "## Differences and refusals (first examples per shape)", "", ...problems);
  return `${lines.join("\n")}\n`;
}
