/**
 * The guarded apply and the history commands against a real server: concurrent runs serialize, a
 * failing migration is recorded and leaves nothing half-applied, a killed connection is reported,
 * status finds edited migrations and manual changes, resolve and baseline adopt what exists.
 */
import { describe, expect, inject, it } from "vitest";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import { applyPendingMigrations, MigrationApplyError } from "../../src/migrate/apply.ts";
import { serverShadow } from "../../src/migrate/engine/shadow.ts";
import { readMigrationRecords } from "../../src/migrate/history.ts";
import { withMigrateLock } from "../../src/migrate/lock.ts";
import { baselineDatabase, BaselineRefusedError, markApplied, markRolledBack } from "../../src/migrate/resolve.ts";
import { readMigrationStatus, STATUS_EXIT, statusExitCode } from "../../src/migrate/status.ts";
import { readMigrationsDir } from "../../src/migrate/migrations-dir.ts";
import { queryOnce as sql, useEmptyDatabases } from "../support/scratch-databases.ts";
import { useScratchProjects } from "../support/migration-project.ts";

const serverUrl = inject("pgServerUrl");
const shadow = serverShadow(serverUrl);

const emptyDatabase = useEmptyDatabases();

const project = useScratchProjects();

const tableExists = async (url: string, table: string) =>
  (await sql<{ t: string | null }>(url, "SELECT to_regclass($1)::text AS t", [table]))[0]!.t !== null;

