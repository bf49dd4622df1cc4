/** The load benchmark's pure parts: the closed-loop driver, the analysis, the targets, the flags, the slowdown. */
import { describe, expect, it } from "vitest";
import { overloadWarning, parseBenchArgs } from "../../src/bench/cli.ts";
import { analyzeLoad, checkLoadTargets, type MeasuredCell } from "../../src/bench/load/analysis.ts";
import { runClosedLoop, type LoadWindow } from "../../src/bench/load/driver.ts";
import { parseSlowdown, slowedDown } from "../../src/bench/slowdown.ts";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A window of `requests` calls in one second, each `latency` ms, costing `cpu` µs each. */
function window(requests: number, latency = 2, cpu = 100): LoadWindow {
  return {
    requests,
    errors: 0,
    firstError: null,
    latenciesMs: Array.from({ length: requests }, () => latency),
    elapsedMs: 1000,
    cpuMicros: requests * cpu,
  };
}

describe("the closed-loop driver", () => {
  it("keeps N calls in flight until the deadline, and no longer", async () => {
    let inFlight = 0;
    let most = 0;
    const result = await runClosedLoop(
      async () => {
        most = Math.max(most, ++inFlight);
        await sleep(5);
        inFlight--;
      },
      { concurrency: 4, durationMs: 120, callTimeoutMs: 1000 },
    );
    expect(most).toBe(4);
    expect(inFlight).toBe(0);
    expect(result.requests).toBe(result.latenciesMs.length);
    // 4 workers × 120 ms / ~5 ms per call: tens of calls, never more than the deadline allows.
    expect(result.requests).toBeGreaterThan(20);
    expect(result.requests).toBeLessThanOrEqual(4 * Math.ceil(120 / 5) + 4);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(120);
    expect(result.errors).toBe(0);
  });

  it("counts errors and timeouts with the first message, and goes on", async () => {
    let i = 0;
    const result = await runClosedLoop(
      async () => {
        const n = i++;
        if (n === 1) throw new Error("boom\nstack");
        if (n === 2) await new Promise(() => {});
        await sleep(2);
      },
      { concurrency: 1, durationMs: 60, callTimeoutMs: 20 },
    );
    expect(result.errors).toBe(2);
    expect(result.firstError).toBe("boom");
    expect(result.requests).toBeGreaterThan(3);
  });

  it("refuses a concurrency below 1", async () => {
    await expect(
      runClosedLoop(() => Promise.resolve(), { concurrency: 0, durationMs: 10, callTimeoutMs: 10 }),
    ).rejects.toThrow(/concurrency must be a positive integer/);
  });
});

describe("load analysis and targets", () => {
  const cell = (implementation: string, concurrency: number, windows: LoadWindow[]): MeasuredCell => ({
    path: "pg",
    implementation,
    concurrency,
    windows,
  });

  it("gives req/s over all rounds, CPU per request and the ratio to sql with its per-round range", () => {
    const cells = analyzeLoad([
      cell("sql", 8, [window(1000, 2, 80), window(1200, 2, 80)]),
      cell("drizzle", 8, [window(900, 3, 300), window(960, 3, 300)]),
    ]);
    const drizzle = cells.find((c) => c.implementation === "drizzle")!;
    expect(drizzle).toMatchObject({
      requests: 1860,
      reqPerSec: 930,
      roundReqPerSec: [900, 960],
      p50Ms: 3,
      cpuUsPerRequest: 300,
      rounds: 2,
    });
    expect(drizzle.ratioToSql).toBeCloseTo(930 / 1100, 3);
    expect(drizzle.ratioRange).toEqual({ low: 0.8, high: 0.9 });
    expect(cells.find((c) => c.implementation === "sql")!.ratioToSql).toBe(1);
  });

  it("meets the targets at 0.9× and misses them below, with the figures", () => {
    const cells = analyzeLoad([
      cell("sql", 1, [window(1000)]),
      cell("drizzle", 1, [window(950)]),
      cell("prisma-on-drizzle", 1, [window(900)]),
      cell("sql", 32, [window(5000, 2, 80)]),
      cell("drizzle", 32, [window(2000, 2, 300)]),
      cell("prisma-on-drizzle", 32, [window(1900)]),
    ]);
    const [drizzle, facade] = checkLoadTargets(cells);
    expect(drizzle!.met).toBe(false);
    expect(drizzle!.details[0]).toMatch(/^pg × 1: 0\.95× .* met$/);
    expect(drizzle!.details[1]).toBe(
      "pg × 32: 0.40× (2,000 vs 5,000 req/s; client CPU 300 vs 80 µs/request) MISSED by 50 points",
    );
    expect(facade!.met).toBe(true);
    expect(checkLoadTargets(analyzeLoad([cell("sql", 1, [window(10)])]))[0]!.met).toBeNull();
  });

  it("names a difference in what one call sends as a cause of a miss, and nothing when both send the same", () => {
    const cells = analyzeLoad([
      cell("sql", 8, [window(1000)]),
      cell("drizzle", 8, [window(1000)]),
      cell("prisma-on-drizzle", 8, [window(500)]),
    ]);
    const capture = (implementation: string, statements: number, sequentialRoundTrips: number) => ({
      operation: "projects.getDetail",
      implementation,
      statements,
      sequentialRoundTrips,
      sql: [],
    });
    const captures = [capture("sql", 1, 1), capture("drizzle", 1, 1), capture("prisma-on-drizzle", 2, 1)];
    const facade = checkLoadTargets(cells, captures)[1]!;
    expect(facade.details[0]).toBe(
      "pg × 8: 0.50× (500 vs 1,000 req/s; client CPU 100 vs 100 µs/request) MISSED by 40 points; per call prisma-on-drizzle sends 2 statement(s) in 1 round trip(s), drizzle 1 in 1",
    );
    const sameStatements = [capture("drizzle", 1, 1), capture("prisma-on-drizzle", 1, 1)];
    expect(checkLoadTargets(cells, sameStatements)[1]!.details[0]).toMatch(/MISSED by 40 points$/);
  });
});

