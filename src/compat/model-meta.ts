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
  is,
  normalizeRelation,
} from "drizzle-orm";
import type { Column, Relation, TableRelationalConfig, TablesRelationalConfig } from "drizzle-orm";
import { type AnyPgColumn, PgTable, getTableConfig } from "drizzle-orm/pg-core";

/** The Prisma scalar types the facade reads and writes. Anything else is refused when used. */
export type ScalarKind =
  | "String"
  | "Int"
  | "BigInt"
  | "Float"
  | "Boolean"
  | "DateTime"
  | "Json"
  | "Enum"
  | "Decimal"
  | "Bytes"
  | "Unsupported";

/** A `@map`'d enum's values: Prisma's names (what callers read and write) ↔ the database's labels. */
export interface EnumValueMap {
  /** The Prisma enum's name (`Level`), for messages. */
  readonly name: string;
  readonly toDb: ReadonlyMap<string, string>;
  readonly fromDb: ReadonlyMap<string, string>;
}

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
  /**
   * The column's PostgreSQL type without modifiers or `[]` (`text`, `money`, `date`, `time`,
   * `bytea`): what the driver returns and accepts depends on it beyond the Prisma type.
   */
  readonly sqlType: string;
  /** For an enum whose values are `@map`'d: Prisma's value names and the database labels. */
  readonly enumValues?: EnumValueMap;
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
  /** Prisma's `@default(autoincrement())`: a `serial` column (or an identity column). */
  readonly isAutoincrement: boolean;
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
  /**
   * For an implicit many-to-many relation: Prisma's join table (`_AToB`). `fields` are then this
   * model's id, `references` the target's id, and a row of the join table links the two.
   */
  readonly through?: JoinTable;
}

/** An implicit many-to-many relation's join table, seen from one side. */
export interface JoinTable {
  readonly table: PgTable;
  readonly tableName: string;
  /** The column holding this side's id (`A` or `B`). */
  readonly ownColumn: string;
  /** The column holding the other side's id. */
  readonly otherColumn: string;
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
  /** Prisma's `relationMode` (from the binding): with "prisma" the database has no foreign keys. */
  readonly relationMode?: "prisma";
}

export interface CompatSchema {
  readonly models: ReadonlyMap<string, ModelMeta>;
  /** Looks a model up by Prisma name; throws for an unknown one. */
  model(name: string): ModelMeta;
}

/** Where one Prisma model lives in the Drizzle schema. */
export interface ModelBinding {
  /** Database table name (Prisma's `@@map`). */
  readonly table: string;
  /** Prisma relation field name → Drizzle relation name, where they differ. */
  readonly relations?: Readonly<Record<string, string>>;
  /**
   * Compound ids and uniques given a `name:` in schema.prisma (`@@id([a, b], name: "key")`): that
   * name → the fields. Others are named as Prisma names them, the fields joined with `_`.
   */
  readonly compoundKeys?: Readonly<Record<string, readonly string[]>>;
  /** Enum fields whose enum has `@map`'d values: field → Prisma value name → database label. */
  readonly enumValues?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `"prisma"` when the datasource has `relationMode = "prisma"` (no foreign keys in the database). */
  readonly relationMode?: "prisma";
  /**
   * Back sides of one-to-one relations (Prisma field names). Needed when the schema has no foreign
   * keys (relationMode = "prisma"): both sides of a one-to-one spell their join, and without a
   * foreign key the tables do not say which side holds it.
   */
  readonly backRelations?: readonly string[];
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
  PgNumericNumber: "Decimal",
  PgNumericBigInt: "Decimal",
  PgInet: "String",
  PgDate: "DateTime",
  PgDateString: "DateTime",
  PgTime: "DateTime",
};

/**
 * `customType` columns (schema:drizzle writes them for the types drizzle-orm has no builder for),
 * by SQL type: the Prisma type each stands for. Any other custom type is refused when used.
 */
const TYPE_BY_CUSTOM_SQL: Record<string, ScalarKind> = {
  bytea: "Bytes",
  citext: "String",
  xml: "String",
  bit: "String",
  "bit varying": "String",
  inet: "String",
  money: "Decimal",
  oid: "Int",
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
  generatedIdentity?: { type: "always" | "byDefault" };
  uniqueName?: string;
  baseColumn?: DrizzleColumnInternals;
  enum?: { enumName: string };
  getSQLType(): string;
}

