/**
 * The facade's description of a Prisma `view` block: a read-only model over a Drizzle `pgView`
 * (`pgView("name", { columns }).existing()`, as schema:drizzle writes it). Its fields are the view's
 * columns; its keys come from the binding, because a database view carries no constraints for
 * Drizzle to read them from, while Prisma still addresses a view's rows by its `@id`/`@unique`.
 */
import { is } from "drizzle-orm";
import { PgView, getViewConfig } from "drizzle-orm/pg-core";
import type { Column } from "drizzle-orm";
import { compoundKeyName, describeScalar, lowerFirst } from "./field-meta.ts";
import type { Field, ModelBinding, ModelMeta, UniqueKey } from "./meta-types.ts";

/** The Drizzle views of a schema module, by database name (`schema.name` outside public). */
export function viewsByName(drizzleSchema: Record<string, unknown>): Map<string, PgView> {
  const views = new Map<string, PgView>();
  for (const value of Object.values(drizzleSchema)) {
    if (!is(value, PgView)) continue;
    const config = getViewConfig(value);
    views.set(config.name, value);
    if (config.schema) views.set(`${config.schema}.${config.name}`, value);
  }
  return views;
}

/** A view's columns by property key: `.existing()` keeps them as the view's selected fields. */
function viewColumns(view: PgView): [string, Column][] {
  return Object.entries(getViewConfig(view).selectedFields as Record<string, Column>);
}

/** The `where` name of each key: Prisma's `name:`, else the fields joined with `_`. */
function viewKeys(binding: ModelBinding): UniqueKey[] {
  return (binding.keys ?? []).map((fields) => ({
    name: compoundKeyName(binding, fields) ?? fields.join("_"),
    fields,
  }));
}

/** Describes the `view` block `modelName` (its binding has `view: true`; `table` names the view). */
export function describeView(modelName: string, binding: ModelBinding, views: ReadonlyMap<string, PgView>): ModelMeta {
  const view = views.get(binding.table);
  if (!view) throw new Error(`compat schema: no Drizzle view "${binding.table}" for view ${modelName}`);
  const scalars = viewColumns(view).map(([key, column]) => describeScalar(key, column, binding.enumValues?.[key]));
  const uniques = viewKeys(binding);
  for (const key of uniques)
    for (const name of key.fields)
      if (!scalars.some((s) => s.name === name))
        throw new Error(`compat schema: view ${modelName} has no field "${name}" for its key`);
  const fields = new Map<string, Field>(scalars.map((s) => [s.name, s]));
  return {
    name: modelName,
    delegate: lowerFirst(modelName),
    table: view,
    tableName: getViewConfig(view).name,
    isView: true,
    scalars,
    relations: [],
    fields,
    // Prisma's primary identifier of a view: its id, else its first unique (none: no findUnique, no cursor).
    primaryKey: uniques[0]?.fields ?? [],
    uniques,
    constraintFields: new Map(),
    hiddenRelationKeys: [],
  };
}
