/**
 * The Drizzle implementation of the repository port. `createDrizzleRepositories` opens it on
 * node-postgres (a URL or an existing pool); `createDrizzleRepositoriesOnDb` takes any Drizzle
 * PostgreSQL database opened with this schema (node-postgres, postgres.js, Neon serverless), so the
 * benchmark can compare drivers under the same repository code.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import type { ConnectionOptions } from "../db/connection.ts";
import { openPgPool } from "../db/pool.ts";
import type { Repositories, RepositorySet } from "../repositories/index.ts";
import { runUnitOfWork } from "../repositories/unit-of-work.ts";
import { withValidation } from "../repositories/with-validation.ts";
import { drizzleAudit } from "./audit.ts";
import { type DrizzleContextOptions, type DrizzleDb, contextFor } from "./context.ts";
import { drizzleDownloads } from "./downloads.ts";
import { toDataError } from "./errors.ts";
import { drizzleOrganizations } from "./organizations.ts";
import { drizzleProjects } from "./projects.ts";
import * as schema from "./schema.ts";
import { drizzleSessions } from "./sessions.ts";
import { drizzleTasks } from "./tasks.ts";
import { drizzleUsers } from "./users.ts";

export type { DrizzleDb } from "./context.ts";

/** Every aggregate's repository bound to `db` (the pool, or one transaction). */
function repositorySet(db: DrizzleDb, inTransaction: boolean, options: DrizzleContextOptions): RepositorySet {
  const ctx = contextFor(db, inTransaction, options);
  return {
    users: drizzleUsers(ctx),
    sessions: drizzleSessions(ctx),
    organizations: drizzleOrganizations(ctx),
    projects: drizzleProjects(ctx),
    tasks: drizzleTasks(ctx),
    downloads: drizzleDownloads(ctx),
    audit: drizzleAudit(ctx),
  };
}

/** `db.transaction` with repositories bound to the transaction (see src/repositories/unit-of-work.ts). */
function unitOfWork<T>(
  db: DrizzleDb,
  options: DrizzleContextOptions,
  work: (tx: RepositorySet) => Promise<T>,
): Promise<T> {
  return runUnitOfWork(
    (body) => db.transaction(body),
    (tx: DrizzleDb) => work(repositorySet(tx, true, options)),
    toDataError,
  );
}

/**
 * The Drizzle repositories on an existing Drizzle database, with boundary validation. `close`
 * is what `Repositories.close()` runs; by default nothing, since the caller owns the driver.
 * `namedStatements` (default true): see {@link DrizzleContextOptions}; pass false behind pgbouncer in
 * transaction mode and on Neon's HTTP driver.
 */
export function createDrizzleRepositoriesOnDb(
  db: DrizzleDb,
  options: { close?: () => Promise<void> } & DrizzleContextOptions = {},
): Repositories {
  const contextOptions: DrizzleContextOptions = { namedStatements: options.namedStatements ?? true };
  return withValidation({
    ...repositorySet(db, false, contextOptions),
    implementation: "drizzle",
    transaction: (work) => unitOfWork(db, contextOptions, work),
    close: options.close ?? (async () => {}),
  });
}

/**
 * The Drizzle repositories over node-postgres: on `options.pool` (left open by `close()`), or on a
 * pool of their own for `options.url` (ended by `close()`).
 */
export function createDrizzleRepositories(options: ConnectionOptions): Repositories {
  if (options.pool) return createDrizzleRepositoriesOnDb(drizzle({ client: options.pool, schema }));
  if (!options.url) throw new Error("createDrizzleRepositories: pass a connection url or a pool");
  const { pool, close } = openPgPool(options.url);
  return createDrizzleRepositoriesOnDb(drizzle({ client: pool, schema }), { close });
}
