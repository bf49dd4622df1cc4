/**
 * Handing migrations from Prisma to Drizzle on a live database without re-creating anything.
 *
 * drizzle-orm's migrator keeps its history in `drizzle.__drizzle_migrations` (id, hash, created_at)
 * and runs every journal entry whose `when` is newer than the newest `created_at` it finds. On a
 * database Prisma built, that table does not exist, so `migrate()` would run `0000_init.sql` and
 * fail on the first existing table. The cutover records every migration already in `drizzle/` as
 * applied, exactly as the migrator would have recorded it (hash = SHA-256 of the SQL file,
 * created_at = the journal's `when`), after checking that the live schema really is what those
 * migrations build. `_prisma_migrations` stays as history.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { checkSchemaParity, DRIZZLE_MIGRATIONS_DIR, type ParityResult } from "./parity.ts";

/** One entry of `drizzle/meta/_journal.json`, with the hash the migrator computes for it. */
export interface DrizzleJournalEntry {
  tag: string;
  /** The journal's `when` (ms): what the migrator stores as created_at and compares against. */
  when: number;
  hash: string;
}

/** Reads the journal and hashes each migration file the way drizzle-orm's readMigrationFiles does. */
export async function readDrizzleJournal(folder = DRIZZLE_MIGRATIONS_DIR): Promise<DrizzleJournalEntry[]> {
  const journalPath = join(folder, "meta", "_journal.json");
  let journal: { entries?: { tag: string; when: number }[] };
  try {
    journal = JSON.parse(await readFile(journalPath, "utf8")) as typeof journal;
  } catch (error) {
    throw new Error(`cannot read the Drizzle journal ${journalPath}: ${(error as Error).message}`, { cause: error });
  }
  const entries = journal.entries ?? [];
  if (entries.length === 0) throw new Error(`${journalPath} lists no migrations: run drizzle-kit generate first`);
  return Promise.all(
    entries.map(async (e) => ({
      tag: e.tag,
      when: e.when,
      hash: createHash("sha256")
        .update(await readFile(join(folder, `${e.tag}.sql`), "utf8"))
        .digest("hex"),
    })),
  );
}

export interface DrizzleBaselineOutcome {
  /** Parity of the live schema with what drizzle/ builds. */
  parity: ParityResult;
  /** Entries recorded by this run (none with dryRun). */
  recorded: DrizzleJournalEntry[];
  /** Entries the table already had (a second run records nothing). */
  alreadyRecorded: DrizzleJournalEntry[];
}

export class DrizzleBaselineRefusedError extends Error {
  constructor(
    message: string,
    readonly parity: ParityResult,
  ) {
    super(message);
    this.name = "DrizzleBaselineRefusedError";
  }
}

/**
 * Records every migration in `folder` as applied in `drizzle.__drizzle_migrations` on `url`, after
 * checking (on a scratch database on `scratchServerUrl`, never on the target) that drizzle/ builds
 * exactly the live schema. Idempotent; `dryRun` checks and reports without writing.
 */
export async function baselineDrizzle(
  url: string,
  scratchServerUrl: string,
  options: { folder?: string; dryRun?: boolean } = {},
): Promise<DrizzleBaselineOutcome> {
  const folder = options.folder ?? DRIZZLE_MIGRATIONS_DIR;
  const journal = await readDrizzleJournal(folder);
  const parity = await checkSchemaParity(scratchServerUrl, url, folder);
  if (!parity.equal) {
    throw new DrizzleBaselineRefusedError(
      `the live schema is not what ${folder} builds, so Drizzle's migrator would start from a wrong picture (fix drizzle/ or the database first; npm run db:parity):\n${parity.differences.map((d) => `  ${d}`).join("\n")}`,
      parity,
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // The same DDL as drizzle-orm's migrator, so it finds its own table.
    if (!options.dryRun) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "drizzle"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
      );
    }
    const exists =
      (await client.query<{ t: string | null }>(`SELECT to_regclass('"drizzle"."__drizzle_migrations"')::text AS t`))
        .rows[0]!.t !== null;
    const present = exists
      ? (
          await client.query<{ created_at: string }>(`SELECT created_at FROM "drizzle"."__drizzle_migrations"`)
        ).rows.map((r) => Number(r.created_at))
      : [];
    const alreadyRecorded = journal.filter((e) => present.includes(e.when));
    const recorded = journal.filter((e) => !present.includes(e.when));
    if (!options.dryRun) {
      for (const e of recorded)
        await client.query(`INSERT INTO "drizzle"."__drizzle_migrations" (hash, created_at) VALUES ($1, $2)`, [
          e.hash,
          e.when,
        ]);
    }
    await client.query(options.dryRun ? "ROLLBACK" : "COMMIT");
    return { parity, recorded: options.dryRun ? [] : recorded, alreadyRecorded };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
