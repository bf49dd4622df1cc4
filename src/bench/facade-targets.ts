/**
 * The facade's targets (issue #16, item 4: "a facade as light as Drizzle"), checked against one
 * run: prisma-on-drizzle (the Prisma repositories on the facade) against direct Drizzle, for bundle
 * size, cold start and latency per operation. Every figure is a ratio of two measurements taken in
 * the same run, side by side.
 */
import { type TargetCheck, measuredGap } from "./analysis.ts";
import { type GroupDifference, bundleDifferences } from "./bundle-attribution.ts";
import type { BenchCell, BenchResults, ShippedColdStart } from "./results.ts";
import { median, ratioInterval } from "./stats.ts";

/** The limits; the issue's values by default. */
export interface FacadeTargetLimits {
  /** prisma-on-drizzle's gzipped bundle ÷ Drizzle's. */
  gzipRatio: number;
  /** prisma-on-drizzle's median cold start ÷ Drizzle's. */
  coldStartRatio: number;
  /** prisma-on-drizzle's median latency ÷ Drizzle's, per operation on pg at RTT 0. */
  latencyRatio: number;
}

export const FACADE_TARGET_LIMITS: FacadeTargetLimits = { gzipRatio: 1.6, coldStartRatio: 1.1, latencyRatio: 1.15 };

const FACADE = "prisma-on-drizzle";
const DRIZZLE = "drizzle";
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const x2 = (ratio: number) => `${ratio.toFixed(2)}×`;
const missedBy = (ratio: number, limit: number) => `missed by ${((ratio / limit - 1) * 100).toFixed(0)}%`;

type BundleSize = BenchResults["bundle"][string];

/** Groups listed one by one in a missed gzip target's cause; the rest are summed on one line. */
const GROUPS_SHOWN = 8;

/**
 * Why the facade's bundle is bigger, from the two bundles' esbuild metafiles: what it carries beyond
 * Drizzle's per npm package or src/ folder, in minified bytes, with a gzip estimate at the facade
 * bundle's own compression ratio (gzip does not split by input, so per group it is an estimate),
 * then what it carries less of (Drizzle's own implementation), so the lines add up to the net gap.
 */
function gzipCause(facade: BundleSize, drizzle: BundleSize, limit: number): string[] {
  const needed = `${kib(facade.gzipBytes - limit * drizzle.gzipBytes)} of gzip to shed to meet it`;
  if (!facade.groups || !drizzle.groups) return [`${needed} (no per-package sizes recorded in this run)`];
  const gzipPerByte = facade.gzipBytes / facade.rawBytes;
  const gz = (bytes: number) => `≈ ${kib(bytes * gzipPerByte)} gzip`;
  const differences = bundleDifferences(facade.groups, drizzle.groups);
  const additions = differences.filter((d) => d.addedBytes > 0);
  const reductions = differences.filter((d) => d.addedBytes < 0);
  const total = (list: GroupDifference[]) => Math.abs(list.reduce((sum, d) => sum + d.addedBytes, 0));
  const rest = additions.slice(GROUPS_SHOWN);
  return [
    `${needed}; the facade bundle carries ${kib(total(additions))} minified (${gz(total(additions))}, at its ${(gzipPerByte * 100).toFixed(0)}% gzip ratio) beyond Drizzle's (esbuild metafile, per package or src/ folder):`,
    ...additions
      .slice(0, GROUPS_SHOWN)
      .map(
        (d) =>
          `+${kib(d.addedBytes)} (${gz(d.addedBytes)}) ${d.group}${d.baseBytes > 0 ? `: ${kib(d.bytes)} against ${kib(d.baseBytes)}` : ", only in the facade's bundle"}`,
      ),
    ...(rest.length > 0 ? [`+${kib(total(rest))} (${gz(total(rest))}) in ${rest.length} smaller groups`] : []),
    ...(reductions.length > 0
      ? [
          `−${kib(total(reductions))} where it carries less than Drizzle's: ${reductions
            .reverse()
            .map((d) => `${d.group} −${kib(-d.addedBytes)}`)
            .join(", ")}`,
        ]
      : []),
  ];
}

function gzipTarget(bundle: BenchResults["bundle"], limit: number): TargetCheck {
  const target = `Facade bundle (prisma-on-drizzle) gzip ≤ ${limit.toFixed(2)}× Drizzle's`;
  const facade = bundle[FACADE];
  const drizzle = bundle[DRIZZLE];
  if (!facade || !drizzle)
    return { target, met: null, details: ["no bundle sizes for both prisma-on-drizzle and drizzle in this run"] };
  const ratio = facade.gzipBytes / drizzle.gzipBytes;
  const figure = `${x2(ratio)}: ${kib(facade.gzipBytes)} against ${kib(drizzle.gzipBytes)}`;
  if (ratio <= limit) return { target, met: true, details: [figure] };
  return {
    target,
    met: false,
    details: [`${figure}, ${missedBy(ratio, limit)}`, ...gzipCause(facade, drizzle, limit)],
  };
}

/**
 * Why the facade's cold start is longer, split where the entry marks it: process start to the
 * bundle evaluated (Node's start, then parsing and running the bundle's top level, which grows with
 * its size), and the rest (client creation, connection, the first query). Medians per part.
 */
function coldStartCause(facade: ShippedColdStart, drizzle: ShippedColdStart): string {
  if (!facade.importSamplesMs || !drizzle.importSamplesMs) return "no import/first-query split recorded in this run";
  const parts = (c: ShippedColdStart) => ({
    importMs: median(c.importSamplesMs!),
    firstQueryMs: median(c.samplesMs.map((total, i) => total - c.importSamplesMs![i]!)),
  });
  const f = parts(facade);
  const d = parts(drizzle);
  const part = (label: string, a: number, b: number) =>
    `${label} ${a.toFixed(0)} ms against ${b.toFixed(0)} ms (${a >= b ? "+" : "−"}${Math.abs(a - b).toFixed(0)} ms)`;
  return `${part("import (process start to the bundle evaluated)", f.importMs, d.importMs)}; ${part("first query (client creation, connection, the query)", f.firstQueryMs, d.firstQueryMs)}; medians`;
}

