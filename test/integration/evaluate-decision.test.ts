/**
 * The decision's rules (docs/decision.md) and the team's configuration: how evidence turns into
 * scores and a recommendation, and how the config file and --rtt are read and rejected. The
 * evidence here is constructed to exercise each rule; no figure is presented as a measurement.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEvaluateCli } from "../../src/evaluate/cli.ts";
import { DEFAULT_CONFIG, type EvaluateConfig, loadConfig, parseConfig } from "../../src/evaluate/config.ts";
import { type DecisionEvidence, decide, ratioScore } from "../../src/evaluate/decision.ts";
import { outliers } from "../../src/evaluate/evidence.ts";
import { writeReport } from "../../src/report/index.ts";

const config = (overrides: Partial<EvaluateConfig> = {}): EvaluateConfig => ({
  ...DEFAULT_CONFIG,
  weights: { ...DEFAULT_CONFIG.weights },
  ...overrides,
});

/** Evidence where the candidate is better by `factor` on every measured criterion. */
function evidence(factor: number): DecisionEvidence {
  return {
    incumbent: "prisma",
    candidate: "drizzle",
    latency: {
      path: "pg (TCP)",
      source: "benchmark",
      operations: [
        { operation: "a", incumbentMs: 10 * factor, candidateMs: 10 },
        { operation: "b", incumbentMs: 20 * factor, candidateMs: 20 },
      ],
    },
    roundTrips: { incumbent: 10 * factor, candidate: 10, baseline: 10, operations: 2 },
    coldStart: { path: "pg (TCP)", incumbentMs: 100 * factor, candidateMs: 100 },
    bundleSize: { incumbentBytes: 1000 * factor, candidateBytes: 1000 },
    migration: { directory: "src", total: 10, movable: 10, review: 0, blocked: 0, blockers: {} },
    risk: { findings: [] },
  };
}

describe("scoring", () => {
  it("log2 ratio: equal is 0, twice as good is +1, clamped beyond", () => {
    expect(ratioScore(10, 10)).toBe(0);
    expect(ratioScore(20, 10)).toBe(1);
    expect(ratioScore(10, 20)).toBe(-1);
    expect(ratioScore(80, 10)).toBe(1);
    expect(ratioScore(15, 10)).toBeCloseTo(Math.log2(1.5), 10);
  });

  it("recommends switching when the candidate is clearly better, staying when it is clearly worse", () => {
    expect(decide(evidence(2), config()).recommendation).toBe("switch");
    expect(decide(evidence(0.5), config()).recommendation).toBe("stay");
    const even = decide(evidence(1), config());
    expect(even.score).toBe(0);
    expect(even.recommendation).toBe("undecided");
  });

  it("migration cost only subtracts: blocked call sites count fully, review ones half", () => {
    const e = evidence(1);
    e.migration = { directory: "src", total: 10, movable: 6, review: 2, blocked: 2, blockers: { $runCommandRaw: 2 } };
    const c = decide(e, config()).criteria.find((x) => x.id === "migrationCost")!;
    expect(c.score).toBeCloseTo(-0.3, 10);
    expect(c.evidence).toContain("$runCommandRaw (2)");
  });

  it("a blocker means fix first, whatever the score", () => {
    const e = evidence(4);
    e.risk = {
      findings: [
        { severity: "blocker", text: "schema parity fails" },
        { severity: "warning", text: "an N+1" },
      ],
    };
    const d = decide(e, config());
    expect(d.recommendation).toBe("fix-first");
    expect(d.findings.map((f) => f.severity)).toEqual(["blocker", "warning"]);
    expect(d.verdict).toContain("schema parity fails");
    expect(d.criteria.find((c) => c.id === "risk")!.score).toBe(-1);
  });

  it("warnings cost 0.25 each", () => {
    const e = evidence(1);
    e.risk = {
      findings: [
        { severity: "warning", text: "one" },
        { severity: "warning", text: "two" },
      ],
    };
    expect(decide(e, config()).criteria.find((c) => c.id === "risk")!.score).toBe(-0.5);
  });

  it("criteria without data drop out and the others' weights are scaled up; too little data is said so", () => {
    const e = evidence(2);
    e.coldStart = null;
    e.bundleSize = null;
    const d = decide(e, config());
    expect(d.criteria.find((c) => c.id === "coldStart")!.share).toBe(0);
    expect(d.criteria.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 10);
    expect(d.coverage).toBeCloseTo(0.75, 10);
    const sparse: DecisionEvidence = { ...e, latency: null, roundTrips: null, migration: null };
    expect(decide(sparse, config()).recommendation).toBe("insufficient-evidence");
  });

  it("the team's weights and thresholds change the outcome", () => {
    const e = evidence(1);
    e.coldStart = { path: "pg (TCP)", incumbentMs: 150, candidateMs: 100 };
    expect(decide(e, config()).recommendation).toBe("undecided");
    const serverless = config({
      weights: { latency: 0, roundTrips: 0, coldStart: 1, bundleSize: 0, migrationCost: 0, risk: 0 },
    });
    expect(decide(e, serverless).recommendation).toBe("switch");
    expect(decide(e, config({ switchThreshold: 0.9, stayThreshold: -0.9 })).recommendation).toBe("undecided");
  });

  it("names the implementation whose final table state differs from the others'", () => {
    expect(outliers({ prisma: { digest: "a" }, drizzle: { digest: "b" }, sql: { digest: "a" } })).toEqual(["drizzle"]);
    expect(outliers({ prisma: { digest: "a" }, drizzle: { digest: "b" } })).toEqual([]);
  });
});

