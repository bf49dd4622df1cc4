/**
 * What the facade knows about each Prisma model, read from the Drizzle schema's own metadata
 * (`getTableConfig`, `relations()`): the table, each field's column and Prisma type, the unique keys
 * a `where` may name, and each relation's join columns. Nothing here is hand-copied from
 * schema.prisma except the model names, so a change to the Drizzle schema flows into the facade.
 */
import {
  Many,
  One,
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  getTableColumns,
  getTableName,
  getTableUniqueName,
  is,
  normalizeRelation,
} from "drizzle-orm";
import type { Column, Relation, TableRelationalConfig, TablesRelationalConfig } from "drizzle-orm";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import { type DrizzleColumnInternals, compoundKeyName, describeScalar, lowerFirst } from "./field-meta.ts";
import type { CompatSchema, Field, ModelBinding, ModelMeta, RelationField, UniqueKey } from "./meta-types.ts";
import { LazyModelMap } from "./lazy-models.ts";
import { describeView, viewsByName } from "./view-meta.ts";

export type {
  CompatSchema,
  EnumValueMap,
  Field,
  JoinTable,
  ModelBinding,
  ModelMeta,
  ReferentialAction,
  RelationField,
  ScalarField,
  ScalarKind,
  UniqueKey,
} from "./meta-types.ts";

/**
 * Builds the facade's model descriptions from a Drizzle schema module (tables, views and
 * `relations()` exports) and the Prisma model name of each table, or of each view (`view: true`,
 * a read-only model: view-meta.ts). A binding to a table the module lacks throws here; each table's
 * model is described when first used (lazy-models.ts), views (few, and checked against their
 * bindings) at once.
 */
export function describeSchema(
  drizzleSchema: Record<string, unknown>,
  bindings: Record<string, ModelBinding>,
): CompatSchema {
  const tablesByDbName = new Map<string, PgTable>();
  for (const value of Object.values(drizzleSchema))
    if (is(value, PgTable)) tablesByDbName.set(getTableName(value), value);
  const modelByTable = new Map<string, string>();
  for (const [model, binding] of Object.entries(bindings)) if (!binding.view) modelByTable.set(binding.table, model);
  const views = viewsByName(drizzleSchema);
  const describedViews = new Map<string, ModelMeta>();
  for (const [modelName, binding] of Object.entries(bindings)) {
    if (binding.view) describedViews.set(modelName, describeView(modelName, binding, views));
    else if (!tablesByDbName.has(binding.table))
      throw new Error(`compat schema: no Drizzle table "${binding.table}" for model ${modelName}`);
  }
  let relationalConfig: ReturnType<typeof extractTablesRelationalConfig> | undefined;
  const describeTable = (modelName: string): ModelMeta => {
    // Drizzle's relational view of the whole module: built once, for the first model described.
    relationalConfig ??= extractTablesRelationalConfig(drizzleSchema, createTableRelationsHelpers);
    const { tables: relational, tableNamesMap } = relationalConfig;
    const binding = bindings[modelName]!;
    const table = tablesByDbName.get(binding.table)!;
    const config = relational[tableNamesMap[getTableUniqueName(table)]!]!;
    return describeModel(modelName, binding, table, config, relational, tableNamesMap, modelByTable);
  };
  const models = new LazyModelMap(
    Object.keys(bindings),
    (modelName) => describedViews.get(modelName) ?? describeTable(modelName),
  );
  return {
    models,
    model(name) {
      const meta = models.get(name);
      if (!meta) throw new Error(`compat schema: unknown model ${name}`);
      return meta;
    },
  };
}

/** True when `source` has a foreign key from `columns` to `target`'s `targetColumns`. */
function isInverseOfForeignKey(
  source: PgTable,
  columns: readonly Column[],
  target: PgTable,
  targetColumns: readonly Column[],
): boolean {
  const names = (cols: readonly { name: string }[]) => cols.map((c) => c.name).join(",");
  return getTableConfig(source).foreignKeys.some((fk) => {
    const ref = fk.reference();
    return (
      getTableName(ref.foreignTable) === getTableName(target) &&
      names(ref.columns) === names(columns) &&
      names(ref.foreignColumns) === names(targetColumns)
    );
  });
}

