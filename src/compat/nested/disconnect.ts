/** Nested `disconnect`: clears the foreign key of the named rows (or of the one related row). */
import { sql } from "drizzle-orm";
import { unsupported } from "../errors.ts";
import { tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedDisconnect(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target, db } = link;
  // Prisma refuses any disconnect through a required relation, whichever row it names.
  if (link.keyRequired && arg !== false) throw link.errors.requiredViolation("disconnect");
  if (link.relation.isList) {
    for (const where of asList(arg)) {
      const a = ctx.nextAlias();
      await db.rows(
        sql`UPDATE ${tableAs(target, a)} SET ${link.setKey(true)} WHERE ${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, where, a)} RETURNING 1`,
      );
    }
  } else if (arg === true) {
    const a = ctx.nextAlias();
    await db.rows(sql`UPDATE ${tableAs(target, a)} SET ${link.setKey(true)} WHERE ${link.belongs(a)} RETURNING 1`);
  } else if (arg !== false) unsupported("nested `disconnect` with a filter on a to-one relation");
}
