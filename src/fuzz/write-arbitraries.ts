/**
 * fast-check generators of Prisma Client writes for any schema: create (unchecked, with foreign
 * keys as scalars, or checked, with relations connected and created, to-many children created
 * nested), createMany, update (scalar sets, numeric operators, list push/set, connect/disconnect/
 * set through to-one, to-many and many-to-many relations, and delete/update of connected rows, a
 * target sometimes named twice in one list; foreign keys set directly), updateMany,
 * upsert, delete and deleteMany. Each is run inside a transaction that rolls back.
 *
 * Values a client would generate itself (ids, cuid/uuid/nanoid/ulid defaults, autoincrement,
 * `dbgenerated`) are given explicitly, so the two clients write the same rows and the comparison
 * needs no masking beyond "now" timestamps. Some given values repeat a seeded one on purpose: the
 * unique-violation errors are compared too.
 */
import fc from "fast-check";
import type { FieldSpec, ModelSpec, RelationSpec } from "./model-spec.ts";
import {
  type FuzzCase,
  type FuzzContext,
  modelOf,
  poolOf,
  selectionArb,
  uniqueWhereArb,
  whereArb,
} from "./read-arbitraries.ts";
import { fieldValue } from "./values.ts";

const compact = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));

/** Value numbers of new rows: 0 repeats the first seeded row's values (a unique conflict), the others are new. */
const NEW_VALUE = fc.constantFrom(0, 201, 202, 203, 204);

/** A timestamp default Prisma fills with "now" (masked in the comparison), not a date or time of day. */
function isNowLike(field: FieldSpec): boolean {
  return field.kind === "date" && field.native !== "Date" && field.native !== "Time" && field.native !== "Timetz";
}

/** The own scalar fields of a new row (foreign keys excluded). */
function scalarData(model: ModelSpec, n: number): fc.Arbitrary<Record<string, unknown>> {
  const parts = model.scalars
    .filter((f) => !f.isForeignKey && !f.isUpdatedAt)
    .map((f): fc.Arbitrary<readonly [string, unknown]> => {
      const value = fc.constant(fieldValue(f, n));
      // Generated defaults are given (see above); a "now" default may be left to the client.
      if (f.hasDefault && isNowLike(f)) return fc.option(value, { nil: undefined }).map((v) => [f.name, v] as const);
      if (f.hasDefault || !f.nullable) return value.map((v) => [f.name, v] as const);
      return fc.constantFrom(undefined, null, fieldValue(f, n)).map((v) => [f.name, v] as const);
    });
  return fc.tuple(...parts).map((entries) => compact(Object.fromEntries(entries)));
}

/** A seeded row of `model` (or a missing one), as the foreign key values of `relation`. */
function foreignKeyArb(ctx: FuzzContext, relation: RelationSpec): fc.Arbitrary<Record<string, unknown>> {
  const parents = ctx.rows.get(relation.target) ?? [];
  const target = modelOf(ctx, relation.target);
  const missing = Object.fromEntries(
    relation.toFields.map((f) => [
      f,
      fieldValue(
        target.scalars.find((s) => s.name === f)!,
        97,
      ),
    ]),
  );
  return fc
    .constantFrom(...parents, missing)
    .map((p) => Object.fromEntries(relation.fromFields.map((f, k) => [f, p[relation.toFields[k]!]])));
}

/** Unchecked create data: own scalars and every required foreign key (optional ones sometimes). */
function uncheckedCreate(ctx: FuzzContext, model: ModelSpec, n: number): fc.Arbitrary<Record<string, unknown>> {
  const owned = model.relations.filter((r) => r.isOwner);
  const keys = owned.map((r) =>
    r.optional ? fc.option(foreignKeyArb(ctx, r), { nil: undefined }) : foreignKeyArb(ctx, r),
  );
  return fc
    .tuple(scalarData(model, n), ...keys)
    .map(([data, ...fks]) => Object.assign({}, data, ...fks.filter(Boolean)) as Record<string, unknown>);
}

/** A model whose rows need no other row: it can be created nested anywhere. */
function isFreestanding(model: ModelSpec): boolean {
  return model.relations.every((r) => !r.isOwner || r.optional);
}

