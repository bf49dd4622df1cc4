/**
 * Regression found by compat:fuzz on test/fixtures/schemas/keys.prisma: a compound key given a
 * `name:` (`@@id([...], name: "grantKey")`, `@@unique([...], name: "nameCode")`) is spelled by that
 * name in `where` and `cursor` (reads and writes), as real Prisma Client spells it; the facade on the
 * generated schema knew only the default `a_b_c` name. Both clients run on one database built with
 * Prisma's SQL for the fixture.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaCompatClient } from "../../src/compat/index.ts";
import { type OwnedPool, openPgPool } from "../../src/db/pool.ts";
import { describeSchema } from "../../src/compat/model-meta.ts";
import { createComparison, stateQuery } from "../../src/fuzz/compare.ts";
import { type GeneratedPrismaClient, generatePrismaClient } from "../../src/fuzz/prisma-client.ts";
import { type AnyClient, rolledBack } from "../../src/fuzz/rollback.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { generateDrizzleSchema, writeDrizzleSchema } from "../../src/schema/generate.ts";
import { prismaSqlFromEmpty } from "../../src/schema/parity.ts";
import { type OwnedPrismaAdapter, ownedPrismaAdapter } from "../support/prisma-adapter.ts";
import { useEmptyDatabases } from "../support/scratch-databases.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SCHEMA = join(ROOT, "test/fixtures/schemas/keys.prisma");
const comparison = createComparison({ nowAfter: Date.UTC(2025, 0, 1), seedIds: new Set() });
const { outcome, typed } = comparison;

describe("compat regressions: named compound keys of a generated schema", () => {
  const newDatabase = useEmptyDatabases();
  let out = "";
  let generated: GeneratedPrismaClient | undefined;
  let prisma: AnyClient & { $disconnect(): Promise<void> };
  let facade: AnyClient;
  let prismaAdapter: OwnedPrismaAdapter | undefined;
  let facadePool: OwnedPool<pg.Pool> | undefined;

  beforeAll(async () => {
    await mkdir(join(ROOT, ".tmp"), { recursive: true });
    out = await mkdtemp(join(ROOT, ".tmp/keys-regression-"));
    await writeDrizzleSchema(generateDrizzleSchema(await loadSchema(SCHEMA)), out);
    const url = await newDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(await prismaSqlFromEmpty(SCHEMA, url));
    await client.query(`INSERT INTO tenants (id, code, name) VALUES (1, 'c1', 'Acme'), (2, 'c2', 'Beta')`);
    await client.query(
      `INSERT INTO tenant_users (tenant_id, user_id, email, score) VALUES (1, 'u1', 'a@x', 1), (1, 'u2', 'b@x', 2)`,
    );
    await client.query(
      `INSERT INTO grants (tenant_id, user_id, scope) VALUES (1, 'u1', 'read'), (1, 'u1', 'write'), (1, 'u2', 'read')`,
    );
    await client.end();
    generated = await generatePrismaClient(SCHEMA);
    const { PrismaClient } = await generated.load();
    prismaAdapter = ownedPrismaAdapter(url);
    prisma = new PrismaClient({ adapter: prismaAdapter.adapter }) as typeof prisma;
    const schema = (await import(pathToFileURL(join(out, "schema.ts")).href)) as Record<string, unknown>;
    const compat = (await import(pathToFileURL(join(out, "compat.ts")).href)) as {
      MODELS: Record<string, { table: string }>;
    };
    facadePool = openPgPool(url);
    facade = createPrismaCompatClient(drizzle(facadePool.pool), {
      schema: describeSchema(schema, compat.MODELS),
    }) as unknown as AnyClient;
  }, 120_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await prismaAdapter?.close();
    await facadePool?.close();
    await generated?.cleanup();
    if (out) await rm(out, { recursive: true, force: true });
  });

  const same = async (model: string, op: string, args: Record<string, unknown>): Promise<unknown> => {
    const expected = await outcome(() => prisma[model]![op]!(args));
    const actual = await outcome(() => facade[model]![op]!(args));
    expect(typed(actual)).toStrictEqual(typed(expected));
    return expected;
  };

  it("@@id(name:) in findUnique, cursor and a compound where", async () => {
    const grantKey = { tenantId: 1, userId: "u1", scope: "write" };
    expect(await same("grant", "findUnique", { where: { grantKey } })).toEqual({ ok: { ...grantKey } });
    await same("grant", "findMany", {
      cursor: { grantKey },
      orderBy: [{ tenantId: "asc" }, { userId: "asc" }, { scope: "asc" }],
    });
    await same("grant", "findUnique", { where: { grantKey: { tenantId: 1, userId: "u1", scope: "none" } } });
  });

  it("@@unique(name:) in findUnique and in an update's where (rolled back)", async () => {
    expect(
      await same("tenant", "findUnique", { where: { nameCode: { name: "Beta", code: "c2" } }, select: { id: true } }),
    ).toEqual({ ok: { id: 2 } });
    const call = {
      model: "tenant",
      op: "update",
      args: {
        where: { nameCode: { name: "Beta", code: "c2" } },
        data: { name: "Gamma" },
        select: { id: true, name: true },
      },
    };
    const state = stateQuery(["tenants"]);
    const expected = await rolledBack(comparison, prisma, call, state);
    expect(expected.outcome).toEqual({ ok: { id: 2, name: "Gamma" } });
    expect(await rolledBack(comparison, facade, call, state)).toStrictEqual(expected);
  });
});
