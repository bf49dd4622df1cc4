/**
 * What the facade knows about each Prisma model, read from the Drizzle schema's own metadata
 * (`getTableConfig`, `relations()`): the table, each field's column and Prisma type, the unique keys
 * a `where` may name, and each relation's join columns. Nothing here is hand-copied from
 * schema.prisma except the model names, so a change to the Drizzle schema flows into the facade.
 */
import { Many, One, createTableRelationsHelpers, extractTablesRelationalConfig, getTableColumns, getTableName, is, normalizeRelation } from "drizzle-orm";
import type { Column, TableRelationalConfig, TablesRelationalConfig } from "drizzle-orm";
import { type AnyPgColumn, PgTable, getTableConfig } from "drizzle-orm/pg-core";

/** The Prisma scalar types the facade reads and writes. Anything else is refused when used. */
export type ScalarKind = "String" | "Int" | "BigInt" | "Float" | "Boolean" | "DateTime" | "Json" | "Enum" | "Decimal" | "Unsupported";

export interface ScalarField {
  readonly kind: "scalar";
  /** Prisma field name (the Drizzle column's property key). */
  readonly name: string;
  /** Column name in the database. */
  readonly dbName: string;
  readonly type: ScalarKind;
  /** `String[]` and friends. */
  readonly isList: boolean;
  readonly isRequired: boolean;
  readonly column: AnyPgColumn;
  /** Drizzle column type, kept for the error message when `type` is Unsupported. */
  readonly columnType: string;
  /** PostgreSQL enum type name for Enum fields (and Enum lists). */
  readonly enumName?: string;
  /** Client-side default (`$defaultFn`, Prisma's `@default(cuid())`). */
  readonly defaultFn?: () => unknown;
  /** Client-side update value (`$onUpdate`, Prisma's `@updatedAt`). */
  readonly onUpdateFn?: () => unknown;
  /** The column has a database default (`now()`, sequences, constants). */
  readonly hasDbDefault: boolean;
  /** Its database default is `now()`/`CURRENT_TIMESTAMP`: Prisma evaluates these client-side. */
  readonly defaultsToNow: boolean;
}

export interface RelationField {
  readonly kind: "relation";
  readonly name: string;
  /** The Prisma model on the other side. */
  readonly target: string;
  /** To-many (`Task[]`) or to-one. */
  readonly isList: boolean;
  /** This model holds the foreign key (`fields` are ours, `references` the target's). */
  readonly isOwner: boolean;
  /** Join columns: `fields[i]` on this model equals `references[i]` on the target. */
  readonly fields: readonly string[];
  readonly references: readonly string[];
  /** A to-one owner relation whose foreign key is NOT NULL. */
  readonly isRequired: boolean;
  /** Prisma's relation name (explicit, or the two model names sorted and joined with "To"). */
  readonly relationName: string;
}

export type Field = ScalarField | RelationField;

/** A set of fields a `where` may use to address one row (`id`, `email`, `organizationId_userId`). */
export interface UniqueKey {
  /** The name Prisma gives it in `WhereUniqueInput`. */
  readonly name: string;
  readonly fields: readonly string[];
  /** Constraint or unique index name, when the schema names it. */
  readonly constraint?: string;
}

export interface ModelMeta {
  /** Prisma model name, e.g. `AuditLog`. */
  readonly name: string;
  /** Client property, e.g. `auditLog`. */
  readonly delegate: string;
  readonly table: PgTable;
  readonly tableName: string;
  /** Scalar fields in declaration order. */
  readonly scalars: readonly ScalarField[];
  readonly relations: readonly RelationField[];
  readonly fields: ReadonlyMap<string, Field>;
  readonly primaryKey: readonly string[];
  /** The primary key first, then every unique constraint or unique index. */
  readonly uniques: readonly UniqueKey[];
  /** Fields of every named unique or foreign-key constraint, for error metadata. */
  readonly constraintFields: ReadonlyMap<string, readonly string[]>;
}

