/** Nested `deleteMany`: deletes the connected rows each filter matches (none is an error). */
import { deleteRows } from "../referential/on-delete.ts";
import { and } from "../sql-util.ts";
import { buildWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedDeleteMany(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const where of asList(arg)) {
    // relationMode = "prisma": with the emulated referential actions.
    await deleteRows(link.db, ctx, target, (a) => and([link.belongs(a), buildWhere(ctx, target, where, a)])!);
  }
}
