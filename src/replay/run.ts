/**
 * `replay` end to end for this repo's schema: two scratch databases migrated with prisma/migrations
 * and loaded with the same data (a db:backup snapshot, the synthetic seed, or nothing), real Prisma
 * Client on one and the facade on Drizzle on the other, both on captured pools; then the replay loop
 * (engine.ts) and the report (report.ts). Other schemas are refused until compat:fuzz's client
 * generation can build their Prisma Client.
 */
import fs from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { QueryCapture } from "../capture/index.ts";
import { createPrismaCompatClient } from "../compat/index.ts";
import { projectCompatSchema } from "../compat/project-schema.ts";
import { endPoolFully } from "../db/end-pool.ts";
import { assertTestDatabase, createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { quoteIdent } from "../db/urls.ts";
import * as drizzleSchema from "../drizzle/schema.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { restoreDatabase } from "../migrate/restore.ts";
import { createPrismaClientOnPool } from "../prisma/client.ts";
import { seedDatabase } from "../seed/index.ts";
import { type ReplayEnvironment, replayLines } from "./engine.ts";
import { type ReplayReport, buildReplayReport } from "./report.ts";
import { readWorkload } from "./workload-file.ts";

/** This package's own schema, the only one replay runs on for now. */
export const PROJECT_SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

/** Where the data of both databases comes from. */
export type ReplayData = { kind: "backup"; dir: string } | { kind: "synthetic"; scale: number } | { kind: "empty" };

export interface ReplayOptions {
  workload: string;
  schema: string;
  data: ReplayData;
  rttMs: number;
  /** Any database on the server the scratch databases are created on. */
  serverUrl: string;
  onProgress?: (message: string) => void;
}

/** Throws the "not yet" refusal unless `schemaPath` is this repo's schema (same file or same text). */
export function assertProjectSchema(schemaPath: string): void {
  const resolved = path.resolve(schemaPath);
  if (!fs.existsSync(resolved)) throw new Error(`--schema ${schemaPath}: no such file`);
  if (resolved === PROJECT_SCHEMA || fs.readFileSync(resolved, "utf8") === fs.readFileSync(PROJECT_SCHEMA, "utf8"))
    return;
  throw new Error(
    `not yet: replay of another schema than this repo's prisma/schema.prisma needs compat:fuzz's client generation (got ${schemaPath})`,
  );
}

const describeData = (data: ReplayData): string =>
  data.kind === "backup"
    ? `db:backup snapshot ${data.dir}`
    : data.kind === "synthetic"
      ? `synthetic seed, scale ${data.scale}`
      : "empty tables (the workload creates its rows)";

async function loadData(url: string, data: ReplayData): Promise<void> {
  if (data.kind === "backup") await restoreDatabase(url, data.dir);
  else if (data.kind === "synthetic") await seedDatabase(url, { scale: data.scale });
}

/** Empties every table of a scratch database but the migration history. */
async function emptyTables(pool: pg.Pool, url: string): Promise<void> {
  assertTestDatabase(url);
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length > 0)
    await pool.query(`TRUNCATE ${rows.map((r) => quoteIdent(r.name)).join(", ")} RESTART IDENTITY CASCADE`);
}

interface ScratchPair {
  urls: [string, string];
  drop(): Promise<void>;
}

async function createScratchPair(serverUrl: string): Promise<ScratchPair> {
  const names = [uniqueTestDatabaseName("orm_switch_replay_test"), uniqueTestDatabaseName("orm_switch_replay_test")];
  const urls: string[] = [];
  const drop = async (): Promise<void> => {
    for (const name of names.slice(0, urls.length)) await dropTestDatabase(serverUrl, name);
  };
  try {
    for (const name of names) urls.push(await createDatabase(serverUrl, name));
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { urls: urls as [string, string], drop };
}

/**
 * Prisma on `urls[0]` and the facade on `urls[1]` (both migrated and loaded), each on a captured
 * pool of its own; `reload` empties both and loads `data` again.
 */
export async function openReplayEnvironment(
  urls: [string, string],
  data: ReplayData,
): Promise<{ env: ReplayEnvironment; close(): Promise<void> }> {
  const [prismaCapture, facadeCapture] = [new QueryCapture(), new QueryCapture()];
  const prismaPool = prismaCapture.instrument(new pg.Pool({ connectionString: urls[0], max: 4 }));
  const facadePool = facadeCapture.instrument(new pg.Pool({ connectionString: urls[1], max: 4 }));
  for (const pool of [prismaPool, facadePool]) pool.on("error", () => {});
  const prisma = createPrismaClientOnPool(prismaPool);
  const facade = createPrismaCompatClient(drizzle({ client: facadePool, schema: drizzleSchema }));
  const env: ReplayEnvironment = {
    prisma: { client: prisma, capture: prismaCapture },
    facade: { client: facade, capture: facadeCapture },
    schema: projectCompatSchema(),
    async reload() {
      await Promise.all([emptyTables(prismaPool, urls[0]), emptyTables(facadePool, urls[1])]);
      for (const url of urls) await loadData(url, data);
    },
  };
  // Open a connection on each side before the first timed call.
  await Promise.all([prismaPool.query("SELECT 1"), facadePool.query("SELECT 1")]);
  return {
    env,
    async close() {
      await prisma.$disconnect();
      await endPoolFully(facadePool)();
      await endPoolFully(prismaPool)().catch(() => {});
    },
  };
}

/** Replays `options.workload` through Prisma and the facade and returns the report. */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  assertProjectSchema(options.schema);
  const lines = readWorkload(options.workload);
  const say = options.onProgress ?? (() => {});
  const pair = await createScratchPair(options.serverUrl);
  try {
    say(`replay: migrating and loading two scratch databases (${describeData(options.data)})`);
    for (const url of pair.urls) {
      await applyMigrationsPlain(url);
      await loadData(url, options.data);
    }
    const opened = await openReplayEnvironment(pair.urls, options.data);
    try {
      const calls = await replayLines(opened.env, lines, (done, total) => {
        if (done % 100 === 0 || done === total) say(`replay: ${done}/${total} calls`);
      });
      return buildReplayReport({
        workload: options.workload,
        schema: options.schema,
        data: describeData(options.data),
        rttMs: options.rttMs,
        resets: lines.filter((l) => l.kind === "reset").length,
        calls,
      });
    } finally {
      await opened.close();
    }
  } finally {
    await pair.drop();
  }
}
