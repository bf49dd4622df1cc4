/** Nested `updateMany`: updates the connected rows each filter matches (none is not an error). */
import { and } from "../sql-util.ts";
import { buildWhere } from "../where.ts";
import { asList, assertObject } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedUpdateMany(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const item of asList(arg)) {
    const spec = assertObject(ctx, item, "updateMany");
    await link.updateChildren(
      "updateMany",
      (a) => and([link.belongs(a), buildWhere(ctx, target, spec.where, a)])!,
      spec.data,
    );
  }
}
