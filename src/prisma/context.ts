import type { Prisma, PrismaClient } from "./generated/client.ts";

/** A client or an interactive-transaction client: both have every model delegate. */
export type PrismaDb = PrismaClient | Prisma.TransactionClient;

/** What each aggregate's repository is built on. */
export interface PrismaContext {
  readonly db: PrismaDb;
  /**
   * Runs `work` atomically: in a new interactive transaction, or inline when this context already is
   * one (Prisma cannot nest `$transaction`, and a unit of work must include the operation).
   */
  readonly atomically: <T>(work: (db: Prisma.TransactionClient) => Promise<T>) => Promise<T>;
}

/** Interactive transaction limits: generous enough for 1000-row batches on a loaded CI machine. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

export function rootContext(client: PrismaClient): PrismaContext {
  return { db: client, atomically: (work) => client.$transaction(work, TRANSACTION_OPTIONS) };
}

export function transactionContext(tx: Prisma.TransactionClient): PrismaContext {
  return { db: tx, atomically: (work) => work(tx) };
}
