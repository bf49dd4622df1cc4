/**
 * Constructs beyond plain tables (issue #14, "Faithful"), each proved on its fixture in
 * test/fixtures/schemas/: generate → the generated module places and shapes what Prisma does →
 * schema:parity tells a wrong placement apart (schema-generate.test.ts proves every fixture
 * identical and compiling). Also the catalog reader's schema handling that parity relies on.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { getTableConfig, PgTable, type PgView } from "drizzle-orm/pg-core";
import pg from "pg";
import { is } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readCatalogAt } from "../../src/migrate/catalog.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { RefusedSchemaError, generateDrizzleSchema, writeDrizzleSchema } from "../../src/schema/generate.ts";
import { checkGeneratedSchemaParity, drizzleSqlFromEmpty, prismaSqlFromEmpty } from "../../src/schema/parity.ts";
import { queryOnce, useEmptyDatabases } from "../support/scratch-databases.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/schemas");

let outRoot = "";
beforeAll(async () => {
  await mkdir(join(ROOT, ".tmp"), { recursive: true }); // .tmp/ is git-ignored: absent on a clean clone
  outRoot = await mkdtemp(join(ROOT, ".tmp/constructs-test-"));
});
afterAll(async () => {
  if (outRoot) await rm(outRoot, { recursive: true, force: true });
});

/** Generates `fixture` into its own folder and imports the schema module. */
async function generated(fixture: string): Promise<{ dir: string; text: string; module: Record<string, unknown> }> {
  const dir = join(outRoot, fixture.replace(/\W/g, "-"));
  const files = generateDrizzleSchema(await loadSchema(join(FIXTURES, fixture)));
  await writeDrizzleSchema(files, dir);
  return {
    dir,
    text: files.schemaTs,
    module: (await import(pathToFileURL(join(dir, "schema.ts")).href)) as Record<string, unknown>,
  };
}

/** Table name → its PostgreSQL schema, for every table the module exports. */
function tableSchemas(module: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of Object.values(module)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    out[config.name] = config.schema ?? "public";
  }
  return out;
}

describe("multiSchema (datasource schemas, @@schema)", () => {
  it("puts each table, enum and implicit many-to-many table in the schema Prisma puts it in", async () => {
    const { module, text } = await generated("multi-schema.prisma");
    expect(tableSchemas(module)).toEqual({
      accounts: "auth",
      Invoice: "billing",
      Line: "billing",
      Team: "public",
      Label: "public",
      // Prisma creates an implicit m-n table beside model A's table.
      _AccountToTeam: "auth",
      _InvoiceToLabel: "billing",
    });
    expect(text).toContain(`export const roleEnum = authSchema.enum("Role", ["ADMIN", "MEMBER"]);`);
    expect(text).toContain(`export const invoiceStateEnum = billingSchema.enum("invoice_state", ["draft", "paid"]);`);
    // drizzle-orm refuses pgSchema("public"): public tables stay pgTable.
    expect(text).not.toContain(`pgSchema("public")`);
  }, 60_000);

  it("schema:parity reads every schema: an enum in the wrong schema is a difference", async () => {
    const { dir, text } = await generated("multi-schema.prisma");
    const altered = text
      .replace(`authSchema.enum("Role"`, `pgEnum("Role"`)
      .replace(`import { bigserial,`, `import { pgEnum, bigserial,`);
    expect(altered).not.toBe(text);
    const path = join(dir, "altered.ts");
    await writeFile(path, altered);
    const result = await checkGeneratedSchemaParity({
      schemaPath: join(FIXTURES, "multi-schema.prisma"),
      drizzlePath: path,
      serverUrl: inject("pgServerUrl"),
    });
    expect(result.identical).toBe(false);
    expect(result.differences).toContain("enum auth.Role: ADMIN, MEMBER -> (missing)");
    expect(result.differences).toContain("enum Role: (missing) -> ADMIN, MEMBER");
    expect(result.differences.some((d) => d.startsWith('column auth.accounts.role: position 3 | auth."Role"'))).toBe(
      true,
    );
  }, 120_000);

  it("refuses two models mapped to one table name in different schemas (the facade binds by table name)", async () => {
    const dir = join(outRoot, "same-name");
    await mkdir(dir, { recursive: true });
    const path = join(dir, "schema.prisma");
    await writeFile(
      path,
      `datasource db {\n  provider = "postgresql"\n  schemas  = ["a", "b"]\n}\n\nmodel One {\n  id Int @id\n  @@map("things")\n  @@schema("a")\n}\n\nmodel Two {\n  id Int @id\n  @@map("things")\n  @@schema("b")\n}\n`,
    );
    const error = await loadSchema(path)
      .then(generateDrizzleSchema)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedSchemaError);
    expect((error as Error).message).toBe(
      `schema.prisma:12: table name "things" in two schemas is not supported: models One and Two map to the same table name, and the facade binds models to tables by name`,
    );
  }, 60_000);
});