export interface CompatSchema {
  readonly models: ReadonlyMap<string, ModelMeta>;
  /** Looks a model up by Prisma name; throws for an unknown one. */
  model(name: string): ModelMeta;
}

/** Where one Prisma model lives in the Drizzle schema. */
export interface ModelBinding {
  /** Database table name (Prisma's `@@map`). */
  table: string;
  /** Prisma relation field name → Drizzle relation name, where they differ. */
  relations?: Record<string, string>;
  /**
   * Compound keys given a `name:` (`@@id([a, b], name: "key")`): the fields joined with "," →
   * that name, which `where`, `cursor` and `connect` use instead of the default `a_b`.
   */
  compoundNames?: Readonly<Record<string, string>>;
}

const TYPE_BY_COLUMN: Record<string, ScalarKind> = {
  PgText: "String",
  PgVarchar: "String",
  PgChar: "String",
  PgUUID: "String",
  PgInteger: "Int",
  PgSmallInt: "Int",
  PgSerial: "Int",
  PgSmallSerial: "Int",
  PgBigInt53: "BigInt",
  PgBigInt64: "BigInt",
  PgBigSerial53: "BigInt",
  PgBigSerial64: "BigInt",
  PgDoublePrecision: "Float",
  PgReal: "Float",
  PgBoolean: "Boolean",
  PgTimestamp: "DateTime",
  PgTimestampString: "DateTime",
  PgJsonb: "Json",
  PgJson: "Json",
  PgEnumColumn: "Enum",
  PgEnumObjectColumn: "Enum",
  PgNumeric: "Decimal",
};

interface DrizzleColumnInternals {
  columnType: string;
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  default?: unknown;
  defaultFn?: () => unknown;
  onUpdateFn?: () => unknown;
  primary: boolean;
  isUnique: boolean;
  uniqueName?: string;
  baseColumn?: DrizzleColumnInternals;
  enum?: { enumName: string };
}

function describeScalar(name: string, column: Column): ScalarField {
  const c = column as unknown as DrizzleColumnInternals;
  const isList = c.columnType === "PgArray";
  const base = isList && c.baseColumn ? c.baseColumn : c;
  const type = TYPE_BY_COLUMN[base.columnType] ?? "Unsupported";
  return {
    kind: "scalar",
    name,
    dbName: c.name,
    type,
    isList,
    isRequired: c.notNull,
    column: column as AnyPgColumn,
    columnType: base.columnType,
    enumName: base.enum?.enumName,
    defaultFn: c.defaultFn,
    // Drizzle also calls $onUpdate on insert when there is no default; the facade does the same.
    onUpdateFn: c.onUpdateFn,
    hasDbDefault: c.hasDefault && c.defaultFn === undefined,
    defaultsToNow: type === "DateTime" && c.hasDefault && isNowDefault(c.default),
  };
}

function isNowDefault(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const chunks = (value as { queryChunks?: unknown[] }).queryChunks;
  const text = Array.isArray(chunks)
    ? chunks.map((chunk) => (typeof chunk === "string" ? chunk : ((chunk as { value?: unknown[] }).value ?? []).join(""))).join("")
    : typeof value === "string" ? value : "";
  return /^\s*(now\(\)|current_timestamp)\s*$/i.test(text);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Builds the facade's model descriptions from a Drizzle schema module (tables and `relations()`
 * exports) and the Prisma model name of each table.
 */
