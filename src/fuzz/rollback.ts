/**
 * Runs one write inside an interactive transaction that always rolls back, and reads the state of
 * every table before the rollback: the same data set serves every generated write, on either
 * client. Shared by the differential tests and compat:fuzz.
 */
import type { Comparison, Outcome } from "./compare.ts";

/** Either client (real Prisma Client or the facade), loosely typed: generated arguments are not typed. */
export type AnyClient = Record<string, Record<string, (args: unknown) => Promise<unknown>>> & {
  $transaction<R>(fn: (tx: AnyClient) => Promise<R>, options?: { timeout: number; maxWait: number }): Promise<R>;
  $queryRawUnsafe?: (query: string, ...values: unknown[]) => Promise<unknown>;
};

/** One operation on one model's delegate. */
export interface OperationCall {
  /** The client property of the model (`user`, `tenantUser`...). */
  readonly model: string;
  readonly op: string;
  readonly args: Record<string, unknown>;
  /**
   * Run through a transaction client kept after its transaction committed (issue #11 class 5):
   * both clients must refuse it (P2028) and write nothing.
   */
  readonly leaked?: true;
}

/**
 * Transaction options for clients under test where timeouts are not what is tested: on loaded
 * machines Prisma's default 5 s can expire mid-case, and an expiry during COMMIT or ROLLBACK can
 * crash Prisma's adapter with an error no caller can catch (prisma/orm#29952).
 */
export const UNHURRIED_TRANSACTIONS = { timeout: 120_000, maxWait: 60_000 } as const;
const UNHURRIED = UNHURRIED_TRANSACTIONS;

/** What a write left: its outcome and the state of every table before the rollback. */
export interface WriteOutcome {
  readonly outcome: Outcome;
  readonly state: unknown;
}

class Rollback extends Error {
  constructor(readonly result: WriteOutcome) {
    super("rollback");
  }
}

/** Every table, read inside the write's transaction (an aborted transaction reads as its error). */
async function readState(compare: Comparison, tx: AnyClient, query: string): Promise<unknown> {
  const read = await compare.outcome(() => tx.$queryRawUnsafe!(query));
  return "ok" in read ? compare.digestState(read.ok) : { unreadable: read.error.meta };
}

/** The state read failed because a database error aborted the transaction (SQLSTATE 25P02). */
export function isAborted(state: unknown): boolean {
  const meta = (state as { unreadable?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).unreadable;
  return meta?.driverAdapterError?.cause?.originalCode === "25P02";
}

/** A `.catch` handler that shows the error to `onError` (messages for reports) and rethrows it. */
export function rethrowSeen(onError: ((error: unknown) => void) | undefined): (error: unknown) => never {
  return (error) => {
    onError?.(error);
    throw error;
  };
}

/**
 * Runs `call` in a transaction that always rolls back; returns what the write returned or threw
 * and the database state it left behind (read with `stateSql` before the rollback). `onError` sees
 * the operation's error as thrown (the outcome keeps only its comparable shape).
 */
export async function rolledBack(
  compare: Comparison,
  client: AnyClient,
  call: OperationCall,
  stateSql: string,
  onError?: (error: unknown) => void,
): Promise<WriteOutcome> {
  const leaked = call.leaked ? await client.$transaction((tx) => Promise.resolve(tx), UNHURRIED) : undefined;
  try {
    await client.$transaction(async (tx) => {
      const result = await compare.outcome(() =>
        (leaked ?? tx)[call.model]![call.op]!(call.args).catch(rethrowSeen(onError)),
      );
      throw new Rollback({ outcome: result, state: await readState(compare, tx, stateSql) });
    }, UNHURRIED);
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    return { outcome: { error: compare.errorShape(error) }, state: "<transaction failed>" };
  }
  throw new Error("unreachable: the transaction did not roll back");
}

/**
 * The state Prisma's side is to be compared with: Prisma's transaction is aborted after a database
 * error, while a savepoint keeps the facade's usable, and then it must hold exactly the state
 * before the write (`initialState`).
 */
export function expectedStateAfter(prismaState: unknown, facadeState: unknown, initialState: unknown): unknown {
  return isAborted(prismaState) && !isAborted(facadeState) ? initialState : prismaState;
}

/** A call as text, bigints written `1n` (for messages and reports). */
export function describeCall(call: OperationCall): string {
  return `${call.leaked ? "leaked tx: " : ""}${call.model}.${call.op}(${JSON.stringify(call.args, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString("hex")}` : v))})`;
}
