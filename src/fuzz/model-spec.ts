/**
 * What compat:fuzz needs to know of each model to generate valid Prisma Client arguments: its
 * scalar fields by kind, its relations, its unique keys as Prisma's `where` spells them, and which
 * fields a create must give. Derived from Prisma's DMMF, for any schema.
 */
import type { DmmfDatamodel, DmmfField, DmmfModel } from "../schema/dmmf.ts";

/** How a scalar field is filtered, ordered and generated. */
export type FieldKind =
  "string" | "int" | "bigint" | "float" | "decimal" | "boolean" | "date" | "json" | "bytes" | "enum";

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly list: boolean;
  readonly nullable: boolean;
  /** `@db.*` type name (`VarChar`, `Uuid`, `Time`...), when given. */
  readonly native?: string;
  readonly nativeArgs: readonly string[];
  /** Prisma's names of the enum's values. */
  readonly enumValues: readonly string[];
  readonly hasDefault: boolean;
  readonly isUpdatedAt: boolean;
  /** Part of a relation's foreign key (`fields: [...]`). */
  readonly isForeignKey: boolean;
}

export interface RelationSpec {
  readonly name: string;
  readonly target: string;
  readonly list: boolean;
  /** A to-one relation that may be absent. */
  readonly optional: boolean;
  /** This side holds the foreign key. */
  readonly isOwner: boolean;
  readonly fromFields: readonly string[];
  readonly toFields: readonly string[];
  readonly relationName: string;
  /** Implicit many-to-many (both sides lists, a join table). */
  readonly manyToMany: boolean;
}

/** A unique key: the fields and how `where` names it (`id`, or `a_b` / its `name:`). */
export interface UniqueKey {
  readonly fields: readonly string[];
  /** The compound key's name in `where`; undefined for a single field. */
  readonly compoundName?: string;
}

export interface ModelSpec {
  readonly name: string;
  /** The client property (`tenantUser`). */
  readonly delegate: string;
  readonly scalars: readonly FieldSpec[];
  readonly relations: readonly RelationSpec[];
  /** The primary key first, then the other unique keys. */
  readonly uniques: readonly UniqueKey[];
}

const KIND: Readonly<Record<string, FieldKind>> = {
  String: "string",
  Int: "int",
  BigInt: "bigint",
  Float: "float",
  Decimal: "decimal",
  Boolean: "boolean",
  DateTime: "date",
  Json: "json",
  Bytes: "bytes",
};

/** The client property of a model: its name with a lower-case first letter, as Prisma names it. */
export function delegateOf(modelName: string): string {
  return modelName.charAt(0).toLowerCase() + modelName.slice(1);
}

function fieldSpec(datamodel: DmmfDatamodel, model: DmmfModel, field: DmmfField): FieldSpec | undefined {
  const kind = field.kind === "enum" ? "enum" : KIND[field.type];
  if (field.kind === "unsupported" || kind === undefined) return undefined;
  const foreignKeys = new Set(model.fields.flatMap((f) => f.relationFromFields ?? []));
  return {
    name: field.name,
    kind,
    list: field.isList,
    nullable: !field.isRequired && !field.isList,
    native: field.nativeType?.[0],
    nativeArgs: field.nativeType?.[1] ?? [],
    enumValues:
      field.kind === "enum"
        ? (datamodel.enums.find((e) => e.name === field.type)?.values.map((v) => v.name) ?? [])
        : [],
    hasDefault: field.hasDefaultValue,
    isUpdatedAt: field.isUpdatedAt,
    isForeignKey: foreignKeys.has(field.name),
  };
}

function relationSpec(datamodel: DmmfDatamodel, field: DmmfField): RelationSpec {
  const target = datamodel.models.find((m) => m.name === field.type)!;
  const other = target.fields.find((f) => f.kind === "object" && f.relationName === field.relationName && f !== field);
  return {
    name: field.name,
    target: field.type,
    list: field.isList,
    optional: !field.isList && !field.isRequired,
    isOwner: (field.relationFromFields?.length ?? 0) > 0,
    fromFields: field.relationFromFields ?? [],
    toFields: field.relationToFields ?? [],
    relationName: field.relationName ?? "",
    manyToMany: field.isList && other?.isList === true,
  };
}

function uniqueKeys(datamodel: DmmfDatamodel, model: DmmfModel): UniqueKey[] {
  const keys: UniqueKey[] = [];
  const fromIndex = datamodel.indexes.filter(
    (ix) => ix.model === model.name && (ix.type === "id" || ix.type === "unique"),
  );
  // The primary key first: the key every generated unique `where` prefers.
  for (const ix of [...fromIndex].sort((a, b) => (a.type === "id" ? -1 : 0) - (b.type === "id" ? -1 : 0))) {
    const fields = ix.fields.map((f) => f.name);
    keys.push(fields.length === 1 ? { fields } : { fields, compoundName: ix.name ?? fields.join("_") });
  }
  return keys;
}

/** The fuzz's view of every model of `datamodel`. */
export function describeModels(datamodel: DmmfDatamodel): ModelSpec[] {
  return datamodel.models.map((model) => ({
    name: model.name,
    delegate: delegateOf(model.name),
    scalars: model.fields.filter((f) => f.kind !== "object").flatMap((f) => fieldSpec(datamodel, model, f) ?? []),
    relations: model.fields.filter((f) => f.kind === "object").map((f) => relationSpec(datamodel, f)),
    uniques: uniqueKeys(datamodel, model),
  }));
}