function typeOf(base: DrizzleColumnInternals, sqlType: string): ScalarKind {
  if (base.columnType === "PgCustomColumn") return TYPE_BY_CUSTOM_SQL[sqlType] ?? "Unsupported";
  return TYPE_BY_COLUMN[base.columnType] ?? "Unsupported";
}

/** `money`, `bit varying`, `time` for `money`, `bit varying(16)`, `time(4) with time zone`, `bytea[]`. */
function baseSqlType(column: DrizzleColumnInternals): string {
  return column
    .getSQLType()
    .toLowerCase()
    .replace(/\[\d*\]$/, "")
    .replace(/\s*\(.*?\)/, "")
    .replace(/ with(out)? time zone$/, "")
    .trim();
}

function enumValueMap(name: string, values: Readonly<Record<string, string>>): EnumValueMap {
  const entries = Object.entries(values);
  return { name, toDb: new Map(entries), fromDb: new Map(entries.map(([prisma, db]) => [db, prisma])) };
}

function describeScalar(name: string, column: Column, enumValues?: Readonly<Record<string, string>>): ScalarField {
  const c = column as unknown as DrizzleColumnInternals;
  const isList = c.columnType === "PgArray";
  const base = isList && c.baseColumn ? c.baseColumn : c;
  const sqlType = baseSqlType(base);
  const type = typeOf(base, sqlType);
  return {
    kind: "scalar",
    name,
    dbName: c.name,
    type,
    isList,
    isRequired: c.notNull,
    column: column as AnyPgColumn,
    columnType: base.columnType,
    sqlType,
    enumName: base.enum?.enumName,
    enumValues: enumValues && type === "Enum" ? enumValueMap(base.enum?.enumName ?? name, enumValues) : undefined,
    defaultFn: c.defaultFn,
    // Drizzle also calls $onUpdate on insert when there is no default; the facade does the same.
    onUpdateFn: c.onUpdateFn,
    hasDbDefault: c.hasDefault && c.defaultFn === undefined,
    defaultsToNow: type === "DateTime" && c.hasDefault && isNowDefault(c.default),
    isAutoincrement: SERIAL_COLUMNS.has(base.columnType) || c.generatedIdentity !== undefined,
  };
}

const SERIAL_COLUMNS = new Set(["PgSerial", "PgSmallSerial", "PgBigSerial53", "PgBigSerial64"]);

function isNowDefault(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const chunks = (value as { queryChunks?: unknown[] }).queryChunks;
  const text = Array.isArray(chunks)
    ? chunks
        .map((chunk) => (typeof chunk === "string" ? chunk : ((chunk as { value?: unknown[] }).value ?? []).join("")))
        .join("")
    : typeof value === "string"
      ? value
      : "";
  return /^\s*(now\(\)|current_timestamp)\s*$/i.test(text);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Builds the facade's model descriptions from a Drizzle schema module (tables and `relations()`
 * exports) and the Prisma model name of each table.
 */
export function describeSchema(
  drizzleSchema: Record<string, unknown>,
  bindings: Record<string, ModelBinding>,
): CompatSchema {
  const { tables: relational, tableNamesMap } = extractTablesRelationalConfig(
    drizzleSchema,
    createTableRelationsHelpers,
  );
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
    models.set(
      modelName,
      describeModel(modelName, binding, found.table, found.config, relational, tableNamesMap, modelByTable),
    );
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
  const scalars = Object.entries(columns).map(([key, column]) =>
    describeScalar(key, column, binding.enumValues?.[key]),
  );
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
    uniques: uniques.map(uniqueName),
    constraintFields,
    ...(binding.relationMode ? { relationMode: binding.relationMode } : {}),
  };
}

/** The `name:` schema.prisma gave the compound key over exactly `fields`, if any. */
function compoundKeyName(binding: ModelBinding, fields: readonly string[]): string | undefined {
  if (fields.length < 2) return undefined;
  return Object.entries(binding.compoundKeys ?? {}).find(([, keyFields]) => keyFields.join() === fields.join())?.[0];
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
