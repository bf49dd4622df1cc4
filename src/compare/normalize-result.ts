/**
 * Results made comparable across implementations: what each run generates for itself (cuid ids,
 * audit ids from the sequence, timestamps of "now") is replaced by placeholders numbered in order
 * of appearance; everything that comes from the seed or the inputs is kept exactly. Two
 * implementations agree when their normalized results serialize identically.
 */
import { createHash } from "node:crypto";

export interface NormalizeContext {
  /** When the implementation's run started: timestamps from then on were made by the run. */
  runStartedAt: Date;
  /** The largest audit id the seed wrote; audit ids above it were appended by the run. */
  maxSeedAuditId: bigint;
}

/** Ids implementations generate: cuid v1 (Prisma's `cuid()`, @bugsnag/cuid), cuid2, UUIDs. Seed ids carry an underscore. */
const GENERATED_ID =
  /^(c[a-z0-9]{20,31}|[a-z][a-z0-9]{23,31}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const ID_KEY = /^(id|.*Id|nextCursor|cursor)$/;

/**
 * Replaces run-generated values with placeholders, numbered in order of appearance (or all the
 * same with `numbered: false`, for sets of rows whose order is not meaningful); sorts object keys.
 */
export function normalizeResult(
  value: unknown,
  context: NormalizeContext,
  options: { numbered?: boolean } = {},
): unknown {
  const ids = new Map<string, string>();
  const numbered = options.numbered ?? true;
  const placeholder = (raw: string): string => {
    if (!numbered) return "<generated id>";
    let p = ids.get(raw);
    if (!p) {
      p = `<generated id ${ids.size + 1}>`;
      ids.set(raw, p);
    }
    return p;
  };
  const recent = (time: number): boolean => time >= context.runStartedAt.getTime() - 60_000;

  const visit = (v: unknown, key: string | undefined): unknown => {
    if (v === undefined) return null;
    if (v === null || typeof v === "boolean" || typeof v === "number") return v;
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Date)
      return Number.isNaN(v.getTime()) ? "<invalid date>" : recent(v.getTime()) ? "<now>" : v.toISOString();
    if (typeof v === "string") {
      if (GENERATED_ID.test(v) && !v.includes("_")) return placeholder(v);
      if (key !== undefined && ID_KEY.test(key) && /^\d{1,19}$/.test(v) && BigInt(v) > context.maxSeedAuditId)
        return placeholder(v);
      if (ISO_TIMESTAMP.test(v) && recent(Date.parse(v))) return "<now>";
      return v;
    }
    if (Array.isArray(v)) return v.map((item) => visit(item, undefined));
    if (typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = visit((v as Record<string, unknown>)[k], k);
      return out;
    }
    // Functions and symbols: not data, but say so rather than drop them.
    return `<${typeof v}>`;
  };
  return visit(value, undefined);
}

/** Canonical text of a normalized result (keys are already sorted by {@link normalizeResult}). */
export function canonical(normalized: unknown): string {
  return JSON.stringify(normalized) ?? "null";
}

/** A short digest for the report. */
export function digest(normalized: unknown): string {
  return createHash("sha256").update(canonical(normalized)).digest("hex").slice(0, 12);
}

/** How big a result is, for the two-size probe: list length, page length, a count, or 0/1. */
export function resultSize(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === "number") return value;
  if (value && typeof value === "object") {
    const items = (value as { items?: unknown }).items;
    if (Array.isArray(items)) return items.length;
    return 1;
  }
  return value === null || value === undefined ? 0 : 1;
}

/** The first place two normalized results differ, as a path and both values (shortened). */
export function firstDifference(
  a: unknown,
  b: unknown,
  path = "$",
): { path: string; expected: string; actual: string } | null {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length)
      return { path: `${path}.length`, expected: String(a.length), actual: String(b.length) };
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`,
      );
      if (found) return found;
    }
  }
  const short = (v: unknown): string => {
    const text = canonical(v);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  };
  return { path, expected: short(a), actual: short(b) };
}
