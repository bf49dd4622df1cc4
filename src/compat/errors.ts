/**
 * Errors the facade throws, shaped like Prisma Client's so application code keeps recognising them.
 *
 * - Database errors Prisma knows are {@link PrismaCompatError}: a subclass of Prisma's own
 *   `PrismaClientKnownRequestError` (the same class object the generated client exports, see
 *   prisma-runtime.ts), so `error instanceof Prisma.PrismaClientKnownRequestError`,
 *   `error.name === "PrismaClientKnownRequestError"` and `error.code === "P2002"` all hold.
 *   - `P2002` unique violation: `meta.target` lists the fields (as Prisma 5/6 did; Prisma 7 with
 *     driver adapters dropped it), `meta.modelName`, and `meta.driverAdapterError.cause` as Prisma 7
 *     reports it (`constraint.index`, `originalCode`, ...).
 *   - `P2025` record required but not found (`*OrThrow`, update, delete, nested connect),
 *     `meta.modelName` and `meta.operation` ("a query", "an update", "a delete", ...).
 *   - `P2003` foreign key violation: `meta.field_name` is the constraint, `meta.target` its fields.
 *   - `P2011` null constraint, `P2000` value too long, `P2034` serialization failure / deadlock,
 *     `P2028` transaction expired or could not start in time, `P2010` raw query failed.
 * - Bad arguments are Prisma's own `PrismaClientValidationError`.
 * - Arguments or operations the facade cannot translate yet are {@link CompatUnsupportedError}
 *   (`compat: <feature> is not supported yet`): never ignored, never guessed.
 * - Anything else is Prisma's `PrismaClientUnknownRequestError`, with the driver error as `cause`.
 */
import { PrismaClientKnownRequestError, PrismaClientUnknownRequestError, PrismaClientValidationError } from "./prisma-runtime.ts";
import type { ModelMeta } from "./model-meta.ts";

/** Reported as `clientVersion` on every error, so logs show the facade answered, not Prisma. */
export const COMPAT_CLIENT_VERSION = "7.10.0-compat";

/** A Prisma "known request error" raised by the facade. */
export class PrismaCompatError extends PrismaClientKnownRequestError {
  constructor(code: string, message: string, meta: Record<string, unknown>, cause?: unknown) {
    super(message, { code, clientVersion: COMPAT_CLIENT_VERSION, meta });
    if (cause !== undefined) Object.defineProperty(this, "cause", { value: cause, enumerable: false, writable: true });
  }
}

/** An argument, option or operation the facade does not translate (yet). */
export class CompatUnsupportedError extends Error {
  override readonly name = "PrismaCompatUnsupportedError";
  /** What is missing, e.g. `orderBy with nulls`. */
  readonly feature: string;
  constructor(feature: string) {
    super(`compat: ${feature} is not supported yet`);
    this.feature = feature;
  }
}

/** Throws {@link CompatUnsupportedError} for `feature`. */
export function unsupported(feature: string): never {
  throw new CompatUnsupportedError(feature);
}

/** Throws Prisma's validation error, as Prisma does for arguments its schema rejects. */
export function invalid(call: string, message: string): never {
  throw new PrismaClientValidationError(`Invalid \`${call}\` invocation: ${message}`, { clientVersion: COMPAT_CLIENT_VERSION });
}

const NOT_FOUND_TEXT = "An operation failed because it depends on one or more records that were required but not found.";

/** P2025 for `*OrThrow`, update and delete. `operation` is Prisma's wording: "a query", "an update", "a delete". */
export function recordNotFound(model: ModelMeta, call: string, operation: string): PrismaCompatError {
  return new PrismaCompatError("P2025", `Invalid \`${call}\` invocation: ${NOT_FOUND_TEXT} No record was found for ${operation}.`, { modelName: model.name, operation });
}

/** P2025 for a nested `connect` (or update/delete through a relation) that found no row. */
export function relatedRecordNotFound(
  rootModel: string,
  call: string,
  detail: { target: string; relationName: string; relationType: string; operation: string; neededFor?: string },
): PrismaCompatError {
  const needed = detail.neededFor ? ` (needed to ${detail.neededFor})` : "";
  return new PrismaCompatError(
    "P2025",
    `Invalid \`${call}\` invocation: ${NOT_FOUND_TEXT} No '${detail.target}' record${needed} was found for ${detail.operation} on ${detail.relationType} relation '${detail.relationName}'.`,
    { modelName: rootModel, model: detail.target, relation: detail.relationName, relationType: detail.relationType, operation: detail.operation, ...(detail.neededFor ? { neededFor: detail.neededFor } : {}) },
  );
}

/** P2018: a nested connect or set found fewer rows than it was given. */
export function connectedRecordsNotFound(rootModel: string, call: string, d: { expected: number; found: number; operation: string; relationType: string; relationName: string }): PrismaCompatError {
  return new PrismaCompatError(
    "P2018",
    `Invalid \`${call}\` invocation: The required connected records were not found. Expected ${d.expected} records to be connected after ${d.operation} operation on ${d.relationType} relation '${d.relationName}', found ${d.found}.`,
    { modelName: rootModel, details: `Expected ${d.expected} records to be connected after ${d.operation} operation on ${d.relationType} relation '${d.relationName}', found ${d.found}.` },
  );
}

