/**
 * The runtime of the facade: one delegate per model with Prisma Client's operations, raw queries
 * and `$transaction`, all executed through Drizzle. Untyped here (any model of any schema); the
 * typed, project-bound entry point is `createPrismaCompatClient` in index.ts.
 */
import { aggregate, count, groupBy } from "./aggregate.ts";
import { UNSUPPORTED_FEATURES } from "./capabilities.ts";
import { invalid, translateError, unsupported } from "./errors.ts";
import { type DrizzleLike, type Executor, type TransactionOptions, drizzleExecutor } from "./executor.ts";
import { CompatPromise, isCompatPromise, runOn } from "./lazy-promise.ts";
import type { CompatSchema, ModelMeta } from "./model-meta.ts";
import type { CompatOperation } from "./types.ts";
import { decodeRawRows, templateQuery, unsafeQuery } from "./raw.ts";
import { findFirst, findMany, findUnique } from "./read.ts";
import { isPlainObject, newQueryContext } from "./sql-util.ts";
import type { WriteContext } from "./write.ts";
import { create, createMany, createManyAndReturn, deleteMany, deleteOne, update, updateMany, updateManyAndReturn, upsert } from "./write.ts";

type Operation = (ex: Executor, ctx: WriteContext, model: ModelMeta, args: unknown) => Promise<unknown>;

/** Every model operation the facade implements. */
export const OPERATIONS: Readonly<Record<CompatOperation, Operation>> = {
  findUnique: (ex, ctx, m, a) => findUnique(ex, ctx, m, a, false),
  findUniqueOrThrow: (ex, ctx, m, a) => findUnique(ex, ctx, m, a, true),
  findFirst: (ex, ctx, m, a) => findFirst(ex, ctx, m, a, false),
  findFirstOrThrow: (ex, ctx, m, a) => findFirst(ex, ctx, m, a, true),
  findMany,
  create,
  createMany,
  createManyAndReturn,
  update,
  updateMany,
  updateManyAndReturn,
  upsert,
  delete: deleteOne,
  deleteMany,
  count,
  aggregate,
  groupBy,
};

/** Operations returning one record: Prisma's fluent relation API hangs off these. */
const SINGLE_RECORD = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "create", "update", "upsert", "delete"]);

/** Prisma Client members the facade deliberately does not offer; calling them names the gap. */
const UNSUPPORTED_MEMBERS = Object.keys(UNSUPPORTED_FEATURES).filter((name) => name.startsWith("$"));

export interface CompatClientOptions {
  /** Called with the error for every failed operation, before it is thrown (for logging). */
  onError?: (error: unknown, call: string) => void;
}

function modelDelegate(schema: CompatSchema, model: ModelMeta, ex: Executor, options: CompatClientOptions): Record<string, unknown> {
  const delegate: Record<string, unknown> = {};
  const run = (op: string, args: unknown, on: Executor): Promise<unknown> => {
    const call = `prisma.${model.delegate}.${op}()`;
    const ctx: WriteContext = { ...newQueryContext(schema, call, model.name), now: new Date() };
    return on.operation((ex) => OPERATIONS[op as CompatOperation](ex, ctx, model, args)).catch((error: unknown) => {
      const translated = translateError(error, { model, call, schema });
      options.onError?.(translated, call);
      throw translated;
    });
  };
  for (const op of Object.keys(OPERATIONS)) {
    delegate[op] = (args?: unknown) => {
      const promise = new CompatPromise((on) => run(op, args, on), ex);
      if (SINGLE_RECORD.has(op)) attachFluent(promise, schema, model, op, args, run, ex);
      return promise;
    };
  }
  Object.defineProperty(delegate, "fields", {
    get: () => unsupported(`\`prisma.${model.delegate}.fields\` (field references)`),
  });
  return delegate;
}

type Runner = (op: string, args: unknown, on: Executor) => Promise<unknown>;

/**
 * Prisma's fluent relation API: `prisma.user.findUnique(...).memberships()` and, through to-one
 * relations, chains such as `prisma.task.findUnique(...).project().owner()`. Each is the parent
 * query selecting just that path; null anywhere on the path gives null.
 */
function attachFluent(promise: CompatPromise<unknown>, schema: CompatSchema, model: ModelMeta, op: string, args: unknown, run: Runner, ex: Executor, path: readonly string[] = []): void {
  for (const relation of model.relations) {
    if (relation.name in promise) continue;
    Object.defineProperty(promise, relation.name, {
      value: (relationArgs?: unknown) => {
        const chain = [...path, relation.name];
        const base = isPlainObject(args) ? args : {};
        const narrowed = { ...base, select: selectPath(chain, relationArgs ?? true), include: undefined, omit: undefined };
        const next = new CompatPromise(async (on) => valueAt(await run(op, narrowed, on), chain), ex);
        if (!relation.isList) attachFluent(next, schema, schema.model(relation.target), op, args, run, ex, chain);
        return next;
      },
    });
  }
}

