/**
 * `evaluate --project` end to end on a small fixture app (test/fixtures/apps/project): the schema
 * found through package.json's prisma.schema and the migrations beside it, schema:drizzle →
 * schema:parity → a short compat:fuzz on it, the inventory of its src/, and the replay of a
 * workload recorded with recordWorkload on its generated client. The report must say which
 * criteria came from the app and which from the reference operations, write only into --out,
 * and leave the app's folder as it was. The reference benchmark and cold starts are skipped to
 * keep the file short (their own tests cover them).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runEvaluateCli } from "../../src/evaluate/cli.ts";
import type { EvaluationResults } from "../../src/evaluate/results.ts";
import { writeReport } from "../../src/report/index.ts";
import { recordOnSchema } from "../support/record-on-schema.ts";

const run = promisify(execFile);
const APP = "test/fixtures/apps/project";
const OUT = path.resolve(".tmp", `evaluate-project-${process.pid}`);
const WORKLOAD = path.join(OUT, "workload", "workload.jsonl");
const REPORT = path.join(OUT, "report");

async function evaluateCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/evaluate.ts", ...args], {
      env: { ...process.env, DATABASE_URL: inject("pgServerUrl") },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => path.join(e.parentPath, e.name))
    .map((p) => `${p} ${fs.lstatSync(p).size} ${fs.lstatSync(p).mtimeMs}`)
    .sort();
}

describe("evaluate --project on a fixture app", () => {
  let result: { code: number; stdout: string; stderr: string };
  let results: EvaluationResults;
  let appBefore: string[];

  beforeAll(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    await recordOnSchema({
      schemaPath: path.join(APP, "db/schema.prisma"),
      serverUrl: inject("pgServerUrl"),
      file: WORKLOAD,
      rowsPerModel: 6, // the rows evaluate's replay loads
      work: async (db) => {
        const customers = (await db.customer!.findMany!({ orderBy: { email: "asc" }, take: 3 })) as { id: string }[];
        await db.customer!.findUnique!({ where: { email: "nobody@example.com" }, include: { orders: true } });
        await db.order!.findMany!({ where: { customerId: customers[0]!.id, status: "PAID" }, orderBy: { id: "asc" } });
        await db.order!.create!({ data: { customerId: customers[1]!.id, totalCents: 1250, notes: ["gift"] } });
        await db.order!.aggregate!({ _sum: { totalCents: true }, where: { status: { not: "PENDING" } } });
        await db.customer!.create!({ data: { email: "new@example.com", orders: { create: { totalCents: 99 } } } });
      },
    });
    appBefore = snapshot(APP);
    result = await evaluateCli([
      "--project",
      APP,
      "--workload",
      WORKLOAD,
      "--out",
      REPORT,
      "--skip",
      "bench,cold-start",
      "--scale",
      "0.2",
      "--fuzz-runs",
      "60",
    ]);
    if (fs.existsSync(path.join(REPORT, "results.json")))
      results = JSON.parse(fs.readFileSync(path.join(REPORT, "results.json"), "utf8")) as EvaluationResults;
  }, 240_000);
  afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

  it("writes the report with every app step run and says what it read from where", () => {
    expect(result.stderr).not.toMatch(/no report|FAILED/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /evaluate:\s+schema\s+test\/fixtures\/apps\/project\/db\/schema\.prisma \(package\.json prisma\.schema\)/,
    );
    expect(result.stderr).toMatch(
      /evaluate:\s+migrations\s+test\/fixtures\/apps\/project\/db\/migrations \(found beside the schema\)/,
    );
    const app = results.steps.filter((s) => s.id.startsWith("app-") || s.id === "inventory");
    expect(app.map((s) => [s.id, s.status])).toEqual([
      ["inventory", "ok"],
      ["app-schema", "ok"],
      ["app-parity", "ok"],
      ["app-fuzz", "ok"],
      ["app-replay", "ok"],
    ]);
    expect(results.app!.models).toBe(2);
    expect(results.app!.parity!.identical).toBe(true);
    expect(results.app!.fuzz!.compared).toBeGreaterThan(0);
    // The fixture's schema has the shapes that once differed (an autoincrement id beside a nested
    // relation write); the facade now answers as Prisma does, so the fuzz finds nothing to report.
    // How mismatches become findings is tested in test/unit/evaluate-app-findings.test.ts.
    expect(results.app!.fuzz!.signatures).toEqual([]);
    expect(results.decision.findings.filter((f) => f.text.startsWith("compat:fuzz"))).toEqual([]);
    expect(results.app!.replay!.totals).toEqual({
      equal: 6,
      differ: 0,
      "error-differs": 0,
      refused: 0,
      "not-replayable": 0,
    });
    expect(results.app!.replay!.reproduced).toBe(6);
    expect(results.inventory).toMatchObject({ directory: path.join(APP, "src"), standIn: false });
    expect(results.inventory!.summary).toMatchObject({ total: 5, movable: 5, review: 0, blocked: 0 });
  });

  it("marks which criteria came from the app and which from the reference operations", () => {
    const origin = Object.fromEntries(results.decision.criteria.map((c) => [c.id, c.origin]));
    expect(origin).toEqual({
      latency: "app",
      roundTrips: "app",
      coldStart: "reference",
      bundleSize: "reference",
      migrationCost: "app",
      risk: "app+reference",
    });
    const roundTrips = results.decision.criteria.find((c) => c.id === "roundTrips")!;
    expect(roundTrips.evidence).toMatch(/over 6 of your recorded calls/);
    const markdown = fs.readFileSync(path.join(REPORT, "report.md"), "utf8");
    expect(markdown).toContain("| Round trips | your app |");
    expect(markdown).toContain("## Your app: ");
    expect(fs.readFileSync(path.join(REPORT, "index.html"), "utf8")).toContain('<section id="app">');
  });

  it("writes only into --out and leaves the app's folder as it was", () => {
    expect(fs.existsSync(path.join(REPORT, "drizzle", "schema.ts"))).toBe(true);
    expect(fs.existsSync(path.join(REPORT, "drizzle", "compat.ts"))).toBe(true);
    expect(fs.existsSync(path.join(REPORT, "replay", "replay.md"))).toBe(true);
    expect(snapshot(APP)).toEqual(appBefore);
  });

  it("refuses bad input with one line and exit 2", async () => {
    // In process: the usage checks run before any server or report, so nothing is started here.
    const cli = async (argv: string[]): Promise<{ code: number; lines: string[] }> => {
      const lines: string[] = [];
      const code = await runEvaluateCli(argv, {
        writeReport,
        out: (l) => lines.push(l),
        progress: (l) => lines.push(l),
      });
      return { code, lines: lines.join("\n").split("\n") };
    };
    const missing = await cli(["--project", "test/fixtures/apps/does-not-exist"]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.lines[0]).toBe("evaluate: --project test/fixtures/apps/does-not-exist: not a folder");
    const orphan = await cli(["--schema", "prisma/schema.prisma"]);
    expect(orphan.code).toBe(2);
    expect(orphan.lines[0]).toBe("evaluate: --schema needs --project <dir>");
    const noSchema = await cli(["--project", "test/fixtures/apps/typed"]);
    expect(noSchema.code).toBe(2);
    expect(noSchema.lines[0]).toMatch(/^evaluate: no schema\.prisma in .*typed: looked at/);
    const badRuns = await cli(["--project", APP, "--fuzz-runs", "0"]);
    expect(badRuns.lines[0]).toBe('evaluate: --fuzz-runs must be an integer in [1, 100000], got "0"');
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.lines.join("\n")).toMatch(/--project <dir>/);
  });
});
