/**
 * Write operations: create (with nested create/connect/connectOrCreate/createMany), createMany,
 * update (scalar set/increment/decrement/multiply/divide/push and nested relation writes),
 * updateMany, upsert, delete, deleteMany, and the `*AndReturn` variants.
 *
 * As in Prisma: client-side defaults (`@default(cuid())`, `@default(now())`, `@updatedAt`) are
 * computed once per operation, so `createdAt` and `updatedAt` of a new row are equal; an update
 * without scalar changes does not touch `updatedAt`; a write with nested writes runs in one
 * transaction (joining the caller's, if any); upsert is a native `INSERT ... ON CONFLICT DO UPDATE`
 * when Prisma would use one (where = one unique key whose values the create data repeats, no
 * nested writes, non-empty update) and a read-then-write otherwise.
 */
import { type SQL, sql } from "drizzle-orm";
import { missingUpdateTarget } from "./missing-parent.ts";
import { validateNestedWrites } from "./nested-shape.ts";
import {
  PrismaCompatError,
  invalid,
  recordNotFound,
  relatedRecordNotFound,
  requiredRelationViolation,
  unsupported,
} from "./errors.ts";
import type { Executor, Row } from "./executor.ts";
import type { ModelMeta, RelationField, ScalarField } from "./model-meta.ts";
import { writeChildren } from "./nested/index.ts";
import type { RowWriter } from "./nested/link.ts";
import { insertBeforeMissingParent } from "./nested/many-to-many.ts";
import { checkArgs } from "./read.ts";
import { rawColumns, samePrimaryKeys, selectRaw } from "./referential/key-rows.ts";
import { applyOnDelete, deleteWithActions } from "./referential/on-delete.ts";
import { applyOnUpdate } from "./referential/on-update.ts";
import { type VisitOrder, hasReferrers, writesReferencedKey } from "./referential/referrers.ts";
import { type Selection, decodeRow, isFlat, projection, selectionFor } from "./selection.ts";
import {
  type QueryContext,
  bind,
  TRUE,
  and,
  col,
  defined,
  ident,
  isPlainObject,
  or,
  tableAs,
  typedParam,
} from "./sql-util.ts";
import { encodeListOperand, encodeValue } from "./values.ts";
import { buildUniqueWhere, buildWhere } from "./where.ts";
import {
  type Data,
  type WriteContext,
  asList,
  assertObject,
  relationTypeOf,
  setsNothing,
  statementsOn,
  toOneUpdate,
} from "./write-support.ts";

export type { WriteContext } from "./write-support.ts";

/** The row writers nested writes recurse into (handed to them: see RowWriter). */
const WRITER: RowWriter = { insertRow, insertMany, updateRows };

/** Every scalar of the model: what write statements return internally. */
function fullSelection(model: ModelMeta): Selection {
  return { model, scalars: [...model.scalars], relations: [] };
}

function splitData(
  ctx: QueryContext,
  model: ModelMeta,
  data: unknown,
  what: string,
): { scalars: [ScalarField, unknown][]; relations: [RelationField, Data][] } {
  if (!isPlainObject(data)) invalid(ctx.call, `Argument \`${what}\` must be an object.`);
  const scalars: [ScalarField, unknown][] = [];
  const relations: [RelationField, Data][] = [];
  for (const [key, value] of defined(data)) {
    const field = model.fields.get(key);
    if (!field) invalid(ctx.call, `Unknown argument \`${key}\` in \`${what}\` of ${model.name}.`);
    if (field.kind === "scalar") scalars.push([field, value]);
    else {
      if (!isPlainObject(value)) invalid(ctx.call, `Argument \`${what}.${key}\` must be an object of nested writes.`);
      relations.push([field, value]);
    }
  }
  assertOneInputShape(ctx, model, scalars, relations, what);
  return { scalars, relations };
}

/**
 * Prisma's data is either "checked" (the record's own relations written as nested writes) or
 * "unchecked" (their foreign keys written as scalars), never both in one object.
 */
function assertOneInputShape(
  ctx: QueryContext,
  model: ModelMeta,
  scalars: [ScalarField, unknown][],
  relations: [RelationField, Data][],
  what: string,
): void {
  const owned = relations.find(([r]) => r.isOwner);
  if (!owned) return;
  const foreignKeys = new Set([
    ...model.relations.filter((r) => r.isOwner).flatMap((r) => r.fields),
    ...model.hiddenRelationKeys,
  ]);
  const key = scalars.find(([f]) => foreignKeys.has(f.name));
  if (key)
    invalid(
      ctx.call,
      `Unknown argument \`${key[0].name}\` in \`${what}\`: a foreign key cannot be written beside the relation \`${owned[0].name}\`; write the relations or their keys.`,
    );
}

function hasNestedWrites(ctx: QueryContext, model: ModelMeta, ...datas: unknown[]): boolean {
  return datas.some(
    (d) =>
      isPlainObject(d) && Object.keys(d).some((k) => d[k] !== undefined && model.fields.get(k)?.kind === "relation"),
  );
}

