/**
 * Named prepared statements for the facade (the client option `namedStatements`).
 *
 * PostgreSQL parses, analyses and plans an unnamed statement on every call. A named one is parsed
 * once per connection and, after a few executions, can keep a generic plan: on a one-row lookup that
 * was about a third of the round trip here (155 → 103 µs on node-postgres over local TCP). The Drizzle
 * implementation gets the same from `.prepare(name)`; the facade builds its SQL per call, so it names
 * each distinct statement text instead: the name is a hash of the text, so one name always means one
 * text (node-postgres refuses a name reused with another text, and so would the server).
 *
 * Bounded: each connection keeps every statement it has prepared until it closes, so only the first
 * {@link MAX_NAMED_TEXTS} distinct texts of a client get names; later ones are sent unnamed, as
 * before. A team's call sites produce a fixed set of texts (the compare-sql shapes), except `in` lists
 * of varying length, which is what the bound is for.
 *
 * Only where a connection keeps a session: node-postgres and Neon's WebSocket driver. Not on Neon's
 * HTTP driver, nor behind pgbouncer in transaction mode without its prepared-statement support, where
 * the next statement may run on another server connection (the option is the caller's to leave off).
 */
import { createHash } from "node:crypto";
import { type SQL, entityKind } from "drizzle-orm";

/** The prefix of every statement name the facade prepares (the Drizzle implementation's is `orm_switch.drizzle.`). */
export const FACADE_STATEMENT_PREFIX = "orm_switch.facade.";

/** Most distinct statement texts one client names; later texts go unnamed. */
export const MAX_NAMED_TEXTS = 256;

/** Drizzle sessions whose `prepareQuery` sends a name to a connection that keeps it. */
const NAMING_SESSIONS = new Set(["NodePgSession", "NeonSession"]);

/** The parts of a Drizzle database that `db.execute` itself uses; kept internal in Drizzle's types. */
interface DrizzleInternals {
  session?: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string | undefined,
      arrayMode: boolean,
      rowsMapper?: (rows: unknown[][]) => unknown,
    ): { execute(): Promise<unknown> };
  };
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

/** The Drizzle class name of `db`'s session ("NodePgSession", ...), or undefined. */
function sessionKind(db: unknown): string | undefined {
  const session = (db as DrizzleInternals).session as { constructor?: Record<symbol, unknown> } | undefined;
  const kind = session?.constructor?.[entityKind];
  return typeof kind === "string" ? kind : undefined;
}

/**
 * Whether the facade can name statements on `db` (node-postgres or Neon WebSocket, with a session),
 * and read rows as arrays there ({@link executeTuples}).
 */
export function canNameStatements(db: unknown): boolean {
  const kind = sessionKind(db);
  return (
    kind !== undefined &&
    NAMING_SESSIONS.has(kind) &&
    typeof (db as DrizzleInternals).dialect?.sqlToQuery === "function"
  );
}

/** The names one client gives its statement texts; shared by the client, its transactions and extensions. */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max = MAX_NAMED_TEXTS) {}

  /** The name for `text`, or undefined once the client has named `max` other texts. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.max) return known;
    // sha1 for its length: 40 hex digits keep the name within PostgreSQL's 63 bytes.
    const name = FACADE_STATEMENT_PREFIX + createHash("sha1").update(text).digest("hex");
    this.names.set(text, name);
    return name;
  }

  /** How many texts have a name. */
  get size(): number {
    return this.names.size;
  }
}

/**
 * Runs `query` on `db` (a database or a transaction of it) as `db.execute` does, but under the name
 * `names` gives its text, so the connection parses it once. Same rendering, same driver call, same
 * error wrapping: only the statement name differs.
 */
export function executeNamed(db: unknown, query: SQL, names: StatementNames): Promise<unknown> {
  return prepareOn(db, query, names, false).execute();
}

/**
 * The rows of `query` as arrays, in select-list order, on a database where
 * {@link canNameStatements} holds (named when `names` is given). node-postgres builds an object per
 * row by assigning each column under its name; with the many row shapes of a real application those
 * assignments are its slowest part (about 1 µs per row of a task list, measured in a CPU profile),
 * and a caller that knows its select list reads values by position anyway. Same statement, same
 * type parsing: only the driver's row mode differs.
 */
export function executeTuples(db: unknown, query: SQL, names: StatementNames | undefined): Promise<unknown[][]> {
  return prepareOn(db, query, names, true).execute() as Promise<unknown[][]>;
}

/** `query` rendered and prepared on `db`'s session as `db.execute` does, under its name when `names` gives one. */
function prepareOn(db: unknown, query: SQL, names: StatementNames | undefined, arrays: boolean) {
  const { session, dialect } = db as Required<DrizzleInternals>;
  const rendered = dialect.sqlToQuery(query);
  const name = names?.nameFor(rendered.sql);
  return arrays
    ? session.prepareQuery(rendered, undefined, name, true, (rows) => rows)
    : session.prepareQuery(rendered, undefined, name, false);
}
