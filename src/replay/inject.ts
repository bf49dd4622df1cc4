/**
 * Values the client generates (`@default(cuid())`, `@default(uuid())`: Drizzle's `$defaultFn`) are
 * drawn ONCE per replayed call and written into the call's create data explicitly, the same value
 * for both sides. Prisma and the facade then create identical rows, results compare field for
 * field, and later calls that name a created row find it on both sides. (Timestamps set to "now"
 * are not injected: the comparison masks them instead, see compare.ts.) Walks top-level create
 * data and the nested `create`, `createMany`, `connectOrCreate` and `upsert` under relation fields.
 */
import type { CompatSchema, ModelMeta } from "../compat/model-meta.ts";

type Row = Record<string, unknown>;
const isRow = (value: unknown): value is Row =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);
const each = (value: unknown): Row[] => (Array.isArray(value) ? value.filter(isRow) : isRow(value) ? [value] : []);

function fillCreate(schema: CompatSchema, model: ModelMeta, data: Row): void {
  for (const field of model.scalars) {
    if (field.defaultFn && data[field.name] === undefined) data[field.name] = field.defaultFn();
  }
  fillNested(schema, model, data);
}

function fillNested(schema: CompatSchema, model: ModelMeta, data: Row): void {
  for (const relation of model.relations) {
    const nested = data[relation.name];
    if (!isRow(nested)) continue;
    const target = schema.model(relation.target);
    for (const row of each(nested.create)) fillCreate(schema, target, row);
    if (isRow(nested.createMany)) for (const row of each(nested.createMany.data)) fillCreate(schema, target, row);
    for (const item of each(nested.connectOrCreate)) if (isRow(item.create)) fillCreate(schema, target, item.create);
    for (const item of each(nested.upsert)) {
      if (isRow(item.create)) fillCreate(schema, target, item.create);
      if (isRow(item.update)) fillNested(schema, target, item.update);
    }
    for (const item of each(nested.update)) fillNested(schema, target, isRow(item.data) ? item.data : item);
  }
}

/** Writes generated values into `args` (in place) for `operation` on `modelName`; unknown models are left alone. */
export function injectGeneratedValues(schema: CompatSchema, modelName: string, operation: string, args: unknown): void {
  const model = schema.models.get(modelName);
  if (!model || !isRow(args)) return;
  switch (operation) {
    case "create":
      if (isRow(args.data)) fillCreate(schema, model, args.data);
      break;
    case "createMany":
    case "createManyAndReturn":
      for (const row of each(args.data)) fillCreate(schema, model, row);
      break;
    case "upsert":
      if (isRow(args.create)) fillCreate(schema, model, args.create);
      if (isRow(args.update)) fillNested(schema, model, args.update);
      break;
    case "update":
    case "updateMany":
    case "updateManyAndReturn":
      if (isRow(args.data)) fillNested(schema, model, args.data);
      break;
  }
}
