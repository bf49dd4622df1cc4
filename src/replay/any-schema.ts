/**
 * Replay on any PostgreSQL schema.prisma (the team's own): the schema's real Prisma Client is
 * generated offline (src/fuzz/prisma-client.ts) and its Drizzle schema and facade bindings by
 * schema:drizzle's generator; both scratch databases are built with Prisma's own SQL for the
 * schema (the schema engine's diff from empty, plus the extensions its column types need), then
 * loaded with the same data: a db:backup snapshot, or compat:fuzz's synthetic rows written through
 * real Prisma Client on each database (deterministic, so both get the same rows), or nothing.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { QueryCapture } from "../capture/index.ts";
import { createPrismaCompatClient } from "../compat/index.ts";
import type { CompatSchema } from "../compat/model-meta.ts";
import { ownPool } from "../db/pool.ts";
import { describeModels, type ModelSpec } from "../fuzz/model-spec.ts";
import { type GeneratedClientModule, generatePrismaClient } from "../fuzz/prisma-client.ts";
import type { AnyClient } from "../fuzz/rollback.ts";
import { seedSynthetic } from "../fuzz/seed.ts";
import { restoreDatabase } from "../migrate/restore.ts";
import { loadSchema } from "../schema/dmmf.ts";
import { generateDrizzleSchema } from "../schema/generate.ts";
import { neededExtensions, prismaSqlFromEmpty } from "../schema/parity.ts";
import { stageDrizzleSchema } from "../schema/staged.ts";
import type { ReplayEnvironment } from "./engine.ts";
import type { ReplayReport } from "./report.ts";
import { replayToReport } from "./replay-to-report.ts";
import { type ReplayData, type ReplayOptions, describeData } from "./data.ts";
import { advanceSequences, createScratchPair, emptyTables } from "./scratch.ts";
import { readWorkload } from "./workload-file.ts";

type Disconnectable = AnyClient & { $disconnect(): Promise<void> };

/** What the schema gives the replay: its Prisma Client class, facade metadata and seedable models. */
interface SchemaTools {
  readonly client: GeneratedClientModule;
  readonly compatSchema: CompatSchema;
  readonly drizzleModule: Record<string, unknown>;
  /** Models the synthetic seed can write (those with a unique key, as compat:fuzz). */
  readonly models: readonly ModelSpec[];
  /** CREATE EXTENSION statements, then Prisma's SQL for the schema. */
  readonly buildSql: (url: string) => Promise<string[]>;
}

async function runStatements(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) if (statement.trim()) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Prisma Client for `url` on a pool of its own, used to seed and closed right after. */
async function withSeedingClient<T>(
  tools: SchemaTools,
  url: string,
  work: (client: AnyClient) => Promise<T>,
): Promise<T> {
  const owned = ownPool(new pg.Pool({ connectionString: url, max: 2 }));
  const client = new tools.client.PrismaClient({ adapter: new PrismaPg(owned.pool) }) as Disconnectable;
  try {
    return await work(client);
  } finally {
    await client.$disconnect();
    await owned.close();
  }
}

async function loadData(tools: SchemaTools, url: string, data: ReplayData): Promise<void> {
  if (data.kind === "backup") await restoreDatabase(url, data.dir);
  else if (data.kind === "rows") {
    const seeded = await withSeedingClient(tools, url, (client) => seedSynthetic(client, tools.models, data.perModel));
    if (seeded.unreadable.size > 0)
      throw new Error(
        `Prisma Client cannot read ${[...seeded.unreadable.keys()].join(", ")} back: the synthetic data cannot be compared`,
      );
    await advanceSequences(url);
  }
}

/** Prisma on `urls[0]` and the facade on `urls[1]`, each on a captured pool of its own. */
function openEnvironment(tools: SchemaTools, urls: [string, string], data: ReplayData) {
  const [prismaCapture, facadeCapture] = [new QueryCapture(), new QueryCapture()];
  const prismaPool = ownPool(prismaCapture.instrument(new pg.Pool({ connectionString: urls[0], max: 4 })));
  const facadePool = ownPool(facadeCapture.instrument(new pg.Pool({ connectionString: urls[1], max: 4 })));
  const prisma = new tools.client.PrismaClient({ adapter: new PrismaPg(prismaPool.pool) }) as Disconnectable;
  const facade = createPrismaCompatClient(drizzle({ client: facadePool.pool, schema: tools.drizzleModule }), {
    schema: tools.compatSchema,
  });
  const env: ReplayEnvironment = {
    prisma: { client: prisma, capture: prismaCapture },
    facade: { client: facade, capture: facadeCapture },
    schema: tools.compatSchema,
    async reload() {
      await Promise.all([emptyTables(prismaPool.pool, urls[0]), emptyTables(facadePool.pool, urls[1])]);
      for (const url of urls) await loadData(tools, url, data);
    },
  };
  return {
    env,
    async warmUp(): Promise<void> {
      // Open a connection on each side before the first timed call.
      await Promise.all([prismaPool.pool.query("SELECT 1"), facadePool.pool.query("SELECT 1")]);
    },
    async close(): Promise<void> {
      await prisma.$disconnect();
      await facadePool.close();
      await prismaPool.close();
    },
  };
}

/** Generates the schema's Prisma Client and Drizzle schema; `cleanup` removes both temporary folders. */
async function prepareSchemaTools(schemaPath: string): Promise<{ tools: SchemaTools; cleanup(): Promise<void> }> {
  const loaded = await loadSchema(schemaPath);
  const staged = await stageDrizzleSchema(generateDrizzleSchema(loaded));
  try {
    const generated = await generatePrismaClient(schemaPath);
    const cleanup = async (): Promise<void> => {
      await generated.cleanup();
      await staged.cleanup();
    };
    try {
      const [{ module, compatSchema }, client, extensions] = await Promise.all([
        staged.load(),
        generated.load(),
        neededExtensions(staged.schemaPath),
      ]);
      const buildSql = async (url: string): Promise<string[]> => [
        ...extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}"`),
        await prismaSqlFromEmpty(schemaPath, url),
      ];
      const models = describeModels(loaded.datamodel).filter((m) => m.uniques.length > 0);
      return { tools: { client, compatSchema, drizzleModule: module, models, buildSql }, cleanup };
    } catch (error) {
      await cleanup();
      throw error;
    }
  } catch (error) {
    await staged.cleanup();
    throw error;
  }
}

/** Replays the workload on a schema other than this repo's; see the module comment. */
export async function runSchemaReplay(options: ReplayOptions): Promise<ReplayReport> {
  const lines = readWorkload(options.workload);
  const say = options.onProgress ?? (() => {});
  say(`replay: generating Prisma Client and the Drizzle schema for ${options.schema}`);
  const prepared = await prepareSchemaTools(options.schema);
  try {
    const { tools } = prepared;
    const pair = await createScratchPair(options.serverUrl);
    try {
      say(`replay: building and loading two scratch databases (${describeData(options.data)})`);
      for (const url of pair.urls) {
        await runStatements(url, await tools.buildSql(url));
        await loadData(tools, url, options.data);
      }
      const opened = openEnvironment(tools, pair.urls, options.data);
      try {
        await opened.warmUp();
        return await replayToReport(opened.env, lines, options, say);
      } finally {
        await opened.close();
      }
    } finally {
      await pair.drop();
    }
  } finally {
    await prepared.cleanup();
  }
}