/** Checked create data: own scalars, relations connected (or created when freestanding), children created. */
function checkedCreate(ctx: FuzzContext, model: ModelSpec, n: number): fc.Arbitrary<Record<string, unknown>> {
  const relationParts = model.relations.map((r): fc.Arbitrary<readonly [string, unknown]> => {
    const target = modelOf(ctx, r.target);
    const connect = uniqueWhereArb(ctx, target).map((where) => ({ connect: r.list ? [where] : where }));
    const childRequiresUs =
      !r.isOwner &&
      !r.manyToMany &&
      target.relations.filter((t) => t.isOwner && !t.optional).every((t) => t.relationName === r.relationName);
    const create =
      (r.isOwner && isFreestanding(target)) || childRequiresUs
        ? scalarData(target, n + 10).map((data) => ({ create: r.list ? [data] : data }))
        : undefined;
    const options = [connect, ...(create ? [create] : [])];
    const required = r.isOwner && !r.optional;
    return (required ? fc.oneof(...options) : fc.option(fc.oneof(...options), { nil: undefined, freq: 2 })).map(
      (v) => [r.name, v] as const,
    );
  });
  return fc
    .tuple(scalarData(model, n), ...relationParts)
    .map(([data, ...rels]) => ({ ...data, ...compact(Object.fromEntries(rels)) }));
}

function createArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return NEW_VALUE.chain((n) =>
    fc.tuple(fc.oneof(uncheckedCreate(ctx, model, n), checkedCreate(ctx, model, n)), selectionArb(ctx, model, 1)),
  ).map(([data, selection]) => ({
    model: model.delegate,
    op: "create",
    args: { ...selection, data },
    ordered: true,
    write: true,
  }));
}

function createManyArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.uniqueArray(NEW_VALUE, { minLength: 1, maxLength: 2 }), fc.boolean())
    .chain(([ns, skipDuplicates]) =>
      fc.tuple(...ns.map((n) => uncheckedCreate(ctx, model, n))).map((data) => ({ data, skipDuplicates })),
    )
    .map((args) => ({ model: model.delegate, op: "createMany", args, ordered: true, write: true }));
}

const NUMERIC_OPS = ["increment", "decrement", "multiply"] as const;

/** One scalar change: a set (seeded value, new value, null) or a numeric/list operator. */
function scalarChange(ctx: FuzzContext, model: ModelSpec, field: FieldSpec): fc.Arbitrary<readonly [string, unknown]> {
  const pool = poolOf(ctx, model, field);
  if (field.list)
    return fc
      .oneof(
        fc.constant({ set: fieldValue(field, 202) }),
        fc.constantFrom(...pool).map((v) => ({ push: v })),
      )
      .map((v) => [field.name, v] as const);
  const sets: fc.Arbitrary<unknown>[] = [fc.constantFrom(...pool), ...(field.nullable ? [fc.constant(null)] : [])];
  if (["int", "bigint", "float", "decimal"].includes(field.kind)) {
    const amount = field.kind === "bigint" ? 2n : field.kind === "float" ? 1.5 : 2;
    sets.push(fc.constantFrom(...NUMERIC_OPS).map((op) => ({ [op]: amount })));
  }
  return fc.oneof(...sets).map((v) => [field.name, v] as const);
}

/**
 * A list of unique wheres for a nested to-many operation; sometimes one where twice, the same target
 * named again (Prisma counts it once in a connect, and a nested delete fails on it with P2017).
 */
function whereListArb(where: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(where, { maxLength: 2 }) },
    { weight: 1, arbitrary: where.map((w) => [w, w]) },
  );
}

