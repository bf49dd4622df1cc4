/**
 * The facade's static type: Prisma Client's own generated delegate types, narrowed to the members
 * the facade implements, so a call site written against `PrismaClient` type-checks unchanged against
 * the facade (same argument types, same result types), and a member it does not implement
 * (`fields`, `$extends`, `$on`, ...) is a compile error instead of a runtime surprise.
 */
import type { Types } from "@prisma/client/runtime/client";
import type { Prisma, PrismaClient } from "../prisma/generated/client.ts";
import type { COMPAT_OPERATIONS } from "./capabilities.ts";

/** Model operations the facade implements (see capabilities.ts). */
export type CompatOperation = (typeof COMPAT_OPERATIONS)[number];

/** The client property of each model (`user`, `auditLog`, ...). */
export type CompatModelKey = Uncapitalize<Prisma.ModelName>;

/** One model's delegate as the facade offers it. */
export type CompatDelegate<K extends CompatModelKey> = Pick<PrismaClient[K], CompatOperation>;

export type PrismaCompatModels = { [K in CompatModelKey]: CompatDelegate<K> };

/** Raw queries, typed exactly as Prisma Client types them. */
export type PrismaCompatRaw = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface PrismaCompatTransactionOptions {
  maxWait?: number;
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/** `$transaction`, on the client and (as in Prisma 7, a savepoint there) on a transaction client. */
export interface PrismaCompatTransactionMember {
  $transaction<P extends Prisma.PrismaPromise<unknown>[]>(arg: [...P], options?: PrismaCompatTransactionOptions): Promise<Types.Utils.UnwrapTuple<P>>;
  $transaction<R>(fn: (tx: PrismaCompatTransactionClient) => Promise<R>, options?: PrismaCompatTransactionOptions): Promise<R>;
}

/** What an interactive transaction's callback receives (Prisma: the client minus $connect & co). */
export type PrismaCompatTransactionClient = PrismaCompatModels & PrismaCompatRaw & PrismaCompatTransactionMember;

/** The facade: Prisma Client's shape, executed by Drizzle. */
export type PrismaCompatClient = PrismaCompatTransactionClient & {
  /** Resolves at once: the Drizzle database passed in owns the connections. */
  $connect(): Promise<void>;
  /** Resolves at once: close the Drizzle database's pool yourself. */
  $disconnect(): Promise<void>;
};
