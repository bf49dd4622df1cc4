/**
 * `select` / `include` / `omit` / `_count` → what a query returns, and how rows are read back.
 * Relations are loaded in the same statement: each selected relation is a correlated subquery that
 * aggregates the related rows into JSON (`json_agg` over an ordered, paginated subquery for
 * to-many, one `json_build_object` for to-one), nested as deep as the arguments go.
 */
import { type SQL, sql } from "drizzle-orm";
import { invalid, unsupported } from "./errors.ts";
import type { ModelMeta, RelationField, ScalarField } from "./model-meta.ts";
import { quoteName } from "./flat-sql.ts";
import { type QueryContext, and, col, colText, defined, isPlainObject, tableAs } from "./sql-util.ts";
import { decodeValue } from "./values.ts";
import { buildUniqueWhere, buildWhere, joinCondition } from "./where.ts";
import {
  type OrderKey,
  buildOrderBy,
  cursorCondition,
  cursorOrder,
  pagesCursorInMemory,
  orderByClause,
  orderByList,
  primaryKeyOrder,
  reverse,
} from "./order.ts";

export interface RelationSelection {
  field: RelationField;
  /** The nested arguments (`where`, `orderBy`, `take`, ...) for to-many relations. */
  args: Record<string, unknown>;
  selection: Selection;
}

export interface CountSelection {
  field: RelationField;
  where?: unknown;
}

export interface Selection {
  model: ModelMeta;
  scalars: ScalarField[];
  relations: RelationSelection[];
  /** `_count` of to-many relations, or undefined when `_count` is not selected. */
  counts?: CountSelection[];
}

const NESTED_MANY_ARGS = new Set([
  "select",
  "include",
  "omit",
  "where",
  "orderBy",
  "take",
  "skip",
  "cursor",
  "distinct",
]);
const NESTED_ONE_ARGS = new Set(["select", "include", "omit"]);

/** The selection described by `select`/`include`/`omit` on `model`. */
function buildSelection(
  ctx: QueryContext,
  model: ModelMeta,
  args: { select?: unknown; include?: unknown; omit?: unknown },
): Selection {
  const { select, include, omit } = args;
  if (select != null && include != null)
    invalid(ctx.call, "Please either use `include` or `select`, but not both at the same time.");
  if (select != null && omit != null)
    invalid(ctx.call, "Please either use `omit` or `select`, but not both at the same time.");
  const selection: Selection = { model, scalars: [], relations: [] };
  if (select != null) {
    if (!isPlainObject(select)) invalid(ctx.call, "Argument `select` must be an object.");
    for (const [key, value] of defined(select)) {
      if (value === false) continue;
      addSelected(ctx, model, selection, key, value, "select");
    }
    return selection;
  }
  const omitted = new Set<string>();
  if (omit != null) {
    if (!isPlainObject(omit)) invalid(ctx.call, "Argument `omit` must be an object.");
    for (const [key, value] of defined(omit)) {
      if (model.fields.get(key)?.kind !== "scalar")
        invalid(ctx.call, `Unknown field \`${key}\` in \`omit\` of ${model.name}.`);
      if (value === true) omitted.add(key);
    }
  }
  selection.scalars = model.scalars.filter((s) => !omitted.has(s.name));
  if (include != null) {
    if (!isPlainObject(include)) invalid(ctx.call, "Argument `include` must be an object.");
    for (const [key, value] of defined(include)) {
      if (value === false) continue;
      if (model.fields.get(key)?.kind === "scalar")
        invalid(ctx.call, `Invalid scalar field \`${key}\` for include statement on model ${model.name}.`);
      addSelected(ctx, model, selection, key, value, "include");
    }
  }
  return selection;
}

