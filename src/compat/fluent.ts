/**
 * Prisma's fluent relation API: `prisma.user.findUnique(...).memberships()` and, through to-one
 * relations, chains such as `prisma.task.findUnique(...).project().owner()`. Each is the parent
 * query selecting just that path; null anywhere on the path gives null.
 *
 * The relation methods live on one prototype per model (a subclass of CompatPromise made on first
 * use), not on each promise: defining them on every promise cost a property definition and a closure
 * per relation on every single-record call, about 6 µs of a findUnique's 40 µs of facade time.
 */
import type { Executor } from "./executor.ts";
import { CompatPromise } from "./lazy-promise.ts";
import type { CompatSchema, ModelMeta, RelationField } from "./model-meta.ts";
import { isPlainObject } from "./sql-util.ts";

/** Runs operation `op` of the delegate with `args` on an executor (extensions applied). */
export type Runner = (op: string, args: unknown, on: Executor) => Promise<unknown>;

/** The call a fluent promise stands for, and the relation path followed so far. */
export interface FluentCall {
  readonly schema: CompatSchema;
  readonly op: string;
  readonly args: unknown;
  readonly run: Runner;
  readonly ex: Executor;
  readonly path: readonly string[];
}

const CALL: unique symbol = Symbol("compat.fluentCall");

type FluentPromise = CompatPromise<unknown> & { [CALL]: FluentCall };
type FluentClass = new (runner: (ex: Executor) => Promise<unknown>, ex: Executor, model?: string) => FluentPromise;

const classes = new WeakMap<ModelMeta, FluentClass>();

/** The promise class of `model`'s single-record operations: one method per relation. */
function fluentClass(model: ModelMeta): FluentClass {
  const known = classes.get(model);
  if (known) return known;
  class Fluent extends CompatPromise<unknown> {
    declare [CALL]: FluentCall;
  }
  for (const relation of model.relations) {
    // A relation named like a promise member (then, catch...) keeps the member, as before.
    if (relation.name in Fluent.prototype) continue;
    Object.defineProperty(Fluent.prototype, relation.name, {
      value(this: FluentPromise, relationArgs?: unknown) {
        return follow(this[CALL], model, relation, relationArgs);
      },
      configurable: true,
      writable: true,
    });
  }
  const made = Fluent as unknown as FluentClass;
  classes.set(model, made);
  return made;
}

/** A lazy promise of `model`'s operation with the fluent relation methods of `model`. */
export function fluentPromise(
  model: ModelMeta,
  runner: (ex: Executor) => Promise<unknown>,
  call: FluentCall,
  modelName: string,
): CompatPromise<unknown> {
  const promise = new (fluentClass(model))(runner, call.ex, modelName);
  promise[CALL] = call;
  return promise;
}

/** `relation` followed from the call: the parent query narrowed to that path. */
function follow(
  call: FluentCall,
  model: ModelMeta,
  relation: RelationField,
  relationArgs: unknown,
): CompatPromise<unknown> {
  const chain = [...call.path, relation.name];
  const base = isPlainObject(call.args) ? call.args : {};
  const narrowed = { ...base, select: selectPath(chain, relationArgs ?? true), include: undefined, omit: undefined };
  const runner = async (on: Executor) => valueAt(await call.run(call.op, narrowed, on), chain);
  if (relation.isList) return new CompatPromise(runner, call.ex, model.name);
  return fluentPromise(call.schema.model(relation.target), runner, { ...call, path: chain }, model.name);
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
