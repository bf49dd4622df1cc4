/** Nested `delete`: deletes the named connected rows (or the one related row); each must be connected. */
import { sql } from "drizzle-orm";
import { unsupported } from "../errors.ts";
import { tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedDelete(link: NestedLink, arg: unknown): Promise<void> {
  if (link.relation.isList) return deleteNamed(link, asList(arg));
  if (arg === true) {
    const a = link.ctx.nextAlias();
    const done = await link.db.rows(sql`DELETE FROM ${tableAs(link.target, a)} WHERE ${link.belongs(a)} RETURNING 1`);
    if (done.length === 0) throw link.errors.notConnected();
  } else if (arg !== false) unsupported("nested `delete` with a filter on a to-one relation");
}

/**
 * Prisma checks every named row is connected before deleting any: a failed nested delete leaves
 * no partial deletes in the caller's interactive transaction.
 */
async function deleteNamed(link: NestedLink, wheres: unknown[]): Promise<void> {
  const { ctx, target, db } = link;
  for (const where of wheres) {
    const a = ctx.nextAlias();
    const found = await db.rows(
      sql`SELECT 1 FROM ${tableAs(target, a)} WHERE ${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, where, a)}`,
    );
    if (found.length === 0) throw link.errors.notConnected();
  }
  for (const where of wheres) {
    const a = ctx.nextAlias();
    const done = await db.rows(
      sql`DELETE FROM ${tableAs(target, a)} WHERE ${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, where, a)} RETURNING 1`,
    );
    if (done.length === 0) throw link.errors.notConnected();
  }
}
