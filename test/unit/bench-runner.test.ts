/** The benchmark's pure parts: interleaving, ratios and fits, targets, the gate, the Markdown, arguments. */
import { describe, expect, it } from "vitest";
import { analyzeCells, checkTargets } from "../../src/bench/analysis.ts";
import { parseBenchArgs } from "../../src/bench/cli.ts";
import { baselineFrom, cellOfKey, compareWithBaseline, confirmRegressions, formatGate } from "../../src/bench/gate.ts";
import { fastest, renderBenchMarkdown } from "../../src/bench/markdown.ts";
import { benchOperations } from "../../src/bench/operations.ts";
import type { BenchCapture, BenchCell, BenchResults } from "../../src/bench/results.ts";
import { roundOrder, sampleInterleaved, shuffledOrder } from "../../src/bench/sampler.ts";
import { ratioInterval } from "../../src/bench/stats.ts";

function cell(
  operation: string,
  implementation: string,
  rttMs: number,
  samples: number[],
  kind: "read" | "write" = "read",
  clientCpuUs: number | null = null,
): BenchCell {
  const sorted = [...samples].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)]!;
  return {
    operation,
    kind,
    implementation,
    path: "pg",
    rttMs,
    n: samples.length,
    medianMs,
    p95Ms: sorted.at(-1)!,
    p99Ms: sorted.at(-1)!,
    ci95: { low: sorted[0]!, high: sorted.at(-1)! },
    ratioToSql: null,
    ratioCi95: null,
    samples,
    clientCpuUs,
  };
}

const key = (c: BenchCell) => `${c.path}|${c.rttMs}|${c.operation}|${c.implementation}`;

/** sql: 1 round trip (1 ms + RTT); drizzle: same plus 0.1 ms; prisma: 2 round trips. */
function syntheticRun(): { cells: BenchCell[]; captures: BenchCapture[] } {
  const cells: BenchCell[] = [];
  for (const rtt of [0, 5, 25, 80]) {
    const jitter = [0.98, 1, 1.02, 0.99, 1.01];
    cells.push(
      cell(
        "users.findById",
        "sql",
        rtt,
        jitter.map((j) => (1 + rtt) * j),
      ),
    );
    cells.push(
      cell(
        "users.findById",
        "drizzle",
        rtt,
        jitter.map((j) => (1.1 + rtt) * j),
      ),
    );
    cells.push(
      cell(
        "users.findById",
        "prisma",
        rtt,
        jitter.map((j) => (1.5 + 2 * rtt) * j),
      ),
    );
  }
  const captures: BenchCapture[] = [
    { operation: "users.findById", implementation: "sql", statements: 1, sequentialRoundTrips: 1, sql: ["select ..."] },
    {
      operation: "users.findById",
      implementation: "drizzle",
      statements: 1,
      sequentialRoundTrips: 1,
      sql: ["select ..."],
    },
    {
      operation: "users.findById",
      implementation: "prisma",
      statements: 2,
      sequentialRoundTrips: 2,
      sql: ["select ...", "select ..."],
    },
  ];
  return { cells, captures };
}

