/**
 * Nested `set` (to-many only): rows no longer in the set are disconnected; rows new to it are
 * connected; the rest stay untouched. Rows named but missing are ignored, as Prisma does.
 */
import { type SQL, sql } from "drizzle-orm";
import { invalid } from "../errors.ts";
import type { Row } from "../executor.ts";
import { rawColumns, samePrimaryKeys } from "../referential/key-rows.ts";
import { and, isNotTrue, or, tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedSet(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target, db } = link;
  if (!link.relation.isList) invalid(ctx.call, "Nested `set` is only valid on to-many relations.");
  const wheres = asList(arg);
  const a = ctx.nextAlias();
  const leaving = sql`${link.belongs(a)} AND ${isNotTrue(or(wheres.map((w) => buildUniqueWhere(ctx, target, w, a))))}`;
  if (link.keyRequired) {
    // A required key cannot be cleared: Prisma connects the newcomers first, then refuses
    // (P2014) if a row would be left over, leaving those connections in the caller's transaction.
    // A newcomer whose primary key holds the foreign key no longer matches its `where` once
    // connected: it is known by the key it has now.
    const joined = samePrimaryKeys(target, await connectNewcomers(link, wheres))(a);
    const [left] = await db.rows(
      sql`SELECT 1 AS "left" FROM ${tableAs(target, a)} WHERE ${leaving} AND NOT (${joined}) LIMIT 1`,
    );
    if (left) throw link.errors.requiredViolation("set");
  } else {
    await db.rows(sql`UPDATE ${tableAs(target, a)} SET ${link.setKey(true)} WHERE ${leaving} RETURNING 1`);
    await connectNewcomers(link, wheres);
  }
}

/** Points the named rows not yet connected at the parent; returns them as they are now (raw). */
async function connectNewcomers(link: NestedLink, wheres: unknown[]): Promise<Row[]> {
  if (wheres.length === 0) return [];
  const { ctx, target } = link;
  const c = ctx.nextAlias();
  const newcomers: SQL = and([or(wheres.map((w) => buildUniqueWhere(ctx, target, w, c))), isNotTrue(link.belongs(c))])!;
  return link.db.rows(
    sql`UPDATE ${tableAs(target, c)} SET ${link.setKey(false)} WHERE ${newcomers} RETURNING ${rawColumns(target, c)}`,
  );
}
