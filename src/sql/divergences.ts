/**
 * Where the hand-written SQL implementation knowingly differs from the repository contract.
 * Empty: it passes the contract suite as written. An entry here must name the contract test, say
 * what differs and why, and be removed when the difference is.
 */
export interface Divergence {
  /** The contract test's name (its `it(...)` title). */
  test: string;
  /** What this implementation does instead. */
  behaviour: string;
  /** Why it is accepted. */
  reason: string;
}

export const SQL_DIVERGENCES: readonly Divergence[] = [];
