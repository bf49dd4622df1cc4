/**
 * compat:fuzz on `view` blocks. Prisma's migrations create no view and the fuzz has none of the
 * team's SQL, so each view is created over a backing table of its own (`_fuzz_view_<name>`, the
 * view's columns with their types, NOT NULL for required fields, UNIQUE for its keys), seeded with
 * synthetic rows through SQL (Prisma Client has no write on a view). Both clients then read the same
 * rows through the real view; only reads are generated for views.
 */
import { type SQL, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { getViewConfig } from "drizzle-orm/pg-core";
import type { PgView } from "drizzle-orm/pg-core";
import type { CompatSchema, ModelMeta, ScalarField } from "../compat/model-meta.ts";
import { encodeValue } from "../compat/values.ts";
import { typedParam } from "../compat/sql-util.ts";
import type { ModelSpec } from "./model-spec.ts";
import type { AnyClient } from "./rollback.ts";
import { type SeededData, readBack, seedSynthetic } from "./seed.ts";
import { fieldValue } from "./values.ts";

/** The backing table's name for a view. */
function backingName(view: ModelMeta): string {
  return `_fuzz_view_${view.tableName}`;
}

/** `"schema".` for a view outside the search path's default, else nothing. */
function schemaPrefix(view: ModelMeta): SQL {
  const schema = getViewConfig(view.table as PgView).schema;
  return schema ? sql`${sql.identifier(schema)}.` : sql``;
}

/** The column's declared type: its enum type (quoted, as created) or its SQL type. */
function columnType(field: ScalarField): SQL {
  if (!field.enumName) return sql.raw(field.column.getSQLType());
  return sql`${sql.identifier(field.enumName)}${sql.raw(field.isList ? "[]" : "")}`;
}

/** CREATE TABLE for the backing table, then CREATE VIEW selecting all of it. */
export function createViewStatements(view: ModelMeta): SQL[] {
  const backing = sql`${schemaPrefix(view)}${sql.identifier(backingName(view))}`;
  const columns = view.scalars.map(
    (f) => sql`${sql.identifier(f.dbName)} ${columnType(f)}${sql.raw(f.isRequired ? " NOT NULL" : "")}`,
  );
  const keys = view.uniques.map(
    (key) =>
      sql`UNIQUE (${sql.join(
        key.fields.map((name) => sql.identifier((view.fields.get(name) as ScalarField).dbName)),
        sql`, `,
      )})`,
  );
  return [
    sql`CREATE TABLE ${backing} (${sql.join([...columns, ...keys], sql`, `)})`,
    sql`CREATE VIEW ${schemaPrefix(view)}${sql.identifier(view.tableName)} AS SELECT * FROM ${backing}`,
  ];
}

/** Inserts row `i` of the view's synthetic data (every third nullable field NULL, as seed.ts does). */
function insertRow(view: ModelMeta, spec: ModelSpec, i: number): SQL {
  const values = view.scalars.map((field) => {
    const fieldSpec = spec.scalars.find((s) => s.name === field.name);
    const value = fieldSpec && !(fieldSpec.nullable && i % 3 === 2) ? fieldValue(fieldSpec, i) : null;
    return value === null ? sql`NULL` : typedParam(field, encodeValue(field, value, "compat:fuzz seed"));
  });
  const backing = sql`${schemaPrefix(view)}${sql.identifier(backingName(view))}`;
  return sql`INSERT INTO ${backing} VALUES (${sql.join(values, sql`, `)}) ON CONFLICT DO NOTHING`;
}

/** Creates every view over its backing table and seeds `rowsPerView` rows into each. */
async function createAndSeedViews(
  db: NodePgDatabase,
  views: readonly { meta: ModelMeta; spec: ModelSpec }[],
  rowsPerView: number,
): Promise<void> {
  for (const { meta, spec } of views) {
    for (const statement of createViewStatements(meta)) await db.execute(statement);
    for (let i = 0; i < rowsPerView; i++) await db.execute(insertRow(meta, spec, i));
  }
}

/** True when `model` is a `view` block in the facade's schema. */
export function isViewModel(schema: CompatSchema, model: ModelSpec): boolean {
  return schema.models.get(model.name)?.isView === true;
}

/**
 * seed.ts's synthetic data for the models (through real Prisma Client), then the views created and
 * seeded through `db`, and their rows read back through Prisma Client like the models'.
 */
export async function seedModelsAndViews(
  client: AnyClient,
  db: NodePgDatabase,
  schema: CompatSchema,
  models: readonly ModelSpec[],
  rowsPerModel: number,
): Promise<SeededData> {
  const views = models.filter((m) => isViewModel(schema, m));
  const seeded = await seedSynthetic(
    client,
    models.filter((m) => !isViewModel(schema, m)),
    rowsPerModel,
  );
  if (views.length === 0) return seeded;
  await createAndSeedViews(
    db,
    views.map((spec) => ({ meta: schema.model(spec.name), spec })),
    rowsPerModel,
  );
  const rows = new Map(seeded.rows);
  const unreadable = new Map(seeded.unreadable);
  for (const view of views)
    await readBack(client, view).then(
      (read) => rows.set(view.name, read),
      (error: unknown) => unreadable.set(view.name, error instanceof Error ? error.message : String(error)),
    );
  return { rows, skipped: seeded.skipped, unreadable };
}
