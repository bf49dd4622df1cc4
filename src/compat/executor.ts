/**
 * Runs the facade's SQL through a Drizzle database or transaction (`db.execute`, `db.transaction`),
 * and implements Prisma's interactive-transaction options on top of Drizzle's transactions.
 */
import type { SQL } from "drizzle-orm";
import { transactionError, unknownIsolationLevel } from "./errors.ts";
import { flattenSql } from "./flat-sql.ts";
import { type StatementNames, canNameStatements, executeNamed, executeTuples } from "./statement-names.ts";
import { TransactionScope } from "./transaction-scope.ts";

/** Any Drizzle PostgreSQL database or transaction (node-postgres, neon-serverless, postgres.js). */
export interface DrizzleLike {
  execute(query: SQL): PromiseLike<unknown>;
  transaction<T>(work: (tx: DrizzleLike) => Promise<T>, config?: { isolationLevel?: string }): Promise<T>;
}

export type Row = Record<string, unknown>;

export interface RawResult {
  rows: Row[];
  /** Column descriptions when the driver gives them (node-postgres, Neon): used to type raw results. */
  fields?: { name: string; dataTypeID: number }[];
  rowCount: number;
  /** Set when the text held several statements (node-postgres's simple query protocol). */
  statements?: number;
}

/** Prisma's transaction options. */
export interface TransactionOptions {
  /** Longest wait for the transaction to start, ms (Prisma default 2000). */
  maxWait?: number;
  /** Longest the interactive callback may run, ms (Prisma default 5000). */
  timeout?: number;
  isolationLevel?: "ReadUncommitted" | "ReadCommitted" | "RepeatableRead" | "Serializable";
}