/** P2017: a nested delete named a row that is not connected to the parent. */
export function recordsNotConnected(rootModel: string, call: string, relationName: string, parent: string, child: string): PrismaCompatError {
  return new PrismaCompatError(
    "P2017",
    `Invalid \`${call}\` invocation: The records for relation \`${relationName}\` between the \`${parent}\` and \`${child}\` models are not connected.`,
    { modelName: rootModel, relation_name: relationName, parent_name: parent, child_name: child },
  );
}

/** P2028: an interactive transaction outlived its timeout or could not start within maxWait. */
export function transactionError(message: string): PrismaCompatError {
  return new PrismaCompatError("P2028", `Transaction API error: ${message}`, {});
}

const STATEMENT_MODEL = Symbol("compat.statementModel");

/** Marks a database error with the model whose table the failing statement wrote (innermost wins). */
export function tagStatementModel(error: unknown, model: string): unknown {
  if (error !== null && typeof error === "object" && !(STATEMENT_MODEL in error)) Object.defineProperty(error, STATEMENT_MODEL, { value: model });
  return error;
}

interface PgErrorLike {
  code: string;
  message: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
}

/** node-postgres' field names for an error from any driver: postgres.js says `constraint_name`, `table_name`, `column_name`. */
function withPgFieldNames(error: PgErrorLike & { constraint_name?: string; table_name?: string; column_name?: string }): PgErrorLike {
  return { ...error, code: error.code, message: error.message, constraint: error.constraint ?? error.constraint_name, table: error.table ?? error.table_name, column: error.column ?? error.column_name };
}

/** The PostgreSQL error in a driver/Drizzle error's cause chain, if any. */
export function findPgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const candidate = current as Partial<PgErrorLike> & { cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code) && typeof candidate.message === "string") return withPgFieldNames(candidate as PgErrorLike);
    current = candidate.cause;
  }
  return undefined;
}

const KIND_BY_SQLSTATE: Record<string, string> = {
  "23505": "UniqueConstraintViolation",
  "23503": "ForeignKeyConstraintViolation",
  "23001": "ForeignKeyConstraintViolation",
  "23502": "NullConstraintViolation",
  "22001": "LengthMismatch",
  "40001": "TransactionWriteConflict",
  "40P01": "TransactionWriteConflict",
};

/**
 * Turns an error from a query the facade ran into the error Prisma would have thrown.
 * Errors that are already Prisma-shaped (or compat's own) pass through unchanged.
 */
export function translateError(error: unknown, context: { model?: ModelMeta; call: string; raw?: boolean; schema?: { models: ReadonlyMap<string, ModelMeta> } }): unknown {
  if (error instanceof PrismaClientKnownRequestError || error instanceof PrismaClientValidationError || error instanceof CompatUnsupportedError) return error;
  if (error instanceof PrismaClientUnknownRequestError) return error;
  const pg = findPgError(error);
  if (!pg) return error;
  // Prisma names the model of the failing statement for unique violations (a nested create that
  // collides reports the nested model), and the called model for everything else.
  const tagged = pg.code === "23505" && error !== null && typeof error === "object" ? (error as { [STATEMENT_MODEL]?: string })[STATEMENT_MODEL] : undefined;
  const model = (tagged !== undefined ? context.schema?.models.get(tagged) : undefined) ?? context.model;
  const driverAdapterError = {
    name: "DriverAdapterError",
    cause: {
      originalCode: pg.code,
      originalMessage: pg.message,
      kind: KIND_BY_SQLSTATE[pg.code] ?? "postgres",
      ...(pg.constraint ? { constraint: { index: pg.constraint } } : {}),
      ...(pg.table ? { table: pg.table } : {}),
    },
  };
  const base = { ...(model ? { modelName: model.name } : {}), driverAdapterError };
  const prefix = `Invalid \`${context.call}\` invocation: `;
  if (context.raw) {
    return new PrismaCompatError("P2010", `${prefix}Raw query failed. Code: \`${pg.code}\`. Message: \`${pg.message}\``, { driverAdapterError }, error);
  }
  const fieldsOf = (constraint?: string): readonly string[] | undefined => (constraint && model ? model.constraintFields.get(constraint) : undefined);
  switch (pg.code) {
    case "23505": {
      const target = fieldsOf(pg.constraint) ?? (pg.constraint ? [pg.constraint] : []);
      return new PrismaCompatError("P2002", `${prefix}Unique constraint failed on the constraint: \`${pg.constraint ?? "unknown"}\``, { ...base, target }, error);
    }
    case "23503":
    case "23001":
      return new PrismaCompatError(
        "P2003",
        `${prefix}Foreign key constraint violated on the constraint: \`${pg.constraint ?? "unknown"}\``,
        { ...base, field_name: pg.constraint, ...(fieldsOf(pg.constraint) ? { target: fieldsOf(pg.constraint) } : {}) },
        error,
      );
    case "23502":
      return new PrismaCompatError("P2011", `${prefix}Null constraint violation on the fields: (\`${pg.column ?? "unknown"}\`)`, { ...base, constraint: pg.column ? [pg.column] : [] }, error);
    case "22001":
      return new PrismaCompatError("P2000", `${prefix}The provided value for the column is too long for the column's type.`, { ...base, column_name: pg.column }, error);
    case "40001":
    case "40P01":
      return new PrismaCompatError("P2034", `${prefix}Transaction failed due to a write conflict or a deadlock. Please retry your transaction`, base, error);
    default: {
      const unknown = new PrismaClientUnknownRequestError(`${prefix}${pg.message}`, { clientVersion: COMPAT_CLIENT_VERSION });
      Object.defineProperty(unknown, "cause", { value: error, enumerable: false, writable: true });
      return unknown;
    }
  }
}
