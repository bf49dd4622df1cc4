/**
 * The seed is deterministic (same ids, same rows) and idempotent (a second run changes nothing),
 * proven with table checksums on real databases; the CLI gates demo rows on the environment.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { generateSeed, plannedRows, SEED_TABLES, seedDatabase, tableOf } from "../../src/seed/index.ts";
import { parseSeedArgs, runSeedCli } from "../../src/seed/cli.ts";
import { type TestDatabase, useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const db = useTestDatabase();
const TABLES = SEED_TABLES.map(tableOf);

/** One md5 per table over every column of every row, in id order. */
async function checksums(target: Pick<TestDatabase, "query"> | pg.Pool): Promise<Record<string, string>> {
  const query = async (sql: string): Promise<{ sum: string; n: number }[]> =>
    target instanceof pg.Pool
      ? (await target.query<{ sum: string; n: number }>(sql)).rows
      : target.query<{ sum: string; n: number }>(sql);
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await query(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS sum, count(*)::int AS n FROM "${table}" t`,
    );
    out[table] = `${row!.n}:${row!.sum}`;
  }
  return out;
}

describe("seed data", () => {
  let first: Record<string, string>;

  beforeAll(async () => {
    const report = await seedDatabase(db.url, { scale: 0.5 });
    expect(report.changed).toBeGreaterThan(0);
    first = await checksums(db);
  });

  it("generates the same rows for the same scale, and a bigger scale multiplies them", () => {
    expect(generateSeed(0.3)).toEqual(generateSeed(0.3));
    const one = plannedRows(1);
    const ten = plannedRows(10);
    expect(one.users).toBe(1000);
    expect(one.organizations).toBe(5);
    expect(one.tasks).toBeGreaterThan(8000);
    expect(one.tasks).toBeLessThan(12_000);
    expect(ten.users).toBe(10 * one.users);
    expect(ten.organizations).toBe(10 * one.organizations);
    expect(ten.tasks / one.tasks).toBeGreaterThan(8);
    expect(ten.tasks / one.tasks).toBeLessThan(12);
  });

  it("changes nothing when run a second time", async () => {
    const again = await seedDatabase(db.url, { scale: 0.5 });
    expect(again.changed).toBe(0);
    expect(again.tables.every((t) => t.inserted === 0 && t.updated === 0 && t.unchanged === t.rows)).toBe(true);
    expect(await checksums(db)).toEqual(first);
  });

  it("writes identical rows (same ids, same values) into a fresh database", async () => {
    const server = inject("pgServerUrl");
    const name = uniqueTestDatabaseName();
    const url = await createDatabase(server, name, inject("pgTemplate"));
    const pool = owned(new pg.Pool({ connectionString: url, max: 1 }));
    try {
      await seedDatabase(pool, { scale: 0.5 });
      expect(await checksums(pool)).toEqual(first);
    } finally {
      await closeOwned(pool);
      await dropTestDatabase(server, name);
    }
  });

  it("puts back a seeded row someone changed and touches nothing else", async () => {
    const [task] = await db.query<{ id: string }>(`SELECT id FROM tasks ORDER BY id LIMIT 1`);
    await db.query(`UPDATE tasks SET title = 'changed by hand' WHERE id = $1`, [task!.id]);
    const report = await seedDatabase(db.url, { scale: 0.5 });
    expect(report.changed).toBe(1);
    expect(report.tables.find((t) => t.table === "tasks")!.updated).toBe(1);
    expect(await checksums(db)).toEqual(first);
  });

  it("moves the audit id sequence past the seeded ids, so appended entries never collide", async () => {
    const [max] = await db.query<{ m: string }>(`SELECT max(id)::text AS m FROM audit_logs`);
    const [appended] = await db.query<{ id: string }>(
      `INSERT INTO audit_logs (entity_type, entity_id, action) VALUES ('test', 'x', 'test.appended') RETURNING id::text`,
    );
    expect(BigInt(appended!.id)).toBeGreaterThan(BigInt(max!.m));
    await db.query(`DELETE FROM audit_logs WHERE id = $1`, [appended!.id]);
  });

  it("keeps the rows the contract relies on consistent: owners are members, assignees are members", async () => {
    const [orphanOwners] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM projects p WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = p.organization_id AND m.user_id = p.owner_id)`,
    );
    const [orphanAssignees] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks t JOIN projects p ON p.id = t.project_id
       WHERE t.assignee_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = p.organization_id AND m.user_id = t.assignee_id)`,
    );
    const [ownerless] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = o.id AND m.role = 'OWNER')`,
    );
    expect([orphanOwners!.n, orphanAssignees!.n, ownerless!.n]).toEqual([0, 0, 0]);
  });
});

describe("db:seed command", () => {
  const lines: string[] = [];
  const out = (line: string): void => {
    lines.push(line);
  };
  let url = "";
  let name = "";

  beforeAll(async () => {
    name = uniqueTestDatabaseName();
    url = await createDatabase(inject("pgServerUrl"), name, inject("pgTemplate"));
  });
  afterAll(async () => {
    await dropTestDatabase(inject("pgServerUrl"), name);
  });

  it("parses --scale and --batch-size and rejects nonsense", () => {
    expect(parseSeedArgs([])).toMatchObject({ scale: 1, batchSize: 2000, dryRun: false });
    expect(parseSeedArgs(["--scale", "10", "--batch-size", "500"])).toMatchObject({ scale: 10, batchSize: 500 });
    expect(() => parseSeedArgs(["--scale", "zero"])).toThrow(/--scale/);
    expect(() => parseSeedArgs(["--scale", "-1"])).toThrow(/--scale/);
    expect(() => parseSeedArgs(["--bogus"])).toThrow();
  });

  it("prints help", async () => {
    lines.length = 0;
    expect(await runSeedCli(["--help"], {}, out)).toBe(0);
    expect(lines.join("\n")).toMatch(/--scale/);
  });

  it("refuses production", async () => {
    lines.length = 0;
    expect(await runSeedCli(["--quiet"], { DATABASE_URL: url, NODE_ENV: "production" }, out)).toBe(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query(`SELECT count(*)::int AS n FROM users`)).rows[0]).toEqual({ n: 0 });
    } finally {
      await client.end();
    }
  });

  it("writes demo rows only in development or test", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const demoUsers = async (): Promise<number> =>
      (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE id = 'usr_demo'`)).rows[0]!.n;
    try {
      lines.length = 0;
      expect(await runSeedCli(["--scale", "0.05", "--quiet"], { DATABASE_URL: url }, out)).toBe(0);
      expect(await demoUsers()).toBe(0);
      expect(lines.join("\n")).not.toMatch(/demo login/);

      lines.length = 0;
      expect(await runSeedCli(["--scale", "0.05"], { DATABASE_URL: url, APP_ENV: "development" }, out)).toBe(0);
      expect(await demoUsers()).toBe(1);
      expect(lines.join("\n")).toMatch(/demo login/);
      // Progress was shown, and the second run wrote only the demo rows.
      expect(lines.some((l) => /tasks\s+\d+\/\d+/.test(l))).toBe(true);
      expect(lines.join("\n")).toMatch(/organizations\s+\d+ rows\s+1 inserted/);
    } finally {
      await client.end();
    }
  });
});
