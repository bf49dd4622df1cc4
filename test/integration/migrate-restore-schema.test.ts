/**
 * Restore and the schema (issue #12, item 8): a backup taken before a migration, restored after it,
 * must not rewind `_prisma_migrations` under the later schema. Restore refuses (nothing changed) or,
 * with replaceSchema, rebuilds the snapshot's schema from the recorded migrations in the same
 * transaction; status is then consistent and apply converges. Runs on the suite's server: the copy
 * format on the embedded PostgreSQL 18, pg_dump on PostgreSQL 15.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import { applyPendingMigrations } from "../../src/migrate/apply.ts";
import { runRestoreCli } from "../../src/migrate/backup-cli.ts";
import type { BackupManifest } from "../../src/migrate/backup-manifest.ts";
import { backupDatabase } from "../../src/migrate/backup.ts";
import { diffCatalogs, readCatalogAt } from "../../src/migrate/catalog.ts";
import { serverShadow } from "../../src/migrate/engine/shadow.ts";
import { readMigrationsDir } from "../../src/migrate/migrations-dir.ts";
import { RestoreSchemaMismatchError } from "../../src/migrate/restore-schema.ts";
import { restoreDatabase } from "../../src/migrate/restore.ts";
import { readMigrationStatus, STATUS_EXIT, statusExitCode } from "../../src/migrate/status.ts";
import { useScratchProjects, type ScratchProject } from "../support/migration-project.ts";
import { queryOnce as sql, useEmptyDatabases } from "../support/scratch-databases.ts";

const serverUrl = inject("pgServerUrl");
const shadow = serverShadow(serverUrl);
const emptyDatabase = useEmptyDatabases();
const project = useScratchProjects();
const workDir = await mkdtemp(join(tmpdir(), "orm-switch-restore-schema-"));
afterAll(() => rm(workDir, { recursive: true, force: true }));

const LATER = "20990101000000_later";
const LATER_SQL = `ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\nCREATE TABLE "labels" ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL);\n`;

/** Rows of the tables the backup holds, as text: equal means the same data. */
async function rows(url: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of ["_prisma_migrations", "organizations", "users", "projects"])
    out[t] = (await sql<{ r: string }>(url, `SELECT ROW(t.*)::text AS r FROM public."${t}" t ORDER BY 1`)).map(
      (x) => x.r,
    );
  return out;
}

/**
 * A database at the init migration with rows, its backup, then a later migration applied (with rows
 * in the new table and column): the situation after "backup, apply, something went wrong".
 */
async function backupThenMigrate(name: string): Promise<{
  url: string;
  dir: string;
  scratch: ScratchProject;
  snapshotRows: Record<string, string[]>;
  snapshotCatalog: Awaited<ReturnType<typeof readCatalogAt>>;
}> {
  const url = await emptyDatabase();
  const scratch = await project();
  await applyMigrationsPlain(url, await readMigrationsDir(scratch.migrationsDir));
  await sql(
    url,
    `INSERT INTO organizations (id, slug, name, updated_at) VALUES ('o1', 'acme', 'Acme', now());
    INSERT INTO users (id, email, name, updated_at) SELECT 'u' || i, 'u' || i || '@x.io', 'U' || i, now() FROM generate_series(1, 12) i;
    INSERT INTO projects (id, organization_id, owner_id, name, updated_at) VALUES ('p1', 'o1', 'u1', 'one', now())`,
  );
  const snapshotRows = await rows(url);
  const snapshotCatalog = await readCatalogAt(url);
  const dir = join(workDir, name);
  await backupDatabase(url, dir);
  await scratch.addMigration(LATER, LATER_SQL);
  await applyMigrationsPlain(url, await readMigrationsDir(scratch.migrationsDir));
  await sql(url, `UPDATE users SET nickname = 'nick' WHERE id = 'u1'; INSERT INTO labels VALUES ('l1', 'red')`);
  return { url, dir, scratch, snapshotRows, snapshotCatalog };
}

