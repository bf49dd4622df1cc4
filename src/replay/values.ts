/**
 * The workload file's value encoding: JSON with tags for what JSON cannot hold, so a recorded call
 * decodes to the very argument values it was made with. A tag is an object whose only keys are
 * `$orm` (the kind) and `v` (the payload):
 *
 * | value | encoded as |
 * | --- | --- |
 * | `Date` | `{ "$orm": "Date", "v": "2026-01-02T03:04:05.678Z" }` (`"Invalid"` for an invalid date) |
 * | `bigint` | `{ "$orm": "BigInt", "v": "9007199254740993" }` |
 * | Prisma `Decimal` | `{ "$orm": "Decimal", "v": "12.30" }` |
 * | `Buffer` / `Uint8Array` | `{ "$orm": "Bytes", "v": "<base64>" }` |
 * | `Prisma.DbNull` / `JsonNull` / `AnyNull` | `{ "$orm": "DbNull" }` (and so on) |
 * | a plain object that has a key `$orm` | `{ "$orm": "Object", "v": { ...its entries, encoded } }` |
 * | a redacted value | `{ "$orm": "Redacted", "v": { "type": "string", "length": 12 } }` (see redact.ts) |
 *
 * `undefined` entries are dropped, as Prisma ignores them. Encoding recognizes Prisma's classes by
 * their shape, not `instanceof`, because a team's app may load another copy of Prisma's runtime.
 */
import { AnyNull, DbNull, Decimal, JsonNull } from "@prisma/client/runtime/client";

/** A JSON value as it is written to the workload file. */
export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

/** What a redacted value was: enough to rebuild a value of the same type and size. */
export interface RedactedShape {
  type: "string" | "number" | "bigint" | "boolean" | "Date" | "Decimal" | "Bytes";
  /** Characters of a string, bytes of a byte array. */
  length?: number;
  /** For numbers: whether it was an integer (replayed as 0 or 0.5). */
  integer?: boolean;
}

const NULL_KINDS = ["DbNull", "JsonNull", "AnyNull"] as const;
type NullKind = (typeof NULL_KINDS)[number];

const className = (value: object): string | undefined =>
  (value as { constructor?: { name?: string } }).constructor?.name;

/** The Prisma null marker `value` is, by its class name (DbNull, JsonNull, AnyNull), if any. */
export function prismaNullKind(value: object): NullKind | undefined {
  const name = className(value)?.replace(/Class$/, "");
  return (NULL_KINDS as readonly string[]).includes(name ?? "") ? (name as NullKind) : undefined;
}

/**
 * True for a Prisma (decimal.js) Decimal from any copy of the runtime: decimal.js' own check
 * accepts instances of other copies by their `toStringTag`.
 */
export function isDecimalLike(value: object): value is { toFixed(): string; toString(): string } {
  return Decimal.isDecimal(value);
}

const tag = (kind: string, v?: Encoded): Encoded => (v === undefined ? { $orm: kind } : { $orm: kind, v });

/** Encodes one value for the workload file (see the table above). */
export function encodeValue(value: unknown): Encoded | undefined {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : tag("Number", String(value));
  if (typeof value === "bigint") return tag("BigInt", value.toString());
  if (value instanceof Date) return tag("Date", Number.isNaN(value.getTime()) ? "Invalid" : value.toISOString());
  if (value instanceof Uint8Array)
    return tag("Bytes", Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"));
  if (Array.isArray(value)) return value.map((item) => encodeValue(item) ?? null);
  if (typeof value === "object") return encodeObject(value);
  return undefined;
}

function encodeObject(value: object): Encoded {
  const nullKind = prismaNullKind(value);
  if (nullKind) return tag(nullKind);
  if (isDecimalLike(value)) return tag("Decimal", value.toString());
  const body: { [key: string]: Encoded } = {};
  for (const [key, item] of Object.entries(value)) {
    const encoded = encodeValue(item);
    if (encoded !== undefined) body[key] = encoded;
  }
  return "$orm" in body ? tag("Object", body) : body;
}

/** Replays a redacted value as a deterministic value of the same type and size. */
export function placeholderValue(shape: RedactedShape): unknown {
  switch (shape.type) {
    case "string":
      return "x".repeat(shape.length ?? 8);
    case "number":
      return shape.integer === false ? 0.5 : 0;
    case "bigint":
      return 0n;
    case "boolean":
      return false;
    case "Date":
      return new Date(0);
    case "Decimal":
      return new Decimal(0);
    case "Bytes":
      return new Uint8Array(shape.length ?? 0);
  }
}

const NULLS: Record<NullKind, unknown> = { DbNull, JsonNull, AnyNull };

/** A tag's payload as text (every scalar tag carries a string). */
export function tagText(v: Encoded | undefined): string {
  if (typeof v !== "string") throw new Error("workload: a tagged value must carry a string");
  return v;
}

function decodeTag(kind: string, v: Encoded | undefined): unknown {
  switch (kind) {
    case "Date":
      return new Date(v === "Invalid" ? Number.NaN : tagText(v));
    case "BigInt":
      return BigInt(tagText(v));
    case "Decimal":
      return new Decimal(tagText(v));
    case "Bytes":
      return new Uint8Array(Buffer.from(tagText(v), "base64"));
    case "Number":
      return Number(tagText(v));
    case "Object":
      return decodePlain(v as { [key: string]: Encoded });
    case "Redacted":
      return placeholderValue(v as unknown as RedactedShape);
    default:
      if (kind in NULLS) return NULLS[kind as NullKind];
      throw new Error(`workload: unknown value tag "${kind}"`);
  }
}

function decodePlain(value: { [key: string]: Encoded }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeValue(item)]));
}

/** True when `value` is a tag object (`$orm` and at most `v`). */
export function isTag(value: Encoded): value is { $orm: string; v?: Encoded } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return typeof value.$orm === "string" && keys.every((k) => k === "$orm" || k === "v");
}

/** Decodes a value written by {@link encodeValue} into the values Prisma Client takes. */
export function decodeValue(value: Encoded): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  if (isTag(value)) return decodeTag(value.$orm, value.v);
  return decodePlain(value);
}
