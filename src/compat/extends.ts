/**
 * `$extends` on the facade: the glue between the client runtime (client.ts) and the four
 * extension components. `query` callbacks wrap each model operation and raw query, `result`
 * fields are added to what operations return, `model` methods to the delegates and `client`
 * members to the client. Each `$extends` call gives a new client; the one it was called on is
 * unchanged and is the new client's `$parent`, as in Prisma Client.
 */
import type { Executor } from "./executor.ts";
import { type ExtensionDefinition, ExtensionList, NO_MODEL } from "./extension-list.ts";
import type { CompatSchema, ModelMeta } from "./model-meta.ts";
import { runQueryChain } from "./query-extensions.ts";
import { applyComputedFields, engineArgs, hasResultExtensions } from "./result-extensions.ts";

/** What a facade client carries besides its connection: its extensions and the client they extend. */
export interface ExtensionScope {
  readonly extensions: ExtensionList;
  /** The client `$extends` was called on (the base client is its own parent). */
  parent?: Record<string, unknown>;
}

/** The scope of a new, unextended client (each client needs its own: `parent` is set on it). */
export function baseScope(): ExtensionScope {
  return { extensions: ExtensionList.empty() };
}

export type OperationRunner = (op: string, args: unknown, on: Executor) => Promise<unknown>;

/** `run` with the scope's query callbacks around it and its computed fields applied to the result. */
export function extendOperation(
  schema: CompatSchema,
  model: ModelMeta,
  scope: ExtensionScope,
  run: OperationRunner,
): OperationRunner {
  const { extensions } = scope;
  if (extensions.isEmpty) return run;
  const rewrite = hasResultExtensions(extensions);
  return async (op, args, on) => {
    const callbacks = extensions.queryCallbacks(model.delegate, op);
    const execute = (finalArgs: unknown, ex: Executor): Promise<unknown> =>
      run(op, rewrite ? engineArgs(schema, model, finalArgs, extensions) : finalArgs, ex);
    const outcome = await runQueryChain(callbacks, { model: model.name, operation: op }, args, on, execute);
    return rewrite ? applyComputedFields(schema, model, outcome.args, outcome.result, extensions) : outcome.result;
  };
}

/** A raw query (`$queryRaw` & co, `args` as Prisma hands them to callbacks) through the scope's query callbacks. */
export async function extendRaw(
  scope: ExtensionScope,
  operation: string,
  args: unknown,
  on: Executor,
  execute: (args: unknown, on: Executor) => Promise<unknown>,
): Promise<unknown> {
  const callbacks = scope.extensions.queryCallbacks(NO_MODEL, operation);
  if (callbacks.length === 0) return execute(args, on);
  return (await runQueryChain(callbacks, { model: undefined, operation }, args, on, execute)).result;
}

/** Adds the scope's model methods and Prisma's `name`/`$name`/`$parent` to a delegate. */
export function decorateDelegate(
  delegate: Record<string, unknown>,
  model: Pick<ModelMeta, "name" | "delegate">,
  scope: ExtensionScope,
): void {
  Object.assign(delegate, scope.extensions.modelMethods(model.delegate));
  delegate.name = model.name;
  delegate.$name = model.name;
  Object.defineProperty(delegate, "$parent", { get: () => scope.parent, enumerable: true });
}

/** Adds `$extends` (unless a transaction client), `$parent` and the scope's client members to a client. */
export function decorateClient(
  client: Record<string, unknown>,
  scope: ExtensionScope,
  isTransaction: boolean,
  build: (scope: ExtensionScope) => Record<string, unknown>,
): Record<string, unknown> {
  scope.parent ??= client;
  Object.defineProperty(client, "$parent", { get: () => scope.parent, enumerable: false });
  if (!isTransaction) {
    client.$extends = (extension: unknown): unknown => {
      // Prisma.defineExtension(...) gives a function of the client; plain objects are applied here.
      if (typeof extension === "function") return (extension as (c: unknown) => unknown)(client);
      return build({ extensions: scope.extensions.append(extension as ExtensionDefinition), parent: client });
    };
  }
  Object.assign(client, scope.extensions.clientMembers());
  return client;
}
