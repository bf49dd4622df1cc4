/**
 * Chart.js configurations built from results.json, as plain JSON: the page only hands them to
 * `new Chart(...)`, so what a chart shows is decided (and testable) here, not in page script.
 */
import type { EvaluationResults } from "../evaluate/results.ts";
import { orderImplementations } from "./model.ts";

/** One colour per implementation, the same in every chart and table. */
const IMPLEMENTATION_COLORS: Record<string, string> = {
  prisma: "#4f46e5",
  drizzle: "#16a34a",
  "prisma-on-drizzle": "#d97706",
  sql: "#64748b",
};
const FALLBACK_COLORS = ["#0891b2", "#be185d", "#7c3aed", "#65a30d"];
const PATH_DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 1]];

export function colorOf(implementation: string, index = 0): string {
  return IMPLEMENTATION_COLORS[implementation] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length]!;
}

/** A chart: its id, title, caption and the Chart.js config. */
export interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  config: Record<string, unknown>;
  /** For the latency chart: datasets per operation, switched by a select in the page. */
  variants?: Record<string, unknown[]>;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { display: true, text: title }, ...extra };
}

const BASE_OPTIONS = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } };

/** Latency against RTT, one line per implementation and path; summed over operations, or one operation. */
function latencyChart(results: EvaluationResults): ChartSpec | null {
  const l = results.latency;
  if (!l || l.cells.length === 0) return null;
  const implementations = orderImplementations(l.cells.map((c) => c.implementation));
  const datasetsFor = (operation: string | null): unknown[] =>
    l.paths.flatMap((path, pathIndex) =>
      implementations.flatMap((implementation, i) => {
        const cells = l.cells.filter((c) => c.path === path && c.implementation === implementation && (operation === null || c.operation === operation));
        if (cells.length === 0) return [];
        const data = l.rtts.map((rttMs) => ({ x: rttMs, y: round(cells.reduce((sum, c) => sum + (c.points.find((p) => p.rttMs === rttMs)?.ms ?? 0), 0)) }));
        return [{
          label: l.paths.length > 1 ? `${implementation} · ${path}` : implementation,
          data,
          borderColor: colorOf(implementation, i),
          backgroundColor: colorOf(implementation, i),
          borderDash: l.source === "estimate" ? [6, 4] : PATH_DASHES[pathIndex % PATH_DASHES.length],
          pointRadius: 3,
          tension: 0,
        }];
      }),
    );
  const operations = [...new Set(l.cells.map((c) => c.operation))];
  const variants: Record<string, unknown[]> = { "": datasetsFor(null) };
  for (const op of operations) variants[op] = datasetsFor(op);
  const how = l.source === "benchmark" ? "measured by the benchmark (points) with the fitted line between them" : "estimated (dashed): captured statement time + sequential round trips × RTT";
  return {
    id: "chart-latency",
    title: "Latency vs round-trip time",
    caption: `Sum over ${operations.length} operations unless one is chosen; ${how}. Your RTT: ${results.config.rttMs} ms (marked on the axis).`,
    config: {
      type: "line",
      data: { datasets: variants[""] },
      options: {
        ...BASE_OPTIONS,
        scales: {
          x: axis("round-trip time (ms)", { type: "linear", min: 0, ticks: { stepSize: 5 } }),
          y: axis("latency (ms)", { beginAtZero: true }),
        },
      },
    },
    variants,
  };
}

/** Sequential round trips per operation, one bar per implementation. */
function roundTripsChart(results: EvaluationResults): ChartSpec | null {
  const c = results.comparison;
  if (!c || c.operations.length === 0) return null;
  const implementations = orderImplementations(c.implementations);
  return {
    id: "chart-round-trips",
    title: "Round trips per operation",
    caption: "Sequential round trips each operation waits for (each costs one RTT); hand-written SQL is the floor.",
    config: {
      type: "bar",
      data: {
        labels: c.operations.map((o) => o.name),
        datasets: implementations.map((name, i) => ({
          label: name,
          data: c.operations.map((o) => o.implementations[name]?.sequentialRoundTrips ?? null),
          backgroundColor: colorOf(name, i),
        })),
      },
      options: { ...BASE_OPTIONS, indexAxis: "y", scales: { x: axis("round trips", { beginAtZero: true, ticks: { precision: 0 } }), y: { ticks: { autoSkip: false, font: { size: 10 } } } } },
    },
  };
}

