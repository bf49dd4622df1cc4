/**
 * Running an operation through the `query` callbacks of client extensions, as Prisma Client does:
 * each callback gets `{ model, operation, args, query }` with its own deep copy of the arguments,
 * and `query(args)` continues with the next callback (or runs the operation) on the same
 * connection, so an operation inside `$transaction` stays inside it whatever the callbacks do.
 */
import type { Executor } from "./executor.ts";
import { CompatPromise } from "./lazy-promise.ts";
import type { QueryCallback } from "./extension-list.ts";
import { Decimal, Sql, isObjectEnumValue } from "./prisma-runtime.ts";
import { isPlainObject } from "./sql-util.ts";

/** The outcome of a chain: the result, and the arguments the operation finally ran with. */
export interface ChainOutcome {
  result: unknown;
  /** What the innermost `query(...)` received (the caller's arguments if no callback called it). */
  args: unknown;
}

/**
 * Calls `callbacks` outermost first; the last `query(args)` runs `execute(args, executor)`.
 * Result extensions are then applied with {@link ChainOutcome.args}, which is what Prisma does.
 */
export async function runQueryChain(
  callbacks: readonly QueryCallback[],
  target: { model: string | undefined; operation: string },
  args: unknown,
  on: Executor,
  execute: (args: unknown, on: Executor) => Promise<unknown>,
): Promise<ChainOutcome> {
  let finalArgs = args;
  const step = (i: number, current: unknown, ex: Executor): Promise<unknown> => {
    if (i === callbacks.length) return execute(current, ex);
    const query = (next: unknown): CompatPromise<unknown> => {
      finalArgs = next;
      return new CompatPromise((runOn) => step(i + 1, next, runOn), ex);
    };
    const params = {
      model: target.model,
      operation: target.operation,
      args: cloneArgs(current ?? {}),
      query,
      __internalParams: internalParams(ex),
    };
    // Async so that a callback throwing synchronously rejects the operation's promise instead of escaping.
    const invoke = async (): Promise<unknown> => await callbacks[i]!(params);
    return invoke();
  };
  const result = await step(0, args, on);
  return { result, args: finalArgs };
}

/**
 * Prisma's private `__internalParams`, reduced to what published extensions read from it:
 * `@prisma/extension-read-replicas` keeps an operation on the primary when `transaction` is set.
 */
function internalParams(ex: Executor): { transaction: { kind: "itx" } | undefined } {
  return { transaction: ex.inTransaction ? { kind: "itx" } : undefined };
}

/** A copy of operation arguments a callback may change freely (raw `Sql` and `[query, ...values]` too). */
function cloneArgs(args: unknown): unknown {
  if (args instanceof Sql) return new Sql(args.strings, args.values);
  if (Array.isArray(args)) return [args[0], ...args.slice(1).map(cloneValue)];
  return cloneValue(args);
}

function cloneValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null || isObjectEnumValue(value)) return value;
  if (Decimal.isDecimal(value)) return new Decimal(value.toFixed());
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) return (value as Uint8Array).slice(0);
  if (Array.isArray(value)) return value.map(cloneValue);
  // Class instances other than the above (and Prisma.skip) are passed through as they are.
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "__proto__")
      Object.defineProperty(copy, key, { value: cloneValue(v), enumerable: true, writable: true, configurable: true });
    else copy[key] = cloneValue(v);
  }
  return copy;
}