function coldStartTarget(shipped: BenchResults["coldStartShipped"], limit: number): TargetCheck {
  const target = `Facade cold start (prisma-on-drizzle) ≤ ${limit.toFixed(2)}× Drizzle's (each bundled alone, pg, median of interleaved fresh processes)`;
  const facade = shipped?.find((c) => c.implementation === FACADE);
  const drizzle = shipped?.find((c) => c.implementation === DRIZZLE);
  if (!facade || !drizzle || facade.samplesMs.length === 0 || drizzle.samplesMs.length === 0) {
    return { target, met: null, details: ["no cold starts of both bundles in this run (--cold-start 0?)"] };
  }
  const ratio = median(facade.samplesMs) / median(drizzle.samplesMs);
  const ci = ratioInterval(facade.samplesMs, drizzle.samplesMs);
  const figure = `${x2(ratio)} (95% CI ${ci.low.toFixed(2)}–${ci.high.toFixed(2)}): ${median(facade.samplesMs).toFixed(0)} ms against ${median(drizzle.samplesMs).toFixed(0)} ms, ${facade.samplesMs.length} processes each`;
  if (ratio <= limit) return { target, met: true, details: [figure] };
  return { target, met: false, details: [`${figure}, ${missedBy(ratio, limit)}`, coldStartCause(facade, drizzle)] };
}

/**
 * Why prisma-on-drizzle is slower on `cell`'s operation: the gap to Drizzle split into client CPU,
 * server time (EXPLAIN ANALYZE) and the rest ({@link measuredGap}), and, from the captured
 * statements, whether the two send the same statements: prisma-on-drizzle runs the Prisma
 * implementation's code (src/prisma) on the facade, which may send more than the Drizzle code does.
 */
function latencyCause(results: FacadeTargetInput, cell: BenchCell): string {
  const gap = measuredGap(results, cell, DRIZZLE);
  const f = results.captures.find((c) => c.implementation === FACADE && c.operation === cell.operation);
  const d = results.captures.find((c) => c.implementation === DRIZZLE && c.operation === cell.operation);
  if (!f || !d) return ` (${gap})`;
  if (f.statements === d.statements && f.sequentialRoundTrips === d.sequentialRoundTrips)
    return ` (${gap}; both send ${d.statements} statement(s) in ${d.sequentialRoundTrips} round trip(s))`;
  return ` (${gap}; the Prisma implementation on the facade sends ${f.statements} statement(s) in ${f.sequentialRoundTrips} round trip(s), the Drizzle implementation ${d.statements} in ${d.sequentialRoundTrips}: the two data layers' code differs there, not only the facade)`;
}

/** Facade ÷ Drizzle per operation, on the pg path at RTT 0 (where the client's own time weighs most). */
function latencyTarget(results: FacadeTargetInput, limit: number): TargetCheck {
  const { cells } = results;
  const target = `Facade latency (prisma-on-drizzle) ≤ ${limit.toFixed(2)}× direct Drizzle per operation on TCP (pg) at RTT 0`;
  const at = (implementation: string) =>
    new Map(
      cells
        .filter((c) => c.implementation === implementation && c.path === "pg" && c.rttMs === 0)
        .map((c) => [c.operation, c]),
    );
  const facade = at(FACADE);
  const drizzle = at(DRIZZLE);
  const pairs = [...facade].flatMap(([operation, f]) => {
    const d = drizzle.get(operation);
    return d && d.medianMs > 0 && f.samples.length > 0 && d.samples.length > 0
      ? [{ operation, cell: f, ratio: f.medianMs / d.medianMs, ci: ratioInterval(f.samples, d.samples) }]
      : [];
  });
  if (pairs.length === 0)
    return { target, met: null, details: ["no prisma-on-drizzle/drizzle cells on the pg path at RTT 0 in this run"] };
  const slow = pairs.filter((p) => p.ratio > limit);
  const worst = pairs.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  if (slow.length === 0)
    return {
      target,
      met: true,
      details: [`met on all ${pairs.length} operations (worst ${worst.operation} ${x2(worst.ratio)})`],
    };
  return {
    target,
    met: false,
    details: [
      `${pairs.length - slow.length} of ${pairs.length} operations within ${x2(limit)}`,
      ...slow
        .sort((a, b) => b.ratio - a.ratio)
        .map(
          (p) =>
            `${p.operation}: ${x2(p.ratio)} (95% CI ${p.ci.low.toFixed(2)}–${p.ci.high.toFixed(2)}), ${missedBy(p.ratio, limit)}${latencyCause(results, p.cell)}`,
        ),
    ],
  };
}

/** What the facade's targets read from a run. */
type FacadeTargetInput = Pick<BenchResults, "cells" | "captures" | "bundle" | "coldStartShipped"> &
  Partial<Pick<BenchResults, "serverTimes">>;

/** The facade's three targets, each met, missed (with the measured figure) or without data. */
export function checkFacadeTargets(
  results: FacadeTargetInput,
  limits: FacadeTargetLimits = FACADE_TARGET_LIMITS,
): TargetCheck[] {
  return [
    gzipTarget(results.bundle, limits.gzipRatio),
    coldStartTarget(results.coldStartShipped, limits.coldStartRatio),
    latencyTarget(results, limits.latencyRatio),
  ];
}
