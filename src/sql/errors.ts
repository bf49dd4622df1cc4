/**
 * PostgreSQL errors -> DataError for the hand-written SQL implementation: the shared translation of
 * src/db/pg-errors.ts, fed with this schema's constraint names (as prisma/migrations creates them).
 */
import type { DataError } from "../domain/errors.ts";
import { type ConstraintFacts, pgErrorToDataError, type WriteKind } from "../db/pg-errors.ts";

/** Foreign key -> the entity it references. */
const REFERENCED_ENTITY: ReadonlyMap<string, string> = new Map([
  ["memberships_organization_id_fkey", "Organization"],
  ["memberships_user_id_fkey", "User"],
  ["projects_organization_id_fkey", "Organization"],
  ["projects_owner_id_fkey", "User"],
  ["tasks_project_id_fkey", "Project"],
  ["tasks_assignee_id_fkey", "User"],
  ["sessions_user_id_fkey", "User"],
]);

/** Unique index -> the columns it covers. */
const UNIQUE_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map([
  ["organizations_slug_key", ["slug"]],
  ["users_email_key", ["email"]],
  ["memberships_organization_id_user_id_key", ["organization_id", "user_id"]],
  ["sessions_token_hash_key", ["token_hash"]],
  ["downloads_version_platform_key", ["version", "platform"]],
]);

const SCHEMA_CONSTRAINTS: ConstraintFacts = {
  referencedEntity: (constraint) => REFERENCED_ENTITY.get(constraint),
  // Primary keys are `<table>_pkey` over `id`.
  uniqueColumns: (constraint) => UNIQUE_COLUMNS.get(constraint) ?? (constraint.endsWith("_pkey") ? ["id"] : undefined),
};

/** Anything a statement threw, as a DataError (see {@link pgErrorToDataError}). */
export function toDataError(error: unknown, kind: WriteKind = "write"): DataError {
  return pgErrorToDataError(error, kind, SCHEMA_CONSTRAINTS);
}

/** Runs `work`, translating whatever it throws. */
export async function translateErrors<T>(work: () => Promise<T>, kind: WriteKind = "write"): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDataError(error, kind);
  }
}
