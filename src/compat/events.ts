/**
 * Prisma Client's `log` option and `$on` on the facade. As in Prisma, query events exist only when
 * the client was created with the `query` level (`log: [{ emit: 'event', level: 'query' }]` for
 * `$on('query')`, `'query'` or `emit: 'stdout'` for the console), one event per statement that
 * succeeded, shaped `{ timestamp, query, params, duration, target }`. The statements are the
 * facade's own SQL (not Prisma's); `target` is "compat" so a log can tell them apart.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Executor, TransactionOptions } from "./executor.ts";

export type LogLevel = "info" | "query" | "warn" | "error";

/** One entry of the `log` option, as Prisma Client takes it. */
export interface LogDefinition {
  level: LogLevel;
  emit: "stdout" | "event";
}

/** What `$on('query', cb)` receives (Prisma's `Prisma.QueryEvent`). */
export interface QueryEvent {
  timestamp: Date;
  query: string;
  /** The bound parameters as a JSON array. */
  params: string;
  /** Milliseconds, from sending the statement to having its result. */
  duration: number;
  target: string;
}

const LEVELS: readonly string[] = ["info", "query", "warn", "error"];
const TARGET = "compat";

/** The listeners and log settings of one facade client. */
export class ClientEvents {
  private readonly listeners = new Map<string, Set<(event: unknown) => void>>();
  private readonly emitted = new Map<string, "stdout" | "event">();
  private readonly dialect = new PgDialect();

  constructor(log: readonly (LogLevel | LogDefinition)[] = []) {
    for (const entry of log) {
      const level = typeof entry === "string" ? entry : entry?.level;
      const emit = typeof entry === "string" ? "stdout" : entry?.emit;
      if (!LEVELS.includes(level) || (emit !== "stdout" && emit !== "event")) {
        throw new Error(
          `Invalid log option ${JSON.stringify(entry)} provided to the compat client: expected one of ${LEVELS.join(", ")}, emitted to "stdout" or "event".`,
        );
      }
      this.emitted.set(level, emit);
    }
  }

  /** Whether statements must be timed and reported at all. */
  get logsQueries(): boolean {
    return this.emitted.has("query");
  }

  on(level: string, listener: (event: unknown) => void): void {
    let set = this.listeners.get(level);
    if (!set) this.listeners.set(level, (set = new Set()));
    set.add(listener);
  }

  /** Reports one statement that succeeded. */
  query(query: SQL | string, started: number, timestamp: Date): void {
    const duration = performance.now() - started;
    const { sql, params } = typeof query === "string" ? { sql: query, params: [] } : this.dialect.sqlToQuery(query);
    const event: QueryEvent = {
      timestamp,
      query: sql,
      params: JSON.stringify(params, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
      duration,
      target: TARGET,
    };
    if (this.emitted.get("query") === "stdout") console.log(`prisma:query ${event.query}`);
    else for (const listener of this.listeners.get("query") ?? []) listener(event);
  }
}

async function timed<T>(events: ClientEvents, query: SQL | string, run: () => Promise<T>): Promise<T> {
  const timestamp = new Date();
  const started = performance.now();
  const result = await run();
  events.query(query, started, timestamp);
  return result;
}

/**
 * `ex` reporting every statement it runs to `events`. Transactions report their end: Drizzle sends
 * BEGIN/COMMIT itself, so COMMIT (or ROLLBACK) is timed from the callback's end to the transaction's.
 */
export function withQueryEvents(ex: Executor, events: ClientEvents): Executor {
  if (!events.logsQueries) return ex;
  // Object.create keeps whatever else the executor carries (flags, state) reachable.
  const wrapped = Object.create(ex) as Executor & Record<string, unknown>;
  wrapped.rows = (query: SQL) => timed(events, query, () => ex.rows(query));
  wrapped.tuples = (query: SQL) => timed(events, query, () => ex.tuples(query));
  wrapped.raw = (query: SQL) => timed(events, query, () => ex.raw(query));
  // The executor hands `operation`'s callback itself; hand it the wrapper so statements stay timed.
  wrapped.operation = <T>(work: (inner: Executor) => Promise<T>): Promise<T> => ex.operation(() => work(wrapped));
  wrapped.transaction = <T>(work: (tx: Executor) => Promise<T>, options?: TransactionOptions): Promise<T> => {
    if (ex.inTransaction) return ex.transaction((tx) => work(withQueryEvents(tx, events)), options);
    let ended: { at: number; timestamp: Date } | undefined;
    const finished = (): void => {
      ended = { at: performance.now(), timestamp: new Date() };
    };
    return ex
      .transaction(async (tx) => {
        try {
          return await work(withQueryEvents(tx, events));
        } finally {
          finished();
        }
      }, options)
      .then(
        (result) => {
          if (ended) events.query("COMMIT", ended.at, ended.timestamp);
          return result;
        },
        (error: unknown) => {
          if (ended) events.query("ROLLBACK", ended.at, ended.timestamp);
          throw error;
        },
      );
  };
  return wrapped;
}
