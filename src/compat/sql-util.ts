/**
 * Small SQL helpers over Drizzle's `sql` template shared by the translators: aliased column
 * references (every table in a facade query gets its own alias, so self-relations and nested
 * subqueries never clash), boolean combinators, and type casts for parameters.
 */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { quoteName } from "./flat-sql.ts";
import type { CompatSchema, ModelMeta, ScalarField } from "./model-meta.ts";

/** Per-query state: the schema, the Prisma call being translated (for messages), fresh aliases. */
export interface QueryContext {
  readonly schema: CompatSchema;
  /** e.g. `prisma.user.findMany()`, used in error messages. */
  readonly call: string;
  /** The model of the operation the caller invoked (Prisma reports it even for nested failures). */
  readonly rootModel: string;
  nextAlias(): string;
}

export function newQueryContext(schema: CompatSchema, call: string, rootModel: string): QueryContext {
  let n = 0;
  return { schema, call, rootModel, nextAlias: () => `t${n++}` };
}

// Identifiers are written as text up front (quoted as Drizzle quotes them): the same SQL as
// `sql.identifier`, at a fraction of the cost of building and rendering a fragment per name.
export const ident = (name: string): SQL => sql.raw(quoteName(name));

/** One bound parameter (a JS array stays one array parameter instead of a list of them). */
export function bind(value: unknown): SQL {
  return sql`${sql.param(value)}`;
}

/** `"alias"."column"` for a field, as SQL text. */
export function colText(alias: string, field: ScalarField): string {
  return `${quoteName(alias)}.${quoteName(field.dbName)}`;
}

/** `"alias"."column"` for a field. */
export function col(alias: string, field: ScalarField): SQL {
  return sql.raw(colText(alias, field));
}

const tableTexts = new WeakMap<ModelMeta, string>();
const dialect = new PgDialect();

/** A model's table as Drizzle writes it (`"schema"."table"` or `"table"`), rendered by Drizzle once per model. */
function renderedTable(model: ModelMeta): string {
  let text = tableTexts.get(model);
  if (text === undefined) tableTexts.set(model, (text = dialect.sqlToQuery(sql`${model.table}`).sql));
  return text;
}

/** `<table> AS "alias"`. */
export function tableAs(model: ModelMeta, alias: string): SQL {
  return sql.raw(`${renderedTable(model)} AS ${quoteName(alias)}`);
}

export const TRUE = sql`TRUE`;
export const FALSE = sql`FALSE`;

/** AND of the parts; undefined when there are none (no condition). */
export function and(parts: readonly (SQL | undefined)[]): SQL | undefined {
  const present = parts.filter((p): p is SQL => p !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return sql`(${sql.join([...present], sql` AND `)})`;
}

/** OR of the parts; FALSE when there are none (Prisma: `OR: []` matches nothing). */
export function or(parts: readonly SQL[]): SQL {
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0]!;
  return sql`(${sql.join([...parts], sql` OR `)})`;
}

export function not(part: SQL | undefined): SQL {
  return part === undefined ? FALSE : sql`(NOT ${part})`;
}

/**
 * Two-valued negation: true when `part` is false or NULL. Plain `NOT` keeps NULL as NULL, so a
 * row with a NULL foreign key would satisfy neither `fk = x` nor `NOT (fk = x)`. Use this wherever
 * a write must pick every row the condition does not hold for.
 */
export function isNotTrue(part: SQL): SQL {
  return sql`((${part}) IS NOT TRUE)`;
}

/** The column's SQL type for a parameter cast (`text`, `"TaskStatus"`, `text[]`). */
function castType(field: ScalarField, asList = field.isList): SQL {
  const declared = (
    field.isList
      ? (field.column as unknown as { baseColumn: { getSQLType(): string } }).baseColumn.getSQLType()
      : field.column.getSQLType()
  ).replace(/\[\d*\]$/, "");
  const base: SQL = field.enumName
    ? sql`${sql.identifier(field.enumName)}`
    : sql.raw(SERIAL_TYPES[declared] ?? declared);
  return asList ? sql`${base}[]` : base;
}

/** `serial` types exist only in DDL: a value of such a column has the underlying integer type. */
const SERIAL_TYPES: Record<string, string> = { smallserial: "smallint", serial: "integer", bigserial: "bigint" };

/** A bound parameter cast to the field's type: needed where PostgreSQL cannot infer it. */
export function typedParam(field: ScalarField, value: unknown, asList = field.isList): SQL {
  return sql`CAST(${bind(value)} AS ${castType(field, asList)})`;
}

/** True for plain objects (filters, nested args), false for Dates, arrays, Decimals, Prisma's null types. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Object entries without `undefined` values: Prisma treats an undefined argument as absent. */
export function defined(object: Record<string, unknown>): [string, unknown][] {
  return Object.entries(object).filter(([, v]) => v !== undefined);
}
