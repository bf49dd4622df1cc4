/**
 * `$queryRaw` / `$executeRaw` (tagged templates or `Prisma.sql` objects) and their `Unsafe`
 * variants, run through Drizzle. Values are bound as parameters, never spliced into the text.
 * Results are typed like Prisma's: int8 and oid → bigint, numeric and money → Decimal,
 * timestamp/date/time/timetz → Date, bytea → Uint8Array.
 */
import { Decimal, Sql } from "./prisma-runtime.ts";
import { type SQL, sql } from "drizzle-orm";
import { parsePgArray } from "drizzle-orm/pg-core";
import { invalid } from "./errors.ts";
import type { RawResult, Row } from "./executor.ts";
import { bind } from "./sql-util.ts";
import { asText, dateParamText, money, parseTimestamp, timeOfDay } from "./values.ts";

/** A parameter as the driver should receive it. */
function encodeRawValue(value: unknown): unknown {
  // With the zone: a raw query may compare it with a timestamptz (see dateParamText).
  if (value instanceof Date) return dateParamText(value, true);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Decimal) return value.toString();
  if (Array.isArray(value)) return value.map(encodeRawValue);
  return value;
}

function fromParts(strings: readonly string[], values: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  strings.forEach((text, i) => {
    chunks.push(sql.raw(text));
    if (i < values.length) chunks.push(sql`${bind(encodeRawValue(values[i]))}`);
  });
  return sql.join(chunks);
}

/** The query of a tagged-template call (`$queryRaw\`...\``) or of a `Prisma.sql` object. */
export function templateQuery(call: string, first: unknown, values: unknown[]): SQL {
  if (
    first instanceof Sql ||
    (first !== null && typeof first === "object" && "strings" in first && "values" in first && !Array.isArray(first))
  ) {
    const s = first as { strings: string[]; values: unknown[] };
    const flat = new Sql(s.strings, s.values);
    return fromParts(flat.strings, flat.values);
  }
  if (!Array.isArray(first))
    invalid(call, "expected a tagged template or a Prisma.sql query; use the Unsafe variant for plain strings.");
  const flat = new Sql(first as string[], values);
  return fromParts(flat.strings, flat.values);
}

/**
 * The query of an `Unsafe` call: `$1`, `$2`, ... placeholders outside string literals, quoted
 * identifiers, dollar-quoted bodies and comments become bound parameters.
 */
export function unsafeQuery(call: string, text: unknown, values: unknown[]): SQL {
  if (typeof text !== "string") invalid(call, "the query must be a string.");
  const strings: string[] = [];
  const order: number[] = [];
  let current = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i);
    let skip: RegExpMatchArray | null = null;
    if (c === "'") skip = rest.match(/^'(?:[^']|'')*'/);
    else if (c === '"') skip = rest.match(/^"(?:[^"]|"")*"/);
    else if (c === "-" && rest.startsWith("--")) skip = rest.match(/^--[^\n]*/);
    else if (c === "/" && rest.startsWith("/*")) skip = rest.match(/^\/\*[\s\S]*?\*\//);
    else if (c === "$") {
      const tag = rest.match(/^\$([A-Za-z_][A-Za-z0-9_]*)?\$/);
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        skip = [end < 0 ? rest : text.slice(i, end + tag[0].length)] as RegExpMatchArray;
      } else {
        const placeholder = rest.match(/^\$(\d+)/);
        if (placeholder) {
          const index = Number(placeholder[1]) - 1;
          if (index < 0 || index >= values.length) invalid(call, `placeholder ${placeholder[0]} has no value.`);
          strings.push(current);
          order.push(index);
          current = "";
          i += placeholder[0].length;
          continue;
        }
      }
    }
    const taken = skip?.[0] ?? c;
    current += taken;
    i += taken.length;
  }
  strings.push(current);
  return fromParts(
    strings,
    order.map((index) => values[index]),
  );
}

const INT8 = 20;
const INT8_ARRAY = 1016;
const NUMERIC = 1700;
const NUMERIC_ARRAY = 1231;
const TIMESTAMP = 1114;
const TIMESTAMP_ARRAY = 1115;
const TIMESTAMPTZ = 1184;
const TIMESTAMPTZ_ARRAY = 1185;
const DATE = 1082;
const DATE_ARRAY = 1182;
const TIME = 1083;
const TIME_ARRAY = 1183;
const TIMETZ = 1266;
const TIMETZ_ARRAY = 1270;
const MONEY = 790;
const MONEY_ARRAY = 791;
const OID = 26;
const OID_ARRAY = 1028;
const BYTEA = 17;
const BYTEA_ARRAY = 1001;

/** bytea as Prisma returns it: a plain Uint8Array (node-postgres gives a Buffer). */
function bytes(value: unknown): Uint8Array {
  return new Uint8Array(value as Uint8Array);
}

function decodeRaw(type: number, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const asArray = (v: unknown): unknown[] =>
    typeof v === "string" ? (parsePgArray(v) as unknown[]) : (v as unknown[]);
  switch (type) {
    case INT8:
      return BigInt(value as string);
    case INT8_ARRAY:
      return asArray(value).map((v) => (v === null ? null : BigInt(v as string)));
    case NUMERIC:
      return new Decimal(asText(value));
    case NUMERIC_ARRAY:
      return asArray(value).map((v) => (v === null ? null : new Decimal(asText(v))));
    case TIMESTAMP:
      return parseTimestamp(asText(value));
    case TIMESTAMPTZ:
      return parseTimestamp(asText(value));
    case DATE:
      return parseTimestamp(asText(value));
    case TIMESTAMP_ARRAY:
      return asArray(value).map((v) => (v === null ? null : parseTimestamp(asText(v))));
    case TIMESTAMPTZ_ARRAY:
      return asArray(value).map((v) => (v === null ? null : parseTimestamp(asText(v))));
    case DATE_ARRAY:
      return asArray(value).map((v) => (v === null ? null : parseTimestamp(asText(v))));
    case TIME:
    case TIMETZ:
      return timeOfDay(asText(value));
    case TIME_ARRAY:
    case TIMETZ_ARRAY:
      return asArray(value).map((v) => (v === null ? null : timeOfDay(asText(v))));
    case MONEY:
      return money(asText(value));
    case MONEY_ARRAY:
      return asArray(value).map((v) => (v === null ? null : money(asText(v))));
    case OID:
      return BigInt(asText(value));
    case OID_ARRAY:
      return asArray(value).map((v) => (v === null ? null : BigInt(asText(v))));
    case BYTEA:
      return bytes(value);
    case BYTEA_ARRAY:
      return (value as unknown[]).map((v) => (v === null ? null : bytes(v)));
    default:
      return value;
  }
}

/** Raw rows with Prisma's value types (when the driver reports column types). */
export function decodeRawRows(result: RawResult): Row[] {
  const fields = result.fields;
  if (!fields) return result.rows;
  return result.rows.map((row) => {
    const out: Row = {};
    for (const field of fields) out[field.name] = decodeRaw(field.dataTypeID, row[field.name]);
    return out;
  });
}
