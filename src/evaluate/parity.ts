/**
 * Schema parity for the evaluation: does the Drizzle side describe the very database Prisma's
 * migrations built? One database is built by drizzle-orm's migrator from drizzle/ (what a team
 * adopting Drizzle would run), and its catalog is compared with the evaluation's Prisma-migrated
 * database: tables, columns (position, type, nullability, default, identity), constraints,
 * indexes and enum labels in order. Any difference means the two ORMs would disagree about the
 * schema after a switch.
 */
import { resolve } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";

export const DRIZZLE_MIGRATIONS_DIR = resolve(import.meta.dirname, "../../drizzle");

export interface ParityResult {
  equal: boolean;
  /** Objects compared per kind (a guard against comparing two empty catalogs). */
  counts: Record<string, number>;
  /** Up to 50 differences, `kind: object: prisma value -> drizzle value`. */
  differences: string[];
}

type Catalog = Record<string, Map<string, string>>;

/** The application schema of `public` as keyed descriptions; bookkeeping tables excluded. */
async function readCatalog(client: pg.Client): Promise<Catalog> {
  const keyed = async (sql: string): Promise<Map<string, string>> => {
    const rows = (await client.query<{ key: string; value: string }>(sql)).rows;
    return new Map(rows.map((r) => [r.key, r.value]));
  };
  const appTables = `c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('_prisma_migrations', '__drizzle_migrations')`;
  return {
    table: await keyed(`SELECT c.relname AS key, c.relkind::text AS value FROM pg_class c WHERE ${appTables} AND c.relkind IN ('r', 'p', 'v')`),
    column: await keyed(`SELECT c.relname || '.' || a.attname AS key,
        concat_ws(' | ', 'position ' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), format_type(a.atttypid, a.atttypmod),
          CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, 'default ' || pg_get_expr(d.adbin, d.adrelid),
          NULLIF(a.attidentity, '') , NULLIF(a.attgenerated, '')) AS value
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${appTables} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`),
    constraint: await keyed(`SELECT c.relname || '.' || con.conname AS key, pg_get_constraintdef(con.oid) AS value
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE ${appTables}`),
    index: await keyed(`SELECT indexname AS key, indexdef AS value FROM pg_indexes
      WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', '__drizzle_migrations')`),
    enum: await keyed(`SELECT t.typname AS key, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS value
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`),
  };
}

/** Differences between two catalogs, `expected` being Prisma's. */
export function diffCatalogs(expected: Catalog, actual: Catalog): string[] {
  const out: string[] = [];
  for (const kind of Object.keys(expected)) {
    const a = expected[kind]!;
    const b = actual[kind] ?? new Map<string, string>();
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const left = a.get(key);
      const right = b.get(key);
      if (left === right) continue;
      out.push(`${kind} ${key}: ${left ?? "(missing)"} -> ${right ?? "(missing)"}`);
    }
  }
  return out;
}

/**
 * Builds a database from drizzle/ next to the Prisma-migrated one at `prismaUrl` (on the server
 * of `serverUrl`), compares them and drops the Drizzle one again.
 */
export async function checkSchemaParity(serverUrl: string, prismaUrl: string, migrationsFolder = DRIZZLE_MIGRATIONS_DIR): Promise<ParityResult> {
  const name = uniqueTestDatabaseName("orm_switch_parity_test");
  const drizzleUrl = await createDatabase(serverUrl, name);
  try {
    const pool = new pg.Pool({ connectionString: drizzleUrl, max: 1 });
    try {
      await migrate(drizzle({ client: pool }), { migrationsFolder });
    } finally {
      await pool.end();
    }
    const fromPrisma = new pg.Client({ connectionString: prismaUrl });
    const fromDrizzle = new pg.Client({ connectionString: drizzleUrl });
    await fromPrisma.connect();
    await fromDrizzle.connect();
    try {
      const [expected, actual] = [await readCatalog(fromPrisma), await readCatalog(fromDrizzle)];
      const differences = diffCatalogs(expected, actual);
      const counts = Object.fromEntries(Object.entries(expected).map(([kind, map]) => [kind, map.size]));
      if ((counts.table ?? 0) === 0) throw new Error("the Prisma-migrated database has no tables: nothing to compare");
      return { equal: differences.length === 0, counts, differences: differences.slice(0, 50) };
    } finally {
      await fromPrisma.end();
      await fromDrizzle.end();
    }
  } finally {
    await dropTestDatabase(serverUrl, name);
  }
}
