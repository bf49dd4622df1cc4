/**
 * Errors the facade throws, shaped like Prisma Client's so application code keeps recognising them.
 *
 * - Database errors Prisma knows are {@link PrismaCompatError}: a subclass of Prisma's own
 *   `PrismaClientKnownRequestError` (the same class object the generated client exports, see
 *   prisma-runtime.ts), so `error instanceof Prisma.PrismaClientKnownRequestError`,
 *   `error.name === "PrismaClientKnownRequestError"` and `error.code === "P2002"` all hold.
 *   Database errors carry `meta.driverAdapterError`, a real `DriverAdapterError` built as Prisma's
 *   PostgreSQL adapter builds it (driver-error.ts), and `meta.modelName`; the code follows the
 *   error's kind as in Prisma's client: P2000, P2002, P2003, P2007, P2011, P2020, P2021, P2022,
 *   P2034, and `P2039` ("Database error") for every other PostgreSQL error. Raw queries: `P2010`.
 *   - `P2025` record required but not found (`*OrThrow`, update, delete, nested connect),
 *     `meta.modelName` and `meta.operation` ("a query", "an update", "a delete", ...).
 *   - `P2017`, `P2018`, `P2019`, `P2023`, `P2028`: the facade's own checks, with Prisma's `meta`
 *     (`P2028` also for a transaction client used after its transaction ended).
 * - Bad arguments are Prisma's own `PrismaClientValidationError`.
 * - Arguments or operations the facade cannot translate yet are {@link CompatUnsupportedError}
 *   (`compat: <feature> is not supported yet`): never ignored, never guessed.
 * - Errors that carry no PostgreSQL error (a dropped connection, a bug) pass through unchanged.
 */
import {
  PrismaClientKnownRequestError,
  PrismaClientUnknownRequestError,
  PrismaClientValidationError,
} from "./prisma-runtime.ts";
import { type PgErrorLike, knownErrorOf, toDriverAdapterError } from "./driver-error.ts";
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
  throw new PrismaClientValidationError(`Invalid \`${call}\` invocation: ${message}`, {
    clientVersion: COMPAT_CLIENT_VERSION,
  });
}

const NOT_FOUND_TEXT =
  "An operation failed because it depends on one or more records that were required but not found.";

/** P2025 for `*OrThrow`, update and delete. `operation` is Prisma's wording: "a query", "an update", "a delete". */
export function recordNotFound(model: ModelMeta, call: string, operation: string): PrismaCompatError {
  return new PrismaCompatError(
    "P2025",
    `Invalid \`${call}\` invocation: ${NOT_FOUND_TEXT} No record was found for ${operation}.`,
    { modelName: model.name, operation },
  );
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
    // Prisma always sets `neededFor`, null when the row was needed for nothing else.
    {
      modelName: rootModel,
      model: detail.target,
      relation: detail.relationName,
      relationType: detail.relationType,
      operation: detail.operation,
      neededFor: detail.neededFor ?? null,
    },
  );
}

/** P2025 for a connect (or set) through a many-to-many relation that names rows which do not exist. */
export function connectTargetsNotFound(
  rootModel: string,
  call: string,
  expected: number,
  found: number,
): PrismaCompatError {
  return new PrismaCompatError(
    "P2025",
    `Invalid \`${call}\` invocation: ${NOT_FOUND_TEXT} Expected ${expected} records to be connected, found only ${found}.`,
    { modelName: rootModel, expectedRows: expected },
  );
}

/** P2018: a nested connect or set found fewer rows than it was given. */
export function connectedRecordsNotFound(
  rootModel: string,
  call: string,
  d: { expected: number; found: number; operation: string; relationType: string; relationName: string },
): PrismaCompatError {
  return new PrismaCompatError(
    "P2018",
    `Invalid \`${call}\` invocation: The required connected records were not found. Expected ${d.expected} records to be connected after ${d.operation} operation on ${d.relationType} relation '${d.relationName}', found ${d.found}.`,
    { modelName: rootModel, expectedRows: d.expected, relation: d.relationName, relationType: d.relationType },
  );
}

/**
 * P2014: a nested write would leave rows of a required relation without their parent. Prisma
 * spells the meta keys in camelCase for a `set` or a 1-1 `connect`/`create` onto a taken side,
 * in snake_case for a `disconnect`.
 */
