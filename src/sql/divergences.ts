/**
 * Where the hand-written SQL implementation knowingly behaves differently from the repository
 * contracts or from the other implementations. The contract suite runs unchanged against it, so an
 * entry here is a documented exception, never a skipped test. Empty: no known divergence.
 */

/** One documented difference: which operation, what differs, and why it is accepted. */
export interface Divergence {
  /** `aggregate.operation`, e.g. `tasks.createMany`. */
  readonly operation: string;
  readonly behaviour: string;
  readonly reason: string;
}

export const SQL_DIVERGENCES: readonly Divergence[] = [];
