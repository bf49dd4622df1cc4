/**
 * Drizzle code for what Prisma builds but its DMMF leaves out, taken from Prisma's own database
 * (prisma-built.ts): the columns of `@ignore`d and `Unsupported("…")` fields, the tables of
 * `@@ignore`d models, and the keys and indexes that involve them. Column types are PostgreSQL's
 * own spelling (`format_type`) in a `customType`, defaults its own printing of the expression, so
 * drizzle-kit's SQL builds the same columns. These columns and tables get no `relations()` and no
 * model binding: Prisma Client does not expose them, and neither does the facade.
 */
import type { BuiltColumn, BuiltConstraint, BuiltIndex, BuiltTable } from "./prisma-built.ts";
import { UnsupportedTypeError } from "./column-types.ts";
import { lowerFirst } from "./names.ts";

/** How the emitter names what it refers to. */
export interface HiddenContext {
  /** The generated identifier of a PostgreSQL enum type, or undefined when the schema has no such enum. */
  enumVar(schema: string, name: string): string | undefined;
  /** The generated identifier of a table and the property key of each of its columns. */
  tableRef(
    schema: string,
    table: string,
  ): { readonly variable: string; readonly key: (column: string) => string } | undefined;
  /** Records a drizzle-orm/pg-core import, a helper of the generated file, or a drizzle-orm import. */
  use(what: { pgCore?: string; helper?: string; orm?: string }): void;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `t.name`, or `t["display name"]` when the key is not an identifier. */
export function property(object: string, key: string): string {
  return IDENTIFIER.test(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`;
}

/** An object literal key. */
function literalKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/** The identifier of an ignored table (its model's name is not in the DMMF: only the table's). */
export function ignoredTableVar(schema: string, table: string): string {
  const words = `${schema === "public" ? "" : `${schema}_`}${table}`.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const camel = words.map((w, i) => (i === 0 ? lowerFirst(w) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return `${/^[A-Za-z]/.test(camel) ? camel : `t${camel}`}IgnoredTable`;
}

const SERIALS: Readonly<Record<string, string>> = {
  integer: `serial(NAME)`,
  smallint: `smallserial(NAME)`,
  bigint: `bigserial(NAME, { mode: "bigint" })`,
};

/** One column as Prisma's SQL made it; `where` names it in refusals. */
export function hiddenColumnCode(column: BuiltColumn, where: string, context: HiddenContext): string {
  const name = JSON.stringify(column.name);
  let code: string;
  if (column.serial && SERIALS[column.type]) {
    const builder = SERIALS[column.type]!;
    context.use({ pgCore: builder.slice(0, builder.indexOf("(")) });
    code = builder.replace("NAME", name);
  } else if (column.enumType) {
    const variable = context.enumVar(column.enumType.schema, column.enumType.name);
    if (!variable) throw new UnsupportedTypeError(`${where}: enum type ${column.enumType.name} not in the schema`);
    code = `${variable}(${name})${column.isArray ? ".array()" : ""}`;
  } else {
    context.use({ helper: "nativeType" });
    const base = column.isArray ? column.type.replace(/(\[\])+$/, "") : column.type;
    const dimensions = column.isArray ? ".array()".repeat((column.type.length - base.length) / 2) : "";
    code = `nativeType<unknown>(${JSON.stringify(base)})(${name})${dimensions}`;
  }
  if (column.notNull) code += ".notNull()";
  if (column.default !== null && !column.serial) {
    context.use({ orm: "sql" });
    code += `.default(sql.raw(${JSON.stringify(column.default)}))`;
  }
  return code;
}

/** `foreignKey(...)` for a key read from Prisma's database; `self` is the table being defined. */
export function builtForeignKey(
  key: BuiltConstraint,
  self: { schema: string; table: string; key: (column: string) => string },
  context: HiddenContext,
): string {
  const target = key.target!;
  const isSelf = target.schema === self.schema && target.table === self.table;
  const ref = isSelf ? { variable: "t", key: self.key } : context.tableRef(target.schema, target.table);
  if (!ref) throw new UnsupportedTypeError(`${self.table}: foreign key ${key.name} to unknown table ${target.table}`);
  context.use({ pgCore: "foreignKey" });
  const cols = key.columns.map((c) => property("t", self.key(c))).join(", ");
  const refs = target.columns.map((c) => property(ref.variable, ref.key(c))).join(", ");
  return `foreignKey({ name: ${JSON.stringify(key.name)}, columns: [${cols}], foreignColumns: [${refs}] })\n      .onDelete(${JSON.stringify(key.onDelete)})\n      .onUpdate(${JSON.stringify(key.onUpdate)})`;
}

/** `index(...)`/`uniqueIndex(...)` for an index read from Prisma's database. */
export function builtIndex(
  index: BuiltIndex,
  table: string,
  key: (c: string) => string,
  context: HiddenContext,
): string {
  if (!index.plain) throw new UnsupportedTypeError(`${table}: index ${index.name} on expressions or with a predicate`);
  const fn = index.unique ? "uniqueIndex" : "index";
  context.use({ pgCore: fn });
  const cols = index.columns.map((c) => {
    let code = property("t", key(c.name));
    // PostgreSQL's DESC puts NULLs first; drizzle-kit writes NULLS LAST unless told, Prisma writes neither.
    if (c.desc) code += ".desc().nullsFirst()";
    if (c.opclass) code += `.op(${JSON.stringify(c.opclass)})`;
    return code;
  });
  return index.method === "btree"
    ? `${fn}(${JSON.stringify(index.name)}).on(${cols.join(", ")})`
    : `${fn}(${JSON.stringify(index.name)}).using(${JSON.stringify(index.method)}, ${cols.join(", ")})`;
}

/**
 * Keys and indexes of a table read from Prisma's database that `emitted` (names already written
 * from the DMMF) does not have; `key` gives a column's property key.
 */
export function builtExtras(
  table: BuiltTable,
  emitted: ReadonlySet<string>,
  key: (column: string) => string,
  context: HiddenContext,
): string[] {
  const out: string[] = [];
  const self = { schema: table.schema, table: table.name, key };
  for (const constraint of table.constraints) {
    if (emitted.has(constraint.name)) continue;
    if (constraint.kind === "foreign" && constraint.target) out.push(builtForeignKey(constraint, self, context));
    else if (constraint.kind === "primary") {
      context.use({ pgCore: "primaryKey" });
      const cols = constraint.columns.map((c) => property("t", key(c))).join(", ");
      out.push(`primaryKey({ name: ${JSON.stringify(constraint.name)}, columns: [${cols}] })`);
    } else throw new UnsupportedTypeError(`${table.name}: constraint ${constraint.name} (not made by Prisma's SQL)`);
  }
  for (const index of table.indexes)
    if (!emitted.has(index.name)) out.push(builtIndex(index, table.name, key, context));
  return out;
}

/** A whole table of an `@@ignore`d model, with the builder for its schema (`pgTable` or `x.table`). */
export function ignoredTableCode(table: BuiltTable, builder: string, context: HiddenContext): string {
  const columns = table.columns.map(
    (c) => `    ${literalKey(c.name)}: ${hiddenColumnCode(c, `${table.name}.${c.name}`, context)},`,
  );
  const extras = builtExtras(table, new Set(), (c) => c, context);
  const extra = extras.length ? `,\n  (t) => [\n${extras.map((e) => `    ${e},`).join("\n")}\n  ]` : "";
  return `/** Table "${table.name}": Prisma creates it for an @@ignore'd model (or a many-to-many between ignored ones); Prisma Client has no delegate for it. */
export const ${ignoredTableVar(table.schema, table.name)} = ${builder}(
  ${JSON.stringify(table.name)},
  {
${columns.join("\n")}
  }${extra},
);`;
}

/** An object-literal entry for a hidden column of a model's table. */
export function hiddenColumnEntry(column: BuiltColumn, where: string, context: HiddenContext): string {
  return `    ${literalKey(column.name)}: ${hiddenColumnCode(column, where, context)},`;
}
