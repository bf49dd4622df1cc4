/**
 * What backup and restore read from the catalog: the tables of the `public` schema with their
 * columns, and an order to load them in that foreign keys accept.
 */
import type pg from "pg";
import { quoteIdent } from "../db/urls.ts";

/** A column as the backup stores it: its name and its type as `format_type` spells it (castable). */
export interface BackupColumn {
  name: string;
  type: string;
}

/** A table of the `public` schema and its stored (non-generated) columns in order. */
export interface BackupTable {
  name: string;
  columns: BackupColumn[];
}

/** `public."name"`, quoted for SQL text. */
export function qualified(table: string): string {
  return `public.${quoteIdent(table)}`;
}

/**
 * Every ordinary table of the `public` schema (including `_prisma_migrations`), by name, with its
 * columns in column order. Generated columns are left out: PostgreSQL computes them again on load.
 */
export async function listPublicTables(client: pg.ClientBase): Promise<BackupTable[]> {
  const { rows } = await client.query<{ table: string; column: string | null; type: string | null }>(
    `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY c.relname COLLATE "C", a.attnum`,
  );
  const tables = new Map<string, BackupTable>();
  for (const row of rows) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [] };
    tables.set(row.table, table);
    if (row.column !== null && row.type !== null) table.columns.push({ name: row.column, type: row.type });
  }
  return [...tables.values()];
}

/** The order to load `tables` in, and whether that order alone cannot satisfy the schema. */
export interface LoadPlan {
  /** Parents before children (foreign keys between the given tables), otherwise by name. */
  order: string[];
  /**
   * Why loading in {@link order} with triggers and foreign keys active would fail or change data:
   * a foreign-key cycle or self-reference, or user triggers that would fire on insert. Empty when
   * the plain order is enough.
   */
  needsReplicaRole: string[];
}

/** Computes a foreign-key-safe load order for `tables` from the target database's catalog. */
export async function planLoad(client: pg.ClientBase, tables: string[]): Promise<LoadPlan> {
  const wanted = new Set(tables);
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_namespace chn ON chn.oid = ch.relnamespace
       JOIN pg_class pa ON pa.oid = k.confrelid JOIN pg_namespace pan ON pan.oid = pa.relnamespace
      WHERE k.contype = 'f' AND chn.nspname = 'public' AND pan.nspname = 'public'`,
  );
  const reasons: string[] = [];
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges) {
    if (!wanted.has(child) || !wanted.has(parent)) continue;
    if (child === parent) reasons.push(`table ${child} references itself`);
    else parents.get(child)!.add(parent);
  }
  const order: string[] = [];
  const remaining = new Set([...tables].sort());
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => [...parents.get(t)!].every((p) => !remaining.has(p)));
    if (ready.length === 0) {
      reasons.push(`foreign keys form a cycle between ${[...remaining].join(", ")}`);
      order.push(...remaining);
      break;
    }
    for (const t of ready) {
      order.push(t);
      remaining.delete(t);
    }
  }
  const { rows: triggers } = await client.query<{ table: string; trigger: string }>(
    `SELECT c.relname AS "table", t.tgname AS "trigger"
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND n.nspname = 'public' AND c.relname = ANY($1::text[])`,
    [tables],
  );
  for (const t of triggers) reasons.push(`trigger ${t.trigger} on ${t.table} would fire on reload`);
  return { order, needsReplicaRole: reasons };
}
