/** The facade's targets (issue #16 item 4): met, missed with the measured figure, or no data. */
import { describe, expect, it } from "vitest";
import { checkFacadeTargets } from "../../src/bench/facade-targets.ts";
import { renderBenchMarkdown } from "../../src/bench/markdown.ts";
import type { BenchCell, BenchResults } from "../../src/bench/results.ts";

function cell(operation: string, implementation: string, samples: number[], path = "pg", rttMs = 0): BenchCell {
  const sorted = [...samples].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)]!;
  return {
    operation,
    kind: "read",
    implementation,
    path,
    rttMs,
    n: samples.length,
    medianMs,
    p95Ms: sorted.at(-1)!,
    p99Ms: sorted.at(-1)!,
    ci95: { low: sorted[0]!, high: sorted.at(-1)! },
    ratioToSql: null,
    ratioCi95: null,
    samples,
    clientCpuUs: null,
  };
}

/** EXPLAIN ANALYZE's figure for users.findById through `implementation`. */
const serverTime = (implementation: string, serverUs: number) => ({
  operation: "users.findById",
  implementation,
  samples: 5,
  statements: 1,
  planningUs: serverUs / 2,
  executionUs: serverUs / 2,
  serverUs,
  unexplained: 0,
});

const jitter = (ms: number) => [0.98, 1, 1.02, 0.99, 1.01].map((j) => ms * j);

/** A run where the facade is `factor` × Drizzle on latency and cold start, and `gzipKiB` against Drizzle's 50 KiB. */
function run(
  factor: number,
  gzipKiB: number,
): Pick<BenchResults, "cells" | "captures" | "bundle" | "coldStartShipped"> {
  return {
    cells: [
      cell("users.findById", "drizzle", jitter(1)),
      cell("users.findById", "prisma-on-drizzle", jitter(factor)),
      cell("projects.getDetail", "drizzle", jitter(2)),
      cell("projects.getDetail", "prisma-on-drizzle", jitter(2 * 1.05)),
      // Other paths and RTTs are not the target's cells: a slow one there changes nothing.
      cell("users.findById", "prisma-on-drizzle", jitter(50), "pg", 25),
      cell("users.findById", "drizzle", jitter(10), "pg", 25),
    ],
    captures: [
      {
        operation: "users.findById",
        implementation: "drizzle",
        statements: 1,
        sequentialRoundTrips: 1,
        sql: ["select ..."],
      },
      {
        operation: "users.findById",
        implementation: "prisma-on-drizzle",
        statements: 1,
        sequentialRoundTrips: 1,
        sql: ["SELECT ..."],
      },
    ],
    bundle: {
      drizzle: { rawBytes: 200 * 1024, gzipBytes: 50 * 1024 },
      "prisma-on-drizzle": { rawBytes: 300 * 1024, gzipBytes: gzipKiB * 1024 },
    },
    coldStartShipped: [
      { implementation: "drizzle", medianMs: 100, samplesMs: jitter(100) },
      { implementation: "prisma-on-drizzle", medianMs: 100 * factor, samplesMs: jitter(100 * factor) },
    ],
  };
}

