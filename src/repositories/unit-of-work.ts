/**
 * The rule of `Repositories.transaction` for implementations whose driver runs the transaction:
 * an error thrown by the caller's work is rethrown unchanged (the interface promises that), while
 * a failure of BEGIN or COMMIT themselves is a database error like any other and is translated.
 */

/**
 * Runs `work` through `transaction` (the driver's: BEGIN, the callback, COMMIT or ROLLBACK),
 * rethrowing the work's own error as it is and passing any other failure through `translate`.
 */
export async function runUnitOfWork<Tx, T>(
  transaction: (body: (tx: Tx) => Promise<T>) => Promise<T>,
  work: (tx: Tx) => Promise<T>,
  translate: (error: unknown) => unknown,
): Promise<T> {
  let workFailed = false;
  try {
    return await transaction(async (tx) => {
      try {
        return await work(tx);
      } catch (error) {
        workFailed = true;
        throw error;
      }
    });
  } catch (error) {
    throw workFailed ? error : translate(error);
  }
}
