/** Nested `connect`: points every named row at the parent in one statement; each must exist. */
import { sql } from "drizzle-orm";
import { or, tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedConnect(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  const wheres = asList(arg);
  await link.releaseSlot((k) => or(wheres.map((w) => buildUniqueWhere(ctx, target, w, k))));
  const a = ctx.nextAlias();
  const done = await link.db.rows(
    sql`UPDATE ${tableAs(target, a)} SET ${link.setKey(false)} WHERE ${or(wheres.map((w) => buildUniqueWhere(ctx, target, w, a)))} RETURNING 1`,
  );
  if (done.length < wheres.length)
    throw link.relation.isList
      ? link.errors.missingConnections(wheres.length, done.length, "connect")
      : link.errors.notFound("a nested connect");
}
