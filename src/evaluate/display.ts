/**
 * How an evaluation names and orders things when it shows them: shared by the evaluate job's
 * progress lines and the report (src/report renders evaluation results, so it depends on this
 * folder, never the other way round).
 */

/** Column order: the incumbent, the candidate, the migration path, then the baseline. */
export const IMPLEMENTATION_ORDER = ["prisma", "drizzle", "prisma-on-drizzle", "sql"];

/** `names` once each, in {@link IMPLEMENTATION_ORDER}; unknown names last, alphabetically. */
export function orderImplementations(names: Iterable<string>): string[] {
  const rank = (n: string) =>
    IMPLEMENTATION_ORDER.includes(n) ? IMPLEMENTATION_ORDER.indexOf(n) : IMPLEMENTATION_ORDER.length;
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export { plural } from "../domain/plural.ts";
