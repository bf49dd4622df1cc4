/**
 * The shape of nested relation writes, checked over the whole `data` tree before any statement
 * runs — as Prisma validates a query against its input types before it plans anything. Which
 * operations a relation accepts depends on its side (to-one or to-many), whether it is optional,
 * and whether the parent is being created or updated (Prisma's `…CreateNested…Input` and
 * `…UpdateNested…Input` types). A wrong operation or operand is a validation error, whether or not
 * the parent row exists; without this check the facade would fail later, with another error, or
 * after some rows were already written.
 */
import { invalid, requiredRelationViolation } from "./errors.ts";
import { type ModelMeta, type RelationField, type ScalarField, hasRequiredKey } from "./model-meta.ts";
import type { QueryContext } from "./sql-util.ts";
import { defined, isPlainObject } from "./sql-util.ts";
import { buildUniqueWhere, buildWhere } from "./where.ts";

type Mode = "create" | "update";
type Operand = "object" | "objects" | "objectOrBoolean";

const TO_MANY_CREATE: Record<string, Operand> = {
  create: "objects",
  connectOrCreate: "objects",
  createMany: "object",
  connect: "objects",
};
const TO_MANY_UPDATE: Record<string, Operand> = {
  ...TO_MANY_CREATE,
  upsert: "objects",
  set: "objects",
  disconnect: "objects",
  delete: "objects",
  update: "objects",
  updateMany: "objects",
  deleteMany: "objects",
};
const TO_ONE_CREATE: Record<string, Operand> = { create: "object", connectOrCreate: "object", connect: "object" };
const TO_ONE_UPDATE: Record<string, Operand> = { ...TO_ONE_CREATE, upsert: "object", update: "object" };
const TO_ONE_OPTIONAL_UPDATE: Record<string, Operand> = {
  ...TO_ONE_UPDATE,
  disconnect: "objectOrBoolean",
  delete: "objectOrBoolean",
};

/** Through an implicit many-to-many relation Prisma has no `createMany`. */
const withoutCreateMany = ({ createMany: _createMany, ...rest }: Record<string, Operand>): Record<string, Operand> =>
  rest;
const MANY_TO_MANY_CREATE = withoutCreateMany(TO_MANY_CREATE);
const MANY_TO_MANY_UPDATE = withoutCreateMany(TO_MANY_UPDATE);

/** The nested operations Prisma's input type offers for this relation, and the operand each takes. */
function operationsFor(relation: RelationField, mode: Mode): Record<string, Operand> {
  if (relation.through) return mode === "create" ? MANY_TO_MANY_CREATE : MANY_TO_MANY_UPDATE;
  if (relation.isList) return mode === "create" ? TO_MANY_CREATE : TO_MANY_UPDATE;
  if (mode === "create") return TO_ONE_CREATE;
  // Only an owner side whose key is NOT NULL is required; the other side of a 1-1 is always optional.
  return relation.isOwner && relation.isRequired ? TO_ONE_UPDATE : TO_ONE_OPTIONAL_UPDATE;
}

