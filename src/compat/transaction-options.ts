/**
 * Prisma Client's `transactionOptions` constructor option and how `$transaction` combines it with
 * per-call options, as Prisma 7.10 does (measured in test/integration/compat-transaction-options):
 * - a per-call value wins, else the constructor's, else Prisma's default (maxWait 2 s, timeout 5 s);
 * - a batch (`$transaction([...])`) has the same timeouts as an interactive transaction;
 * - a batch of one promise runs that query alone, outside any transaction (no isolation level);
 * - in a batch, a statement after the timeout makes the rollback fail, so P2028 says "rollback";
 *   a commit after the timeout names the model of the batch's first query.
 */
import { PrismaCompatError } from "./errors.ts";
import type { TransactionOptions } from "./executor.ts";

/** Prisma's error for a bad constructor option (not exported by Prisma; same name and message). */
export class PrismaClientConstructorValidationError extends Error {
  override readonly name = "PrismaClientConstructorValidationError";
  constructor(message: string) {
    super(`${message}\nRead more at https://pris.ly/d/client-constructor`);
  }
}

/** Refuses what Prisma's constructor refuses: a maxWait or timeout that is not above 0. */
export function validateTransactionOptions(options: TransactionOptions | undefined): void {
  if (!options) return;
  for (const key of ["maxWait", "timeout"] as const) {
    const value = options[key];
    if (value !== undefined && value !== null && value <= 0)
      throw new PrismaClientConstructorValidationError(
        `Invalid value ${value} for ${key} in "transactionOptions" provided to PrismaClient constructor. ${key} needs to be greater than 0`,
      );
  }
}

/** Per-call options over the constructor's (an undefined per-call value does not hide a default). */
export function combineTransactionOptions(
  defaults: TransactionOptions | undefined,
  perCall: TransactionOptions | undefined,
): TransactionOptions {
  return {
    maxWait: perCall?.maxWait ?? defaults?.maxWait,
    timeout: perCall?.timeout ?? defaults?.timeout,
    isolationLevel: perCall?.isolationLevel ?? defaults?.isolationLevel,
  };
}

function expiredOperation(error: unknown): string | undefined {
  if (!(error instanceof PrismaCompatError) || error.code !== "P2028") return undefined;
  const operation = (error.meta as { operation?: unknown } | undefined)?.operation;
  return typeof operation === "string" ? operation : undefined;
}

/**
 * A batch's error as Prisma reports it: a query refused for the timeout becomes the failed rollback
 * that follows it; a commit refused for the timeout names `firstModel`.
 */
export function batchTransactionError(error: unknown, firstModel: string | undefined): unknown {
  const operation = expiredOperation(error);
  if (operation !== "query" && operation !== "commit") return error;
  const e = error as PrismaCompatError;
  const meta = { ...(e.meta as Record<string, unknown>) };
  let message = e.message;
  if (operation === "query") {
    meta.operation = "rollback";
    message = message.replace("A query cannot be executed", "A rollback cannot be executed");
  } else if (firstModel !== undefined) {
    meta.modelName ??= firstModel;
  }
  return new PrismaCompatError("P2028", message, meta);
}
