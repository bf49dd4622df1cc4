/**
 * ORM-level query logs, kept only to cross-check the driver-level capture: Prisma's `query` events
 * and Drizzle's `Logger.logQuery` both report statements the ORM sends, and their counts must agree
 * with what the instrumented connections saw. Nothing here imports an ORM; the shapes are structural.
 */

/** One statement as an ORM's own log reported it. */
export interface OrmLoggedQuery {
  text: string;
  params: unknown[];
  /** Duration when the ORM reports one (Prisma does, Drizzle's logger is called before execution). */
  durationMs?: number;
}

/** Collects an ORM's log entries while `active` is true. */
export class OrmQueryLog {
  readonly entries: OrmLoggedQuery[] = [];
  active = false;

  /** Starts collecting (clearing what was collected before). */
  start(): void {
    this.entries.length = 0;
    this.active = true;
  }

  /** Stops collecting and returns the entries. */
  stop(): OrmLoggedQuery[] {
    this.active = false;
    return this.entries;
  }

  /** @internal */
  push(entry: OrmLoggedQuery): void {
    if (this.active) this.entries.push(entry);
  }
}

/** The part of a Prisma client created with `log: [{ emit: "event", level: "query" }]` this needs. */
export interface PrismaQueryEventSource {
  $on(event: "query", listener: (event: { query: string; params: string; duration: number }) => void): void;
}

/**
 * Subscribes to a Prisma client's `query` events. Prisma reports params as a JSON string; they are
 * parsed back when possible.
 */
export function logPrismaQueries(client: PrismaQueryEventSource): OrmQueryLog {
  const log = new OrmQueryLog();
  client.$on("query", (event) => {
    log.push({ text: event.query, params: parseParams(event.params), durationMs: event.duration });
  });
  return log;
}

function parseParams(raw: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [raw];
  }
}

/** A Drizzle `Logger` (structurally: `logQuery(query, params)`) that feeds an {@link OrmQueryLog}. */
export class DrizzleQueryLogger {
  readonly log = new OrmQueryLog();

  logQuery(query: string, params: unknown[]): void {
    this.log.push({ text: query, params });
  }
}

/** How an ORM's log lines up with the driver capture of the same calls. */
export interface LogReconciliation {
  /** Statements both saw, in order. */
  matched: number;
  /** Statements the driver ran that the ORM's log did not report (in driver order). */
  onlyInDriver: string[];
  /** Statements the ORM reported that never reached the driver (in log order). */
  onlyInOrm: string[];
}

/**
 * Lines up an ORM's log with the driver's statements by SQL text, in order. The driver capture is
 * the reference; a non-empty `onlyInDriver` names what the ORM's own log leaves out.
 */
export function reconcileOrmLog(driverTexts: readonly string[], orm: readonly OrmLoggedQuery[]): LogReconciliation {
  const onlyInDriver: string[] = [];
  const onlyInOrm: string[] = [];
  let matched = 0;
  let d = 0;
  for (const entry of orm) {
    const text = entry.text.trim();
    let found = -1;
    for (let k = d; k < driverTexts.length; k += 1) {
      if (driverTexts[k]!.trim() === text) {
        found = k;
        break;
      }
    }
    if (found === -1) {
      onlyInOrm.push(text);
      continue;
    }
    onlyInDriver.push(...driverTexts.slice(d, found).map((t) => t.trim()));
    matched += 1;
    d = found + 1;
  }
  onlyInDriver.push(...driverTexts.slice(d).map((t) => t.trim()));
  return { matched, onlyInDriver, onlyInOrm };
}
