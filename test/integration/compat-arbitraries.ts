/**
 * fast-check generators of Prisma Client arguments for the differential test: where filters
 * (scalar operators with and without `mode: 'insensitive'`, `not` over several operators and
 * nested `not`, AND/OR/NOT, relation filters, empty and undefined relation filters at every depth),
 * orderBy (scalars, nulls, relations, _count), take/skip/cursor/distinct, select/include/omit with
 * nested relations and _count, aggregates, groupBy and writes. Everything generated is valid Prisma
 * input over the fixed data set of compat-fixtures.ts, so both clients must give the same answer.
 * Orders are made total (a final `id` key) wherever the result order is compared.
 */
import fc from "fast-check";
import { Prisma } from "../../src/prisma/generated/client.ts";
import { T0 } from "./compat-fixtures.ts";

export type ModelKey = "user" | "organization" | "membership" | "project" | "task" | "auditLog";

type FieldKind = "string" | "int" | "bigint" | "enum" | "date" | "list" | "json";
interface FieldSpec {
  kind: FieldKind;
  nullable?: boolean;
  pool: readonly unknown[];
}
interface RelationSpec {
  target: ModelKey;
  list: boolean;
  /** Optional to-one relation (its order key can be NULL). */
  optional?: boolean;
}
interface ModelSpec {
  fields: Record<string, FieldSpec>;
  relations: Record<string, RelationSpec>;
  ids: readonly string[];
}

