/**
 * The driver seam of the hand-written SQL implementation. The repositories see only
 * {@link SqlExecutor}: parameterized statements and "run this on one connection inside a
 * transaction". {@link pgPoolExecutor} implements it over node-postgres' `pg.Pool`, which also fits
 * `@neondatabase/serverless`' Pool (a pg-compatible fork); another driver (postgres.js) needs only
 * another ~40-line implementation of the same interface.
 *
 * Values are converted identically whatever the driver's global settings: results through the
 * per-query parsers of type-parsers.ts, Date parameters as UTC ISO strings. Other parameters are
 * passed as they are: strings, numbers, null, and arrays of strings (sent as array literals).
 * JSON goes in as a string the statement casts (`$1::jsonb`), never as an object, because a JS
 * array would otherwise be sent as a PostgreSQL array.
 */
import { PG_QUERY_TYPES, serializeDate } from "./type-parsers.ts";

/** A statement's result: its rows (already parsed) and how many rows it returned or changed. */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/**
 * A statement a hand-written data layer would name (prepare once per connection, then only bind and
 * execute): a hot statement whose text never changes. See {@link named}.
 */
export interface NamedSql {
  readonly name: string;
  readonly text: string;
}

/** A statement's text, or a {@link NamedSql} the executor may prepare under its name. */
export type SqlText = string | NamedSql;

/**
 * Marks `text` as a named statement. Only statements whose plan does not depend on which optional
 * filters are NULL are named: a named statement may be run with PostgreSQL's generic plan, where a
 * `$1 IS NULL OR ...` filter no longer folds away.
 */
export function named(name: string, text: string): NamedSql {
  return { name, text };
}

/** The SQL text of a statement, named or not (for executors that do not name statements). */
export function textOf(statement: SqlText): string {
  return typeof statement === "string" ? statement : statement.text;
}

/** What the repositories need from a database connection or pool. */
export interface SqlExecutor {
  /** True when this executor is bound to an open transaction (a unit of work). */
  readonly inTransaction: boolean;
  /**
   * Runs one parameterized statement (`$1`, `$2`, ...). A {@link NamedSql} is prepared under its
   * name where the executor's connection allows it, else sent unnamed. Errors are the driver's,
   * untranslated.
   */
  query<R = Record<string, unknown>>(statement: SqlText, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /**
   * Runs `work` inside a transaction on one connection: BEGIN, then COMMIT when it resolves, or
   * ROLLBACK and rethrow (the same error) when it throws. When this executor is already in a
   * transaction, `work` runs inline in it: the caller's unit of work is all-or-nothing anyway.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** The part of node-postgres' result the executor reads. */
interface PgResultLike {
  rows: unknown[];
  rowCount: number | null;
}

/** The config object node-postgres' `query` accepts (a subset). */
interface PgQueryConfig {
  /** Present: node-postgres prepares the statement once per connection under this name. */
  name?: string;
  text: string;
  values: unknown[];
  types: typeof PG_QUERY_TYPES;
}

/** A connection checked out of the pool (pg.PoolClient, Neon's PoolClient). */
export interface PgClientLike {
  query(config: PgQueryConfig): Promise<PgResultLike>;
  /** Returns the connection; passing an error destroys it instead. */
  release(destroy?: Error | boolean): void;
}

/** A node-postgres-compatible pool: `pg.Pool` or `@neondatabase/serverless`' `Pool`. */
export interface PgPoolLike {
  query(config: PgQueryConfig): Promise<PgResultLike>;
  connect(): Promise<PgClientLike>;
}

function toParam(value: unknown): unknown {
  return value instanceof Date ? serializeDate(value) : value;
}

/** How a pg executor sends statements. */
export interface PgExecutorOptions {
  /**
   * Prepare {@link NamedSql} statements under their names (default true). Turn it off where named
   * statements do not survive between statements: behind pgbouncer in transaction mode (each
   * statement may land on another server connection) or on a driver without sessions.
   */
  namedStatements?: boolean;
}

type Runner = <R>(
  target: { query(config: PgQueryConfig): Promise<PgResultLike> },
  statement: SqlText,
  params: readonly unknown[],
) => Promise<SqlResult<R>>;

/** Runs statements with their names (`namedStatements`) or all unnamed. */
function runner(namedStatements: boolean): Runner {
  return async function run<R>(
    target: { query(config: PgQueryConfig): Promise<PgResultLike> },
    statement: SqlText,
    params: readonly unknown[],
  ): Promise<SqlResult<R>> {
    const config: PgQueryConfig = { text: textOf(statement), values: params.map(toParam), types: PG_QUERY_TYPES };
    if (namedStatements && typeof statement !== "string") config.name = statement.name;
    const result = await target.query(config);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  };
}

/** An executor bound to one connection inside an open transaction. */
function transactionExecutor(client: PgClientLike, run: Runner): SqlExecutor {
  const self: SqlExecutor = {
    inTransaction: true,
    query: (statement, params = []) => run(client, statement, params),
    transaction: (work) => work(self),
  };
  return self;
}

/**
 * An executor over a node-postgres-compatible pool. Single statements go through `pool.query`
 * (any idle connection); transactions check out one connection for their whole duration.
 */
export function pgPoolExecutor(pool: PgPoolLike, options: PgExecutorOptions = {}): SqlExecutor {
  const run = runner(options.namedStatements ?? true);
  return {
    inTransaction: false,
    query: (statement, params = []) => run(pool, statement, params),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await run(client, "BEGIN", []);
        const result = await work(transactionExecutor(client, run));
        await run(client, "COMMIT", []);
        return result;
      } catch (error) {
        try {
          await run(client, "ROLLBACK", []);
        } catch (rollbackError) {
          // The connection is in an unknown state: destroy it rather than hand it to the next caller.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
