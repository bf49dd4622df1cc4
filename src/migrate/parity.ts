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
import { withScratchDatabase } from "../cli/server.ts";
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
export async function checkSchemaParity(
  serverUrl: string,
  prismaUrl: string,
  migrationsFolder = DRIZZLE_MIGRATIONS_DIR,
): Promise<ParityResult> {
  const scratch = {
    prefix: "orm_switch_parity_test",
    prepare: (url: string) => migrateWithDrizzle(url, migrationsFolder),
  };
  return withScratchDatabase(serverUrl, scratch, (drizzleUrl) => compareCatalogs(prismaUrl, drizzleUrl));
}

/** Applies drizzle/ with drizzle-orm's own migrator, as a team adopting Drizzle would. */
async function migrateWithDrizzle(url: string, migrationsFolder: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder });
  } finally {
    await pool.end();
  }
}

async function compareCatalogs(prismaUrl: string, drizzleUrl: string): Promise<ParityResult> {
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
}
