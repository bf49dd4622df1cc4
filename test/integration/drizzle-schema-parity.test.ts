/**
 * The Drizzle schema against the Prisma-managed one, at catalog level: a database built by running
 * drizzle/ (drizzle-orm's migrator, as a team adopting Drizzle would) must equal the template the
 * test setup builds from prisma/migrations, table by table, column by column, constraint, index,
 * enum label and sequence. And src/drizzle/schema.ts must not have drifted from drizzle/'s snapshot.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as drizzleKit from "drizzle-kit/api";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import * as schema from "../../src/drizzle/schema.ts";
import drizzleConfig from "../../drizzle.config.ts";
import { useTestDatabase } from "../support/database.ts";

const DRIZZLE_DIR = resolve(import.meta.dirname, "../../drizzle");

/** drizzle-kit's programmatic API, typed narrowly: its declared snapshot types come from zod inference. */
type Snapshot = { id: string };
const kit = drizzleKit as unknown as {
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string): Snapshot;
  generateMigration(previous: Snapshot, current: Snapshot): Promise<string[]>;
  pushSchema(
    imports: Record<string, unknown>,
    db: unknown,
    schemaFilters?: string[],
    tablesFilter?: string[],
  ): Promise<{ hasDataLoss: boolean; warnings: string[]; statementsToExecute: string[] }>;
};

