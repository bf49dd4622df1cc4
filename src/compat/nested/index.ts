/**
 * Nested writes on relations whose foreign key lives on the target (to-many, inverse to-one): one
 * handler per nested operation, found through a dispatch table. Implicit many-to-many relations
 * go to many-to-many.ts.
 */
import { invalid } from "../errors.ts";
import type { Executor, Row } from "../executor.ts";
import type { ModelMeta, RelationField } from "../model-meta.ts";
import type { Data, WriteContext } from "../write-support.ts";
import { nestedConnect } from "./connect.ts";
import { nestedConnectOrCreate } from "./connect-or-create.ts";
import { nestedCreate } from "./create.ts";
import { nestedCreateMany } from "./create-many.ts";
import { nestedDelete } from "./delete.ts";
import { nestedDeleteMany } from "./delete-many.ts";
import { nestedDisconnect } from "./disconnect.ts";
import { type NestedLink, type RowWriter, linkFor } from "./link.ts";
import { writeManyToMany } from "./many-to-many.ts";
import { nestedSet } from "./set.ts";
import { nestedUpdate } from "./update.ts";
import { nestedUpdateMany } from "./update-many.ts";
import { nestedUpsert } from "./upsert.ts";

/** A nested operation: its handler, and whether a nested write inside a create may use it. */
interface NestedOperation {
  readonly run: (link: NestedLink, arg: unknown) => Promise<void>;
  readonly inCreate: boolean;
}

/** Every nested operation Prisma has on such a relation (a Map: no inherited keys like `constructor`). */
const NESTED_OPERATIONS: ReadonlyMap<string, NestedOperation> = new Map([
  ["set", { run: nestedSet, inCreate: false }],
  ["disconnect", { run: nestedDisconnect, inCreate: false }],
  ["delete", { run: nestedDelete, inCreate: false }],
  ["deleteMany", { run: nestedDeleteMany, inCreate: false }],
  ["update", { run: nestedUpdate, inCreate: false }],
  ["updateMany", { run: nestedUpdateMany, inCreate: false }],
  ["upsert", { run: nestedUpsert, inCreate: false }],
  ["connect", { run: nestedConnect, inCreate: true }],
  ["connectOrCreate", { run: nestedConnectOrCreate, inCreate: true }],
  ["create", { run: nestedCreate, inCreate: true }],
  ["createMany", { run: nestedCreateMany, inCreate: true }],
]);

/**
 * Runs the nested writes `ops` of `parent` (a row of `model`) through `relation`, in the order the
 * caller wrote them (as Prisma does). `mode` is the parent's write: a create allows fewer operations.
 */
export async function writeChildren(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  relation: RelationField,
  ops: Data,
  parent: Row,
  mode: "create" | "update",
  writer: RowWriter,
): Promise<void> {
  // An implicit many-to-many relation has no foreign key on the target: its links are join-table rows.
  if (relation.through) return writeManyToMany(ex, ctx, model, relation, ops, parent, mode, writer);
  for (const op of Object.keys(ops)) {
    if (!NESTED_OPERATIONS.has(op))
      invalid(ctx.call, `Unknown nested operation \`${op}\` on relation \`${relation.name}\`.`);
  }
  const link = linkFor(ex, ctx, model, relation, parent, writer);
  for (const [op, arg] of Object.entries(ops)) {
    if (arg === undefined) continue;
    const operation = NESTED_OPERATIONS.get(op)!;
    if (mode === "create" && !operation.inCreate) invalid(ctx.call, `Nested \`${op}\` is only valid in an update.`);
    await operation.run(link, arg);
  }
}