export function requiredRelationViolation(
  rootModel: string,
  call: string,
  d: { relationName: string; modelA: string; modelB: string; operation: "set" | "disconnect" | "connect" },
): PrismaCompatError {
  const meta =
    d.operation === "disconnect"
      ? { modelName: rootModel, relation_name: d.relationName, model_a_name: d.modelA, model_b_name: d.modelB }
      : { modelName: rootModel, relation: d.relationName, modelA: d.modelA, modelB: d.modelB };
  return new PrismaCompatError(
    "P2014",
    `Invalid \`${call}\` invocation: The change you are trying to make would violate the required relation '${d.relationName}' between the \`${d.modelA}\` and \`${d.modelB}\` models.`,
    meta,
  );
}

/** P2017: a nested delete named a row that is not connected to the parent. */
export function recordsNotConnected(
  rootModel: string,
  call: string,
  relationName: string,
  parent: string,
  child: string,
): PrismaCompatError {
  return new PrismaCompatError(
    "P2017",
    `Invalid \`${call}\` invocation: The records for relation \`${relationName}\` between the \`${parent}\` and \`${child}\` models are not connected.`,
    { modelName: rootModel, relation: relationName, parent, child },
  );
}

/** P2019: an argument Prisma's query planner rejects ("Input error"), e.g. `findFirst` with `take: 5`. */
export function inputError(model: ModelMeta, call: string, details: string): PrismaCompatError {
  return new PrismaCompatError("P2019", `Invalid \`${call}\` invocation: Input error. ${details}`, {
    modelName: model.name,
    details,
  });
}

/**
 * `$queryRawUnsafe` given several statements: there is no one list of rows to return (Prisma 7.10
 * fails with a TypeError from inside its adapter); `$executeRawUnsafe` runs them.
 */
export function severalStatements(call: string): PrismaClientUnknownRequestError {
  return new PrismaClientUnknownRequestError(
    `Invalid \`${call}\` invocation: the query holds several statements; run them with $executeRawUnsafe, or one at a time.`,
    { clientVersion: COMPAT_CLIENT_VERSION },
  );
}

/** P2028: an interactive transaction outlived its timeout or could not start within maxWait. */
export function transactionError(message: string): PrismaCompatError {
  return new PrismaCompatError("P2028", `Transaction API error: ${message}`, {});
}

/** P2023: `$transaction` was given an isolation level PostgreSQL does not have. */
export function unknownIsolationLevel(level: unknown): PrismaCompatError {
  return new PrismaCompatError(
    "P2023",
    `Inconsistent column data: Conversion failed: Invalid isolation level \`${String(level)}\``,
    { providedIsolationLevel: level },
  );
}

/** What P2028 reports about a transaction that is over: expired (timeout) or committed/rolled back. */
export type TransactionEndDetail =
  | { expired: true; operation: "query" | "commit"; timeout: number; timeTaken: number }
  | { expired: false; end: "committed" | "rolledBack" };

/**
 * A transaction client was used after its transaction ended. Internal: {@link translateError}
 * turns it into Prisma's P2028, naming the model of the refused operation as Prisma does.
 */
export class TransactionEndedError extends Error {
  constructor(readonly detail: TransactionEndDetail) {
    super("compat: the transaction has ended");
  }

