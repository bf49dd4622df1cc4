/**
 * Result extensions (computed fields) on the facade, with Prisma Client's semantics:
 * - before running, a selected computed field is replaced by the fields it needs, and an omitted
 *   field some non-omitted computed field needs is fetched anyway (`engineArgs`);
 * - after running, every record of the result, relations included, gets the computed fields whose
 *   needs are present in it; under `select` only the selected ones, and needs fetched only for them
 *   are removed again (`applyComputedFields`);
 * - a computed field is computed on first access and cached, so an unused one costs nothing.
 * Prisma applies this walk to the result of every model operation that returns an object
 * (aggregates and `updateMany` counts included), so the facade does too.
 */
import type { ComputedField, ExtensionList } from "./extension-list.ts";
import type { CompatSchema, ModelMeta } from "./model-meta.ts";
import { isPlainObject } from "./sql-util.ts";

type Args = Record<string, unknown>;

/** Whether any extension in the list declares computed fields (then selections need rewriting). */
export function hasResultExtensions(extensions: ExtensionList): boolean {
  return extensions.definitions.some((d) => d.result !== undefined);
}

/** The arguments to execute: computed fields in `select`/`omit` (at any depth) turned into model fields. */
export function engineArgs(schema: CompatSchema, model: ModelMeta, args: unknown, extensions: ExtensionList): unknown {
  if (!isPlainObject(args)) return args;
  const fields = extensions.computedFields(model.delegate);
  const out: Args = { ...args };
  if (isPlainObject(args.select)) out.select = engineSelection(schema, model, args.select, fields, extensions);
  if (isPlainObject(args.include)) out.include = nestedArgs(schema, model, args.include, extensions);
  if (isPlainObject(args.omit)) out.omit = engineOmission(args.omit, fields);
  return out;
}

function engineSelection(
  schema: CompatSchema,
  model: ModelMeta,
  select: Args,
  fields: ReadonlyMap<string, ComputedField>,
  extensions: ExtensionList,
): Args {
  const nested = nestedArgs(schema, model, select, extensions);
  const out: Args = {};
  for (const [key, value] of Object.entries(nested)) if (!fields.has(key)) out[key] = value;
  for (const field of fields.values()) {
    if (nested[field.name]) for (const need of field.needs) out[need] ||= true;
  }
  return out;
}

function engineOmission(omit: Args, fields: ReadonlyMap<string, ComputedField>): Args {
  const out: Args = { ...omit };
  for (const field of fields.values()) {
    delete out[field.name];
    if (omit[field.name]) continue;
    for (const need of field.needs) delete out[need];
  }
  return out;
}

/** Relation entries of a `select`/`include` whose value carries arguments of their own, rewritten for the related model. */
function nestedArgs(schema: CompatSchema, model: ModelMeta, selection: Args, extensions: ExtensionList): Args {
  const out: Args = {};
  for (const [key, value] of Object.entries(selection)) {
    const relation = model.relations.find((r) => r.name === key);
    out[key] =
      relation && isPlainObject(value) ? engineArgs(schema, schema.model(relation.target), value, extensions) : value;
  }
  return out;
}

/** The result with computed fields added to every record of `model` and of the relations `args` loaded. */
export function applyComputedFields(
  schema: CompatSchema,
  model: ModelMeta,
  args: unknown,
  result: unknown,
  extensions: ExtensionList,
): unknown {
  if (result === null || typeof result !== "object") return result;
  const levelArgs = isPlainObject(args) ? args : {};
  if (Array.isArray(result))
    return result.map((item: unknown) => applyComputedFields(schema, model, levelArgs, item, extensions));
  const record = withComputedFields(
    result as Args,
    model.delegate,
    extensions.computedFields(model.delegate),
    levelArgs,
  );
  for (const selection of [levelArgs.include, levelArgs.select]) {
    if (!isPlainObject(selection)) continue;
    for (const [key, sub] of Object.entries(selection)) {
      if (!sub) continue;
      // Prisma reads every selected key here, relation or not, so a selected computed field is
      // computed now (and its errors surface from the query) rather than on first access.
      const value = record[key];
      const relation = model.relations.find((r) => r.name === key);
      if (!relation || value === null || value === undefined) continue;
      record[key] = applyComputedFields(
        schema,
        schema.model(relation.target),
        isPlainObject(sub) ? sub : {},
        value,
        extensions,
      );
    }
  }
  return record;
}

function withComputedFields(
  record: Args,
  modelKey: string,
  fields: ReadonlyMap<string, ComputedField>,
  args: Args,
): Args {
  if (fields.size === 0) return record;
  const select = isPlainObject(args.select) ? args.select : undefined;
  const omit = select ? undefined : isPlainObject(args.omit) ? args.omit : {};
  const masked = new Set<string>();
  const applicable: ComputedField[] = [];
  for (const field of fields.values()) {
    if (omit ? omit[field.name] : !select![field.name]) continue;
    for (const need of field.needs) if (omit ? omit[need] : !select![need]) masked.add(need);
    if (field.needs.every((need) => Object.hasOwn(record, need))) applicable.push(field);
  }
  if (applicable.length === 0 && masked.size === 0) return record;

  // `view` is what compute functions see: the whole record, with the computed fields before them.
  const view: Args = { ...record };
  const out: Args = {};
  for (const [key, value] of Object.entries(record)) if (!masked.has(key)) out[key] = value;
  for (const field of applicable) {
    const before = Object.defineProperties({}, Object.getOwnPropertyDescriptors(view)) as Args;
    let cached: { value: unknown } | undefined;
    const get = (): unknown => (cached ??= { value: field.compute(before, modelKey) }).value;
    Object.defineProperty(view, field.name, { get, enumerable: true, configurable: true });
    Object.defineProperty(out, field.name, { get, enumerable: true, configurable: true });
  }
  return out;
}
