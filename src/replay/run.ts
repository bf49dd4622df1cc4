/**
 * `replay` end to end. On this repo's schema: two scratch databases migrated with
 * prisma/migrations and loaded with the same data (a db:backup snapshot, the src/seed synthetic
 * seed, or nothing). On any other schema: the same, built by any-schema.ts from the schema itself
 * (its generated Prisma Client and Drizzle schema, Prisma's SQL, compat:fuzz's synthetic rows).
 * Real Prisma Client on one database and the facade on Drizzle on the other, both on captured
 * pools; then the replay loop (engine.ts) and the report (report.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { QueryCapture } from "../capture/index.ts";
import { createPrismaCompatClient } from "../compat/index.ts";
import { projectCompatSchema } from "../compat/project-schema.ts";
import { endPoolFully } from "../db/end-pool.ts";
import * as drizzleSchema from "../drizzle/schema.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { restoreDatabase } from "../migrate/restore.ts";
import { createPrismaClientOnPool } from "../prisma/client.ts";
import { seedDatabase } from "../seed/index.ts";
import { runSchemaReplay } from "./any-schema.ts";
import type { ReplayEnvironment } from "./engine.ts";
import type { ReplayReport } from "./report.ts";
import { replayToReport } from "./replay-to-report.ts";
import { createScratchPair, emptyTables } from "./scratch.ts";
import { type ReplayData, type ReplayOptions, describeData } from "./data.ts";
import { readWorkload } from "./workload-file.ts";

export type { ReplayData, ReplayOptions } from "./data.ts";

/** This package's own schema: replayed on its migrations and its synthetic seed. */
export const PROJECT_SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

/** True when `schemaPath` is this repo's schema (same file or same text). Throws when it does not exist. */
export function isProjectSchema(schemaPath: string): boolean {
  const resolved = path.resolve(schemaPath);
  if (!fs.existsSync(resolved)) throw new Error(`--schema ${schemaPath}: no such file or folder`);
  if (resolved === PROJECT_SCHEMA) return true;
  return (
    fs.statSync(resolved).isFile() && fs.readFileSync(resolved, "utf8") === fs.readFileSync(PROJECT_SCHEMA, "utf8")
  );
}

/** Throws when `data` cannot be loaded on `schemaPath` (the src/seed seed exists for this repo's schema only). */
export function assertDataFitsSchema(schemaPath: string, data: ReplayData): void {
  const project = isProjectSchema(schemaPath);
  if (data.kind === "synthetic" && !project)
    throw new Error(
      "--synthetic <scale> is this repo's own seed; for another schema use --rows <n> (synthetic rows per model)",
    );
  if (data.kind === "rows" && project)
    throw new Error("--rows is for another schema than this repo's; use --synthetic <scale> here");
}

async function loadData(url: string, data: ReplayData): Promise<void> {
  if (data.kind === "backup") await restoreDatabase(url, data.dir);
  else if (data.kind === "synthetic") await seedDatabase(url, { scale: data.scale });
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
  assertDataFitsSchema(options.schema, options.data);
  if (!isProjectSchema(options.schema)) return runSchemaReplay(options);
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
      return await replayToReport(opened.env, lines, options, say);
    } finally {
      await opened.close();
    }
  } finally {
    await pair.drop();
  }
}