/** `{ a: { select: { b: last } } }` for the path a.b. */
function selectPath(chain: readonly string[], last: unknown): Record<string, unknown> {
  let selection: Record<string, unknown> = { [chain[chain.length - 1]!]: last };
  for (const name of chain.slice(0, -1).reverse()) selection = { [name]: { select: selection } };
  return selection;
}

function valueAt(result: unknown, chain: readonly string[]): unknown {
  let value = result;
  for (const name of chain) {
    if (value === null || value === undefined) return null;
    value = (value as Record<string, unknown>)[name];
  }
  return value ?? null;
}

function rawMembers(ex: Executor, options: CompatClientOptions): Record<string, unknown> {
  const raw = (name: string, build: (call: string) => ReturnType<typeof templateQuery>, returnRows: boolean): CompatPromise<unknown> => {
    const call = `prisma.${name}()`;
    return new CompatPromise(async (on) => {
      try {
        const result = await on.operation((ex) => ex.raw(build(call)));
        return returnRows ? decodeRawRows(result) : result.rowCount;
      } catch (error) {
        const translated = translateError(error, { call, raw: true });
        options.onError?.(translated, call);
        throw translated;
      }
    }, ex);
  };
  return {
    $queryRaw: (query: unknown, ...values: unknown[]) => raw("$queryRaw", (call) => templateQuery(call, query, values), true),
    $executeRaw: (query: unknown, ...values: unknown[]) => raw("$executeRaw", (call) => templateQuery(call, query, values), false),
    $queryRawUnsafe: (query: unknown, ...values: unknown[]) => raw("$queryRawUnsafe", (call) => unsafeQuery(call, query, values), true),
    $executeRawUnsafe: (query: unknown, ...values: unknown[]) => raw("$executeRawUnsafe", (call) => unsafeQuery(call, query, values), false),
  };
}

function buildClient(schema: CompatSchema, ex: Executor, options: CompatClientOptions): Record<string, unknown> {
  const client: Record<string, unknown> = { ...rawMembers(ex, options) };
  for (const model of schema.models.values()) client[model.delegate] = modelDelegate(schema, model, ex, options);
  for (const name of UNSUPPORTED_MEMBERS) {
    client[name] = () => unsupported(`\`${name}\``);
  }
  client.$transaction = transactionMember(schema, ex, options);
  if (ex.inTransaction) return client;
  // The facade does not own the connection: the Drizzle database passed in does.
  client.$connect = () => Promise.resolve();
  client.$disconnect = () => Promise.resolve();
  return client;
}

/** `$transaction`, array and interactive; inside a transaction, a nested one (see {@link nested}). */
function transactionMember(schema: CompatSchema, ex: Executor, options: CompatClientOptions): (arg: unknown, txOptions?: TransactionOptions) => Promise<unknown> {
  return (arg, txOptions) => {
    let work: (tx: Executor) => Promise<unknown>;
    if (Array.isArray(arg)) {
      if (!arg.every(isCompatPromise)) invalid("prisma.$transaction()", "All elements of the array need to be Prisma Client promises.");
      work = async (tx) => {
        const results: unknown[] = [];
        for (const promise of arg) results.push(await runOn(promise, tx));
        return results;
      };
      // A batch is not an interactive transaction: Prisma applies no timeout to it unless asked.
      txOptions = { timeout: Number.POSITIVE_INFINITY, maxWait: Number.POSITIVE_INFINITY, ...txOptions };
    } else {
      if (typeof arg !== "function") invalid("prisma.$transaction()", "expected an array of promises or a function.");
      work = (tx) => (arg as (client: unknown) => Promise<unknown>)(buildClient(schema, tx, options));
    }
    return ex.inTransaction ? nested(ex, work, options) : ex.transaction(work, txOptions);
  };
}

/**
 * `tx.$transaction(...)`: as in Prisma, a savepoint of the enclosing transaction (undone alone when
 * it fails), whose options are ignored; refused with P2028 once the enclosing one has ended.
 */
function nested(ex: Executor, work: (tx: Executor) => Promise<unknown>, options: CompatClientOptions): Promise<unknown> {
  const call = "prisma.$transaction()";
  return ex.operation((op) => op.transaction(work)).catch((error: unknown) => {
    const translated = translateError(error, { call });
    if (translated !== error) options.onError?.(translated, call);
    throw translated;
  });
}

/** A Prisma-Client-shaped object over a Drizzle database, for the models of `schema`. */
export function createCompatClientRuntime(db: DrizzleLike, schema: CompatSchema, options: CompatClientOptions = {}): Record<string, unknown> {
  return buildClient(schema, drizzleExecutor(db), options);
}
