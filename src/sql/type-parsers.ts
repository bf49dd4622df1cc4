/**
 * How result columns become JavaScript values in the hand-written SQL implementation, decided here
 * and nowhere else. node-postgres has a process-wide parser registry that any library may change
 * (and whose `timestamp` parser reads the value in the Node process's local time zone); these
 * parsers are passed per query instead, so the results are the same whatever the process, the other
 * implementations sharing it, or the server's TimeZone say.
 *
 * - `timestamp without time zone` holds UTC wall-clock time (Prisma writes UTC) -> Date.
 * - `bigint` -> decimal string (audit ids exceed 2^53); counts are cast `::int` in SQL instead.
 * - `json`/`jsonb` -> parsed JSON; `text[]` -> string[]; enums and text stay strings.
 *
 * The parse functions are driver-independent, so a postgres.js executor can reuse them.
 */

/** Text-format OIDs of the built-in types the repositories read. Enums get per-database OIDs. */
export const PG_OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  json: 114,
  varchar: 1043,
  timestamp: 1114,
  timestamptz: 1184,
  textArray: 1009,
  varcharArray: 1015,
  jsonb: 3802,
} as const;

/** Converts one column's text representation. */
export type TextParser = (value: string) => unknown;

// PostgreSQL's ISO DateStyle (the default), with up to six fractional digits; " BC" never occurs
// in this schema's data and is refused rather than misread.
const ISO_TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;

/**
 * A `timestamp without time zone` value, read as UTC. Fractions beyond milliseconds are truncated
 * (the schema's columns are timestamp(3), so none exist).
 * @throws Error for another DateStyle or a special value such as `infinity`.
 */
export function parseUtcTimestamp(text: string): Date {
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) throw new Error(`cannot read timestamp "${text}": expected DateStyle ISO (YYYY-MM-DD HH:MM:SS.fff)`);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0").slice(0, 3));
  const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  // Date.UTC maps years 0..99 to 1900..1999; set the year separately so every year reads as written.
  date.setUTCFullYear(Number(m[1]));
  return date;
}

const ISO_TIMESTAMPTZ = /^(\d{4,}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d{1,6})?)([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?$/;

/** A `timestamp with time zone` value (ISO DateStyle, any session TimeZone). Not used by this schema. */
export function parseTimestamptz(text: string): Date {
  const m = ISO_TIMESTAMPTZ.exec(text);
  if (!m) throw new Error(`cannot read timestamptz "${text}": expected DateStyle ISO`);
  if (m[5] !== undefined) throw new Error(`cannot read timestamptz "${text}": offsets with seconds are not supported`);
  return new Date(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? "00"}`);
}

/**
 * A one-dimensional array of text in PostgreSQL's output syntax: `{a,"b c","q\"uote",NULL}`.
 * Elements are quoted whenever they hold a delimiter, brace, quote, backslash, whitespace, are empty
 * or spell NULL; inside quotes, a backslash escapes the next character.
 * @throws Error for multi-dimensional arrays or arrays with explicit bounds.
 */
export function parseTextArray(text: string): (string | null)[] {
  if (text.length < 2 || text[0] !== "{" || text[text.length - 1] !== "}")
    throw new Error(`cannot read array "${text}": expected {...}`);
  const out: (string | null)[] = [];
  const end = text.length - 1;
  let i = 1;
  while (i < end) {
    if (text[i] === '"') {
      let value = "";
      let chunkStart = ++i;
      while (text[i] !== '"') {
        if (i >= end) throw new Error(`cannot read array "${text}": unterminated quote`);
        if (text[i] === "\\") {
          value += text.slice(chunkStart, i);
          chunkStart = ++i;
        }
        i++;
      }
      out.push(value + text.slice(chunkStart, i));
      i++;
    } else {
      if (text[i] === "{") throw new Error("cannot read array: multi-dimensional arrays are not supported");
      let stop = text.indexOf(",", i);
      if (stop === -1 || stop > end) stop = end;
      const raw = text.slice(i, stop);
      out.push(raw === "NULL" ? null : raw);
      i = stop;
    }
    if (i < end) {
      if (text[i] !== ",") throw new Error(`cannot read array "${text}": expected "," at ${i}`);
      i++;
    }
  }
  return out;
}

const identity: TextParser = (value) => value;
const parseInt32: TextParser = (value) => Number.parseInt(value, 10);

const PARSERS = new Map<number, TextParser>([
  [PG_OID.bool, (value) => value === "t"],
  // Decimal string: bigint values (audit ids) do not fit a JS number safely.
  [PG_OID.int8, identity],
  [PG_OID.int2, parseInt32],
  [PG_OID.int4, parseInt32],
  [PG_OID.text, identity],
  [PG_OID.varchar, identity],
  [PG_OID.json, (value) => JSON.parse(value) as unknown],
  [PG_OID.jsonb, (value) => JSON.parse(value) as unknown],
  [PG_OID.timestamp, parseUtcTimestamp],
  [PG_OID.timestamptz, parseTimestamptz],
  [PG_OID.textArray, parseTextArray],
  [PG_OID.varcharArray, parseTextArray],
]);

/** The parser for a result column's type OID; unknown types (enums included) stay strings. */
export function textParserFor(oid: number): TextParser {
  return PARSERS.get(oid) ?? identity;
}

/**
 * node-postgres' per-query `types` option. pg asks for text-format parsers only (it never requests
 * binary results unless told to), so `format` is ignored.
 */
export const PG_QUERY_TYPES = {
  getTypeParser: (oid: number): TextParser => textParserFor(oid),
};

/**
 * A Date as a query parameter: ISO 8601 in UTC. PostgreSQL ignores the trailing `Z` when the target
 * is `timestamp without time zone`, so the stored wall-clock time is UTC; node-postgres' own
 * conversion would send local time with an offset, which that type silently drops.
 */
export function serializeDate(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new Error("cannot send an invalid Date to PostgreSQL");
  return value.toISOString();
}
