/** Nested `delete`: deletes the named connected rows (or the one related row); each must be connected. */
import { type SQL, sql } from "drizzle-orm";
import { unsupported } from "../errors.ts";
import { deleteRows } from "../referential/on-delete.ts";
import { or, tableAs } from "../sql-util.ts";
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
 * Prisma counts the connected rows the wheres name, all at once, before deleting any: fewer rows
 * than wheres is P2017 with nothing deleted. So a row named twice (`[{ id: 3 }, { id: 3 }]`, or by
 * its id and another unique field) fails, unlike in a connect, which counts repeated wheres once;
 * and a failed nested delete leaves no partial deletes in the caller's interactive transaction.
 */
async function deleteNamed(link: NestedLink, wheres: unknown[]): Promise<void> {
  const { ctx, target, db } = link;
  if (wheres.length === 0) return;
  const a = ctx.nextAlias();
  const named = or(wheres.map((where) => buildUniqueWhere(ctx, target, where, a)));
  const found = await db.rows(sql`SELECT 1 FROM ${tableAs(target, a)} WHERE ${link.belongs(a)} AND ${named}`);
  if (found.length < wheres.length) throw link.errors.notConnected();
  for (const where of wheres) {
    const done = await deleteLinked(
      link,
      (a) => sql`${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, where, a)}`,
    );
    if (done === 0) throw link.errors.notConnected();
  }
}
