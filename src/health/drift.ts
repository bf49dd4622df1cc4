/**
 * Drift: the live tables against what the code expects. The expectation is read from the Drizzle
 * schema (src/drizzle/schema.ts), which the parity check keeps catalog-identical to
 * prisma/migrations, so one description serves every implementation. It catches what migration
 * bookkeeping cannot see: a manual `ALTER TABLE`, a dropped column, an enum label removed by hand.
 */
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import type pg from "pg";
import * as schema from "../drizzle/schema.ts";

interface ExpectedColumn {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
}

/** Drizzle's SQL type names in the spelling `format_type` prints. */
function catalogType(sqlType: string, enumNames: Set<string>): string {
  if (enumNames.has(sqlType)) return /^[a-z_][a-z0-9_]*$/.test(sqlType) ? sqlType : `"${sqlType}"`;
  const timestamp = /^timestamp\s*(\(\d+\))?(\s+with time zone)?$/.exec(sqlType);
  if (timestamp) return `timestamp${timestamp[1] ?? ""} with${timestamp[2] ? "" : "out"} time zone`;
  const serial: Record<string, string> = { serial: "integer", bigserial: "bigint", smallserial: "smallint" };
  return serial[sqlType] ?? sqlType;
}

function expectations(): { columns: ExpectedColumn[]; enums: Map<string, string[]> } {
  const enums = new Map<string, string[]>();
  const tables: PgTable[] = [];
  for (const value of Object.values(schema)) {
    if (value instanceof PgTable) tables.push(value);
    else if (typeof value === "function" && "enumName" in value && "enumValues" in value) {
      const e = value as unknown as { enumName: string; enumValues: string[] };
      enums.set(e.enumName, [...e.enumValues]);
    }
  }
  const names = new Set(enums.keys());
  const columns = tables.flatMap((table) => {
    const config = getTableConfig(table);
    return config.columns.map((c) => ({
      table: config.name,
      column: c.name,
      type: catalogType(c.getSQLType(), names),
      notNull: c.notNull,
    }));
  });
  return { columns, enums };
}

/**
 * The live schema against the code's, split by what it means for THIS code during a rolling deploy.
 * `drift` breaks it (a table or column it uses is missing, a type or nullability differs, an enum
 * label it writes is gone, a new NOT NULL column without default that its INSERTs leave out);
 * `expand` does not (a table it does not know, a nullable or defaulted column it does not select,
 * an enum label it never writes): what an expand migration applied by newer code leaves.
 */
export interface SchemaComparison {
  drift: string[];
  expand: string[];
}

interface LiveColumn {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  has_default: boolean;
}

/** See {@link SchemaComparison}. Tables of other schemas are not looked at. */
export async function compareSchema(client: pg.Pool | pg.ClientBase): Promise<SchemaComparison> {
  const expected = expectations();
  const live = await client.query<LiveColumn>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS has_default
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const liveEnums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`,
  );
  const drift: string[] = [];
  const expand: string[] = [];
  const known = new Set(expected.columns.map((c) => c.table));
  const liveByKey = new Map(live.rows.map((r) => [`${r.table}.${r.column}`, r]));
  const liveTables = new Set(live.rows.map((r) => r.table));
  for (const table of known) if (!liveTables.has(table)) drift.push(`table ${table} is missing`);
  for (const c of expected.columns) {
    if (!liveTables.has(c.table)) continue;
    const row = liveByKey.get(`${c.table}.${c.column}`);
    if (!row) drift.push(`column ${c.table}.${c.column} is missing`);
    else {
      if (row.type !== c.type) drift.push(`column ${c.table}.${c.column} is ${row.type}, expected ${c.type}`);
      if (row.not_null !== c.notNull)
        drift.push(
          `column ${c.table}.${c.column} is ${row.not_null ? "NOT NULL" : "nullable"}, expected ${c.notNull ? "NOT NULL" : "nullable"}`,
        );
    }
  }
  const expectedKeys = new Set(expected.columns.map((c) => `${c.table}.${c.column}`));
  for (const r of live.rows) {
    if (!known.has(r.table) || expectedKeys.has(`${r.table}.${r.column}`)) continue;
    // This code never names the column: harmless unless its INSERTs must fill it.
    if (r.not_null && !r.has_default)
      drift.push(
        `column ${r.table}.${r.column} is NOT NULL without a default and not in this code's schema: its inserts into ${r.table} fail`,
      );
    else
      expand.push(
        `column ${r.table}.${r.column} (${r.type}${r.not_null ? ", NOT NULL with a default" : ", nullable"}) is not in this code's schema`,
      );
  }
  const tablesExtra = [...liveTables].filter((t) => !known.has(t) && t !== "_prisma_migrations").sort();
  for (const t of tablesExtra) expand.push(`table ${t} is not in this code's schema`);
  const enums = new Map(liveEnums.rows.map((r) => [r.name, r.labels]));
  for (const [name, labels] of expected.enums) {
    const actual = enums.get(name);
    if (!actual) drift.push(`enum type ${name} is missing`);
    else {
      const missing = labels.filter((l) => !actual.includes(l));
      const extra = actual.filter((l) => !labels.includes(l));
      if (missing.length > 0) drift.push(`enum ${name} has labels ${actual.join(", ")}, expected ${labels.join(", ")}`);
      else if (extra.length > 0)
        expand.push(
          `enum ${name} has label(s) ${extra.join(", ")} this code does not know (it breaks only when a row holds one)`,
        );
    }
  }
  return { drift, expand };
}
