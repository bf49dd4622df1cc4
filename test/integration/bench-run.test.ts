/**
 * A tiny benchmark against the test database: two operations, two implementations, the pg path and
 * the Neon HTTP stand-in, RTT 0 and 10 ms. Timings are only checked loosely (shared machines);
 * what is checked is that every cell is there with its samples, ratios and fitted round trips.
 */
import { describe, expect, it } from "vitest";
import { checkTargets } from "../../src/bench/analysis.ts";
import { renderBenchMarkdown } from "../../src/bench/markdown.ts";
import { runBench } from "../../src/bench/run.ts";
import { seedDatabase } from "../../src/seed/index.ts";
import { useTestDatabase } from "../support/database.ts";

const db = useTestDatabase();

describe("npm run bench (small)", () => {
  it("measures every cell interleaved, with ratios to sql, fitted round trips and the captured statements", async () => {
    await seedDatabase(db.url, { scale: 1, demo: false });
    const results = await runBench({
      databaseUrl: db.url,
      server: "embedded",
      operations: ["users.findById", "projects.updateStatus", "users.create"],
      implementations: ["drizzle", "sql"],
      paths: ["pg", "neon-http"],
      rtts: [0, 10],
      warmup: 1,
      minSamples: 5,
      maxSamples: 5,
      cellBudgetMs: 0,
      coldStartSamples: 0,
    });
    const pgCells = results.cells.filter((c) => c.path === "pg");
    expect(pgCells).toHaveLength(3 * 2 * 2);
    for (const c of pgCells) {
      expect(c.n).toBe(5);
      expect(c.samples).toHaveLength(5);
      expect(c.ci95.low).toBeLessThanOrEqual(c.medianMs);
      expect(c.ci95.high).toBeGreaterThanOrEqual(c.medianMs);
      expect(c.clientCpuUs).toBeGreaterThan(0);
      if (c.implementation === "sql") expect(c.ratioToSql).toBe(1);
      else expect(c.ratioToSql).toBeGreaterThan(0);
    }
    // One round trip each: the slope over RTT 0 → 10 ms is about one RTT per call.
    const fit = results.fits.find(
      (f) => f.path === "pg" && f.operation === "users.findById" && f.implementation === "sql",
    )!;
    expect(fit.roundTripsCaptured).toBe(1);
    expect(fit.roundTripsFitted).toBeGreaterThan(0.7);
    expect(fit.roundTripsFitted).toBeLessThan(1.6);
    // Over HTTP the read runs; the status change needs an interactive transaction it cannot have.
    expect(results.cells.some((c) => c.path === "neon-http" && c.operation === "users.findById")).toBe(true);
    expect(results.pathDescriptions["neon-http"]).toMatch(/stand-in/);
    const captured = results.captures.find(
      (c) => c.implementation === "drizzle" && c.operation === "projects.updateStatus",
    )!;
    expect(captured.sql.length).toBe(captured.statements);
    expect(checkTargets(results)[1]!.met, checkTargets(results)[1]!.details.join("; ")).toBe(true);
    // Server time per call: every statement explained (the write too: it is explained before it
    // runs, so it never meets the row it wrote), one statement each, a positive time.
    expect(results.serverTimes).toHaveLength(3 * 2);
    for (const t of results.serverTimes) {
      expect(t.unexplained).toBe(0);
      expect(t.statements).toBe(1);
      expect(t.serverUs).toBeGreaterThan(0);
      expect(t.executionUs).toBeGreaterThan(0);
    }
    // Every operation gets a line in the ratio target: met, or missed with measured causes.
    const ratioLines = checkTargets(results)[0]!.details;
    expect(ratioLines).toHaveLength(3);
    for (const line of ratioLines)
      expect(line).toMatch(/: met, |: missed, .*: client [+−]\d+ µs\/call, server [+−]\d+ µs\/call/);
    const md = renderBenchMarkdown(results);
    expect(md).toMatch(/## pg at 10 ms RTT/);
    expect(md).toMatch(/\| users\.findById \| \*\*(sql|drizzle)\*\* \|/);
  });

  it("warms the JIT with unrecorded rounds of every cell before the first path's first RTT only", async () => {
    const users = async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM users"))[0]!.n);
    const run = async (jitWarmup: number) => {
      const before = await users();
      const results = await runBench({
        databaseUrl: db.url,
        server: "embedded",
        operations: ["users.create"],
        implementations: ["sql"],
        paths: ["pg", "neon-http"],
        rtts: [0, 10],
        warmup: 1,
        jitWarmup,
        minSamples: 1,
        maxSamples: 1,
        cellBudgetMs: 0,
        coldStartSamples: 0,
        serverTimeSamples: 0,
      });
      // Both runs write: a second run in one process (as the gate's re-measurement) takes new keys.
      expect(results.skipped).toEqual([]);
      expect(results.cells.map((c) => c.n)).toEqual([1, 1, 1, 1]);
      return { created: (await users()) - before, results };
    };
    const cold = await run(0);
    const warm = await run(11);
    // 10 more calls (11 rounds instead of the 1 ordinary warm-up), once, whatever the paths and RTTs.
    expect(warm.created - cold.created).toBe(10);
    expect(warm.results.settings.jitWarmup).toBe(11);
    expect(renderBenchMarkdown(warm.results)).toMatch(/the first path's first RTT after 11, so that V8/);
  });
});
