/**
 * The runtime of the facade: one delegate per model with Prisma Client's operations, raw queries
 * and `$transaction`, all executed through Drizzle. Untyped here (any model of any schema); the
 * typed, project-bound entry point is `createPrismaCompatClient` in index.ts.
 */
import { aggregate, count, groupBy } from "./aggregate.ts";
import { UNSUPPORTED_FEATURES } from "./capabilities.ts";
import { invalid, severalStatements, translateError, unsupported } from "./errors.ts";
import { ClientEvents, type LogDefinition, type LogLevel, withQueryEvents } from "./events.ts";
import { type DrizzleLike, type Executor, type TransactionOptions, drizzleExecutor } from "./executor.ts";
import {
  type ExtensionScope,
  baseScope,
  decorateClient,
  decorateDelegate,
  extendOperation,
  extendRaw,
} from "./extends.ts";
import { fluentPromise } from "./fluent.ts";
import { CompatPromise, isCompatPromise, runOn } from "./lazy-promise.ts";
import { batchTransactionError, combineTransactionOptions, validateTransactionOptions } from "./transaction-options.ts";
import { Sql } from "./prisma-runtime.ts";
import type { CompatSchema, ModelMeta } from "./model-meta.ts";
import type { CompatOperation } from "./types.ts";
import { decodeRawRows, templateQuery, unsafeQuery } from "./raw.ts";
import { unreadableColumn, unsupportedColumnType } from "./raw-types.ts";
import { findFirst, findMany, findUnique } from "./read.ts";
import { lowerFirst } from "./field-meta.ts";
import { newQueryContext } from "./sql-util.ts";
import type { WriteContext } from "./write.ts";
import { refuseEmulatedRelationWrite } from "./relation-mode.ts";
import { checkViewOperation } from "./view-operations.ts";
import { StatementNames, canNameStatements } from "./statement-names.ts";
import {
  create,
  createMany,
  createManyAndReturn,
  deleteMany,
  deleteOne,
  update,
  updateMany,
  updateManyAndReturn,
  upsert,
} from "./write.ts";

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
const SINGLE_RECORD = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "create",
  "update",
  "upsert",
  "delete",
]);

/**
 * Prisma Client members the facade deliberately does not offer; calling them names the gap.
 * `$use` is left out: Prisma 7 has no such member either (calling it is a TypeError there too).
 */
const UNSUPPORTED_MEMBERS = Object.keys(UNSUPPORTED_FEATURES).filter((name) => name.startsWith("$") && name !== "$use");

export interface CompatClientOptions {
  /** Called with the error for every failed operation, before it is thrown (for logging). */
  onError?: (error: unknown, call: string) => void;
  /** Prisma Client's `log` option; `{ emit: 'event', level: 'query' }` enables `$on('query')`. */
  log?: readonly (LogLevel | LogDefinition)[];
  /** Prisma Client's `transactionOptions`: defaults for every `$transaction` (per-call options win). */
  transactionOptions?: TransactionOptions;
  /**
   * Not a Prisma option. Send each distinct statement as a named prepared statement, so a connection
   * parses and plans it once (statement-names.ts). Off by default, as Prisma's own adapters are.
   * Only on node-postgres or Neon's WebSocket driver, and not behind pgbouncer in transaction mode
   * (without its prepared-statement support): the client throws on a driver that cannot.
   */
  namedStatements?: boolean;
}

/** What every client of one facade shares: its options and its event listeners. */
interface ClientSetup {
  schema: CompatSchema;
  options: CompatClientOptions;
  events: ClientEvents;
}

/**
 * The delegate of model `name` (`prisma.user`). Its description is looked up when an operation
 * runs, so making a client describes no model (lazy-models.ts).
 */
