/**
 * The plain migration applier used to set up test and evaluation databases: runs each pending
 * `migration.sql` in its own transaction and records it in `_prisma_migrations` exactly as Prisma
 * Migrate does, so `prisma migrate status` (or this project's status command) sees a normal history.
 * The guarded, locked, backed-up apply for real targets is built on top of this in src/migrate/.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { type MigrationOnDisk, readMigrationsDir } from "./migrations-dir.ts";

/** Prisma's own bookkeeping table, column for column. */
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Applies every migration not yet finished on the database at `url`; returns the names applied. */
export async function applyMigrationsPlain(url: string, migrations?: MigrationOnDisk[]): Promise<string[]> {
  const list = migrations ?? (await readMigrationsDir());
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(PRISMA_MIGRATIONS_TABLE_DDL);
    const done = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    const ran: string[] = [];
    for (const m of list) {
      if (applied.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, m.name],
        );
        // A simple query (no parameters) may hold many statements; the file runs as one script.
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      ran.push(m.name);
    }
    return ran;
  } finally {
    await client.end();
  }
}