/** Runs `work` atomically: in the caller's transaction if there is one, else in a new one. */
function atomically<T>(ex: Executor, needed: boolean, work: (ex: Executor) => Promise<T>): Promise<T> {
  return needed && !ex.inTransaction ? ex.transaction(work) : work(ex);
}

/** The value a client-side default gives `field`, or undefined when the database provides it. */
function clientDefault(ctx: WriteContext, field: ScalarField): { value: unknown } | undefined {
  // `@default(now())` and `@updatedAt` share the operation's one clock reading, as in Prisma.
  if (field.type === "DateTime" && (field.defaultsToNow || field.onUpdateFn)) return { value: ctx.now };
  if (field.defaultFn) return { value: field.defaultFn() };
  if (field.onUpdateFn) return { value: field.onUpdateFn() };
  return undefined;
}

function scalarCreateValue(ctx: QueryContext, field: ScalarField, value: unknown): unknown {
  // Lists may be written as `{ set: [...] }` on create.
  if (field.isList && isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== "set")
      invalid(ctx.call, `Argument \`${field.name}\`: only \`set\` is valid when creating a list.`);
    return encodeListOperand(field, value.set, ctx.call);
  }
  if (field.type !== "Json" && isPlainObject(value))
    invalid(ctx.call, `Argument \`${field.name}\`: expected a value, got an object.`);
  return encodeValue(field, value, ctx.call);
}

function returningAll(ctx: QueryContext, model: ModelMeta, alias: string): SQL {
  return projection(ctx, fullSelection(model), alias);
}

/** `pk = value` for a row already read (the way write results are read back). */
function byPrimaryKey(model: ModelMeta, row: Row, alias: string, call: string): SQL {
  return and(
    model.primaryKey.map((name) => {
      const field = model.fields.get(name) as ScalarField;
      return sql`${col(alias, field)} = ${bind(encodeValue(field, row[name], call))}`;
    }),
  )!;
}

// ---------------------------------------------------------------------------------------------
// create

/**
 * Inserts one row with its nested writes; returns every scalar of the new row. `implied` holds the
 * foreign key a parent's nested create gives the row (not part of what the caller wrote).
 */
async function insertRow(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  data: unknown,
  what = "data",
  implied: Data = {},
): Promise<Row> {
  const db = statementsOn(ex, model);
  const { scalars, relations } = splitData(ctx, model, data, what);
  const values = new Map<string, unknown>();
  for (const [field, value] of scalars) values.set(field.name, scalarCreateValue(ctx, field, value));
  for (const [name, value] of Object.entries(implied))
    values.set(name, encodeValue(model.fields.get(name) as ScalarField, value, ctx.call));

  for (const [relation, ops] of relations) {
    if (!relation.isOwner) continue;
    const target = await resolveOwnerTarget(ex, ctx, model, relation, ops, "create");
    await releaseOwnedTarget(ex, ctx, model, relation, target);
    relation.fields.forEach((fk, i) =>
      values.set(fk, encodeValue(model.fields.get(fk) as ScalarField, target[relation.references[i]!], ctx.call)),
    );
  }
  for (const field of model.scalars) {
    if (values.has(field.name)) continue;
    const fallback = clientDefault(ctx, field);
    if (fallback) values.set(field.name, encodeValue(field, fallback.value, ctx.call));
  }
  const alias = ctx.nextAlias();
  const fields = model.scalars.filter((s) => values.has(s.name));
  const insert =
    fields.length === 0
      ? sql`INSERT INTO ${tableAs(model, alias)} DEFAULT VALUES`
      : sql`INSERT INTO ${tableAs(model, alias)} (${sql.join(
          fields.map((f) => ident(f.dbName)),
          sql`, `,
        )}) VALUES (${sql.join(
          fields.map((f) => sql`${bind(values.get(f.name))}`),
          sql`, `,
        )})`;
  const [raw] = await db.rows(sql`${insert} RETURNING ${returningAll(ctx, model, alias)}`);
  const row = decodeRow(fullSelection(model), raw!);

  for (const [relation, ops] of relations) {
    if (relation.isOwner) continue;
    await writeChildren(ex, ctx, model, relation, ops, row, "create", WRITER);
  }
  return row;
}

/** For a relation whose foreign key this model holds: the target row to point at (created if asked). */
async function resolveOwnerTarget(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  relation: RelationField,
  ops: Data,
  mode: "create" | "update",
): Promise<Row> {
  const target = ctx.schema.model(relation.target);
  const entries = defined(ops);
  if (entries.length !== 1)
    invalid(ctx.call, `Argument \`${relation.name}\` needs exactly one of create, connect or connectOrCreate.`);
  const [op, arg] = entries[0]!;
  switch (op) {
    case "create":
      return insertRow(ex, ctx, target, arg, `${relation.name}.create`);
    case "connect": {
      const found = await findByUnique(ex, ctx, target, arg);
      if (!found) {
        const relationType = relationTypeOf(ctx, model, relation);
        throw relatedRecordNotFound(ctx.rootModel, ctx.call, {
          target: target.name,
          relationName: relation.relationName,
          relationType,
          operation: "a nested connect",
          neededFor: ownerConnectNeed(model, relationType, mode),
        });
      }
      return found;
    }
    case "connectOrCreate": {
      if (!isPlainObject(arg)) invalid(ctx.call, "Argument `connectOrCreate` needs `where` and `create`.");
      return (
        (await findByUnique(ex, ctx, target, arg.where)) ??
        insertRow(ex, ctx, target, arg.create, `${relation.name}.connectOrCreate.create`)
      );
    }
    default:
      return unsupported(`nested \`${op}\` on relation \`${model.name}.${relation.name}\` in this position`);
  }
}

