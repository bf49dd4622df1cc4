/**
 * count, aggregate and groupBy. Like Prisma, count and aggregate run over a subquery carrying the
 * where/order/cursor/take/skip arguments, so pagination limits what is counted.
 */
import { Decimal } from "./prisma-runtime.ts";
import { type SQL, sql } from "drizzle-orm";
import { inputError, invalid, unsupported } from "./errors.ts";
import type { Executor } from "./executor.ts";
import type { ModelMeta, ScalarField } from "./model-meta.ts";
import { type OrderKey, orderByClause } from "./order.ts";
import { checkArgs } from "./read.ts";
import { planRows } from "./selection.ts";
import { type QueryContext, TRUE, and, col, defined, isPlainObject, not, or } from "./sql-util.ts";
import { asText, decodeValue } from "./values.ts";
import { buildWhere, scalarCondition } from "./where.ts";

const AGGREGATES = ["_count", "_avg", "_sum", "_min", "_max"] as const;
type Aggregate = (typeof AGGREGATES)[number];

// No `distinct`: Prisma's count has none (it rejects the argument).
const COUNT_ARGS = new Set(["where", "orderBy", "cursor", "take", "skip", "select"]);
const AGGREGATE_ARGS = new Set(["where", "orderBy", "cursor", "take", "skip", ...AGGREGATES]);
const GROUP_BY_ARGS = new Set(["by", "where", "having", "orderBy", "take", "skip", ...AGGREGATES]);

const NUMERIC = new Set(["Int", "BigInt", "Float", "Decimal"]);

function scalar(ctx: QueryContext, model: ModelMeta, name: string): ScalarField {
  const field = model.fields.get(name);
  if (field?.kind !== "scalar") invalid(ctx.call, `Unknown field \`${name}\` for ${model.name}.`);
  return field;
}

/** The rows the aggregate runs over, as `(SELECT ... ) AS "sub"` exposing columns under their field names. */
const IN_MEMORY_CURSOR =
  "Unable to process combination of query arguments for aggregation query. Please note that it is not possible at the moment to have a null-cursor, or a cursor and orderBy combination that not stable (unique).";

function source(ctx: QueryContext, model: ModelMeta, args: Record<string, unknown>): SQL {
  const alias = ctx.nextAlias();
  const plan = planRows(ctx, model, args, alias);
  // Prisma cannot page an aggregate in memory: its query planner rejects such a cursor (P2019).
  if (plan.inMemoryCursor) throw inputError(model, ctx.call, IN_MEMORY_CURSOR);
  const columns = sql.join(
    model.scalars.map((s) => sql`${col(alias, s)} AS ${sql.identifier(s.name)}`),
    sql`, `,
  );
  return sql`(SELECT ${columns} FROM ${plan.source}${plan.where ? sql` WHERE ${plan.where}` : sql``}${orderByClause(plan.order, alias)}${plan.limit}) AS "sub"`;
}

interface AggregateColumn {
  /** Result key, e.g. `_sum$count`. */
  key: string;
  expr: SQL;
  group: Aggregate;
  field?: ScalarField;
  /** `_count: true`: the whole `_count` is this number. */
  bare?: boolean;
}

