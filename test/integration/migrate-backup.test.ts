/**
 * db:backup / db:restore against the real server the suite runs on (embedded PostgreSQL 18 → the
 * copy format; PostgreSQL 15 with Debian's pg_dump 15 → pg_dump), and the copy format forced on
 * either: every row comes back byte-identical, sequences continue, the snapshot is consistent while
 * writes commit during the backup, and tampered backups are refused without touching the target.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import { runBackupCli, runRestoreCli } from "../../src/migrate/backup-cli.ts";
import type { BackupManifest } from "../../src/migrate/backup-manifest.ts";
import { backupDatabase } from "../../src/migrate/backup.ts";
import { RestoreVerificationError, restoreDatabase } from "../../src/migrate/restore.ts";
import { queryOnce as sql } from "../support/scratch-databases.ts";

const serverUrl = inject("pgServerUrl");
const created: string[] = [];
let workDir = "";

/** A new database on the test server with the migrations applied (what a restore expects). */
async function freshDatabase(): Promise<string> {
  const name = uniqueTestDatabaseName("orm_switch_backup_test");
  created.push(name);
  const url = await createDatabase(serverUrl, name);
  await applyMigrationsPlain(url);
  return url;
}

const TABLES = [
  "_prisma_migrations",
  "audit_logs",
  "downloads",
  "memberships",
  "organizations",
  "projects",
  "sessions",
  "tasks",
  "users",
];

/** Every row of every table in PostgreSQL's own text representation, sorted: equal means byte-identical. */
async function contents(url: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES)
    out[t] = (await sql<{ r: string }>(url, `SELECT ROW(t.*)::text AS r FROM public."${t}" t ORDER BY 1`)).map(
      (x) => x.r,
    );
  return out;
}

const BIG_ID = "9007199254740993"; // 2^53 + 1: not representable as a JS number.

/** Rows that stress the text round trip: control characters, unicode, JSON edge cases, arrays, infinities. */
async function seedTrickyRows(url: string): Promise<void> {
  await sql(
    url,
    `INSERT INTO organizations (id, slug, name, plan, created_at, updated_at) VALUES
       ('org1', 'tricky', E'tab\\there\\nnew line\\r\\\\ back\\\\slash "quote" ''apos'' é 🎉 \\u2028', 'ENTERPRISE', '2024-02-29 23:59:59.999', 'infinity'),
       ('org2', 'plain', '', 'FREE', '1970-01-01 00:00:00', '-infinity');
     INSERT INTO users (id, email, name, created_at, updated_at) VALUES
       ('u1', 'Ä@example.com', E'\\\\N', '2000-01-01 00:00:00.001', '2000-01-01 00:00:00.010'),
       ('u2', 'b@example.com', 'NULL', now(), now());
     INSERT INTO memberships (id, organization_id, user_id, role) VALUES ('m1', 'org1', 'u1', 'OWNER'), ('m2', 'org1', 'u2', 'ADMIN');
     INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at) VALUES
       ('p1', 'org1', 'u1', 'jsonb', 'ARCHIVED', '{"n": 12345678901234567890.000100, "a": [1, 2.50, null, true], "s": "x\\ty\\\\z\\u0001", "e": {}}',
        ARRAY['a,b', '"q"', NULL, '', 'NULL', E'back\\\\slash', '{braces}', E'line\\nbreak'], now(), now()),
       ('p2', 'org2', 'u2', 'nulls', 'PAUSED', '[]', NULL, now(), now());
     INSERT INTO tasks (id, project_id, title, status, assignee_id, position, created_at, updated_at) VALUES
       ('t1', 'p1', 'unassigned', 'IN_PROGRESS', NULL, -2147483648, now(), now()),
       ('t2', 'p1', 'assigned', 'DONE', 'u2', 2147483647, now(), now());
     INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES ('s1', 'u1', repeat('ab', 32), '2999-12-31 23:59:59.999');
     INSERT INTO downloads (id, version, platform, url, count, updated_at) VALUES ('d1', '1.0.0', 'linux-x64', 'https://example.com/a?b=c&d', 42, now());
     INSERT INTO audit_logs (entity_type, entity_id, action, before, after) VALUES
       ('project', 'p1', 'create', NULL, 'null'), ('project', 'p1', 'update', '{"x": 1}', '{"x": [2]}'), ('project', 'p2', 'delete', '"str"', NULL);
     INSERT INTO audit_logs (id, entity_type, entity_id, action) VALUES (${BIG_ID}, 'big', 'id', 'insert');`,
  );
}

function pgDumpMajor(): number | undefined {
  const r = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? Number(/(\d+)/.exec(r.stdout)?.[1]) : undefined;
}