/**
 * Why Prisma looked for the row an owner-side `connect` names (its P2025 `neededFor`): a
 * one-to-many key is inlined into the row written; a one-to-one key is created or connected on
 * create, and on update the row is looked up for nothing else (null).
 */
function ownerConnectNeed(model: ModelMeta, relationType: string, mode: "create" | "update"): string | undefined {
  if (relationType !== "one-to-one") return `inline the relation on '${model.name}' record(s)`;
  return mode === "create" ? `create or connect inlined relation for '${model.name}' record(s)` : undefined;
}

/** The P2014 `release` throws, returned instead (undefined when it does not throw). */
async function takenTargetError(release: () => Promise<void>): Promise<Error | undefined> {
  try {
    await release();
    return undefined;
  } catch (error) {
    if (error instanceof PrismaCompatError && error.code === "P2014") return error;
    throw error;
  }
}

/**
 * Before pointing a row at `target` through a one-to-one relation this model holds the key of:
 * another row of this model already pointing there (not one `keep` names) is released first, as
 * Prisma does — P2014 when the key is required, the key cleared otherwise.
 */
async function releaseOwnedTarget(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  relation: RelationField,
  target: Row,
  keep?: (alias: string) => SQL,
): Promise<void> {
  if (relationTypeOf(ctx, model, relation) !== "one-to-one") return;
  const db = statementsOn(ex, model);
  const a = ctx.nextAlias();
  const keys = relation.fields.map((fk, i) => {
    const field = model.fields.get(fk) as ScalarField;
    return { field, value: bind(encodeValue(field, target[relation.references[i]!], ctx.call)) };
  });
  const held = and([
    ...keys.map((k) => sql`${col(a, k.field)} = ${k.value}`),
    keep ? sql`NOT (${keep(a)})` : undefined,
  ])!;
  if (relation.isRequired) {
    const [taken] = await db.rows(sql`SELECT 1 FROM ${tableAs(model, a)} WHERE ${held} LIMIT 1`);
    if (taken)
      throw requiredRelationViolation(ctx.rootModel, ctx.call, {
        relationName: relation.relationName,
        modelA: model.name,
        modelB: relation.target,
        operation: "connect",
      });
    return;
  }
  const clear = sql.join(
    keys.map((k) => sql`${ident(k.field.dbName)} = NULL`),
    sql`, `,
  );
  await db.rows(sql`UPDATE ${tableAs(model, a)} SET ${clear} WHERE ${held} RETURNING 1`);
}

async function findByUnique(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  where: unknown,
): Promise<Row | undefined> {
  const alias = ctx.nextAlias();
  const [raw] = await ex.rows(
    sql`SELECT ${returningAll(ctx, model, alias)} FROM ${tableAs(model, alias)} WHERE ${buildUniqueWhere(ctx, model, where, alias)} LIMIT 1`,
  );
  return raw ? decodeRow(fullSelection(model), raw) : undefined;
}

/** Inserts many rows in as few statements as the parameter limit allows. */
async function insertMany(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rows: unknown[],
  skipDuplicates: boolean,
  returning: boolean,
): Promise<Row[] | number> {
  const db = statementsOn(ex, model);
  if (rows.length === 0) return returning ? [] : 0;
  const valueRows = rows.map((data, i) => {
    const { scalars, relations } = splitData(ctx, model, data, `data[${i}]`);
    if (relations.length > 0)
      invalid(ctx.call, `Argument \`data[${i}].${relations[0]![0].name}\`: createMany takes scalar fields only.`);
    const values = new Map<string, unknown>();
    for (const [field, value] of scalars) values.set(field.name, scalarCreateValue(ctx, field, value));
    for (const field of model.scalars) {
      if (values.has(field.name)) continue;
      const fallback = clientDefault(ctx, field);
      if (fallback) values.set(field.name, encodeValue(field, fallback.value, ctx.call));
    }
    return values;
  });
  const fields = model.scalars.filter((s) => valueRows.some((v) => v.has(s.name)));
  if (fields.length === 0) unsupported("createMany of rows without any value");
  const perStatement = Math.max(1, Math.floor(30_000 / fields.length));
  const out: Row[] = [];
  let count = 0;
  for (let start = 0; start < valueRows.length; start += perStatement) {
    const chunk = valueRows.slice(start, start + perStatement);
    const alias = ctx.nextAlias();
    const tuples = chunk.map(
      (values) =>
        sql`(${sql.join(
          fields.map((f) => (values.has(f.name) ? sql`${bind(values.get(f.name))}` : sql`DEFAULT`)),
          sql`, `,
        )})`,
    );
    const query = sql`INSERT INTO ${tableAs(model, alias)} (${sql.join(
      fields.map((f) => ident(f.dbName)),
      sql`, `,
    )}) VALUES ${sql.join(tuples, sql`, `)}${skipDuplicates ? sql` ON CONFLICT DO NOTHING` : sql``} RETURNING ${returning ? returningAll(ctx, model, alias) : sql`1`}`;
    const result = await db.rows(query);
    count += result.length;
    if (returning) out.push(...result.map((r) => decodeRow(fullSelection(model), r)));
  }
  return returning ? out : count;
}

