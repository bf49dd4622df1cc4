/**
 * The DMMF, indexed for the emitters: models by name, each model's table and column names, enum
 * database values, the identifiers the generated file uses, and the implicit many-to-many tables
 * Prisma creates (`_AToB`, or `_RelationName`).
 */
import type { DmmfDatamodel, DmmfEnum, DmmfField, DmmfModel } from "./dmmf.ts";
import { lowerFirst } from "./names.ts";
import { type BuiltTable, type PrismaBuiltSchema, builtKey } from "./prisma-built.ts";

/** A schema name as a camelCase identifier start: `billing_v2` → `billingV2`, `2fa` → `s2fa`. */
function identifierWords(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const camel = words.map((w, i) => (i === 0 ? lowerFirst(w) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[A-Za-z]/.test(camel) ? camel : `s${camel}`;
}

/** One implicit many-to-many relation and the join table Prisma makes for it. */
export interface JoinTable {
  /** `_AToB` or `_RelationName`. */
  readonly table: string;
  readonly relationName: string;
  /** Model whose id is column `A` (the model name that sorts first) and the field on it. */
  readonly a: { readonly model: string; readonly field: string };
  /** Model whose id is column `B` and the field on it. */
  readonly b: { readonly model: string; readonly field: string };
}

/** The datamodel with the lookups the emitters need. */
export interface IndexedModel {
  readonly datamodel: DmmfDatamodel;
  model(name: string): DmmfModel;
  enumOf(name: string): DmmfEnum;
  tableOf(model: DmmfModel): string;
  columnOf(field: DmmfField): string;
  /** Identifier of a model's table in the generated file. */
  tableVar(modelName: string): string;
  enumVar(enumName: string): string;
  /** Prisma value name → database value, for each enum. */
  enumValues(enumName: string): ReadonlyMap<string, string>;
  readonly joinTables: readonly JoinTable[];
  /** The scalar id field of a model (implicit m-n needs one). */
  singleId(model: DmmfModel): DmmfField;
  /** The datasource's `schemas` (multiSchema), in Prisma's order; empty without multiSchema. */
  readonly dbSchemas: readonly string[];
  /** PostgreSQL schema of a model's table (`@@schema`), `public` without multiSchema. */
  schemaOf(model: DmmfModel): string;
  /** PostgreSQL schema of an enum's type. */
  enumSchemaOf(enumName: string): string;
  /** PostgreSQL schema of an implicit many-to-many table: Prisma puts it beside model A's table. */
  joinSchemaOf(join: JoinTable): string;
  /** Identifier of a PostgreSQL schema's `pgSchema(...)` in the generated file. */
  schemaVar(schema: string): string;
  /** The datasource's `relationMode`: with "prisma" the database has no foreign keys. */
  readonly relationMode: RelationMode;
  /** True for a `view` block (the DMMF lists views among the models). */
  isView(model: DmmfModel): boolean;
  /** Identifier of a view's `pgView(...)` in the generated file. */
  viewVar(viewName: string): string;
  /**
   * A model's table as Prisma's SQL builds it, when the schema has constructs the DMMF leaves out
   * (`@ignore`, `@@ignore`, `Unsupported`): see prisma-built.ts. Undefined otherwise.
   */
  builtTable(model: DmmfModel): BuiltTable | undefined;
  /** Tables Prisma builds for no DMMF model and no implicit many-to-many: those of `@@ignore`d models. */
  readonly ignoredTables: readonly BuiltTable[];
}

/** Prisma's `relationMode`: foreign keys in the database (the default), or emulated by the client. */
export type RelationMode = "foreignKeys" | "prisma";

/** Where things live under multiSchema (both empty without it), and how relations are kept. */
export interface SchemaPlacement {
  /** The datasource's `schemas`. */
  readonly dbSchemas: readonly string[];
  /** Enum name → schema (the DMMF omits it: see enum-schemas.ts). */
  readonly enumSchemas: ReadonlyMap<string, string>;
  /** The datasource's `relationMode` (foreignKeys when not set). */
  readonly relationMode: RelationMode;
  /** Names of the `view` blocks (see views.ts). */
  readonly views: ReadonlySet<string>;
  /** The tables Prisma's SQL builds, read back (only for schemas with constructs the DMMF omits). */
  readonly built?: PrismaBuiltSchema;
}

const NO_PLACEMENT: SchemaPlacement = {
  dbSchemas: [],
  enumSchemas: new Map(),
  relationMode: "foreignKeys",
  views: new Set(),
};

export function indexModel(datamodel: DmmfDatamodel, placement: SchemaPlacement = NO_PLACEMENT): IndexedModel {
  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const enums = new Map(datamodel.enums.map((e) => [e.name, e]));
  const get = <T>(map: Map<string, T>, name: string, what: string): T => {
    const found = map.get(name);
    if (!found) throw new Error(`schema: unknown ${what} ${name}`);
    return found;
  };
  const indexed: IndexedModel = {
    datamodel,
    model: (name) => get(models, name, "model"),
    enumOf: (name) => get(enums, name, "enum"),
    tableOf: (model) => model.dbName ?? model.name,
    columnOf: (field) => field.dbName ?? field.name,
    tableVar: (name) => `${lowerFirst(name)}Table`,
    enumVar: (name) => `${lowerFirst(name)}Enum`,
    enumValues: (name) => new Map(get(enums, name, "enum").values.map((v) => [v.name, v.dbName ?? v.name])),
    joinTables: findJoinTables(datamodel),
    singleId(model) {
      const ids = model.fields.filter((f) => f.isId);
      if (ids.length !== 1)
        throw new Error(`schema: model ${model.name} in an implicit many-to-many relation needs a single-field @id`);
      return ids[0]!;
    },
    dbSchemas: placement.dbSchemas,
    schemaOf: (model) => model.schema ?? "public",
    enumSchemaOf: (name) => placement.enumSchemas.get(name) ?? "public",
    joinSchemaOf: (join) => indexed.schemaOf(indexed.model(join.a.model)),
    schemaVar: (schema) => `${identifierWords(schema)}Schema`,
    relationMode: placement.relationMode,
    isView: (model) => placement.views.has(model.name),
    viewVar: (name) => `${lowerFirst(name)}View`,
    builtTable: (model) => placement.built?.get(builtKey(indexed.schemaOf(model), indexed.tableOf(model))),
    ignoredTables: [],
  };
  return { ...indexed, ignoredTables: ignoredTables(indexed, placement.built) };
}

/** The built tables that are neither a (non-view) model's table nor an implicit many-to-many table. */
function ignoredTables(ix: IndexedModel, built: PrismaBuiltSchema | undefined): BuiltTable[] {
  if (!built) return [];
  const known = new Set([
    ...ix.datamodel.models.filter((m) => !ix.isView(m)).map((m) => builtKey(ix.schemaOf(m), ix.tableOf(m))),
    ...ix.joinTables.map((j) => builtKey(ix.joinSchemaOf(j), j.table)),
  ]);
  return [...built.entries()]
    .filter(([key]) => !known.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, table]) => table);
}