/** SELECT items for `_count`/`_sum`/... arguments, over columns named by `ref`. */
function aggregateColumns(
  ctx: QueryContext,
  model: ModelMeta,
  args: Record<string, unknown>,
  ref: (f: ScalarField) => SQL,
): AggregateColumn[] {
  const out: AggregateColumn[] = [];
  // In the order of the arguments, as Prisma selects them: PostgreSQL reports the first aggregate
  // it cannot run (`max(uuid)` before `avg(money)`), so the order decides which error is seen.
  const groups = Object.keys(args).filter((key): key is Aggregate => (AGGREGATES as readonly string[]).includes(key));
  for (const group of groups) {
    const spec = args[group];
    if (spec === undefined || spec === null || spec === false) continue;
    if (group === "_count" && spec === true) {
      out.push({ key: "_count$_all", expr: sql`count(*)`, group, bare: true });
      continue;
    }
    if (!isPlainObject(spec)) invalid(ctx.call, `Argument \`${group}\` must be an object.`);
    for (const [name, on] of defined(spec)) {
      if (on !== true) continue;
      if (group === "_count" && name === "_all") {
        out.push({ key: "_count$_all", expr: sql`count(*)`, group });
        continue;
      }
      const field = scalar(ctx, model, name);
      const c = ref(field);
      if ((group === "_avg" || group === "_sum") && !NUMERIC.has(field.type))
        invalid(ctx.call, `Argument \`${group}.${name}\`: only numeric fields can be summed or averaged.`);
      if ((group === "_min" || group === "_max") && (field.type === "Json" || field.isList))
        invalid(ctx.call, `Argument \`${group}.${name}\` is not available for this field type.`);
      const fn = { _count: "count", _avg: "avg", _sum: "sum", _min: "min", _max: "max" }[group];
      out.push({ key: `${group}$${name}`, expr: sql`${sql.raw(fn)}(${c})`, group, field });
    }
  }
  return out;
}

function readAggregate(column: AggregateColumn, value: unknown): unknown {
  if (column.group === "_count") return Number(value ?? 0);
  if (value === null || value === undefined) return null;
  const field = column.field!;
  if (column.group === "_avg") return field.type === "Decimal" ? new Decimal(asText(value)) : Number(value);
  if (column.group === "_sum") {
    if (field.type === "BigInt") return BigInt(asText(value));
    if (field.type === "Decimal") return new Decimal(sumText(field, value));
    return Number(value);
  }
  return decodeValue(field, value);
}

/**
 * The text of a `sum()`. `sum(money)` is `money` (`$1,229.06`), which Prisma does not cast: its
 * PostgreSQL adapter drops the first character (the currency sign) and reads the rest as a Decimal,
 * so a negative sum or one with a thousands separator fails there with a DecimalError. The facade
 * reads the same text the same way, for the same result or the same error.
 */
function sumText(field: ScalarField, value: unknown): string {
  const text = asText(value);
  return field.sqlType === "money" ? text.slice(1) : text;
}

function assemble(columns: AggregateColumn[], row: Record<string, unknown>, into: Record<string, unknown>): void {
  for (const c of columns) {
    const value = readAggregate(c, row[c.key]);
    if (c.bare) {
      into._count = value;
      continue;
    }
    const group = (into[c.group] ??= {}) as Record<string, unknown>;
    group[c.key.slice(c.key.indexOf("$") + 1)] = value;
  }
}