// ---------------------------------------------------------------------------------------------
// update

const NUMERIC_OPS: Record<string, string> = { increment: "+", decrement: "-", multiply: "*", divide: "/" };

/** The right-hand side of `SET column = ...` for one field of `data`. */
function assignment(ctx: QueryContext, field: ScalarField, value: unknown, alias: string): SQL {
  // A plain object is a Json value, except on a list field (a Json list's value is an array).
  const isOperation = isPlainObject(value) && (field.type !== "Json" || field.isList);
  if (!isOperation) {
    if (field.isList && !Array.isArray(value) && value !== null)
      invalid(ctx.call, `Argument \`${field.name}\`: expected a list.`);
    return sql`${bind(encodeValue(field, value, ctx.call))}`;
  }
  const entries = defined(value);
  if (entries.length !== 1) invalid(ctx.call, `Argument \`${field.name}\` needs exactly one operation.`);
  const [op, operand] = entries[0]!;
  if (op === "set") return sql`${bind((field.isList ? encodeListOperand : encodeValue)(field, operand, ctx.call))}`;
  if (op in NUMERIC_OPS) {
    if (!["Int", "BigInt", "Float", "Decimal"].includes(field.type) || field.isList)
      invalid(ctx.call, `Argument \`${field.name}.${op}\` is only valid for numeric fields.`);
    // An untyped parameter, as Prisma sends it: PostgreSQL takes the column's type for it, and
    // reports a type without arithmetic (`oid + unknown`) in Prisma's words.
    return sql`${col(alias, field)} ${sql.raw(NUMERIC_OPS[op]!)} ${bind(encodeValue(field, operand, ctx.call))}`;
  }
  if (op === "push") {
    if (!field.isList) invalid(ctx.call, `Argument \`${field.name}.push\` is only valid for list fields.`);
    // An array pushed onto a Json list is one Json element (as in Prisma), elsewhere the elements.
    const items = Array.isArray(operand) && field.type !== "Json" ? operand : [operand];
    // A single element pushed is encoded as a list given directly; a list of them as an operand list.
    const encoded = Array.isArray(operand)
      ? encodeListOperand(field, items, ctx.call)
      : encodeValue(field, items, ctx.call);
    return sql`array_cat(${col(alias, field)}, ${typedParam(field, encoded)})`;
  }
  if (op === "unset") unsupported("`unset` (MongoDB only)");
  return invalid(ctx.call, `Unknown operation \`${op}\` on field \`${field.name}\`.`);
}

/**
 * relationMode = "prisma", an update naming a referenced key: reads the rows about to change,
 * applies the referrers' onUpdate as Prisma does, and returns the update's condition narrowed to
 * the rows read (Prisma updates those).
 */
async function updateReferrers(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  where: (alias: string) => SQL,
  scalars: readonly [ScalarField, unknown][],
  order: VisitOrder,
  alias: string,
): Promise<SQL> {
  const before = await selectRaw(statementsOn(ex, model), ctx, model, where);
  const written = new Map(scalars.map(([field, value]) => [field.name, value]));
  await applyOnUpdate(ex, ctx, model, before, written, (f, v, a) => assignment(ctx, f, v, a), order);
  return and([samePrimaryKeys(model, before)(alias), where(alias)])!;
}

/**
 * Updates the rows matching `where` (built for the alias the statement chooses) and runs the nested
 * writes for each of them; returns the updated rows with every scalar.
 */
