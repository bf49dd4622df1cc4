/**
 * The replay's two scratch databases (one for Prisma, one for the facade) and how they are emptied
 * between a workload's resets. Shared by the replay on this repo's schema and on any schema.
 */
import type pg from "pg";
import { assertTestDatabase, createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { quoteIdent } from "../db/urls.ts";

/** Two new databases on one server, dropped together. */
export interface ScratchPair {
  urls: [string, string];
  drop(): Promise<void>;
}

/** Creates two `orm_switch_replay_test_*` databases on `serverUrl`. */
export async function createScratchPair(serverUrl: string): Promise<ScratchPair> {
  const names = [uniqueTestDatabaseName("orm_switch_replay_test"), uniqueTestDatabaseName("orm_switch_replay_test")];
  const urls: string[] = [];
  const drop = async (): Promise<void> => {
    for (const name of names.slice(0, urls.length)) await dropTestDatabase(serverUrl, name);
  };
  try {
    for (const name of names) urls.push(await createDatabase(serverUrl, name));
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { urls: urls as [string, string], drop };
}

/**
 * Empties every table of a scratch database but the migration history, in every user schema (a
 * multiSchema app's tables are not all in `public`).
 */
export async function emptyTables(pool: pg.Pool, url: string): Promise<void> {
  assertTestDatabase(url);
  const { rows } = await pool.query<{ schema: string; name: string }>(
    `SELECT schemaname AS schema, tablename AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length > 0)
    await pool.query(
      `TRUNCATE ${rows.map((r) => `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`).join(", ")} RESTART IDENTITY CASCADE`,
    );
}
