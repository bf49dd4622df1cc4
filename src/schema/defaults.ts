/**
 * `@default(...)` and `@updatedAt` as Drizzle column modifiers. What Prisma does in the database
 * (constants, `now()`, `dbgenerated()`, `autoincrement()`) becomes a database default written as
 * the SQL Prisma Migrate writes, so the column's default is the same expression; what Prisma does
 * in its client (`cuid()`, `uuid()`, `nanoid()`, `ulid()`, `@updatedAt`, and the client clock for
 * `now()`) becomes `$defaultFn`/`$onUpdate`, so rows written through Drizzle get the same kind of
 * value.
 */
import type { DmmfDefault, DmmfField } from "./dmmf.ts";

/** Modifiers to append to a column builder, and what they need from the generated file. */
export interface DefaultCode {
  readonly modifiers: string;
  readonly helpers: readonly string[];
  /** Needs `sql` from drizzle-orm. */
  readonly usesSql: boolean;
  /** Needs `cuid` from @bugsnag/cuid, or `randomUUID` from node:crypto. */
  readonly usesCuid: boolean;
  readonly usesRandomUuid: boolean;
}

/** Thrown for a default the generator does not know (names the function). */
export class UnsupportedDefaultError extends Error {}

type Call = { readonly name: string; readonly args: readonly (string | number)[] };
const isCall = (value: DmmfDefault | undefined): value is Call =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An SQL text as a Drizzle `sql` expression: a template when that is safe to read, else `sql.raw`. */
export function sqlExpression(text: string): string {
  return /[`\\]|\$\{/.test(text) ? `sql.raw(${JSON.stringify(text)})` : `sql\`${text}\``;
}

/** A PostgreSQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The default's modifiers for `field`, whose column SQL type is `sqlType` and whose enum (if any)
 * maps Prisma value names to database values.
 */
export function defaultCode(field: DmmfField, sqlType: string, enumValues?: ReadonlyMap<string, string>): DefaultCode {
  const out = { modifiers: "", helpers: [] as string[], usesSql: false, usesCuid: false, usesRandomUuid: false };
  const value = field.default;
  if (isCall(value)) callDefault(field, value, out);
  else if (value !== undefined && typedConstant(field, value, enumValues) !== undefined) {
    out.modifiers += `.default(${typedConstant(field, value, enumValues)})`;
  } else if (value !== undefined) {
    const text = constantSql(field, value, sqlType, enumValues);
    out.modifiers += `.default(${sqlExpression(text)})`;
    out.usesSql = true;
  }
  if (field.isUpdatedAt) out.modifiers += `.$defaultFn(() => ${clock(field)}).$onUpdate(() => ${clock(field)})`;
  return out;
}

/**
 * The client clock as the column's Drizzle type takes it: a `Date`, except for `@db.Time`/`Timetz`
 * columns, which drizzle-orm reads and writes as strings: the UTC time of day, as Prisma treats
 * every DateTime as UTC.
 */
function clock(field: DmmfField): string {
  const native = field.nativeType?.[0];
  return native === "Time" || native === "Timetz" ? "new Date().toISOString().slice(11, 23)" : "new Date()";
}

function callDefault(
  field: DmmfField,
  call: Call,
  out: { modifiers: string; helpers: string[]; usesSql: boolean; usesCuid: boolean; usesRandomUuid: boolean },
): void {
  const version = call.args[0];
  switch (call.name) {
    case "autoincrement":
      return; // the column is a serial type (column-types.ts)
    case "now":
      // Database default for the DDL, client clock for inserts, as Prisma (see src/drizzle/schema.ts).
      out.modifiers += `.default(sql\`CURRENT_TIMESTAMP\`).$defaultFn(() => ${clock(field)})`;
      out.usesSql = true;
      return;
    case "dbgenerated":
      if (typeof version === "string") {
        out.modifiers += `.default(${sqlExpression(version)})`;
        out.usesSql = true;
      }
      return; // dbgenerated() without an expression: Prisma writes no default either
    case "cuid":
      if (version === 2) {
        out.modifiers += ".$defaultFn(cuid2)";
        out.helpers.push("cuid2");
      } else {
        out.modifiers += ".$defaultFn(() => cuid())";
        out.usesCuid = true;
      }
      return;
    case "uuid":
      if (version === 7) {
        out.modifiers += ".$defaultFn(uuidv7)";
        out.helpers.push("uuidv7");
      } else {
        out.modifiers += ".$defaultFn(() => randomUUID())";
        out.usesRandomUuid = true;
      }
      return;
    case "nanoid":
      out.modifiers += `.$defaultFn(() => nanoid(${typeof version === "number" ? version : ""}))`;
      out.helpers.push("nanoid");
      return;
    case "ulid":
      out.modifiers += ".$defaultFn(ulid)";
      out.helpers.push("ulid");
      return;
    default:
      throw new UnsupportedDefaultError(`@default(${call.name}(${call.args.join(", ")})) on ${field.name}`);
  }
}

/**
 * A constant as a typed `.default(...)` argument, for the kinds whose drizzle-kit DDL is the SQL
 * Prisma writes (the parity fixtures prove each); undefined for the rest, written as SQL instead.
 */
function typedConstant(
  field: DmmfField,
  value: DmmfDefault,
  enumValues?: ReadonlyMap<string, string>,
): string | undefined {
  if (Array.isArray(value) || typeof value === "object") return undefined;
  if (field.kind === "enum") return JSON.stringify(enumValues?.get(String(value)) ?? String(value));
  switch (field.type) {
    case "Int":
    case "Float":
    case "Boolean":
      return String(value);
    case "String":
      return JSON.stringify(String(value));
    default:
      return undefined;
  }
}

/** A constant (or list of constants) as the SQL Prisma writes for it. */
function constantSql(
  field: DmmfField,
  value: DmmfDefault,
  sqlType: string,
  enumValues?: ReadonlyMap<string, string>,
): string {
  if (Array.isArray(value)) {
    const items = (value as readonly (string | number | boolean)[]).map((item) => scalarSql(field, item, enumValues));
    return `ARRAY[${items.join(", ")}]::${sqlType}[]`;
  }
  return scalarSql(field, value as string | number | boolean, enumValues);
}

function scalarSql(
  field: DmmfField,
  value: string | number | boolean,
  enumValues?: ReadonlyMap<string, string>,
): string {
  if (field.kind === "enum") return sqlString(enumValues?.get(String(value)) ?? String(value));
  switch (field.type) {
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
    case "Boolean":
      return String(value);
    case "Bytes":
      // The DMMF gives base64; Prisma writes the bytes in bytea's hex form.
      return sqlString(`\\x${Buffer.from(String(value), "base64").toString("hex")}`);
    default:
      // String, DateTime (ISO text with offset), Json (its text): quoted literals.
      return sqlString(String(value));
  }
}