function modelDelegate(setup: ClientSetup, name: string, ex: Executor, scope: ExtensionScope): Record<string, unknown> {
  const { schema, options } = setup;
  const delegateName = lowerFirst(name);
  const delegate: Record<string, unknown> = {};
  const runOperation = (op: string, args: unknown, on: Executor): Promise<unknown> => {
    const model = schema.model(name);
    const call = `prisma.${model.delegate}.${op}()`;
    const ctx: WriteContext = { ...newQueryContext(schema, call, model.name), now: new Date() };
    // async: a refusal becomes a rejection like every other failure of the operation.
    const operation = async (ex: Executor) => {
      checkViewOperation(model, op, args, call);
      refuseEmulatedRelationWrite(schema, model, op, args);
      return OPERATIONS[op as CompatOperation](ex, ctx, model, args);
    };
    return on.operation(operation).catch((error: unknown) => {
      const translated = translateError(error, { model, call, schema });
      options.onError?.(translated, call);
      throw translated;
    });
  };
  // Without extensions there is nothing to wrap, and no need to describe the model yet.
  const run = scope.extensions.isEmpty
    ? runOperation
    : extendOperation(schema, schema.model(name), scope, runOperation);
  for (const op of Object.keys(OPERATIONS)) {
    delegate[op] = (args?: unknown) => {
      const runner = (on: Executor) => run(op, args, on);
      if (!SINGLE_RECORD.has(op)) return new CompatPromise(runner, ex, name);
      return fluentPromise(schema.model(name), runner, { schema, op, args, run, ex, path: [] }, name);
    };
  }
  Object.defineProperty(delegate, "fields", {
    get: () => unsupported(`\`prisma.${delegateName}.fields\` (field references)`),
  });
  decorateDelegate(delegate, { name, delegate: delegateName }, scope);
  return delegate;
}

function rawMembers(ex: Executor, options: CompatClientOptions, scope: ExtensionScope): Record<string, unknown> {
  // `args` is what Prisma gives query extensions: a `Sql` for the tagged forms, `[query, ...values]` for Unsafe.
  const raw = (
    name: string,
    args: () => unknown,
    build: (call: string, args: unknown) => ReturnType<typeof templateQuery>,
    returnRows: boolean,
  ): CompatPromise<unknown> => {
    const call = `prisma.${name}()`;
    const execute = async (finalArgs: unknown, on: Executor): Promise<unknown> => {
      try {
        const result = await on.operation((op) => op.raw(build(call, finalArgs)));
        if (returnRows && result.statements !== undefined) throw severalStatements(call);
        if (!returnRows) return result.rowCount;
        const unreadable = unreadableColumn(result.fields);
        if (unreadable !== undefined) throw await unsupportedColumnType(on, call, unreadable);
        return decodeRawRows(result);
      } catch (error) {
        const translated = translateError(error, { call, raw: true });
        options.onError?.(translated, call);
        throw translated;
      }
    };
    // Arguments are built when the query runs, so a malformed call rejects instead of throwing (as in Prisma).
    return new CompatPromise(async (on) => await extendRaw(scope, name, args(), on, execute), ex);
  };
  // Prisma takes an array as a template only when it is one (has `raw`); anything else is a misuse.
  const tagged = (name: string, query: unknown, values: unknown[]) => (): unknown => {
    if (!Array.isArray(query)) return query;
    if (!("raw" in query))
      invalid(
        `prisma.${name}()`,
        `\`${name}\` is a tag function: call it as prisma.${name}\`SELECT ...\` or with Prisma.sql.`,
      );
    return new Sql(query as string[], values);
  };
  const template = (call: string, args: unknown): ReturnType<typeof templateQuery> => templateQuery(call, args, []);
  const unsafe = (call: string, args: unknown): ReturnType<typeof templateQuery> =>
    unsafeQuery(call, (args as unknown[])[0], (args as unknown[]).slice(1));
  return {
    $queryRaw: (query: unknown, ...values: unknown[]) =>
      raw("$queryRaw", tagged("$queryRaw", query, values), template, true),
    $executeRaw: (query: unknown, ...values: unknown[]) =>
      raw("$executeRaw", tagged("$executeRaw", query, values), template, false),
    $queryRawUnsafe: (query: unknown, ...values: unknown[]) =>
      raw("$queryRawUnsafe", () => [query, ...values], unsafe, true),
    $executeRawUnsafe: (query: unknown, ...values: unknown[]) =>
      raw("$executeRawUnsafe", () => [query, ...values], unsafe, false),
  };
}

