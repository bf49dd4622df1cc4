/**
 * Writes seed rows with plain pg, in batches, as idempotent upserts: a row that already holds the
 * seeded values is left alone (not even rewritten), a seeded row someone changed is put back, a
 * missing one is inserted. Every batch is one statement over `unnest` of one array per column, so
 * a batch's size is not limited by the 65 535 bind parameters of the protocol.
 */
import type pg from "pg";
import type { SeedData } from "./generate.ts";

interface Column<Row> {
  name: string;
  /** The SQL type each element is cast to (arrays are passed as text where pg cannot infer). */
  type: string;
  value: (row: Row) => unknown;
  /** SQL turning the unnested element `v` into the column's value, when a cast is not enough. */
  expression?: (v: string) => string;
}

interface TableSpec<Row> {
  table: string;
  columns: Column<Row>[];
  /**
   * Append-only tables are not updated on conflict: an audit entry, once written, is history. Their
   * seeded ids are reserved, so a conflict means the row is already there.
   */
  appendOnly?: boolean;
}

/** Timestamps as UTC wall-clock text: the columns are `timestamp(3)` without time zone, as Prisma stores them. */
const ts = (d: Date): string => d.toISOString().replace("Z", "");
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

const SPECS: { [K in keyof SeedData]: TableSpec<SeedData[K][number]> } = {
  organizations: {
    table: "organizations",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "slug", type: "text", value: (r) => r.slug },
      { name: "name", type: "text", value: (r) => r.name },
      { name: "plan", type: "text", value: (r) => r.plan, expression: (v) => `${v}::"Plan"` },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
      { name: "updated_at", type: "timestamp(3)", value: (r) => ts(r.updatedAt) },
    ],
  },
  users: {
    table: "users",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "email", type: "text", value: (r) => r.email },
      { name: "name", type: "text", value: (r) => r.name },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
      { name: "updated_at", type: "timestamp(3)", value: (r) => ts(r.updatedAt) },
    ],
  },
  memberships: {
    table: "memberships",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "organization_id", type: "text", value: (r) => r.organizationId },
      { name: "user_id", type: "text", value: (r) => r.userId },
      { name: "role", type: "text", value: (r) => r.role, expression: (v) => `${v}::"MemberRole"` },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
    ],
  },
  projects: {
    table: "projects",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "organization_id", type: "text", value: (r) => r.organizationId },
      { name: "owner_id", type: "text", value: (r) => r.ownerId },
      { name: "name", type: "text", value: (r) => r.name },
      { name: "status", type: "text", value: (r) => r.status, expression: (v) => `${v}::"ProjectStatus"` },
      { name: "metadata", type: "jsonb", value: (r) => json(r.metadata) },
      // unnest flattens a two-dimensional array, so each row's tags travel as a JSON array.
      {
        name: "tags",
        type: "jsonb",
        value: (r) => json(r.tags),
        expression: (v) => `ARRAY(SELECT jsonb_array_elements_text(${v}))::text[]`,
      },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
      { name: "updated_at", type: "timestamp(3)", value: (r) => ts(r.updatedAt) },
    ],
  },
  tasks: {
    table: "tasks",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "project_id", type: "text", value: (r) => r.projectId },
      { name: "title", type: "text", value: (r) => r.title },
      { name: "status", type: "text", value: (r) => r.status, expression: (v) => `${v}::"TaskStatus"` },
      { name: "assignee_id", type: "text", value: (r) => r.assigneeId },
      { name: "position", type: "int4", value: (r) => r.position },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
      { name: "updated_at", type: "timestamp(3)", value: (r) => ts(r.updatedAt) },
    ],
  },
  sessions: {
    table: "sessions",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "user_id", type: "text", value: (r) => r.userId },
      { name: "token_hash", type: "text", value: (r) => r.tokenHash },
      { name: "expires_at", type: "timestamp(3)", value: (r) => ts(r.expiresAt) },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
    ],
  },
  downloads: {
    table: "downloads",
    columns: [
      { name: "id", type: "text", value: (r) => r.id },
      { name: "version", type: "text", value: (r) => r.version },
      { name: "platform", type: "text", value: (r) => r.platform },
      { name: "url", type: "text", value: (r) => r.url },
      { name: "count", type: "int4", value: (r) => r.count },
      { name: "released_at", type: "timestamp(3)", value: (r) => ts(r.releasedAt) },
      { name: "updated_at", type: "timestamp(3)", value: (r) => ts(r.updatedAt) },
    ],
  },
  auditLogs: {
    table: "audit_logs",
    appendOnly: true,
    columns: [
      { name: "id", type: "int8", value: (r) => r.id },
      { name: "organization_id", type: "text", value: (r) => r.organizationId },
      { name: "actor_id", type: "text", value: (r) => r.actorId },
      { name: "entity_type", type: "text", value: (r) => r.entityType },
      { name: "entity_id", type: "text", value: (r) => r.entityId },
      { name: "action", type: "text", value: (r) => r.action },
      { name: "before", type: "jsonb", value: (r) => json(r.before) },
      { name: "after", type: "jsonb", value: (r) => json(r.after) },
      { name: "created_at", type: "timestamp(3)", value: (r) => ts(r.createdAt) },
    ],
  },
};

