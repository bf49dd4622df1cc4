/**
 * The Drizzle schema against the Prisma-managed one, at catalog level: a database built by running
 * drizzle/ (drizzle-orm's migrator, as a team adopting Drizzle would) must equal the template the
 * test setup builds from prisma/migrations, table by table, column by column, constraint, index,
 * enum label and sequence (src/migrate/catalog.ts). And src/drizzle/schema.ts must not have drifted from drizzle/'s snapshot.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as drizzleKit from "drizzle-kit/api";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { catalogCounts, diffCatalogs, readCatalog } from "../../src/migrate/catalog.ts";
import * as schema from "../../src/drizzle/schema.ts";
import drizzleConfig from "../../drizzle.config.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

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

describe("Drizzle schema parity with prisma/migrations", () => {
  const prismaDb = useTestDatabase();
  const drizzleDbName = uniqueTestDatabaseName("orm_switch_test_drizzle_kit");
  let drizzleUrl = "";

  beforeAll(async () => {
    drizzleUrl = await createDatabase(inject("pgServerUrl"), drizzleDbName);
    const pool = owned(new pg.Pool({ connectionString: drizzleUrl, max: 1 }));
    try {
      await migrate(drizzle({ client: pool }), { migrationsFolder: DRIZZLE_DIR });
    } finally {
      await closeOwned(pool);
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
      const [expected, actual] = await Promise.all([readCatalog(fromPrisma), readCatalog(fromDrizzle)]);
      // Guard against comparing two empty catalogs.
      expect(catalogCounts(expected)).toMatchObject({ table: 8, enum: 4, sequence: 1, schema: 1 });
      expect(expected.index.size).toBeGreaterThanOrEqual(23);
      expect(diffCatalogs(expected, actual)).toEqual([]);
    } finally {
      await Promise.all([fromPrisma.end(), fromDrizzle.end()]);
    }
  });

  it("names constraints and indexes exactly as Prisma does", async () => {
    const fromDrizzle = new pg.Client({ connectionString: drizzleUrl });
    await fromDrizzle.connect();
    try {
      const names = (
        await fromDrizzle.query<{
          name: string;
        }>(`SELECT conname AS name FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)
      ).rows.map((r) => r.name);
      expect(names).toEqual(
        expect.arrayContaining([
          "users_pkey",
          "users_email_key",
          "memberships_organization_id_fkey",
          "memberships_organization_id_user_id_key",
          "projects_tags_idx",
          "projects_owner_id_fkey",
          "audit_logs_pkey",
        ]),
      );
      const [tags] = (await fromDrizzle.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'projects_tags_idx'`))
        .rows as { indexdef: string }[];
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
      const [expected, actual] = await Promise.all([readCatalog(fromPrisma), readCatalog(fromDrizzle)]);
      expect(diffCatalogs(expected, actual)).toEqual([
        "column tasks.created_at: position 7 | timestamp(3) without time zone | not null | default CURRENT_TIMESTAMP -> position 7 | timestamp(3) without time zone | not null | default now()",
      ]);
      await fromDrizzle.query(`ALTER TABLE "tasks" ALTER COLUMN "created_at" SET DEFAULT CURRENT_TIMESTAMP`);
      expect(diffCatalogs(expected, await readCatalog(fromDrizzle))).toEqual([]);
    } finally {
      await Promise.all([fromPrisma.end(), fromDrizzle.end()]);
    }
  });

  it("src/drizzle/schema.ts has not drifted from the latest snapshot in drizzle/meta", async () => {
    const journal = JSON.parse(await readFile(join(DRIZZLE_DIR, "meta/_journal.json"), "utf8")) as {
      entries: { idx: number; tag: string }[];
    };
    const last = journal.entries.at(-1)!;
    const snapshot = JSON.parse(
      await readFile(join(DRIZZLE_DIR, `meta/${String(last.idx).padStart(4, "0")}_snapshot.json`), "utf8"),
    ) as Snapshot;
    const current = kit.generateDrizzleJson(schema, snapshot.id);
    expect(await kit.generateMigration(snapshot, current)).toEqual([]);
    // And the comparison can see a difference at all: against an empty schema it proposes the whole DDL.
    expect((await kit.generateMigration(kit.generateDrizzleJson({}), current)).length).toBeGreaterThan(20);
  });

  it("drizzle-kit push against the Prisma-made database proposes only the one known, harmless statement", async () => {
    const pool = owned(new pg.Pool({ connectionString: prismaDb.url, max: 1 }));
    try {
      // Plans only; nothing is applied unless `apply()` is called.
      const plan = await kit.pushSchema(
        schema,
        drizzle({ client: pool }),
        ["public"],
        (drizzleConfig as { tablesFilter?: string[] }).tablesFilter,
      );
      expect(plan.hasDataLoss).toBe(false);
      expect(plan.warnings).toEqual([]);
      // drizzle-kit 0.31.11 misreads the introspected `ARRAY[]::text[]` default (as '{"RAY"}'), so it
      // always wants to set the very same default again. Anything else here is real drift.
      expect(plan.statementsToExecute).toEqual([
        `ALTER TABLE "projects" ALTER COLUMN "tags" SET DEFAULT ARRAY[]::text[];`,
      ]);
    } finally {
      await closeOwned(pool);
    }
  });

  it("without the config's tablesFilter, push would drop Prisma's migration history", async () => {
    const pool = owned(new pg.Pool({ connectionString: prismaDb.url, max: 1 }));
    try {
      const plan = await kit.pushSchema(schema, drizzle({ client: pool }), ["public"]);
      expect(plan.hasDataLoss).toBe(true);
      expect(plan.statementsToExecute).toContain(`DROP TABLE "_prisma_migrations" CASCADE;`);
    } finally {
      await closeOwned(pool);
    }
  });
});
