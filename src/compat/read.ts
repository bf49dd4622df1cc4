/**
 * Read operations: findUnique(OrThrow), findFirst(OrThrow), findMany. Each is one SQL statement,
 * relations included.
 */
import { sql } from "drizzle-orm";
import { inputError, invalid, recordNotFound } from "./errors.ts";
import type { Executor } from "./executor.ts";
import type { ModelMeta } from "./model-meta.ts";
import { decodeTuple, projection, selectQuery, selectionFor } from "./selection.ts";
import { type QueryContext, isPlainObject, tableAs } from "./sql-util.ts";
import { buildUniqueWhere } from "./where.ts";

const FIND_MANY_ARGS = new Set([
  "where",
  "orderBy",
  "cursor",
  "take",
  "skip",
  "distinct",
  "select",
  "include",
  "omit",
  "relationLoadStrategy",
]);
const FIND_UNIQUE_ARGS = new Set(["where", "select", "include", "omit", "relationLoadStrategy"]);

/** Rejects arguments the operation does not take (Prisma's "Unknown argument"). */
export function checkArgs(ctx: QueryContext, args: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (!isPlainObject(args)) invalid(ctx.call, "Arguments must be an object.");
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    if (!allowed.has(key))
      invalid(ctx.call, `Unknown argument \`${key}\`. Available options are: ${[...allowed].join(", ")}.`);
  }
  if (
    args.relationLoadStrategy !== undefined &&
    args.relationLoadStrategy !== "join" &&
    args.relationLoadStrategy !== "query"
  ) {
    invalid(ctx.call, "Argument `relationLoadStrategy` must be 'join' or 'query'.");
  }
  // Either strategy gives the same result; the facade always loads relations in the same statement.
  return args;
}

export async function findMany(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>[]> {
  const args = checkArgs(ctx, rawArgs, FIND_MANY_ARGS);
  const selection = selectionFor(ctx, model, args, "read");
  const { query, reversed } = selectQuery(ctx, selection, args, ctx.nextAlias());
  const rows = (await ex.tuples(query)).map((tuple) => decodeTuple(selection, tuple));
  return reversed ? rows.reverse() : rows;
}

export async function findFirst(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
  orThrow: boolean,
): Promise<Record<string, unknown> | null> {
  const args = checkArgs(ctx, rawArgs, FIND_MANY_ARGS);
  if (Number.isInteger(args.take) && Math.abs(args.take as number) !== 1)
    throw inputError(
      model,
      ctx.call,
      "The 'findFirst' operation cannot be used with a 'take' argument that isn't 1 or -1",
    );
  const selection = selectionFor(ctx, model, args, "read");
  // Prisma: findFirst is findMany with one row; it orders by primary key only when the caller
  // paginates (take/skip/cursor), like findMany.
  let row: unknown[] | undefined;
  if (args.take === undefined || args.take === null) {
    const { query } = selectQuery(ctx, selection, args, ctx.nextAlias());
    row = (await ex.tuples(sql`${query} LIMIT 1`))[0];
  } else {
    const take = typeof args.take === "number" && args.take < 0 ? -1 : 1;
    row = (await ex.tuples(selectQuery(ctx, selection, { ...args, take }, ctx.nextAlias()).query))[0];
  }
  if (!row) {
    if (orThrow) throw recordNotFound(model, ctx.call, "a query");
    return null;
  }
  return decodeTuple(selection, row);
}

export async function findUnique(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
  orThrow: boolean,
): Promise<Record<string, unknown> | null> {
  const args = checkArgs(ctx, rawArgs, FIND_UNIQUE_ARGS);
  const selection = selectionFor(ctx, model, args, "read");
  const alias = ctx.nextAlias();
  const where = buildUniqueWhere(ctx, model, args.where, alias);
  const rows = await ex.tuples(
    sql`SELECT ${projection(ctx, selection, alias)} FROM ${tableAs(model, alias)} WHERE ${where} LIMIT 1`,
  );
  if (!rows[0]) {
    if (orThrow) throw recordNotFound(model, ctx.call, "a query");
    return null;
  }
  return decodeTuple(selection, rows[0]);
}
