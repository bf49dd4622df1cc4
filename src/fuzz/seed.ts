/**
 * Synthetic data for any schema, written through real Prisma Client (so client-side defaults,
 * `@map`'d enum values and native types are written as Prisma writes them): a few rows per model,
 * required foreign keys first (models in dependency order), then optional foreign keys and
 * implicit many-to-many links. Every field is given a value (defaults too), so the same schema
 * always gets the same data and a fixed fast-check seed the same operations. Unique values come from distinct value numbers; a row the database
 * still refuses (a compound unique met by chance) is skipped and counted, never forced.
 */
import type { AnyClient } from "./rollback.ts";
import type { ModelSpec, RelationSpec } from "./model-spec.ts";
import { fieldValue } from "./values.ts";

/** What was seeded: each model's rows as Prisma reads them back, and what had to be skipped. */
export interface SeededData {
  readonly rows: ReadonlyMap<string, readonly Record<string, unknown>[]>;
  /** `Model: reason` for each row or link the database refused. */
  readonly skipped: readonly string[];
  /** Models real Prisma Client itself cannot read back, with its error: they cannot be fuzzed. */
  readonly unreadable: ReadonlyMap<string, string>;
}

type Delegate = Record<string, (args: unknown) => Promise<unknown>>;

/** Required to-one relations this side owns (their foreign key must be set on create). */
function requiredOwned(model: ModelSpec): RelationSpec[] {
  return model.relations.filter((r) => r.isOwner && !r.optional && !r.list);
}

/** Models ordered so that each comes after the models its required foreign keys point to. */
export function dependencyOrder(models: readonly ModelSpec[]): ModelSpec[] {
  const ordered: ModelSpec[] = [];
  const placed = new Set<string>();
  let pending = [...models];
  while (pending.length > 0) {
    const ready = pending.filter((m) => requiredOwned(m).every((r) => r.target === m.name || placed.has(r.target)));
    if (ready.length === 0)
      throw new Error(`cannot seed: required relations form a cycle between ${pending.map((m) => m.name).join(", ")}`);
    for (const m of ready) placed.add(m.name);
    ordered.push(...ready);
    pending = pending.filter((m) => !placed.has(m.name));
  }
  return ordered;
}

/** The `where` that finds `row` by the model's first unique key. */
export function uniqueWhereOf(model: ModelSpec, row: Record<string, unknown>): Record<string, unknown> {
  const key = model.uniques[0];
  if (!key) throw new Error(`model ${model.name} has no unique key`);
  if (key.compoundName === undefined) return { [key.fields[0]!]: row[key.fields[0]!] };
  return { [key.compoundName]: Object.fromEntries(key.fields.map((f) => [f, row[f]])) };
}

/** The foreign key values pointing at `parent`. */
function foreignKeyValues(relation: RelationSpec, parent: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(relation.fromFields.map((f, k) => [f, parent[relation.toFields[k]!]]));
}

/** A foreign key alone makes the row unique (1-1): each parent can be used once. */
function isUniqueForeignKey(model: ModelSpec, relation: RelationSpec): boolean {
  return model.uniques.some(
    (u) => u.fields.length === relation.fromFields.length && u.fields.every((f) => relation.fromFields.includes(f)),
  );
}

/** The create data of row `i`: own scalars, required foreign keys to seeded parents. */
function rowData(
  model: ModelSpec,
  i: number,
  rows: ReadonlyMap<string, readonly Record<string, unknown>[]>,
): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  // Defaults and @updatedAt are given too: generated ids, now() and dbgenerated() would make the
  // data (and so the generated operations, drawn from it) differ from run to run.
  for (const field of model.scalars) {
    if (field.isForeignKey) continue;
    data[field.name] = field.nullable && i % 3 === 2 ? null : fieldValue(field, i);
  }
  for (const relation of requiredOwned(model)) {
    const parents = relation.target === model.name ? [] : (rows.get(relation.target) ?? []);
    const index = isUniqueForeignKey(model, relation) ? i : (i * 2 + 1) % Math.max(parents.length, 1);
    const parent = parents[index];
    if (!parent) return undefined;
    Object.assign(data, foreignKeyValues(relation, parent));
  }
  return data;
}

function messageOf(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? (e.message ?? String(error)).split("\n").filter(Boolean).pop() ?? "error";
}

