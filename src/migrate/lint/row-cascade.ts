/**
 * What a destructive statement takes with it through foreign keys, for `--database` counts:
 * - `TRUNCATE t CASCADE` empties every table that references t, and every table referencing those,
 *   whatever their ON DELETE action (PostgreSQL truncates whole tables, not matching rows);
 * - `DELETE FROM t` (every row) deletes the rows of tables whose foreign key to t is
 *   `ON DELETE CASCADE` and that point at a deleted row, recursively; `SET NULL`/`SET DEFAULT`
 *   children are changed, and a `RESTRICT`/`NO ACTION` child with referencing rows makes the DELETE
 *   fail;
 * - `DROP TABLE t CASCADE` drops the foreign keys that reference t (their rows stay).
 * The foreign keys come from pg_constraint; the row counts from the tables themselves, read-only.
 */
import type pg from "pg";
import { quoteIdent } from "../../db/urls.ts";

/** One foreign key as pg_constraint describes it, between two tables given as regclass text. */
interface ForeignKey {
  name: string;
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
  /** confdeltype: a no action, r restrict, c cascade, n set null, d set default. */
  onDelete: string;
}

async function foreignKeys(client: pg.ClientBase): Promise<ForeignKey[]> {
  const { rows } = await client.query<{
    name: string;
    child: string;
    parent: string;
    child_columns: string[];
    parent_columns: string[];
    on_delete: string;
  }>(
    `SELECT con.conname AS name, con.conrelid::regclass::text AS child, con.confrelid::regclass::text AS parent, con.confdeltype::text AS on_delete,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) AS child_columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) AS parent_columns
       FROM pg_constraint con WHERE con.contype = 'f'`,
  );
  return rows.map((r) => ({
    name: r.name,
    child: r.child,
    parent: r.parent,
    childColumns: r.child_columns,
    parentColumns: r.parent_columns,
    onDelete: r.on_delete,
  }));
}

/** The table's regclass text (as pg_constraint's rows name it), or undefined when it does not exist. */
export async function regclassOf(client: pg.ClientBase, tableSql: string): Promise<string | undefined> {
  const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [tableSql]);
  return rows[0]?.t ?? undefined;
}

