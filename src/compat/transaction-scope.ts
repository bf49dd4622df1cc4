/**
 * The life of one facade transaction, as its client sees it. Drizzle's transaction object keeps
 * working after COMMIT (its connection has gone back to the pool, possibly into another caller's
 * transaction), so the facade itself must refuse every use of a transaction client once the
 * transaction is over, before anything reaches the database (Prisma: P2028).
 *
 * Granularity is the facade operation: one started while the transaction is open runs to the end
 * inside it (the commit waits for it), so it is never half committed; one started after the
 * callback returned is refused whole. Statements are also checked one by one, for the timeout.
 */
import { type PrismaCompatError, TransactionEndedError } from "./errors.ts";

/** How a transaction ended, as Prisma words it in P2028. */
export type TransactionEnd = "committed" | "rolledBack";

export class TransactionScope {
  private end: TransactionEnd | undefined;
  /** Set once the commit or rollback has been issued: nothing may be sent any more. */
  private over = false;
  private timedOut = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly startedAt = Date.now();

  /** @param timeout the interactive timeout, ms, for the P2028 an expired transaction gives */
  constructor(private readonly timeout: number) {}

  /** The timeout passed: every later statement fails. */
  expire(): void {
    this.timedOut = true;
  }

  get expired(): boolean {
    return this.timedOut;
  }

  /**
   * Runs one facade operation, or refuses it (P2028) when the transaction is no longer open. A
   * refused operation still runs as `whenRefused`, on an executor that sends nothing: Prisma checks
   * the arguments before it looks at the transaction, so a bad argument is a validation error even
   * through a leaked client; the first statement the operation would send fails with the P2028.
   */
  operation<T>(work: () => Promise<T>, whenRefused: (refusal: TransactionEndedError) => Promise<unknown>): Promise<T> {
    const refusal = this.refusal(this.end === undefined);
    if (refusal) return whenRefused(refusal).then(() => Promise.reject(refusal));
    const running = work();
    const settle = (): void => void this.running.delete(running);
    this.running.add(running);
    running.then(settle, settle);
    return running;
  }

  /** Checked right before each statement is sent. */
  statement(): void {
    const refusal = this.refusal(!this.over);
    if (refusal) throw refusal;
  }

  /**
   * The callback settled: no new operation may start; those already running finish first, so the
   * commit (or rollback) that follows is the last statement on the connection.
   */
  async close(end: TransactionEnd): Promise<void> {
    this.end = end;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.over = true;
  }

  /** The commit failed after all: later uses are told the transaction was rolled back. */
  rolledBack(): void {
    this.end = "rolledBack";
    this.over = true;
  }

  /** The P2028 error for committing after the timeout (thrown by `$transaction` itself). */
  commitRefused(): PrismaCompatError {
    return new TransactionEndedError({
      expired: true,
      operation: "commit",
      timeout: this.timeout,
      timeTaken: Date.now() - this.startedAt,
    }).toPrisma();
  }

  /** Why a use is refused now (`open`: whether the step being checked may still happen), if it is. */
  private refusal(open: boolean): TransactionEndedError | undefined {
    if (this.timedOut) {
      return new TransactionEndedError({
        expired: true,
        operation: "query",
        timeout: this.timeout,
        timeTaken: Date.now() - this.startedAt,
      });
    }
    return open ? undefined : new TransactionEndedError({ expired: false, end: this.end ?? "committed" });
  }
}