/** The last line of an error's message (Prisma's first lines are a code frame). */
function fullMessage(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? "").slice(0, 300);
}

/** Every row of `model`, read back through `client` (real Prisma Client) in its first key's order. */
export async function readBack(client: AnyClient, model: ModelSpec): Promise<Record<string, unknown>[]> {
  const key = model.uniques[0]?.fields ?? [];
  return (await client[model.delegate]!.findMany!({ orderBy: key.map((f) => ({ [f]: "asc" })) })) as Record<
    string,
    unknown
  >[];
}

/**
 * The row's @updatedAt values, written back with an update: Prisma Client would otherwise stamp the
 * time of the update, and two databases seeded seconds apart (replay's) would not hold equal rows.
 */
function keptUpdatedAt(model: ModelSpec, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(model.scalars.filter((f) => f.isUpdatedAt).map((f) => [f.name, row[f.name]]));
}

/** Sets optional foreign keys of seeded rows (every third left NULL), self-relations included. */
async function linkOptional(
  client: AnyClient,
  model: ModelSpec,
  rows: Map<string, Record<string, unknown>[]>,
  skipped: string[],
): Promise<void> {
  const own = rows.get(model.name) ?? [];
  for (const relation of model.relations.filter((r) => r.isOwner && r.optional)) {
    const parents = rows.get(relation.target) ?? [];
    if (parents.length === 0) continue;
    for (const [i, row] of own.entries()) {
      if (i % 3 === 0) continue;
      const parent =
        parents[isUniqueForeignKey(model, relation) ? (i + 1) % parents.length : (i * 2) % parents.length]!;
      await (client[model.delegate] as Delegate).update!({
        where: uniqueWhereOf(model, row),
        data: { ...foreignKeyValues(relation, parent), ...keptUpdatedAt(model, row) },
      }).catch((error: unknown) => skipped.push(`${model.name}.${relation.name}: ${messageOf(error)}`));
    }
  }
}

/** Links rows through implicit many-to-many relations (once per relation, from one side). */
async function linkManyToMany(
  client: AnyClient,
  model: ModelSpec,
  byName: ReadonlyMap<string, ModelSpec>,
  rows: Map<string, Record<string, unknown>[]>,
  done: Set<string>,
  skipped: string[],
): Promise<void> {
  for (const relation of model.relations.filter((r) => r.manyToMany && !done.has(r.relationName))) {
    done.add(relation.relationName);
    const target = rows.get(relation.target) ?? [];
    const targetSpec = byName.get(relation.target)!;
    for (const [i, row] of (rows.get(model.name) ?? []).entries()) {
      if (i % 3 === 2 || target.length === 0) continue;
      const picks = [...new Set([i % target.length, (i + 2) % target.length])].map((k) => target[k]!);
      const connect = picks.map((p) => uniqueWhereOf(targetSpec, p));
      await (client[model.delegate] as Delegate).update!({
        where: uniqueWhereOf(model, row),
        data: { [relation.name]: { connect }, ...keptUpdatedAt(model, row) },
      }).catch((error: unknown) => skipped.push(`${model.name}.${relation.name}: ${messageOf(error)}`));
    }
  }
}

/** Seeds `rowsPerModel` rows per model through `client` (real Prisma Client) and reads them back. */
export async function seedSynthetic(
  client: AnyClient,
  models: readonly ModelSpec[],
  rowsPerModel: number,
): Promise<SeededData> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const rows = new Map<string, Record<string, unknown>[]>();
  const skipped: string[] = [];
  const unreadable = new Map<string, string>();
  for (const model of dependencyOrder(models)) {
    for (let i = 0; i < rowsPerModel; i++) {
      const data = rowData(model, i, rows);
      if (data === undefined) continue;
      await (client[model.delegate] as Delegate).create!({ data }).catch((error: unknown) =>
        skipped.push(`${model.name} row ${i}: ${messageOf(error)}`),
      );
    }
    await readBack(client, model).then(
      (read) => rows.set(model.name, read),
      (error: unknown) => unreadable.set(model.name, fullMessage(error)),
    );
  }
  const linked = new Set<string>();
  for (const model of models) {
    await linkOptional(client, model, rows, skipped);
    await linkManyToMany(client, model, byName, rows, linked, skipped);
  }
  for (const model of models.filter((m) => !unreadable.has(m.name)))
    rows.set(model.name, await readBack(client, model));
  return { rows, skipped, unreadable };
}
