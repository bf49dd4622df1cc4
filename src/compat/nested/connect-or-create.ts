/** Nested `connectOrCreate`: points the named row at the parent, or creates it there when missing. */
import { sql } from "drizzle-orm";
import { tableAs } from "../sql-util.ts";
import { buildUniqueWhere } from "../where.ts";
import { asList, assertObject } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedConnectOrCreate(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const item of asList(arg)) {
    const spec = assertObject(ctx, item, "connectOrCreate");
    await link.releaseSlot((k) => buildUniqueWhere(ctx, target, spec.where, k));
    const a = ctx.nextAlias();
    const done = await link.db.rows(
      sql`UPDATE ${tableAs(target, a)} SET ${link.setKey(false)} WHERE ${buildUniqueWhere(ctx, target, spec.where, a)} RETURNING 1`,
    );
    if (done.length === 0)
      await link.insertChild(
        assertObject(ctx, spec.create, "connectOrCreate.create"),
        `${link.relation.name}.connectOrCreate.create`,
      );
  }
}
