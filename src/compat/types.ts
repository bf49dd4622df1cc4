/**
 * The facade's static type: Prisma Client's own generated delegate types, narrowed to the members
 * the facade implements, so a call site written against `PrismaClient` type-checks unchanged against
 * the facade (same argument types, same result types), and a member it does not implement
 * (`fields`, `$queryRawTyped`, ...) is a compile error instead of a runtime surprise. `$extends`
 * gives Prisma's extended-client types, narrowed the same way.
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

type Ext = Types.Extensions.InternalArgs;
type TypeMapOf<ExtArgs extends Ext> = Types.Utils.Call<Prisma.TypeMapCb, { extArgs: ExtArgs }>;

/** Prisma's client type after `$extends` (models, extension members, raw queries, builtins). */
type PrismaExtended<ExtArgs extends Ext> = Types.Extensions.DynamicClientExtensionThis<
  TypeMapOf<ExtArgs>,
  Prisma.TypeMapCb,
  ExtArgs
>;

/** A member of an extended client as the facade types it: model delegates lose `fields`, builtins are the facade's. */
type NarrowMember<K, V, ExtArgs extends Ext> = K extends CompatModelKey
  ? Omit<V, "fields">
  : K extends "$extends"
    ? CompatExtendsHook<ExtArgs>
    : K extends "$transaction"
      ? CompatTransaction<PrismaCompatExtendedTransactionClient<ExtArgs>>
      : V;

/** The facade after `$extends`: Prisma's extended-client type, narrowed as the base facade is. */
export type PrismaCompatExtendedClient<ExtArgs extends Ext> = {
  [K in keyof PrismaExtended<ExtArgs>]: NarrowMember<K, PrismaExtended<ExtArgs>[K], ExtArgs>;
};

/** What an extended client's interactive transaction receives (Prisma: the client minus $extends, $connect, ...). */
export type PrismaCompatExtendedTransactionClient<ExtArgs extends Ext> = Omit<
  PrismaCompatExtendedClient<ExtArgs>,
  "$extends" | "$connect" | "$disconnect" | "$transaction"
>;

interface CompatTransaction<Tx> {
  <P extends Prisma.PrismaPromise<unknown>[]>(
    arg: [...P],
    options?: PrismaCompatTransactionOptions,
  ): Promise<Types.Utils.UnwrapTuple<P>>;
  <R>(fn: (tx: Tx) => Promise<R>, options?: PrismaCompatTransactionOptions): Promise<R>;
}

/**
 * `$extends` with the signature of Prisma's (`Types.Extensions.ExtendsHook`): the same inference of
 * the four components, and a result narrowed to what the facade implements.
 */
export interface CompatExtendsHook<
  ExtArgs extends Ext,
  TypeMap extends Types.Extensions.TypeMapDef = TypeMapOf<ExtArgs>,
> {
  <
    R_ extends { [K in TypeMap["meta"]["modelProps"] | "$allModels"]?: unknown },
    R,
    M_ extends { [K in TypeMap["meta"]["modelProps"] | "$allModels"]?: unknown },
    M,
    Q_ extends {
      [
        K in TypeMap["meta"]["modelProps"] | "$allModels" | keyof TypeMap["other"]["operations"] | "$allOperations"
      ]?: unknown;
    },
    C_ extends { [K in string]?: unknown },
    C,
    // `{}` as in Prisma's own hook: the query component adds nothing to the client's type.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    Args extends Ext = Types.Extensions.InternalArgs<R, M, {}, C>,
    MergedArgs extends Ext = Types.Extensions.MergeExtArgs<TypeMap, ExtArgs, Args>,
  >(
    extension:
      | ((client: PrismaExtended<ExtArgs>) => { $extends: { extArgs: Args } })
      | {
          name?: string;
          query?: Types.Extensions.DynamicQueryExtensionArgs<Q_, TypeMap>;
          result?: Types.Extensions.DynamicResultExtensionArgs<R_, TypeMap> & R;
          model?: Types.Extensions.DynamicModelExtensionArgs<M_, TypeMap, Prisma.TypeMapCb, ExtArgs> & M;
          client?: Types.Extensions.DynamicClientExtensionArgs<C_, TypeMap, Prisma.TypeMapCb, ExtArgs> & C;
        },
  ): PrismaCompatExtendedClient<MergedArgs>;
}

/** `$transaction`, on the client and (as in Prisma 7, a savepoint there) on a transaction client. */
export interface PrismaCompatTransactionMember {
  $transaction<P extends Prisma.PrismaPromise<unknown>[]>(
    arg: [...P],
    options?: PrismaCompatTransactionOptions,
  ): Promise<Types.Utils.UnwrapTuple<P>>;
  $transaction<R>(
    fn: (tx: PrismaCompatTransactionClient) => Promise<R>,
    options?: PrismaCompatTransactionOptions,
  ): Promise<R>;
}

/** What an interactive transaction's callback receives (Prisma: the client minus $connect & co). */
export type PrismaCompatTransactionClient = PrismaCompatModels & PrismaCompatRaw & PrismaCompatTransactionMember;

/** The facade: Prisma Client's shape, executed by Drizzle. */
export type PrismaCompatClient<LogLevels extends Prisma.LogLevel = never> = PrismaCompatTransactionClient & {
  /** Resolves at once: the Drizzle database passed in owns the connections. */
  $connect(): Promise<void>;
  /** Resolves at once: close the Drizzle database's pool yourself. */
  $disconnect(): Promise<void>;
  /** Client extensions, as Prisma Client's `$extends`. */
  $extends: CompatExtendsHook<Types.Extensions.DefaultArgs>;
  /** Query events; `'query'` needs `log: [{ emit: 'event', level: 'query' }]` when the facade is created. */
  $on<V extends LogLevels>(
    eventType: V,
    callback: (event: V extends "query" ? Prisma.QueryEvent : Prisma.LogEvent) => void,
  ): PrismaCompatClient<LogLevels>;
};
