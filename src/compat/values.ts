/**
 * Values in and out, with Prisma's types: DateTime ↔ `Date` (timestamp(3) without time zone holds
 * UTC, as Prisma writes it), BigInt ↔ `bigint`, Json ↔ parsed JSON (with `Prisma.DbNull` /
 * `Prisma.JsonNull`), Decimal ↔ Prisma's `Decimal`. Decoding is done here rather than by the Drizzle
 * columns' own mappers because the facade must answer exactly as Prisma does whatever `mode` the
 * Drizzle column was declared with (a `bigint` column in "number" mode still returns `bigint`).
 */
import { Decimal, isAnyNull, isDbNull, isJsonNull, isObjectEnumValue } from "./prisma-runtime.ts";
import { invalid, unsupported } from "./errors.ts";
import type { ScalarField } from "./model-meta.ts";

/** Driver/JSON scalars (strings, numbers, bigints) as text. */
export function asText(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}

/** Turns a timestamp text from PostgreSQL (driver or JSON form) into a Date. */
export function parseTimestamp(text: string, withZone: boolean): Date {
  let iso = text.includes("T") ? text : text.replace(" ", "T");
  if (!withZone && !/(Z|[+-]\d\d(:?\d\d)?)$/.test(iso)) iso += "Z";
  // PostgreSQL writes "+00" or "+05:30"; Date wants "+00:00".
  iso = iso.replace(/([+-]\d\d)$/, "$1:00").replace(/([+-]\d\d)(\d\d)$/, "$1:$2");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`compat: cannot read timestamp "${text}"`);
  return date;
}

function hasTimeZone(field: ScalarField): boolean {
  return (field.column as unknown as { withTimezone?: boolean }).withTimezone === true;
}

function decodeOne(field: ScalarField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case "DateTime":
      return value instanceof Date ? value : parseTimestamp(asText(value), hasTimeZone(field));
    case "BigInt":
      return typeof value === "bigint" ? value : BigInt(value as string | number);
    case "Int":
    case "Float":
      return typeof value === "number" ? value : Number(value);
    case "Decimal":
      return new Decimal(asText(value));
    case "Boolean":
      return typeof value === "boolean" ? value : value === "t" || value === "true";
    default:
      return value;
  }
}

/**
 * Decodes a column value as the driver returned it (top-level rows) or as it appears inside a JSON
 * object the query built (nested relations). Lists are always selected as JSON arrays.
 */
export function decodeValue(field: ScalarField, value: unknown): unknown {
  if (field.type === "Unsupported") unsupported(`reading the ${field.columnType} column "${field.dbName}"`);
  if (value === null || value === undefined) return null;
  if (field.type === "Json") return value;
  if (field.isList) {
    const list = typeof value === "string" ? (JSON.parse(value) as unknown[]) : (value as unknown[]);
    return list.map((item) => decodeOne(field, item));
  }
  return decodeOne(field, value);
}

function encodeOne(field: ScalarField, value: unknown, call: string): unknown {
  if (value === null) return null;
  switch (field.type) {
    case "DateTime": {
      const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected DateTime.`);
      // An ISO string with "Z": PostgreSQL ignores the zone for timestamp without time zone, so
      // the UTC wall-clock time is stored, exactly as Prisma stores it.
      return date.toISOString();
    }
    case "BigInt":
      // Prisma takes a bigint, an integral number or a string of digits.
      if (typeof value === "string" && /^-?\d+$/.test(value)) return String(BigInt(value));
      if (typeof value !== "bigint" && !(typeof value === "number" && Number.isInteger(value))) invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected BigInt.`);
      return String(value);
    case "Int":
      if (typeof value !== "number" || !Number.isFinite(value)) invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Int.`);
      // Prisma truncates a float given for an Int toward zero (2.7 → 2, -2.7 → -2).
      return Math.trunc(value) + 0;
    case "Float":
      if (typeof value !== "number") invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Float.`);
      return value;
    case "Boolean":
      if (typeof value !== "boolean") invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Boolean.`);
      return value;
    case "Decimal":
      return value instanceof Decimal ? value.toString() : asText(value);
    case "String":
    case "Enum":
      if (typeof value !== "string") invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected String.`);
      return value;
    case "Json":
      return value;
    default:
      return unsupported(`writing the ${field.columnType} column "${field.dbName}"`);
  }
}

/**
 * Encodes a value the application passed for `field` into what the driver sends. Json values
 * become JSON text (`Prisma.JsonNull` is JSON `null`, `Prisma.DbNull` is SQL NULL).
 */
export function encodeValue(field: ScalarField, value: unknown, call: string): unknown {
  if (field.type === "Unsupported") unsupported(`writing the ${field.columnType} column "${field.dbName}"`);
  if (field.type === "Json") {
    if (isDbNull(value)) return null;
    if (isJsonNull(value)) return "null";
    if (isAnyNull(value)) invalid(call, `Argument \`${field.name}\`: Prisma.AnyNull is only valid in filters.`);
    if (value === null) invalid(call, `Argument \`${field.name}\`: null is not a valid Json value; use Prisma.JsonNull or Prisma.DbNull.`);
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  }
  if (value === null) {
    if (field.isRequired) invalid(call, `Argument \`${field.name}\` must not be null.`);
    return null;
  }
  if (isObjectEnumValue(value)) invalid(call, `Argument \`${field.name}\`: ${String(value)} is only valid for Json fields.`);
  if (field.isList) {
    if (!Array.isArray(value)) invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected a list.`);
    return value.map((item) => encodeOne(field, item, call));
  }
  return encodeOne(field, value, call);
}

/** Encodes a value for comparison with a Json field (filters): always JSON text. */
export function encodeJsonFilterValue(value: unknown): string {
  return JSON.stringify(value);
}