/** Nested updates of connected rows, sometimes two naming the same row (both run, in order). */
function nestedUpdateListArb(
  ctx: FuzzContext,
  target: ModelSpec,
  where: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown[]> | undefined {
  const data = scalarSetsArb(ctx, target);
  if (!data) return undefined;
  const update = fc.record({ where, data });
  return fc.oneof(
    fc.array(update, { minLength: 1, maxLength: 2 }),
    fc.tuple(where, data, data).map(([w, first, second]) => [
      { where: w, data: first },
      { where: w, data: second },
    ]),
  );
}

/**
 * Nested relation writes of an update: connect/disconnect/set/delete/update on to-one, to-many and
 * many-to-many relations.
 */
function relationChange(ctx: FuzzContext, rel: RelationSpec): fc.Arbitrary<readonly [string, unknown]> {
  const target = modelOf(ctx, rel.target);
  const where = uniqueWhereArb(ctx, target);
  if (rel.list) {
    const byWheres = fc
      .tuple(fc.constantFrom("connect", "disconnect", "set", "delete"), whereListArb(where))
      .map(([op, list]) => [rel.name, { [op]: list }] as const);
    const updates = nestedUpdateListArb(ctx, target, where);
    if (!updates) return byWheres;
    return fc.oneof(
      { weight: 4, arbitrary: byWheres },
      { weight: 1, arbitrary: updates.map((list) => [rel.name, { update: list }] as const) },
    );
  }
  const options: fc.Arbitrary<unknown>[] = [where.map((w) => ({ connect: w }))];
  if (rel.optional) options.push(fc.constant({ disconnect: true }));
  return fc.oneof(...options).map((v) => [rel.name, v] as const);
}

/** One to three changes of `model`'s own scalars; undefined when it has none to change. */
function scalarSetsArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<Record<string, unknown>> | undefined {
  const scalars = model.scalars.filter((f) => !f.isForeignKey && !f.isUpdatedAt);
  const changes = scalars.map((f) => scalarChange(ctx, model, f));
  if (changes.length === 0) return undefined;
  return fc
    .uniqueArray(fc.oneof(...changes), { minLength: 1, maxLength: 3, selector: ([n]) => n })
    .map((e) => Object.fromEntries(e));
}

/** Update data: one to three scalar changes, or relation writes, or foreign keys set as scalars. */
function updateData(ctx: FuzzContext, model: ModelSpec, withRelations: boolean): fc.Arbitrary<Record<string, unknown>> {
  const options: fc.Arbitrary<Record<string, unknown>>[] = [scalarSetsArb(ctx, model) ?? fc.constant({})];
  const owned = model.relations.filter((r) => r.isOwner);
  if (owned.length > 0) options.push(fc.oneof(...owned.map((r) => foreignKeyArb(ctx, r))));
  if (withRelations && model.relations.length > 0) {
    const relationSets = fc
      .uniqueArray(fc.oneof(...model.relations.map((r) => relationChange(ctx, r))), {
        minLength: 1,
        maxLength: 2,
        selector: ([n]) => n,
      })
      .map((e) => Object.fromEntries(e));
    options.push(relationSets);
  }
  return fc.oneof(...options);
}

function updateArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(uniqueWhereArb(ctx, model), updateData(ctx, model, true), selectionArb(ctx, model, 1))
    .map(([where, data, selection]) => ({
      model: model.delegate,
      op: "update",
      args: { ...selection, where, data },
      ordered: true,
      write: true,
    }));
}

function upsertArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return NEW_VALUE.chain((n) =>
    fc.tuple(
      uniqueWhereArb(ctx, model),
      uncheckedCreate(ctx, model, n),
      updateData(ctx, model, false),
      selectionArb(ctx, model, 1),
    ),
  ).map(([where, create, update, selection]) => ({
    model: model.delegate,
    op: "upsert",
    args: { ...selection, where, create, update },
    ordered: true,
    write: true,
  }));
}

function manyArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  const scalars = model.scalars.filter((f) => !f.isForeignKey && !f.isUpdatedAt);
  const data =
    scalars.length === 0
      ? fc.constant({})
      : fc.oneof(...scalars.map((f) => scalarChange(ctx, model, f))).map(([k, v]) => ({ [k]: v }));
  return fc.oneof(
    fc.tuple(whereArb(ctx, model, 1), data).map(([where, d]) => ({
      model: model.delegate,
      op: "updateMany",
      args: { where, data: d },
      ordered: true,
      write: true,
    })),
    whereArb(ctx, model, 1).map((where) => ({
      model: model.delegate,
      op: "deleteMany",
      args: { where },
      ordered: true,
      write: true,
    })),
  );
}

function deleteArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc.tuple(uniqueWhereArb(ctx, model), selectionArb(ctx, model, 1)).map(([where, selection]) => ({
    model: model.delegate,
    op: "delete",
    args: { ...selection, where },
    ordered: true,
    write: true,
  }));
}

/** Any write to `model`. */
export function writeArb(ctx: FuzzContext, model: ModelSpec): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 3, arbitrary: createArb(ctx, model) },
    { weight: 1, arbitrary: createManyArb(ctx, model) },
    { weight: 4, arbitrary: updateArb(ctx, model) },
    { weight: 2, arbitrary: upsertArb(ctx, model) },
    { weight: 2, arbitrary: manyArb(ctx, model) },
    { weight: 2, arbitrary: deleteArb(ctx, model) },
  );
}
