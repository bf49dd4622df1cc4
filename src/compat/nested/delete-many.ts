/** Nested `deleteMany`: deletes the connected rows each filter matches (none is an error). */
import { sql } from "drizzle-orm";
import { deleteWithActions } from "../referential/on-delete.ts";
import { hasReferrers } from "../referential/referrers.ts";
import { and, tableAs } from "../sql-util.ts";
import { buildWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedDeleteMany(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const where of asList(arg)) {
    const matching = (a: string) => and([link.belongs(a), buildWhere(ctx, target, where, a)])!;
    // relationMode = "prisma": the emulated referential actions first (Prisma's order for a delete).
    if (hasReferrers(ctx.schema, target)) {
      await deleteWithActions(link.db, ctx, target, matching, "schema");
      continue;
    }
    const a = ctx.nextAlias();
    await link.db.rows(sql`DELETE FROM ${tableAs(target, a)} WHERE ${matching(a)} RETURNING 1`);
  }
}