describe("view blocks", () => {
  const emptyDatabase = useEmptyDatabases();

  it("are existing pgViews (drizzle-kit creates nothing, as Prisma's SQL creates nothing), bound as read-only models with their keys", async () => {
    const { dir, text } = await generated("views.prisma");
    expect(text).toContain(`export const customerTotalView = pgView(\n  "customer_totals",`);
    expect(text).toContain(").existing();");
    const compat = (await import(pathToFileURL(join(dir, "compat.ts")).href)) as {
      MODELS: Record<string, unknown>;
      VIEWS: Record<string, unknown>;
    };
    expect(compat.MODELS).toEqual({
      Customer: { table: "Customer" },
      Order: { table: "Order" },
      CustomerTotal: { table: "customer_totals", view: true, keys: [["customerId"]] },
      OrderLine: { table: "order_lines", view: true, keys: [] },
    });
    expect(compat.VIEWS).toEqual({
      CustomerTotal: { view: "customer_totals" },
      OrderLine: { view: "order_lines" },
    });
    // Neither side creates the view (or a table or index for it): parity compares what both build.
    const statements = (await drizzleSqlFromEmpty(join(dir, "schema.ts"))).join("\n");
    expect(statements).not.toContain("customer_totals");
    expect(statements).not.toContain("order_lines");
    const url = await emptyDatabase();
    await queryOnce(url, await prismaSqlFromEmpty(join(FIXTURES, "views.prisma"), url));
    expect(await queryOnce(url, `SELECT relname FROM pg_class WHERE relname LIKE 'customer_totals%'`)).toEqual([]);
  }, 60_000);

  it("read the team's own view through Drizzle with the columns' Prisma types", async () => {
    const { module } = await generated("views.prisma");
    const url = await emptyDatabase();
    await queryOnce(url, await prismaSqlFromEmpty(join(FIXTURES, "views.prisma"), url));
    await queryOnce(
      url,
      `CREATE VIEW customer_totals AS SELECT c.id AS customer_id, c.email, coalesce(sum(o.total), 0)::numeric(12,2) AS total, count(o.id)::int AS orders
      FROM "Customer" c LEFT JOIN "Order" o ON o.customer_id = c.id GROUP BY c.id`,
    );
    await queryOnce(
      url,
      `INSERT INTO "Customer" (email) VALUES ('a@x'); INSERT INTO "Order" (customer_id, total) VALUES (1, 2.50), (1, 1.25)`,
    );
    const pool = owned(new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const view = module.customerTotalView as PgView;
      expect(await drizzle({ client: pool }).select().from(view)).toEqual([
        { customerId: 1, email: "a@x", total: "3.75", orders: 2 },
      ]);
    } finally {
      await closeOwned(pool);
    }
  }, 60_000);
});

describe("the catalog reader's schemas", () => {
  const emptyDatabase = useEmptyDatabases();

  it("reads public by default, keys other schemas' objects schema.name, and reads every schema when asked", async () => {
    const url = await emptyDatabase();
    await queryOnce(
      url,
      `CREATE SCHEMA other; CREATE TABLE other.t (id int PRIMARY KEY); CREATE TABLE t (id int PRIMARY KEY); CREATE TYPE other.e AS ENUM ('x')`,
    );
    const plain = await readCatalogAt(url);
    expect([...plain.table.keys()]).toEqual(["t"]);
    expect([...plain.enum.keys()]).toEqual([]);
    const all = await readCatalogAt(url, "all");
    expect([...all.table.keys()].sort()).toEqual(["other.t", "t"]);
    expect([...all.constraint.keys()].sort()).toEqual(["other.t.t_pkey", "t.t_pkey"]);
    expect([...all.index.keys()].sort()).toEqual(["other.t_pkey", "t_pkey"]);
    expect(all.enum.get("other.e")).toBe("x");
  }, 60_000);
});