describe("db:migrate:apply", () => {
  it("applies pending migrations with Prisma's bookkeeping and a backup first, then has nothing to do", async () => {
    const url = await emptyDatabase();
    const p = await (await project()).load();
    const backups: string[] = [];
    const first = await applyPendingMigrations({
      url,
      project: p,
      backup: () => (backups.push("taken"), Promise.resolve("/tmp/backup-dir")),
    });
    expect(first).toMatchObject({
      pending: ["20261122100000_init"],
      applied: ["20261122100000_init"],
      backupDir: "/tmp/backup-dir",
    });
    const [record] = await readMigrationRecords(url);
    const [onDisk] = await readMigrationsDir(p.migrationsDir);
    expect(record).toMatchObject({ name: "20261122100000_init", checksum: onDisk!.checksum, rolledBackAt: null });
    expect(record!.finishedAt).toBeInstanceOf(Date);

    const second = await applyPendingMigrations({
      url,
      project: p,
      backup: () => (backups.push("taken"), Promise.resolve("/tmp/other")),
    });
    expect(second).toMatchObject({ pending: [], applied: [] });
    // No backup when nothing is pending.
    expect(backups).toEqual(["taken"]);
  });

  it("serializes two concurrent runs: the second waits for the lock, then applies nothing", async () => {
    const url = await emptyDatabase();
    const scratch = await project();
    // Slow enough that the second run certainly arrives while the first holds the lock.
    await scratch.addMigration(
      "20990101000000_slow",
      `SELECT pg_sleep(1.5);\nCREATE TABLE "slow_marker" ("id" INTEGER PRIMARY KEY);\n`,
    );
    const p = await scratch.load();
    const waits: string[] = [];
    const [a, b] = await Promise.all([
      applyPendingMigrations({ url, project: p, lock: { onWait: (h) => waits.push(h) } }),
      new Promise((r) => setTimeout(r, 300)).then(() =>
        applyPendingMigrations({ url, project: p, lock: { onWait: (h) => waits.push(h) } }),
      ),
    ]);
    expect(a.applied).toEqual(["20261122100000_init", "20990101000000_slow"]);
    expect(b.applied).toEqual([]);
    expect(b.lockWaitedMs).toBeGreaterThan(500);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(/pid \d+/);
    // Each migration recorded exactly once.
    expect((await readMigrationRecords(url)).map((r) => r.name)).toEqual([
      "20261122100000_init",
      "20990101000000_slow",
    ]);
  });

  it("gives up waiting for the lock after --lock-timeout", async () => {
    const url = await emptyDatabase();
    const p = await (await project()).load();
    await withMigrateLock(url, async () => {
      await expect(applyPendingMigrations({ url, project: p, lock: { timeoutMs: 300 } })).rejects.toThrow(
        /still holds the migrate lock/,
      );
    });
  });

  it("stops at a failing migration, records it failed, leaves no half-applied DDL, and recovers with resolve", async () => {
    const url = await emptyDatabase();
    const scratch = await project();
    const broken = `CREATE TABLE "half_a" ("id" INTEGER PRIMARY KEY);\nALTER TABLE "users" ADD COLUMN "nickname" TEXT;\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n`;
    await scratch.addMigration("20990101000000_broken", broken);
    await scratch.addMigration("20990102000000_after", `CREATE TABLE "after_marker" ("id" INTEGER PRIMARY KEY);\n`);
    let p = await scratch.load();

    const error = await applyPendingMigrations({ url, project: p, backup: () => Promise.resolve("/tmp/b") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationApplyError);
    const failure = error as MigrationApplyError;
    expect(failure.failedMigration).toBe("20990101000000_broken");
    expect(failure.applied).toEqual(["20261122100000_init"]);
    expect(failure.message).toMatch(/no_such_table/);
    expect(failure.message).toMatch(/db:migrate:resolve -- --rolled-back 20990101000000_broken/);
    expect(failure.message).toMatch(/db:restore -- \/tmp\/b/);
    // The script ran as one transaction: its first statements are gone too; the next one never ran.
    expect(await tableExists(url, "half_a")).toBe(false);
    expect(
      await sql(
        url,
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nickname'`,
      ),
    ).toEqual([]);
    expect(await tableExists(url, "after_marker")).toBe(false);

    const status = await readMigrationStatus(url, p, shadow);
    expect(status.failed).toEqual(["20990101000000_broken"]);
    expect(status.diagnoses).toMatchObject([{ name: "20990101000000_broken", verdict: "rolled-back" }]);
    expect(statusExitCode(status)).toBe(STATUS_EXIT.failed);
    // A failed migration blocks further applies until it is resolved.
    await expect(applyPendingMigrations({ url, project: p })).rejects.toThrow(/failed migration blocks the history/);

    await scratch.write(
      "migrations/20990101000000_broken/migration.sql",
      broken.replace(`ALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n`, ""),
    );
    p = await scratch.load();
    await markRolledBack(url, p, "20990101000000_broken");
    const retried = await applyPendingMigrations({ url, project: p });
    expect(retried.applied).toEqual(["20990101000000_broken", "20990102000000_after"]);
    expect(await tableExists(url, "half_a")).toBe(true);
    expect(statusExitCode(await readMigrationStatus(url, p, shadow))).toBe(STATUS_EXIT.ok);
  });

  it("reports a connection killed in the middle of a migration, and status shows it failed", async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const scratch = await project();
    await scratch.addMigration(
      "20990101000000_long",
      `CREATE TABLE "long_marker" ("id" INTEGER PRIMARY KEY);\nSELECT pg_sleep(30);\n`,
    );
    const p = await scratch.load();
    const running = applyPendingMigrations({ url, project: p }).catch((e: unknown) => e);
    // Wait until the migration's statement is running, then kill that backend.
    let killed = 0;
    for (let i = 0; i < 100 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const rows = await sql<{ k: boolean }>(
        serverUrl,
        `SELECT pg_terminate_backend(pid) AS k FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`,
        [url.split("/").pop()],
      );
      killed = rows.length;
    }
    expect(killed).toBe(1);
    const error = await running;
    expect(error).toBeInstanceOf(MigrationApplyError);
    expect((error as Error).message).toMatch(/terminat|connection/i);
    // No error was recorded for the script: the hint must not claim it was rolled back.
    expect((error as Error).message).not.toMatch(/were rolled back/);
    expect((error as Error).message).toMatch(/npm run db:migrate:status/);
    expect(await tableExists(url, "long_marker")).toBe(false);
    const status = await readMigrationStatus(url, p, shadow);
    expect(status.failed).toEqual(["20990101000000_long"]);
    // Status replays the migration (its pg_sleep included) on the shadow database to judge it.
    expect(status.diagnoses).toMatchObject([{ name: "20990101000000_long", verdict: "rolled-back" }]);
  }, 90_000);
});

