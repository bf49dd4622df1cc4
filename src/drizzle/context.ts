/**
 * What every aggregate's repository is built on: a Drizzle database handle with this schema, from
 * any driver (node-postgres, postgres.js, Neon), and the rule for operations that need several
 * statements to be atomic.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

/** The schema module's type, as `drizzle(..., { schema })` records it. */
export type DrizzleSchema = typeof schema;

/** Any Drizzle PostgreSQL database (or transaction) opened with this schema, whatever the driver. */
export type DrizzleDb = PgDatabase<PgQueryResultHKT, DrizzleSchema>;

/** A database handle plus the way to make several statements atomic on it. */
export interface DrizzleContext {
  readonly db: DrizzleDb;
  /** True when `db` is a transaction (a unit of work the caller opened). */
  readonly inTransaction: boolean;
  /**
   * Runs `work` atomically: in a transaction of its own, or inline when `db` already is one. Inline,
   * not a savepoint: the unit of work promised by `Repositories.transaction` is all-or-nothing
   * anyway, and a savepoint would cost two more round trips per operation for nothing.
   */
  atomic<T>(work: (db: DrizzleDb) => Promise<T>): Promise<T>;
}

/** The context for `db`; pass `inTransaction: true` for a transaction handle. */
export function contextFor(db: DrizzleDb, inTransaction: boolean): DrizzleContext {
  return {
    db,
    inTransaction,
    atomic: inTransaction ? (work) => work(db) : (work) => db.transaction((tx) => work(tx)),
  };
}
