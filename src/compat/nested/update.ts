/** Nested `update`: updates one connected row (named by a unique key, or the one related row). */
import { sql } from "drizzle-orm";
import { and } from "../sql-util.ts";
import { buildUniqueWhere, buildWhere } from "../where.ts";
import { asList, assertObject, setsNothing, toOneUpdate } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedUpdate(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const item of asList(arg)) {
    const spec = assertObject(ctx, item, "update");
    // Prisma stops at the first update that sets nothing: neither it nor the updates after it run.
    if (setsNothing(link.relation.isList ? spec.data : toOneUpdate(spec).data)) break;
    const rows = link.relation.isList
      ? await link.updateChildren(
          "update",
          (a) => sql`${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, spec.where, a)}`,
          spec.data,
        )
      : await updateToOne(link, spec);
    if (rows.length === 0) throw link.errors.notFound("a nested update");
  }
}

function updateToOne(link: NestedLink, spec: Record<string, unknown>): ReturnType<NestedLink["updateChildren"]> {
  const { where, data } = toOneUpdate(spec);
  return link.updateChildren(
    "update",
    (a) => and([link.belongs(a), buildWhere(link.ctx, link.target, where, a)])!,
    data,
  );
}
