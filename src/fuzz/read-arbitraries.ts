/**
 * fast-check generators of Prisma Client read arguments for any schema, from its models
 * (model-spec.ts) and the values seeded into it: the argument space of the project's hand-written
 * differential test (test/integration/compat-arbitraries.ts), derived instead of written per model.
 * where (scalar operators per type, `mode`, `not` nested, AND/OR/NOT, relation filters some/every/
 * none/is/isNot), orderBy (scalars with `nulls`, relation fields, `_count`), take/skip/cursor,
 * select/include with nested relations and `_count`, count/aggregate/groupBy. Filter values are
 * drawn from the seeded values plus one absent value, so filters match some rows and not others.
 * Orders are made total (the primary key last) wherever the result order is compared.
 */
import fc from "fast-check";
import type { FieldSpec, ModelSpec, RelationSpec } from "./model-spec.ts";
import { uniqueWhereOf } from "./seed.ts";
import { elementValue } from "./values.ts";

/** The schema's models and the values seeded into them. */
export interface FuzzContext {
  readonly models: ReadonlyMap<string, ModelSpec>;
  readonly rows: ReadonlyMap<string, readonly Record<string, unknown>[]>;
}

/** One generated operation: `op` on the model's delegate with `args`. */
export interface FuzzCase {
  readonly model: string;
  readonly op: string;
  readonly args: Record<string, unknown>;
  /** The result's order is defined (compared as is); otherwise lists are compared sorted. */
  readonly ordered: boolean;
  readonly write: boolean;
}

/** A value number far from the seeded ones: present in no row. */
const ABSENT = 97;

const compact = <T extends Record<string, unknown>>(record: T): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 });

function atMostKeys(arb: fc.Arbitrary<Record<string, unknown>>, max: number): fc.Arbitrary<Record<string, unknown>> {
  return arb.map(compact).filter((o) => Object.keys(o).length >= 1 && Object.keys(o).length <= max);
}

/** Distinct element values of `field` in the seeded rows, plus one value no row has. */
export function poolOf(ctx: FuzzContext, model: ModelSpec, field: FieldSpec): unknown[] {
  const seen = new Map<string, unknown>();
  const key = (v: unknown): string =>
    JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? [...x] : x)) ??
    "undefined";
  for (const row of ctx.rows.get(model.name) ?? []) {
    const value = row[field.name];
    for (const v of field.list && Array.isArray(value) ? value : [value])
      if (v !== null && v !== undefined) seen.set(key(v), v);
  }
  seen.set("absent", elementValue(field, ABSENT));
  return [...seen.values()];
}

const pick = <T>(pool: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...pool);
const subset = <T>(pool: readonly T[], max = 3): fc.Arbitrary<T[]> =>
  fc.uniqueArray(pick(pool), { maxLength: Math.min(max, pool.length) });

/** Kinds whose values order (lt/gt...). */
const ORDERED_KINDS = new Set(["string", "int", "bigint", "float", "decimal", "date"]);

/** An operator object for one non-list scalar field, `not` nested down to `depth`. */
function operatorFilter(
  field: FieldSpec,
  pool: readonly unknown[],
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const v = pick(pool);
  const value = field.nullable ? fc.oneof(v, fc.constant(null)) : v;
  const list = opt(
    field.nullable
      ? fc.oneof({ weight: 4, arbitrary: subset(pool) }, { weight: 1, arbitrary: fc.constant(null) })
      : subset(pool),
  );
  const not = opt(
    depth <= 0
      ? value
      : fc.oneof({ weight: 3, arbitrary: value }, { weight: 2, arbitrary: operatorFilter(field, pool, depth - 1) }),
  );
  if (field.kind === "json") return fc.oneof(fc.record({ equals: v }), fc.record({ not: v }));
  if (field.kind === "boolean") return atMostKeys(fc.record({ equals: opt(value), not }), 2);
  const base = { equals: opt(value), not, in: list, notIn: list };
  if (!ORDERED_KINDS.has(field.kind)) return atMostKeys(fc.record(base), 3);
  const ordered = { ...base, lt: opt(v), lte: opt(v), gt: opt(v), gte: opt(v) };
  if (field.kind !== "string") return atMostKeys(fc.record(ordered), 3);
  return atMostKeys(fc.record({ ...ordered, contains: opt(v), startsWith: opt(v), endsWith: opt(v) }), 3);
}