function addSelected(
  ctx: QueryContext,
  model: ModelMeta,
  selection: Selection,
  key: string,
  value: unknown,
  where: "select" | "include",
): void {
  if (key === "_count") {
    selection.counts = countSelection(ctx, model, value);
    return;
  }
  const field = model.fields.get(key);
  if (!field) invalid(ctx.call, `Unknown field \`${key}\` for ${where} statement on model ${model.name}.`);
  if (field.kind === "scalar") {
    if (value !== true) invalid(ctx.call, `Argument \`${where}.${key}\` must be true or false.`);
    selection.scalars.push(field);
    return;
  }
  const target = ctx.schema.model(field.target);
  const nested = value === true ? {} : value;
  if (!isPlainObject(nested)) invalid(ctx.call, `Argument \`${where}.${key}\` must be true or an object.`);
  const allowed = field.isList ? NESTED_MANY_ARGS : NESTED_ONE_ARGS;
  for (const arg of Object.keys(nested)) {
    if (nested[arg] === undefined) continue;
    if (!allowed.has(arg)) {
      if (NESTED_MANY_ARGS.has(arg))
        invalid(ctx.call, `Argument \`${arg}\` is not allowed on to-one relation \`${key}\`.`);
      if (arg === "relationLoadStrategy") unsupported("relationLoadStrategy");
      invalid(ctx.call, `Unknown argument \`${arg}\` in \`${where}.${key}\`.`);
    }
  }
  selection.relations.push({ field, args: nested, selection: buildSelection(ctx, target, nested) });
}