const dates = [-1, 0, 3, 7, 12, 20, 30].map((m) => new Date(T0 + m * 60_000 + 123));
const ids = (prefix: string, n: number): string[] => [
  ...Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`),
  `${prefix}zz`,
];

export const SPECS: Record<ModelKey, ModelSpec> = {
  user: {
    ids: ids("u", 6),
    fields: {
      id: { kind: "string", pool: ids("u", 6) },
      email: {
        kind: "string",
        pool: [
          "ada@example.com",
          "ADA@EXAMPLE.COM",
          "example",
          "EXAMPLE.ORG",
          "%",
          "_",
          "b_b",
          "carol%",
          "@example.net",
          "zzz",
        ],
      },
      name: { kind: "string", pool: ["Ada", "ada", "bob", "BOB", "Carol", "Éve", "éve", "fay_x", "a", "%", "_", "x"] },
      createdAt: { kind: "date", pool: dates },
    },
    relations: {
      memberships: { target: "membership", list: true },
      ownedProjects: { target: "project", list: true },
      assignedTasks: { target: "task", list: true },
    },
  },
  organization: {
    ids: ids("o", 3),
    fields: {
      id: { kind: "string", pool: ids("o", 3) },
      slug: { kind: "string", pool: ["acme", "beta", "empty", "e", "ACME", "%"] },
      name: { kind: "string", pool: ["Acme", "acme", "Beta", "E", "z"] },
      plan: { kind: "enum", pool: ["FREE", "PRO", "ENTERPRISE"] },
      createdAt: { kind: "date", pool: dates },
    },
    relations: { memberships: { target: "membership", list: true }, projects: { target: "project", list: true } },
  },
  membership: {
    ids: ids("m", 5),
    fields: {
      id: { kind: "string", pool: ids("m", 5) },
      organizationId: { kind: "string", pool: ids("o", 3) },
      userId: { kind: "string", pool: ids("u", 6) },
      role: { kind: "enum", pool: ["OWNER", "ADMIN", "MEMBER"] },
      createdAt: { kind: "date", pool: dates },
    },
    relations: { organization: { target: "organization", list: false }, user: { target: "user", list: false } },
  },
  project: {
    ids: ids("p", 5),
    fields: {
      id: { kind: "string", pool: ids("p", 5) },
      organizationId: { kind: "string", pool: ids("o", 3) },
      ownerId: { kind: "string", pool: ids("u", 6) },
      name: {
        kind: "string",
        pool: ["Apollo", "apollo", "APOLLO 2", "Gemini", "Zeta_%", "Hermes", "%", "_", "o", "2"],
      },
      status: { kind: "enum", pool: ["ACTIVE", "PAUSED", "COMPLETED", "ARCHIVED"] },
      tags: { kind: "list", pool: ["space", "nasa", "x y", "none"] },
      metadata: { kind: "json", pool: [{}, { tier: 1 }, { tier: 2, legacy: true }, { tier: 3 }] },
      createdAt: { kind: "date", pool: dates },
    },
    relations: {
      organization: { target: "organization", list: false },
      owner: { target: "user", list: false },
      tasks: { target: "task", list: true },
    },
  },
  task: {
    ids: ids("t", 6),
    fields: {
      id: { kind: "string", pool: ids("t", 6) },
      projectId: { kind: "string", pool: ids("p", 5) },
      title: { kind: "string", pool: ["Design", "design", "Build", "test", "TEST", "Plan", "a", "Z", "%"] },
      status: { kind: "enum", pool: ["TODO", "IN_PROGRESS", "DONE"] },
      assigneeId: { kind: "string", nullable: true, pool: ["u1", "u2", "u4", "u6"] },
      position: { kind: "int", pool: [-1, 0, 1, 2, 5, 9] },
      createdAt: { kind: "date", pool: dates },
    },
    relations: {
      project: { target: "project", list: false },
      assignee: { target: "user", list: false, optional: true },
    },
  },
  auditLog: {
    ids: [1n, 2n, 3n, 9n] as unknown as string[],
    fields: {
      id: { kind: "bigint", pool: [1n, 2n, 3n, 9n] },
      organizationId: { kind: "string", nullable: true, pool: ["o1", "o2"] },
      entityType: { kind: "string", pool: ["project", "user", "PROJECT", "j"] },
      action: { kind: "string", pool: ["created", "renamed", "deleted", "e", "%"] },
      before: {
        kind: "json",
        nullable: true,
        pool: [{ name: "A" }, [1, "x"], Prisma.DbNull, Prisma.JsonNull, Prisma.AnyNull, null],
      },
      createdAt: { kind: "date", pool: dates },
    },
    relations: {},
  },
};

const pick = <T>(pool: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...pool);
const subset = <T>(pool: readonly T[], max = 3): fc.Arbitrary<T[]> =>
  fc.uniqueArray(pick(pool), { maxLength: Math.min(max, pool.length) });

/**
 * A list that sometimes names its first element again: a nested write naming the same target twice
 * (Prisma counts a repeated where once in a connect; a nested delete fails on it with P2017).
 */
const sometimesRepeated = <T>(list: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> =>
  fc
    .tuple(list, fc.integer({ min: 0, max: 3 }))
    .map(([items, dice]) => (dice === 0 && items.length > 0 ? [...items, items[0]!] : items));

/** Drops undefined entries so generated objects look like hand-written ones. */
function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function atMostKeys(arb: fc.Arbitrary<Record<string, unknown>>, max: number): fc.Arbitrary<Record<string, unknown>> {
  return arb.map(compact).filter((o) => Object.keys(o).length >= 1 && Object.keys(o).length <= max);
}

function valueOf(spec: FieldSpec): fc.Arbitrary<unknown> {
  return spec.nullable ? fc.oneof(pick(spec.pool), fc.constant(null)) : pick(spec.pool);
}

/**
 * Operator objects for one scalar field (without `mode`). `not` takes a value, `{}` or another
 * operator object, nested down to `depth`: Prisma negates such an object operator by operator.
 */
function operatorFilter(spec: FieldSpec, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const v = pick(spec.pool);
  const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 });
  // `in: null` / `notIn: null` are IS NULL / IS NOT NULL on optional fields.
  const list = opt(
    spec.nullable
      ? fc.oneof({ weight: 4, arbitrary: subset(spec.pool) }, { weight: 1, arbitrary: fc.constant(null) })
      : subset(spec.pool),
  );
  const not = opt(
    depth <= 0
      ? valueOf(spec)
      : fc.oneof(
          { weight: 3, arbitrary: valueOf(spec) },
          { weight: 3, arbitrary: operatorFilter(spec, depth - 1) },
          { weight: 1, arbitrary: fc.constant({}) },
        ),
  );
  switch (spec.kind) {
    case "string":
      return atMostKeys(
        fc.record({
          equals: opt(valueOf(spec)),
          not,
          in: list,
          notIn: list,
          lt: opt(v),
          gte: opt(v),
          contains: opt(v),
          startsWith: opt(v),
          endsWith: opt(v),
        }),
        3,
      );
    case "int":
    case "bigint":
      return atMostKeys(
        fc.record({
          equals: opt(v),
          not,
          in: opt(subset(spec.pool)),
          notIn: opt(subset(spec.pool)),
          lt: opt(v),
          lte: opt(v),
          gt: opt(v),
          gte: opt(v),
        }),
        3,
      );
    case "enum":
      return atMostKeys(
        fc.record({ equals: opt(v), not, in: opt(subset(spec.pool)), notIn: opt(subset(spec.pool)) }),
        3,
      );
    case "date":
      return atMostKeys(fc.record({ lt: opt(v), lte: opt(v), gt: opt(v), gte: opt(v), not }), 3);
    default:
      throw new Error(`no operator filter for ${spec.kind} fields`);
  }
}

/** A filter for one scalar field: a plain value or an operator object. */
function scalarFilter(spec: FieldSpec): fc.Arbitrary<unknown> {
  const v = pick(spec.pool);
  const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 });
  switch (spec.kind) {
    case "string": {
      const withMode = fc
        .tuple(operatorFilter(spec, 2), fc.constantFrom(undefined, "insensitive", "default"))
        .map(([o, mode]) => compact({ ...o, mode }));
      return fc.oneof(valueOf(spec), withMode);
    }
    case "int":
    case "bigint":
    case "enum":
    case "date":
      return fc.oneof(v, operatorFilter(spec, 2));
    case "list":
      // The NULL list of the fixtures (p5) must match as in Prisma: `equals: null`, `isEmpty`, `hasEvery: []`.
      return atMostKeys(
        fc.record({
          has: opt(fc.oneof(v, fc.constant(null))),
          hasSome: opt(subset(spec.pool)),
          hasEvery: opt(subset(spec.pool, 2)),
          isEmpty: opt(fc.boolean()),
          equals: opt(fc.oneof(subset(spec.pool, 2), fc.constant(null))),
        }),
        2,
      );
    case "json":
      return fc.oneof(fc.record({ equals: v }), fc.record({ not: v }));
  }
}

/**
 * A relation filter with nothing defined in it: `{}`, `{ field: undefined }`, `{ is: undefined }`,
 * `{ some: undefined }` (Prisma: no filter, dropped inside AND/OR/NOT), and its neighbours that do
 * hold a condition: `{ is: {} }`, `{ isNot: {} }`, `{ some: {} }`, `{ every: { field: undefined } }`.
 */
function emptyRelationFilter(name: string, rel: RelationSpec): fc.Arbitrary<Record<string, unknown>> {
  const undefinedInner = fc.constantFrom(...Object.keys(SPECS[rel.target].fields)).map((f) => ({ [f]: undefined }));
  const inner = fc.oneof(fc.constant(undefined), fc.constant({}), undefinedInner);
  const ops = rel.list ? (["some", "every", "none"] as const) : (["is", "isNot"] as const);
  return fc.oneof(
    fc.constant({ [name]: {} }),
    ...(rel.list ? [] : [undefinedInner.map((w) => ({ [name]: w }))]),
    fc.tuple(fc.constantFrom(...ops), inner).map(([op, w]) => ({ [name]: { [op]: w } })),
  );
}

/** A `where` for `model`, nesting logical operators and relation filters up to `depth`. */
export function whereArb(model: ModelKey, depth = 2): fc.Arbitrary<Record<string, unknown>> {
  const spec = SPECS[model];
  const scalarEntries = Object.entries(spec.fields).map(([name, f]) =>
    scalarFilter(f).map((filter) => ({ [name]: filter })),
  );
  const emptyRelations = Object.entries(spec.relations).map(([name, rel]) => emptyRelationFilter(name, rel));
  // Empty relation filters are leaves: they appear at every depth, also inside AND/OR/NOT.
  const leaf =
    emptyRelations.length === 0
      ? fc.oneof(...scalarEntries)
      : fc.oneof(
          { weight: 5, arbitrary: fc.oneof(...scalarEntries) },
          { weight: 1, arbitrary: fc.oneof(...emptyRelations) },
        );
  if (depth <= 0) return leaf;
  const relationEntries = Object.entries(spec.relations).map(([name, rel]) => {
    const inner = whereArb(rel.target, depth - 1);
    if (rel.list)
      return fc.tuple(fc.constantFrom("some", "every", "none"), inner).map(([op, w]) => ({ [name]: { [op]: w } }));
    const nullable = rel.optional === true;
    return fc.oneof(
      inner.map((w) => ({ [name]: w })),
      inner.map((w) => ({ [name]: { is: w } })),
      inner.map((w) => ({ [name]: { isNot: w } })),
      ...(nullable ? [fc.constant({ [name]: null }), fc.constant({ [name]: { isNot: null } })] : []),
    );
  });
  const sub = whereArb(model, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    {
      weight: relationEntries.length > 0 ? 2 : 0,
      arbitrary: relationEntries.length > 0 ? fc.oneof(...relationEntries) : leaf,
    },
    { weight: 1, arbitrary: fc.array(sub, { minLength: 0, maxLength: 3 }).map((list) => ({ AND: list })) },
    { weight: 1, arbitrary: fc.array(sub, { minLength: 0, maxLength: 3 }).map((list) => ({ OR: list })) },
    { weight: 1, arbitrary: fc.oneof(sub, fc.array(sub, { maxLength: 2 })).map((not) => ({ NOT: not })) },
    { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, ...b })) },
  );
}

interface OrderArb {
  orderBy: Record<string, unknown>[];
}

/**
 * A total order: random keys (also nullable ones, `nulls`, Json, relation fields through optional
 * relations: a cursor may be used with any of them), then the primary key.
 */
export function orderArb(model: ModelKey): fc.Arbitrary<OrderArb> {
  const spec = SPECS[model];
  const keys: fc.Arbitrary<Record<string, unknown>>[] = Object.entries(spec.fields)
    .filter(([, f]) => f.kind !== "list")
    .map(([name]) =>
      fc.oneof(
        fc.constantFrom("asc", "desc").map((d) => ({ [name]: d })),
        fc
          .tuple(fc.constantFrom("asc", "desc"), fc.constantFrom("first", "last"))
          .map(([sort, nulls]) => ({ [name]: { sort, nulls } })),
      ),
    );
  for (const [name, rel] of Object.entries(spec.relations)) {
    if (rel.list) keys.push(fc.constantFrom("asc", "desc").map((d) => ({ [name]: { _count: d } })));
    else {
      const target = SPECS[rel.target];
      const field = Object.keys(target.fields).find((f) => f !== "id" && target.fields[f]!.kind === "string")!;
      keys.push(fc.constantFrom("asc", "desc").map((d) => ({ [name]: { [field]: d } })));
    }
  }
  return fc
    .tuple(fc.array(fc.oneof(...keys), { maxLength: 2 }), fc.constantFrom("asc", "desc"))
    .map(([list, idDir]) => ({
      orderBy: [...list, { id: idDir }],
    }));
}

/** select / include / omit for `model`, with nested relations down to `depth`. */
export function selectionArb(model: ModelKey, depth = 2): fc.Arbitrary<Record<string, unknown>> {
  const spec = SPECS[model];
  const scalarNames = Object.keys(spec.fields);
  const listRelations = Object.entries(spec.relations).filter(([, r]) => r.list);
  const relationValue = (rel: RelationSpec): fc.Arbitrary<unknown> => {
    if (depth <= 0) return fc.constant(true);
    const nested = selectionArb(rel.target, depth - 1);
    if (!rel.list) return fc.oneof(fc.constant(true), nested);
    const paging = fc.record(
      {
        where: whereArb(rel.target, 1),
        order: orderArb(rel.target),
        take: fc.integer({ min: -3, max: 3 }).filter((n) => n !== 0),
        skip: fc.integer({ min: 0, max: 2 }),
      },
      { requiredKeys: [] },
    );
    return fc.oneof(
      fc.constant(true),
      fc.tuple(nested, paging).map(([sel, p]) =>
        compact({
          ...sel,
          where: p.where,
          // Pagination only with a total order, so both clients must agree on which rows.
          orderBy: p.order?.orderBy ?? (p.take !== undefined || p.skip !== undefined ? [{ id: "asc" }] : undefined),
          take: p.take,
          skip: p.skip,
        }),
      ),
    );
  };
  const counts =
    listRelations.length === 0
      ? fc.constant(undefined)
      : fc.option(
          fc.oneof(
            fc.constant(true),
            fc
              .uniqueArray(fc.constantFrom(...listRelations), {
                minLength: 1,
                maxLength: listRelations.length,
                selector: ([n]) => n,
              })
              .chain((rels) =>
                fc
                  .tuple(
                    ...rels.map(([, rel]) =>
                      fc.oneof(
                        fc.constant(true),
                        whereArb(rel.target, 0).map((where) => ({ where })),
                      ),
                    ),
                  )
                  .map((specs) => ({ select: Object.fromEntries(rels.map(([name], i) => [name, specs[i]])) })),
              ),
          ),
          { nil: undefined },
        );
  const relationEntries = Object.entries(spec.relations);
  const relations = (
    relationEntries.length === 0
      ? fc.constant([] as typeof relationEntries)
      : fc.uniqueArray(fc.constantFrom(...relationEntries), { maxLength: 2, selector: ([n]) => n })
  ).chain((rels) =>
    fc
      .tuple(...rels.map(([, rel]) => relationValue(rel)))
      .map((values) => Object.fromEntries(rels.map(([name], i) => [name, values[i]]))),
  );
  const select = fc
    .tuple(fc.uniqueArray(fc.constantFrom(...scalarNames), { minLength: 1, maxLength: 3 }), relations, counts)
    .map(([scalars, rels, count]) => ({
      select: compact({ ...Object.fromEntries(scalars.map((s) => [s, true])), ...rels, _count: count }),
    }));
  const include = fc
    .tuple(relations, counts)
    .map(([rels, count]) => compact({ ...rels, _count: count }))
    .filter((inc) => Object.keys(inc).length > 0)
    .map((inc) => ({ include: inc }));
  const omit = fc
    .uniqueArray(fc.constantFrom(...scalarNames.filter((n) => n !== "id")), { minLength: 1, maxLength: 2 })
    .map((names) => ({ omit: Object.fromEntries(names.map((n) => [n, true])) }));
  // A model without relations has nothing to include.
  return relationEntries.length === 0
    ? fc.oneof(fc.constant({}), select, omit)
    : fc.oneof(fc.constant({}), select, include, omit);
}

export interface ReadCase {
  model: ModelKey;
  op:
    | "findMany"
    | "findFirst"
    | "findUnique"
    | "findUniqueOrThrow"
    | "findFirstOrThrow"
    | "count"
    | "aggregate"
    | "groupBy";
  args: Record<string, unknown>;
  /** The top-level rows come back in a defined order. */
  ordered: boolean;
}

const MODELS: ModelKey[] = ["user", "organization", "membership", "project", "task", "auditLog"];

/** An order key that can be NULL: a nullable field, or a field read through an optional relation. */
function hasNullableKey(model: ModelKey, orderBy: Record<string, unknown>[]): boolean {
  const spec = SPECS[model];
  return orderBy.some((key) =>
    Object.keys(key).some((name) => spec.fields[name]?.nullable === true || spec.relations[name]?.optional === true),
  );
}

function findManyArb(model: ModelKey): fc.Arbitrary<ReadCase> {
  const spec = SPECS[model];
  return fc
    .record(
      {
        where: whereArb(model),
        order: orderArb(model),
        take: fc.integer({ min: -4, max: 4 }),
        skip: fc.integer({ min: 0, max: 3 }),
        cursor: pick(spec.ids),
        distinct: fc.uniqueArray(
          fc.constantFrom(
            ...Object.keys(spec.fields).filter(
              (f) => spec.fields[f]!.kind !== "json" && spec.fields[f]!.kind !== "list" && f !== "id",
            ),
          ),
          {
            minLength: 1,
            maxLength: 2,
          },
        ),
        selection: selectionArb(model),
      },
      { requiredKeys: ["selection"] },
    )
    .map((r) => {
      const cursor = r.cursor !== undefined ? { id: r.cursor } : undefined;
      // distinct keeps the first row per group: only defined under a total order; the facade
      // refuses it with a cursor over nullable keys.
      const distinct =
        r.distinct !== undefined && r.order !== undefined && !(cursor && hasNullableKey(model, r.order.orderBy))
          ? r.distinct
          : undefined;
      const args = compact({
        ...r.selection,
        where: r.where,
        orderBy: r.order?.orderBy,
        take: r.take,
        skip: r.skip,
        cursor,
        distinct,
      });
      const ordered = r.order !== undefined || r.take !== undefined || r.skip !== undefined || cursor !== undefined;
      return { model, op: "findMany" as const, args, ordered };
    });
}

function findFirstArb(model: ModelKey): fc.Arbitrary<ReadCase> {
  return fc
    .tuple(
      fc.constantFrom("findFirst" as const, "findFirstOrThrow" as const),
      whereArb(model),
      orderArb(model),
      fc.constantFrom(undefined, 1, -1),
      selectionArb(model, 1),
    )
    .map(([op, where, order, take, selection]) => ({
      model,
      op,
      args: compact({ ...selection, where, orderBy: order.orderBy, take }),
      ordered: true,
    }));
}

function findUniqueArb(model: ModelKey): fc.Arbitrary<ReadCase> {
  const spec = SPECS[model];
  return fc
    .tuple(fc.constantFrom("findUnique" as const, "findUniqueOrThrow" as const), pick(spec.ids), selectionArb(model))
    .map(([op, id, selection]) => ({ model, op, args: { ...selection, where: { id } }, ordered: true }));
}

function numericFields(model: ModelKey): string[] {
  return Object.entries(SPECS[model].fields)
    .filter(([, f]) => f.kind === "int" || f.kind === "bigint")
    .map(([n]) => n);
}

function comparableFields(model: ModelKey): string[] {
  return Object.entries(SPECS[model].fields)
    .filter(([, f]) => f.kind !== "json" && f.kind !== "list")
    .map(([n]) => n);
}

function countArb(model: ModelKey): fc.Arbitrary<ReadCase> {
  return fc
    .record(
      {
        where: whereArb(model),
        take: fc.integer({ min: 0, max: 4 }),
        skip: fc.integer({ min: 0, max: 3 }),
        select: fc.uniqueArray(fc.constantFrom("_all", ...comparableFields(model)), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((r) => ({
      model,
      op: "count" as const,
      args: compact({
        where: r.where,
        take: r.take,
        skip: r.skip,
        select: r.select && Object.fromEntries(r.select.map((f) => [f, true])),
      }),
      ordered: true,
    }));
}

function aggregateArb(model: ModelKey): fc.Arbitrary<ReadCase> {
  const numeric = numericFields(model);
  const comparable = comparableFields(model);
  const fields = (names: string[]) =>
    fc
      .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 2 })
      .map((list) => Object.fromEntries(list.map((n) => [n, true])));
  return fc
    .record(
      {
        where: whereArb(model, 1),
        _count: fc.oneof(fc.constant(true), fields(["_all", ...comparable])),
        _min: fields(comparable),
        _max: fields(comparable),
        ...(numeric.length > 0 ? { _sum: fields(numeric), _avg: fields(numeric) } : {}),
        take: fc.integer({ min: 0, max: 4 }),
      },
      { requiredKeys: [] },
    )
    .map((args) => ({ model, op: "aggregate" as const, args: compact(args), ordered: true }));
}

function groupByArb(model: ModelKey): fc.Arbitrary<ReadCase> {
  const groupable = Object.entries(SPECS[model].fields)
    .filter(([n, f]) => (f.kind === "enum" || f.kind === "string" || f.kind === "int") && n !== "id")
    .map(([n]) => n);
  const numeric = numericFields(model);
  return fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...groupable), { minLength: 1, maxLength: 2 }),
      fc.option(whereArb(model, 1), { nil: undefined }),
      fc.boolean(),
      fc.constantFrom("asc", "desc"),
    )
    .chain(([by, where, withHaving, dir]) =>
      fc
        .record({
          havingCount: fc.integer({ min: 0, max: 2 }),
          take: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        })
        .map(({ havingCount, take }) => ({
          model,
          op: "groupBy" as const,
          args: compact({
            by,
            where,
            _count: { _all: true, [by[0]!]: true },
            ...(numeric.length > 0
              ? { _sum: { [numeric[0]!]: true }, _max: { [numeric[0]!]: true } }
              : { _max: { [by[0]!]: true } }),
            having: withHaving ? { [by[0]!]: { _count: { gt: havingCount } } } : undefined,
            // Order by every grouped field: groups are unique on them, so the order is total.
            orderBy: by.map((f) => ({ [f]: dir })),
            take,
          }),
          ordered: true,
        })),
    );
}

/** Any read operation over any model. */
export const readCaseArb: fc.Arbitrary<ReadCase> = fc
  .constantFrom(...MODELS)
  .chain((model) =>
    fc.oneof(
      { weight: 5, arbitrary: findManyArb(model) },
      { weight: 2, arbitrary: findFirstArb(model) },
      { weight: 2, arbitrary: findUniqueArb(model) },
      { weight: 1, arbitrary: countArb(model) },
      { weight: 1, arbitrary: aggregateArb(model) },
      { weight: 1, arbitrary: groupByArb(model) },
    ),
  );

export interface WriteCase {
  /** Client property of the model (any model of the schema, not only those with a spec). */
  model: string;
  op: string;
  args: Record<string, unknown>;
  /**
   * Run through a transaction client kept after its transaction committed (issue #11 class 5):
   * both clients must refuse it (P2028) and write nothing.
   */
  leaked?: true;
}

const newUser = fc.record({
  email: fc.constantFrom("new@example.com", "ada@example.com", "NEW2@example.com"),
  name: fc.constantFrom("New", "Ada"),
});

/** Writes, each later run inside a rolled-back transaction on both clients. */
const directWriteCaseArb: fc.Arbitrary<WriteCase> = fc.oneof(
  fc
    .tuple(newUser, selectionArb("user", 1))
    .map(([data, sel]) => ({ model: "user" as const, op: "create", args: { ...sel, data } })),
  fc
    .tuple(newUser, fc.constantFrom("o1", "o2", "ozz"), fc.constantFrom("OWNER", "MEMBER"), fc.boolean())
    .map(([user, org, role, viaConnect]) => ({
      model: "user" as const,
      op: "create",
      args: {
        data: {
          ...user,
          memberships: {
            create: viaConnect ? { role, organization: { connect: { id: org } } } : { role, organizationId: org },
          },
        },
        include: { memberships: true },
      },
    })),
  fc
    .tuple(
      pick(SPECS.task.ids),
      fc.constantFrom(undefined, "TODO", "DONE"),
      fc.option(fc.integer({ min: -2, max: 3 }), { nil: undefined }),
      fc.constantFrom(undefined, null, "u1", "u3", "uzz"),
    )
    .map(([id, status, inc, assigneeId]) => ({
      model: "task" as const,
      op: "update",
      args: {
        where: { id },
        data: compact({ status, position: inc === undefined ? undefined : { increment: inc }, assigneeId }),
        include: { assignee: { select: { email: true } } },
      },
    })),
  fc
    .tuple(pick(SPECS.project.ids), fc.constantFrom("space", "new"), fc.constantFrom(undefined, { k: "v" }))
    .map(([id, tag, metadata]) => ({
      model: "project" as const,
      op: "update",
      args: {
        where: { id },
        data: compact({ tags: { push: tag }, metadata }),
        select: { tags: true, metadata: true, _count: true },
      },
    })),
  fc
    .tuple(whereArb("task", 1), fc.integer({ min: 0, max: 9 }))
    .map(([where, position]) => ({ model: "task" as const, op: "updateMany", args: { where, data: { position } } })),
  fc.tuple(whereArb("task", 1)).map(([where]) => ({ model: "task" as const, op: "deleteMany", args: { where } })),
  fc.tuple(pick(SPECS.user.ids)).map(([id]) => ({
    model: "user" as const,
    op: "delete",
    args: { where: { id }, select: { id: true, email: true } },
  })),
  fc
    .tuple(
      fc.constantFrom("1.0.0", "9.9.9"),
      fc.constantFrom("linux-x64", "darwin-arm64"),
      fc.constantFrom({ count: { increment: 1 } }, { url: "https://example.com/new" }, {}),
    )
    .map(([version, platform, update]) => ({
      model: "download",
      op: "upsert",
      args: {
        where: { version_platform: { version, platform } },
        create: { version, platform, url: "https://example.com/c" },
        update,
      },
    })),
  fc
    .tuple(fc.constantFrom("p1", "p4", "pzz"), fc.integer({ min: 1, max: 3 }), fc.boolean())
    .map(([projectId, n, skipDuplicates]) => ({
      model: "task" as const,
      op: "createMany",
      args: {
        data: Array.from({ length: n }, (_, i) => ({
          id: i === 0 ? "t1" : `tnew${i}`,
          projectId,
          title: `T${i}`,
          position: i,
        })),
        skipDuplicates,
      },
    })),
  fc
    .tuple(fc.constantFrom("m1", "m3", "mzz"), fc.constantFrom("ADMIN", "OWNER"))
    .map(([id, role]) => ({ model: "membership" as const, op: "update", args: { where: { id }, data: { role } } })),
  // Nested writes through to-many relations in an update.
  fc
    .tuple(
      pick(SPECS.project.ids),
      fc.record(
        {
          create: fc.constantFrom([], { title: "New", position: 7 }, [
            { title: "A", position: 1 },
            { id: "t1", title: "dup", position: 2 },
          ]),
          createMany: fc.constantFrom(
            {
              data: [
                { title: "M1", position: 3 },
                { title: "M2", position: 4, status: "DONE" },
              ],
            },
            { data: [{ id: "t2", title: "dup", position: 0 }], skipDuplicates: true },
          ),
          connect: fc.constantFrom([], { id: "t5" }, [{ id: "t6" }, { id: "tzz" }], [{ id: "t5" }, { id: "t5" }]),
          connectOrCreate: fc.constantFrom(
            [],
            [
              { where: { id: "t5" }, create: { id: "t5", title: "c1", position: 1 } },
              { where: { id: "t5" }, create: { id: "t5", title: "c2", position: 2 } },
            ],
            [
              { where: { id: "tnew" }, create: { id: "tnew", title: "c1", position: 1 } },
              { where: { id: "tnew" }, create: { id: "tnew", title: "c2", position: 2 } },
            ],
            [
              { where: { id: "tnew" }, create: { id: "tnew1", title: "c1", position: 1 } },
              { where: { id: "tnew" }, create: { id: "tnew2", title: "c2", position: 2 } },
            ],
          ),
          deleteMany: fc.constantFrom([], { status: "DONE" }, [{ position: { gt: 0 } }], {}),
          updateMany: fc.constantFrom([], { where: { status: "TODO" }, data: { status: "IN_PROGRESS" } }, [
            { where: {}, data: { position: { increment: 10 } } },
          ]),
          update: fc.constantFrom(
            [],
            { where: { id: "t1" }, data: { title: "Renamed" } },
            { where: { id: "t5" }, data: { title: "x" } },
            [
              { where: { id: "t1" }, data: { title: "first", position: { increment: 1 } } },
              { where: { id: "t1" }, data: { title: "second", position: { increment: 1 } } },
            ],
          ),
          delete: fc.constantFrom([], { id: "t3" }, [{ id: "t2" }, { id: "t5" }], [{ id: "t1" }, { id: "t1" }]),
          upsert: fc.constantFrom(
            [],
            { where: { id: "t1" }, create: { title: "c", position: 0 }, update: { title: "u" } },
            { where: { id: "tnew" }, create: { id: "tnew", title: "c", position: 0 }, update: { title: "u" } },
            [
              { where: { id: "tnew" }, create: { id: "tnew", title: "c", position: 0 }, update: { title: "u1" } },
              { where: { id: "tnew" }, create: { id: "tnew", title: "c", position: 0 }, update: { title: "u2" } },
            ],
            [
              { where: { id: "t1" }, create: { id: "tnew", title: "c", position: 0 }, update: { title: "u1" } },
              { where: { id: "t1" }, create: { id: "tnew", title: "c", position: 0 }, update: { title: "u2" } },
            ],
          ),
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom(undefined, "Renamed project"),
    )
    .filter(([, tasks]) => Object.keys(tasks).length > 0)
    .map(([id, tasks, name]) => ({
      model: "project",
      op: "update",
      args: {
        where: { id },
        data: compact({ name, tasks }),
        include: {
          tasks: {
            orderBy: [{ position: "asc" }, { title: "asc" }],
            select: { title: true, position: true, status: true },
          },
        },
      },
    })),
  // Nested writes through nullable and required to-one relations in an update.
  fc
    .tuple(
      pick(SPECS.task.ids),
      fc.constantFrom<Record<string, unknown>>(
        { assignee: { connect: { id: "u3" } } },
        { assignee: { connect: { id: "uzz" } } },
        { assignee: { disconnect: true } },
        { assignee: { create: { email: "made@example.com", name: "Made" } } },
        {
          assignee: {
            connectOrCreate: { where: { email: "ada@example.com" }, create: { email: "ada@example.com", name: "x" } },
          },
        },
        { assignee: { update: { name: "Updated" } } },
        { project: { connect: { id: "p4" } } },
        { project: { update: { data: { name: "via task" } } } },
      ),
    )
    .map(([id, data]) => ({
      model: "task",
      op: "update",
      args: { where: { id }, data, include: { assignee: true, project: { select: { name: true } } } },
    })),
  fc
    .tuple(
      fc.constantFrom("o1", "o3"),
      fc.constantFrom(
        [{ role: "MEMBER", userId: "u5" }],
        [
          { role: "ADMIN", userId: "u6" },
          { role: "OWNER", userId: "u1" },
        ],
      ),
    )
    .map(([organizationId, rows]) => ({
      model: "membership",
      op: "createManyAndReturn",
      args: {
        data: rows.map((r) => ({ ...r, organizationId })),
        select: { userId: true, role: true, organization: { select: { slug: true } } },
      },
    })),
  fc.tuple(whereArb("task", 1), fc.constantFrom("DONE", "TODO")).map(([where, status]) => ({
    model: "task",
    op: "updateManyAndReturn",
    args: { where, data: { status }, select: { id: true, status: true } },
  })),
  fc
    .tuple(fc.constantFrom("u1", "u2", "uzz"), fc.constantFrom("ada@example.com", "other@example.com"))
    .map(([id, email]) => ({ model: "user", op: "update", args: { where: { id }, data: { email } } })),
  fc.tuple(fc.constantFrom("p1", "p2"), fc.constantFrom({ space: true }, [1, "two"], "text")).map(([id, metadata]) => ({
    model: "project",
    op: "update",
    args: { where: { id }, data: { metadata, tags: { set: ["z"] } }, select: { metadata: true, tags: true } },
  })),
  fc.constantFrom("s1", "s2").map((id) => ({
    model: "session",
    op: "delete",
    args: { where: { id }, include: { user: { select: { email: true } } } },
  })),
  fc.tuple(fc.constantFrom("o1", "o2"), fc.constantFrom("u1", "u5")).map(([organizationId, userId]) => ({
    model: "membership",
    op: "delete",
    args: { where: { organizationId_userId: { organizationId, userId } } },
  })),
  fc.tuple(fc.constantFrom("o1", "o3"), fc.constantFrom("u3", "u5", "u6")).map(([organizationId, userId]) => ({
    model: "membership" as const,
    op: "upsert",
    args: {
      where: { organizationId_userId: { organizationId, userId } },
      create: { organizationId, userId, role: "MEMBER" },
      update: { role: "ADMIN" },
      include: { user: true },
    },
  })),
  // One row named twice in a nested list: by the same where, or by its id and another unique field
  // (a session's token hash, a membership's organization and user), existing or not, connected or not.
  fc
    .tuple(
      fc.constantFrom("u1", "u2"),
      fc.constantFrom("connect", "set", "disconnect", "delete"),
      fc.constantFrom<unknown[]>(
        [{ id: "s1" }, { tokenHash: "a".repeat(64) }],
        [{ id: "s1" }, { id: "s1" }],
        [{ tokenHash: "b".repeat(64) }, { id: "s2" }, { id: "s1" }],
        [{ id: "szz" }, { id: "szz" }],
      ),
    )
    .map(([id, op, wheres]) => ({
      model: "user",
      op: "update",
      args: {
        where: { id },
        data: { sessions: { [op]: wheres } },
        include: { sessions: { select: { id: true }, orderBy: { id: "asc" } } },
      },
    })),
  fc
    .tuple(
      fc.constantFrom("o1", "o2"),
      fc.constantFrom("connect", "set", "disconnect", "delete", "update", "connectOrCreate"),
      fc.constantFrom<unknown[]>(
        [{ id: "m1" }, { organizationId_userId: { organizationId: "o1", userId: "u1" } }],
        [{ id: "m5" }, { id: "m5" }],
      ),
    )
    .map(([id, op, wheres]) => ({
      model: "organization",
      op: "update",
      args: {
        where: { id },
        data: {
          memberships: {
            [op]: wheres.map((where, i) =>
              op === "update"
                ? { where, data: { role: i === 0 ? "ADMIN" : "MEMBER" } }
                : op === "connectOrCreate"
                  ? { where, create: { id: `mnew${i}`, userId: "u6", role: "MEMBER" } }
                  : where,
            ),
          },
        },
        include: { memberships: { select: { id: true, role: true }, orderBy: { id: "asc" } } },
      },
    })),
  // Issue #11 class 4: set/connect/disconnect through an optional to-many relation, naming rows
  // whose foreign key is NULL (t3, t5), rows of another parent, and rows that do not exist.
  fc
    .tuple(
      fc.constantFrom("u1", "u2", "u6", "uzz"),
      fc.constantFrom("set", "connect", "disconnect"),
      sometimesRepeated(subset(["t1", "t2", "t3", "t4", "t5", "tzz"], 3)),
    )
    .map(([id, op, taskIds]) => ({
      model: "user",
      op: "update",
      args: {
        where: { id },
        data: { assignedTasks: { [op]: taskIds.map((t) => ({ id: t })) } },
        include: { assignedTasks: { select: { id: true }, orderBy: { id: "asc" } } },
      },
    })),
  // Nested set through a required to-many relation: P2014 when a row would be left behind.
  fc
    .tuple(fc.constantFrom("p1", "p3"), sometimesRepeated(subset(["t1", "t2", "t3", "t4", "t5", "tzz"], 4)))
    .map(([id, taskIds]) => ({
      model: "project",
      op: "update",
      args: {
        where: { id },
        data: { tasks: { set: taskIds.map((t) => ({ id: t })) } },
        include: { tasks: { select: { id: true }, orderBy: { id: "asc" } } },
      },
    })),
  // Disconnect and delete through a required to-many relation (P2014, P2017), rows of another parent or missing.
  fc
    .tuple(
      fc.constantFrom("p1", "p2"),
      fc.constantFrom("disconnect", "delete"),
      sometimesRepeated(subset(["t1", "t4", "tzz"], 2)),
    )
    .map(([id, op, taskIds]) => ({
      model: "project",
      op: "update",
      args: { where: { id }, data: { tasks: { [op]: taskIds.map((t) => ({ id: t })) } }, select: { id: true } },
    })),
  // Every nested operation with operands of every shape — empty lists, booleans, `{ data: [] }` —
  // through to-one and to-many relations, required and optional, under existing and missing
  // parents: Prisma's input validation and its missing-parent rules.
  fc
    .tuple(
      fc.constantFrom(
        ["project", "p1", "tasks"],
        ["project", "pzz", "tasks"],
        ["user", "u1", "assignedTasks"],
        ["user", "uzz", "assignedTasks"],
        ["task", "t1", "assignee"],
        ["task", "t3", "assignee"],
        ["task", "tzz", "project"],
        ["organization", "ozz", "memberships"],
      ),
      fc.constantFrom(
        "create",
        "createMany",
        "connect",
        "connectOrCreate",
        "set",
        "disconnect",
        "delete",
        "update",
        "updateMany",
        "upsert",
        "deleteMany",
      ),
      // Not `false`: Prisma 7.10 disconnects on `disconnect: false` (a documented divergence, pinned in
      // compat-regressions-writes.test.ts).
      fc.constantFrom<unknown>([], true, { data: [] }),
    )
    .map(([[model, id, relation], op, operand]) => ({
      model,
      op: "update",
      args: { where: { id }, data: { [relation]: { [op]: operand } }, select: { id: true } },
    })),
  // Values Prisma converts or the database rejects: floats for Int, out of range, division by zero, NUL bytes.
  fc
    .tuple(
      pick(SPECS.task.ids),
      fc.constantFrom<Record<string, unknown>>(
        { position: 2.5 },
        { position: -0.5 },
        { position: 2147483648 },
        { position: { divide: 0 } },
        { position: { increment: 1.5 } },
        { title: "nul\u0000" },
      ),
    )
    .map(([id, data]) => ({
      model: "task",
      op: "update",
      args: { where: { id }, data, select: { position: true, title: true } },
    })),
  // Issue #11 class 3: nested to-one update with a `where` that matches the related row or not
  // (and tasks without an assignee, t3 and t5).
  fc
    .tuple(
      pick(SPECS.task.ids),
      fc.oneof(
        whereArb("user", 0).map((where) => ({ assignee: { update: { where, data: { name: "Updated" } } } })),
        whereArb("project", 0).map((where) => ({ project: { update: { where, data: { name: "Updated" } } } })),
        fc.constantFrom<Record<string, unknown>>(
          { assignee: { update: { where: { memberships: { some: { role: "OWNER" } } }, data: { name: "Owner" } } } },
          { project: { update: { where: { tasks: { some: { status: "DONE" } } }, data: { status: "COMPLETED" } } } },
        ),
      ),
    )
    .map(([id, data]) => ({
      model: "task",
      op: "update",
      args: { where: { id }, data, include: { assignee: true, project: { select: { name: true, status: true } } } },
    })),
);

/** Every write, one in twenty through a leaked transaction client. */
export const writeCaseArb: fc.Arbitrary<WriteCase> = fc
  .tuple(directWriteCaseArb, fc.integer({ min: 0, max: 19 }))
  .map(([c, dice]) => (dice === 0 ? { ...c, leaked: true as const } : c));
