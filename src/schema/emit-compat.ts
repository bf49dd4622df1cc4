/**
 * Writes the generated compat.ts: the facade's model bindings (Prisma model → table, as
 * src/compat/project-schema.ts's PROJECT_MODELS), the database values of `@map`'d enum values, and
 * the implicit many-to-many tables. It imports nothing from orm-switch, so it compiles in the
 * team's repository as it is; `describeSchema(schema, MODELS)` (src/compat/model-meta.ts) turns it
 * into the facade's schema.
 */
import type { DmmfModel } from "./dmmf.ts";
import type { IndexedModel } from "./model.ts";

export function emitCompat(ix: IndexedModel, schemaImport: string): string {
  // The binding of a model with relation fields carries the relation mode, so describeSchema hands
  // it to the facade (a model without relations has no referential actions to emulate).
  const mode = (m: DmmfModel) => (ix.relationMode === "prisma" && m.fields.some((f) => f.kind === "object") ? `, relationMode: "prisma"` : "");
  // Without foreign keys the facade cannot tell which side of a one-to-one holds the key: say so.
  const back = (m: DmmfModel) => {
    const names = ix.relationMode === "prisma" ? m.fields.filter((f) => f.kind === "object" && !f.isList && !f.relationFromFields?.length).map((f) => JSON.stringify(f.name)) : [];
    return names.length ? `, backRelations: [${names.join(", ")}]` : "";
  };
  const models = ix.datamodel.models.filter((m) => !ix.isView(m)).map((m) => `  ${m.name}: { table: ${JSON.stringify(ix.tableOf(m))}${mode(m)}${back(m)} },`);
  const mapped = ix.datamodel.enums.filter((e) => e.values.some((v) => v.dbName !== null && v.dbName !== undefined && v.dbName !== v.name));
  const enums = mapped.map((e) => `  ${e.name}: { ${e.values.map((v) => `${v.name}: ${JSON.stringify(v.dbName ?? v.name)}`).join(", ")} },`);
  const views = ix.datamodel.models.filter((m) => ix.isView(m)).map((m) => `  ${m.name}: { view: ${JSON.stringify(ix.tableOf(m))} },`);
  const joins = ix.joinTables.map(
    (j) => `  { table: ${JSON.stringify(j.table)}, relationName: ${JSON.stringify(j.relationName)}, A: { model: ${JSON.stringify(j.a.model)}, field: ${JSON.stringify(j.a.field)} }, B: { model: ${JSON.stringify(j.b.model)}, field: ${JSON.stringify(j.b.field)} } },`,
  );
  return `import * as schema from ${JSON.stringify(schemaImport)};

/** The Drizzle schema module these bindings describe. */
export { schema };

/**
 * The datasource's relationMode: "prisma" means the database has no foreign keys and Prisma Client
 * emulates referential actions (the facade refuses writes to related models then: not emulated yet).
 */
export const RELATION_MODE: "foreignKeys" | "prisma" = ${JSON.stringify(ix.relationMode)};

/** Where each Prisma model lives: pass to describeSchema(schema, MODELS) (orm-switch src/compat/model-meta.ts). */
export const MODELS: Readonly<Record<string, { table: string; relationMode?: "prisma"; backRelations?: readonly string[] }>> = {
${models.join("\n")}
};

/**
 * Prisma \`view\` blocks → database views (read-only; not in MODELS: the facade does not serve views
 * yet, so \`prisma.<view>\` is absent from it).
 */
export const VIEWS: Readonly<Record<string, { view: string }>> = {
${views.join("\n")}
};

/** Prisma enum value → database value, for enums whose values are @map'd (the facade reads and writes Prisma's names). */
export const ENUM_DB_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
${enums.join("\n")}
};

/** Prisma's implicit many-to-many tables: column A holds the id of A.model, column B the id of B.model. */
export const IMPLICIT_MANY_TO_MANY: readonly { table: string; relationName: string; A: { model: string; field: string }; B: { model: string; field: string } }[] = [
${joins.join("\n")}
];
`;
}
