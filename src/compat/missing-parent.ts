/**
 * The error Prisma raises when `update` names a row that does not exist and its data carries
 * nested relation writes. Prisma's plan fails at the first nested operation that needed the parent
 * (to inline its key, to find the connected rows), so the error names that operation rather than
 * "an update". Each case was read off Prisma Client 7.10 (compat-regressions-errors.test.ts).
 */
import {
  type PrismaCompatError,
  recordNotFound,
  recordsNotConnected,
  relatedRecordNotFound,
  requiredRelationViolation,
} from "./errors.ts";
import { type ModelMeta, type RelationField, hasRequiredKey } from "./model-meta.ts";
import type { QueryContext } from "./sql-util.ts";
import { defined, isPlainObject } from "./sql-util.ts";
import { relationTypeOf, setsNothing, toOneUpdate } from "./write-support.ts";

type Detail = { target: string; operation: string; neededFor?: string };

/** Per nested operation through a to-many relation: the record Prisma reports missing, and why. */
function toManyDetail(
  op: string,
  parent: string,
  child: string,
  bulk: boolean,
  toOne: boolean,
): Detail | "disconnect" | "delete" | undefined {
  switch (op) {
    case "create":
      // Several plain rows are one bulk insert in Prisma's plan, reported like createMany.
      return {
        target: parent,
        operation: "a nested create",
        neededFor: `inline the relation on '${bulk ? child : parent}' record(s)`,
      };
    case "createMany":
      return { target: parent, operation: "a nested create", neededFor: `inline the relation on '${child}' record(s)` };
    case "connect":
      // Through the side of a one-to-one without the key, Prisma moves the key the child holds.
      return {
        target: parent,
        operation: "a nested connect",
        neededFor: toOne
          ? `update inlined relation for '${child}' record(s)`
          : `inline the relation on '${child}' record(s)`,
      };
    case "connectOrCreate":
      return {
        target: child,
        operation: "a nested connect or create",
        neededFor: `update inlined relation for '${parent}' record(s)`,
      };
    case "set":
      return { target: parent, operation: "a nested set" };
    case "update":
      return { target: child, operation: "a nested update" };
    case "upsert":
      return {
        target: parent,
        operation: "a nested upsert",
        neededFor: `update inlined relation for '${child}' record(s)`,
      };
    case "disconnect":
    case "delete":
      return op;
    default:
      // deleteMany / updateMany need nothing from the parent: Prisma reports the update itself.
      return undefined;
  }
}

type Failure = Detail | "disconnect" | "delete";

/**
 * Through a to-one relation whose key the parent holds: a nested update needs the parent, and so
 * does pointing a one-to-one key elsewhere (Prisma reads the parent to move its inlined key); a
 * one-to-many key is written by the update itself, so Prisma reports the update.
 */
function ownerFailure(ctx: QueryContext, model: ModelMeta, relation: RelationField, op: string): Failure | undefined {
  if (op === "update") return { target: relation.target, operation: "a nested update" };
  if (relationTypeOf(ctx, model, relation) !== "one-to-one") return undefined;
  const parent = model.name;
  switch (op) {
    case "connect":
      return {
        target: parent,
        operation: "a nested connect",
        neededFor: `update inlined relation for '${relation.target}' record(s)`,
      };
    case "create":
      return {
        target: parent,
        operation: "a nested create",
        neededFor: `update inlined relation for '${parent}' record(s)`,
      };
    case "connectOrCreate":
      return {
        target: relation.target,
        operation: "a nested connect or create",
        neededFor: `update inlined relation for '${parent}' record(s)`,
      };
    default:
      return undefined;
  }
}

/**
 * Through an implicit many-to-many relation, every operation that writes a link needs the parent
 * (reported as "a connect"), and so does an update of linked rows (it finds them through the
 * parent's links: the linked `target` row is reported missing); updateMany/deleteMany need nothing
 * of it (Prisma reports the update).
 */
function manyToManyFailure(op: string, parent: string, target: string): Failure | undefined {
  switch (op) {
    case "update":
      return { target, operation: "a nested update" };
    case "connect":
    case "create":
    case "connectOrCreate":
    case "upsert":
      return { target: parent, operation: "a connect" };
    case "set":
      return { target: parent, operation: "a nested set", neededFor: "disconnect existing child records" };
    case "disconnect":
      return { target: parent, operation: "a disconnect" };
    case "delete":
      return "delete";
    default:
      return undefined;
  }
}