function countSelection(ctx: QueryContext, model: ModelMeta, value: unknown): CountSelection[] {
  const lists = model.relations.filter((r) => r.isList);
  if (value === true) return lists.map((field) => ({ field }));
  if (!isPlainObject(value) || !isPlainObject(value.select))
    invalid(ctx.call, "Argument `_count` must be true or `{ select: { relation: true } }`.");
  const out: CountSelection[] = [];
  for (const [name, spec] of defined(value.select)) {
    if (spec === false) continue;
    const field = lists.find((r) => r.name === name);
    if (!field) invalid(ctx.call, `Unknown to-many relation \`${name}\` in \`_count.select\` of ${model.name}.`);
    if (spec === true) out.push({ field });
    else if (isPlainObject(spec) && Object.keys(spec).every((k) => k === "where"))
      out.push({ field, where: spec.where });
    else invalid(ctx.call, `Argument \`_count.select.${name}\` must be true or \`{ where }\`.`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SQL

// The scalar parts of a selection are plain text (quoted names and casts): they are written as one
// string instead of a Drizzle fragment per column, which is the same SQL for a fraction of the cost.

/** A scalar column as it goes into JSON: types JSON would lose (bigint, numeric) travel as text. */
function jsonScalarText(alias: string, field: ScalarField): string {
  const column = colText(alias, field);
  if (field.type === "BigInt" || field.type === "Decimal")
    return field.isList ? `${column}::text[]` : `${column}::text`;
  return column;
}

/** A scalar column in a top-level row: lists come as JSON arrays, so every element type is read alike. */
function rowScalarText(alias: string, field: ScalarField): string {
  return field.isList ? `array_to_json(${jsonScalarText(alias, field)})` : colText(alias, field);
}

function countExpr(ctx: QueryContext, model: ModelMeta, counts: CountSelection[], alias: string): SQL {
  const pairs = counts.map(({ field, where }) => {
    const target = ctx.schema.model(field.target);
    const t = ctx.nextAlias();
    const condition = and([joinCondition(ctx, model, field, alias, t), buildWhere(ctx, target, where, t)]);
    return sql`${jsonKey(field.name)}, (SELECT count(*) FROM ${tableAs(target, t)} WHERE ${condition})`;
  });
  return pairs.length === 0 ? sql`'{}'::json` : sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/** A JSON key as a SQL literal: field names come from the schema, never from input. */
function jsonKeyText(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

function jsonKey(name: string): SQL {
  return sql.raw(jsonKeyText(name));
}

/** json_build_object takes at most 100 arguments: wider objects are merged from chunks. */
function jsonObject(pairs: SQL[]): SQL {
  if (pairs.length === 0) return sql`'{}'::json`;
  const chunks: SQL[] = [];
  for (let i = 0; i < pairs.length; i += 50)
    chunks.push(sql`json_build_object(${sql.join(pairs.slice(i, i + 50), sql`, `)})`);
  if (chunks.length === 1) return chunks[0]!;
  return sql`(${sql.join(
    chunks.map((c) => sql`${c}::jsonb`),
    sql` || `,
  )})::json`;
}

/** One row of `selection` as a JSON object (for nested relations). */
function jsonRow(ctx: QueryContext, selection: Selection, alias: string): SQL {
  const pairs: SQL[] = selection.scalars.map((s) => sql.raw(`${jsonKeyText(s.name)}, ${jsonScalarText(alias, s)}`));
  for (const rel of selection.relations)
    pairs.push(sql`${jsonKey(rel.field.name)}, ${relationExpr(ctx, selection.model, rel, alias)}`);
  if (selection.counts) pairs.push(sql`'_count', ${countExpr(ctx, selection.model, selection.counts, alias)}`);
  return jsonObject(pairs);
}

/**
 * The select list of a top-level query: `"t0"."email" AS "email", (subquery) AS "owner", ...`: the
 * scalars, the relations, then `_count`, in the selection's order ({@link decodeTuple} reads them so).
 */
export function projection(ctx: QueryContext, selection: Selection, alias: string): SQL {
  const scalars = selection.scalars.map((s) => `${rowScalarText(alias, s)} AS ${quoteName(s.name)}`);
  const items: SQL[] = scalars.length > 0 ? [sql.raw(scalars.join(", "))] : [];
  for (const rel of selection.relations)
    items.push(sql`${relationExpr(ctx, selection.model, rel, alias)} AS ${sql.identifier(rel.field.name)}`);
  if (selection.counts) items.push(sql`${countExpr(ctx, selection.model, selection.counts, alias)} AS "_count"`);
  // A query must select something; Prisma's `select: {}` is rejected before this point.
  return items.length === 0 ? sql`1 AS "__compat_empty"` : sql.join(items, sql`, `);
}

function relationExpr(ctx: QueryContext, parent: ModelMeta, rel: RelationSelection, parentAlias: string): SQL {
  const target = ctx.schema.model(rel.field.target);
  const t = ctx.nextAlias();
  const join = (a: string): SQL => joinCondition(ctx, parent, rel.field, parentAlias, a);
  if (!rel.field.isList) {
    return sql`(SELECT ${jsonRow(ctx, rel.selection, t)} FROM ${tableAs(target, t)} WHERE ${join(t)} LIMIT 1)`;
  }
  const plan = planRows(ctx, target, rel.args, t, join);
  const s = ctx.nextAlias();
  const rowNumber =
    plan.order.length > 0 ? sql`row_number() OVER (ORDER BY ${orderByList(plan.order, t)})` : sql`row_number() OVER ()`;
  const inner = sql`SELECT ${jsonRow(ctx, rel.selection, t)} AS "j", ${rowNumber} AS "rn" FROM ${plan.source}${plan.where ? sql` WHERE ${plan.where}` : sql``}${orderByClause(plan.order, t)}${plan.limit}`;
  const aggOrder = plan.reversed ? sql`DESC` : sql`ASC`;
  return sql`(SELECT coalesce(json_agg(${sql.identifier(s)}."j" ORDER BY ${sql.identifier(s)}."rn" ${aggOrder}), '[]'::json) FROM (${inner}) AS ${sql.identifier(s)})`;
}

// ---------------------------------------------------------------------------------------------
// Row plans: where + cursor + order + distinct + take/skip, shared by top-level and nested reads

export interface RowPlan {
  /** `table AS alias`, or a derived table of the same alias when `distinct` is used. */
  source: SQL;
  where?: SQL;
  /** The keys the SQL orders by (already reversed for a negative `take`). */
  order: OrderKey[];
  /** ` LIMIT n OFFSET m` (or empty). */
  limit: SQL;
  /** A negative `take`: the rows come back in reverse and must be flipped. */
  reversed: boolean;
  /** Prisma pages this cursor in memory (see `pagesCursorInMemory`): its aggregates refuse it. */
  inMemoryCursor: boolean;
}

function integerArg(ctx: QueryContext, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value))
    invalid(ctx.call, `Argument \`${name}\` must be an integer.`);
  return value;
}

/** How to fetch `model` rows for find-style arguments, aliased `alias`, within `extraWhere`. */
export function planRows(
  ctx: QueryContext,
  model: ModelMeta,
  args: Record<string, unknown>,
  alias: string,
  extraWhere?: (alias: string) => SQL,
): RowPlan {
  const take = args.take === undefined || args.take === null ? undefined : integerArg(ctx, "take", args.take);
  const skip = args.skip === undefined || args.skip === null ? undefined : integerArg(ctx, "skip", args.skip);
  if (skip !== undefined && skip < 0) invalid(ctx.call, "Argument `skip` must be a non-negative integer.");
  let order = buildOrderBy(ctx, model, args.orderBy);
  // Prisma orders by primary key only when the call pages: `skip: 0` skips nothing and is no paging.
  if (order.length === 0 && (take !== undefined || (skip ?? 0) > 0 || args.cursor != null))
    order = primaryKeyOrder(model);
  const inMemory = args.cursor != null && pagesCursorInMemory(model, order);
  if (args.cursor != null) order = cursorOrder(model, order);
  const reversed = take !== undefined && take < 0;
  const sqlOrder = reversed ? reverse(order) : order;
  // A negative take walks backwards from the cursor: "at or after" in the reversed order.
  // A nested cursor whose row is not one of the parent's related rows: Prisma 7 gives that parent
  // no rows when the parent query is a findMany, but applies the cursor's values anyway under a
  // findUnique parent (observed on 7.10). One SQL shape cannot follow both: refused.
  if (args.cursor != null && extraWhere) unsupported("a `cursor` on a nested relation");
  const rowWhere = (a: string): SQL | undefined =>
    and([
      extraWhere?.(a),
      buildWhere(ctx, model, args.where, a),
      args.cursor != null
        ? cursorCondition(ctx, model, args.cursor, sqlOrder, a, inMemory, (c) => buildWhere(ctx, model, args.where, c))
        : undefined,
    ]);
  const limitParts: SQL[] = [];
  if (take !== undefined) limitParts.push(sql` LIMIT ${Math.abs(take)}`);
  if (skip !== undefined && skip > 0) limitParts.push(sql` OFFSET ${skip}`);
  const limit = sql.join(limitParts, sql``);

  if (args.distinct === undefined || args.distinct === null)
    return {
      source: tableAs(model, alias),
      where: rowWhere(alias),
      order: sqlOrder,
      limit,
      reversed,
      inMemoryCursor: inMemory,
    };
  // Prisma's cursor SQL lets NULL keys through on both sides and its in-memory distinct then runs
  // over rows before the cursor too; not reproduced yet, so refused rather than answered differently.
  if (args.cursor != null && sqlOrder.some((k) => k.nullable))
    unsupported("`distinct` with a `cursor` ordered by a nullable field");
  const distinct = (Array.isArray(args.distinct) ? args.distinct : [args.distinct]).map((name) => {
    const field = model.fields.get(String(name));
    if (field?.kind !== "scalar")
      invalid(ctx.call, `Unknown field \`${String(name)}\` in \`distinct\` of ${model.name}.`);
    return field;
  });
  // Prisma applies distinct in memory to the rows its SQL returned (in the SQL's order, reversed
  // for a negative take), keeping the first row of each combination, then skip/take; a window
  // partitioned by the distinct fields reproduces that in the database.
  const derived = (a: string): SQL => {
    const condition = rowWhere(a);
    const windowOrder = sqlOrder.length > 0 ? sql` ORDER BY ${orderByList(sqlOrder, a)}` : sql``;
    return sql`(SELECT ${sql.identifier(a)}.*, row_number() OVER (PARTITION BY ${sql.join(
      distinct.map((f) => col(a, f)),
      sql`, `,
    )}${windowOrder}) AS "__compat_distinct" FROM ${tableAs(model, a)}${condition ? sql` WHERE ${condition}` : sql``}) AS ${sql.identifier(a)}`;
  };
  const first = sql`${sql.identifier(alias)}."__compat_distinct" = 1`;
  if (args.cursor == null)
    return { source: derived(alias), where: first, order: sqlOrder, limit, reversed, inMemoryCursor: inMemory };
  // Its in-memory cursor must then find the cursor row among those rows, or the page is empty.
  const c = ctx.nextAlias();
  const cursorKept = sql`EXISTS (SELECT 1 FROM ${derived(c)} WHERE ${sql.identifier(c)}."__compat_distinct" = 1 AND ${buildUniqueWhere(ctx, model, args.cursor, c)})`;
  return {
    source: derived(alias),
    where: sql`${first} AND ${cursorKept}`,
    order: sqlOrder,
    limit,
    reversed,
    inMemoryCursor: inMemory,
  };
}

/** A complete top-level SELECT for find-style arguments. */
export function selectQuery(
  ctx: QueryContext,
  selection: Selection,
  args: Record<string, unknown>,
  alias: string,
): { query: SQL; reversed: boolean } {
  const plan = planRows(ctx, selection.model, args, alias);
  const query = sql`SELECT ${projection(ctx, selection, alias)} FROM ${plan.source}${plan.where ? sql` WHERE ${plan.where}` : sql``}${orderByClause(plan.order, alias)}${plan.limit}`;
  return { query, reversed: plan.reversed };
}

// ---------------------------------------------------------------------------------------------
// Reading rows back

/** Turns a row (driver values at the top level, JSON values when nested) into Prisma's result shape. */
export function decodeRow(selection: Selection, row: Record<string, unknown>): Record<string, unknown> {
  return decodeColumns(selection, (name) => row[name]);
}

/**
 * {@link decodeRow} for a top-level row read as an array (`Executor.tuples`) of a SELECT whose list is
 * {@link projection}'s: the selection's scalars, then its relations, then `_count`, in that order.
 */
export function decodeTuple(selection: Selection, tuple: readonly unknown[]): Record<string, unknown> {
  return decodeColumns(selection, (_, index) => tuple[index]);
}

/** The result object of `selection`, reading each column's value by name or by its place in projection's list. */
function decodeColumns(
  selection: Selection,
  column: (name: string, index: number) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let index = 0;
  for (const s of selection.scalars) out[s.name] = decodeValue(s, column(s.name, index++));
  for (const rel of selection.relations) {
    const value = parseJson(column(rel.field.name, index++));
    if (rel.field.isList)
      out[rel.field.name] = ((value as Record<string, unknown>[] | null) ?? []).map((r) => decodeRow(rel.selection, r));
    else
      out[rel.field.name] =
        value === null || value === undefined ? null : decodeRow(rel.selection, value as Record<string, unknown>);
  }
  if (selection.counts) {
    const counts = (parseJson(column("_count", index)) ?? {}) as Record<string, unknown>;
    out._count = Object.fromEntries(selection.counts.map((c) => [c.field.name, Number(counts[c.field.name] ?? 0)]));
  }
  return out;
}

function parseJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** True when the selection reads only columns of the row itself (a RETURNING clause can serve it). */
export function isFlat(selection: Selection): boolean {
  return selection.relations.length === 0 && selection.counts === undefined;
}

/**
 * Compiles the selection once without running it, so that an invalid nested argument fails before
 * a write happens (Prisma validates the whole query up front).
 */
function validateSelection(ctx: QueryContext, selection: Selection): void {
  if (!isFlat(selection)) projection(ctx, selection, ctx.nextAlias());
}

/** Refuses selections with nothing in them, as Prisma does for `select: {}`. */
function assertNonEmpty(ctx: QueryContext, selection: Selection): void {
  if (selection.scalars.length === 0 && selection.relations.length === 0 && selection.counts === undefined) {
    invalid(
      ctx.call,
      "The `select` statement for type " +
        selection.model.name +
        " must not be empty. Available options are listed in green.",
    );
  }
}

/**
 * The selection of an operation's `select`/`include`/`omit`, refused when empty. Before a write it
 * is also compiled once (validateSelection), so a bad nested argument fails before anything is
 * written; a read compiles it in its one statement anyway.
 */
export function selectionFor(
  ctx: QueryContext,
  model: ModelMeta,
  args: { select?: unknown; include?: unknown; omit?: unknown },
  purpose: "read" | "write",
): Selection {
  const selection = buildSelection(ctx, model, args);
  assertNonEmpty(ctx, selection);
  if (purpose === "write") validateSelection(ctx, selection);
  return selection;
}
