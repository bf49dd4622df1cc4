/**
 * Writes the generated schema.ts: enums (`pgEnum`), one `pgTable` per model with its columns in
 * Prisma's order, keys, indexes and foreign keys named as Prisma names them, the implicit
 * many-to-many join tables, and `relations()` named as the Prisma fields are (which is what the
 * facade's describeSchema reads).
 */
import { HELPERS } from "./helpers.ts";
import type { DmmfField, DmmfIndex, DmmfModel } from "./dmmf.ts";
import { UnsupportedTypeError, scalarColumnType, withColumnName } from "./column-types.ts";
import { defaultCode, sqlString } from "./defaults.ts";
import type { IndexedModel, JoinTable } from "./model.ts";
import {
  type HiddenContext,
  builtExtras,
  hiddenColumnEntry,
  ignoredTableCode,
  ignoredTableVar,
} from "./emit-hidden.ts";
import { foreignKeyName, indexName, primaryKeyName, uniqueIndexName } from "./names.ts";

/** Collects what the generated file imports and which helpers it carries. */
class Imports {
  readonly pgCore = new Set<string>();
  readonly orm = new Set<string>();
  readonly helpers = new Set<string>();
  cuid = false;
  crypto = new Set<string>();

  render(): string {
    for (const name of this.helpers) {
      for (const [module, names] of Object.entries(HELPERS[name]!.imports)) {
        const target =
          module === "node:crypto" ? this.crypto : module === "drizzle-orm/pg-core" ? this.pgCore : this.orm;
        for (const n of names) target.add(n);
      }
    }
    const line = (names: Set<string>, from: string) =>
      names.size ? `import { ${[...names].sort().join(", ")} } from "${from}";\n` : "";
    return `${this.cuid ? `import cuid from "@bugsnag/cuid";\n` : ""}${line(this.crypto, "node:crypto")}${line(this.orm, "drizzle-orm")}${line(this.pgCore, "drizzle-orm/pg-core")}`;
  }

  helperCode(): string {
    const order = Object.keys(HELPERS).filter((name) => this.helpers.has(name));
    return order.map((name) => `${HELPERS[name]!.code}\n`).join("\n");
  }
}

const REFERENTIAL: Readonly<Record<string, string>> = {
  Cascade: "cascade",
  Restrict: "restrict",
  NoAction: "no action",
  SetNull: "set null",
  SetDefault: "set default",
};

