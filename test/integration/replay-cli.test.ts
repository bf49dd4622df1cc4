/**
 * The replay command and its verdicts beyond "all equal": a refusal by the facade is reported with
 * its reason, a wrong result is caught as `differ` (a facade whose results are altered on purpose),
 * latency at --rtt follows the model, and the command's usage errors (a data option that does not
 * fit the schema among them) exit 2 with one line. Other schemas: replay-any-schema.test.ts.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "../../src/prisma/generated/client.ts";
import type { ReplayEnvironment } from "../../src/replay/engine.ts";
import { replayLines } from "../../src/replay/engine.ts";
import { recordWorkload } from "../../src/replay/recorder.ts";
import type { ReplayReport } from "../../src/replay/report.ts";
import { openReplayEnvironment } from "../../src/replay/run.ts";
import { readWorkload } from "../../src/replay/workload-file.ts";
import { backupDatabase } from "../../src/migrate/backup.ts";
import { seedDatabase, seedIds } from "../../src/seed/index.ts";
import { useTestDatabase } from "../support/database.ts";
import { type OwnedPrismaAdapter, ownedPrismaAdapter } from "../support/prisma-adapter.ts";

const OUT = path.resolve(".tmp", `replay-cli-${process.pid}`);
const WORKLOAD = path.join(OUT, "workload.jsonl");
const BACKUP = path.join(OUT, "backup");
const SCALE = 0.01;
const run = promisify(execFile);

async function replayCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/replay.ts", ...args], {
      env: { ...process.env, DATABASE_URL: inject("pgServerUrl") },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("replay command", () => {
  const recordDb = useTestDatabase();
  const prismaDb = useTestDatabase();
  const facadeDb = useTestDatabase();
  let client: PrismaClient | undefined;
  let recordAdapter: OwnedPrismaAdapter | undefined;

  beforeAll(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    await seedDatabase(recordDb.url, { scale: SCALE });
    // The data the workload was recorded on, as a team would snapshot its staging database.
    await backupDatabase(recordDb.url, BACKUP);
    recordAdapter = ownedPrismaAdapter(recordDb.url);
    client = new PrismaClient({ adapter: recordAdapter.adapter });
    const recorded = client.$extends(recordWorkload({ file: WORKLOAD, redact: false })) as unknown as PrismaClient;
    await recorded.user.findMany({ orderBy: { email: "asc" }, take: 5 });
    await recorded.organization.findUnique({
      where: { id: seedIds.organization(0) },
      include: { projects: { orderBy: { id: "asc" } } },
    });
    await recorded.task.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" }, take: -2 });
    await recorded.user.create({ data: { email: "new@example.com", name: "New" } });
    await recorded.user.findUnique({ where: { email: "new@example.com" } });
  });
  afterAll(async () => {
    await client?.$disconnect();
    await recordAdapter?.close();
  });

  it("reports equal calls, a refusal with its reason, and latency at --rtt (exit 0)", async () => {
    const result = await replayCli(["--workload", WORKLOAD, "--synthetic", String(SCALE), "--rtt", "10", "--out", OUT]);
    expect(result.stderr).not.toMatch(/could not run/);
    expect(result.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(OUT, "replay.json"), "utf8")) as ReplayReport;
    expect(report.totals).toEqual({ equal: 4, differ: 0, "error-differs": 0, refused: 1, "not-replayable": 0 });
    expect(report.reproduced).toBe(5);
    const refused = report.shapes.find((s) => s.verdicts.refused > 0)!;
    expect(refused.shape).toMatch(/^Task\.groupBy /);
    expect(refused.examples[0]!.detail).toMatch(/negative take/);
    for (const shape of report.shapes.filter((s) => s.facade)) {
      expect(shape.facade!.atRttMs).toBeCloseTo(shape.facade!.medianMs + shape.facade!.roundTrips * 10, 1);
    }
    const include = report.shapes.find((s) => s.shape.startsWith("Organization.findUnique"))!;
    expect(include.prisma!.statements).toBe(2); // Prisma loads the relation with a second query
    expect(fs.readFileSync(path.join(OUT, "replay.md"), "utf8")).toContain("| `Task.groupBy");
  }, 120_000);

  it("loads a db:backup snapshot into both databases (--data) and reproduces every recorded outcome", async () => {
    const out = path.join(OUT, "from-backup");
    const result = await replayCli(["--workload", WORKLOAD, "--data", BACKUP, "--out", out]);
    expect(result.stderr).not.toMatch(/could not run/);
    expect(result.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, "replay.json"), "utf8")) as ReplayReport;
    expect(report.data).toMatch(/^db:backup snapshot /);
    expect(report.totals).toEqual({ equal: 4, differ: 0, "error-differs": 0, refused: 1, "not-replayable": 0 });
    expect(report.reproduced).toBe(5);
  }, 120_000);

  it("catches a facade whose results are wrong (differ, with where)", async () => {
    await Promise.all([seedDatabase(prismaDb.url, { scale: SCALE }), seedDatabase(facadeDb.url, { scale: SCALE })]);
    const opened = await openReplayEnvironment([prismaDb.url, facadeDb.url], { kind: "synthetic", scale: SCALE });
    try {
      // A facade that drops the last row of every findMany: the replay must notice.
      const users = (opened.env.facade.client as { user: { findMany(a: unknown): Promise<unknown[]> } }).user;
      const wrong = {
        ...opened.env.facade,
        client: { user: { findMany: async (a: unknown) => (await users.findMany(a)).slice(0, -1) } },
      };
      const env: ReplayEnvironment = { ...opened.env, facade: wrong };
      const [first] = await replayLines(env, readWorkload(WORKLOAD).slice(0, 1));
      expect(first!.verdict).toBe("differ");
      expect(first!.detail).toMatch(/^\$\.ok/);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it("refuses bad input with one line and exit 2, this repo's seed on another schema included", async () => {
    const other = await replayCli([
      "--workload",
      WORKLOAD,
      "--schema",
      "test/fixtures/schemas/keys.prisma",
      "--synthetic",
      "1",
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr.trim()).toMatch(/^replay: --synthetic <scale> is this repo's own seed; .*--rows/);
    const rowsHere = await replayCli(["--workload", WORKLOAD, "--rows", "3"]);
    expect(rowsHere.code).toBe(2);
    expect(rowsHere.stderr.trim().split("\n")).toHaveLength(1);
    const missing = await replayCli(["--synthetic", "1"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const unknown = await replayCli(["--workload", WORKLOAD, "--bogus"]);
    expect(unknown.code).toBe(2);
    const help = await replayCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: replay --workload/);
  }, 60_000);
});
