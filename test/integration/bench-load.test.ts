/**
 * A short load run against the test database: every implementation on the pg path, two
 * concurrencies, two rounds of a fraction of a second. Throughput figures are not judged (shared
 * machines); what is checked is that calls really happened, none failed, and every figure is there.
 * Then a deliberately slowed Drizzle must miss its target.
 */
import { describe, expect, it } from "vitest";
import { checkLoadTargets } from "../../src/bench/load/analysis.ts";
import { renderLoadMarkdown } from "../../src/bench/load/markdown.ts";
import { runLoad } from "../../src/bench/load/run.ts";
import { IMPLEMENTATIONS } from "../../src/repositories/index.ts";
import { seedDatabase } from "../../src/seed/index.ts";
import { useTestDatabase } from "../support/database.ts";

const db = useTestDatabase();

describe("npm run bench -- --load (short)", () => {
  it("runs every implementation closed-loop at each concurrency, with no errors and every figure", async () => {
    await seedDatabase(db.url, { scale: 1, demo: false });
    const results = await runLoad({
      databaseUrl: db.url,
      server: "embedded",
      paths: ["pg"],
      concurrencies: [1, 4],
      durationMs: 250,
      rounds: 2,
      poolSize: 4,
      warmupMs: 100,
    });
    expect(results.settings).toMatchObject({
      operation: "projects.getDetail",
      poolSize: 4,
      rounds: 2,
      durationMs: 250,
    });
    expect(results.skipped).toEqual([]);
    expect(results.cells).toHaveLength(IMPLEMENTATIONS.length * 2);
    for (const c of results.cells) {
      expect(c.path).toBe("pg");
      expect(c.errors, `${c.implementation} × ${c.concurrency}: ${c.firstError}`).toBe(0);
      expect(c.requests).toBeGreaterThan(0);
      expect(c.rounds).toBe(2);
      expect(c.roundReqPerSec).toHaveLength(2);
      expect(c.reqPerSec).toBeGreaterThan(0);
      expect(c.p50Ms!).toBeLessThanOrEqual(c.p95Ms!);
      expect(c.p95Ms!).toBeLessThanOrEqual(c.p99Ms!);
      expect(c.cpuUsPerRequest!).toBeGreaterThan(0);
      expect(c.ratioToSql!).toBeGreaterThan(0);
      expect(c.ratioRange!.low).toBeLessThanOrEqual(c.ratioRange!.high);
      if (c.implementation === "sql") expect(c.ratioToSql).toBe(1);
    }
    const targets = checkLoadTargets(results.cells);
    expect(targets.map((t) => t.details.length)).toEqual([2, 2]);
    const md = renderLoadMarkdown(results);
    expect(md).toMatch(/## pg/);
    expect(md).toMatch(/\| 4 \| drizzle \| [\d,]+ \| [\d.]+× \[[\d.]+–[\d.]+\] \|/);
    expect(md).toMatch(/Drizzle ≥ 0\.9× sql req\/s at every concurrency/);
  });

  it("reports a deliberately slowed implementation as missing its target", async () => {
    await seedDatabase(db.url, { scale: 1, demo: false });
    const results = await runLoad({
      databaseUrl: db.url,
      server: "embedded",
      implementations: ["sql", "drizzle"],
      paths: ["pg"],
      concurrencies: [2],
      durationMs: 300,
      rounds: 1,
      poolSize: 2,
      warmupMs: 50,
      slowdown: { implementation: "drizzle", factor: 4 },
    });
    const drizzle = results.cells.find((c) => c.implementation === "drizzle")!;
    expect(drizzle.requests).toBeGreaterThan(0);
    expect(drizzle.ratioToSql!).toBeLessThan(0.9);
    expect(checkLoadTargets(results.cells)[0]!.met).toBe(false);
    expect(renderLoadMarkdown(results)).toMatch(/A deliberate slowdown was injected/);
  });
});