async function updateRows(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  where: (alias: string) => SQL,
  data: unknown,
  what = "data",
  order: VisitOrder | "not emulated" = "reversed",
): Promise<Row[]> {
  const db = statementsOn(ex, model);
  const { scalars, relations } = splitData(ctx, model, data, what);
  const alias = ctx.nextAlias();
  let condition = where(alias);
  const sets: [ScalarField, SQL][] = scalars.map(([field, value]) => [field, assignment(ctx, field, value, alias)]);

  const ownerFollowUps: [RelationField, Data][] = [];
  const disconnects: RelationField[] = [];
  // Prisma updates the row's own fields before it finds a 1-1 target taken (P2014): thrown after.
  let takenTarget: Error | undefined;
  for (const [relation, ops] of relations) {
    if (!relation.isOwner) continue;
    for (const [op, arg] of defined(ops)) {
      if (op === "connect" || op === "create" || op === "connectOrCreate") {
        const target = await resolveOwnerTarget(ex, ctx, model, relation, { [op]: arg }, "update");
        takenTarget ??= await takenTargetError(() => releaseOwnedTarget(ex, ctx, model, relation, target, where));
        if (takenTarget !== undefined) continue;
        relation.fields.forEach((fk, i) => {
          const field = model.fields.get(fk) as ScalarField;
          sets.push([field, sql`${bind(encodeValue(field, target[relation.references[i]!], ctx.call))}`]);
        });
      } else if (op === "disconnect") {
        if (arg === false) continue;
        if (arg !== true) unsupported("nested `disconnect` with a filter on a to-one relation");
        if (relation.isRequired)
          invalid(ctx.call, `Relation \`${relation.name}\` is required and cannot be disconnected.`);
        // Prisma clears the key in a statement of its own, which does not touch @updatedAt.
        disconnects.push(relation);
      } else if (op === "update") {
        // Built once now so a bad `where` is a validation error even when no row is updated (as in Prisma).
        buildWhere(
          ctx,
          ctx.schema.model(relation.target),
          toOneUpdate(assertObject(ctx, arg, `${relation.name}.update`)).where,
          ctx.nextAlias(),
        );
        ownerFollowUps.push([relation, { update: arg }]);
      } else {
        unsupported(`nested \`${op}\` on to-one relation \`${model.name}.${relation.name}\``);
      }
    }
  }

  let rows: Row[];
  if (sets.length === 0) {
    rows = (
      await db.rows(sql`SELECT ${returningAll(ctx, model, alias)} FROM ${tableAs(model, alias)} WHERE ${condition}`)
    ).map((r) => decodeRow(fullSelection(model), r));
  } else {
    if (order !== "not emulated" && writesReferencedKey(ctx.schema, model, data))
      condition = await updateReferrers(ex, ctx, model, where, scalars, order, alias);
    const explicit = new Set(sets.map(([f]) => f.name));
    for (const field of model.scalars) {
      if (field.onUpdateFn && !explicit.has(field.name))
        sets.push([
          field,
          sql`${bind(encodeValue(field, field.type === "DateTime" ? ctx.now : field.onUpdateFn(), ctx.call))}`,
        ]);
    }
    const assignments = sql.join(
      sets.map(([f, rhs]) => sql`${ident(f.dbName)} = ${rhs}`),
      sql`, `,
    );
    rows = (
      await db.rows(
        sql`UPDATE ${tableAs(model, alias)} SET ${assignments} WHERE ${condition} RETURNING ${returningAll(ctx, model, alias)}`,
      )
    ).map((r) => decodeRow(fullSelection(model), r));
  }
  if (takenTarget !== undefined) throw takenTarget;

  for (const row of rows) {
    for (const relation of disconnects) {
      const a = ctx.nextAlias();
      const clear = sql.join(
        relation.fields.map((fk) => sql`${ident((model.fields.get(fk) as ScalarField).dbName)} = NULL`),
        sql`, `,
      );
      await db.rows(
        sql`UPDATE ${tableAs(model, a)} SET ${clear} WHERE ${byPrimaryKey(model, row, a, ctx.call)} RETURNING 1`,
      );
      for (const fk of relation.fields) row[fk] = null;
    }
    for (const [relation, ops] of relations) {
      if (!relation.isOwner) await writeChildren(ex, ctx, model, relation, ops, row, "update", WRITER);
    }
    for (const [relation, ops] of ownerFollowUps) {
      const target = ctx.schema.model(relation.target);
      const { where, data: nestedData } = toOneUpdate(assertObject(ctx, ops.update, `${relation.name}.update`));
      // Prisma skips an update that sets nothing, without looking for the related row.
      if (setsNothing(nestedData)) continue;
      const notFound = relatedRecordNotFound(ctx.rootModel, ctx.call, {
        target: target.name,
        relationName: relation.relationName,
        relationType: relationTypeOf(ctx, model, relation),
        operation: "a nested update",
      });
      if (relation.fields.some((fk) => row[fk] === null)) throw notFound;
      const done = await updateRows(
        ex,
        ctx,
        target,
        (a) =>
          and([
            ...relation.references.map(
              (ref, i) =>
                sql`${col(a, target.fields.get(ref) as ScalarField)} = ${bind(encodeValue(target.fields.get(ref) as ScalarField, row[relation.fields[i]!], ctx.call))}`,
            ),
            buildWhere(ctx, target, where, a),
          ])!,
        nestedData,
        `${relation.name}.update`,
      );
      if (done.length === 0) throw notFound;
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Operations

const CREATE_ARGS = new Set(["data", "select", "include", "omit"]);
const CREATE_MANY_ARGS = new Set(["data", "skipDuplicates"]);
const CREATE_MANY_RETURN_ARGS = new Set(["data", "skipDuplicates", "select", "include", "omit"]);
const UPDATE_ARGS = new Set(["where", "data", "select", "include", "omit"]);
const UPDATE_MANY_ARGS = new Set(["where", "data", "limit"]);
const UPDATE_MANY_RETURN_ARGS = new Set(["where", "data", "limit", "select", "include", "omit"]);
const UPSERT_ARGS = new Set(["where", "create", "update", "select", "include", "omit"]);
const DELETE_ARGS = new Set(["where", "select", "include", "omit"]);
const DELETE_MANY_ARGS = new Set(["where", "limit"]);

/**
 * Reads written rows back in the caller's shape (one statement for rows with relations). `reread`:
 * the rows ran nested writes, which may have written them again (a self-relation connecting the
 * row to itself sets its own key): read them back as Prisma does, rather than trusting `rows`.
 */
async function shape(
  ex: Executor,
  ctx: QueryContext,
  selection: Selection,
  rows: Row[],
  reread = false,
): Promise<Record<string, unknown>[]> {
  if (isFlat(selection) && !reread)
    return rows.map((row) => Object.fromEntries(selection.scalars.map((s) => [s.name, row[s.name]])));
  if (rows.length === 0) return [];
  const model = selection.model;
  const alias = ctx.nextAlias();
  const match = or(rows.map((row) => byPrimaryKey(model, row, alias, ctx.call)));
  const found = await ex.rows(
    sql`SELECT ${projection(ctx, selection, alias)}, ${sql.join(
      model.primaryKey.map(
        (name, i) => sql`${col(alias, model.fields.get(name) as ScalarField)} AS ${sql.identifier(`__compat_pk${i}`)}`,
      ),
      sql`, `,
    )} FROM ${tableAs(model, alias)} WHERE ${match}`,
  );
  const keyOf = (values: unknown[]): string =>
    JSON.stringify(values, (_k, v: unknown) =>
      typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : v,
    );
  const byKey = new Map(
    found.map((r) => [
      keyOf(
        model.primaryKey.map((name, i) =>
          encodeValue(model.fields.get(name) as ScalarField, decodeRowKey(model, name, r[`__compat_pk${i}`]), ctx.call),
        ),
      ),
      r,
    ]),
  );
  return rows.map((row) => {
    const raw = byKey.get(
      keyOf(model.primaryKey.map((name) => encodeValue(model.fields.get(name) as ScalarField, row[name], ctx.call))),
    );
    if (!raw) throw new Error(`compat: a row written by ${ctx.call} could not be read back`);
    return decodeRow(selection, raw);
  });
}

function decodeRowKey(model: ModelMeta, name: string, value: unknown): unknown {
  return decodeRow({ model, scalars: [model.fields.get(name) as ScalarField], relations: [] }, { [name]: value })[name];
}

export async function create(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>> {
  const args = checkArgs(ctx, rawArgs, CREATE_ARGS);
  if (args.data === undefined) invalid(ctx.call, "Argument `data` is missing.");
  validateNestedWrites(ctx, model, args.data, "create");
  const selection = selectionFor(ctx, model, args, "write");
  return atomically(ex, hasNestedWrites(ctx, model, args.data) || !isFlat(selection), async (tx) => {
    const row = await insertRow(tx, ctx, model, args.data);
    return (await shape(tx, ctx, selection, [row], hasNestedWrites(ctx, model, args.data)))[0]!;
  });
}

export async function createMany(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<{ count: number }> {
  const args = checkArgs(ctx, rawArgs, CREATE_MANY_ARGS);
  const rows = asList(args.data);
  return atomically(ex, rows.length > 1, async (tx) => ({
    count: (await insertMany(tx, ctx, model, rows, args.skipDuplicates === true, false)) as number,
  }));
}

export async function createManyAndReturn(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>[]> {
  const args = checkArgs(ctx, rawArgs, CREATE_MANY_RETURN_ARGS);
  const selection = selectionFor(ctx, model, args, "write");
  const rows = asList(args.data);
  return atomically(ex, rows.length > 1 || !isFlat(selection), async (tx) =>
    shape(tx, ctx, selection, (await insertMany(tx, ctx, model, rows, args.skipDuplicates === true, true)) as Row[]),
  );
}

export async function update(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>> {
  const args = checkArgs(ctx, rawArgs, UPDATE_ARGS);
  if (args.data === undefined) invalid(ctx.call, "Argument `data` is missing.");
  validateNestedWrites(ctx, model, args.data, "update");
  const selection = selectionFor(ctx, model, args, "write");
  return atomically(ex, hasNestedWrites(ctx, model, args.data) || !isFlat(selection), async (tx) => {
    const rows = await updateRows(tx, ctx, model, (a) => buildUniqueWhere(ctx, model, args.where, a), args.data);
    if (rows.length === 0) {
      await insertBeforeMissingParent(tx, ctx, model, args.data, WRITER);
      throw missingUpdateTarget(ctx, model, args.data, (r) => relationTypeOf(ctx, model, r));
    }
    return (await shape(tx, ctx, selection, rows.slice(0, 1), hasNestedWrites(ctx, model, args.data)))[0]!;
  });
}

function limited(ctx: QueryContext, model: ModelMeta, where: unknown, limit: unknown): (alias: string) => SQL {
  return (alias) => {
    const condition = buildWhere(ctx, model, where, alias) ?? TRUE;
    if (limit === undefined || limit === null) return condition;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0)
      invalid(ctx.call, "Argument `limit` must be a non-negative integer.");
    const inner = ctx.nextAlias();
    const pk = model.primaryKey.map((name) => model.fields.get(name) as ScalarField);
    return sql`(${sql.join(
      pk.map((f) => col(alias, f)),
      sql`, `,
    )}) IN (SELECT ${sql.join(
      pk.map((f) => col(inner, f)),
      sql`, `,
    )} FROM ${tableAs(model, inner)} WHERE ${buildWhere(ctx, model, where, inner) ?? TRUE} LIMIT ${limit})`;
  };
}

export async function updateMany(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<{ count: number }> {
  const args = checkArgs(ctx, rawArgs, UPDATE_MANY_ARGS);
  if (hasNestedWrites(ctx, model, args.data)) invalid(ctx.call, "updateMany takes scalar fields only in `data`.");
  // relationMode = "prisma": Prisma runs the emulated onUpdate and the update in one transaction.
  const rows = await atomically(ex, writesReferencedKey(ctx.schema, model, args.data), (tx) =>
    updateRows(tx, ctx, model, limited(ctx, model, args.where, args.limit), args.data, "data", "schema"),
  );
  return { count: rows.length };
}

export async function updateManyAndReturn(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>[]> {
  const args = checkArgs(ctx, rawArgs, UPDATE_MANY_RETURN_ARGS);
  if (hasNestedWrites(ctx, model, args.data))
    invalid(ctx.call, "updateManyAndReturn takes scalar fields only in `data`.");
  const selection = selectionFor(ctx, model, args, "write");
  const needed = !isFlat(selection) || writesReferencedKey(ctx.schema, model, args.data);
  return atomically(ex, needed, async (tx) =>
    shape(
      tx,
      ctx,
      selection,
      await updateRows(tx, ctx, model, limited(ctx, model, args.where, args.limit), args.data, "data", "schema"),
    ),
  );
}

/** The unique key `where` names alone, when it names exactly one and nothing else. */
function soleUniqueKey(model: ModelMeta, where: Data): { fields: ScalarField[]; values: unknown[] } | undefined {
  const keys = Object.keys(where).filter((k) => where[k] !== undefined);
  if (keys.length !== 1) return undefined;
  const key = model.uniques.find((u) => (u.fields.length === 1 ? u.fields[0] === keys[0] : u.name === keys[0]));
  if (!key) return undefined;
  const fields = key.fields.map((f) => model.fields.get(f) as ScalarField);
  if (key.fields.length === 1)
    return isPlainObject(where[keys[0]!]) ? undefined : { fields, values: [where[keys[0]!]] };
  const compound = where[keys[0]!];
  if (!isPlainObject(compound)) return undefined;
  return { fields, values: key.fields.map((f) => compound[f]) };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

export async function upsert(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>> {
  const args = checkArgs(ctx, rawArgs, UPSERT_ARGS);
  const where = assertObject(ctx, args.where, "where");
  const createData = assertObject(ctx, args.create, "create");
  const updateData = assertObject(ctx, args.update, "update");
  validateNestedWrites(ctx, model, createData, "create");
  validateNestedWrites(ctx, model, updateData, "update");
  const selection = selectionFor(ctx, model, args, "write");
  buildUniqueWhere(ctx, model, where, "t");

  const key = soleUniqueKey(model, where);
  const native =
    key !== undefined &&
    key.fields.every((f, i) => sameValue(createData[f.name], key.values[i])) &&
    !hasNestedWrites(ctx, model, createData, updateData) &&
    defined(updateData).length > 0;
  if (native) {
    return atomically(ex, !isFlat(selection), async (tx) => {
      const row = await nativeUpsert(tx, ctx, model, key.fields, where, createData, updateData);
      return (await shape(tx, ctx, selection, [row]))[0]!;
    });
  }
  return atomically(ex, true, async (tx) => {
    const existing = await findByUnique(tx, ctx, model, where);
    const row = existing
      ? (await updateRows(tx, ctx, model, (a) => byPrimaryKey(model, existing, a, ctx.call), updateData, "update"))[0]!
      : await insertRow(tx, ctx, model, createData, "create");
    const nested = hasNestedWrites(ctx, model, existing ? updateData : createData);
    return (await shape(tx, ctx, selection, [row], nested))[0]!;
  });
}

/** `INSERT ... ON CONFLICT (key) DO UPDATE SET ... WHERE key matches RETURNING *`, as Prisma 7 issues it. */
async function nativeUpsert(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  keyFields: ScalarField[],
  where: Data,
  createData: Data,
  updateData: Data,
): Promise<Row> {
  const db = statementsOn(ex, model);
  const alias = ctx.nextAlias();
  const values = new Map<string, unknown>();
  for (const [field, value] of splitData(ctx, model, createData, "create").scalars)
    values.set(field.name, scalarCreateValue(ctx, field, value));
  for (const field of model.scalars) {
    if (values.has(field.name)) continue;
    const fallback = clientDefault(ctx, field);
    if (fallback) values.set(field.name, encodeValue(field, fallback.value, ctx.call));
  }
  const fields = model.scalars.filter((s) => values.has(s.name));
  const sets: [ScalarField, SQL][] = splitData(ctx, model, updateData, "update").scalars.map(([f, v]) => [
    f,
    assignment(ctx, f, v, alias),
  ]);
  const explicit = new Set(sets.map(([f]) => f.name));
  for (const field of model.scalars) {
    if (field.onUpdateFn && !explicit.has(field.name))
      sets.push([
        field,
        sql`${bind(encodeValue(field, field.type === "DateTime" ? ctx.now : field.onUpdateFn(), ctx.call))}`,
      ]);
  }
  const query = sql`INSERT INTO ${tableAs(model, alias)} (${sql.join(
    fields.map((f) => ident(f.dbName)),
    sql`, `,
  )}) VALUES (${sql.join(
    fields.map((f) => sql`${bind(values.get(f.name))}`),
    sql`, `,
  )}) ON CONFLICT (${sql.join(
    keyFields.map((f) => ident(f.dbName)),
    sql`, `,
  )}) DO UPDATE SET ${sql.join(
    sets.map(([f, rhs]) => sql`${ident(f.dbName)} = ${rhs}`),
    sql`, `,
  )} WHERE ${buildWhere(ctx, model, where, alias) ?? TRUE} RETURNING ${returningAll(ctx, model, alias)}`;
  const [raw] = await db.rows(query);
  if (!raw) throw new Error(`compat: ${ctx.call} returned no row`);
  return decodeRow(fullSelection(model), raw);
}

export async function deleteOne(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<Record<string, unknown>> {
  const args = checkArgs(ctx, rawArgs, DELETE_ARGS);
  const selection = selectionFor(ctx, model, args, "write");
  const emulated = hasReferrers(ctx.schema, model);
  if (isFlat(selection) && !emulated) {
    const alias = ctx.nextAlias();
    const [raw] = await ex.rows(
      sql`DELETE FROM ${tableAs(model, alias)} WHERE ${buildUniqueWhere(ctx, model, args.where, alias)} RETURNING ${projection(ctx, selection, alias)}`,
    );
    if (!raw) throw recordNotFound(model, ctx.call, "a delete");
    return decodeRow(selection, raw);
  }
  // Relations must be read before the row (and possibly its children) go.
  return atomically(ex, true, async (tx) => {
    const alias = ctx.nextAlias();
    const [raw] = await tx.rows(
      sql`SELECT ${projection(ctx, selection, alias)} FROM ${tableAs(model, alias)} WHERE ${buildUniqueWhere(ctx, model, args.where, alias)} LIMIT 1`,
    );
    if (!raw) throw recordNotFound(model, ctx.call, "a delete");
    // relationMode = "prisma", relations selected: Prisma reads the row with them, applies the
    // actions, then deletes (a Restrict then leaves the row in the caller's transaction).
    if (emulated && !isFlat(selection)) {
      const where = (a: string): SQL => buildUniqueWhere(ctx, model, args.where, a);
      if ((await deleteWithActions(tx, ctx, model, where, "schema")) === 0)
        throw recordNotFound(model, ctx.call, "a delete");
      return decodeRow(selection, raw);
    }
    const b = ctx.nextAlias();
    const gone = await tx.rows(
      sql`DELETE FROM ${tableAs(model, b)} WHERE ${buildUniqueWhere(ctx, model, args.where, b)} RETURNING ${rawColumns(model, b)}`,
    );
    if (gone.length === 0) throw recordNotFound(model, ctx.call, "a delete");
    // relationMode = "prisma", no relation selected: Prisma deletes the row first, then applies the actions.
    if (emulated) await applyOnDelete(tx, ctx, model, gone, "schema");
    return decodeRow(selection, raw);
  });
}

export async function deleteMany(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  rawArgs: unknown,
): Promise<{ count: number }> {
  const args = checkArgs(ctx, rawArgs, DELETE_MANY_ARGS);
  const where = limited(ctx, model, args.where, args.limit);
  if (hasReferrers(ctx.schema, model))
    return { count: await atomically(ex, true, (tx) => deleteWithActions(tx, ctx, model, where, "reversed")) };
  const alias = ctx.nextAlias();
  const [row] = await ex.rows(
    sql`WITH "deleted" AS (DELETE FROM ${tableAs(model, alias)} WHERE ${where(alias)} RETURNING 1) SELECT count(*) AS "n" FROM "deleted"`,
  );
  return { count: Number(row?.n ?? 0) };
}