/** The tables in foreign-key order, as keys of {@link SeedData}. */
export const SEED_TABLES = Object.keys(SPECS) as (keyof SeedData)[];

/** The database table a {@link SeedData} key is written to. */
export const tableOf = (key: keyof SeedData): string => SPECS[key].table;

const quote = (name: string): string => `"${name}"`;

/** The upsert for one table: `$1..$n` are one array per column. */
function upsertSql<Row>(spec: TableSpec<Row>): string {
  const cols = spec.columns.map((c) => quote(c.name)).join(", ");
  const arrays = spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
  const aliases = spec.columns.map((c) => quote(`v_${c.name}`));
  const select = spec.columns
    .map((c, i) => (c.expression ? c.expression(`u.${aliases[i]}`) : `u.${aliases[i]}`))
    .join(", ");
  const source = `SELECT ${select} FROM unnest(${arrays}) AS u(${aliases.join(", ")})`;
  const rest = spec.columns.filter((c) => c.name !== "id");
  const onConflict = spec.appendOnly
    ? "ON CONFLICT (id) DO NOTHING"
    : `ON CONFLICT (id) DO UPDATE SET ${rest.map((c) => `${quote(c.name)} = EXCLUDED.${quote(c.name)}`).join(", ")} ` +
      // Only rows that differ are touched, so a second run rewrites nothing.
      `WHERE (${rest.map((c) => `t.${quote(c.name)}`).join(", ")}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${quote(c.name)}`).join(", ")})`;
  // xmax = 0 marks a freshly inserted row; an updated one carries the updating transaction's id.
  return (
    `WITH written AS (INSERT INTO ${quote(spec.table)} AS t (${cols}) ${source} ${onConflict} RETURNING (t.xmax = 0) AS inserted) ` +
    `SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`
  );
}

/** What a write did to one table. */
export interface TableWriteResult {
  table: string;
  rows: number;
  inserted: number;
  updated: number;
  /** Rows already present with the seeded values. */
  unchanged: number;
}

/** Progress after each batch. */
export interface WriteProgress {
  table: string;
  done: number;
  total: number;
}

/** Upserts one table's rows in batches on `client` (inside the caller's transaction). */
export async function writeTable<K extends keyof SeedData>(
  client: pg.ClientBase,
  key: K,
  rows: SeedData[K],
  options: { batchSize: number; onProgress?: (p: WriteProgress) => void },
): Promise<TableWriteResult> {
  const spec = SPECS[key] as TableSpec<SeedData[K][number]>;
  const text = upsertSql(spec);
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += options.batchSize) {
    const batch = rows.slice(start, start + options.batchSize);
    const params = spec.columns.map((c) => batch.map((row) => c.value(row)));
    const {
      rows: [counts],
    } = await client.query<{ inserted: number; updated: number }>(text, params);
    inserted += counts?.inserted ?? 0;
    updated += counts?.updated ?? 0;
    options.onProgress?.({ table: spec.table, done: Math.min(start + batch.length, rows.length), total: rows.length });
  }
  return { table: spec.table, rows: rows.length, inserted, updated, unchanged: rows.length - inserted - updated };
}

/**
 * Moves the audit log's id sequence past the seeded ids, so entries the application appends later
 * never collide with them. Never moves it backwards, so running it again changes nothing.
 */
export async function advanceAuditSequence(client: pg.ClientBase): Promise<void> {
  const {
    rows: [seq],
  } = await client.query<{ name: string | null }>(`SELECT pg_get_serial_sequence('audit_logs', 'id') AS name`);
  if (!seq?.name) return;
  // pg_get_serial_sequence returns the name already quoted and schema-qualified.
  const {
    rows: [state],
  } = await client.query<{ next: string }>(
    `SELECT (CASE WHEN is_called THEN last_value + 1 ELSE last_value END)::text AS next FROM ${seq.name}`,
  );
  const {
    rows: [max],
  } = await client.query<{ m: string | null }>(`SELECT max(id)::text AS m FROM audit_logs`);
  if (max?.m != null && BigInt(max.m) >= BigInt(state!.next))
    await client.query(`SELECT setval($1, $2::bigint)`, [seq.name, max.m]);
}
