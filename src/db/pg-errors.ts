/**
 * PostgreSQL errors -> {@link DataError}, for every implementation that talks to PostgreSQL through
 * a driver (hand-written SQL; Drizzle can use it too). Only the SQLSTATE and the constraint name are
 * read, never the server's message text, which changes with `lc_messages`.
 *
 * Driver differences handled here: node-postgres and Neon's Pool put the facts on the error itself
 * (`code`, `constraint`, `table`); postgres.js names them `constraint_name`, `table_name`; ORMs wrap
 * the driver's error and keep it as `cause`. So the first error along the `cause` chain that carries
 * a SQLSTATE is the one translated.
 */
import { DataError } from "../domain/errors.ts";

/** SQLSTATE of a unique or primary-key violation. */
const PG_UNIQUE_VIOLATION = "23505";
/** SQLSTATE of a foreign-key violation: a missing referenced row, or a NO ACTION key on delete. */
const PG_FOREIGN_KEY_VIOLATION = "23503";
/**
 * SQLSTATE of deleting (or re-keying) a row that an ON DELETE RESTRICT foreign key still references,
 * as PostgreSQL 18 reports it; PostgreSQL 15 reports the same case as 23503, so a DELETE's 23503 is
 * read the same way (see {@link WriteKind}).
 */
const PG_RESTRICT_VIOLATION = "23001";

/** The driver-level facts of a PostgreSQL error, whatever driver raised it. */
export interface PgErrorInfo {
  /** The SQLSTATE, e.g. "23505". */
  code: string;
  constraint?: string;
  table?: string;
  /** The server's message (for INTERNAL errors only; never parsed). */
  message?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The first error along the `cause` chain that carries a SQLSTATE, or undefined (network errors, bugs). */
export function findPgError(error: unknown): PgErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const e = current as Record<string, unknown>;
    if (typeof e.code === "string" && SQLSTATE.test(e.code)) {
      const pick = (...keys: string[]): string | undefined =>
        keys.map((k) => e[k]).find((v): v is string => typeof v === "string");
      return {
        code: e.code,
        constraint: pick("constraint", "constraint_name"),
        table: pick("table", "table_name"),
        message: pick("message"),
      };
    }
    current = e.cause;
  }
  return undefined;
}

/**
 * What the failed statement was doing, which decides what a foreign-key violation means:
 * an INSERT/UPDATE names a row that does not exist (NOT_FOUND); a DELETE is refused because another
 * row still references this one through an ON DELETE RESTRICT key (CONFLICT).
 */
export type WriteKind = "write" | "delete";

/** Schema knowledge the translation needs, by constraint name. */
export interface ConstraintFacts {
  /**
   * The entity a foreign key points at, named as NOT_FOUND's `details.entity` names it: the domain
   * entity, PascalCase (`memberships_user_id_fkey` -> `User`).
   */
  referencedEntity(constraint: string): string | undefined;
  /** The columns a unique index or constraint covers (`users_email_key` -> `["email"]`). */
  uniqueColumns(constraint: string): readonly string[] | undefined;
}

/**
 * Translates anything a query threw into a {@link DataError}; a DataError passes through unchanged.
 * 23505 -> CONFLICT, 23503 -> NOT_FOUND (write) or CONFLICT (delete), 23001 (a RESTRICT key still
 * referencing the row) -> CONFLICT, anything else INTERNAL. The original error is always the `cause`.
 */
export function pgErrorToDataError(error: unknown, kind: WriteKind, facts: ConstraintFacts): DataError {
  if (error instanceof DataError) return error;
  const pg = findPgError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION) {
    const fields = pg.constraint ? facts.uniqueColumns(pg.constraint) : undefined;
    return new DataError(
      "CONFLICT",
      `${pg.table ?? "row"}: ${fields ? fields.join(", ") : "a unique value"} already taken`,
      {
        cause: error,
        details: { constraint: pg.constraint, table: pg.table, fields },
      },
    );
  }
  if (pg?.code === PG_RESTRICT_VIOLATION || (pg?.code === PG_FOREIGN_KEY_VIOLATION && kind === "delete")) {
    return new DataError("CONFLICT", `still referenced from ${pg.table ?? "another table"}`, {
      cause: error,
      details: { constraint: pg.constraint, table: pg.table },
    });
  }
  if (pg?.code === PG_FOREIGN_KEY_VIOLATION) {
    const entity = (pg.constraint && facts.referencedEntity(pg.constraint)) || "referenced row";
    return new DataError("NOT_FOUND", `${entity} not found`, {
      cause: error,
      details: { entity, constraint: pg.constraint, table: pg.table },
    });
  }
  if (pg)
    return new DataError("INTERNAL", `database error ${pg.code}: ${pg.message ?? "unknown"}`, {
      cause: error,
      details: { sqlstate: pg.code },
    });
  return new DataError("INTERNAL", error instanceof Error ? error.message : String(error), { cause: error });
}