function buildClient(
  setup: ClientSetup,
  ex: Executor,
  isTransaction: boolean,
  scope: ExtensionScope,
): Record<string, unknown> {
  const { schema } = setup;
  const client: Record<string, unknown> = { ...rawMembers(ex, setup.options, scope) };
  for (const name of schema.models.keys()) {
    const delegate = modelDelegate(setup, name, ex, scope);
    client[lowerFirst(name)] = delegate;
    // Prisma Client also answers to the model name (`client.User`), which extensions use with `model`.
    Object.defineProperty(client, name, { value: delegate, enumerable: false });
  }
  for (const name of UNSUPPORTED_MEMBERS) {
    client[name] = () => unsupported(`\`${name}\``);
  }
  client.$transaction = transactionMember(setup, ex, scope);
  const decorate = (): Record<string, unknown> =>
    decorateClient(client, scope, isTransaction, (extended) => buildClient(setup, ex, false, extended));
  if (isTransaction) return decorate();
  // Prisma: only the client made by the constructor has `$on`; extended clients do not.
  if (scope.extensions.isEmpty) {
    client.$on = (level: string, listener: (event: unknown) => void) => {
      setup.events.on(level, listener);
      return client;
    };
  }
  // The facade does not own the connection: the Drizzle database passed in does.
  client.$connect = () => Promise.resolve();
  client.$disconnect = () => Promise.resolve();
  return decorate();
}

/** `$transaction`, array and interactive; inside a transaction, a nested one (see {@link nested}). */
function transactionMember(
  setup: ClientSetup,
  ex: Executor,
  scope: ExtensionScope,
): (arg: unknown, txOptions?: TransactionOptions) => Promise<unknown> {
  return (arg, perCall) => {
    const txOptions = combineTransactionOptions(setup.options.transactionOptions, perCall);
    if (!Array.isArray(arg)) {
      if (typeof arg !== "function") invalid("prisma.$transaction()", "expected an array of promises or a function.");
      const work = (tx: Executor): Promise<unknown> =>
        (arg as (client: unknown) => Promise<unknown>)(buildClient(setup, tx, true, scope));
      return ex.inTransaction ? nested(ex, work, setup.options) : ex.transaction(work, txOptions);
    }
    if (!arg.every(isCompatPromise))
      invalid("prisma.$transaction()", "All elements of the array need to be Prisma Client promises.");
    // Prisma runs a batch of one as that query alone, outside any transaction.
    if (arg.length === 1 && !ex.inTransaction) return runOn(arg[0]!, ex).then((result) => [result]);
    const work = async (tx: Executor): Promise<unknown[]> => {
      const results: unknown[] = [];
      for (const promise of arg) results.push(await runOn(promise, tx));
      return results;
    };
    if (ex.inTransaction) return nested(ex, work, setup.options);
    return ex.transaction(work, txOptions).catch((error: unknown) => {
      throw batchTransactionError(error, arg[0]?.model);
    });
  };
}

/**
 * `tx.$transaction(...)`: as in Prisma, a savepoint of the enclosing transaction (undone alone when
 * it fails), whose options are ignored; refused with P2028 once the enclosing one has ended.
 */
function nested(
  ex: Executor,
  work: (tx: Executor) => Promise<unknown>,
  options: CompatClientOptions,
): Promise<unknown> {
  const call = "prisma.$transaction()";
  return ex
    .operation((op) => op.transaction(work))
    .catch((error: unknown) => {
      const translated = translateError(error, { call });
      if (translated !== error) options.onError?.(translated, call);
      throw translated;
    });
}

/** A Prisma-Client-shaped object over a Drizzle database, for the models of `schema`. */
export function createCompatClientRuntime(
  db: DrizzleLike,
  schema: CompatSchema,
  options: CompatClientOptions = {},
): Record<string, unknown> {
  validateTransactionOptions(options.transactionOptions);
  const events = new ClientEvents(options.log);
  const executor = drizzleExecutor(db, undefined, statementNames(db, options.namedStatements));
  return buildClient({ schema, options, events }, withQueryEvents(executor, events), false, baseScope());
}

/** The client's statement names when `namedStatements` is on; a driver that cannot keep them is refused. */
function statementNames(db: DrizzleLike, namedStatements: boolean | undefined): StatementNames | undefined {
  if (namedStatements === undefined || namedStatements === false) return undefined;
  if (!canNameStatements(db))
    throw new TypeError(
      "namedStatements: needs a Drizzle database on node-postgres or Neon's WebSocket driver (drizzle-orm/node-postgres, drizzle-orm/neon-serverless); leave it off on other drivers",
    );
  return new StatementNames();
}
