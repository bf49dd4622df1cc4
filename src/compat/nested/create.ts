/** Nested `create`: inserts each row as a child of the parent. */
import { asList, assertObject } from "../write-support.ts";
import type { NestedLink } from "./link.ts";

export async function nestedCreate(link: NestedLink, arg: unknown): Promise<void> {
  await link.releaseSlot();
  for (const item of asList(arg))
    await link.insertChild(assertObject(link.ctx, item, "create"), `${link.relation.name}.create`);
}
