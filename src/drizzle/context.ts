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
  /**
   * The statement `build` makes, built once per context and kept: Drizzle otherwise builds the SQL
   * again on every call (tens to a hundred µs of client CPU per query). `build` receives the name to
   * pass to `.prepare(name)`: a stable per-statement name where this connection allows named
   * statements, else "" (node-postgres then sends the statement unnamed, text built once all the
   * same). `key` must identify the statement's text: one key, one text.
   */
  readonly prepared: <T>(key: string, build: (name: string) => T) => T;
}

/** How a context sends its prepared statements. */
export interface DrizzleContextOptions {
  /**
   * Name prepared statements (default true). Off behind pgbouncer in transaction mode without its
   * prepared-statement support, and on Neon's HTTP driver (no session to keep a statement in).
   */
  namedStatements?: boolean;
}

/** The prefix of every statement name the Drizzle implementation prepares. */
export const STATEMENT_NAME_PREFIX = "orm_switch.drizzle.";

/** PostgreSQL cuts identifiers (statement names too) at 63 bytes. */
const MAX_NAME_BYTES = 63;

/**
 * The statement name for `key`. Refuses a name PostgreSQL would cut: two statements whose names
 * agree in their first 63 bytes would silently share one prepared statement.
 */
export function statementName(key: string): string {
  const name = `${STATEMENT_NAME_PREFIX}${key}`;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw new Error(`statement name "${name}" is longer than PostgreSQL's ${MAX_NAME_BYTES} bytes`);
  return name;
}

/** The context for `db`; pass `inTransaction: true` for a transaction handle. */
export function contextFor(db: DrizzleDb, inTransaction: boolean, options: DrizzleContextOptions = {}): DrizzleContext {
  const namedStatements = options.namedStatements ?? true;
  const built = new Map<string, unknown>();
  return {
    db,
    inTransaction,
    atomic: inTransaction ? (work) => work(db) : (work) => db.transaction((tx) => work(tx)),
    prepared: <T>(key: string, build: (name: string) => T): T => {
      if (built.has(key)) return built.get(key) as T;
      const statement = build(namedStatements ? statementName(key) : "");
      built.set(key, statement);
      return statement;
    },
  };
}