describe("db:migrate:status", () => {
  it("reports pending migrations without calling them drift", async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const scratch = await project();
    await scratch.addMigration("20990101000000_next", `CREATE TABLE "next_marker" ("id" INTEGER PRIMARY KEY);\n`);
    const status = await readMigrationStatus(url, await scratch.load(), shadow);
    expect(status).toMatchObject({ pending: ["20990101000000_next"], drift: "" });
    expect(statusExitCode(status)).toBe(STATUS_EXIT.pending);
  });

  it("reports a migration edited after it was applied", async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const scratch = await project();
    const path = "migrations/20261122100000_init/migration.sql";
    await scratch.write(path, `${await scratch.read(path)}\n-- edited later\n`);
    const status = await readMigrationStatus(url, await scratch.load(), shadow);
    expect(status.edited).toEqual(["20261122100000_init"]);
    expect(statusExitCode(status)).toBe(STATUS_EXIT.historyMismatch);
  });

  it("reports applied migrations missing on disk", async () => {
    const url = await emptyDatabase();
    const scratch = await project();
    await scratch.addMigration("20990101000000_gone", `CREATE TABLE "gone_marker" ("id" INTEGER PRIMARY KEY);\n`);
    await applyPendingMigrations({ url, project: await scratch.load() });
    const fresh = await project();
    const status = await readMigrationStatus(url, await fresh.load(), shadow);
    expect(status.missingOnDisk).toEqual(["20990101000000_gone"]);
    expect(statusExitCode(status)).toBe(STATUS_EXIT.historyMismatch);
  });

  it("finds drift: a manual ALTER TABLE and a missing enum type", async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const p = await (await project()).load();
    await sql(url, `ALTER TABLE "users" ADD COLUMN "hand_made" TEXT`);
    let status = await readMigrationStatus(url, p, shadow);
    expect(status.drift).toMatch(/users/);
    expect(status.drift).toMatch(/hand_made/);
    expect(status.driftRepair).toMatch(/DROP COLUMN "hand_made"/);
    expect(statusExitCode(status)).toBe(STATUS_EXIT.drift);

    await sql(url, `ALTER TABLE "users" DROP COLUMN "hand_made"`);
    await sql(url, `DROP TYPE "ProjectStatus" CASCADE`);
    status = await readMigrationStatus(url, p, shadow);
    expect(status.drift).toMatch(/ProjectStatus/);
    expect(status.driftRepair).toMatch(/CREATE TYPE "public"\."ProjectStatus"/);
    expect(statusExitCode(status)).toBe(STATUS_EXIT.drift);
  });
});

describe("db:migrate:resolve and db:baseline", () => {
  it("baselines a database made without history: checks it matches the migrations, marks them applied", async () => {
    const url = await emptyDatabase();
    const p = await (await project()).load();
    // As `db push` or a hand-run script would leave it: the schema, no _prisma_migrations.
    await sql(url, p.migrations[0]!.sql);
    const before = await readMigrationStatus(url, p, shadow);
    expect(before.needsBaseline).toBe(true);
    expect(statusExitCode(before)).toBe(STATUS_EXIT.drift);

    expect(await baselineDatabase(url, p, shadow)).toEqual({ marked: ["20261122100000_init"] });
    expect(statusExitCode(await readMigrationStatus(url, p, shadow))).toBe(STATUS_EXIT.ok);
    await expect(baselineDatabase(url, p, shadow)).rejects.toThrow(/already has a migration history/);
  });

  it("refuses to baseline when the live schema differs from the migrations", async () => {
    const url = await emptyDatabase();
    const p = await (await project()).load();
    await sql(url, p.migrations[0]!.sql);
    await sql(url, `ALTER TABLE "tasks" DROP COLUMN "position"`);
    const error = await baselineDatabase(url, p, shadow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaselineRefusedError);
    expect((error as Error).message).toMatch(/position/);
    expect(await readMigrationRecords(url)).toEqual([]);
  });

  it("writes 0_baseline from the live schema when there are no migrations, and marks it applied", async () => {
    const url = await emptyDatabase();
    const scratch = await project({ withMigrations: false });
    await sql(url, `CREATE TABLE "legacy" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL)`);
    const outcome = await baselineDatabase(url, await scratch.load(), shadow);
    expect(outcome.marked).toEqual(["0_baseline"]);
    expect(await scratch.read("migrations/0_baseline/migration.sql")).toMatch(/CREATE TABLE "public"\."legacy"/);
    const status = await readMigrationStatus(url, await scratch.load(), shadow);
    expect(status).toMatchObject({ applied: ["0_baseline"], pending: [], drift: "" });
  });

  it("marks a migration applied without running it", async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const scratch = await project();
    await scratch.addMigration("20990101000000_by_hand", `CREATE TABLE "by_hand" ("id" INTEGER PRIMARY KEY);\n`);
    const p = await scratch.load();
    await sql(url, `CREATE TABLE "by_hand" ("id" INTEGER PRIMARY KEY)`);
    await markApplied(url, p, "20990101000000_by_hand");
    expect(statusExitCode(await readMigrationStatus(url, p, shadow))).toBe(STATUS_EXIT.ok);
    await expect(markApplied(url, p, "nope")).rejects.toThrow(/no migration "nope"/);
    await expect(markRolledBack(url, p, "20990101000000_by_hand")).rejects.toThrow(/not in a failed state/);
  });
});
