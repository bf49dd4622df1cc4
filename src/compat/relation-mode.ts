/**
 * `relationMode = "prisma"`: the database has no foreign keys, and Prisma Client emulates the
 * referential actions in its own queries; so does the facade (referential/). One write is still
 * refused by name: an `upsert` whose `update` names a referenced key. Prisma 7.10 runs the
 * emulated onUpdate and the update there, then fails with P2023 ("Expected an array or an object,
 * got: number") and rolls back; the facade does not reproduce that failure.
 */
import { unsupported } from "./errors.ts";
import type { CompatSchema, ModelMeta } from "./model-meta.ts";
import { writesReferencedKey } from "./referential/referrers.ts";
import { isPlainObject } from "./sql-util.ts";

/** Throws CompatUnsupportedError, naming the model, for a write the facade does not emulate. */
export function refuseEmulatedRelationWrite(
  schema: CompatSchema,
  model: ModelMeta,
  operation: string,
  args: unknown,
): void {
  if (operation !== "upsert" || !isPlainObject(args)) return;
  if (!writesReferencedKey(schema, model, args.update)) return;
  unsupported(
    `\`upsert\` on model \`${model.name}\` whose \`update\` changes a referenced key under relationMode = "prisma" (emulated referential actions)`,
  );
}