describe("the facade's targets", () => {
  it("are met with the figures printed when the facade is within every limit", () => {
    const [gzip, cold, latency] = checkFacadeTargets(run(1.02, 75));
    expect(gzip).toMatchObject({ met: true, details: ["1.50×: 75.0 KiB against 50.0 KiB"] });
    expect(cold!.met).toBe(true);
    expect(cold!.details[0]).toMatch(/^1\.02× \(95% CI [\d.]+–[\d.]+\): 102 ms against 100 ms, 5 processes each$/);
    expect(latency).toMatchObject({ met: true, details: ["met on all 2 operations (worst projects.getDetail 1.05×)"] });
  });

  it("are missed with the measured ratio, its interval and by how much", () => {
    const [gzip, cold, latency] = checkFacadeTargets(run(1.3, 100));
    expect(gzip).toMatchObject({
      met: false,
      details: [
        "2.00×: 100.0 KiB against 50.0 KiB, missed by 25%",
        "20.0 KiB of gzip to shed to meet it (no per-package sizes recorded in this run)",
      ],
    });
    expect(cold!.met).toBe(false);
    expect(cold!.details[1]).toBe("no import/first-query split recorded in this run");
    expect(cold!.details[0]).toMatch(
      /^1\.30× \(95% CI [\d.]+–[\d.]+\): 130 ms against 100 ms, 5 processes each, missed by 18%$/,
    );
    expect(latency!.met).toBe(false);
    expect(latency!.details[0]).toBe("1 of 2 operations within 1.15×");
    // Neither client CPU nor server time was recorded in this run: said so, not guessed.
    expect(latency!.details[1]).toMatch(
      /^users\.findById: 1\.30× \(95% CI [\d.]+–[\d.]+\), missed by 13% \(client not measured, server not measured of a median gap of \+300 µs\/call; both send 1 statement\(s\) in 1 round trip\(s\)\)$/,
    );
  });

  it("split a missed latency into the measured client CPU, server time and the rest", () => {
    const measured = {
      ...run(1.3, 75),
      serverTimes: [serverTime("drizzle", 40), serverTime("prisma-on-drizzle", 140)],
    };
    for (const c of measured.cells) c.clientCpuUs = c.implementation === "drizzle" ? 200 : 350;
    const latency = checkFacadeTargets(measured)[2]!;
    expect(latency.details[1]).toMatch(
      /^users\.findById: 1\.30× \(95% CI [\d.]+–[\d.]+\), missed by 13% \(client \+150 µs\/call, server \+100 µs\/call of a median gap of \+300 µs\/call, rest \+50 µs\/call; both send 1 statement\(s\) in 1 round trip\(s\)\)$/,
    );
  });

  it("name what the facade's bundle adds over Drizzle's, per package or src/ folder, when gzip is missed", () => {
    const big = run(1, 100);
    // 300 KiB minified → 100 KiB gzip: the estimate is a third of each group's minified bytes.
    big.bundle["prisma-on-drizzle"]!.groups = {
      "drizzle-orm": 90 * 1024,
      pg: 60 * 1024,
      "src/compat": 96 * 1024,
      "@prisma/client-runtime-utils": 36 * 1024,
      "src/drizzle": 6 * 1024,
      "(entry)": 12 * 1024,
    };
    big.bundle.drizzle!.groups = {
      "drizzle-orm": 84 * 1024,
      pg: 60 * 1024,
      "src/drizzle": 24 * 1024,
      "(entry)": 32 * 1024,
    };
    const [gzip] = checkFacadeTargets(big);
    expect(gzip!.details).toEqual([
      "2.00×: 100.0 KiB against 50.0 KiB, missed by 25%",
      "20.0 KiB of gzip to shed to meet it; the facade bundle carries 138.0 KiB minified (≈ 46.0 KiB gzip, at its 33% gzip ratio) beyond Drizzle's (esbuild metafile, per package or src/ folder):",
      "+96.0 KiB (≈ 32.0 KiB gzip) src/compat, only in the facade's bundle",
      "+36.0 KiB (≈ 12.0 KiB gzip) @prisma/client-runtime-utils, only in the facade's bundle",
      "+6.0 KiB (≈ 2.0 KiB gzip) drizzle-orm: 90.0 KiB against 84.0 KiB",
      "−38.0 KiB where it carries less than Drizzle's: (entry) −20.0 KiB, src/drizzle −18.0 KiB",
    ]);
  });

  it("list the largest groups one by one and sum the rest", () => {
    const big = run(1, 100);
    big.bundle["prisma-on-drizzle"]!.groups = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`src/g${i}`, (10 - i) * 1024]),
    );
    big.bundle.drizzle!.groups = {};
    const details = checkFacadeTargets(big)[0]!.details;
    expect(details).toHaveLength(2 + 8 + 1);
    expect(details[2]).toMatch(/^\+10\.0 KiB .* src\/g0,/);
    expect(details.at(-1)).toBe("+3.0 KiB (≈ 1.0 KiB gzip) in 2 smaller groups");
  });

  it("split a missed cold start into import and first query, as medians of each", () => {
    const slow = run(1.3, 75);
    // Drizzle: 60 ms to import, 40 ms to the first query; the facade: 85 + 45.
    slow.coldStartShipped![0]!.importSamplesMs = slow.coldStartShipped![0]!.samplesMs.map((t) => t - 40);
    slow.coldStartShipped![1]!.importSamplesMs = slow.coldStartShipped![1]!.samplesMs.map((t) => t - 45);
    const cold = checkFacadeTargets(slow)[1]!;
    expect(cold.met).toBe(false);
    expect(cold.details[1]).toBe(
      "import (process start to the bundle evaluated) 85 ms against 60 ms (+25 ms); first query (client creation, connection, the query) 45 ms against 40 ms (+5 ms); medians",
    );
  });

  it("name more statements as the cause where the Prisma implementation sends more than Drizzle's", () => {
    const slow = run(1.3, 75);
    slow.captures[1] = {
      operation: "users.findById",
      implementation: "prisma-on-drizzle",
      statements: 3,
      sequentialRoundTrips: 3,
      sql: ["begin", "SELECT ...", "commit"],
    };
    expect(checkFacadeTargets(slow)[2]!.details[1]).toMatch(
      /sends 3 statement\(s\) in 3 round trip\(s\), the Drizzle implementation 1 in 1/,
    );
  });

  it("say so when the run has no data for them", () => {
    const checks = checkFacadeTargets({ cells: [], captures: [], bundle: {}, coldStartShipped: undefined });
    expect(checks.map((c) => c.met)).toEqual([null, null, null]);
    expect(checks.map((c) => c.details[0])).toEqual([
      "no bundle sizes for both prisma-on-drizzle and drizzle in this run",
      "no cold starts of both bundles in this run (--cold-start 0?)",
      "no prisma-on-drizzle/drizzle cells on the pg path at RTT 0 in this run",
    ]);
  });

  it("appear in results.md beside the other targets", () => {
    const results = {
      ...run(1.3, 100),
      formatVersion: 1,
      generatedAt: "2026-11-25T00:00:00.000Z",
      durationMs: 1000,
      settings: {
        operations: [],
        implementations: [],
        paths: ["pg"],
        rtts: [0],
        warmup: 1,
        minSamples: 5,
        maxSamples: 5,
        cellBudgetMs: 0,
        predictRttMs: 40,
        profile: "custom",
        argv: [],
      },
      environment: {
        machine: { cpus: 2, cpuModel: "x", loadAverage1m: 0 },
        node: "v20",
        postgres: { version: "PostgreSQL 18", server: "embedded", description: "embedded" },
        packages: {},
        standIns: [],
      },
      pathDescriptions: {},
      skipped: [],
      fits: [],
      coldStart: [],
    } as unknown as BenchResults;
    const md = renderBenchMarkdown(results);
    expect(md).toContain(
      "- **missed**: Facade bundle (prisma-on-drizzle) gzip ≤ 1.60× Drizzle's\n  - 2.00×: 100.0 KiB against 50.0 KiB, missed by 25%\n  - 20.0 KiB of gzip to shed",
    );
    expect(md).toContain("## Cold start of each implementation bundled alone (pg)");
    expect(md).toContain("| prisma-on-drizzle | 130 | 5 |");
  });
});