export async function count(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<number | Record<string, number>> {
  const args = checkArgs(ctx, rawArgs, COUNT_ARGS);
  const from = source(ctx, model, { ...args, select: undefined });
  if (args.select === undefined || args.select === true) {
    const [row] = await ex.rows(sql`SELECT count(*) AS "n" FROM ${from}`);
    return Number(row?.n ?? 0);
  }
  if (!isPlainObject(args.select)) invalid(ctx.call, "Argument `select` of count must be an object.");
  const columns = aggregateColumns(ctx, model, { _count: args.select }, (f) => sql`"sub".${sql.identifier(f.name)}`);
  if (columns.length === 0) invalid(ctx.call, "Argument `select` of count must select at least one field.");
  const [row] = await ex.rows(
    sql`SELECT ${sql.join(
      columns.map((c) => sql`${c.expr} AS ${sql.identifier(c.key)}`),
      sql`, `,
    )} FROM ${from}`,
  );
  const result: Record<string, unknown> = {};
  assemble(columns, row ?? {}, result);
  return result._count as Record<string, number>;
}

export async function aggregate(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>> {
  const args = checkArgs(ctx, rawArgs, AGGREGATE_ARGS);
  const columns = aggregateColumns(ctx, model, args, (f) => sql`"sub".${sql.identifier(f.name)}`);
  const result: Record<string, unknown> = {};
  if (columns.length === 0)
    invalid(ctx.call, "Argument `select` is missing: aggregate needs at least one of _count, _avg, _sum, _min, _max.");
  const from = source(ctx, model, {
    where: args.where,
    orderBy: args.orderBy,
    cursor: args.cursor,
    take: args.take,
    skip: args.skip,
  });
  const [row] = await ex.rows(
    sql`SELECT ${sql.join(
      columns.map((c) => sql`${c.expr} AS ${sql.identifier(c.key)}`),
      sql`, `,
    )} FROM ${from}`,
  );
  assemble(columns, row ?? {}, result);
  return result;
}

export async function groupBy(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>[]> {
  const args = checkArgs(ctx, rawArgs, GROUP_BY_ARGS);
  const byList = Array.isArray(args.by) ? args.by : args.by === undefined ? [] : [args.by];
  // Prisma's query planner rejects these (P2019 "Input error"), not its argument validator.
  if (byList.length === 0)
    throw inputError(model, ctx.call, "At least one selection is required for the `by` argument.");
  const by = byList.map((name) => scalar(ctx, model, String(name)));
  const alias = ctx.nextAlias();
  const ref = (f: ScalarField): SQL => col(alias, f);
  const columns = aggregateColumns(ctx, model, args, ref);
  // As in find queries, `skip: 0` is no paging.
  const paginated = args.take !== undefined || (typeof args.skip === "number" && args.skip > 0);
  // Prisma pages groups by the primary key when no order is given, which must then be grouped on.
  const order = groupOrder(
    ctx,
    model,
    args.orderBy ?? (paginated ? model.primaryKey.map((name) => ({ [name]: "asc" })) : undefined),
    by,
  );
  const where = buildWhere(ctx, model, args.where, alias);
  const having = args.having === undefined ? undefined : havingCondition(ctx, model, args.having, by, alias);
  const items = [
    ...by.map((f) => sql`${col(alias, f)} AS ${sql.identifier(f.name)}`),
    ...columns.map((c) => sql`${c.expr} AS ${sql.identifier(c.key)}`),
  ];
  if (typeof args.take === "number" && args.take < 0) unsupported("groupBy with a negative take");
  const limit: SQL[] = [];
  if (typeof args.take === "number") limit.push(sql` LIMIT ${args.take}`);
  if (typeof args.skip === "number" && args.skip > 0) limit.push(sql` OFFSET ${args.skip}`);
  const query = sql`SELECT ${sql.join(items, sql`, `)} FROM ${model.table} AS ${sql.identifier(alias)}${where ? sql` WHERE ${where}` : sql``} GROUP BY ${sql.join(
    by.map((f) => col(alias, f)),
    sql`, `,
  )}${having ? sql` HAVING ${having}` : sql``}${orderByClause(order, alias)}${sql.join(limit, sql``)}`;
  const rows = await ex.rows(query);
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const f of by) out[f.name] = decodeValue(f, row[f.name]);
    assemble(columns, row, out);
    return out;
  });
}