export interface Executor {
  /** Rows of a query. */
  rows(query: SQL): Promise<Row[]>;
  /** Rows of a query as arrays, in select-list order (for callers that know their select list). */
  tuples(query: SQL): Promise<unknown[][]>;
  /** Rows, column types and affected-row count (raw queries). */
  raw(query: SQL): Promise<RawResult>;
  readonly inTransaction: boolean;
  /**
   * Runs one facade operation (a model operation or a raw query). In a transaction it is refused
   * with P2028 once the transaction has ended, and the commit waits for it while it runs.
   */
  operation<T>(work: (ex: Executor) => Promise<T>): Promise<T>;
  /** Runs `work` in a transaction (a savepoint when already inside one). */
  transaction<T>(work: (ex: Executor) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

const ISOLATION: Record<string, string> = {
  ReadUncommitted: "read uncommitted",
  ReadCommitted: "read committed",
  RepeatableRead: "repeatable read",
  Serializable: "serializable",
};

/** Prisma's defaults for interactive transactions. */
const DEFAULT_MAX_WAIT_MS = 2000;
const DEFAULT_TIMEOUT_MS = 5000;

/** node-postgres answers a text with several statements with one result per statement. */
function isMultiStatement(result: unknown): boolean {
  return (
    Array.isArray(result) &&
    result.length > 0 &&
    result.every((r) => r !== null && typeof r === "object" && "command" in r && "rows" in r)
  );
}

function normalize(result: unknown): RawResult {
  // Prisma (adapter-pg) reads no row count from several results: it reports 0 affected rows.
  if (isMultiStatement(result)) return { rows: [], rowCount: 0, statements: (result as unknown[]).length };
  if (Array.isArray(result)) {
    const count = (result as { count?: number }).count;
    return { rows: result as Row[], rowCount: typeof count === "number" ? count : result.length };
  }
  const r = result as { rows?: Row[]; fields?: { name: string; dataTypeID: number }[]; rowCount?: number | null };
  const rows = r.rows ?? [];
  return { rows, fields: r.fields, rowCount: r.rowCount ?? rows.length };
}

/** An executor for an operation refused before it started: every statement fails with `refusal`. */
function refusingExecutor(refusal: Error): Executor {
  const refuse = (): Promise<never> => Promise.reject(refusal);
  const ex: Executor = {
    inTransaction: true,
    rows: refuse,
    tuples: refuse,
    raw: refuse,
    operation: (work) => work(ex),
    transaction: refuse,
  };
  return ex;
}

/**
 * An executor over a Drizzle database, or over one of its transactions (`scope` given): then every
 * operation and statement is checked against the transaction's life first. With `names`, statements
 * are sent as named prepared statements (statement-names.ts).
 */
export function drizzleExecutor(db: DrizzleLike, scope?: TransactionScope, names?: StatementNames): Executor {
  const send = async (query: SQL): Promise<RawResult> => {
    scope?.statement();
    // Flat: Drizzle renders the same statement in one pass instead of walking the facade's tree.
    const flat = flattenSql(query);
    return normalize(await (names ? executeNamed(db, flat, names) : db.execute(flat)));
  };
  // Arrays straight from the driver where Drizzle's session offers its array mode; elsewhere the
  // object rows' values, which are in select-list order (columns are named after distinct fields).
  const arrays = canNameStatements(db);
  const ex: Executor = {
    inTransaction: scope !== undefined,
    async rows(query) {
      return (await send(query)).rows;
    },
    async tuples(query) {
      if (!arrays) return (await send(query)).rows.map((row) => Object.values(row));
      scope?.statement();
      return executeTuples(db, flattenSql(query), names);
    },
    raw: send,
    operation(work) {
      return scope
        ? scope.operation(
            () => work(ex),
            (refusal) => work(refusingExecutor(refusal)),
          )
        : work(ex);
    },
    async transaction(work, options = {}) {
      if (!scope) return runWithTimeouts(db, work, options, names);
      // A savepoint: Prisma ignores the options of a nested transaction too. The SAVEPOINT Drizzle
      // sends is a statement like any other.
      scope.statement();
      return db.transaction((tx) => work(drizzleExecutor(tx, scope, names)));
    },
  };
  return ex;
}

/**
 * Prisma's `maxWait` and `timeout` on a Drizzle transaction. Drizzle cannot interrupt a running
 * callback, so an expired transaction is poisoned instead: every later query through it fails with
 * P2028, and the transaction rolls back when the callback returns. Once the callback has settled
 * the scope refuses every further use of the transaction's client (P2028), before the commit.
 */
async function runWithTimeouts<T>(
  db: DrizzleLike,
  work: (ex: Executor) => Promise<T>,
  options: TransactionOptions,
  names: StatementNames | undefined,
): Promise<T> {
  const maxWait = options.maxWait ?? DEFAULT_MAX_WAIT_MS;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const isolationLevel = options.isolationLevel === undefined ? undefined : ISOLATION[options.isolationLevel];
  if (options.isolationLevel !== undefined && isolationLevel === undefined)
    throw unknownIsolationLevel(options.isolationLevel);

  let started = false;
  let gaveUp = false;
  let waitTimer: NodeJS.Timeout | undefined;
  const waited = new Promise<never>((_, reject) => {
    if (!Number.isFinite(maxWait)) return;
    waitTimer = setTimeout(() => {
      if (started) return;
      gaveUp = true;
      reject(transactionError(`Unable to start a transaction in the given time (maxWait ${maxWait} ms).`));
    }, maxWait);
  });
  waited.catch(() => {});

  let scope: TransactionScope | undefined;
  const run = db.transaction(
    async (tx) => {
      clearTimeout(waitTimer);
      if (gaveUp) throw transactionError("Transaction started after maxWait; rolled back.");
      started = true;
      const current = (scope = new TransactionScope(timeout));
      const timer = Number.isFinite(timeout) ? setTimeout(() => current.expire(), timeout) : undefined;
      try {
        return await settleThenEnd(current, () => work(drizzleExecutor(tx, current, names)));
      } finally {
        clearTimeout(timer);
      }
    },
    isolationLevel ? { isolationLevel } : undefined,
  );
  // A failed COMMIT rolled the transaction back: a leaked client must say so.
  run.catch(() => scope?.rolledBack());
  try {
    return await Promise.race([run, waited]);
  } finally {
    clearTimeout(waitTimer);
    // When maxWait won the race, the transaction may still start later; it then rolls back at once.
    run.catch(() => {});
  }
}

/** Runs the callback, then closes the scope (waiting for operations still running) before COMMIT or ROLLBACK. */
async function settleThenEnd<T>(scope: TransactionScope, callback: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await callback();
  } catch (error) {
    await scope.close("rolledBack");
    throw error;
  }
  await scope.close("committed");
  // Committing after the deadline would make the caller believe late work counted.
  if (scope.expired) throw scope.commitRefused();
  return result;
}
