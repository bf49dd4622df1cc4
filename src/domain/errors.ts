/**
 * The error model shared by every implementation. Codes, not classes, cross the repository
 * boundary: callers and tests switch on `error.code`, never on a driver's or ORM's error type.
 */

/** Every code a repository operation may fail with. */
export type DataErrorCode =
  /** The addressed row does not exist (or is not visible to the operation). */
  | "NOT_FOUND"
  /** A uniqueness rule would be broken (duplicate email, slug, membership, ...). */
  | "CONFLICT"
  /** The input was rejected before any query ran. */
  | "VALIDATION"
  /** The input is well-formed but a domain rule forbids the change (last owner, non-member). */
  | "FORBIDDEN"
  /** Anything else: a bug or an infrastructure failure. The `cause` carries the original. */
  | "INTERNAL";

/** The one error type repository operations throw. */
export class DataError extends Error {
  override readonly name = "DataError";
  /** Machine-readable reason; see {@link DataErrorCode}. */
  readonly code: DataErrorCode;
  /** Structured detail safe to show to a developer (field names, constraint names). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: DataErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a {@link DataError}, optionally with the given code. */
export function isDataError(error: unknown, code?: DataErrorCode): error is DataError {
  return error instanceof DataError && (code === undefined || error.code === code);
}

export const notFound = (entity: string, key: Record<string, unknown>): DataError =>
  new DataError("NOT_FOUND", `${entity} not found`, { details: { entity, ...key } });

export const conflict = (message: string, details: Record<string, unknown> = {}, cause?: unknown): DataError =>
  new DataError("CONFLICT", message, { details, cause });

export const forbidden = (message: string, details: Record<string, unknown> = {}): DataError =>
  new DataError("FORBIDDEN", message, { details });

export const validation = (field: string, message: string): DataError =>
  new DataError("VALIDATION", `${field}: ${message}`, { details: { field } });
