/** Nested `createMany`: one bulk insert of scalar-only children (to-many relations only). */
import { invalid } from "../errors.ts";
import { isPlainObject } from "../sql-util.ts";
import { asList, assertObject } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedCreateMany(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx } = link;
  if (!link.relation.isList) invalid(ctx.call, "Nested `createMany` is only valid on to-many relations.");
  if (!isPlainObject(arg)) invalid(ctx.call, "Argument `createMany` needs `data`.");
  const rows = asList(arg.data).map((item) => ({ ...assertObject(ctx, item, "createMany"), ...link.fkData }));
  await link.writer.insertMany(link.ex, ctx, link.target, rows, arg.skipDuplicates === true, false);
}
