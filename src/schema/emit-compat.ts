/**
 * Writes the generated compat.ts: the facade's model bindings (Prisma model → table, as
 * src/compat/project-schema.ts's PROJECT_MODELS), the database values of `@map`'d enum values, and
 * the implicit many-to-many tables. It imports nothing from orm-switch, so it compiles in the
 * team's repository as it is; `describeSchema(schema, MODELS)` (src/compat/model-meta.ts) turns it
 * into the facade's schema.
 */
import type { IndexedModel } from "./model.ts";

/**
 * `, compoundNames: { "a,b": "name" }` for the model's compound keys given a `name:` (Prisma
 * spells them so in `where`; the facade's default is the fields joined with `_`); empty otherwise.
 */
function compoundNames(ix: IndexedModel, model: string): string {
  const named = ix.datamodel.indexes.filter((i) => i.model === model && (i.type === "id" || i.type === "unique") && i.fields.length > 1 && i.name && i.name !== i.fields.map((f) => f.name).join("_"));
  if (named.length === 0) return "";
  return `, compoundNames: { ${named.map((i) => `${JSON.stringify(i.fields.map((f) => f.name).join(","))}: ${JSON.stringify(i.name)}`).join(", ")} }`;
}

export function emitCompat(ix: IndexedModel, schemaImport: string): string {
  const models = ix.datamodel.models.map((m) => `  ${m.name}: { table: ${JSON.stringify(ix.tableOf(m))}${compoundNames(ix, m.name)} },`);
  const mapped = ix.datamodel.enums.filter((e) => e.values.some((v) => v.dbName !== null && v.dbName !== undefined && v.dbName !== v.name));
  const enums = mapped.map((e) => `  ${e.name}: { ${e.values.map((v) => `${v.name}: ${JSON.stringify(v.dbName ?? v.name)}`).join(", ")} },`);
  const joins = ix.joinTables.map(
    (j) => `  { table: ${JSON.stringify(j.table)}, relationName: ${JSON.stringify(j.relationName)}, A: { model: ${JSON.stringify(j.a.model)}, field: ${JSON.stringify(j.a.field)} }, B: { model: ${JSON.stringify(j.b.model)}, field: ${JSON.stringify(j.b.field)} } },`,
  );
  return `import * as schema from ${JSON.stringify(schemaImport)};

/** The Drizzle schema module these bindings describe. */
export { schema };

/** Where each Prisma model lives: pass to describeSchema(schema, MODELS) (orm-switch src/compat/model-meta.ts). */
export const MODELS: Readonly<Record<string, { table: string; compoundNames?: Readonly<Record<string, string>> }>> = {
${models.join("\n")}
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