describe("configuration", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "orm-switch-config-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the file, fills in defaults, and lets --rtt win", async () => {
    const file = join(dir, "team.json");
    await writeFile(file, JSON.stringify({ rttMs: 40, weights: { coldStart: 0 }, inventoryDir: "../app/src" }));
    const loaded = await loadConfig({ file, cwd: dir });
    expect(loaded).toMatchObject({ rttMs: 40, inventoryDir: "../app/src", source: file });
    expect(loaded.weights).toEqual({ ...DEFAULT_CONFIG.weights, coldStart: 0 });
    expect((await loadConfig({ file, rttMs: 5, cwd: dir })).rttMs).toBe(5);
  });

  it("picks up orm-switch.config.json in the working directory, and uses the defaults without one", async () => {
    const cwd = await mkdtemp(join(dir, "cwd-"));
    expect((await loadConfig({ cwd })).source).toBe("defaults");
    await writeFile(join(cwd, "orm-switch.config.json"), JSON.stringify({ rttMs: 3 }));
    expect((await loadConfig({ cwd })).rttMs).toBe(3);
  });

  it("rejects typos, bad values and contradictory thresholds with the key named", () => {
    expect(() => parseConfig({ rtt: 4 }, "f.json")).toThrow(/unknown key\(s\) rtt/);
    expect(() => parseConfig({ weights: { latncy: 1 } }, "f.json")).toThrow(/unknown weight "latncy"/);
    expect(() => parseConfig({ rttMs: -1 }, "f.json")).toThrow(/rttMs must be a number/);
    expect(() =>
      parseConfig(
        { weights: { latency: 0, roundTrips: 0, coldStart: 0, bundleSize: 0, migrationCost: 0, risk: 0 } },
        "f.json",
      ),
    ).toThrow(/at least one weight/);
    expect(() => parseConfig({ switchThreshold: -0.5, stayThreshold: 0 }, "f.json")).toThrow(/must not exceed/);
  });

  it("the CLI exits 2 on bad usage or config, 0 for --help, without touching a database", async () => {
    const lines: string[] = [];
    const run = (argv: string[]) =>
      runEvaluateCli(argv, { writeReport, env: {}, out: (l) => lines.push(l), progress: (l) => lines.push(l) });
    expect(await run(["--help"])).toBe(0);
    expect(lines.join("\n")).toMatch(/Exit codes: 0 .*\n?.*1 .*2 bad usage/s);
    expect(await run(["--rtt", "fast"])).toBe(2);
    expect(await run(["--skip", "everything"])).toBe(2);
    expect(await run(["--unknown"])).toBe(2);
    const bad = join(dir, "bad.json");
    await writeFile(bad, "{ not json");
    expect(await run(["--config", bad])).toBe(2);
    expect(lines.join("\n")).toMatch(/not valid JSON/);
  });
});
