/**
 * The client extensions applied to one facade client (`$extends`), oldest first, and what they
 * add up to for a model or an operation. Prisma Client's rules, established by running it:
 * - query callbacks of earlier extensions wrap those of later ones; within one extension the
 *   order is model+operation, model `$allOperations`, `$allModels`+operation,
 *   `$allModels.$allOperations`, top-level operation, top-level `$allOperations` (the last two also
 *   see model operations);
 * - computed fields, model methods and client members: a later extension wins a name clash, and a
 *   specific model wins over `$allModels` within one extension; a computed field redefined later
 *   receives the earlier value under its own name;
 * - `needs` naming another computed field stand for that field's own needs.
 */

/** What a query callback receives (Prisma's `{ model, operation, args, query }`). */
export interface QueryCallbackParams {
  /** Prisma model name (`User`), undefined for raw queries. */
  model: string | undefined;
  operation: string;
  args: unknown;
  query: (args: unknown) => PromiseLike<unknown>;
  /** Prisma's private request parameters; only `transaction` is given (see query-extensions.ts). */
  __internalParams: { transaction: unknown };
}

export type QueryCallback = (params: QueryCallbackParams) => unknown;

/** A result extension field as written by the user. */
export interface ResultFieldDefinition {
  needs?: Record<string, boolean | undefined>;
  /** Prisma passes the model's client key (`user`) as a second argument. */
  compute: (record: Record<string, unknown>, modelKey: string) => unknown;
}

/** One `$extends` argument in object form. */
export interface ExtensionDefinition {
  name?: string;
  query?: Record<string, unknown>;
  result?: Record<string, Record<string, ResultFieldDefinition> | undefined>;
  model?: Record<string, Record<string, unknown> | undefined>;
  client?: Record<string, unknown>;
}

/** A computed field after merging every extension: `needs` resolved down to model fields. */
export interface ComputedField {
  readonly name: string;
  readonly needs: readonly string[];
  readonly compute: (record: Record<string, unknown>, modelKey: string) => unknown;
}

/** Model operations and raw queries are looked up under the model's client key or `$none`. */
export const NO_MODEL = "$none";

/** An immutable list of extensions with cached lookups (one client's `$extends` history). */
export class ExtensionList {
  private readonly computed = new Map<string, ReadonlyMap<string, ComputedField>>();
  private readonly callbacks = new Map<string, readonly QueryCallback[]>();

  private constructor(readonly definitions: readonly ExtensionDefinition[]) {}

  static empty(): ExtensionList {
    return new ExtensionList([]);
  }

  append(definition: ExtensionDefinition): ExtensionList {
    return new ExtensionList([...this.definitions, definition]);
  }

  get isEmpty(): boolean {
    return this.definitions.length === 0;
  }

  /** Query callbacks for `operation` on the model with client key `modelKey` (or {@link NO_MODEL}), outermost first. */
  queryCallbacks(modelKey: string, operation: string): readonly QueryCallback[] {
    const key = `${modelKey}:${operation}`;
    let found = this.callbacks.get(key);
    if (!found) {
      found = this.definitions.flatMap((d) => callbacksOf(d.query, modelKey, operation));
      this.callbacks.set(key, found);
    }
    return found;
  }

  /** Computed fields of a model (by client key), in definition order. Empty when there are none. */
  computedFields(modelKey: string): ReadonlyMap<string, ComputedField> {
    let found = this.computed.get(modelKey);
    if (!found) {
      found = mergeComputedFields(this.definitions, modelKey);
      this.computed.set(modelKey, found);
    }
    return found;
  }

  /** Methods the extensions add to a model's delegate. */
  modelMethods(modelKey: string): Record<string, unknown> {
    const methods: Record<string, unknown> = {};
    for (const d of this.definitions) Object.assign(methods, d.model?.$allModels, d.model?.[modelKey]);
    return methods;
  }

  /** Members the extensions add to the client. */
  clientMembers(): Record<string, unknown> {
    const members: Record<string, unknown> = {};
    for (const d of this.definitions) Object.assign(members, d.client);
    return members;
  }
}

function callbacksOf(query: Record<string, unknown> | undefined, modelKey: string, operation: string): QueryCallback[] {
  if (!query) return [];
  const found: unknown[] = [];
  const forModel = query[modelKey] as Record<string, unknown> | undefined;
  const allModels = query.$allModels as Record<string, unknown> | undefined;
  if (modelKey !== NO_MODEL)
    found.push(forModel?.[operation], forModel?.$allOperations, allModels?.[operation], allModels?.$allOperations);
  found.push(query[operation], query.$allOperations);
  return found.filter((cb): cb is QueryCallback => typeof cb === "function");
}

function mergeComputedFields(
  definitions: readonly ExtensionDefinition[],
  modelKey: string,
): ReadonlyMap<string, ComputedField> {
  const fields = new Map<string, ComputedField>();
  for (const d of definitions) {
    const declared = { ...d.result?.$allModels, ...d.result?.[modelKey] };
    for (const [name, definition] of Object.entries(declared)) {
      const previous = fields.get(name);
      // A redefined field keeps its place (Prisma merges with object spread).
      fields.set(name, {
        name,
        needs: Object.keys(definition.needs ?? {}).filter((k) => definition.needs?.[k]),
        compute: compose(previous, name, definition.compute),
      });
    }
  }
  const resolved = new Map<string, ComputedField>();
  for (const field of fields.values())
    resolved.set(field.name, { ...field, needs: [...new Set(resolveNeeds(fields, field.name, new Set()))] });
  return resolved;
}

/** A redefined computed field sees the earlier definition's value under its own name. */
function compose(
  previous: ComputedField | undefined,
  name: string,
  next: ResultFieldDefinition["compute"],
): ComputedField["compute"] {
  if (!previous) return next;
  return (record, modelKey) => next({ ...record, [name]: previous.compute(record, modelKey) }, modelKey);
}

function resolveNeeds(fields: ReadonlyMap<string, ComputedField>, name: string, visiting: Set<string>): string[] {
  const field = fields.get(name);
  if (!field || visiting.has(name)) return [name];
  visiting.add(name);
  return field.needs.flatMap((need) => (need === name ? [need] : resolveNeeds(fields, need, visiting)));
}
