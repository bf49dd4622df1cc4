/**
 * The CI gate on real runs: a baseline from one run, an unchanged second run passes it, and a run
 * with Drizzle deliberately slowed (BENCH_SLOWDOWN's mechanism: 3× every call) fails it on every
 * Drizzle cell. A gate that cannot fail proves nothing; one that fails on noise gets switched off.
 * At 10 ms of injected RTT, as in the CI profile's RTT 25 cells: at RTT 0 a 1 ms cell swings 2-3×
 * on these shared 2-core machines when other engineers' jobs run (load average 18 was seen).
 */
import { describe, expect, it } from "vitest";
import { baselineFrom, compareWithBaseline, formatGate } from "../../src/bench/gate.ts";
import { runBench, type BenchOptions } from "../../src/bench/run.ts";
import { seedDatabase } from "../../src/seed/index.ts";
import { useTestDatabase } from "../support/database.ts";

const db = useTestDatabase();

describe("the CI gate on measured runs", () => {
  it("passes an unchanged run and fails one with a deliberately slowed implementation", async () => {
    await seedDatabase(db.url, { scale: 1, demo: false });
    const options: BenchOptions = {
      databaseUrl: db.url,
      server: "embedded",
      operations: ["users.findById", "projects.getDetail"],
      implementations: ["sql", "drizzle"],
      paths: ["pg"],
      rtts: [10],
      warmup: 2,
      minSamples: 15,
      maxSamples: 15,
      cellBudgetMs: 0,
      coldStartSamples: 0,
      profile: "ci",
    };
    const baseline = baselineFrom(await runBench(options));
    expect(Object.keys(baseline.ratios).sort()).toEqual([
      "pg|10|projects.getDetail|drizzle",
      "pg|10|users.findById|drizzle",
    ]);

    const unchanged = compareWithBaseline(await runBench(options), baseline);
    expect(unchanged.regressions, formatGate(unchanged)).toEqual([]);

    const slowed = compareWithBaseline(
      await runBench({ ...options, slowdown: { implementation: "drizzle", factor: 3 } }),
      baseline,
    );
    expect(slowed.regressions.map((r) => r.key).sort(), formatGate(slowed)).toEqual([
      "pg|10|projects.getDetail|drizzle",
      "pg|10|users.findById|drizzle",
    ]);
    expect(formatGate(slowed)).toMatch(/bench gate: FAILED: 2 regression\(s\)/);
  });
});
