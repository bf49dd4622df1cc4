/**
 * `npm run evaluate` end to end on the test server: its own database created and dropped, every
 * step recorded with timing, a failing step (an inventory directory that does not exist) reported
 * while the others still run, and the report files written from one results.json.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/evaluate/config.ts";
import type { EvaluationResults } from "../../src/evaluate/results.ts";
import { runEvaluate } from "../../src/evaluate/run.ts";
import { readResults, writeReport } from "../../src/report/index.ts";

async function evaluateDatabases(serverUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (
      await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'orm\\_switch\\_evaluate\\_test\\_%' OR datname LIKE 'orm\\_switch\\_parity\\_test\\_%'`,
      )
    ).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe("runEvaluate on DATABASE_URL's server", () => {
  const serverUrl = inject("pgServerUrl");
  let dir: string;
  let results: EvaluationResults;
  let files: { json: string; markdown: string; html: string };
  let before: string[];
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orm-switch-evaluate-"));
    before = await evaluateDatabases(serverUrl);
    const outcome = await runEvaluate({
      writeReport,
      config: {
        ...DEFAULT_CONFIG,
        weights: { ...DEFAULT_CONFIG.weights },
        rttMs: 40,
        inventoryDir: "test/integration/does-not-exist",
        source: "test",
      },
      // The benchmark takes minutes; it has its own tests.
      skip: ["bench", "cold-start"],
      implementations: ["prisma", "drizzle", "sql"],
      scale: 0.2,
      outDir: dir,
      databaseUrl: serverUrl,
      argv: ["--rtt", "40"],
      write: (line) => lines.push(line),
    });
    results = outcome.results;
    files = outcome.files;
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("records every step in order, with timing, the failing one with its error", () => {
    expect(results.steps.map((s) => s.id)).toEqual([
      "migrate",
      "seed",
      "parity",
      "smoke",
      "compare",
      "bench",
      "load",
      "cold-start",
      "inventory",
    ]);
    const status = Object.fromEntries(results.steps.map((s) => [s.id, s.status]));
    expect(status).toEqual({
      migrate: "ok",
      seed: "ok",
      parity: "ok",
      smoke: "ok",
      compare: "ok",
      bench: "skipped",
      load: "skipped",
      "cold-start": "skipped",
      inventory: "failed",
    });
    expect(results.steps.find((s) => s.id === "inventory")!.error).toMatch(/does-not-exist/);
    expect(results.steps.find((s) => s.id === "bench")!.summary).toBe("skipped by --skip bench");
    expect(results.steps.find((s) => s.id === "load")!.summary).toMatch(/^only with --full/);
    expect(results.load).toBeNull();
    for (const step of results.steps.filter((s) => s.status === "ok")) expect(step.durationMs).toBeGreaterThan(0);
    // Progress: a counter and a timing per step.
    expect(lines.some((l) => /^\[5\/9\] SQL comparison: ok in \d+\.\d s/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[9\/9\] Call-site inventory .*FAILED/.test(l))).toBe(true);
  });

  it("runs on a database of its own and drops it (and the parity database) at the end", async () => {
    expect(results.environment.postgres.server).toBe("DATABASE_URL");
    expect(results.environment.postgres.description).toMatch(/_test_/);
    expect(await evaluateDatabases(serverUrl)).toEqual(before);
  });

  it("keeps the measured evidence: migrations, seed, parity, smoke, comparison, latency estimate", () => {
    expect(results.migrations!.applied.length).toBeGreaterThan(0);
    expect(results.seed!.rows.users).toBeGreaterThan(0);
    expect(results.parity!.equal).toBe(true);
    expect(results.parity!.counts.table).toBe(8);
    expect(results.smoke!.map((s) => [s.implementation, s.ok])).toEqual([
      ["prisma", true],
      ["drizzle", true],
      ["sql", true],
    ]);
    expect(results.comparison!.implementations).toEqual(["prisma", "drizzle", "sql"]);
    expect(results.comparison!.operations.length).toBeGreaterThan(20);
    // Without the benchmark, latency is an estimate and says so.
    expect(results.latency!.source).toBe("estimate");
    expect(results.environment.standIns.join(" ")).toMatch(/not measured/);
    const cell = results.latency!.cells.find((c) => c.implementation === "sql" && c.operation === "users.findById")!;
    expect(cell.predictedMs).toBeCloseTo(cell.serverMs + cell.roundTrips * 40, 2);
  });

  it("scores the criteria it has data for and leaves the others out", () => {
    const d = results.decision;
    expect(d.rttMs).toBe(40);
    const byId = Object.fromEntries(d.criteria.map((c) => [c.id, c]));
    expect(byId.latency!.score).not.toBeNull();
    expect(byId.roundTrips!.score).not.toBeNull();
    expect(byId.coldStart!.score).toBeNull();
    expect(byId.bundleSize!.score).toBeNull();
    expect(byId.migrationCost!.score).toBeNull();
    expect(d.criteria.filter((c) => c.score !== null).reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 6);
    expect(d.verdict).toContain(d.headline);
    expect(d.verdict).toMatch(/Not measured this run: .*cold start/);
  });

  it("writes results.json first and renders report.md and index.html from it", async () => {
    const json = await readResults(files.json);
    expect(json.formatVersion).toBe(1);
    expect(json.decision.headline).toBe(results.decision.headline);
    const markdown = await readFile(files.markdown, "utf8");
    expect(markdown).toContain(`## Recommendation:`);
    expect(markdown).toContain("| users.findById | drizzle |");
    const html = await readFile(files.html, "utf8");
    expect(html).toContain("Content-Security-Policy");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain(results.decision.headline);
  });
});
