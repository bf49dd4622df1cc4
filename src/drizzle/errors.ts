/**
 * PostgreSQL errors -> {@link DataError}. Drizzle 0.45 wraps every failed statement in a
 * `DrizzleQueryError` whose `cause` is the driver's error, so the SQLSTATE is looked for along the
 * `cause` chain. The field names differ by driver (node-postgres and Neon: `constraint`, `table`;
 * postgres.js: `constraint_name`, `table_name`); both are read, so the repositories work on any of
 * the drivers `createDrizzleRepositoriesOnDb` accepts.
 */
import { DrizzleQueryError, getTableName } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { DataError } from "../domain/errors.ts";
import * as schema from "./schema.ts";

/** The SQLSTATEs the repositories translate; everything else is INTERNAL. */
export const PG_UNIQUE_VIOLATION = "23505";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
/** `ON DELETE RESTRICT` reports 23001, not 23503 (which NO ACTION reports at the end of the statement). */
export const PG_RESTRICT_VIOLATION = "23001";

/** What the failed statement was doing, which decides what a foreign-key violation means. */
export type WriteKind =
  /** INSERT or UPDATE: a referenced row is missing, so NOT_FOUND. */
  | "write"
  /** DELETE: another row still references this one (NO ACTION reports 23503), so CONFLICT. */
  | "delete";

/** The driver-level facts of a PostgreSQL error, whatever driver raised it. */
export interface PgErrorInfo {
  code: string;
  constraint?: string;
  table?: string;
  detail?: string;
  /** The server's message, without the SQL text and parameters Drizzle's wrapper adds. */
  message?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The first error along the `cause` chain that carries a SQLSTATE, or undefined (network errors, bugs). */
export function findPgError(error: unknown): PgErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const e = current as Record<string, unknown>;
    if (typeof e.code === "string" && SQLSTATE.test(e.code)) {
      const pick = (...keys: string[]) => keys.map((k) => e[k]).find((v): v is string => typeof v === "string");
      return { code: e.code, constraint: pick("constraint", "constraint_name"), table: pick("table", "table_name"), detail: pick("detail"), message: pick("message") };
    }
    current = e.cause;
  }
  return undefined;
}

const TABLES = [schema.organizations, schema.users, schema.memberships, schema.projects, schema.tasks, schema.sessions, schema.downloads, schema.auditLogs];

/**
 * What each foreign key points at, read from the schema so that a new constraint needs no edit here:
 * `memberships_user_id_fkey` -> `users`. Used to say which entity was NOT_FOUND.
 */
const REFERENCED_TABLE = new Map<string, string>(
  TABLES.flatMap((table) =>
    getTableConfig(table).foreignKeys.map((fk) => [fk.getName(), getTableName(fk.reference().foreignTable)] as const),
  ),
);

/** Unique index name -> the columns it covers, for a CONFLICT message that names the field. */
const UNIQUE_COLUMNS = new Map<string, string[]>(
  TABLES.flatMap((table) =>
    getTableConfig(table)
      .indexes.filter((index) => index.config.unique && index.config.name !== undefined)
      .map((index) => [index.config.name!, index.config.columns.map((c) => ("name" in c ? String(c.name) : "?"))] as const),
  ),
);

/**
 * Translates anything a Drizzle call threw into a {@link DataError} (a DataError passes through
 * unchanged). The native error is kept as `cause`.
 */
export function toDataError(error: unknown, kind: WriteKind = "write"): DataError {
  if (error instanceof DataError) return error;
  const pg = findPgError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION) {
    const fields = pg.constraint ? UNIQUE_COLUMNS.get(pg.constraint) : undefined;
    return new DataError("CONFLICT", `${pg.table ?? "row"}: ${fields ? fields.join(", ") : "a unique value"} already taken`, {
      cause: error,
      details: { constraint: pg.constraint, table: pg.table, fields },
    });
  }
  if (pg?.code === PG_RESTRICT_VIOLATION || pg?.code === PG_FOREIGN_KEY_VIOLATION) {
    if (pg.code === PG_RESTRICT_VIOLATION || kind === "delete") {
      return new DataError("CONFLICT", `still referenced from ${pg.table ?? "another table"}`, {
        cause: error,
        details: { constraint: pg.constraint, table: pg.table },
      });
    }
    const entity = (pg.constraint && REFERENCED_TABLE.get(pg.constraint)) ?? "referenced row";
    return new DataError("NOT_FOUND", `${entity} not found`, { cause: error, details: { entity, constraint: pg.constraint, table: pg.table } });
  }
  // Drizzle's own message embeds the statement's parameters (emails, token hashes): keep those in
  // `cause` for the developer and out of the message, which tends to end up in logs.
  if (pg) return new DataError("INTERNAL", `database error ${pg.code}: ${pg.message ?? "unknown"}`, { cause: error, details: { sqlstate: pg.code } });
  const inner = error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause : error;
  return new DataError("INTERNAL", inner instanceof Error ? inner.message : String(inner), { cause: error });
}

/** Runs `work`, translating whatever it throws (see {@link toDataError}). */
export async function translateErrors<T>(work: () => Promise<T>, kind: WriteKind = "write"): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDataError(error, kind);
  }
}
