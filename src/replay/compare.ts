/**
 * What "the same result" means in a replay: values keep their types (a Date never equals its ISO
 * text, a bigint never a number: both go through the workload encoding, values.ts), errors are
 * compared by class, Prisma code and `meta`, and only timestamps the replay itself produced ("now",
 * `@updatedAt`) are masked, since the two sides run a few milliseconds apart. A list read without
 * `orderBy` has no defined order in Prisma either: such lists also match as multisets. Object keys
 * are compared sorted (Prisma's groupBy puts `_count` before the `by` fields, the facade after; no
 * program reads a result by key position). Error classes are Prisma's three by `instanceof`, as
 * users test them (the facade's errors subclass them).
 */
import {
  PrismaClientKnownRequestError,
  PrismaClientUnknownRequestError,
  PrismaClientValidationError,
} from "../compat/prisma-runtime.ts";
import { type Encoded, encodeValue } from "./values.ts";

/** A call's outcome on one side, made comparable. */
export type Comparable = { ok: Encoded } | { error: Encoded };

function maskNow(value: unknown, since: number): unknown {
  if (value instanceof Date) return value.getTime() >= since ? "<now>" : value;
  if (Array.isArray(value)) return value.map((v) => maskNow(v, since));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNow(v, since)]));
  }
  return value;
}

function sortKeys(value: Encoded): Encoded {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k]!)]),
  );
}

/** A result in comparable form; Dates at or after `since` (replay start) become "<now>". */
export function comparableResult(result: unknown, since: number): Comparable {
  return { ok: sortKeys(encodeValue(maskNow(result, since)) ?? "<undefined>") };
}

/** The error class users test for: one of Prisma's three (by instanceof), or the constructor's name. */
function errorClass(error: unknown): string {
  if (error instanceof PrismaClientKnownRequestError) return "PrismaClientKnownRequestError";
  if (error instanceof PrismaClientValidationError) return "PrismaClientValidationError";
  if (error instanceof PrismaClientUnknownRequestError) return "PrismaClientUnknownRequestError";
  return (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof error;
}

/** An error in comparable form: class, name, code, meta; the message only when nothing else tells it apart. */
export function comparableError(error: unknown, since: number): Comparable {
  const e = (error ?? {}) as { name?: string; code?: string; meta?: unknown; message?: string };
  const cls = errorClass(error);
  const body: Record<string, unknown> = { class: cls, name: e.name, code: e.code, meta: maskNow(e.meta, since) };
  if (e.code === undefined && cls !== "PrismaClientValidationError") body.message = e.message;
  return { error: sortKeys(encodeValue(body) ?? {}) };
}

const text = (value: unknown): string => JSON.stringify(value);

/** Equal, or equal as multisets when neither side promised an order. */
export function sameOutcome(a: Comparable, b: Comparable, ordered: boolean): boolean {
  if (text(a) === text(b)) return true;
  if (ordered || !("ok" in a) || !("ok" in b) || !Array.isArray(a.ok) || !Array.isArray(b.ok)) return false;
  const sorted = (list: Encoded[]): string => text(list.map(text).sort());
  return sorted(a.ok) === sorted(b.ok);
}

/** A short description of where two outcomes first differ: the path and both values, shortened. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string {
  if (text(a) === text(b)) return "";
  if (
    a !== null &&
    b !== null &&
    typeof a === "object" &&
    typeof b === "object" &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`,
      );
      if (found) return found;
    }
  }
  const short = (v: unknown): string => (text(v) ?? "undefined").slice(0, 120);
  return `${path}: prisma ${short(a)} / facade ${short(b)}`;
}