function fits(kind: Operand, value: unknown): boolean {
  if (kind === "object") return isPlainObject(value);
  if (kind === "objectOrBoolean") return isPlainObject(value) || typeof value === "boolean";
  return isPlainObject(value) || (Array.isArray(value) && value.every(isPlainObject));
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * Checks every nested write in `data` (a create or update of `model`), recursively: first every
 * argument (validation errors), then what Prisma refuses in its plan (P2014 for a disconnect
 * through a required relation), so the order of the two kinds is Prisma's.
 */
export function validateNestedWrites(ctx: QueryContext, model: ModelMeta, data: unknown, mode: Mode): void {
  const planRefusals: Error[] = [];
  walk(ctx, model, data, mode, undefined, planRefusals);
  if (planRefusals[0]) throw planRefusals[0];
}

/** `from` is the relation this data is nested under: its back side is not a field of the nested input type. */
function walk(
  ctx: QueryContext,
  model: ModelMeta,
  data: unknown,
  mode: Mode,
  from: RelationField | undefined,
  planRefusals: Error[],
): void {
  if (!isPlainObject(data)) return;
  assertInCheckedInput(ctx, model, data, mode);
  for (const [key, value] of defined(data)) {
    // Unknown fields anywhere in the tree fail validation before any statement runs (and before a
    // missing parent is noticed), as in Prisma.
    if (!model.fields.has(key)) invalid(ctx.call, `Unknown argument \`${key}\` in the data of ${model.name}.`);
    const relation = model.relations.find((r) => r.name === key);
    if (!relation) continue;
    if (from && relation !== from && relation.relationName === from.relationName) {
      invalid(
        ctx.call,
        `Unknown argument \`${key}\`: the relation back to the parent is not written inside a nested write.`,
      );
    }
    if (!isPlainObject(value)) continue; // reported by the writer with its own message
    validateOperations(ctx, model, relation, value, mode, planRefusals);
  }
}

/**
 * Writing a relation the record holds the key of selects Prisma's checked input type, which lacks
 * the fields {@link notInCheckedInput} names: such a field beside it is an unknown argument.
 * (The foreign keys it also lacks are checked where the data is split, in write.ts.)
 */
function assertInCheckedInput(ctx: QueryContext, model: ModelMeta, data: Record<string, unknown>, mode: Mode): void {
  const entries = defined(data);
  const owned = entries.find(([key]) => model.relations.some((r) => r.name === key && r.isOwner));
  if (!owned) return;
  for (const [key] of entries) {
    const field = model.fields.get(key);
    if (field?.kind === "scalar" && notInCheckedInput(model, field, mode))
      invalid(
        ctx.call,
        `Unknown argument \`${key}\`: an autoincrement field cannot be written beside the relation \`${owned[0]}\`.`,
      );
  }
}

/**
 * Fields Prisma's checked input types leave out, so as not to disturb a sequence: an Int id with
 * `@default(autoincrement())` (create and update), and on update any autoincrement Int unique.
 * A BigInt autoincrement is in both input types.
 */
function notInCheckedInput(model: ModelMeta, field: ScalarField, mode: Mode): boolean {
  if (!field.isAutoincrement || field.type !== "Int") return false;
  const singleKey = (fields: readonly string[]): boolean => fields.length === 1 && fields[0] === field.name;
  if (singleKey(model.primaryKey)) return true;
  return mode === "update" && model.uniques.some((u) => singleKey(u.fields));
}

function validateOperations(
  ctx: QueryContext,
  model: ModelMeta,
  relation: RelationField,
  ops: Record<string, unknown>,
  mode: Mode,
  planRefusals: Error[],
): void {
  const allowed = operationsFor(relation, mode);
  const target = ctx.schema.model(relation.target);
  for (const [op, operand] of defined(ops)) {
    const kind = allowed[op];
    if (!kind) invalid(ctx.call, `Unknown argument \`${op}\` in the nested write of \`${relation.name}\`.`);
    if (!fits(kind, operand))
      invalid(ctx.call, `Argument \`${relation.name}.${op}\` has the wrong shape: expected ${describe(kind)}.`);
    // Prisma refuses any disconnect through a required key (not a join table) in its plan, whatever it names: before
    // any row is read or written, and before it notices an ended transaction.
    if (
      op === "disconnect" &&
      operand !== false &&
      !relation.isOwner &&
      !relation.through &&
      hasRequiredKey(target, relation)
    ) {
      planRefusals.push(
        requiredRelationViolation(ctx.rootModel, ctx.call, {
          relationName: relation.relationName,
          modelA: target.name,
          modelB: model.name,
          operation: "disconnect",
        }),
      );
    }
    for (const item of listOf(operand)) validateOperand(ctx, target, relation, op, item, planRefusals);
  }
}

function describe(kind: Operand): string {
  if (kind === "object") return "an object";
  if (kind === "objectOrBoolean") return "a boolean or a filter object";
  return "an object or a list of objects";
}

/** Descends into the data a nested operation carries: create data, update data, or both. */
function validateOperand(
  ctx: QueryContext,
  target: ModelMeta,
  relation: RelationField,
  op: string,
  item: unknown,
  planRefusals: Error[],
): void {
  if (!isPlainObject(item)) return;
  const data = (value: unknown, mode: Mode, what: string): void => {
    if (!isPlainObject(value)) invalid(ctx.call, `Argument \`${relation.name}.${op}${what}\` must be an object.`);
    walk(ctx, target, value, mode, relation, planRefusals);
  };
  // Filters are built (and thrown away) now, so a bad one is a validation error before anything runs.
  const unique = (where: unknown): void => void buildUniqueWhere(ctx, target, where, ctx.nextAlias());
  const filter = (where: unknown): void => void buildWhere(ctx, target, where, ctx.nextAlias());
  switch (op) {
    case "connect":
    case "set":
      return unique(item);
    case "disconnect":
    case "delete":
      return relation.isList ? unique(item) : filter(item);
    case "deleteMany":
      return filter(item);
    case "updateMany":
      filter(item.where);
      return data(item.data, "update", ".data");
    case "create":
      return data(item, "create", "");
    case "connectOrCreate":
      unique(item.where);
      return data(item.create, "create", ".create");
    case "upsert":
      if (relation.isList) unique(item.where);
      else if (item.where !== undefined) filter(item.where);
      data(item.create, "create", ".create");
      return data(item.update, "update", ".update");
    case "update":
      if (relation.isList) unique(item.where);
      else if (item.where !== undefined && updateData(relation, item) === item.data) filter(item.where);
      return data(updateData(relation, item), "update", ".data");
    default:
      return;
  }
}

/** To-many updates are `{ where, data }`; a to-one update is its data, or `{ where?, data }`. */
function updateData(relation: RelationField, item: Record<string, unknown>): unknown {
  if (relation.isList) return item.data;
  const keys = Object.keys(item).filter((k) => item[k] !== undefined);
  return keys.includes("data") && keys.every((k) => k === "data" || k === "where") ? item.data : item;
}