function groupOrder(ctx: QueryContext, model: ModelMeta, orderBy: unknown, by: ScalarField[]): OrderKey[] {
  if (orderBy === undefined) return [];
  const list = Array.isArray(orderBy) ? orderBy : [orderBy];
  const keys: OrderKey[] = [];
  for (const item of list) {
    if (!isPlainObject(item)) invalid(ctx.call, "Argument `orderBy` must be an object or a list of objects.");
    for (const [name, spec] of defined(item)) {
      if ((AGGREGATES as readonly string[]).includes(name)) {
        if (!isPlainObject(spec)) invalid(ctx.call, `Argument \`orderBy.${name}\` must be an object.`);
        for (const [fieldName, dir] of defined(spec)) {
          const field = scalar(ctx, model, fieldName);
          const fn = { _count: "count", _avg: "avg", _sum: "sum", _min: "min", _max: "max" }[name as Aggregate];
          keys.push({
            expr: (a) => sql`${sql.raw(fn)}(${col(a, field)})`,
            direction: dir === "desc" ? "desc" : "asc",
            nullable: true,
          });
        }
        continue;
      }
      const field = scalar(ctx, model, name);
      if (!by.includes(field))
        throw inputError(
          model,
          ctx.call,
          `Every field used for orderBy must be included in the by-arguments of the query. Missing fields: ${name}`,
        );
      const sort = isPlainObject(spec) ? spec.sort : spec;
      const nulls = isPlainObject(spec) ? (spec.nulls as "first" | "last" | undefined) : undefined;
      keys.push({
        expr: (a) => col(a, field),
        direction: sort === "desc" ? "desc" : "asc",
        nulls,
        nullable: !field.isRequired,
      });
    }
  }
  return keys;
}

/** A `having` object without a condition: only empty objects, at any depth of AND/OR/NOT. */
function isEmptyHaving(having: unknown): boolean {
  if (!isPlainObject(having)) return false;
  return defined(having).every(([key, value]) => {
    if (key === "AND" || key === "OR" || key === "NOT")
      return (Array.isArray(value) ? value : [value]).every(isEmptyHaving);
    return (
      isPlainObject(value) && defined(value).every(([, inner]) => isPlainObject(inner) && defined(inner).length === 0)
    );
  });
}

/** `having`: filters on grouped fields, or on aggregates (`{ field: { _count: { gt: 1 } } }`). */
function havingCondition(ctx: QueryContext, model: ModelMeta, having: unknown, by: ScalarField[], alias: string): SQL {
  if (!isPlainObject(having)) invalid(ctx.call, "Argument `having` must be an object.");
  const parts: SQL[] = [];
  for (const [key, value] of defined(having)) {
    // As in `where`, Prisma drops elements without a condition (`{}`, `{ status: {} }`) before combining.
    const list = (): unknown[] => (Array.isArray(value) ? value : [value]).filter((h) => !isEmptyHaving(h));
    if (key === "AND") parts.push(and(list().map((h) => havingCondition(ctx, model, h, by, alias))) ?? TRUE);
    else if (key === "OR") parts.push(or(list().map((h) => havingCondition(ctx, model, h, by, alias))));
    else if (key === "NOT") parts.push(and(list().map((h) => not(havingCondition(ctx, model, h, by, alias)))) ?? TRUE);
    else if ((AGGREGATES as readonly string[]).includes(key)) unsupported(`having on \`${key}\` at the top level`);
    else {
      const field = scalar(ctx, model, key);
      if (isPlainObject(value) && Object.keys(value).some((k) => (AGGREGATES as readonly string[]).includes(k))) {
        for (const [agg, filter] of defined(value)) {
          if (!(AGGREGATES as readonly string[]).includes(agg)) {
            parts.push(scalarCondition(ctx, field, { [agg]: filter }, col(alias, field)) ?? TRUE);
            continue;
          }
          const fn = { _count: "count", _avg: "avg", _sum: "sum", _min: "min", _max: "max" }[agg as Aggregate];
          const expr = sql`${sql.raw(fn)}(${col(alias, field)})`;
          const asField: ScalarField =
            agg === "_count"
              ? { ...field, type: "Int", isList: false, isRequired: true }
              : agg === "_avg"
                ? { ...field, type: "Float", isList: false }
                : field;
          parts.push(scalarCondition(ctx, asField, filter, expr) ?? TRUE);
        }
      } else {
        if (!by.includes(field))
          throw inputError(
            model,
            ctx.call,
            `Every field used in \`having\` filters must either be an aggregation filter or be included in the selection of the query. Missing fields: ${key}`,
          );
        parts.push(scalarCondition(ctx, field, value, col(alias, field)) ?? TRUE);
      }
    }
  }
  return and(parts) ?? TRUE;
}
