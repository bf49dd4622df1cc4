/**
 * The Drizzle cutover on a Prisma-managed database with data: after the baseline, drizzle-orm's own
 * migrator applies nothing (no table re-created, rows intact), and a NEW Drizzle migration is the
 * only one it runs. A database whose schema differs from drizzle/ is refused.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import { runDrizzleBaselineCli } from "../../src/migrate/cli/drizzle-baseline.ts";
import { baselineDrizzle, DrizzleBaselineRefusedError, readDrizzleJournal } from "../../src/migrate/drizzle-cutover.ts";
import { DRIZZLE_MIGRATIONS_DIR } from "../../src/migrate/parity.ts";
import { seedDatabase } from "../../src/seed/index.ts";
import { queryOnce as query, useEmptyDatabases } from "../support/scratch-databases.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const serverUrl = inject("pgServerUrl");
const dirs: string[] = [];
const emptyDatabase = useEmptyDatabases();

async function prismaManagedDatabase(): Promise<string> {
  const url = await emptyDatabase();
  await applyMigrationsPlain(url);
  await seedDatabase(url, { scale: 0.1, demo: false });
  return url;
}

async function drizzleMigrate(url: string, folder: string): Promise<void> {
  const pool = owned(new pg.Pool({ connectionString: url, max: 1 }));
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder: folder });
  } finally {
    await closeOwned(pool);
  }
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("Drizzle cutover (db:drizzle:baseline)", () => {
  it("hashes the journal's migrations as drizzle-orm does", async () => {
    const [first] = await readDrizzleJournal();
    expect(first!.tag).toBe("0000_init");
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("without the baseline, drizzle-orm's migrator fails on a Prisma-built database", async () => {
    const url = await prismaManagedDatabase();
    await expect(drizzleMigrate(url, DRIZZLE_MIGRATIONS_DIR)).rejects.toThrow(/Failed query: CREATE TYPE/);
  });

  it("after the baseline, the migrator applies nothing and then only a new migration; rows stay", async () => {
    const url = await prismaManagedDatabase();
    const usersBefore = (await query<{ n: string }>(url, "SELECT count(*) AS n FROM users"))[0]!.n;
    expect(Number(usersBefore)).toBeGreaterThan(0);

    const outcome = await baselineDrizzle(url, serverUrl);
    expect(outcome.parity.equal).toBe(true);
    expect(outcome.recorded.map((e) => e.tag)).toEqual(["0000_init"]);
    // Idempotent.
    const again = await baselineDrizzle(url, serverUrl);
    expect(again.recorded).toEqual([]);
    expect(again.alreadyRecorded.map((e) => e.tag)).toEqual(["0000_init"]);
    expect(await query(url, `SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).toEqual([{ n: 1 }]);

    await drizzleMigrate(url, DRIZZLE_MIGRATIONS_DIR);
    expect((await query<{ n: string }>(url, "SELECT count(*) AS n FROM users"))[0]!.n).toBe(usersBefore);
    expect(await query(url, `SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).toEqual([{ n: 1 }]);

    // Drizzle now owns migrations: a new one in a copy of drizzle/ is the only one it runs.
    const folder = await mkdtemp(join(tmpdir(), "orm-switch-drizzle-"));
    dirs.push(folder);
    await cp(DRIZZLE_MIGRATIONS_DIR, folder, { recursive: true });
    await writeFile(join(folder, "0001_nickname.sql"), `ALTER TABLE "users" ADD COLUMN "nickname" text;`);
    const journalPath = join(folder, "meta", "_journal.json");
    const journal = JSON.parse(await readFile(journalPath, "utf8")) as {
      entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
    };
    journal.entries.push({
      idx: 1,
      version: "7",
      when: journal.entries[0]!.when + 1000,
      tag: "0001_nickname",
      breakpoints: true,
    });
    await writeFile(journalPath, JSON.stringify(journal));
    await drizzleMigrate(url, folder);
    expect(
      await query(
        url,
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nickname'`,
      ),
    ).toEqual([{ column_name: "nickname" }]);
    expect(await query(url, `SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).toEqual([{ n: 2 }]);
    expect((await query<{ n: string }>(url, "SELECT count(*) AS n FROM users"))[0]!.n).toBe(usersBefore);
  });

  it("refuses when the live schema differs from drizzle/, writing nothing", async () => {
    const url = await prismaManagedDatabase();
    await query(url, `ALTER TABLE "projects" ALTER COLUMN "name" SET DEFAULT 'untitled'`);
    const error = await baselineDrizzle(url, serverUrl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrizzleBaselineRefusedError);
    expect((error as Error).message).toMatch(/projects\.name/);
    expect(await query(url, `SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`)).toEqual([{ t: null }]);
  });

  it("the command: --dry-run writes nothing; a production-like target needs --yes", async () => {
    const url = await prismaManagedDatabase();
    const lines: string[] = [];
    expect(await runDrizzleBaselineCli(["--dry-run"], { DATABASE_URL: url }, (l) => lines.push(l))).toBe(0);
    expect(lines.join("\n")).toMatch(/--dry-run: nothing written/);
    // Issue 12 item 13: "23 indexes", not "23 indexs".
    expect(lines.join("\n")).toMatch(/\d+ indexes/);
    expect(lines.join("\n")).not.toMatch(/indexs/);
    expect(await query(url, `SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`)).toEqual([{ t: null }]);
    expect(await runDrizzleBaselineCli([], { DATABASE_URL: url, APP_ENV: "production" }, (l) => lines.push(l))).toBe(1);
    expect(lines.join("\n")).toMatch(/db:drizzle:baseline: refused: not writing to/);
    expect(
      await runDrizzleBaselineCli(["--yes"], { DATABASE_URL: url, APP_ENV: "production" }, (l) => lines.push(l)),
    ).toBe(0);
    expect(lines.join("\n")).toMatch(/recorded as applied: 0000_init/);
  });
});