/** A filter for one scalar field: a value or an operator object (`mode` on strings). */
function scalarFilter(field: FieldSpec, pool: readonly unknown[]): fc.Arbitrary<unknown> {
  if (field.list) {
    return atMostKeys(
      fc.record({
        has: opt(pick(pool)),
        hasSome: opt(subset(pool)),
        hasEvery: opt(subset(pool, 2)),
        isEmpty: opt(fc.boolean()),
        equals: opt(subset(pool, 2)),
      }),
      2,
    );
  }
  const operators = operatorFilter(field, pool, 1);
  if (field.kind === "json") return operators;
  const value = field.nullable ? fc.oneof(pick(pool), fc.constant(null)) : pick(pool);
  if (field.kind !== "string") return fc.oneof(value, operators);
  const withMode = fc
    .tuple(operators, fc.constantFrom(undefined, "insensitive", "default"))
    .map(([o, mode]) => compact({ ...o, mode }));
  return fc.oneof(value, withMode);
}

/** The schema's model of `name`. */
export function modelOf(ctx: FuzzContext, name: string): ModelSpec {
  const model = ctx.models.get(name);
  if (!model) throw new Error(`unknown model ${name}`);
  return model;
}

function relationFilter(ctx: FuzzContext, rel: RelationSpec, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const inner = whereArb(ctx, modelOf(ctx, rel.target), depth - 1);
  if (rel.list)
    return fc
      .tuple(fc.constantFrom("some", "every", "none"), fc.oneof(inner, fc.constant({})))
      .map(([op, w]) => ({ [rel.name]: { [op]: w } }));
  return fc.oneof(
    inner.map((w) => ({ [rel.name]: w })),
    inner.map((w) => ({ [rel.name]: { is: w } })),
    inner.map((w) => ({ [rel.name]: { isNot: w } })),
    ...(rel.optional ? [fc.constant({ [rel.name]: null }), fc.constant({ [rel.name]: { isNot: null } })] : []),
  );
}

/** A `where` for `model`, nesting logical operators and relation filters down to `depth`. */
export function whereArb(ctx: FuzzContext, model: ModelSpec, depth = 2): fc.Arbitrary<Record<string, unknown>> {
  const leaves = model.scalars.map((f) =>
    scalarFilter(f, poolOf(ctx, model, f)).map((filter) => ({ [f.name]: filter })),
  );
  const leaf = leaves.length > 0 ? fc.oneof(...leaves) : fc.constant({});
  if (depth <= 0) return leaf;
  const relations = model.relations.map((r) => relationFilter(ctx, r, depth));
  const sub = whereArb(ctx, model, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: relations.length > 0 ? 2 : 0, arbitrary: relations.length > 0 ? fc.oneof(...relations) : leaf },
    { weight: 1, arbitrary: fc.array(sub, { maxLength: 3 }).map((list) => ({ AND: list })) },
    { weight: 1, arbitrary: fc.array(sub, { maxLength: 3 }).map((list) => ({ OR: list })) },
    { weight: 1, arbitrary: fc.oneof(sub, fc.array(sub, { maxLength: 2 })).map((not) => ({ NOT: not })) },
    { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, ...b })) },
  );
}

/** Fields an order may use: scalars that are not lists, Json or Bytes. */
function orderable(model: ModelSpec): FieldSpec[] {
  return model.scalars.filter((f) => !f.list && f.kind !== "json" && f.kind !== "bytes");
}

/** A total order: up to two random keys, then every primary key field. */
export function orderArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<Record<string, unknown>[]> {
  const keys: fc.Arbitrary<Record<string, unknown>>[] = orderable(model).map((f) =>
    f.nullable
      ? fc
          .tuple(fc.constantFrom("asc", "desc"), fc.constantFrom("first", "last"))
          .map(([sort, nulls]) => ({ [f.name]: { sort, nulls } }))
      : fc.constantFrom("asc", "desc").map((d) => ({ [f.name]: d })),
  );
  for (const rel of model.relations) {
    if (rel.list) keys.push(fc.constantFrom("asc", "desc").map((d) => ({ [rel.name]: { _count: d } })));
    else {
      const field = orderable(modelOf(ctx, rel.target))[0];
      if (field) keys.push(fc.constantFrom("asc", "desc").map((d) => ({ [rel.name]: { [field.name]: d } })));
    }
  }
  const primary = model.uniques[0]?.fields ?? [];
  return fc
    .tuple(
      keys.length > 0 ? fc.array(fc.oneof(...keys), { maxLength: 2 }) : fc.constant([]),
      fc.constantFrom("asc", "desc"),
    )
    .map(([list, dir]) => [...list, ...primary.map((f) => ({ [f]: dir }))]);
}

