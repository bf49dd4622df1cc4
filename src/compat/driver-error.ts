/**
 * PostgreSQL errors as Prisma 7's driver adapters report them: a real `DriverAdapterError` (the
 * class of `@prisma/driver-adapter-utils`, what `meta.driverAdapterError` holds in Prisma's errors)
 * whose `cause` names the error `kind` and the fields that kind carries. The shapes follow what
 * `@prisma/adapter-pg` 7.10 produced for the same SQLSTATEs in the differential test; they are
 * what application code reads (`cause.constraint.index`, `cause.originalCode`).
 */
import { DriverAdapterError } from "@prisma/driver-adapter-utils";

/** The fields of a node-postgres (or Neon) `DatabaseError` the mapping reads. */
export interface PgErrorLike {
  code: string;
  message: string;
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
  hint?: string;
}

/** `Key (a, b)=(...)` in a violation's detail: the columns involved. */
function keyColumns(detail: string | undefined): string[] | undefined {
  return detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(", ");
}

function uniqueCause(pg: PgErrorLike): Record<string, unknown> {
  const fields = keyColumns(pg.detail);
  const constraint = pg.constraint ? { index: pg.constraint } : fields ? { fields } : undefined;
  return { kind: "UniqueConstraintViolation", constraint, table: pg.table };
}

function foreignKeyCause(pg: PgErrorLike, kind: string): Record<string, unknown> {
  const constraint = pg.column ? { fields: [pg.column] } : pg.constraint ? { index: pg.constraint } : undefined;
  return { kind, constraint };
}

/** The quoted name in messages such as `relation "x" does not exist`. */
function quotedName(message: string): string | undefined {
  return message.match(/"((?:[^"]|"")*)"/)?.[1];
}

/** Kind-specific fields, by SQLSTATE; anything unlisted is the generic `postgres` kind. */
const CAUSE_BY_SQLSTATE: Record<string, (pg: PgErrorLike) => Record<string, unknown>> = {
  "22001": (pg) => ({ kind: "LengthMismatch", column: pg.column }),
  "22003": (pg) => ({ kind: "ValueOutOfRange", cause: pg.message }),
  "22P02": (pg) => ({ kind: "InvalidInputValue", message: pg.message }),
  "23505": uniqueCause,
  "23502": (pg) => {
    const fields = keyColumns(pg.detail);
    return { kind: "NullConstraintViolation", constraint: fields ? { fields } : undefined };
  },
  "23503": (pg) => foreignKeyCause(pg, "ForeignKeyConstraintViolation"),
  "23001": (pg) => foreignKeyCause(pg, "RestrictViolation"),
  "40001": () => ({ kind: "TransactionWriteConflict" }),
  "40P01": () => ({ kind: "TransactionWriteConflict" }),
  "42P01": (pg) => ({ kind: "TableDoesNotExist", table: quotedName(pg.message) }),
  "42703": (pg) => ({
    kind: "ColumnNotFound",
    column: pg.message
      .match(/^column (.+) does not exist$/)?.[1]
      ?.replace(/"((?:""|[^"])*)"/g, (_m, id: string) => id.replaceAll('""', '"')),
  }),
  "53300": (pg) => ({ kind: "TooManyConnections", cause: pg.message }),
};

function genericCause(pg: PgErrorLike): Record<string, unknown> {
  return {
    kind: "postgres",
    code: pg.code,
    severity: pg.severity ?? "N/A",
    message: pg.message,
    detail: pg.detail,
    column: pg.column,
    hint: pg.hint,
  };
}

/** The `DriverAdapterError` Prisma's PostgreSQL adapter would have raised for `pg`. */
export function toDriverAdapterError(pg: PgErrorLike): DriverAdapterError {
  const fields = (CAUSE_BY_SQLSTATE[pg.code] ?? genericCause)(pg);
  return new DriverAdapterError({
    originalCode: pg.code,
    originalMessage: pg.message,
    ...fields,
  } as ConstructorParameters<typeof DriverAdapterError>[0]);
}

/** What Prisma's client makes of a driver error kind: the known code and its message, if any. */
export function knownErrorOf(cause: Record<string, unknown>): { code: string; message: string } | undefined {
  const constraint = describeConstraint(cause.constraint);
  switch (cause.kind) {
    case "LengthMismatch":
      return {
        code: "P2000",
        message: `The provided value for the column is too long for the column's type. Column: ${(cause.column as string | undefined) ?? "(not available)"}`,
      };
    case "UniqueConstraintViolation":
      return { code: "P2002", message: `Unique constraint failed on the ${constraint}` };
    case "ForeignKeyConstraintViolation":
    case "RestrictViolation":
      return { code: "P2003", message: `Foreign key constraint violated on the ${constraint}` };
    case "InvalidInputValue":
      return { code: "P2007", message: `Invalid input value: ${String(cause.message)}` };
    case "NullConstraintViolation":
      return { code: "P2011", message: `Null constraint violation on the ${constraint}` };
    case "ValueOutOfRange":
      return { code: "P2020", message: `Value out of range for the type: ${String(cause.cause)}` };
    case "TableDoesNotExist":
      return {
        code: "P2021",
        message: `The table \`${(cause.table as string | undefined) ?? "(not available)"}\` does not exist in the current database.`,
      };
    case "ColumnNotFound":
      return {
        code: "P2022",
        message: `The column \`${(cause.column as string | undefined) ?? "(not available)"}\` does not exist in the current database.`,
      };
    case "TransactionWriteConflict":
      return {
        code: "P2034",
        message: "Transaction failed due to a write conflict or a deadlock. Please retry your transaction",
      };
    case "TooManyConnections":
      return { code: "P2037", message: `Too many database connections opened: ${String(cause.cause)}` };
    default:
      return undefined;
  }
}

function describeConstraint(constraint: unknown): string {
  const c = constraint as { fields?: string[]; index?: string } | undefined;
  if (c?.fields) return `fields: (${c.fields.map((f) => `\`${f}\``).join(", ")})`;
  if (c?.index) return `constraint: \`${c.index}\``;
  return "(not available)";
}