function describeModel(
  modelName: string,
  binding: ModelBinding,
  table: PgTable,
  relationalConfig: TableRelationalConfig,
  relational: TablesRelationalConfig,
  tableNamesMap: Record<string, string>,
  modelByTable: Map<string, string>,
): ModelMeta {
  const ignored = new Set(binding.ignoredColumns ?? []);
  const columns = getTableColumns(table);
  const scalars = Object.entries(columns)
    .filter(([key]) => !ignored.has(key))
    .map(([key, column]) => describeScalar(key, column, binding.enumValues?.[key]));
  const byDbName = new Map(scalars.map((s) => [s.dbName, s.name]));
  const namesOf = (cols: readonly { name: string }[]): string[] => cols.map((c) => byDbName.get(c.name) ?? c.name);
  const config = getTableConfig(table);

  const primaryKey =
    config.primaryKeys[0] !== undefined
      ? namesOf(config.primaryKeys[0].columns)
      : scalars.filter((s) => (s.column as unknown as DrizzleColumnInternals).primary).map((s) => s.name);
  const keyName = (fields: readonly string[]): string => compoundKeyName(binding, fields) ?? fields.join("_");
  const uniques: UniqueKey[] = [
    {
      name: keyName(primaryKey),
      fields: primaryKey,
      constraint: config.primaryKeys[0]?.getName() ?? `${config.name}_pkey`,
    },
  ];
  const constraintFields = new Map<string, readonly string[]>([[uniques[0]!.constraint!, primaryKey]]);
  const addUnique = (fields: string[], constraint: string | undefined): void => {
    if (constraint) constraintFields.set(constraint, fields);
    if (fields.some((f) => !scalars.some((s) => s.name === f))) return; // a key over a hidden column
    if (uniques.some((u) => u.fields.join() === fields.join())) return;
    uniques.push({ name: keyName(fields), fields, constraint });
  };
  const uniqueName = (key: UniqueKey): UniqueKey => ({
    ...key,
    name: compoundKeyName(binding, key.fields) ?? key.name,
  });
  for (const s of scalars) {
    const c = s.column as unknown as DrizzleColumnInternals;
    if (c.isUnique) addUnique([s.name], c.uniqueName);
  }
  for (const u of config.uniqueConstraints) addUnique(namesOf(u.columns), u.name);
  for (const index of config.indexes) {
    if (!index.config.unique) continue;
    const cols = index.config.columns.map((col) => (col as { name?: string }).name);
    if (cols.some((c) => c === undefined)) continue; // expression indexes cannot address a row by field
    addUnique(namesOf(cols.map((name) => ({ name: name! }))), index.config.name);
  }
  for (const fk of config.foreignKeys) constraintFields.set(fk.getName(), namesOf(fk.reference().columns));

  const renames = new Map(
    Object.entries(binding.relations ?? {}).map(([prismaName, drizzleName]) => [drizzleName, prismaName]),
  );
  const relations: RelationField[] = [];
  for (const [drizzleName, relation] of Object.entries(relationalConfig.relations)) {
    const targetTable = getTableName(relation.referencedTable);
    const target = modelByTable.get(targetTable);
    if (!target) {
      // Not a model: Prisma's implicit many-to-many join table, or a table the bindings leave out.
      const manyToMany = describeManyToMany(relation, relational, tableNamesMap, modelByTable);
      if (manyToMany)
        relations.push({
          ...manyToMany,
          name: renames.get(drizzleName) ?? drizzleName,
          fields: namesOf(manyToMany.fields.map((name) => ({ name }))),
        });
      continue;
    }
    const normalized = normalizeRelation(relational, tableNamesMap, relation);
    const fields = namesOf(normalized.fields);
    const targetColumns = getTableColumns(relation.referencedTable);
    const targetNames = new Map(Object.entries(targetColumns).map(([key, col]) => [col.name, key]));
    const references = normalized.references.map((c) => targetNames.get(c.name) ?? c.name);
    // drizzle-orm's one() takes a relation name only with fields, so the back side of a one-to-one
    // (generated schemas, src/schema/) spells its join too: it is not the owner when the target's
    // foreign key is the one joining `references` to our `fields`.
    const name = renames.get(drizzleName) ?? drizzleName;
    const isOwner =
      is(relation, One) &&
      relation.config !== undefined &&
      !binding.backRelations?.includes(name) &&
      !isInverseOfForeignKey(relation.referencedTable, normalized.references, table, normalized.fields);
    relations.push({
      kind: "relation",
      name,
      target,
      isList: is(relation, Many),
      isOwner,
      fields,
      references,
      isRequired: isOwner && fields.every((f) => scalars.find((s) => s.name === f)?.isRequired === true),
      relationName: relation.relationName ?? [modelName, target].sort().join("To"),
      ...(isOwner ? binding.referentialActions?.[name] : undefined),
    });
  }

  const fields = new Map<string, Field>();
  for (const s of scalars) fields.set(s.name, s);
  for (const r of relations) fields.set(r.name, r);
  const ownedKeys = new Set(relations.filter((r) => r.isOwner).flatMap((r) => r.fields));
  const hiddenRelationKeys = [...new Set(config.foreignKeys.flatMap((fk) => namesOf(fk.reference().columns)))].filter(
    (f) => !ownedKeys.has(f) && fields.get(f)?.kind === "scalar",
  );
  return {
    hiddenRelationKeys,
    name: modelName,
    delegate: lowerFirst(modelName),
    table,
    tableName: config.name,
    scalars,
    relations,
    fields,
    primaryKey,
    uniques: uniques.map(uniqueName),
    constraintFields,
    ...(binding.relationMode ? { relationMode: binding.relationMode } : {}),
  };
}

