/** Nested `upsert`: updates the connected row the filter names, or creates it as a child. */
import { type SQL, sql } from "drizzle-orm";
import { and } from "../sql-util.ts";
import { buildUniqueWhere, buildWhere } from "../where.ts";
import { asList, assertObject } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedUpsert(link: NestedLink, arg: unknown): Promise<void> {
  const { ctx, target } = link;
  for (const item of asList(arg)) {
    const spec = assertObject(ctx, item, "upsert");
    // To-many: `where` names one row by a unique key; to-one: it filters the one related row.
    const where = (a: string): SQL =>
      link.relation.isList
        ? sql`${link.belongs(a)} AND ${buildUniqueWhere(ctx, target, spec.where, a)}`
        : and([link.belongs(a), buildWhere(ctx, target, spec.where, a)])!;
    const rows = await link.updateChildren("upsert", where, spec.update);
    if (rows.length === 0)
      await link.insertChild(assertObject(ctx, spec.create, "upsert.create"), `${link.relation.name}.upsert.create`);
  }
}