/** True for a to-many relation field with no foreign key on either side: one side of an implicit m-n. */
function isImplicitManyToMany(model: DmmfModel, field: DmmfField, datamodel: DmmfDatamodel): boolean {
  if (field.kind !== "object" || !field.isList) return false;
  const other = datamodel.models.find((m) => m.name === field.type);
  const back = other?.fields.find(
    (f) =>
      f.kind === "object" &&
      f.relationName === field.relationName &&
      (f !== field || model.name !== other.name) &&
      f.name !== field.name,
  );
  return back !== undefined && back.isList;
}

function findJoinTables(datamodel: DmmfDatamodel): JoinTable[] {
  const byRelation = new Map<string, { model: string; field: string }[]>();
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (!isImplicitManyToMany(model, field, datamodel)) continue;
      const sides = byRelation.get(field.relationName!) ?? [];
      sides.push({ model: model.name, field: field.name });
      byRelation.set(field.relationName!, sides);
    }
  }
  const out: JoinTable[] = [];
  for (const [relationName, sides] of byRelation) {
    // A is the model whose name sorts first; for a self-relation, the field whose name sorts first.
    const [a, b] = [...sides].sort((x, y) =>
      x.model === y.model ? (x.field < y.field ? -1 : 1) : x.model < y.model ? -1 : 1,
    );
    out.push({ table: `_${relationName}`, relationName, a: a!, b: b! });
  }
  return out.sort((x, y) => (x.table < y.table ? -1 : x.table > y.table ? 1 : 0));
}
