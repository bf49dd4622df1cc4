/**
 * Prisma errors -> DataError. Prisma reports constraint violations with its own codes (P2002 unique,
 * P2003 foreign key, P2025 record not found); anything else that came from PostgreSQL (for example
 * 23001, a RESTRICT key, which adapter-pg passes through untranslated) is read from the SQLSTATE on
 * the driver adapter error, by the shared translator in src/db/pg-errors.ts.
 */
import { DataError, notFound } from "../domain/errors.ts";
import { pgErrorToDataError, type WriteKind } from "../db/pg-errors.ts";
import { PrismaClientKnownRequestError } from "../prisma-runtime/index.ts";

/** Foreign keys by Prisma's constraint naming, to say which row was missing. */
const REFERENCED: Record<string, string> = {
  memberships_organization_id_fkey: "Organization",
  memberships_user_id_fkey: "User",
  projects_organization_id_fkey: "Organization",
  projects_owner_id_fkey: "User",
  tasks_project_id_fkey: "Project",
  tasks_assignee_id_fkey: "User",
  sessions_user_id_fkey: "User",
};

const UNIQUE: Record<string, string[]> = {
  organizations_slug_key: ["slug"],
  users_email_key: ["email"],
  memberships_organization_id_user_id_key: ["organizationId", "userId"],
  sessions_token_hash_key: ["tokenHash"],
  downloads_version_platform_key: ["version", "platform"],
};

/** The SQLSTATE-bearing object adapter-pg attaches to a known request error, if any. */
function driverCause(error: PrismaClientKnownRequestError): unknown {
  const meta = error.meta as
    { driverAdapterError?: { cause?: { originalCode?: string; code?: string; constraint?: unknown } } } | undefined;
  const cause = meta?.driverAdapterError?.cause;
  if (cause?.originalCode) return { code: cause.originalCode, cause: error };
  return error.cause ?? error;
}

function constraintName(error: PrismaClientKnownRequestError): string | undefined {
  const meta = error.meta;
  const direct = meta?.constraint ?? meta?.field_name;
  if (typeof direct === "string") return direct.replace(/ \(index\)$/, "");
  const nested = (
    meta?.driverAdapterError as { cause?: { constraint?: { index?: string; foreignKey?: unknown } } } | undefined
  )?.cause?.constraint;
  return nested?.index;
}

/** Translates anything a Prisma call threw; a DataError passes through unchanged. */
function prismaErrorToDataError(error: unknown, kind: WriteKind, entity: string): DataError {
  if (error instanceof DataError) return error;
  if (error instanceof PrismaClientKnownRequestError) {
    switch (error.code) {
      case "P2002": {
        const constraint = constraintName(error);
        const fields = (constraint && UNIQUE[constraint]) || (error.meta as { target?: string[] } | undefined)?.target;
        return new DataError("CONFLICT", `${entity}: ${fields ? fields.join(", ") : "a unique value"} already taken`, {
          cause: error,
          details: { fields },
        });
      }
      case "P2025":
        return new DataError("NOT_FOUND", `${entity} not found`, { cause: error, details: { entity } });
      case "P2003": {
        if (kind === "delete") return new DataError("CONFLICT", `${entity} is still referenced`, { cause: error });
        const constraint = constraintName(error);
        const missing = (constraint && REFERENCED[constraint]) || "referenced row";
        return notFoundWithCause(missing, error);
      }
      default:
        return pgErrorToDataError(driverCause(error), kind, {
          referencedEntity: (c) => REFERENCED[c],
          uniqueColumns: (c) => UNIQUE[c],
        });
    }
  }
  return pgErrorToDataError(error, kind, { referencedEntity: (c) => REFERENCED[c], uniqueColumns: (c) => UNIQUE[c] });
}

function notFoundWithCause(entity: string, cause: unknown): DataError {
  const base = notFound(entity, {});
  return new DataError("NOT_FOUND", base.message, { cause, details: base.details });
}

/** Runs `work`, translating whatever it throws. */
export async function translating<T>(entity: string, kind: WriteKind, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw prismaErrorToDataError(error, kind, entity);
  }
}
