/**
 * Real Prisma Client and the facade side by side on one fixture schema (test/fixtures/schemas/):
 * the schema's Prisma Client is generated offline into .tmp/ (as scripts/prisma-generate.sh does:
 * `prisma generate` with PRISMA_SCHEMA_ENGINE_BINARY set to any executable), the Drizzle schema and
 * bindings by schema:drizzle's generator, and a scratch database is built from Prisma's own SQL for
 * the schema. The facade gets `describeSchema(generated, MODELS)`, exactly what a team would pass.
 *
 * Kept small on purpose: src/fuzz/ has a similar module for compat:fuzz; the two are to be unified.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import {
  type CompatSchema,
  type ModelBinding,
  createPrismaCompatClient,
  describeSchema,
} from "../../src/compat/index.ts";
import { openPgPool } from "../../src/db/pool.ts";
import { UNHURRIED_TRANSACTIONS as transactionOptions } from "../../src/fuzz/rollback.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { generateDrizzleSchema, readPrismaBuilt, writeDrizzleSchema } from "../../src/schema/generate.ts";
import { neededExtensions, prismaSqlFromEmpty } from "../../src/schema/parity.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

/** A model delegate, typed loosely: the fixture's generated types are not known at compile time. */
export type LooseDelegate = Record<string, (args?: unknown) => Promise<unknown>>;

/** A client (Prisma's or the facade) seen through the loose delegate type. */
export interface LooseClient {
  $transaction<R>(fn: (tx: LooseClient) => Promise<R>): Promise<R>;
  [model: string]: unknown;
}

export interface FixturePair {
  /** The scratch database, built from Prisma's SQL for the schema. */
  readonly url: string;
  readonly prisma: LooseClient;
  readonly facade: LooseClient;
  /** What the facade was given: `describeSchema(schema.ts, MODELS)`. */
  readonly schema: CompatSchema;
  /** Runs SQL on its own pool (fixture data, table dumps). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** The delegate of `model` (client property, e.g. `person`) on a loose client. */
export function delegate(client: LooseClient, model: string): LooseDelegate {
  return client[model] as LooseDelegate;
}

/** Generates the fixture's Prisma Client and Drizzle schema into `dir` (a fresh folder). */
async function generateInto(fixture: string, dir: string, serverUrl: string): Promise<void> {
  // The fixtures' generator writes to "./generated", relative to the schema: inside `dir`.
  await cp(fixture, join(dir, "schema.prisma"));
  await run(
    process.execPath,
    [join(ROOT, "node_modules/prisma/build/index.js"), "generate", "--schema", join(dir, "schema.prisma")],
    {
      cwd: dir,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    },
  );
  const schema = await loadSchema(fixture);
  // @ignore/@@ignore/Unsupported: read from Prisma's built database, as schema:drizzle does.
  await writeDrizzleSchema(
    generateDrizzleSchema(schema, await readPrismaBuilt(schema, serverUrl)),
    join(dir, "drizzle"),
  );
}

async function createFixtureDatabase(serverUrl: string, name: string, dir: string): Promise<string> {
  const url = await createDatabase(serverUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Extensions a column type needs (citext) exist in a team's database already: as schema:parity does.
    for (const extension of await neededExtensions(join(dir, "drizzle/schema.ts")))
      await client.query(`CREATE EXTENSION IF NOT EXISTS "${extension}"`);
    await client.query(await prismaSqlFromEmpty(join(dir, "schema.prisma"), url));
  } finally {
    await client.end();
  }
  return url;
}

/** A fixture schema built for real: its generated clients in `dir`, its database at `url`. */
export interface BuiltFixture {
  /** Holds `schema.prisma`, Prisma Client in `generated/`, the Drizzle schema and bindings in `drizzle/`. */
  readonly dir: string;
  /** A new database, built from Prisma's SQL for the schema. */
  readonly url: string;
  /** Drops the database and deletes `dir`. */
  remove(): Promise<void>;
}

/**
 * Builds `fixtureName` (a file of test/fixtures/schemas/ without `.prisma`): Prisma Client and the
 * Drizzle schema generated into a fresh folder of .tmp/, and a new database on `serverUrl` built from
 * Prisma's SQL for the schema. Nothing is left behind when it fails.
 */
export async function buildFixture(serverUrl: string, fixtureName: string): Promise<BuiltFixture> {
  const fixture = join(ROOT, "test/fixtures/schemas", `${fixtureName}.prisma`);
  await mkdir(join(ROOT, ".tmp"), { recursive: true }); // .tmp/ is git-ignored: absent on a clean clone
  const dir = await mkdtemp(join(ROOT, `.tmp/fixture-${fixtureName}-`));
  const dbName = uniqueTestDatabaseName(`orm_switch_test_fx_${fixtureName}`);
  let url = "";
  try {
    await generateInto(fixture, dir, serverUrl);
    url = await createFixtureDatabase(serverUrl, dbName, dir);
  } catch (error) {
    if (url) await dropTestDatabase(serverUrl, dbName);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    url,
    async remove() {
      await dropTestDatabase(serverUrl, dbName);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens Prisma Client and the facade on a new database for `fixtureName` (see {@link buildFixture}).
 * `close()` drops the database and the temp folder.
 */
export async function openFixturePair(serverUrl: string, fixtureName: string): Promise<FixturePair> {
  const built = await buildFixture(serverUrl, fixtureName);
  const { dir, url } = built;
  const { PrismaClient } = (await import(pathToFileURL(join(dir, "generated/client.ts")).href)) as {
    PrismaClient: new (options: {
      adapter: PrismaPg;
      transactionOptions: typeof transactionOptions;
    }) => LooseClient & { $disconnect(): Promise<void> };
  };
  const generated = (await import(pathToFileURL(join(dir, "drizzle/schema.ts")).href)) as Record<string, unknown>;
  const { MODELS } = (await import(pathToFileURL(join(dir, "drizzle/compat.ts")).href)) as {
    MODELS: Record<string, ModelBinding>;
  };
  const schema = describeSchema(generated, MODELS);
  // Timeouts are not under test here (see UNHURRIED_TRANSACTIONS).
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }), transactionOptions });
  // Ours, with an idle-client error handler and a full close: the database is force-dropped at the end.
  const { pool, close: closePool } = openPgPool(url, { max: 3 });
  const facade = createPrismaCompatClient(drizzle(pool), { schema, transactionOptions }) as unknown as LooseClient;
  return {
    url,
    prisma,
    facade,
    schema,
    async query<R extends pg.QueryResultRow>(text: string, params?: unknown[]) {
      return (await pool.query<R>(text, params)).rows;
    },
    async close() {
      await prisma.$disconnect();
      await closePool();
      await built.remove();
    },
  };
}
