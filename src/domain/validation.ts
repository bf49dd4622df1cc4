/**
 * Input rules checked at the repository boundary, before any query runs. Each function returns
 * the normalized value or throws a VALIDATION {@link DataError} naming the field.
 */
import { validation } from "./errors.ts";
import type { JsonObject, JsonValue } from "./types.ts";

// PostgreSQL text cannot hold NUL; without this check the driver would fail with a raw error.
const NUL = "\u0000";

export function text(field: string, value: unknown, opts: { min?: number; max: number; trim?: boolean }): string {
  if (typeof value !== "string") throw validation(field, "must be a string");
  const v = opts.trim === false ? value : value.trim();
  if (v.includes(NUL)) throw validation(field, "must not contain NUL characters");
  const min = opts.min ?? 1;
  // Length in code points, so a 200-character name of emoji is 200, not 400.
  const length = [...v].length;
  if (length < min) throw validation(field, min === 1 ? "must not be empty" : `must be at least ${min} characters`);
  if (length > opts.max) throw validation(field, `must be at most ${opts.max} characters`);
  return v;
}

/** Row ids: cuid strings from the application, or decimal bigint strings for audit entries. */
export function id(field: string, value: unknown): string {
  const v = text(field, value, { max: 64, trim: false });
  if (!/^[A-Za-z0-9_-]+$/.test(v)) throw validation(field, "is not a valid id");
  return v;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export function email(field: string, value: unknown): string {
  const v = text(field, value, { max: 254 }).toLowerCase();
  if (!EMAIL.test(v)) throw validation(field, "is not a valid email address");
  return v;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slug(field: string, value: unknown): string {
  const v = text(field, value, { max: 64, trim: false });
  if (!SLUG.test(v)) throw validation(field, "must be lower-case letters, digits and single hyphens");
  return v;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw validation(field, `must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

export function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw validation(field, "must be an integer");
  if (value < min || value > max) throw validation(field, `must be between ${min} and ${max}`);
  return value;
}

export function date(field: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw validation(field, "must be a valid Date");
  return value;
}

/** An optional search string: trimmed, empty means "no filter". */
export function search(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const v = text(field, value, { min: 0, max: 200 });
  return v === "" ? undefined : v;
}

export function url(field: string, value: unknown): string {
  const v = text(field, value, { max: 2000 });
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw validation(field, "is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw validation(field, "must be an http(s) URL");
  return v;
}

export function tags(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw validation(field, "must be an array of strings");
  if (value.length > 20) throw validation(field, "must have at most 20 tags");
  const out = value.map((t, i) => text(`${field}[${i}]`, t, { max: 50 }));
  if (new Set(out).size !== out.length) throw validation(field, "must not repeat a tag");
  return out;
}

const MAX_JSON_BYTES = 16 * 1024;

/** Any JSON value (no undefined, functions, NaN or NUL in strings), at most 16 KiB serialized. */
export function json(field: string, value: unknown): JsonValue {
  assertJson(field, value, 0);
  const size = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (size > MAX_JSON_BYTES) throw validation(field, `must serialize to at most ${MAX_JSON_BYTES} bytes`);
  return value as JsonValue;
}

export function jsonObject(field: string, value: unknown): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw validation(field, "must be a JSON object");
  return json(field, value) as JsonObject;
}

function assertJson(field: string, value: unknown, depth: number): void {
  if (depth > 32) throw validation(field, "is nested too deeply");
  if (value === null || typeof value === "boolean") return;
  if (typeof value === "string") {
    // jsonb rejects \u0000 in strings.
    if (value.includes(NUL)) throw validation(field, "must not contain NUL characters");
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw validation(field, "must contain only finite numbers");
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) assertJson(field, item, depth + 1);
    return;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) throw validation(field, "must not contain NUL characters");
      assertJson(field, v, depth + 1);
    }
    return;
  }
  throw validation(field, "must be plain JSON");
}

/** Keyset cursors are opaque to callers but are ids underneath. */
export function cursor(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return id(field, value);
}

export function limit(field: string, value: unknown, fallback = 20): number {
  return value === undefined ? fallback : integer(field, value, 1, 100);
}
