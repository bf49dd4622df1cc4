/** The evaluation report's throughput chart and section, from results.json's `load`. */
import { describe, expect, it } from "vitest";
import { analyzeLoad } from "../../src/bench/load/analysis.ts";
import type { LoadWindow } from "../../src/bench/load/driver.ts";
import type { LoadResults } from "../../src/bench/load/results.ts";
import type { EvaluationResults } from "../../src/evaluate/results.ts";
import { buildCharts } from "../../src/report/charts.ts";
import { renderMarkdown } from "../../src/report/markdown.ts";

const window = (requests: number): LoadWindow => ({
  requests,
  errors: 0,
  firstError: null,
  latenciesMs: [1, 2, 3],
  elapsedMs: 1000,
  cpuMicros: requests * 100,
});

function load(): LoadResults {
  const cells = analyzeLoad(
    [1, 8].flatMap((concurrency) => [
      { path: "pg", implementation: "sql", concurrency, windows: [window(1000 * concurrency)] },
      { path: "pg", implementation: "drizzle", concurrency, windows: [window(900 * concurrency)] },
    ]),
  );
  const settings = {
    operation: "projects.getDetail",
    implementations: ["drizzle", "sql"],
    paths: ["pg"],
    concurrencies: [1, 8],
    durationMs: 3000,
    rounds: 2,
    poolSize: 10,
    warmupMs: 500,
    callTimeoutMs: 10000,
    slowdown: null,
    argv: [],
  };
  return {
    formatVersion: 2,
    generatedAt: "2026-11-25T00:00:00Z",
    durationMs: 1,
    settings,
    environment: {} as LoadResults["environment"],
    pathDescriptions: { pg: "node-postgres" },
    cells,
    captures: [],
    skipped: [],
  };
}

/** Only what the chart and the section read; the rest of a report is covered by evaluate-run. */
function results(withLoad: boolean): EvaluationResults {
  return {
    formatVersion: 1,
    generatedAt: "2026-11-25T00:00:00Z",
    durationMs: 1,
    environment: {
      machine: { cpuModel: "cpu", cpus: 2, memoryGiB: 4, os: "linux", arch: "x64", loadAverage1m: 1 },
      node: "v20",
      postgres: { server: "embedded", version: "PostgreSQL 18", description: "embedded" },
      packages: {},
      standIns: [],
    },
    decision: {
      recommendation: "undecided",
      score: 0,
      verdict: "",
      headline: "",
      findings: [],
      criteria: [],
      thresholds: { switch: 0.2, stay: -0.2 },
      rttMs: 20,
      candidate: "drizzle",
      incumbent: "prisma",
    },
    steps: [],
    comparison: null,
    latency: null,
    coldStart: null,
    bundle: null,
    inventory: null,
    smoke: null,
    parity: null,
    load: withLoad ? load() : null,
  } as unknown as EvaluationResults;
}

describe("throughput in the report", () => {
  it("charts req/s against concurrency, one line per implementation", () => {
    const chart = buildCharts(results(true)).find((c) => c.id === "chart-load")!;
    const datasets = (chart.config as { data: { datasets: { label: string; data: { x: number; y: number }[] }[] } })
      .data.datasets;
    expect(datasets.map((d) => d.label).sort()).toEqual(["drizzle", "sql"]);
    expect(datasets.find((d) => d.label === "drizzle")!.data).toEqual([
      { x: 1, y: 900 },
      { x: 8, y: 7200 },
    ]);
    expect(chart.caption).toMatch(/pool of 10 connections/);
    expect(buildCharts(results(false)).some((c) => c.id === "chart-load")).toBe(false);
  });

  it("has a section with req/s, ratio to sql and CPU per request", () => {
    const md = renderMarkdown(results(true));
    expect(md).toContain("## Throughput under load (projects.getDetail)");
    expect(md).toContain("| pg | 8 | 7200 (0.90×), 100 µs | 8000 (1.00×), 100 µs |");
    expect(renderMarkdown(results(false))).not.toContain("Throughput under load");
  });
});