  /** Prisma's P2028 for this refusal; `call` and `model` when a client operation was refused. */
  toPrisma(call?: string, model?: string): PrismaCompatError {
    const d = this.detail;
    const text = d.expired
      ? `A ${d.operation} cannot be executed on an expired transaction. The timeout for this transaction was ${d.timeout} ms, however ${d.timeTaken} ms passed since the start of the transaction. Consider increasing the interactive transaction timeout or doing less work in the transaction.`
      : `Transaction already closed: A query cannot be executed on ${d.end === "committed" ? "a committed transaction" : "a transaction that was rolled back"}.`;
    const meta = {
      ...(model ? { modelName: model } : {}),
      ...(d.expired ? { operation: d.operation, timeout: d.timeout, timeTaken: d.timeTaken } : {}),
    };
    return new PrismaCompatError(
      "P2028",
      `${call ? `Invalid \`${call}\` invocation: ` : ""}Transaction API error: ${text}`,
      meta,
    );
  }
}

const STATEMENT_MODEL = Symbol("compat.statementModel");

/** Marks a database error with the model whose table the failing statement wrote (innermost wins). */
export function tagStatementModel(error: unknown, model: string): unknown {
  if (error !== null && typeof error === "object" && !(STATEMENT_MODEL in error))
    Object.defineProperty(error, STATEMENT_MODEL, { value: model });
  return error;
}

/** node-postgres' field names for an error from any driver: postgres.js says `constraint_name`, `table_name`, `column_name`. */
function withPgFieldNames(
  error: PgErrorLike & { constraint_name?: string; table_name?: string; column_name?: string },
): PgErrorLike {
  return {
    ...error,
    code: error.code,
    message: error.message,
    constraint: error.constraint ?? error.constraint_name,
    table: error.table ?? error.table_name,
    column: error.column ?? error.column_name,
  };
}

/** The PostgreSQL error in a driver/Drizzle error's cause chain, if any. */
export function findPgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const candidate = current as Partial<PgErrorLike> & { cause?: unknown };
    if (
      typeof candidate.code === "string" &&
      /^[0-9A-Z]{5}$/.test(candidate.code) &&
      typeof candidate.message === "string"
    )
      return withPgFieldNames(candidate as PgErrorLike);
    current = candidate.cause;
  }
  return undefined;
}

/** Where a failed query came from: the call (for messages), its model, and whether it was raw SQL. */
export interface ErrorContext {
  model?: ModelMeta;
  call: string;
  raw?: boolean;
  schema?: { models: ReadonlyMap<string, ModelMeta> };
}

/**
 * Turns an error from a query the facade ran into the error Prisma would have thrown: the driver
 * error becomes a `DriverAdapterError` (as Prisma's adapter makes it), then a known request error
 * exactly as Prisma's client derives it — the kind's code (P2002, P2003, P2020, ...), `P2039`
 * "Database error" for any other PostgreSQL error, `P2010` for every error of a raw query.
 * Errors that are already Prisma-shaped (or compat's own) pass through unchanged.
 */
export function translateError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof TransactionEndedError)
    return error.toPrisma(context.call, context.raw ? undefined : context.model?.name);
  // Prisma names the model of a query refused by its transaction manager (P2028) too.
  if (
    error instanceof PrismaCompatError &&
    error.code === "P2028" &&
    context.model &&
    !context.raw &&
    error.meta?.modelName === undefined
  ) {
    return new PrismaCompatError(
      error.code,
      error.message,
      { modelName: context.model.name, ...error.meta },
      error.cause,
    );
  }
  if (
    error instanceof PrismaClientKnownRequestError ||
    error instanceof PrismaClientValidationError ||
    error instanceof CompatUnsupportedError
  )
    return error;
  if (error instanceof PrismaClientUnknownRequestError) return error;
  const pg = findPgError(error);
  if (!pg) return error;
  const driverAdapterError = toDriverAdapterError(pg);
  const cause = driverAdapterError.cause as unknown as Record<string, unknown>;
  const prefix = `Invalid \`${context.call}\` invocation: `;
  if (context.raw) {
    return new PrismaCompatError(
      "P2010",
      `${prefix}Raw query failed. Code: \`${pg.code}\`. Message: \`${pg.message}\``,
      { driverAdapterError },
      error,
    );
  }
  // Prisma names the model of the failing statement for unique violations (a nested create that
  // collides reports the nested model), and the called model for everything else.
  const tagged =
    pg.code === "23505" && error !== null && typeof error === "object"
      ? (error as { [STATEMENT_MODEL]?: string })[STATEMENT_MODEL]
      : undefined;
  const model = (tagged !== undefined ? context.schema?.models.get(tagged) : undefined) ?? context.model;
  const meta = { ...(model ? { modelName: model.name } : {}), driverAdapterError };
  const known = knownErrorOf(cause) ?? {
    code: "P2039",
    message: `Database error. Code: \`${pg.code}\`. Message: \`${pg.message}\``,
  };
  return new PrismaCompatError(known.code, `${prefix}${known.message}`, meta, error);
}