function coldStartChart(results: EvaluationResults): ChartSpec | null {
  const cs = results.coldStart;
  if (!cs || Object.keys(cs.implementations).length === 0) return null;
  const names = orderImplementations(Object.keys(cs.implementations));
  const part = (key: "importMs" | "firstQueryMs") => names.map((n) => cs.implementations[n]?.[key] ?? null);
  const split = names.every((n) => cs.implementations[n]?.importMs !== undefined && cs.implementations[n]?.firstQueryMs !== undefined);
  return {
    id: "chart-cold-start",
    title: "Cold start",
    caption: `Median time from a fresh process to the first query result on ${cs.path}. ${cs.note}`,
    config: {
      type: "bar",
      data: {
        labels: names,
        datasets: split
          ? [
              { label: "module import", data: part("importMs"), backgroundColor: names.map((n, i) => colorOf(n, i)), stack: "t" },
              { label: "connect + first query", data: part("firstQueryMs"), backgroundColor: names.map((n, i) => `${colorOf(n, i)}88`), stack: "t" },
            ]
          : [{ label: "median to first result (ms)", data: names.map((n) => cs.implementations[n]!.medianMs), backgroundColor: names.map((n, i) => colorOf(n, i)) }],
      },
      options: { ...BASE_OPTIONS, scales: { x: { stacked: split }, y: axis("ms", { beginAtZero: true, stacked: split }) } },
    },
  };
}

function bundleChart(results: EvaluationResults): ChartSpec | null {
  const b = results.bundle;
  if (!b || Object.keys(b.implementations).length === 0) return null;
  const names = orderImplementations(Object.keys(b.implementations));
  return {
    id: "chart-bundle",
    title: "Bundle size",
    caption: `Each implementation's entry bundled with esbuild, minified. ${b.note}`,
    config: {
      type: "bar",
      data: {
        labels: names,
        datasets: [
          { label: "gzip (KiB)", data: names.map((n) => round(b.implementations[n]!.gzipBytes / 1024, 1)), backgroundColor: names.map((n, i) => colorOf(n, i)) },
          { label: "minified (KiB)", data: names.map((n) => round(b.implementations[n]!.rawBytes / 1024, 1)), backgroundColor: names.map((n, i) => `${colorOf(n, i)}55`) },
        ],
      },
      options: { ...BASE_OPTIONS, scales: { y: axis("KiB", { beginAtZero: true }) } },
    },
  };
}

/** Each criterion's weighted contribution to the score: what pushed the decision which way. */
function criteriaChart(results: EvaluationResults): ChartSpec {
  const d = results.decision;
  const rows = d.criteria.filter((c) => c.score !== null);
  return {
    id: "chart-criteria",
    title: "What decided it",
    caption: `Weighted contribution of each criterion (score × weight share); right favours ${d.candidate}, left ${d.incumbent}. Total ${d.score >= 0 ? "+" : ""}${d.score.toFixed(2)}.`,
    config: {
      type: "bar",
      data: {
        labels: rows.map((c) => c.title),
        datasets: [{
          label: "weighted score",
          data: rows.map((c) => round((c.score ?? 0) * c.share, 3)),
          backgroundColor: rows.map((c) => ((c.score ?? 0) >= 0 ? colorOf(d.candidate) : colorOf(d.incumbent))),
        }],
      },
      options: { ...BASE_OPTIONS, indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: axis("contribution to the score", { suggestedMin: -0.3, suggestedMax: 0.3 }) } },
    },
  };
}

/** Every chart the results have data for, in page order. */
export function buildCharts(results: EvaluationResults): ChartSpec[] {
  return [criteriaChart(results), latencyChart(results), roundTripsChart(results), coldStartChart(results), bundleChart(results)].filter((c): c is ChartSpec => c !== null);
}
