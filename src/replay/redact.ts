/**
 * Redaction of recorded arguments, applied to the encoded form (values.ts) before a line is written.
 *
 * - `{ fields: [...] }` (the default, with {@link DEFAULT_SENSITIVE_FIELDS}): under an object key
 *   that matches a name (exact, case-insensitive) or a RegExp, every value is replaced by a
 *   placeholder of the same type and size; everything else is recorded as it was. Operators and
 *   nesting under a redacted key stay (`email: { contains: <string, 5> }`), so the call's shape
 *   survives.
 * - `"placeholders"`: every scalar value is replaced by a placeholder; only the shape remains (keys,
 *   operators, list lengths, null, Prisma's null markers). Nothing a user typed reaches the file.
 * - `false`: values recorded as they are.
 *
 * A placeholder is the tag `{ "$orm": "Redacted", "v": { type, length?, integer? } }`; replay turns it
 * into a deterministic value of that type (values.ts `placeholderValue`).
 */
import { type Encoded, type RedactedShape, isTag, tagText } from "./values.ts";

/** How arguments are redacted (see the module comment). */
export type RedactOption = false | "placeholders" | { fields: readonly (string | RegExp)[] };

/** Field names redacted when `redact` is not given. */
export const DEFAULT_SENSITIVE_FIELDS: readonly RegExp[] = [
  /password/i,
  /secret/i,
  /token/i,
  /hash/i,
  /api_?key/i,
  /^ssn$/i,
];

/** The short name a workload line carries for the redaction mode. */
export function redactionName(option: RedactOption): "none" | "fields" | "placeholders" {
  return option === false ? "none" : option === "placeholders" ? "placeholders" : "fields";
}

function shapeOfTag(kind: string, v: Encoded | undefined): RedactedShape | undefined {
  if (kind === "Date" || kind === "Decimal") return { type: kind };
  if (kind === "BigInt") return { type: "bigint" };
  if (kind === "Number") return { type: "number", integer: false };
  if (kind === "Bytes") return { type: "Bytes", length: Buffer.from(tagText(v), "base64").length };
  return undefined;
}

const placeholder = (shape: RedactedShape): Encoded => ({ $orm: "Redacted", v: { ...shape } });

/** Every scalar under `value` replaced by its placeholder; keys, list lengths and nulls kept. */
export function toPlaceholders(value: Encoded): Encoded {
  if (value === null) return null;
  if (typeof value === "string") return placeholder({ type: "string", length: value.length });
  if (typeof value === "number") return placeholder({ type: "number", integer: Number.isInteger(value) });
  if (typeof value === "boolean") return placeholder({ type: "boolean" });
  if (Array.isArray(value)) return value.map(toPlaceholders);
  if (isTag(value)) {
    if (value.$orm === "Object") return { $orm: "Object", v: toPlaceholders(value.v ?? {}) };
    if (value.$orm === "Redacted") return value;
    const shape = shapeOfTag(value.$orm, value.v);
    return shape ? placeholder(shape) : value; // DbNull, JsonNull, AnyNull are shape
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlaceholders(v)]));
}

function matches(fields: readonly (string | RegExp)[], key: string): boolean {
  return fields.some((f) => (typeof f === "string" ? f.toLowerCase() === key.toLowerCase() : f.test(key)));
}

function redactFields(value: Encoded, fields: readonly (string | RegExp)[]): Encoded {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, fields));
  if (isTag(value)) return value.$orm === "Object" ? { $orm: "Object", v: redactFields(value.v ?? {}, fields) } : value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, matches(fields, k) ? toPlaceholders(v) : redactFields(v, fields)]),
  );
}

/** Applies `option` to encoded arguments. */
export function redact(value: Encoded, option: RedactOption): Encoded {
  if (option === false) return value;
  if (option === "placeholders") return toPlaceholders(value);
  return redactFields(value, option.fields);
}