describe("restoring a backup taken before a migration", () => {
  it("refuses when the live schema is ahead, naming the differences, and changes nothing", async () => {
    const { url, dir } = await backupThenMigrate("refuse");
    const before = { rows: await rows(url), catalog: await readCatalogAt(url) };
    const error = await restoreDatabase(url, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreSchemaMismatchError);
    expect((error as Error).message).toMatch(/column users\.nickname: \(missing\)/);
    expect((error as Error).message).toMatch(/table labels: \(missing\)/);
    expect((error as Error).message).toMatch(/--replace-schema/);
    expect(await rows(url)).toEqual(before.rows);
    expect(diffCatalogs(before.catalog, await readCatalogAt(url))).toEqual([]);
    expect(await sql(url, `SELECT name FROM labels`)).toEqual([{ name: "red" }]);
  });

  it("an older backup without a schema record still refuses on extra tables and columns", async () => {
    const { url, dir } = await backupThenMigrate("old-manifest");
    const path = join(dir, "manifest.json");
    const { schema: _dropped, ...older } = JSON.parse(await readFile(path, "utf8")) as BackupManifest;
    await writeFile(path, JSON.stringify(older));
    await expect(restoreDatabase(url, dir)).rejects.toThrow(/column users\.nickname: \(missing\) -> present/);
  });

  it("with replaceSchema, brings back the snapshot's schema and rows; status then shows the migration pending and apply converges", async () => {
    const { url, dir, scratch, snapshotRows, snapshotCatalog } = await backupThenMigrate("replace");
    const out: string[] = [];
    const code = await runRestoreCli(
      [dir, "--yes", "--replace-schema", "--migrations", scratch.migrationsDir],
      { DATABASE_URL: url },
      (l) => out.push(l),
      (l) => out.push(l),
    );
    expect(code, out.join("\n")).toBe(0);
    expect(out.join("\n")).toMatch(/schema differed from the backup's and was rebuilt/);
    expect(diffCatalogs(snapshotCatalog, await readCatalogAt(url))).toEqual([]);
    expect(await rows(url)).toEqual(snapshotRows);

    const p = await scratch.load();
    const status = await readMigrationStatus(url, p, shadow);
    expect(status).toMatchObject({ pending: [LATER], drift: "", failed: [] });
    await applyPendingMigrations({ url, project: p });
    expect(statusExitCode(await readMigrationStatus(url, p, shadow))).toBe(STATUS_EXIT.ok);
    expect((await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM users`))[0]!.n).toBe(12);
  });

  it("rolls everything back when the rebuilt schema is not the snapshot's (an object no migration made)", async () => {
    const url = await emptyDatabase();
    const scratch = await project();
    await applyMigrationsPlain(url, await readMigrationsDir(scratch.migrationsDir));
    await sql(
      url,
      `CREATE FUNCTION hand_made() RETURNS int LANGUAGE sql AS 'SELECT 1'; INSERT INTO users (id, email, name, updated_at) VALUES ('u1', 'a@x.io', 'A', now())`,
    );
    const dir = join(workDir, "hand-made");
    await backupDatabase(url, dir);
    await scratch.addMigration(LATER, LATER_SQL);
    await applyMigrationsPlain(url, await readMigrationsDir(scratch.migrationsDir));
    await sql(url, `INSERT INTO labels VALUES ('l1', 'kept')`);
    const before = await readCatalogAt(url);
    await expect(
      restoreDatabase(url, dir, { replaceSchema: true, migrationsDir: scratch.migrationsDir }),
    ).rejects.toThrow(/did not give the backup's schema[\s\S]*hand_made/);
    expect(diffCatalogs(before, await readCatalogAt(url))).toEqual([]);
    expect(await sql(url, `SELECT name FROM labels`)).toEqual([{ name: "kept" }]);
  });

  it("refuses to rebuild from a migration edited since the backup", async () => {
    const { url, dir, scratch } = await backupThenMigrate("edited");
    const path = "migrations/20261122100000_init/migration.sql";
    await scratch.write(path, `${await scratch.read(path)}\n-- edited\n`);
    await expect(
      restoreDatabase(url, dir, { replaceSchema: true, migrationsDir: scratch.migrationsDir }),
    ).rejects.toThrow(/edited since the backup was taken/);
    expect(await sql(url, `SELECT name FROM labels`)).toEqual([{ name: "red" }]);
  });
});
