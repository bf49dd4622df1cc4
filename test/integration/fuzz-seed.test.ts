/**
 * The synthetic seed (compat:fuzz, replay --rows, evaluate --project) must write the same rows
 * whenever it runs: replay loads it into two databases, one after the other, and compares what
 * Prisma and the facade read back. A seed that let Prisma stamp `@updatedAt` while linking optional
 * relations made every replayed read of such a model "differ" (found on a 50-model schema).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withScratchDatabase } from "../../src/cli/server.ts";
import { describeModels } from "../../src/fuzz/model-spec.ts";
import { type GeneratedPrismaClient, generatePrismaClient } from "../../src/fuzz/prisma-client.ts";
import type { AnyClient } from "../../src/fuzz/rollback.ts";
import { seedSynthetic } from "../../src/fuzz/seed.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { prismaSqlFromEmpty } from "../../src/schema/parity.ts";
import { ownedPrismaAdapter } from "../support/prisma-adapter.ts";

const SCHEMA = "test/fixtures/schemas/large.prisma";

/** Every row of every table, in a stable order, as JSON text. */
async function contents(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${name} t`);
      out[name] = JSON.stringify(rows.map((r) => r.j).sort());
    }
    return out;
  } finally {
    await client.end();
  }
}

describe("seedSynthetic", () => {
  let generated: GeneratedPrismaClient;
  beforeAll(async () => {
    generated = await generatePrismaClient(SCHEMA);
  }, 120_000);
  afterAll(async () => {
    await generated?.cleanup();
  });

  /** Seeds a new database with `rows` per model and returns its contents. */
  async function seededContents(rows: number): Promise<Record<string, string>> {
    const { datamodel } = await loadSchema(SCHEMA);
    const models = describeModels(datamodel).filter((m) => m.uniques.length > 0);
    const { PrismaClient } = await generated.load();
    return withScratchDatabase(
      inject("pgServerUrl"),
      {
        prefix: "orm_switch_seed_test",
        prepare: async (url) => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(await prismaSqlFromEmpty(SCHEMA, url)).finally(() => c.end());
        },
      },
      async (url) => {
        const owned = ownedPrismaAdapter(url);
        const client = new PrismaClient({ adapter: owned.adapter }) as AnyClient & { $disconnect(): Promise<void> };
        try {
          const seeded = await seedSynthetic(client, models, rows);
          expect(seeded.unreadable.size).toBe(0);
        } finally {
          await client.$disconnect();
          await owned.close();
        }
        return contents(url);
      },
    );
  }

  it("writes identical rows in two databases seeded at different times (@updatedAt included)", async () => {
    const first = await seededContents(4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await seededContents(4);
    expect(Object.keys(first).length).toBeGreaterThan(40);
    // The schema has @updatedAt columns on models whose optional relations the seed links afterwards.
    expect(Object.values(first).some((rows) => rows.includes("updated_at"))).toBe(true);
    for (const table of Object.keys(first)) expect(second[table], table).toEqual(first[table]);
  }, 240_000);
});
