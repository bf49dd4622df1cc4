/**
 * Which DMMF models are `view` blocks. Prisma's DMMF lists views among the models with nothing to
 * tell them apart, so the block keyword is read from the schema text (comments and strings blanked),
 * as refusals.ts finds block lines. Prisma's migrations create nothing for a view (no view, no
 * table, no index for its `@unique`), and Prisma Client gives a view read operations only.
 */
import { blankedLines } from "./blanked-lines.ts";

/** Names of the `view` blocks in `text`. */
export function viewNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of blankedLines(text)) {
    const words = line.trim().split(/[\s{]+/);
    if (words[0] === "view" && words[1] && line.includes("{")) names.add(words[1]);
  }
  return names;
}
