/** Nested `connect`: points every named row at the parent in one statement; each must exist. */
import { sql } from "drizzle-orm";
import { isPlainObject, or, tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

/**
 * The unique wheres with repeats dropped, as Prisma does before counting the rows it expects: the
 * same row named twice by the same where (`[{ id: 11 }, { id: 11 }]`) is one connection, while two
 * different wheres naming one row (`[{ id: 11 }, { id: 11, title: "a" }]`) still count as two.
 * Key order does not make a where different; a bigint `1n` and a number `1` do (as in Prisma).
 */
/** JSON.stringify replacer: plain objects with sorted keys, bigints apart from numbers. */
function canonical(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );
}

function distinctWheres(wheres: readonly unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const w of wheres) {
    const key = JSON.stringify(w, canonical);
    if (!seen.has(key)) seen.set(key, w);
  }
  return [...seen.values()];
}

export async function nestedConnect(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  const wheres = distinctWheres(asList(arg));
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