describe("interleaved sampling", () => {
  it("rotates the load run's order every round so no implementation always runs first", () => {
    expect(roundOrder(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(roundOrder(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(roundOrder(["a", "b", "c"], 4)).toEqual(["b", "c", "a"]);
  });

  it("shuffles the cells afresh every round, reproducibly, so no cell always follows the same one", () => {
    const cells = ["op1/drizzle", "op1/sql", "op1/facade", "op2/drizzle", "op2/sql", "op2/facade"];
    const rounds = Array.from({ length: 60 }, (_, round) => shuffledOrder(cells, round));
    for (const order of rounds) expect([...order].sort()).toEqual([...cells].sort());
    expect(shuffledOrder(cells, 7)).toEqual(rounds[7]);
    expect(new Set(rounds.map((o) => o.join())).size).toBeGreaterThan(50);
    // A rotation would give op1/drizzle one predecessor forever; here it has every other cell.
    const predecessors = new Set(
      rounds.flatMap((order) => {
        const at = order.indexOf("op1/drizzle");
        return at > 0 ? [order[at - 1]] : [];
      }),
    );
    expect(predecessors.size).toBe(cells.length - 1);
  });

  it("records only after warm-up, interleaved, and stops a failing cell after its first error", async () => {
    const calls: string[] = [];
    const results = await sampleInterleaved(
      [
        { key: "a", run: () => Promise.resolve(calls.push("a")) },
        { key: "b", run: () => Promise.resolve(calls.push("b")) },
        { key: "x", run: () => Promise.reject(new Error("boom")) },
      ],
      { warmup: 1, rounds: 3 },
    );
    // Every round runs a and b once each, in that round's shuffled order; x failed in the first
    // round it ran in and was left out afterwards.
    const expected = [0, 1, 2, 3].flatMap((round) => shuffledOrder(["a", "b", "x"], round).filter((k) => k !== "x"));
    expect(calls).toEqual(expected);
    expect(results.get("a")!.samples).toHaveLength(3);
    // Client CPU is measured around the same calls as the wall time.
    expect(results.get("a")!.cpuUs).toHaveLength(3);
    expect(results.get("a")!.cpuUs.every((us) => Number.isInteger(us) && us >= 0)).toBe(true);
    expect(results.get("x")!.samples).toHaveLength(0);
    expect((results.get("x")!.error as Error).message).toBe("boom");
  });

  it("fails a cell whose call hangs and goes on with the others", async () => {
    const results = await sampleInterleaved(
      [
        { key: "stuck", run: () => new Promise(() => {}) },
        { key: "fine", run: () => Promise.resolve() },
      ],
      { warmup: 0, rounds: 2, callTimeoutMs: 50 },
    );
    expect((results.get("stuck")!.error as Error).message).toBe("the call timed out after 50 ms");
    expect(results.get("fine")!.samples).toHaveLength(2);
  });
});

describe("analysis", () => {
  it("computes ratios to sql with intervals and fits round trips as the slope", () => {
    const { cells, captures } = syntheticRun();
    const raw = new Map(cells.map((c) => [key(c), c.samples]));
    const analysis = analyzeCells(cells, raw, captures, 40, key);
    const drizzle0 = analysis.cells.find((c) => c.implementation === "drizzle" && c.rttMs === 0)!;
    expect(drizzle0.ratioToSql).toBeCloseTo(1.1, 2);
    expect(drizzle0.ratioCi95!.low).toBeLessThanOrEqual(1.1);
    expect(drizzle0.ratioCi95!.high).toBeGreaterThanOrEqual(1.1);
    const prismaFit = analysis.fits.find((f) => f.implementation === "prisma")!;
    expect(prismaFit.roundTripsFitted).toBeCloseTo(2, 1);
    expect(prismaFit.serverMs).toBeCloseTo(1.5, 0);
    expect(prismaFit.roundTripsCaptured).toBe(2);
    expect(prismaFit.predictedMs).toBeCloseTo(81.5, 0);
    expect(prismaFit.residuals.every((r) => Math.abs(r.fraction) < 0.05)).toBe(true);
  });

  it("checks the targets and splits a missed one's gap into measured client and server time", () => {
    const { cells, captures } = syntheticRun();
    // Client CPU per call as the sampler measures it: Drizzle 300 µs more than sql at RTT 0.
    const cpu: Record<string, number> = { sql: 100, drizzle: 400, prisma: 900 };
    const slower = cells.map((c) => ({
      ...c,
      clientCpuUs: cpu[c.implementation]!,
      ...(c.implementation === "drizzle" ? { samples: c.samples.map((s) => s * 1.3), medianMs: c.medianMs * 1.3 } : {}),
    }));
    const analysis = analyzeCells(slower, new Map(slower.map((c) => [key(c), c.samples])), captures, 40, key);
    const serverTime = (implementation: string, serverUs: number) => ({
      operation: "users.findById",
      implementation,
      samples: 5,
      statements: 1,
      planningUs: 20,
      executionUs: serverUs - 20,
      serverUs,
      unexplained: 0,
    });
    const serverTimes = [serverTime("sql", 100), serverTime("drizzle", 250)];
    const [ratio, trips, fit] = checkTargets({ ...analysis, captures, serverTimes });
    expect(ratio!.met).toBe(false);
    // sql's median at RTT 0 is 1 ms, Drizzle's 1.43 ms: a gap of 430 µs, of which 300 client, 150 server.
    expect(ratio!.details).toEqual([
      expect.stringMatching(
        /^users\.findById: missed, 1\.43× \(95% CI [\d.]+–[\d.]+\): client \+300 µs\/call, server \+150 µs\/call of a median gap of \+430 µs\/call, rest −20 µs\/call$/,
      ),
    ]);
    // Nothing is asserted that was not measured.
    const unmeasured = checkTargets({
      ...analysis,
      cells: analysis.cells.map((c) => ({ ...c, clientCpuUs: null })),
      captures,
    });
    expect(unmeasured[0]!.details[0]).toMatch(/client not measured, server not measured/);
    expect(trips!.met).toBe(true);
    expect(fit!.met).toBe(true);
    const ok = analyzeCells(cells, new Map(cells.map((c) => [key(c), c.samples])), captures, 40, key);
    expect(checkTargets({ ...ok, captures })[0]!.met).toBe(true);
    expect(checkTargets({ ...ok, captures })[0]!.details).toEqual([
      expect.stringMatching(/^users\.findById: met, 1\.10×/),
    ]);
  });

  it("reports a read where the fitted slope shows an extra round trip on another path", () => {
    const { cells, captures } = syntheticRun();
    const onPostgresJs = cells.map((c) => ({
      ...c,
      path: "postgres-js",
      ...(c.implementation === "drizzle"
        ? { medianMs: 1.1 + 2 * c.rttMs, samples: c.samples.map(() => 1.1 + 2 * c.rttMs) }
        : {}),
    }));
    const all = [...cells, ...onPostgresJs];
    const analysis = analyzeCells(all, new Map(all.map((c) => [key(c), c.samples])), captures, 40, key);
    const trips = checkTargets({ ...analysis, captures })[1]!;
    expect(trips.met).toBe(false);
    expect(trips.details).toContain(
      "users.findById on postgres-js: Drizzle 2.00, sql 1.00 round trips per call (fitted slope)",
    );
  });

  it("gives a ratio interval that contains the ratio of medians", () => {
    const ci = ratioInterval([2, 2.1, 1.9, 2, 2.05], [1, 1.05, 0.95, 1, 1.02]);
    expect(ci.low).toBeLessThan(2.05);
    expect(ci.high).toBeGreaterThan(1.9);
  });
});

describe("the CI gate", () => {
  const results = (factor: number, spread = 0.01): BenchResults => {
    const { cells, captures } = syntheticRun();
    const scaled = cells.map((c) =>
      c.implementation === "drizzle"
        ? {
            ...c,
            samples: c.samples.map((s, i) => s * factor * (1 + (i % 2 ? spread : -spread))),
            medianMs: c.medianMs * factor,
          }
        : c,
    );
    const analysis = analyzeCells(scaled, new Map(scaled.map((c) => [key(c), c.samples])), captures, 40, key);
    return {
      generatedAt: "2026-11-22T00:00:00Z",
      settings: { profile: "ci" },
      ...analysis,
      captures,
    } as unknown as BenchResults;
  };

  it("passes an unchanged run and fails a clear regression, printing the comparison", () => {
    const baseline = baselineFrom(results(1));
    expect(Object.keys(baseline.ratios)).toContain("pg|0|users.findById|drizzle");
    expect(Object.keys(baseline.ratios).some((k) => k.endsWith("|sql"))).toBe(false);
    const same = compareWithBaseline(results(1.05), baseline);
    expect(same.regressions).toEqual([]);
    const worse = compareWithBaseline(results(2), baseline);
    expect(worse.regressions.map((r) => r.key)).toContain("pg|0|users.findById|drizzle");
    expect(formatGate(worse)).toMatch(/REGRESSED pg\|0\|users\.findById\|drizzle/);
    expect(formatGate(worse)).toMatch(/bench gate: FAILED/);
  });

  it("does not fail on a large ratio whose interval still reaches the baseline (noise)", () => {
    const baseline = baselineFrom(results(1));
    const noisy = compareWithBaseline(results(1.6, 0.9), baseline);
    const row = noisy.rows.find((r) => r.key === "pg|0|users.findById|drizzle")!;
    expect(row.current).toBeGreaterThan(row.baseline! * 1.5);
    expect(row.ci!.low).toBeLessThanOrEqual(row.baseline!);
    expect(row.regressed).toBe(false);
  });

  it("judges against the baseline run's interval, so a baseline outlier does not fail a normal run", () => {
    const key = "pg|0|users.findById|drizzle";
    const normal = results(1.8);
    const row = (baseline: ReturnType<typeof baselineFrom>) =>
      compareWithBaseline(normal, baseline).rows.find((r) => r.key === key)!;
    // A baseline whose sql cell was the delayed one: a low ratio, with a wide interval reaching the normal one.
    const outlier = {
      ...baselineFrom(results(1)),
      ratios: { [key]: 0.4 },
      intervals: { [key]: { low: 0.3, high: 2.5 } },
    };
    expect(row(outlier)).toMatchObject({ baseline: 0.4, baselineCi: { low: 0.3, high: 2.5 }, regressed: false });
    // The same ratio with a tight interval is a clear regression; so is an old baseline without intervals.
    expect(row({ ...outlier, intervals: { [key]: { low: 0.38, high: 0.42 } } }).regressed).toBe(true);
    expect(row({ ...outlier, intervals: undefined }).regressed).toBe(true);
    expect(formatGate(compareWithBaseline(normal, outlier))).toMatch(/0\.40 \[0\.30–2\.50\] → /);
  });

  it("lets a suspect stand only when its re-measured cell regresses again", () => {
    const baseline = baselineFrom(results(1));
    const first = compareWithBaseline(results(2), baseline);
    expect(first.regressions.length).toBeGreaterThan(0);
    // A burst of other work during the first pass: measured again, the cell is back to normal.
    const cleared = confirmRegressions(first, compareWithBaseline(results(1.02), baseline));
    expect(cleared.regressions).toEqual([]);
    expect(cleared.rows.every((r) => !r.regressed)).toBe(true);
    expect(cleared.rows).toHaveLength(first.rows.length);
    // A real regression is there again.
    const confirmed = confirmRegressions(first, compareWithBaseline(results(2), baseline));
    expect(confirmed.regressions.map((r) => r.key)).toEqual(first.regressions.map((r) => r.key));
    // A suspect that could not be re-measured stands.
    expect(confirmRegressions(first, { rows: [], regressions: [], missing: [] }).regressions).toEqual(
      first.regressions,
    );
  });

  it("splits a gate key into its cell", () => {
    expect(cellOfKey("pgbouncer|25|downloads.latestPerPlatform|prisma")).toEqual({
      path: "pgbouncer",
      rttMs: 25,
      operation: "downloads.latestPerPlatform",
      implementation: "prisma",
    });
  });

  it("lists baseline cells the run did not measure", () => {
    const baseline = {
      ...baselineFrom(results(1)),
      ratios: { ...baselineFrom(results(1)).ratios, "neon-ws|0|users.findById|drizzle": 1.1 },
    };
    expect(compareWithBaseline(results(1), baseline).missing).toEqual(["neon-ws|0|users.findById|drizzle"]);
  });
});

describe("results.md and arguments", () => {
  it("names the fastest implementation per operation with ratios and intervals", () => {
    const { cells, captures } = syntheticRun();
    const analysis = analyzeCells(cells, new Map(cells.map((c) => [key(c), c.samples])), captures, 40, key);
    expect(fastest(analysis.cells.filter((c) => c.rttMs === 0))!.implementation).toBe("sql");
    const md = renderBenchMarkdown({
      formatVersion: 2,
      generatedAt: "2026-11-22T00:00:00Z",
      durationMs: 1000,
      settings: {
        operations: ["users.findById"],
        implementations: ["prisma", "drizzle", "sql"],
        paths: ["pg"],
        rtts: [0, 5, 25, 80],
        warmup: 2,
        minSamples: 5,
        maxSamples: 5,
        cellBudgetMs: 0,
        predictRttMs: 40,
        profile: "test",
        argv: [],
      },
      environment: {
        machine: { cpuModel: "cpu", cpus: 2, memoryGiB: 1, os: "linux", arch: "x64", loadAverage1m: 1 },
        node: "v20",
        postgres: { version: "PostgreSQL 18.4, compiled", server: "embedded", description: "embedded" },
        packages: {},
        standIns: [],
      },
      pathDescriptions: { pg: "node-postgres over TCP" },
      cells: analysis.cells,
      skipped: [
        {
          operation: "projects.updateStatus",
          implementation: "drizzle",
          path: "neon-http",
          rttMs: 0,
          kind: "unsupported",
          reason: "no interactive transactions over HTTP",
        },
      ],
      fits: analysis.fits,
      captures,
      coldStart: [{ implementation: "sql", path: "pg", samples: 3, medianMs: 120, importMs: 80, firstQueryMs: 40 }],
      bundle: { sql: { rawBytes: 100_000, gzipBytes: 30_000 } },
      serverTimes: [
        {
          operation: "users.findById",
          implementation: "sql",
          samples: 5,
          statements: 1,
          planningUs: 40,
          executionUs: 60,
          serverUs: 100,
          unexplained: 0,
        },
      ],
    });
    expect(md).toMatch(/## pg at 0 ms RTT/);
    expect(md).toMatch(/\| users\.findById \| \*\*sql\*\* \|/);
    expect(md).toMatch(/\(1\.10× \[[\d.]+–[\d.]+\]\)/);
    expect(md).toMatch(/\*\*met\*\*: Drizzle median ≤ 1\.10× sql/);
    expect(md).toMatch(
      /neon-http \/ drizzle \/ projects\.updateStatus: unsupported: no interactive transactions over HTTP/,
    );
    expect(md).toMatch(/predicted @ 40 ms/);
    expect(md).toMatch(/## Where the time goes \(pg, RTT 0\)/);
    expect(md).toMatch(/\| users\.findById \| sql \| 1000 \| — \| 100 \(40 \+ 60\) \| 1 \|/);
  });

  it("parses filters and profiles, and rejects bad input with a readable message", () => {
    const ci = parseBenchArgs(["--ci"]);
    expect(ci).toMatchObject({
      profile: "ci",
      paths: ["pg", "neon-ws", "neon-http", "pgbouncer"],
      rtts: [0, 25],
      coldStartSamples: 0,
      ci: true,
      load: null,
    });
    const custom = parseBenchArgs([
      "--ops",
      "users.findById,users.create",
      "--impls",
      "sql,drizzle",
      "--paths",
      "pg",
      "--rtt",
      "0,10",
      "--predict-rtt",
      "40",
    ]);
    expect(custom).toMatchObject({
      operations: ["users.findById", "users.create"],
      implementations: ["sql", "drizzle"],
      paths: ["pg"],
      rtts: [0, 10],
      predictRttMs: 40,
    });
    expect(() => parseBenchArgs(["--ops", "users.nope"])).toThrow(/unknown operation "users.nope"/);
    expect(() => parseBenchArgs(["--paths", "carrier-pigeon"])).toThrow(/unknown path/);
    expect(() => parseBenchArgs(["--rtt=-5"])).toThrow(/--rtt must be a non-negative number/);
    expect(() => parseBenchArgs(["--impls", "typeorm"])).toThrow(/unknown implementation/);
  });

  it("has one operation per repository operation, reads and writes", () => {
    const ops = benchOperations();
    expect(new Set(ops.map((o) => o.name)).size).toBe(ops.length);
    expect(ops.filter((o) => o.kind === "read").length).toBeGreaterThanOrEqual(10);
    expect(ops.filter((o) => o.kind === "write").length).toBeGreaterThanOrEqual(10);
  });
});