async function countRows(client: pg.ClientBase, table: string, where = "true"): Promise<number> {
  // `table` is regclass text: already quoted where PostgreSQL needs it.
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} AS t0 WHERE ${where}`);
  return Number(rows[0]!.n);
}

/** One table reached through foreign keys, with its rows at stake. */
export interface CascadeStep {
  table: string;
  rows: number;
  /** What happens to those rows. */
  effect: "truncated" | "deleted" | "set null" | "set default" | "blocks the delete" | "foreign key dropped";
  via: string;
}

/** Every table `TRUNCATE root CASCADE` also empties (root excluded), with its row count. */
export async function truncateCascade(client: pg.ClientBase, root: string): Promise<CascadeStep[]> {
  const fks = await foreignKeys(client);
  const reached = new Map<string, string>([[root, ""]]);
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const fk of fks.filter((f) => f.parent === parent && !reached.has(f.child))) {
      reached.set(fk.child, fk.name);
      queue.push(fk.child);
    }
  }
  reached.delete(root);
  const out: CascadeStep[] = [];
  for (const [table, via] of reached)
    out.push({ table, rows: await countRows(client, table), effect: "truncated", via });
  return out;
}

/** How deep ON DELETE CASCADE chains are followed; a self-referencing table would never end. */
const MAX_DEPTH = 6;

/**
 * SQL predicate (on alias `t<depth>`) for the rows of `table` that deleting every row of `root`
 * deletes: the root's are all; a child's are those whose cascading key points at a deleted parent row.
 */
function deletedPredicate(fks: ForeignKey[], table: string, root: string, depth: number): string {
  if (table === root) return "true";
  if (depth >= MAX_DEPTH) return "false";
  const alias = `t${depth}`;
  const parentAlias = `t${depth + 1}`;
  const incoming = fks.filter((f) => f.child === table && f.onDelete === "c");
  const parts = incoming.map((fk) => {
    const join = fk.childColumns
      .map((c, i) => `${parentAlias}.${quoteIdent(fk.parentColumns[i]!)} = ${alias}.${quoteIdent(c)}`)
      .join(" AND ");
    return `EXISTS (SELECT 1 FROM ${fk.parent} AS ${parentAlias} WHERE ${join} AND (${deletedPredicate(fks, fk.parent, root, depth + 1)}))`;
  });
  return parts.length > 0 ? parts.join(" OR ") : "false";
}

/** Predicate on `t0` (a row of fk.child) for rows pointing at a deleted row of fk.parent. */
function referencesDeleted(fks: ForeignKey[], fk: ForeignKey, root: string): string {
  const join = fk.childColumns
    .map((c, i) => `t1.${quoteIdent(fk.parentColumns[i]!)} = t0.${quoteIdent(c)}`)
    .join(" AND ");
  return `EXISTS (SELECT 1 FROM ${fk.parent} AS t1 WHERE ${join} AND (${deletedPredicate(fks, fk.parent, root, 1)}))`;
}

const EFFECT: Record<string, CascadeStep["effect"]> = {
  c: "deleted",
  n: "set null",
  d: "set default",
  a: "blocks the delete",
  r: "blocks the delete",
};

/**
 * What `DELETE FROM root` (every row) does beyond root: rows deleted down ON DELETE CASCADE chains,
 * rows set to NULL/DEFAULT, and referencing rows that make the DELETE fail. Steps with 0 rows are left out.
 */
export async function deleteCascade(client: pg.ClientBase, root: string): Promise<CascadeStep[]> {
  const fks = await foreignKeys(client);
  const deletedTables = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const fk of fks.filter((f) => f.parent === parent && f.onDelete === "c" && !deletedTables.has(f.child))) {
      deletedTables.add(fk.child);
      queue.push(fk.child);
    }
  }
  const out: CascadeStep[] = [];
  for (const table of [...deletedTables].filter((t) => t !== root)) {
    const via = fks
      .filter((f) => f.child === table && f.onDelete === "c" && deletedTables.has(f.parent))
      .map((f) => f.name)
      .join(", ");
    out.push({
      table,
      rows: await countRows(client, table, deletedPredicate(fks, table, root, 0)),
      effect: "deleted",
      via,
    });
  }
  // Keys into deleted rows that do not cascade: changed, or in the way.
  for (const fk of fks.filter(
    (f) => deletedTables.has(f.parent) && f.onDelete !== "c" && !deletedTables.has(f.child),
  )) {
    out.push({
      table: fk.child,
      rows: await countRows(client, fk.child, referencesDeleted(fks, fk, root)),
      effect: EFFECT[fk.onDelete] ?? "blocks the delete",
      via: fk.name,
    });
  }
  return out.filter((s) => s.rows > 0);
}

/** The foreign keys `DROP TABLE root CASCADE` drops (rows counted in the referencing tables, which stay). */
export async function dropCascade(client: pg.ClientBase, root: string): Promise<CascadeStep[]> {
  const fks = (await foreignKeys(client)).filter((f) => f.parent === root && f.child !== root);
  const out: CascadeStep[] = [];
  for (const fk of fks)
    out.push({ table: fk.child, rows: await countRows(client, fk.child), effect: "foreign key dropped", via: fk.name });
  return out;
}

/** One line per step, and the total rows lost (deleted or truncated) beyond the root. */
export function describeCascade(steps: CascadeStep[]): { lines: string[]; lost: number; blocked: number } {
  const lines = steps.map((s) =>
    s.effect === "foreign key dropped"
      ? `${s.table}: foreign key ${s.via} dropped (its ${s.rows} row(s) stay, no longer checked)`
      : s.effect === "blocks the delete"
        ? `${s.table}: ${s.rows} row(s) reference deleted rows through ${s.via} (no cascade): the statement fails unless this is 0`
        : `${s.table}: ${s.rows} row(s) ${s.effect} (through ${s.via})`,
  );
  const lost = steps.filter((s) => s.effect === "deleted" || s.effect === "truncated").reduce((n, s) => n + s.rows, 0);
  const blocked = steps.filter((s) => s.effect === "blocks the delete").reduce((n, s) => n + s.rows, 0);
  return { lines, lost, blocked };
}
