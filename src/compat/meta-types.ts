/**
 * The shapes of the facade's schema description (see model-meta.ts, which builds them and
 * re-exports these types): models and views, their scalar and relation fields, unique keys, and the
 * binding a team passes for each model.
 */
import type { AnyPgColumn, PgTable, PgView } from "drizzle-orm/pg-core";

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
  /**
   * Under relationMode = "prisma", on the side holding the key: the actions schema.prisma declares
   * (the binding's `referentialActions`); absent ones take Prisma's defaults (referential/).
   */
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

/** Prisma's referential actions (`onDelete:` / `onUpdate:` in schema.prisma). */
export type ReferentialAction = "Cascade" | "Restrict" | "NoAction" | "SetNull" | "SetDefault";

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
  /** The Drizzle table, or the Drizzle view of a Prisma `view` block (see {@link ModelMeta.isView}). */
  readonly table: PgTable | PgView;
  readonly tableName: string;
  /**
   * A Prisma `view` block: read operations only (Prisma Client 7.10 answers a write on it with
   * "Operation '...' does not match any query"), and no constraints in the database.
   */
  readonly isView?: true;
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
  /**
   * Scalars in a foreign key of a relation the model does not expose (an `@ignore`d relation field,
   * e.g. to an `@@ignore`d model). Prisma still counts them as relation scalars: they are not
   * arguments of its "checked" inputs (those that write a relation).
   */
  readonly hiddenRelationKeys: readonly string[];
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
   * A Prisma `view` block: `table` names a Drizzle `pgView` (its `.existing()` columns), not a table.
   * The facade serves it with read operations only, as Prisma Client does.
   */
  readonly view?: true;
  /**
   * A view's `@id`, `@unique`, `@@id` and `@@unique` fields, the id first: a database view has no
   * constraints for Drizzle to carry them, yet Prisma addresses its rows (`findUnique`, `cursor`)
   * and orders its pages by them. Without keys a view has no `findUnique` and no `cursor`.
   */
  readonly keys?: readonly (readonly string[])[];
  /**
   * Back sides of one-to-one relations (Prisma field names). Needed when the schema has no foreign
   * keys (relationMode = "prisma"): both sides of a one-to-one spell their join, and without a
   * foreign key the tables do not say which side holds it.
   */
  readonly backRelations?: readonly string[];
  /**
   * Property keys of columns Prisma Client does not expose (`@ignore`d and `Unsupported("…")`
   * fields): left out of the model's fields, so they are neither read, written nor filtered on,
   * and no unique key over them addresses a row.
   */
  readonly ignoredColumns?: readonly string[];
  /**
   * Under relationMode = "prisma": the referential actions declared on this model's relation
   * fields (Prisma field name → actions), which the facade then emulates as Prisma Client does.
   */
  readonly referentialActions?: Readonly<
    Record<string, { readonly onDelete?: ReferentialAction; readonly onUpdate?: ReferentialAction }>
  >;
}
