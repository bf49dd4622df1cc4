/**
 * The models of a facade schema, each described on first use. Describing a model reads its Drizzle
 * table's config, columns, keys and relations (a few hundred microseconds each); a serverless
 * function that serves one query should not pay that for every model of the schema before it runs,
 * so `describeSchema` names the models up front and describes each one when it is first asked for.
 */
import type { ModelMeta } from "./meta-types.ts";

/**
 * A read-only map from Prisma model name to its description, in the bindings' order. `get`, `has`,
 * `size` and `keys` describe nothing; `get` describes one model (once), iterating values or entries
 * describes them all.
 */
export class LazyModelMap implements ReadonlyMap<string, ModelMeta> {
  readonly #described = new Map<string, ModelMeta>();

  /**
   * @param names the model names, in order
   * @param describe builds one model's description; called at most once per name
   */
  constructor(
    private readonly names: readonly string[],
    private readonly describe: (name: string) => ModelMeta,
  ) {}

  get size(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  get(name: string): ModelMeta | undefined {
    const known = this.#described.get(name);
    if (known !== undefined || !this.has(name)) return known;
    const meta = this.describe(name);
    this.#described.set(name, meta);
    return meta;
  }

  keys(): MapIterator<string> {
    return this.names[Symbol.iterator]();
  }

  *values(): MapIterator<ModelMeta> {
    for (const name of this.names) yield this.get(name)!;
  }

  *entries(): MapIterator<[string, ModelMeta]> {
    for (const name of this.names) yield [name, this.get(name)!];
  }

  [Symbol.iterator](): MapIterator<[string, ModelMeta]> {
    return this.entries();
  }

  forEach(
    callback: (value: ModelMeta, key: string, map: ReadonlyMap<string, ModelMeta>) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, meta] of this.entries()) callback.call(thisArg, meta, name, this);
  }
}
