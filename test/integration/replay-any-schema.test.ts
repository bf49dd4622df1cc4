/**
 * `replay --schema <any schema.prisma>`: a workload recorded with recordWorkload on a fixture
 * schema's own generated Prisma Client (relations.prisma: 1-1 with a uuid() id created nested,
 * self-relations, BigInt ids, implicit many-to-many) replays through real Prisma and the facade
 * on scratch databases built from that schema and loaded with its synthetic rows (--rows). Every
 * call must be equal and reproduce its recorded outcome, across a reset line; the Drizzle schema
 * and the client are generated into temporary folders that are gone afterwards.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReplayReport } from "../../src/replay/report.ts";
import { appendResetMarker } from "../../src/replay/workload-file.ts";
import { recordOnSchema } from "../support/record-on-schema.ts";

const run = promisify(execFile);
const SCHEMA = "test/fixtures/schemas/relations.prisma";
const OUT = path.resolve(".tmp", `replay-any-schema-${process.pid}`);
const WORKLOAD = path.join(OUT, "workload.jsonl");
const ROWS = 3;

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

const ownTempFolders = (): string[] =>
  fs.readdirSync(tmpdir()).filter((n) => n.startsWith("orm-switch-drizzle-") || n.startsWith("orm-switch-client-"));

describe("replay on another schema than this repo's", () => {
  beforeAll(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    await recordOnSchema({
      schemaPath: SCHEMA,
      serverUrl: inject("pgServerUrl"),
      file: WORKLOAD,
      rowsPerModel: ROWS,
      work: async (db) => {
        await db.person!.findMany!({ orderBy: { id: "asc" }, include: { profile: true, groups: true } });
        const ada = (await db.person!.create!({
          data: { name: "Ada", profile: { create: { bio: "engineer" } } },
        })) as { id: number };
        await db.profile!.findMany!({ where: { bio: "engineer" }, include: { person: true } });
        await db.post!.findMany!({ orderBy: { id: "asc" }, include: { tags: true, author: true } });
        await db.post!.count!({ where: { editorId: null } });
        // The id the create drew: the replay's sequences are moved past the seeded ids as the recording's were.
        await db.person!.update!({ where: { id: ada.id }, data: { name: "Renamed" } });
        await db.person!.findUniqueOrThrow!({ where: { id: 99_999 } }).catch(() => undefined);
        appendResetMarker(WORKLOAD);
        await db.person!.findMany!({ where: { name: "Renamed" } });
      },
    });
  }, 240_000);
  afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

  it("replays every call equal through Prisma and the facade, with the schema's synthetic rows", async () => {
    const before = ownTempFolders();
    const out = path.join(OUT, "report");
    const result = await replayCli(["--workload", WORKLOAD, "--schema", SCHEMA, "--rows", String(ROWS), "--out", out]);
    expect(result.stderr).not.toMatch(/could not run/);
    expect(result.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, "replay.json"), "utf8")) as ReplayReport;
    expect(report.data).toBe(`synthetic rows from the schema, ${ROWS} per model`);
    expect(report.resets).toBe(1);
    expect(report.totals).toEqual({ equal: 8, differ: 0, "error-differs": 0, refused: 0, "not-replayable": 0 });
    expect(report.reproduced).toBe(8);
    // The reset reloaded the rows: the rename before it is gone on both sides (an empty list, equal).
    const afterReset = report.shapes.find((s) => s.shape.startsWith("Person.findMany") && s.shape.includes("name"));
    expect(afterReset?.verdicts.equal).toBe(1);
    const created = report.shapes.find((s) => s.shape.startsWith("Person.create"))!;
    expect(created.prisma!.statements).toBeGreaterThan(1); // the nested profile create
    expect(ownTempFolders().filter((n) => !before.includes(n))).toEqual([]);
  }, 180_000);

  it("refuses a bad --rows with one line and exit 2", async () => {
    const bad = await replayCli(["--workload", WORKLOAD, "--schema", SCHEMA, "--rows", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^replay: --rows must be a positive integer, got 0 \(see --help\)$/);
  }, 60_000);
});
