/** Nested `deleteMany`: deletes the connected rows each filter matches (none is an error). */
import { sql } from "drizzle-orm";
import { and, tableAs } from "../sql-util.ts";
import { buildWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedDeleteMany(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const where of asList(arg)) {
    const a = ctx.nextAlias();
    await link.db.rows(
      sql`DELETE FROM ${tableAs(target, a)} WHERE ${and([link.belongs(a), buildWhere(ctx, target, where, a)])!} RETURNING 1`,
    );
  }
}
