/**
 * Statements built once that run on whichever session a call hands them: the pool, or the one
 * connection of a transaction the call opened itself (DrizzleContext.atomic).
 *
 * A Drizzle prepared statement (`.prepare(name)`) is tied to the session it was prepared on. Built
 * once on the context's pool, it would run on any pooled connection: outside the transaction that
 * an operation opened to lock a row first, so the lock would protect nothing. A session statement
 * keeps only what building produced, the SQL text and its parameter slots (placeholders, bound per
 * call), and hands them to the given session's `prepareQuery` on each call, which wraps them
 * without building any SQL again.
 */
import type { Query } from "drizzle-orm";
import type { DrizzleDb } from "./context.ts";

/** A statement built once, run on the session of the `db` each call passes. */
export interface SessionStatement<R> {
  /** Runs on `db`'s session with the placeholders' `values`; one `R` per returned row. */
  execute(db: DrizzleDb, values: Record<string, unknown>): Promise<R[]>;
}

/**
 * A statement of `query` (a builder's `.toSQL()`, placeholders unfilled), sent under `name` ("" for
 * an unnamed statement, as DrizzleContext.prepared decides). Its rows arrive as arrays of driver
 * values in select-list order, and `toRow` turns each into an `R`: Drizzle's own column mapping
 * needs the builder's field list, which only the builder's own `.prepare` has.
 */
export function sessionStatement<R>(query: Query, name: string, toRow: (values: unknown[]) => R): SessionStatement<R> {
  const toRows = (rows: unknown[][]) => rows.map(toRow);
  return {
    execute: (db, values) =>
      db._.session
        .prepareQuery<{ execute: R[]; all: unknown; values: unknown }>(query, undefined, name, true, toRows)
        .execute(values),
  };
}