let serverMajor = 0;
let source = "";
let sourceContents: Record<string, string[]> = {};

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "orm-switch-backup-test-"));
  serverMajor = Math.floor(
    Number((await sql<{ v: string }>(serverUrl, "SELECT current_setting('server_version_num') AS v"))[0]!.v) / 10000,
  );
  source = await freshDatabase();
  await seedTrickyRows(source);
  sourceContents = await contents(source);
});

afterAll(async () => {
  for (const name of created) await dropTestDatabase(serverUrl, name);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("choosing the method", () => {
  it("uses pg_dump exactly when a pg_dump of the server's major version or newer is on the PATH", async () => {
    const dump = pgDumpMajor();
    const expected = dump !== undefined && dump >= serverMajor ? "pg_dump" : "copy";
    const result = await backupDatabase(source, join(workDir, "auto-choice"));
    expect(result.method).toBe(expected);
    expect(result.manifest.method).toBe(expected);
    expect(result.manifest.server.versionNum).toBeGreaterThanOrEqual(serverMajor * 10000);
  });
});

describe.each(["auto", "copy"] as const)("format %s", (format) => {
  it("backup → drop a table → fresh schema → restore gives back every row byte-identical, and ids continue", async () => {
    const dir = join(workDir, `roundtrip-${format}`);
    const backup = await backupDatabase(source, dir, { format });
    expect(Object.fromEntries(backup.tables.map((t) => [t.name, t.rows]))).toEqual(
      Object.fromEntries(TABLES.map((t) => [t, sourceContents[t]!.length])),
    );
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as BackupManifest;
    expect(manifest.tables.find((t) => t.name === "audit_logs")?.rows).toBe(4);

    // The incident: a table is gone. Scratch copy of the source, so the source stays intact for other tests.
    const damagedName = uniqueTestDatabaseName("orm_switch_backup_test");
    created.push(damagedName);
    const damaged = await createDatabase(serverUrl, damagedName, new URL(source).pathname.slice(1));
    await sql(damaged, `DROP TABLE projects CASCADE`);
    expect((await sql(damaged, `SELECT to_regclass('public.projects') AS t`))[0]!.t).toBeNull();

    // Recreate the schema from the migrations in a fresh database, then restore into it.
    const target = await freshDatabase();
    const restored = await restoreDatabase(target, dir);
    expect(restored.method).toBe(backup.method);
    expect(await contents(target)).toEqual(sourceContents);

    const { 0: next } = await sql<{ id: string }>(
      target,
      `INSERT INTO audit_logs (entity_type, entity_id, action) VALUES ('after', 'restore', 'insert') RETURNING id::text AS id`,
    );
    expect(next!.id).toBe((BigInt(BIG_ID) + 1n).toString());
  });

  it("takes one consistent snapshot while other sessions commit inserts during the backup", async () => {
    const db = await freshDatabase();
    await seedTrickyRows(db);
    const before = await contents(db);
    const writer = new pg.Client({ connectionString: db });
    await writer.connect();
    let inserted = 0;
    try {
      const dir = join(workDir, `snapshot-${format}`);
      const result = await backupDatabase(db, dir, {
        format,
        // Runs inside the backup's snapshot, after each table: commit related rows in other tables.
        onProgress: async () => {
          inserted++;
          await writer.query("BEGIN");
          await writer.query(
            `INSERT INTO organizations (id, slug, name, updated_at) VALUES ($1, $1, 'concurrent', now())`,
            [`c-org-${inserted}`],
          );
          await writer.query(
            `INSERT INTO projects (id, organization_id, owner_id, name, updated_at) VALUES ($1, $2, 'u1', 'concurrent', now())`,
            [`c-prj-${inserted}`, `c-org-${inserted}`],
          );
          await writer.query(`INSERT INTO audit_logs (entity_type, entity_id, action) VALUES ('org', $1, 'create')`, [
            `c-org-${inserted}`,
          ]);
          await writer.query("COMMIT");
        },
      });
      expect(inserted).toBe(TABLES.length);
      // Committed meanwhile: the live database has the extra rows ...
      const live = Number((await sql<{ n: string }>(db, `SELECT count(*) AS n FROM organizations`))[0]!.n);
      expect(live).toBe(before.organizations!.length + inserted);
      // ... the backup does not: its counts are the snapshot's, table for table.
      expect(Object.fromEntries(result.tables.map((t) => [t.name, t.rows]))).toEqual(
        Object.fromEntries(TABLES.map((t) => [t, before[t]!.length])),
      );
      const target = await freshDatabase();
      await restoreDatabase(target, dir);
      expect(await contents(target)).toEqual(before);
    } finally {
      await writer.end();
    }
  });

  it("refuses a backup whose manifest was tampered with, and leaves the target as it was", async () => {
    const dir = join(workDir, `tampered-manifest-${format}`);
    await backupDatabase(source, dir, { format });
    const path = join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(path, "utf8")) as BackupManifest;
    manifest.tables.find((t) => t.name === "tasks")!.rows += 1;
    await writeFile(path, JSON.stringify(manifest));
    const target = await freshDatabase();
    await sql(
      target,
      `INSERT INTO downloads (id, version, platform, url, updated_at) VALUES ('keep', '0', 'x', 'u', now())`,
    );
    const untouched = await contents(target);
    await expect(restoreDatabase(target, dir)).rejects.toThrow(RestoreVerificationError);
    await expect(restoreDatabase(target, dir)).rejects.toThrow(
      /tasks: .*2.*manifest says 3|tasks has 2 rows after restore, the manifest says 3/,
    );
    expect(await contents(target)).toEqual(untouched);
  });

  it("refuses a backup whose data was changed, and leaves the target as it was", async () => {
    const dir = join(workDir, `tampered-data-${format}`);
    const backup = await backupDatabase(source, dir, { format });
    if (backup.method === "copy") {
      const file = join(
        dir,
        "data",
        (await readdir(join(dir, "data"))).find((f) => f.endsWith("_organizations.ndjson"))!,
      );
      const text = await readFile(file, "utf8");
      await writeFile(file, text.replace("ENTERPRISE", "FREE"));
    } else {
      const file = join(dir, backup.manifest.pgDump!.file);
      const bytes = await readFile(file);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
      await writeFile(file, bytes);
    }
    const target = await freshDatabase();
    const untouched = await contents(target);
    await expect(restoreDatabase(target, dir)).rejects.toThrow(/SHA-256/);
    expect(await contents(target)).toEqual(untouched);
  });
});

it("refuses to restore into a database whose schema lacks a backed-up table, naming it", async () => {
  const dir = join(workDir, "missing-table");
  await backupDatabase(source, dir);
  const target = await freshDatabase();
  await sql(target, `DROP TABLE tasks`);
  await sql(target, `ALTER TABLE users DROP COLUMN name`);
  const before = await sql(target, `SELECT id FROM _prisma_migrations`);
  await expect(restoreDatabase(target, dir)).rejects.toThrow(
    /missing table tasks, column users\.name\); nothing was changed/,
  );
  expect(await sql(target, `SELECT id FROM _prisma_migrations`)).toEqual(before);
});