describe("--load flags", () => {
  it("defaults to projects.getDetail over pg, pgbouncer and neon-ws at 1/8/32/64 for 3 s, 2 rounds, pool 10", () => {
    expect(parseBenchArgs(["--load"])).toMatchObject({
      paths: ["pg", "pgbouncer", "neon-ws"],
      load: {
        operation: "projects.getDetail",
        concurrencies: [1, 8, 32, 64],
        durationMs: 3000,
        rounds: 2,
        poolSize: 10,
      },
    });
    expect(
      parseBenchArgs([
        "--load",
        "--op",
        "users.findById",
        "--concurrency",
        "2,4",
        "--duration",
        "0.5",
        "--rounds",
        "3",
        "--pool",
        "4",
        "--paths",
        "pg",
      ]),
    ).toMatchObject({
      paths: ["pg"],
      load: { operation: "users.findById", concurrencies: [2, 4], durationMs: 500, rounds: 3, poolSize: 4 },
    });
  });

  it("rejects bad input with a one-line message", () => {
    expect(() => parseBenchArgs(["--load", "--concurrency", "0"])).toThrow(
      /--concurrency must be an integer from 1 to 1024, got "0"/,
    );
    expect(() => parseBenchArgs(["--load", "--duration=-1"])).toThrow(/--duration must be seconds/);
    expect(() => parseBenchArgs(["--load", "--op", "users.nope"])).toThrow(/unknown operation "users.nope"/);
    expect(() => parseBenchArgs(["--concurrency", "8"])).toThrow(/--concurrency needs --load/);
    expect(() => parseBenchArgs(["--load", "--ci"])).toThrow(/--load runs alone/);
  });
});

describe("BENCH_SLOWDOWN", () => {
  it("parses impl:factor and rejects anything else", () => {
    expect(parseSlowdown("drizzle:3")).toEqual({ implementation: "drizzle", factor: 3 });
    expect(parseSlowdown(undefined)).toBeUndefined();
    expect(parseSlowdown("")).toBeUndefined();
    expect(() => parseSlowdown("drizzle")).toThrow(/BENCH_SLOWDOWN must look like "drizzle:3"/);
    expect(() => parseSlowdown("drizzle:0.5")).toThrow(/factor ≥ 1/);
  });

  it("stretches only the named implementation's calls, by the factor", async () => {
    const call = () => sleep(20).then(() => "value");
    const slow = slowedDown(call, { implementation: "drizzle", factor: 3 }, "drizzle");
    expect(slowedDown(call, { implementation: "drizzle", factor: 3 }, "sql")).toBe(call);
    const t0 = performance.now();
    expect(await slow()).toBe("value");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });
});

describe("the gate's overload warning", () => {
  it("warns when the load average is above twice the CPUs, not below", () => {
    expect(overloadWarning({ loadAverage1m: 17.5, cpus: 2 })).toMatch(/overloaded \(load average 17\.5 on 2 CPUs\)/);
    expect(overloadWarning({ loadAverage1m: 3.9, cpus: 2 })).toBeUndefined();
  });
});
