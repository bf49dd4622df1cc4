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

/**
 * `2026-01-01 12:00:00.123` (driver) or `2026-01-01T12:00:00.123` (JSON): the same ISO text the
 * general path below builds for it, ending in `Z`.
 */
const PLAIN_TIMESTAMP = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?$/;

/**
 * A `timestamp`, `timestamptz` or `date` as PostgreSQL prints it (ISO DateStyle). Years beyond 9999
 * and BC years are read into the Date they denote (JavaScript's expanded years), where Prisma 7.10
 * returns an Invalid Date: a deliberate divergence (docs/compat.md). `infinity` and `-infinity`
 * have no Date: they read as an Invalid Date, as in Prisma.
 */
export function parseTimestamp(text: string): Date {
  // Most values are a four-digit year without a zone: they need none of the rewriting below.
  if (PLAIN_TIMESTAMP.test(text)) {
    const date = new Date(`${text.slice(0, 10)}T${text.slice(11)}Z`);
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (text === "infinity" || text === "-infinity") return new Date(Number.NaN);
  const bc = text.endsWith(" BC");
  const body = bc ? text.slice(0, -3) : text;
  const match = body.match(/^(\d+)(-\d\d-\d\d)(?:[ T](.*))?$/);
  if (!match) throw new Error(`compat: cannot read timestamp "${text}"`);
  // Year N BC is astronomical year 1 - N (there is no year 0 in PostgreSQL's output).
  const year = bc ? 1 - Number(match[1]) : Number(match[1]);
  const expanded =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, "0")
      : `${year < 0 ? "-" : "+"}${String(Math.abs(year)).padStart(6, "0")}`;
  let iso = `${expanded}${match[2]}T${match[3] ?? "00:00:00"}`;
  // A timestamp without a zone (and a date) is UTC, as Prisma reads it.
  if (!/(Z|[+-]\d\d(:?\d\d)?)$/.test(iso)) iso += "Z";
  // PostgreSQL writes "+00" or "+05:30"; Date wants "+00:00".
  iso = iso.replace(/([+-]\d\d)$/, "$1:00").replace(/([+-]\d\d)(\d\d)$/, "$1:$2");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`compat: cannot read timestamp "${text}"`);
  return date;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * A Date parameter as Prisma's PostgreSQL adapter writes it (`2026-01-01 12:00:00.123`, UTC, the
 * milliseconds only when there are some), so the database sees, and reports in its errors, the
 * same text. `withZone` adds an explicit `+00` where the value may meet a `timestamptz`: Prisma
 * leaves it out, so a `timestamptz` reads the instant in the session's time zone (wrong in a
 * non-UTC session); `timestamp`, `date` and `time` ignore it.
 */
