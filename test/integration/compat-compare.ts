/**
 * The differential test's comparator: what "identical" means between real Prisma Client and the
 * facade. Values keep their types (a Date is never equal to its ISO text, a bigint never to a
 * number, `undefined` never to `null`, a Buffer never to a plain Uint8Array); errors are compared by
 * class, Prisma code and the whole `meta` (a `DriverAdapterError` inside it included, class and
 * all). Only what an operation generates itself is masked: new ids, and timestamps it set to now.
 */
import { Decimal } from "../../src/compat/prisma-runtime.ts";
import { PrismaClientKnownRequestError, PrismaClientUnknownRequestError, PrismaClientValidationError } from "../../src/compat/prisma-runtime.ts";
import { SEED_IDS, T0 } from "./compat-fixtures.ts";

/** Anything later than a day after the fixtures' clock was set by the operation under test. */
const NOW_THRESHOLD = T0 + 86_400_000;
/** Largest bigint id of the fixtures (audit_logs): sequences are not rolled back, so larger ones are new. */
const MAX_SEED_BIGINT = 3n;

const isNewId = (text: string): boolean => /^c[a-z0-9]{20,}$/.test(text) && !SEED_IDS.has(text);

function typedObject(value: object, sortLists: boolean): unknown {
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  const entries = Object.entries(value);
  // Error-like objects (DriverAdapterError) keep their name and cause, which are not always enumerable.
  if (value instanceof Error) entries.push(["name", value.name], ["cause", (value as { cause?: unknown }).cause]);
  const body = Object.fromEntries(
    entries
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, typed(v, sortLists)]),
  );
  return ctor === "Object" || ctor === undefined ? body : { $class: ctor, ...body };
}

/**
 * A value made comparable with its type kept: tagged objects for Date, bigint, Decimal, bytes,
 * undefined and class instances; generated ids and "now" timestamps masked.
 */
export function typed(value: unknown, sortLists = false): unknown {
  if (value === undefined) return { $undefined: true };
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? "invalid" : value.getTime() > NOW_THRESHOLD ? "<now>" : value.toISOString() };
  if (typeof value === "bigint") return { $bigint: value > MAX_SEED_BIGINT ? "<new>" : value.toString() };
  if (value instanceof Decimal) return { $decimal: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString("hex"), $class: value.constructor.name };
  if (typeof value === "string" && isNewId(value)) return "<new id>";
  if (Array.isArray(value)) {
    const items = value.map((v) => typed(v, sortLists));
    if (sortLists && items.every((i) => i !== null && typeof i === "object")) return items.map((i) => JSON.stringify(i)).sort().map((s) => JSON.parse(s) as unknown);
    return items;
  }
  if (value !== null && typeof value === "object") return typedObject(value, sortLists);
  return value;
}

/** The class Prisma's users test for: one of Prisma's three, or the plain class name. */
function errorClass(error: unknown): string {
  if (error instanceof PrismaClientKnownRequestError) return "PrismaClientKnownRequestError";
  if (error instanceof PrismaClientValidationError) return "PrismaClientValidationError";
  if (error instanceof PrismaClientUnknownRequestError) return "PrismaClientUnknownRequestError";
  return (error as { constructor?: { name?: string } })?.constructor?.name ?? typeof error;
}

/** What must match in an error: class, name, Prisma code and the whole `meta` (typed). */
export function errorShape(error: unknown): Record<string, unknown> {
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

export type Outcome = { ok: unknown } | { error: Record<string, unknown> };

/** Runs `work`, capturing its result or its error shape. */
export async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
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
      if (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v) && Date.parse(`${v}Z`) > NOW_THRESHOLD) return [k, "<now>"];
      if (k === "id" && typeof v === "number" && BigInt(v) > MAX_SEED_BIGINT) return [k, "<new>"];
      return [k, v];
    }),
  );
}

/** SQL returning every table's rows as JSON text, one column per table. */
export function stateQuery(tables: readonly string[]): string {
  const columns = tables.map((t) => `(SELECT coalesce(json_agg(x), '[]'::json) FROM "${t}" x)::text AS "${t}"`);
  return `SELECT ${columns.join(", ")}`;
}

/** The database state a state query read, masked and with each table's rows sorted. */
export function digestState(rows: unknown): Record<string, unknown> {
  const [row] = rows as Record<string, string>[];
  return Object.fromEntries(
    Object.entries(row ?? {}).map(([table, json]) => {
      const list = (JSON.parse(json) as Record<string, unknown>[]).map(maskRow).map((r) => JSON.stringify(r));
      return [table, list.sort()];
    }),
  );
}
