/**
 * The fourth implementation: the Prisma implementation of the repositories (src/prisma, unchanged)
 * running on the compat facade instead of PrismaClient, so every query it makes is executed by
 * Drizzle. Passing the contract suite is the proof that the facade behaves like Prisma Client for
 * everything a real Prisma codebase (this one) uses.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import type { ConnectionOptions } from "../db/connection.ts";
import { openPgPool } from "../db/pool.ts";
import * as schema from "../drizzle/schema.ts";
import type { PrismaClient } from "../prisma/generated/client.ts";
import { createPrismaRepositoriesOnClient } from "../prisma/repositories-on-client.ts";
import type { Repositories } from "../repositories/index.ts";
import { type DrizzleLike, createPrismaCompatClient } from "./index.ts";
import { canNameStatements } from "./statement-names.ts";

/**
 * The Prisma repositories on the facade over any Drizzle database opened with the schema
 * (node-postgres, Neon serverless, postgres.js), e.g. for the benchmark's drivers. `close` is what
 * `Repositories.close()` runs; by default nothing, since the caller owns the driver.
 * `namedStatements` (default true), as the Drizzle implementation's: statements are named where the
 * driver keeps them (node-postgres, Neon WebSocket); pass false behind pgbouncer in transaction mode.
 */
export function createPrismaOnDrizzleRepositoriesOnDb(
  db: DrizzleLike,
  options: { close?: () => Promise<void>; namedStatements?: boolean } = {},
): Repositories {
  const namedStatements = (options.namedStatements ?? true) && canNameStatements(db);
  // The Prisma implementation is typed against PrismaClient; the facade offers the subset it uses
  // (checked by the type-level test, the inventory and the contract suite), hence the cast.
  const client = createPrismaCompatClient(db, { namedStatements });
  return createPrismaRepositoriesOnClient(client as unknown as PrismaClient, {
    implementation: "prisma-on-drizzle",
    close: options.close,
  });
}

/** The Prisma repositories on the facade, over node-postgres: on `options.pool` (left open), or a pool of their own. */
export function createPrismaOnDrizzleRepositories(options: ConnectionOptions): Repositories {
  if (options.pool) return createPrismaOnDrizzleRepositoriesOnDb(drizzle({ client: options.pool, schema }));
  if (!options.url) throw new Error("prisma-on-drizzle: pass a connection url or a pool");
  const { pool, close } = openPgPool(options.url);
  return createPrismaOnDrizzleRepositoriesOnDb(drizzle({ client: pool, schema }), { close });
}
