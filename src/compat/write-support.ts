/**
 * What the write operations (write.ts) and the nested relation writes (nested/) share: the write
 * context, statement tagging, the relation type Prisma's errors name, and small argument checks.
 * Kept apart so that nested/ need not import write.ts (which dispatches to nested/).
 */
import type { SQL } from "drizzle-orm";
import { invalid, tagStatementModel } from "./errors.ts";
import type { Executor } from "./executor.ts";
import type { ModelMeta, RelationField } from "./model-meta.ts";
import { type QueryContext, isPlainObject } from "./sql-util.ts";

/** A write in progress: the query context plus the one "now" of this operation. */
export interface WriteContext extends QueryContext {
  readonly now: Date;
}

/** A `data` object (or any other object argument) of a write. */
export type Data = Record<string, unknown>;

/**
 * The executor for statements on `model`'s table: a database error is tagged with the model, which
 * Prisma reports as `meta.modelName` (the table the failing statement wrote, not the caller's).
 */
export function statementsOn(ex: Executor, model: ModelMeta): Executor {
  const tagged =
    <T>(run: (query: SQL) => Promise<T>) =>
    async (query: SQL): Promise<T> => {
      try {
        return await run(query);
      } catch (error) {
        throw tagStatementModel(error, model.name);
      }
    };
  return { ...ex, rows: tagged((query) => ex.rows(query)), tuples: tagged((query) => ex.tuples(query)) };
}

/** "one-to-many", "one-to-one" or "many-to-many", as Prisma's relation errors name `relation` seen from `model`. */
export function relationTypeOf(ctx: QueryContext, model: ModelMeta, relation: RelationField): string {
  if (relation.through) return "many-to-many";
  if (relation.isList) return "one-to-many";
  const target = ctx.schema.model(relation.target);
  const inverse = target.relations.find(
    (r) => r.relationName === relation.relationName && r.target === model.name && r !== relation,
  );
  return inverse?.isList ? "one-to-many" : "one-to-one";
}

/** A nested argument that may be one item or a list of them, as a list. */
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** `value` as an object, or Prisma's validation error naming the argument `what`. */
export function assertObject(ctx: QueryContext, value: unknown, what: string): Data {
  if (!isPlainObject(value)) invalid(ctx.call, `Argument \`${what}\` must be an object.`);
  return value;
}

/**
 * Update data that sets nothing (`{}`, or only undefined fields). Prisma skips a nested `update`
 * with such data altogether: it writes nothing and does not even check the named row is connected.
 */
export function setsNothing(data: unknown): boolean {
  return isPlainObject(data) && Object.values(data).every((v) => v === undefined);
}

/**
 * A nested to-one `update` is either the data itself or `{ where?, data }`; `where` filters the
 * related row, which must then match (Prisma: P2025 otherwise).
 */
export function toOneUpdate(spec: Data): { where: unknown; data: unknown } {
  const wrapped = "data" in spec && Object.keys(spec).every((k) => k === "data" || k === "where");
  return wrapped ? { where: spec.where, data: spec.data } : { where: undefined, data: spec };
}