/**
 * An implicit many-to-many relation, seen from the side whose Drizzle relation is `relation`:
 * schema:drizzle writes it as `many(joinTable, { relationName: "<Prisma relation>_A" })` (or `_B`),
 * the join table's `A`/`B` being `one()` relations back to each side with those names. Undefined
 * when `relation` is not of that shape. `fields` are database column names (the caller maps them).
 */
function describeManyToMany(
  relation: Relation,
  relational: TablesRelationalConfig,
  tableNamesMap: Record<string, string>,
  modelByTable: ReadonlyMap<string, string>,
): Omit<RelationField, "name"> | undefined {
  if (!is(relation, Many) || !relation.relationName) return undefined;
  const joinName = tableNamesMap[getTableUniqueName(relation.referencedTable)];
  const joinConfig = joinName ? relational[joinName] : undefined;
  if (!joinConfig) return undefined;
  const sides = Object.values(joinConfig.relations).filter(
    (r): r is One => is(r, One) && r.config !== undefined && r.config.fields.length === 1,
  );
  const own = sides.find((r) => r.relationName === relation.relationName);
  const other = sides.find(
    (r) =>
      r !== own &&
      r.relationName !== undefined &&
      r.relationName.replace(/_[AB]$/, "") === relation.relationName!.replace(/_[AB]$/, ""),
  );
  const target = other ? modelByTable.get(getTableName(other.referencedTable)) : undefined;
  if (!own?.config || !other?.config || !target) return undefined;
  const targetNames = new Map(
    Object.entries(getTableColumns(other.referencedTable)).map(([key, col]) => [col.name, key]),
  );
  const otherRef = other.config.references[0]!.name;
  return {
    kind: "relation",
    target,
    isList: true,
    isOwner: false,
    fields: own.config.references.map((c) => c.name),
    references: [targetNames.get(otherRef) ?? otherRef],
    isRequired: false,
    relationName: relation.relationName.replace(/_[AB]$/, ""),
    through: {
      table: relation.referencedTable,
      tableName: getTableName(relation.referencedTable),
      ownColumn: own.config.fields[0]!.name,
      otherColumn: other.config.fields[0]!.name,
    },
  };
}

/**
 * Whether the foreign key behind `relation` (held by `target`, the model on its other side) is
 * required: then Prisma refuses to clear it (disconnect, or a `set` that leaves a row out).
 */
export function hasRequiredKey(target: ModelMeta, relation: RelationField): boolean {
  return relation.references.some((name) => {
    const field = target.fields.get(name);
    return field?.kind === "scalar" && field.isRequired;
  });
}
