/**
 * What "identical" means between real Prisma Client and the facade, for the differential tests and
 * compat:fuzz. Values keep their types (a Date is never equal to its ISO text, a bigint never to a
 * number, `undefined` never to `null`, a Buffer never to a plain Uint8Array); errors are compared by
 * class, Prisma code and the whole `meta` (a `DriverAdapterError` inside it included, class and
 * all). Only what an operation generates itself is masked (a {@link Masking} says what that is):
 * new ids, new sequence numbers, and timestamps it set to now.
 */
import {
  Decimal,
  PrismaClientKnownRequestError,
  PrismaClientUnknownRequestError,
  PrismaClientValidationError,
} from "../compat/prisma-runtime.ts";

/** What the data set under test holds, so that values an operation generated can be told apart. */
export interface Masking {
  /** A Date later than this (ms since the epoch) was set by the operation ("now"). */
  readonly nowAfter: number;
  /** Ids of the seeded rows: a cuid-shaped string not among them is new. Empty: no id is masked. */
  readonly seedIds: ReadonlySet<string>;
  /** Largest seeded bigint id: sequences are not rolled back, so larger ones are new. */
  readonly maxSeedBigint?: bigint;
}

/** A value's outcome: what it returned, or the shape of what it threw. */
export type Outcome = { ok: unknown } | { error: Record<string, unknown> };

/** The comparison functions for one {@link Masking}. */
export interface Comparison {
  /** A value made comparable with its type kept; lists sorted when `sortLists` (unordered results). */
  readonly typed: (value: unknown, sortLists?: boolean) => unknown;
  /** What must match in an error: class, name, Prisma code and the whole `meta` (typed). */
  readonly errorShape: (error: unknown) => Record<string, unknown>;
  /** Runs `work`, capturing its result or its error shape. */
  readonly outcome: (work: () => Promise<unknown>) => Promise<Outcome>;
  /** The database state a {@link stateQuery} read, masked, each table's rows sorted. */
  readonly digestState: (rows: unknown) => Record<string, unknown>;
}

/** The class Prisma's users test for: one of Prisma's three, or the plain class name. */
function errorClass(error: unknown): string {
  if (error instanceof PrismaClientKnownRequestError) return "PrismaClientKnownRequestError";
  if (error instanceof PrismaClientValidationError) return "PrismaClientValidationError";
  if (error instanceof PrismaClientUnknownRequestError) return "PrismaClientUnknownRequestError";
  return (error as { constructor?: { name?: string } })?.constructor?.name ?? typeof error;
}

/** A table to read: a name in the search path, or schema-qualified (multiSchema). */
export type StateTable = string | { readonly schema: string; readonly name: string };

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** SQL returning every table's rows as JSON text, one column per table (named `schema.table` when qualified). */
export function stateQuery(tables: readonly StateTable[]): string {
  const columns = tables.map((t) => {
    const [from, label] =
      typeof t === "string"
        ? [quoteIdent(t), t]
        : [`${quoteIdent(t.schema)}.${quoteIdent(t.name)}`, `${t.schema}.${t.name}`];
    return `(SELECT coalesce(json_agg(x), '[]'::json) FROM ${from} x)::text AS ${quoteIdent(label)}`;
  });
  return `SELECT ${columns.join(", ")}`;
}

/** A timestamp of a JSON dump in ms: `timestamp` values (no zone) read as UTC, `timestamptz` with theirs. */
function timestampMs(text: string): number {
  const asUtc = Date.parse(`${text}Z`);
  return Number.isNaN(asUtc) ? Date.parse(text) : asUtc;
}

/** Builds the comparison functions for `mask`. */
export function createComparison(mask: Masking): Comparison {
  const maxSeedBigint = mask.maxSeedBigint;
  const isNewId = (text: string): boolean =>
    mask.seedIds.size > 0 && /^c[a-z0-9]{20,}$/.test(text) && !mask.seedIds.has(text);

  function typedObject(value: object, sortLists: boolean): unknown {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    const entries = Object.entries(value);
    // Error-like objects (DriverAdapterError) keep their name and cause, which are not always enumerable.
    if (value instanceof Error) entries.push(["name", value.name], ["cause", (value as { cause?: unknown }).cause]);
    const body = Object.fromEntries(
      entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, typed(v, sortLists)]),
    );
    return ctor === "Object" || ctor === undefined ? body : { $class: ctor, ...body };
  }

  function typed(value: unknown, sortLists = false): unknown {
    if (value === undefined) return { $undefined: true };
    if (value instanceof Date)
      return {
        $date: Number.isNaN(value.getTime())
          ? "invalid"
          : value.getTime() > mask.nowAfter
            ? "<now>"
            : value.toISOString(),
      };
    if (typeof value === "bigint")
      return { $bigint: maxSeedBigint !== undefined && value > maxSeedBigint ? "<new>" : value.toString() };
    if (value instanceof Decimal) return { $decimal: value.toString() };
    if (value instanceof Uint8Array)
      return { $bytes: Buffer.from(value).toString("hex"), $class: value.constructor.name };
    if (typeof value === "string" && isNewId(value)) return "<new id>";
    if (Array.isArray(value)) {
      const items = value.map((v) => typed(v, sortLists));
      if (sortLists && items.every((i) => i !== null && typeof i === "object"))
        return items
          .map((i) => JSON.stringify(i))
          .sort()
          .map((s) => JSON.parse(s) as unknown);
      return items;
    }
    if (value !== null && typeof value === "object") return typedObject(value, sortLists);
    return value;
  }

  function errorShape(error: unknown): Record<string, unknown> {
    const e = error as { name?: string; code?: string; meta?: unknown; message?: string };
    const cls = errorClass(error);
    return {
      class: cls,
      name: e.name,
      code: e.code,
      meta: typed(e.meta),
      // Messages are not part of the contract (Prisma's carry a code frame of the call site), except
      // for errors that have nothing else to tell them apart.
      ...(e.code === undefined && cls !== "PrismaClientValidationError" ? { message: e.message } : {}),
    };
  }

  async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
    try {
      return { ok: await work() };
    } catch (error) {
      return { error: errorShape(error) };
    }
  }

  /** Masks generated values inside the JSON text of a table dump (ids, sequence numbers, now). */
  function maskRow(row: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => {
        if (typeof v === "string" && isNewId(v)) return [k, "<new id>"];
        if (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v) && timestampMs(v) > mask.nowAfter)
          return [k, "<now>"];
        if (k === "id" && typeof v === "number" && maxSeedBigint !== undefined && BigInt(v) > maxSeedBigint)
          return [k, "<new>"];
        return [k, v];
      }),
    );
  }

  function digestState(rows: unknown): Record<string, unknown> {
    const [row] = rows as Record<string, string>[];
    return Object.fromEntries(
      Object.entries(row ?? {}).map(([table, json]) => {
        const list = (JSON.parse(json) as Record<string, unknown>[]).map(maskRow).map((r) => JSON.stringify(r));
        return [table, list.sort()];
      }),
    );
  }

  return { typed, errorShape, outcome, digestState };
}