export function dateParamText(date: Date, withZone: boolean): string {
  const ms = date.getUTCMilliseconds();
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ""}`;
  return `${day} ${time}${withZone ? "+00" : ""}`;
}

function hasTimeZone(field: ScalarField): boolean {
  return (field.column as unknown as { withTimezone?: boolean }).withTimezone === true;
}

/**
 * A `time` or `timetz` value as Prisma returns it: a Date on 1970-01-01 UTC with that wall-clock
 * time, to the millisecond; a `timetz` offset is dropped, as Prisma drops it.
 */
export function timeOfDay(text: string): Date {
  const match = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`compat: cannot read time "${text}"`);
  const ms = Number((match[4] ?? "0").padEnd(3, "0").slice(0, 3));
  return new Date(Date.UTC(1970, 0, 1, Number(match[1]), Number(match[2]), Number(match[3]), ms));
}

/** A `money` value (`$1,234.50`, `-$12.50`, `($12.50)`) as a Decimal, the currency's formatting removed. */
export function money(text: string): Decimal {
  const negative = text.includes("-") || /^\(.*\)$/.test(text.trim());
  const digits = text.replace(/[^0-9.]/g, "");
  return new Decimal(negative ? `-${digits}` : digits);
}

/**
 * bytea as Prisma returns it: a plain Uint8Array, from the driver's Buffer or from the `\x…` hex
 * text PostgreSQL writes for bytea inside JSON.
 */
export function bytesValue(value: unknown): Uint8Array {
  if (typeof value === "string")
    return new Uint8Array(Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex"));
  return new Uint8Array(value as Uint8Array);
}

function decodeDateTime(field: ScalarField, value: unknown): Date {
  if (value instanceof Date) return value;
  // `time`/`timetz` hold a time of day; `timestamp`, `timestamptz` and `date` a point in time.
  return field.sqlType === "time" ? timeOfDay(asText(value)) : parseTimestamp(asText(value));
}

function decodeOne(field: ScalarField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case "DateTime":
      return decodeDateTime(field, value);
    case "Bytes":
      return bytesValue(value);
    case "Enum":
      return field.enumValues?.fromDb.get(asText(value)) ?? value;
    case "BigInt":
      return typeof value === "bigint" ? value : BigInt(value as string | number);
    case "Int":
    case "Float":
      return typeof value === "number" ? value : Number(value);
    case "Decimal":
      return field.sqlType === "money" ? money(asText(value)) : new Decimal(asText(value));
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
  // Prisma lists cannot be null: a NULL array column (written outside Prisma) reads as [].
  if (value === null || value === undefined) return field.isList ? [] : null;
  if (field.type === "Json") return value;
  if (field.isList) {
    const list = typeof value === "string" ? (JSON.parse(value) as unknown[]) : (value as unknown[]);
    return list.map((item) => decodeOne(field, item));
  }
  return decodeOne(field, value);
}

/** Whether `value` is one of the Enum field's values (Prisma's names), as the schema declares them. */
function isEnumValue(field: ScalarField, value: string): boolean {
  if (field.enumValues) return field.enumValues.toDb.has(value);
  const column = field.column as unknown as { enumValues?: string[]; baseColumn?: { enumValues?: string[] } };
  const values = field.isList ? column.baseColumn?.enumValues : column.enumValues;
  // A column that does not list its values is left to the database to check.
  return values === undefined || values.length === 0 || values.includes(value);
}

/** RFC 3339 date-time: a date, `T`/`t`/space, a time with seconds, optional fraction, and a zone. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * A DateTime given as a string, as Prisma accepts it: RFC 3339 with a time zone. JavaScript's
 * `Date` parser is far looser (a zone-less string is local time, a date alone is UTC midnight);
 * Prisma refuses those, and so does the facade (undefined here), never reading them differently.
 */
function parseDateTimeArgument(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59)
    return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  // Milliseconds are what a Date (and timestamp(3)) keeps: further digits are cut, not rounded.
  const fraction = (m[7] ?? ".0").slice(1, 4).padEnd(3, "0");
  const zone = m[8]!.toUpperCase();
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function encodeOne(field: ScalarField, value: unknown, call: string): unknown {
  if (value === null) return null;
  switch (field.type) {
    case "DateTime": {
      const date = value instanceof Date ? value : typeof value === "string" ? parseDateTimeArgument(value) : undefined;
      if (!date || Number.isNaN(date.getTime()))
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected DateTime.`);
      // The UTC wall-clock time, as Prisma stores it in `timestamp`; with the zone for `timestamptz`.
      return dateParamText(date, hasTimeZone(field));
    }
    case "BigInt":
      // Prisma takes a bigint, an integral number or a string of digits.
      if (typeof value === "string" && /^-?\d+$/.test(value)) return String(BigInt(value));
      if (typeof value !== "bigint" && !(typeof value === "number" && Number.isInteger(value)))
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected BigInt.`);
      return String(value);
    case "Int":
      if (typeof value !== "number" || !Number.isFinite(value))
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Int.`);
      // Prisma truncates a float given for an Int toward zero (2.7 → 2, -2.7 → -2).
      return Math.trunc(value) + 0;
    case "Float":
      if (typeof value !== "number")
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Float.`);
      return value;
    case "Boolean":
      if (typeof value !== "boolean")
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Boolean.`);
      return value;
    case "Decimal":
      return value instanceof Decimal ? value.toString() : asText(value);
    case "String":
      if (typeof value !== "string")
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected String.`);
      return value;
    case "Enum":
      // Prisma checks enum values against the schema before any SQL runs (a validation error).
      if (typeof value !== "string" || !isEnumValue(field, value))
        invalid(call, `Invalid value for argument \`${field.name}\`. Expected ${field.enumName ?? "an enum value"}.`);
      // A `@map`'d value: the database holds its label.
      return field.enumValues?.toDb.get(value) ?? value;
    case "Bytes":
      // Prisma takes bytes, or a string as their base64 (its JSON protocol's form).
      if (typeof value === "string") return Buffer.from(value, "base64");
      if (!(value instanceof Uint8Array))
        invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected Bytes.`);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    case "Json":
      return value;
    default:
      return unsupported(`writing the ${field.columnType} column "${field.dbName}"`);
  }
}

/**
 * Encodes a value the application passed for `field` into what the driver sends. Json values
 * become JSON text; a Json list becomes an array of JSON texts (a `jsonb[]` parameter).
 */
export function encodeValue(field: ScalarField, value: unknown, call: string): unknown {
  if (field.type === "Unsupported") unsupported(`writing the ${field.columnType} column "${field.dbName}"`);
  if (field.type === "Json") return field.isList ? encodeJsonList(field, value, call) : encodeJson(field, value, call);
  // Prisma's list fields are never null, nor are their elements: it refuses both, so must the facade.
  if (value === null) {
    if (field.isRequired || field.isList) invalid(call, `Argument \`${field.name}\` must not be null.`);
    return null;
  }
  if (isObjectEnumValue(value))
    invalid(call, `Argument \`${field.name}\`: ${String(value)} is only valid for Json fields.`);
  if (field.isList) {
    if (!Array.isArray(value)) invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected a list.`);
    if (value.some((item) => item === null || item === undefined))
      invalid(call, `Argument \`${field.name}\`: Invalid value provided. A list element must not be null.`);
    return value.map((item) => encodeOne(field, item, call));
  }
  return encodeOne(field, value, call);
}

