/**
 * `relationMode = "prisma"`: the database has no foreign keys, and Prisma Client emulates the
 * referential actions (onDelete/onUpdate Cascade, SetNull, Restrict) in its own queries. The facade
 * does not emulate them yet, so it refuses every write to a model bound with that relation mode
 * (the generator binds only models that have relation fields) rather than leave orphans or skip a
 * Restrict that Prisma would raise. Reads run as usual.
 */
import { unsupported } from "./errors.ts";
import type { ModelMeta } from "./model-meta.ts";

/** The model operations that write (and so could need an emulated referential action). */
const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);

/** Throws CompatUnsupportedError, naming the model, for a write under relationMode = "prisma". */
export function refuseEmulatedRelationWrite(model: ModelMeta, operation: string): void {
  if (model.relationMode !== "prisma" || !WRITE_OPERATIONS.has(operation)) return;
  unsupported(
    `\`${operation}\` on model \`${model.name}\` under relationMode = "prisma" (emulated referential actions)`,
  );
}
