/**
 * Writes the generated compat.ts: the facade's model bindings (Prisma model → table, as
 * src/compat/project-schema.ts's PROJECT_MODELS), the database values of `@map`'d enum values, and
 * the implicit many-to-many tables. It imports nothing from orm-switch, so it compiles in the
 * team's repository as it is; `describeSchema(schema, MODELS)` (src/compat/model-meta.ts) turns it
 * into the facade's schema.
 */
import type { DmmfModel } from "./dmmf.ts";
import type { IndexedModel } from "./model.ts";

/** Compound ids and uniques with a `name:` (Prisma's WhereUniqueInput key), as `compoundKeys` entries. */
function compoundKeys(ix: IndexedModel, model: DmmfModel): string[] {
  return ix.datamodel.indexes
    .filter((i) => i.model === model.name && (i.type === "id" || i.type === "unique") && i.fields.length > 1 && i.name)
    .map((i) => `${i.name!}: [${i.fields.map((f) => JSON.stringify(f.name)).join(", ")}]`);
}

/**
 * A view's `@id`/`@unique`/`@@id`/`@@unique` fields, the id first: the database has no constraint
 * for them (Prisma creates nothing for a view), yet Prisma Client addresses the view's rows by them.
 */
function viewKeys(ix: IndexedModel, model: DmmfModel): string[] {
  return ix.datamodel.indexes
    .filter((i) => i.model === model.name && (i.type === "id" || i.type === "unique"))
    .sort((a, b) => (a.type === "id" ? 0 : 1) - (b.type === "id" ? 0 : 1))
    .map((i) => `[${i.fields.map((f) => JSON.stringify(f.name)).join(", ")}]`);
}

/**
 * Property keys of the model's table columns Prisma Client does not expose (`@ignore`d and
 * `Unsupported("…")` fields: in the table, absent from the DMMF).
 */
function hiddenColumns(ix: IndexedModel, model: DmmfModel): string[] {
  const visible = new Set(
    model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => ix.columnOf(f)),
  );
  return (ix.builtTable(model)?.columns ?? []).map((c) => c.name).filter((c) => !visible.has(c));
}

/**
 * The referential actions schema.prisma declares on this model's relation fields (the side with
 * `fields:`), which the facade emulates under relationMode = "prisma"; an action not given is left
 * out (the facade applies Prisma's default for it).
 */
function declaredActions(model: DmmfModel): string[] {
  return model.fields
    .filter((f) => f.kind === "object" && f.relationFromFields?.length && (f.relationOnDelete || f.relationOnUpdate))
    .map((f) => {
      const given = [
        f.relationOnDelete ? `onDelete: ${JSON.stringify(f.relationOnDelete)}` : "",
        f.relationOnUpdate ? `onUpdate: ${JSON.stringify(f.relationOnUpdate)}` : "",
      ].filter(Boolean);
      return `${f.name}: { ${given.join(", ")} }`;
    });
}

/** One model's binding: its table, and what the facade cannot read from the Drizzle schema. */
function modelBinding(ix: IndexedModel, model: DmmfModel, mappedEnums: ReadonlySet<string>): string {
  const parts = [`table: ${JSON.stringify(ix.tableOf(model))}`];
  if (ix.isView(model)) parts.push("view: true", `keys: [${viewKeys(ix, model).join(", ")}]`);
  const keys = compoundKeys(ix, model);
  const hidden = hiddenColumns(ix, model);
  if (hidden.length > 0) parts.push(`ignoredColumns: [${hidden.map((c) => JSON.stringify(c)).join(", ")}]`);
  if (keys.length > 0) parts.push(`compoundKeys: { ${keys.join(", ")} }`);
  const enumFields = model.fields.filter((f) => f.kind === "enum" && mappedEnums.has(f.type));
  if (enumFields.length > 0)
    parts.push(`enumValues: { ${enumFields.map((f) => `${f.name}: ENUM_DB_VALUES.${f.type}`).join(", ")} }`);
  // Under relationMode = "prisma" a model with relation fields says so, so describeSchema hands it
  // to the facade; and without foreign keys the facade cannot tell which side of a one-to-one holds
  // the key, so the back sides are named.
  if (ix.relationMode === "prisma" && model.fields.some((f) => f.kind === "object")) {
    parts.push(`relationMode: "prisma"`);
    const back = model.fields
      .filter((f) => f.kind === "object" && !f.isList && !f.relationFromFields?.length)
      .map((f) => JSON.stringify(f.name));
    if (back.length > 0) parts.push(`backRelations: [${back.join(", ")}]`);
    const actions = declaredActions(model);
    if (actions.length > 0) parts.push(`referentialActions: { ${actions.join(", ")} }`);
  }
  return `  ${model.name}: { ${parts.join(", ")} },`;
}