/**
 * One Json value as Prisma 7 writes it: a plain `null` and `Prisma.JsonNull` are JSON `null` (on
 * required and optional fields alike), `Prisma.DbNull` is SQL NULL and only valid where the field
 * is optional; `Prisma.AnyNull` is a filter value only.
 */
function encodeJson(field: ScalarField, value: unknown, call: string): string | null {
  if (isDbNull(value)) {
    if (field.isRequired) invalid(call, `Invalid value for argument \`${field.name}\`. Expected JsonNullValueInput.`);
    return null;
  }
  if (value === null || isJsonNull(value)) return "null";
  if (isAnyNull(value)) invalid(call, `Argument \`${field.name}\`: Prisma.AnyNull is only valid in filters.`);
  return jsonText(value);
}

/** A Json list: each element is JSON text (a `null` element is JSON `null`), the list one array. */
function encodeJsonList(field: ScalarField, value: unknown, call: string): string[] {
  if (!Array.isArray(value)) invalid(call, `Argument \`${field.name}\`: Invalid value provided. Expected a list.`);
  return value.map((item: unknown) => {
    if (isObjectEnumValue(item))
      invalid(call, `Argument \`${field.name}\`: ${String(item)} is not valid in a list of Json values.`);
    return item === null ? "null" : jsonText(item);
  });
}

/** JSON text of an application value (a bigint is written as its decimal string). */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/**
 * Encodes the list inside a list operation or list filter (`{ set: [...] }`, `{ push: [...] }`,
 * `hasSome`, `hasEvery`, `equals`). Prisma 7.10 writes and compares each `Uint8Array` element of
 * a Bytes list given this way as the UTF-8 bytes of its base64 text (`[Uint8Array [0xca, 0x35]]`
 * is stored as the bytes of "yjU="), unlike a list given directly; a base64 string element is
 * decoded as usual. The facade does what Prisma does. Other element types are encoded as usual.
 */
export function encodeListOperand(field: ScalarField, value: unknown, call: string): unknown {
  const encoded = encodeValue(field, value, call); // validates every element
  if (field.type !== "Bytes" || !Array.isArray(value) || !value.every((item) => item instanceof Uint8Array))
    return encoded;
  return value.map((item: Uint8Array) => Buffer.from(Buffer.from(item).toString("base64"), "utf8"));
}

/** Encodes a value for comparison with a Json field (filters): always JSON text. */
export function encodeJsonFilterValue(value: unknown): string {
  return JSON.stringify(value);
}