/**
 * A nested `update` list stops at its first update that sets nothing (see setsNothing): when that
 * is the first one (or the list is empty) nothing of it runs, so nothing of the parent is needed.
 * Prisma 7.10 reports the update itself for `[{ data: {} }, { data: { x } }]` and the nested update
 * for the reverse (compat-regressions-repeated.test.ts).
 */
function updatesNothing(operand: unknown): boolean {
  const first: unknown = Array.isArray(operand) ? operand[0] : operand;
  if (first === undefined) return Array.isArray(operand);
  if (!isPlainObject(first)) return false;
  return setsNothing(Array.isArray(operand) || "where" in first ? first.data : toOneUpdate(first).data);
}

/** What a nested operation reports when its parent is missing; undefined when it needs nothing of it. */
function failureOf(
  ctx: QueryContext,
  model: ModelMeta,
  relation: RelationField,
  op: string,
  operand: unknown,
): Failure | undefined {
  if (op === "update" && updatesNothing(operand)) return undefined;
  const empty = Array.isArray(operand) && operand.length === 0;
  // Through a many-to-many relation an empty list names no row either, but `set: []` still unlinks.
  if (relation.through) return empty && op !== "set" ? undefined : manyToManyFailure(op, model.name, relation.target);
  if (relation.isOwner) return ownerFailure(ctx, model, relation, op);
  // Disconnecting rows whose foreign key may be NULL needs nothing of the parent: no error of its own.
  if (op === "disconnect" && !hasRequiredKey(ctx.schema.model(relation.target), relation)) return undefined;
  // A disconnect through a required key is refused (P2014) whatever it names, even nothing.
  if (op === "disconnect") return "disconnect";
  // An empty list names no row to create, connect or touch: nothing of the parent is needed, and
  // Prisma reports the update itself (read off Prisma 7.10 for every nested operation).
  if (empty) return undefined;
  const bulk = isBulkCreate(ctx.schema.model(relation.target), operand);
  return toManyDetail(op, model.name, relation.target, bulk, !relation.isList);
}

/** A nested `create` of several rows none of which has nested writes of its own. */
function isBulkCreate(target: ModelMeta, operand: unknown): boolean {
  const hasNested = (row: unknown): boolean =>
    !isPlainObject(row) || target.relations.some((r) => row[r.name] !== undefined);
  return Array.isArray(operand) && operand.length > 1 && !operand.some(hasNested);
}

/** The first nested operation of `data` (in the caller's order) that needed the parent row. */
function firstFailure(
  ctx: QueryContext,
  model: ModelMeta,
  data: unknown,
): { relation: RelationField; op: string; operand: unknown; failure: Failure } | undefined {
  // relationMode = "prisma": Prisma reads the row to update before any nested write (to emulate
  // the referential actions), so a missing row is reported as the update itself.
  if (!isPlainObject(data) || model.relationMode === "prisma") return undefined;
  for (const [key, value] of defined(data)) {
    const relation = model.relations.find((r) => r.name === key);
    if (!relation || !isPlainObject(value)) continue;
    for (const [op, operand] of defined(value)) {
      const failure = failureOf(ctx, model, relation, op, operand);
      if (failure) return { relation, op, operand, failure };
    }
  }
  return undefined;
}

/** The first nested operation of `data` that needs the parent row, when the parent is missing. */
export function firstParentNeed(
  ctx: QueryContext,
  model: ModelMeta,
  data: unknown,
): { relation: RelationField; op: string; operand: unknown } | undefined {
  return firstFailure(ctx, model, data);
}

/** P2025 (or P2014/P2017) for an `update` of a missing row, as Prisma words it for `data`. */
export function missingUpdateTarget(
  ctx: QueryContext,
  model: ModelMeta,
  data: unknown,
  relationType: (relation: RelationField) => string,
): PrismaCompatError {
  const found = firstFailure(ctx, model, data);
  if (!found) return recordNotFound(model, ctx.call, "an update");
  const { relation, failure: detail } = found;
  if (detail === "disconnect")
    return requiredRelationViolation(ctx.rootModel, ctx.call, {
      relationName: relation.relationName,
      modelA: relation.target,
      modelB: model.name,
      operation: "disconnect",
    });
  if (detail === "delete")
    return recordsNotConnected(ctx.rootModel, ctx.call, relation.relationName, model.name, relation.target);
  return relatedRecordNotFound(ctx.rootModel, ctx.call, {
    ...detail,
    relationName: relation.relationName,
    relationType: relation.through ? "many-to-many" : relationType(relation),
  });
}