export function describeSchema(drizzleSchema: Record<string, unknown>, bindings: Record<string, ModelBinding>): CompatSchema {
  const { tables: relational, tableNamesMap } = extractTablesRelationalConfig(drizzleSchema, createTableRelationsHelpers);
  const tablesByDbName = new Map<string, { table: PgTable; config: TableRelationalConfig }>();
  for (const value of Object.values(drizzleSchema)) {
    if (!is(value, PgTable)) continue;
    const tsName = tableNamesMap[getTableUniqueName(value)];
    const config = tsName ? relational[tsName] : undefined;
    if (config) tablesByDbName.set(getTableName(value), { table: value, config });
  }
  const modelByTable = new Map<string, string>();
  for (const [model, binding] of Object.entries(bindings)) modelByTable.set(binding.table, model);

  const models = new Map<string, ModelMeta>();
  for (const [modelName, binding] of Object.entries(bindings)) {
    const found = tablesByDbName.get(binding.table);
    if (!found) throw new Error(`compat schema: no Drizzle table "${binding.table}" for model ${modelName}`);
    models.set(modelName, describeModel(modelName, binding, found.table, found.config, relational, tableNamesMap, modelByTable));
  }
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
function isInverseOfForeignKey(source: PgTable, columns: readonly Column[], target: PgTable, targetColumns: readonly Column[]): boolean {
  const names = (cols: readonly { name: string }[]) => cols.map((c) => c.name).join(",");
  return getTableConfig(source).foreignKeys.some((fk) => {
    const ref = fk.reference();
    return getTableName(ref.foreignTable) === getTableName(target) && names(ref.columns) === names(columns) && names(ref.foreignColumns) === names(targetColumns);
  });
}

function getTableUniqueName(table: PgTable): string {
  const config = getTableConfig(table);
  return `${config.schema ?? "public"}.${config.name}`;
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
  const columns = getTableColumns(table);
  const scalars = Object.entries(columns).map(([key, column]) => describeScalar(key, column));
  const byDbName = new Map(scalars.map((s) => [s.dbName, s.name]));
  const namesOf = (cols: readonly { name: string }[]): string[] => cols.map((c) => byDbName.get(c.name) ?? c.name);
  const config = getTableConfig(table);

  const primaryKey =
    config.primaryKeys[0] !== undefined ? namesOf(config.primaryKeys[0].columns) : scalars.filter((s) => (s.column as unknown as DrizzleColumnInternals).primary).map((s) => s.name);
  const keyName = (fields: readonly string[]): string => binding.compoundNames?.[fields.join()] ?? fields.join("_");
  const uniques: UniqueKey[] = [{ name: keyName(primaryKey), fields: primaryKey, constraint: config.primaryKeys[0]?.getName() ?? `${config.name}_pkey` }];
  const constraintFields = new Map<string, readonly string[]>([[uniques[0]!.constraint!, primaryKey]]);
  const addUnique = (fields: string[], constraint: string | undefined): void => {
    if (constraint) constraintFields.set(constraint, fields);
    if (uniques.some((u) => u.fields.join() === fields.join())) return;
    uniques.push({ name: keyName(fields), fields, constraint });
  };
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

  const renames = new Map(Object.entries(binding.relations ?? {}).map(([prismaName, drizzleName]) => [drizzleName, prismaName]));
  const relations: RelationField[] = [];
  for (const [drizzleName, relation] of Object.entries(relationalConfig.relations)) {
    const targetTable = getTableName(relation.referencedTable);
    const target = modelByTable.get(targetTable);
    if (!target) continue; // a table the bindings do not expose as a model
    const normalized = normalizeRelation(relational, tableNamesMap, relation);
    const fields = namesOf(normalized.fields);
    const targetColumns = getTableColumns(relation.referencedTable);
    const targetNames = new Map(Object.entries(targetColumns).map(([key, col]) => [col.name, key]));
    const references = normalized.references.map((c) => targetNames.get(c.name) ?? c.name);
    // drizzle-orm's one() takes a relation name only with fields, so the back side of a one-to-one
    // (generated schemas, src/schema/) spells its join too: it is not the owner when the target's
    // foreign key is the one joining `references` to our `fields`.
    const isOwner = is(relation, One) && relation.config !== undefined && !isInverseOfForeignKey(relation.referencedTable, normalized.references, table, normalized.fields);
    const name = renames.get(drizzleName) ?? drizzleName;
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
    });
  }

  const fields = new Map<string, Field>();
  for (const s of scalars) fields.set(s.name, s);
  for (const r of relations) fields.set(r.name, r);
  return {
    name: modelName,
    delegate: lowerFirst(modelName),
    table,
    tableName: config.name,
    scalars,
    relations,
    fields,
    primaryKey,
    uniques,
    constraintFields,
  };
}
