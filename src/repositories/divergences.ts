/**
 * Where an implementation knowingly behaves differently from the repository contracts or from the
 * other implementations: one registry for all of them. The contract suite runs unchanged against
 * every implementation, so an entry here is a documented exception, never a skipped test; the
 * evaluation reports each entry as a risk. Empty: no known divergence. (Where Prisma cannot express
 * what a contract needs, it uses raw SQL and says why beside it; that is not a divergence.)
 */
import type { ImplementationName } from "./index.ts";

/** One documented difference: which operation, what differs, and why it is accepted. */
export interface Divergence {
  /** `aggregate.operation`, e.g. `tasks.createMany`. */
  readonly operation: string;
  readonly behaviour: string;
  readonly reason: string;
}

/** Every implementation's documented divergences. */
export const DIVERGENCES: Readonly<Record<ImplementationName, readonly Divergence[]>> = {
  prisma: [],
  drizzle: [],
  sql: [],
  "prisma-on-drizzle": [],
};