/** Everything in schema `public` that a migration can create, in a form two databases can be compared by. */
async function catalog(client: pg.Client | pg.Pool): Promise<Record<string, unknown[]>> {
  const q = async (text: string) => (await client.query<Record<string, unknown>>(text)).rows;
  // Bookkeeping tables of either tool are not part of the application schema.
  const appTable = `c.relname NOT IN ('_prisma_migrations')`;
  return {
    tables: await q(`SELECT c.relname, c.relkind, c.relpersistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','m','f') AND ${appTable} ORDER BY 1`),
    // Column order matters (SELECT *, COPY): compare each column's position among the live ones.
    columns: await q(`SELECT c.relname, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS position, a.attname,
        format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
        a.attidentity, a.attgenerated, co.collname
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND ${appTable} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`),
    constraints: await q(`SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition, con.condeferrable, con.condeferred
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND ${appTable} ORDER BY 1, 2`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
    enums: await q(`SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`),
    sequences: await q(`SELECT s.sequencename, s.data_type::text, s.start_value, s.increment_by, s.min_value, s.max_value, s.cache_size, s.cycle,
        (SELECT a.attrelid::regclass::text || '.' || a.attname FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE d.objid = (quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass AND d.deptype IN ('a', 'i')) AS owned_by
      FROM pg_sequences s WHERE s.schemaname = 'public' ORDER BY 1`),
    functions: await q(`SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`),
    triggers: await q(`SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`),
    schemas: await q(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'drizzle') ORDER BY 1`),
  };
}

describe("Drizzle schema parity with prisma/migrations", () => {
  const prismaDb = useTestDatabase();
  const drizzleDbName = uniqueTestDatabaseName("orm_switch_test_drizzle_kit");
  let drizzleUrl = "";

  beforeAll(async () => {
    drizzleUrl = await createDatabase(inject("pgServerUrl"), drizzleDbName);
    const pool = new pg.Pool({ connectionString: drizzleUrl, max: 1 });
    try {
      await migrate(drizzle({ client: pool }), { migrationsFolder: DRIZZLE_DIR });
    } finally {
      await pool.end();
    }
  });
  afterAll(async () => {
    if (drizzleUrl) await dropTestDatabase(inject("pgServerUrl"), drizzleDbName);
  });

  it("a database built from drizzle/ equals one built from prisma/migrations, object for object", async () => {
    const fromPrisma = new pg.Client({ connectionString: prismaDb.url });
    const fromDrizzle = new pg.Client({ connectionString: drizzleUrl });
    await Promise.all([fromPrisma.connect(), fromDrizzle.connect()]);
    try {
      const [expected, actual] = await Promise.all([catalog(fromPrisma), catalog(fromDrizzle)]);
      // Guard against comparing two empty catalogs.
      expect(expected.tables).toHaveLength(8);
      expect(expected.indexes!.length).toBeGreaterThanOrEqual(23);
      for (const key of Object.keys(expected)) expect(actual[key], key).toEqual(expected[key]);
    } finally {
      await Promise.all([fromPrisma.end(), fromDrizzle.end()]);
    }
  });

  it("names constraints and indexes exactly as Prisma does", async () => {
    const fromDrizzle = new pg.Client({ connectionString: drizzleUrl });
    await fromDrizzle.connect();
    try {
      const names = (await fromDrizzle.query<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)).rows.map((r) => r.name);
      expect(names).toEqual(
        expect.arrayContaining(["users_pkey", "users_email_key", "memberships_organization_id_fkey", "memberships_organization_id_user_id_key", "projects_tags_idx", "projects_owner_id_fkey", "audit_logs_pkey"]),
      );
      const [tags] = (await fromDrizzle.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'projects_tags_idx'`)).rows as { indexdef: string }[];
      expect(tags!.indexdef).toContain("USING gin");
    } finally {
      await fromDrizzle.end();
    }
  });

  it("the comparison notices a single changed default (and the change is undone)", async () => {
    const fromPrisma = new pg.Client({ connectionString: prismaDb.url });
    const fromDrizzle = new pg.Client({ connectionString: drizzleUrl });
    await Promise.all([fromPrisma.connect(), fromDrizzle.connect()]);
    try {
      await fromDrizzle.query(`ALTER TABLE "tasks" ALTER COLUMN "created_at" SET DEFAULT now()`);
      const [expected, actual] = await Promise.all([catalog(fromPrisma), catalog(fromDrizzle)]);
      expect(actual.columns).not.toEqual(expected.columns);
      await fromDrizzle.query(`ALTER TABLE "tasks" ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP`);
      expect((await catalog(fromDrizzle)).columns).toEqual(expected.columns);
    } finally {
      await Promise.all([fromPrisma.end(), fromDrizzle.end()]);
    }
  });

  it("src/drizzle/schema.ts has not drifted from the latest snapshot in drizzle/meta", async () => {
    const journal = JSON.parse(await readFile(join(DRIZZLE_DIR, "meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string }[] };
    const last = journal.entries.at(-1)!;
    const snapshot = JSON.parse(await readFile(join(DRIZZLE_DIR, `meta/${String(last.idx).padStart(4, "0")}_snapshot.json`), "utf8")) as Snapshot;
    const current = kit.generateDrizzleJson(schema, snapshot.id);
    expect(await kit.generateMigration(snapshot, current)).toEqual([]);
    // And the comparison can see a difference at all: against an empty schema it proposes the whole DDL.
    expect((await kit.generateMigration(kit.generateDrizzleJson({}), current)).length).toBeGreaterThan(20);
  });

  it("drizzle-kit push against the Prisma-made database proposes only the one known, harmless statement", async () => {
    const pool = new pg.Pool({ connectionString: prismaDb.url, max: 1 });
    try {
      // Plans only; nothing is applied unless `apply()` is called.
      const plan = await kit.pushSchema(schema, drizzle({ client: pool }), ["public"], (drizzleConfig as { tablesFilter?: string[] }).tablesFilter);
      expect(plan.hasDataLoss).toBe(false);
      expect(plan.warnings).toEqual([]);
      // drizzle-kit 0.31.11 misreads the introspected `ARRAY[]::text[]` default (as '{"RAY"}'), so it
      // always wants to set the very same default again. Anything else here is real drift.
      expect(plan.statementsToExecute).toEqual([`ALTER TABLE "projects" ALTER COLUMN "tags" SET DEFAULT ARRAY[]::text[];`]);
    } finally {
      await pool.end();
    }
  });

  it("without the config's tablesFilter, push would drop Prisma's migration history", async () => {
    const pool = new pg.Pool({ connectionString: prismaDb.url, max: 1 });
    try {
      const plan = await kit.pushSchema(schema, drizzle({ client: pool }), ["public"]);
      expect(plan.hasDataLoss).toBe(true);
      expect(plan.statementsToExecute).toContain(`DROP TABLE "_prisma_migrations" CASCADE;`);
    } finally {
      await pool.end();
    }
  });
});
