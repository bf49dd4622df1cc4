/**
 * Schema parity for the evaluation: does the Drizzle side describe the very database Prisma's
 * migrations built? One database is built by drizzle-orm's migrator from drizzle/ (what a team
 * adopting Drizzle would run), and its catalog is compared with the evaluation's Prisma-migrated
 * database: tables, columns (position, type, nullability, default, identity), constraints,
 * indexes and enum labels in order. Any difference means the two ORMs would disagree about the
 * schema after a switch. The catalog itself and its comparison are src/migrate/catalog.ts.
 */
import { resolve } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { catalogCounts, diffCatalogs, readCatalog } from "./catalog.ts";

export const DRIZZLE_MIGRATIONS_DIR = resolve(import.meta.dirname, "../../drizzle");

export interface ParityResult {
  equal: boolean;
  /** Objects compared per kind (a guard against comparing two empty catalogs). */
  counts: Record<string, number>;
  /** Up to 50 differences, `kind: object: prisma value -> drizzle value`. */
  differences: string[];
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
      const counts = catalogCounts(expected);
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