/** Operator class of a Prisma `ops:` value: `JsonbPathOps` → `jsonb_path_ops`; `raw("x")` arrives as `x`. */
export function operatorClass(ops: string): string {
  if (!/Ops$/.test(ops)) return ops;
  const words = ops.replace("MinMax", "Minmax").replace("TimestampTz", "Timestamptz").replace("TimeTz", "Timetz");
  return words.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The body of the generated schema.ts (everything after the header). */
export function emitSchema(ix: IndexedModel): string {
  const imports = new Imports();
  const parts: string[] = [];
  const schemas = ix.dbSchemas.filter((s) => s !== "public");
  if (schemas.length > 0) {
    imports.pgCore.add("pgSchema");
    // Every schema the datasource lists, used or not: Prisma creates each one.
    parts.push(schemas.map((s) => `export const ${ix.schemaVar(s)} = pgSchema(${JSON.stringify(s)});`).join("\n"));
  }
  for (const e of ix.datamodel.enums) {
    const values = e.values.map((v) => JSON.stringify(v.dbName ?? v.name)).join(", ");
    parts.push(
      `export const ${ix.enumVar(e.name)} = ${inSchema(ix, ix.enumSchemaOf(e.name), "enum", imports)}(${JSON.stringify(e.dbName ?? e.name)}, [${values}]);`,
    );
  }
  for (const model of ix.datamodel.models)
    parts.push(ix.isView(model) ? emitView(ix, model, imports) : emitTable(ix, model, imports));
  for (const join of ix.joinTables) parts.push(emitJoinTable(ix, join, imports));
  for (const table of ix.ignoredTables)
    parts.push(ignoredTableCode(table, inSchema(ix, table.schema, "table", imports), hiddenContext(ix, imports)));
  const relations = emitRelations(ix, imports);
  const helperCode = imports.helperCode();
  return `${imports.render()}\n${helperCode ? `${helperCode}\n` : ""}${parts.join("\n\n")}\n${relations}`;
}

/**
 * The builder for a table or enum in `schema`: `pgTable`/`pgEnum` in `public` (drizzle-orm refuses
 * `pgSchema("public")`), else the schema's own `.table`/`.enum`.
 */
function inSchema(ix: IndexedModel, schema: string, what: "table" | "enum", imports: Imports): string {
  if (schema !== "public") return `${ix.schemaVar(schema)}.${what}`;
  const builder = what === "table" ? "pgTable" : "pgEnum";
  imports.pgCore.add(builder);
  return builder;
}

function emitColumn(ix: IndexedModel, model: DmmfModel, field: DmmfField, imports: Imports, inlinePk: boolean): string {
  const column = ix.columnOf(field);
  let code: string;
  let sqlType: string;
  let enumValues: ReadonlyMap<string, string> | undefined;
  if (field.kind === "enum") {
    const e = ix.enumOf(field.type);
    code = `${ix.enumVar(field.type)}(${JSON.stringify(column)})`;
    sqlType = JSON.stringify(e.dbName ?? e.name);
    enumValues = ix.enumValues(field.type);
  } else {
    let type;
    try {
      type = scalarColumnType(field);
    } catch (error) {
      if (error instanceof UnsupportedTypeError)
        throw new UnsupportedTypeError(`${model.name}.${field.name}: ${error.message}`);
      throw error;
    }
    type.imports.forEach((i) => imports.pgCore.add(i));
    type.helpers.forEach((h) => imports.helpers.add(h));
    code = withColumnName(type, column);
    sqlType = type.sqlType;
  }
  if (field.isList) code += ".array()";
  // Prisma's scalar lists are nullable columns whatever the field says (`String[]` is required in the client).
  if (field.isRequired && !field.isList) code += ".notNull()";
  if (inlinePk) code += ".primaryKey()";
  const defaults = defaultCode(field, sqlType, enumValues);
  code += defaults.modifiers;
  defaults.helpers.forEach((h) => imports.helpers.add(h));
  if (defaults.usesSql) imports.orm.add("sql");
  if (defaults.usesCuid) imports.cuid = true;
  if (defaults.usesRandomUuid) imports.crypto.add("randomUUID");
  return `    ${field.name}: ${code},`;
}

/** How emit-hidden.ts names enums and tables, and records its imports, in this file. */
function hiddenContext(ix: IndexedModel, imports: Imports): HiddenContext {
  const models = ix.datamodel.models.filter((m) => !ix.isView(m));
  return {
    enumVar(schema, name) {
      const e = ix.datamodel.enums.find((x) => (x.dbName ?? x.name) === name && ix.enumSchemaOf(x.name) === schema);
      return e && ix.enumVar(e.name);
    },
    tableRef(schema, table) {
      const model = models.find((m) => ix.schemaOf(m) === schema && ix.tableOf(m) === table);
      if (model) return { variable: ix.tableVar(model.name), key: (column) => fieldKeyOf(ix, model, column) };
      const ignored = ix.ignoredTables.find((t) => t.schema === schema && t.name === table);
      return ignored && { variable: ignoredTableVar(schema, table), key: (column) => column };
    },
    use({ pgCore, helper, orm }) {
      if (pgCore) imports.pgCore.add(pgCore);
      if (helper) imports.helpers.add(helper);
      if (orm) imports.orm.add(orm);
    },
  };
}

/** The property key of a column of a model's table: its field's name, or the column's own name for a hidden column. */
function fieldKeyOf(ix: IndexedModel, model: DmmfModel, column: string): string {
  const field = model.fields.find((f) => (f.kind === "scalar" || f.kind === "enum") && ix.columnOf(f) === column);
  return field?.name ?? column;
}

/**
 * The columns of a model's table: the DMMF's scalar fields, and when Prisma's built table is known
 * (schemas with `@ignore`/`Unsupported`), its hidden columns too, all in the built table's order.
 */
function tableColumns(ix: IndexedModel, model: DmmfModel, imports: Imports, inlinePk: string | undefined): string[] {
  const scalars = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
  const emit = (f: DmmfField) => emitColumn(ix, model, f, imports, f.name === inlinePk);
  const built = ix.builtTable(model);
  if (!built) return scalars.map(emit);
  const byColumn = new Map(scalars.map((f) => [ix.columnOf(f), f]));
  const missing = scalars.filter((f) => !built.columns.some((c) => c.name === ix.columnOf(f)));
  if (missing.length > 0)
    throw new UnsupportedTypeError(`${model.name}.${missing[0]!.name}: column not in the table Prisma builds`);
  return built.columns.map((column) => {
    const field = byColumn.get(column.name);
    if (field) return emit(field);
    if (scalars.some((f) => f.name === column.name))
      throw new UnsupportedTypeError(`${model.name}.${column.name}: hidden column named as another field`);
    return hiddenColumnEntry(column, `${model.name}.${column.name}`, hiddenContext(ix, imports));
  });
}

function emitTable(ix: IndexedModel, model: DmmfModel, imports: Imports): string {
  const table = ix.tableOf(model);
  const indexes = ix.datamodel.indexes.filter((i) => i.model === model.name);
  const pk = indexes.find((i) => i.type === "id");
  // A one-column primary key with Prisma's default name is written inline (PostgreSQL names it the same).
  const inlinePk =
    pk !== undefined &&
    pk.fields.length === 1 &&
    (pk.dbName ?? primaryKeyName(table)) === primaryKeyName(table) &&
    `${table}_pkey` === primaryKeyName(table)
      ? pk.fields[0]!.name
      : undefined;
  const scalars = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
  const columns = tableColumns(ix, model, imports, inlinePk);
  const extras: string[] = [];
  const emitted = new Set<string>();
  const colsOf = (names: readonly string[]) => names.map((n) => ix.columnOf(scalars.find((f) => f.name === n)!));
  if (pk) emitted.add(pk.dbName ?? primaryKeyName(table));
  if (pk && !inlinePk) {
    imports.pgCore.add("primaryKey");
    const cols = pk.fields.map((f) => `t.${f.name}`).join(", ");
    extras.push(`primaryKey({ name: ${JSON.stringify(pk.dbName ?? primaryKeyName(table))}, columns: [${cols}] })`);
  }
  for (const index of indexes) {
    if (index.type !== "unique" && index.type !== "normal") continue;
    // An index over a hidden (@ignore'd or Unsupported) field is written from Prisma's built table below.
    if (!index.fields.every((f) => scalars.some((s) => s.name === f.name))) continue;
    const cols = colsOf(index.fields.map((f) => f.name));
    emitted.add(indexDbName(index, table, cols));
    extras.push(emitIndex(index, table, cols, imports));
  }
  // relationMode = "prisma": Prisma creates no foreign keys (its client emulates the actions).
  for (const field of ix.relationMode === "prisma" ? [] : model.fields) {
    if (field.kind !== "object" || !field.relationFromFields?.length) continue;
    emitted.add(foreignKeyName(table, colsOf(field.relationFromFields)));
    extras.push(emitForeignKey(ix, table, field, colsOf(field.relationFromFields), imports));
  }
  const built = ix.builtTable(model);
  // What Prisma builds besides (keys of @ignore'd relation fields, indexes over hidden columns).
  if (built) extras.push(...builtExtras(built, emitted, (c) => fieldKeyOf(ix, model, c), hiddenContext(ix, imports)));
  const extra = extras.length ? `,\n  (t) => [\n${extras.map((e) => `    ${e},`).join("\n")}\n  ]` : "";
  return `export const ${ix.tableVar(model.name)} = ${inSchema(ix, ix.schemaOf(model), "table", imports)}(\n  ${JSON.stringify(table)},\n  {\n${columns.join("\n")}\n  }${extra},\n);`;
}

/**
 * A `view` block as an existing view: drizzle-kit creates and drops nothing for `.existing()`, as
 * Prisma's migrations create nothing for a view (the team's own SQL does); queries can select from it.
 */
function emitView(ix: IndexedModel, model: DmmfModel, imports: Imports): string {
  const schema = ix.schemaOf(model);
  const builder = schema === "public" ? "pgView" : `${ix.schemaVar(schema)}.view`;
  if (schema === "public") imports.pgCore.add("pgView");
  const columns = model.fields
    .filter((f) => f.kind === "scalar" || f.kind === "enum")
    .map((f) => emitColumn(ix, model, f, imports, false));
  return `/** Prisma view ${model.name}: read-only, created by your own SQL (Prisma's migrations do not create views). */
export const ${ix.viewVar(model.name)} = ${builder}(
  ${JSON.stringify(ix.tableOf(model))},
  {
${columns.join("\n")}
  },
).existing();`;
}

/** An index's database name: `map:`, or Prisma's default. */
function indexDbName(index: DmmfIndex, table: string, columns: readonly string[]): string {
  return index.dbName ?? (index.type === "unique" ? uniqueIndexName(table, columns) : indexName(table, columns));
}

function emitIndex(index: DmmfIndex, table: string, columns: readonly string[], imports: Imports): string {
  const unique = index.type === "unique";
  const fn = unique ? "uniqueIndex" : "index";
  imports.pgCore.add(fn);
  const name = indexDbName(index, table, columns);
  const cols = index.fields.map((f) => {
    let c = `t.${f.name}`;
    // PostgreSQL's DESC puts NULLs first; drizzle-kit writes NULLS LAST unless told, Prisma writes neither.
    if (f.sortOrder === "desc") c += ".desc().nullsFirst()";
    if (f.operatorClass) c += `.op(${JSON.stringify(operatorClass(f.operatorClass))})`;
    return c;
  });
  const method = index.algorithm && index.algorithm !== "BTree" ? index.algorithm.toLowerCase() : undefined;
  return method
    ? `${fn}(${JSON.stringify(name)}).using(${JSON.stringify(method)}, ${cols.join(", ")})`
    : `${fn}(${JSON.stringify(name)}).on(${cols.join(", ")})`;
}

function emitForeignKey(
  ix: IndexedModel,
  table: string,
  field: DmmfField,
  columns: readonly string[],
  imports: Imports,
): string {
  imports.pgCore.add("foreignKey");
  const target = ix.model(field.type);
  const targetVar = ix.tableVar(target.name);
  // Prisma's defaults: Restrict (required) or SetNull (optional) on delete, Cascade on update.
  const onDelete = REFERENTIAL[field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")]!;
  const onUpdate = REFERENTIAL[field.relationOnUpdate ?? "Cascade"]!;
  const cols = field.relationFromFields!.map((f) => `t.${f}`).join(", ");
  const refs = field.relationToFields!.map((f) => `${targetVar}.${f}`).join(", ");
  const selfRef = target.name === field.type && ix.tableOf(target) === table;
  // A self-reference cannot name the table being defined; Drizzle's documented way is a typed callback.
  const foreign = selfRef ? field.relationToFields!.map((f) => `t.${f}`).join(", ") : refs;
  return `foreignKey({ name: ${JSON.stringify(foreignKeyName(table, columns))}, columns: [${cols}], foreignColumns: [${foreign}] })\n      .onDelete(${JSON.stringify(onDelete)})\n      .onUpdate(${JSON.stringify(onUpdate)})`;
}

function emitJoinTable(ix: IndexedModel, join: JoinTable, imports: Imports): string {
  imports.pgCore.add("primaryKey");
  imports.pgCore.add("index");
  const withKeys = ix.relationMode !== "prisma";
  if (withKeys) imports.pgCore.add("foreignKey");
  const column = (side: "A" | "B", modelName: string) => {
    const model = ix.model(modelName);
    const id = ix.singleId(model);
    const type = scalarColumnType({ ...id, default: undefined, isList: false });
    type.imports.forEach((i) => imports.pgCore.add(i));
    type.helpers.forEach((h) => imports.helpers.add(h));
    return `    ${side}: ${withColumnName(type, side)}.notNull(),`;
  };
  const fk = (side: "A" | "B", modelName: string) => {
    const model = ix.model(modelName);
    const id = ix.singleId(model);
    if (!withKeys) return "";
    return `    foreignKey({ name: ${JSON.stringify(foreignKeyName(join.table, [side]))}, columns: [t.${side}], foreignColumns: [${ix.tableVar(model.name)}.${id.name}] })\n      .onDelete("cascade")\n      .onUpdate("cascade"),`;
  };
  return `/** Prisma's implicit many-to-many table for relation ${join.relationName}: A is ${join.a.model}.${join.a.field}'s model, B is ${join.b.model}.${join.b.field}'s. */
export const ${joinVar(join)} = ${inSchema(ix, ix.joinSchemaOf(join), "table", imports)}(
  ${JSON.stringify(join.table)},
  {
${column("A", join.a.model)}
${column("B", join.b.model)}
  },
  (t) => [
    primaryKey({ name: ${JSON.stringify(`${join.table}_AB_pkey`)}, columns: [t.A, t.B] }),
    index(${JSON.stringify(`${join.table}_B_index`)}).on(t.B),
${[fk("A", join.a.model), fk("B", join.b.model)]
  .filter((k) => k !== "")
  .map((k) => `${k}\n`)
  .join("")}  ],
);`;
}

function joinVar(join: JoinTable): string {
  return `${join.table}Table`;
}

/** `relations()` for every model and join table; relation names are Prisma's, so pairs match. */
function emitRelations(ix: IndexedModel, imports: Imports): string {
  const blocks: string[] = [];
  const joinsByField = new Map<string, { join: JoinTable; side: "A" | "B" }>();
  for (const join of ix.joinTables) {
    joinsByField.set(`${join.a.model}.${join.a.field}`, { join, side: "A" });
    joinsByField.set(`${join.b.model}.${join.b.field}`, { join, side: "B" });
  }
  for (const model of ix.datamodel.models) {
    const relationFields = model.fields.filter((f) => f.kind === "object");
    if (relationFields.length === 0) continue;
    const self = ix.tableVar(model.name);
    const used = new Set<string>();
    const lines = relationFields.map((field) => {
      const join = joinsByField.get(`${model.name}.${field.name}`);
      if (join) {
        used.add("many");
        return `  ${field.name}: many(${joinVar(join.join)}, { relationName: ${JSON.stringify(`${field.relationName}_${join.side}`)} }),`;
      }
      const target = ix.tableVar(field.type);
      const name = JSON.stringify(field.relationName);
      if (field.relationFromFields?.length) {
        used.add("one");
        const fields = field.relationFromFields.map((f) => `${self}.${f}`).join(", ");
        const refs = field.relationToFields!.map((f) => `${target}.${f}`).join(", ");
        return `  ${field.name}: one(${target}, { fields: [${fields}], references: [${refs}], relationName: ${name} }),`;
      }
      if (field.isList) {
        used.add("many");
        return `  ${field.name}: many(${target}, { relationName: ${name} }),`;
      }
      // The back side of a one-to-one: drizzle-orm's one() takes a relation name only together with
      // fields, so the join is spelled from this side (our referenced key = their foreign key).
      used.add("one");
      const owner = ix
        .model(field.type)
        .fields.find(
          (f) =>
            f.kind === "object" && f.relationName === field.relationName && f.relationFromFields?.length && f !== field,
        );
      if (!owner)
        throw new Error(`schema: no foreign key side for relation ${field.relationName} (${model.name}.${field.name})`);
      const fields = owner.relationToFields!.map((f) => `${self}.${f}`).join(", ");
      const refs = owner.relationFromFields!.map((f) => `${target}.${f}`).join(", ");
      return `  ${field.name}: one(${target}, { fields: [${fields}], references: [${refs}], relationName: ${name} }),`;
    });
    const helpers = [...used].sort().join(", ");
    blocks.push(
      `export const ${ix.tableVar(model.name).replace(/Table$/, "Relations")} = relations(${self}, ({ ${helpers} }) => ({\n${lines.join("\n")}\n}));`,
    );
  }
  for (const join of ix.joinTables) {
    const side = (s: "A" | "B", modelName: string) => {
      const target = ix.tableVar(modelName);
      const id = ix.singleId(ix.model(modelName));
      return `  ${s}: one(${target}, { fields: [${joinVar(join)}.${s}], references: [${target}.${id.name}], relationName: ${JSON.stringify(`${join.relationName}_${s}`)} }),`;
    };
    blocks.push(
      `export const ${joinVar(join).replace(/Table$/, "Relations")} = relations(${joinVar(join)}, ({ one }) => ({\n${side("A", join.a.model)}\n${side("B", join.b.model)}\n}));`,
    );
  }
  if (blocks.length === 0) return "";
  imports.orm.add("relations");
  return `\n// Relations, named as the Prisma fields are; relationName is Prisma's relation name. They create\n// nothing in the database: they drive db.query.*.findMany({ with }) and the Prisma-shaped facade.\n\n${blocks.join("\n\n")}\n`;
}

/** SQL literal helper re-exported for tests. */
export { sqlString };
