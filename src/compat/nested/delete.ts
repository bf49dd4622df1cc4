/** Nested `delete`: deletes the named connected rows (or the one related row); each must be connected. */
import { type SQL, sql } from "drizzle-orm";
import { unsupported } from "../errors.ts";
import { deleteRows } from "../referential/on-delete.ts";
import { tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedDelete(link: NestedLink, arg: unknown): Promise<void> {
  if (link.relation.isList) return deleteNamed(link, asList(arg));
  if (arg === true) {
    const done = await deleteLinked(link, (a) => link.belongs(a));
    if (done === 0) throw link.errors.notConnected();
  } else if (arg !== false) unsupported("nested `delete` with a filter on a to-one relation");
}

/**
 * Deletes the linked rows `where` matches; their count. Under relationMode = "prisma" the emulated
 * referential actions run first (in Prisma's order for a delete).
 */
function deleteLinked(link: NestedLink, where: (alias: string) => SQL): Promise<number> {
  return deleteRows(link.db, link.ctx, link.target, where);
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
    const done = await deleteLinked(
      link,
      (a) => sql`${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, where, a)}`,
    );
    if (done === 0) throw link.errors.notConnected();
  }
}
