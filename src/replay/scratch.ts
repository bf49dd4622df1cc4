/**
 * The replay's two scratch databases (one for Prisma, one for the facade) and how they are emptied
 * between a workload's resets. Shared by the replay on this repo's schema and on any schema.
 */
import pg from "pg";
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

/**
 * Moves every sequence owned by a column (serial, identity) past the column's largest value. The
 * synthetic seed writes every id explicitly (so both databases hold identical rows), which leaves
 * the sequences at their start: without this, a replayed create would draw an id already taken.
 */
export async function advanceSequences(url: string): Promise<void> {
  assertTestDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string; tbl: string; col: string; seq_schema: string; seq: string }>(
      `SELECT tn.nspname AS schema, t.relname AS tbl, a.attname AS col, sn.nspname AS seq_schema, s.relname AS seq
         FROM pg_depend d
         JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         JOIN pg_namespace sn ON sn.oid = s.relnamespace
         JOIN pg_class t ON t.oid = d.refobjid
         JOIN pg_namespace tn ON tn.oid = t.relnamespace
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')`,
    );
    for (const r of rows) {
      const table = `${quoteIdent(r.schema)}.${quoteIdent(r.tbl)}`;
      const sequence = `${quoteIdent(r.seq_schema)}.${quoteIdent(r.seq)}`;
      await client.query(
        `SELECT setval($1::regclass, m, true) FROM (SELECT max(${quoteIdent(r.col)})::bigint AS m FROM ${table}) x WHERE m IS NOT NULL`,
        [sequence],
      );
    }
  } finally {
    await client.end();
  }
}
