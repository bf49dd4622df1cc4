/**
 * PostgreSQL errors -> {@link DataError} for the Drizzle implementation. The SQLSTATE rules are the
 * shared ones (src/db/pg-errors.ts: the first error along the `cause` chain with a SQLSTATE, whatever
 * the driver); what is Drizzle's own is where the constraint facts come from (the schema itself, so a
 * new constraint needs no edit here) and the unwrapping of `DrizzleQueryError`, whose message embeds
 * the statement's parameters.
 */
import { DrizzleQueryError, getTableName } from "drizzle-orm";
import { type AnyPgTable, getTableConfig } from "drizzle-orm/pg-core";
import { type ConstraintFacts, findPgError, pgErrorToDataError, type WriteKind } from "../db/pg-errors.ts";
import { DataError } from "../domain/errors.ts";
import * as schema from "./schema.ts";

export type { WriteKind } from "../db/pg-errors.ts";

/** Every table with the domain entity its rows are (the name NOT_FOUND's `details.entity` uses). */
const ENTITIES = new Map<AnyPgTable, string>([
  [schema.organizations, "Organization"],
  [schema.users, "User"],
  [schema.memberships, "Membership"],
  [schema.projects, "Project"],
  [schema.tasks, "Task"],
  [schema.sessions, "Session"],
  [schema.downloads, "Download"],
  [schema.auditLogs, "AuditEntry"],
]);
const TABLES = [...ENTITIES.keys()];

/** What each foreign key points at: `memberships_user_id_fkey` -> `User`. */
const REFERENCED_ENTITY = new Map<string, string>(
  TABLES.flatMap((table) =>
    getTableConfig(table).foreignKeys.map(
      (fk) =>
        [fk.getName(), ENTITIES.get(fk.reference().foreignTable) ?? getTableName(fk.reference().foreignTable)] as const,
    ),
  ),
);

/** Unique index name -> the columns it covers, for a CONFLICT message that names the field. */
const UNIQUE_COLUMNS = new Map<string, string[]>(
  TABLES.flatMap((table) =>
    getTableConfig(table)
      .indexes.filter((index) => index.config.unique && index.config.name !== undefined)
      .map(
        (index) => [index.config.name!, index.config.columns.map((c) => ("name" in c ? String(c.name) : "?"))] as const,
      ),
  ),
);

const FACTS: ConstraintFacts = {
  referencedEntity: (constraint) => REFERENCED_ENTITY.get(constraint),
  uniqueColumns: (constraint) => UNIQUE_COLUMNS.get(constraint),
};

/**
 * Translates anything a Drizzle call threw into a {@link DataError} (a DataError passes through
 * unchanged). The native error is kept as `cause`.
 */
export function toDataError(error: unknown, kind: WriteKind = "write"): DataError {
  if (error instanceof DataError) return error;
  // Without a SQLSTATE (a network error, a bug) the message is the driver's, not Drizzle's wrapper's,
  // which embeds the parameters (emails, token hashes) and tends to end up in logs.
  if (!findPgError(error) && error instanceof DrizzleQueryError && error.cause instanceof Error) {
    return new DataError("INTERNAL", error.cause.message, { cause: error });
  }
  return pgErrorToDataError(error, kind, FACTS);
}

/** Runs `work`, translating whatever it throws (see {@link toDataError}). */
export async function translateErrors<T>(work: () => Promise<T>, kind: WriteKind = "write"): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDataError(error, kind);
  }
}
