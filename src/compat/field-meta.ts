/**
 * A Drizzle column as the facade's scalar field (Prisma type, SQL type, defaults, enum labels), and
 * the names the facade derives from a binding. Shared by tables (model-meta.ts) and views
 * (view-meta.ts).
 */
import type { Column } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { EnumValueMap, ModelBinding, ScalarField, ScalarKind } from "./meta-types.ts";

const TYPE_BY_COLUMN: Record<string, ScalarKind> = {
  PgText: "String",
  PgVarchar: "String",
  PgChar: "String",
  PgUUID: "String",
  PgInteger: "Int",
  PgSmallInt: "Int",
  PgSerial: "Int",
  PgSmallSerial: "Int",
  PgBigInt53: "BigInt",
  PgBigInt64: "BigInt",
  PgBigSerial53: "BigInt",
  PgBigSerial64: "BigInt",
  PgDoublePrecision: "Float",
  PgReal: "Float",
  PgBoolean: "Boolean",
  PgTimestamp: "DateTime",
  PgTimestampString: "DateTime",
  PgJsonb: "Json",
  PgJson: "Json",
  PgEnumColumn: "Enum",
  PgEnumObjectColumn: "Enum",
  PgNumeric: "Decimal",
  PgNumericNumber: "Decimal",
  PgNumericBigInt: "Decimal",
  PgInet: "String",
  PgDate: "DateTime",
  PgDateString: "DateTime",
  PgTime: "DateTime",
};

/**
 * `customType` columns (schema:drizzle writes them for the types drizzle-orm has no builder for),
 * by SQL type: the Prisma type each stands for. Any other custom type is refused when used.
 */
const TYPE_BY_CUSTOM_SQL: Record<string, ScalarKind> = {
  bytea: "Bytes",
  citext: "String",
  xml: "String",
  bit: "String",
  "bit varying": "String",
  inet: "String",
  money: "Decimal",
  oid: "Int",
};

/** The column internals the facade reads (not in drizzle-orm's public types). */
export interface DrizzleColumnInternals {
  columnType: string;
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  default?: unknown;
  defaultFn?: () => unknown;
  onUpdateFn?: () => unknown;
  primary: boolean;
  isUnique: boolean;
  generatedIdentity?: { type: "always" | "byDefault" };
  uniqueName?: string;
  baseColumn?: DrizzleColumnInternals;
  enum?: { enumName: string };
  getSQLType(): string;
}

function typeOf(base: DrizzleColumnInternals, sqlType: string): ScalarKind {
  if (base.columnType === "PgCustomColumn") return TYPE_BY_CUSTOM_SQL[sqlType] ?? "Unsupported";
  return TYPE_BY_COLUMN[base.columnType] ?? "Unsupported";
}

/** `money`, `bit varying`, `time` for `money`, `bit varying(16)`, `time(4) with time zone`, `bytea[]`. */
function baseSqlType(column: DrizzleColumnInternals): string {
  return column
    .getSQLType()
    .toLowerCase()
    .replace(/\[\d*\]$/, "")
    .replace(/\s*\(.*?\)/, "")
    .replace(/ with(out)? time zone$/, "")
    .trim();
}

function enumValueMap(name: string, values: Readonly<Record<string, string>>): EnumValueMap {
  const entries = Object.entries(values);
  return { name, toDb: new Map(entries), fromDb: new Map(entries.map(([prisma, db]) => [db, prisma])) };
}

/** One column as the facade's scalar field (`enumValues`: the database labels of a `@map`'d enum). */
export function describeScalar(
  name: string,
  column: Column,
  enumValues?: Readonly<Record<string, string>>,
): ScalarField {
  const c = column as unknown as DrizzleColumnInternals;
  const isList = c.columnType === "PgArray";
  const base = isList && c.baseColumn ? c.baseColumn : c;
  const sqlType = baseSqlType(base);
  const type = typeOf(base, sqlType);
  return {
    kind: "scalar",
    name,
    dbName: c.name,
    type,
    isList,
    isRequired: c.notNull,
    column: column as AnyPgColumn,
    columnType: base.columnType,
    sqlType,
    enumName: base.enum?.enumName,
    enumValues: enumValues && type === "Enum" ? enumValueMap(base.enum?.enumName ?? name, enumValues) : undefined,
    defaultFn: c.defaultFn,
    // Drizzle also calls $onUpdate on insert when there is no default; the facade does the same.
    onUpdateFn: c.onUpdateFn,
    hasDbDefault: c.hasDefault && c.defaultFn === undefined,
    defaultsToNow: type === "DateTime" && c.hasDefault && isNowDefault(c.default),
    isAutoincrement: SERIAL_COLUMNS.has(base.columnType) || c.generatedIdentity !== undefined,
  };
}

const SERIAL_COLUMNS = new Set(["PgSerial", "PgSmallSerial", "PgBigSerial53", "PgBigSerial64"]);

function isNowDefault(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const chunks = (value as { queryChunks?: unknown[] }).queryChunks;
  const text = Array.isArray(chunks)
    ? chunks
        .map((chunk) => (typeof chunk === "string" ? chunk : ((chunk as { value?: unknown[] }).value ?? []).join("")))
        .join("")
    : typeof value === "string"
      ? value
      : "";
  return /^\s*(now\(\)|current_timestamp)\s*$/i.test(text);
}

/** Prisma's client property for a model name (`AuditLog` → `auditLog`). */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The `name:` schema.prisma gave the compound key over exactly `fields`, if any. */
export function compoundKeyName(binding: ModelBinding, fields: readonly string[]): string | undefined {
  if (fields.length < 2) return undefined;
  return Object.entries(binding.compoundKeys ?? {}).find(([, keyFields]) => keyFields.join() === fields.join())?.[0];
}