describe("the commands", () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, print: (l: string) => void lines.push(l) };
  };

  it("db:backup with DATABASE_URL unset explains there is nothing to back up (exit 2)", async () => {
    const out = capture();
    const err = capture();
    expect(await runBackupCli([], {}, out.print, err.print)).toBe(2);
    expect(err.lines.join("\n")).toMatch(/DATABASE_URL is not set.*embedded PostgreSQL, which is empty/);
  });

  it("db:backup prints the banner and every table's row count, and rejects an unknown format", async () => {
    const out = capture();
    const err = capture();
    expect(
      await runBackupCli(
        ["--out", join(workDir, "cli"), "--format", "copy"],
        { DATABASE_URL: source },
        out.print,
        err.print,
      ),
    ).toBe(0);
    expect(err.lines.join("\n")).toContain("production-like: no");
    expect(err.lines).toContain("  tasks: 2 rows");
    expect(out.lines.join("\n")).toMatch(/9 tables, \d+ rows, method copy/);
    expect(await runBackupCli(["--format", "tar"], { DATABASE_URL: source }, out.print, err.print)).toBe(2);
    expect(err.lines.at(-1)).toContain(`--format must be pg_dump or copy`);
  });

  it("db:restore refuses a production-like target without --yes (exit 2) and fails verification with exit 1", async () => {
    const dir = join(workDir, "cli-restore");
    await backupDatabase(source, dir, { format: "copy" });
    const target = await freshDatabase();
    const err = capture();
    expect(await runRestoreCli([dir], { DATABASE_URL: target, APP_ENV: "production" }, () => {}, err.print)).toBe(2);
    expect(err.lines.join("\n")).toContain("npm run db:restore -- --yes");
    expect(
      await runRestoreCli(
        [dir, "--yes"],
        { DATABASE_URL: target, APP_ENV: "production" },
        () => {},
        () => {},
      ),
    ).toBe(0);
    expect(await contents(target)).toEqual(sourceContents);

    const manifestPath = join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as BackupManifest;
    manifest.tables.find((t) => t.name === "users")!.rows = 99;
    await writeFile(manifestPath, JSON.stringify(manifest));
    const failed = capture();
    expect(await runRestoreCli([dir], { DATABASE_URL: target }, () => {}, failed.print)).toBe(1);
    expect(failed.lines.join("\n")).toContain("the manifest says 99");
  });
});