/** select / include for `model`, nested relations down to `depth`, `_count` of list relations. */
export function selectionArb(ctx: FuzzContext, model: ModelSpec, depth = 2): fc.Arbitrary<Record<string, unknown>> {
  const relationValue = (rel: RelationSpec): fc.Arbitrary<unknown> => {
    if (depth <= 0) return fc.constant(true);
    const target = modelOf(ctx, rel.target);
    const nested = selectionArb(ctx, target, depth - 1);
    if (!rel.list) return fc.oneof(fc.constant(true), nested);
    const paging = fc.record(
      {
        where: whereArb(ctx, target, 1),
        orderBy: orderArb(ctx, target),
        take: fc.integer({ min: -3, max: 3 }).filter((n) => n !== 0),
        skip: fc.integer({ min: 0, max: 2 }),
      },
      { requiredKeys: [] },
    );
    // Pagination only with a total order, so both clients must agree on which rows.
    return fc.oneof(
      fc.constant(true),
      fc.tuple(nested, paging).map(([sel, p]) =>
        compact({
          ...sel,
          ...p,
          orderBy:
            p.orderBy ??
            (p.take !== undefined || p.skip !== undefined
              ? (target.uniques[0]?.fields ?? []).map((f) => ({ [f]: "asc" }))
              : undefined),
        }),
      ),
    );
  };
  const lists = model.relations.filter((r) => r.list);
  const count =
    lists.length === 0
      ? fc.constant(undefined)
      : opt(
          fc.oneof(
            fc.constant(true),
            fc
              .uniqueArray(fc.constantFrom(...lists.map((r) => r.name)), { minLength: 1, maxLength: 2 })
              .map((names) => ({ select: Object.fromEntries(names.map((n) => [n, true])) })),
          ),
        );
  const relationEntries = model.relations.map((r) => relationValue(r).map((v) => [r.name, v] as const));
  const relations =
    relationEntries.length === 0
      ? fc.constant([] as (readonly [string, unknown])[])
      : fc.uniqueArray(fc.oneof(...relationEntries), { maxLength: 2, selector: ([n]) => n });
  const scalars = fc.uniqueArray(fc.constantFrom(...model.scalars.map((f) => f.name)), { minLength: 1, maxLength: 3 });
  return fc
    .tuple(fc.constantFrom("none", "select", "include"), scalars, relations, count)
    .map(([kind, names, rels, _count]) => {
      if (kind === "none") return {};
      const related = Object.fromEntries(rels);
      if (kind === "include")
        return rels.length === 0 && _count === undefined ? {} : { include: compact({ ...related, _count }) };
      return { select: compact({ ...Object.fromEntries(names.map((n) => [n, true])), ...related, _count }) };
    });
}

/** A unique `where` of a seeded row, or of a row that does not exist. */
export function uniqueWhereArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<Record<string, unknown>> {
  const rows = ctx.rows.get(model.name) ?? [];
  const absent = Object.fromEntries(model.scalars.map((f) => [f.name, elementValue(f, ABSENT)]));
  return fc.constantFrom(...rows, absent).map((row) => uniqueWhereOf(model, row));
}

function findManyArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .record(
      {
        where: whereArb(ctx, model),
        orderBy: orderArb(ctx, model),
        take: fc.integer({ min: -4, max: 4 }),
        skip: fc.integer({ min: 0, max: 3 }),
        cursor: uniqueWhereArb(ctx, model),
        selection: selectionArb(ctx, model),
        implicitOrder: fc.boolean(),
      },
      { requiredKeys: ["selection", "implicitOrder"] },
    )
    .map((r) => {
      // A cursor, take or skip with a total order: given, or (implicitOrder) left to Prisma's rule,
      // which orders by primary key when the call pages (take, cursor, skip above 0), not otherwise.
      const paged = r.take !== undefined || r.skip !== undefined || r.cursor !== undefined;
      const pagesByKey = r.take !== undefined || (r.skip ?? 0) > 0 || r.cursor !== undefined;
      const keyOrder = (model.uniques[0]?.fields ?? []).map((f) => ({ [f]: "asc" }));
      const orderBy = r.orderBy ?? (paged && !r.implicitOrder ? keyOrder : undefined);
      const args = compact({ ...r.selection, where: r.where, orderBy, take: r.take, skip: r.skip, cursor: r.cursor });
      return {
        model: model.delegate,
        op: "findMany",
        args,
        ordered: orderBy !== undefined || pagesByKey,
        write: false,
      };
    });
}

function findFirstArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(
      fc.constantFrom("findFirst", "findFirstOrThrow"),
      whereArb(ctx, model),
      orderArb(ctx, model),
      fc.constantFrom(undefined, 1, -1),
      // skip 0 is no paging for Prisma (no implicit order), skip 1 is.
      fc.constantFrom(undefined, 0, 1),
      selectionArb(ctx, model, 1),
    )
    .map(([op, where, orderBy, take, skip, selection]) => ({
      model: model.delegate,
      op,
      args: compact({ ...selection, where, orderBy, take, skip }),
      ordered: true,
      write: false,
    }));
}

function findUniqueArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.constantFrom("findUnique", "findUniqueOrThrow"), uniqueWhereArb(ctx, model), selectionArb(ctx, model))
    .map(([op, where, selection]) => ({
      model: model.delegate,
      op,
      args: { ...selection, where },
      ordered: true,
      write: false,
    }));
}

const NUMERIC = new Set(["int", "bigint", "float", "decimal"]);
const numericFields = (model: ModelSpec): string[] =>
  model.scalars.filter((f) => !f.list && NUMERIC.has(f.kind)).map((f) => f.name);
const comparableFields = (model: ModelSpec): string[] =>
  model.scalars.filter((f) => !f.list && f.kind !== "json" && f.kind !== "bytes").map((f) => f.name);

function countArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .record(
      {
        where: whereArb(ctx, model),
        take: fc.integer({ min: 0, max: 4 }),
        skip: fc.integer({ min: 0, max: 3 }),
        select: fc.uniqueArray(fc.constantFrom("_all", ...comparableFields(model)), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((r) => ({
      model: model.delegate,
      op: "count",
      args: compact({
        where: r.where,
        take: r.take,
        skip: r.skip,
        select: r.select && Object.fromEntries(r.select.map((f) => [f, true])),
      }),
      ordered: true,
      write: false,
    }));
}

function aggregateArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  const numeric = numericFields(model);
  const comparable = comparableFields(model);
  const fields = (names: string[]) =>
    fc
      .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 2 })
      .map((list) => Object.fromEntries(list.map((n) => [n, true])));
  return fc
    .record(
      {
        where: whereArb(ctx, model, 1),
        _count: fc.oneof(fc.constant(true), fields(["_all", ...comparable])),
        ...(comparable.length > 0 ? { _min: fields(comparable), _max: fields(comparable) } : {}),
        ...(numeric.length > 0 ? { _sum: fields(numeric), _avg: fields(numeric) } : {}),
        take: fc.integer({ min: 0, max: 4 }),
      },
      { requiredKeys: [] },
    )
    .map((args) => ({ model: model.delegate, op: "aggregate", args: compact(args), ordered: true, write: false }));
}

function groupByArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> | undefined {
  const groupable = model.scalars
    .filter((f) => !f.list && ["enum", "string", "int", "boolean"].includes(f.kind))
    .map((f) => f.name);
  if (groupable.length === 0) return undefined;
  const numeric = numericFields(model);
  return fc
    .record({
      by: fc.uniqueArray(fc.constantFrom(...groupable), { minLength: 1, maxLength: 2 }),
      where: opt(whereArb(ctx, model, 1)),
      having: fc.boolean(),
      dir: fc.constantFrom("asc", "desc"),
      gt: fc.integer({ min: 0, max: 2 }),
      take: opt(fc.integer({ min: 1, max: 3 })),
    })
    .map(({ by, where, having, dir, gt, take }) => ({
      model: model.delegate,
      op: "groupBy",
      args: compact({
        by,
        where,
        _count: { _all: true, [by[0]!]: true },
        ...(numeric.length > 0
          ? { _sum: { [numeric[0]!]: true }, _max: { [numeric[0]!]: true } }
          : { _max: { [by[0]!]: true } }),
        having: having ? { [by[0]!]: { _count: { gt } } } : undefined,
        // Every grouped field in the order: groups are unique on them, so the order is total.
        orderBy: by.map((f) => ({ [f]: dir })),
        take,
      }),
      ordered: true,
      write: false,
    }));
}

/** Any read of `model`. */
export function readArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  const groupBy = groupByArb(ctx, model);
  return fc.oneof(
    { weight: 5, arbitrary: findManyArb(ctx, model) },
    { weight: 2, arbitrary: findFirstArb(ctx, model) },
    { weight: 2, arbitrary: findUniqueArb(ctx, model) },
    { weight: 1, arbitrary: countArb(ctx, model) },
    { weight: 1, arbitrary: aggregateArb(ctx, model) },
    ...(groupBy ? [{ weight: 1, arbitrary: groupBy }] : []),
  );
}