export function emitCompat(ix: IndexedModel, schemaImport: string): string {
  const mapped = ix.datamodel.enums.filter((e) =>
    e.values.some((v) => v.dbName !== null && v.dbName !== undefined && v.dbName !== v.name),
  );
  const mappedNames = new Set(mapped.map((e) => e.name));
  const models = ix.datamodel.models.map((m) => modelBinding(ix, m, mappedNames));
  const enums = mapped.map(
    (e) => `  ${e.name}: { ${e.values.map((v) => `${v.name}: ${JSON.stringify(v.dbName ?? v.name)}`).join(", ")} },`,
  );
  const views = ix.datamodel.models
    .filter((m) => ix.isView(m))
    .map((m) => `  ${m.name}: { view: ${JSON.stringify(ix.tableOf(m))} },`);
  const joins = ix.joinTables.map(
    (j) =>
      `  { table: ${JSON.stringify(j.table)}, relationName: ${JSON.stringify(j.relationName)}, A: { model: ${JSON.stringify(j.a.model)}, field: ${JSON.stringify(j.a.field)} }, B: { model: ${JSON.stringify(j.b.model)}, field: ${JSON.stringify(j.b.field)} } },`,
  );
  return `import * as schema from ${JSON.stringify(schemaImport)};

/** The Drizzle schema module these bindings describe. */
export { schema };

/**
 * The datasource's relationMode: "prisma" means the database has no foreign keys and Prisma Client
 * emulates referential actions (so does the facade, from each binding's \`referentialActions\`).
 */
export const RELATION_MODE: "foreignKeys" | "prisma" = ${JSON.stringify(ix.relationMode)};

/** What the facade needs to know about one model beyond the Drizzle schema (orm-switch's ModelBinding). */
export interface ModelBinding {
  readonly table: string;
  readonly compoundKeys?: Readonly<Record<string, readonly string[]>>;
  readonly enumValues?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly relationMode?: "prisma";
  readonly backRelations?: readonly string[];
  readonly view?: true;
  readonly keys?: readonly (readonly string[])[];
  readonly ignoredColumns?: readonly string[];
  readonly referentialActions?: Readonly<
    Record<string, { readonly onDelete?: ReferentialAction; readonly onUpdate?: ReferentialAction }>
  >;
}

/** Prisma's referential actions (relationMode = "prisma" accepts Cascade, Restrict and SetNull on PostgreSQL). */
export type ReferentialAction = "Cascade" | "Restrict" | "NoAction" | "SetNull" | "SetDefault";

/**
 * Prisma \`view\` blocks → database views. They are in MODELS too (\`view: true\`, with their keys):
 * the facade serves them read-only, as Prisma Client does.
 */
export const VIEWS: Readonly<Record<string, { view: string }>> = {
${views.join("\n")}
};

/** Prisma enum value → database value, for enums whose values are @map'd (the facade reads and writes Prisma's names). */
export const ENUM_DB_VALUES = {
${enums.join("\n")}
} as const satisfies Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Where each Prisma model lives: pass to describeSchema(schema, MODELS) (orm-switch src/compat/model-meta.ts).
 * \`compoundKeys\`: compound ids and uniques given a \`name:\`; \`enumValues\`: fields of enums with @map'd values;
 * \`view\`: a \`view\` block (\`table\` names its pgView), \`keys\`: its @id/@unique fields, the id first.
 * \`ignoredColumns\`: columns of @ignore'd and Unsupported fields, which Prisma Client does not expose.
 */
export const MODELS: Readonly<Record<string, ModelBinding>> = {
${models.join("\n")}
};

/** Prisma's implicit many-to-many tables: column A holds the id of A.model, column B the id of B.model. */
export const IMPLICIT_MANY_TO_MANY: readonly { table: string; relationName: string; A: { model: string; field: string }; B: { model: string; field: string } }[] = [
${joins.join("\n")}
];
`;
}
