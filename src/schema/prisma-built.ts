/**
 * What Prisma builds for a schema, read back from PostgreSQL's catalog: the source of the tables
 * and columns Prisma's DMMF leaves out (`@@ignore`d models, `@ignore`d fields, `Unsupported("…")`
 * fields) and of the keys and indexes that touch them. Prisma's DMMF, `get_datamodel` and every
 * other function of its schema Wasm describe the client's datamodel, from which these are removed;
 * the only thing of Prisma's that still has them is the SQL its schema engine writes for the schema
 * (`prismaSqlFromEmpty`). Rather than parse that SQL, it is run on a scratch database and
 * PostgreSQL describes the result: column types as `format_type` prints them, defaults as
 * `pg_get_expr` prints them, keys and indexes from `pg_constraint`/`pg_index`.
 */
import pg from "pg";
import { withScratchDatabase } from "../cli/server.ts";
import { prismaSqlFromEmpty } from "./parity.ts";

/** One column, in table order. */
export interface BuiltColumn {
  readonly name: string;
  /** `format_type` of the column's type: `integer`, `character varying(200)`, `point`, `text[]`. */
  readonly type: string;
  readonly notNull: boolean;
  /** The default expression as PostgreSQL prints it, or null. */
  readonly default: string | null;
  /** The default is `nextval` of a sequence owned by this column (SERIAL and friends). */
  readonly serial: boolean;
  /** For an enum column (or an enum array): the enum type's schema and name. */
  readonly enumType: { readonly schema: string; readonly name: string } | null;
  readonly isArray: boolean;
}

/** A key: primary key, or foreign key with its target and actions (`other`: unique, check, exclusion). */
export interface BuiltConstraint {
  readonly name: string;
  readonly kind: "primary" | "foreign" | "other";
  readonly columns: readonly string[];
  readonly target?: { readonly schema: string; readonly table: string; readonly columns: readonly string[] };
  /** `cascade`, `restrict`, `no action`, `set null`, `set default`. */
  readonly onDelete?: string;
  readonly onUpdate?: string;
}

/** An index that backs no constraint (Prisma makes unique keys as unique indexes). */
export interface BuiltIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Access method: `btree`, `hash`, `gin`... */
  readonly method: string;
  /** Key columns with sort order and operator class (null when the type's default). */
  readonly columns: readonly { readonly name: string; readonly desc: boolean; readonly opclass: string | null }[];
  /** False for expression or partial indexes (not generated: refused by name). */
  readonly plain: boolean;
}

export interface BuiltTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly BuiltColumn[];
  readonly constraints: readonly BuiltConstraint[];
  readonly indexes: readonly BuiltIndex[];
}

/** Every table Prisma's SQL creates, keyed `schema.table`. */
export type PrismaBuiltSchema = ReadonlyMap<string, BuiltTable>;

/** The key of a table in a {@link PrismaBuiltSchema}. */
export function builtKey(schema: string, table: string): string {
  return `${schema}.${table}`;
}

const ACTIONS: Readonly<Record<string, string>> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

const TABLES_SQL = `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
    AND c.relname <> '_prisma_migrations'`;

const COLUMNS_SQL = `SELECT a.attrelid::int AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
    a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default",
    pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) IS NOT NULL AS serial,
    et.typname AS "enumName", en.nspname AS "enumSchema", t.typcategory = 'A' AS "isArray"
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type et ON et.oid = (CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END) AND et.typtype = 'e'
  LEFT JOIN pg_namespace en ON en.oid = et.typnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS_SQL = `SELECT con.conrelid::int AS oid, con.conname AS name, con.contype AS type,
    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i) AS columns,
    fn.nspname AS "targetSchema", fc.relname AS "targetTable",
    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i) AS "targetColumns",
    con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate"
  FROM pg_constraint con LEFT JOIN pg_class fc ON fc.oid = con.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  WHERE con.contype IN ('p', 'f', 'u', 'c', 'x') ORDER BY con.conname`;

const INDEXES_SQL = `SELECT i.indrelid::int AS oid, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
    (i.indexprs IS NULL AND i.indpred IS NULL) AS plain,
    ARRAY(SELECT a.attname::text FROM generate_subscripts(i.indkey, 1) s
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[s] ORDER BY s) AS columns,
    ARRAY(SELECT (i.indoption[s] & 1) = 1 FROM generate_subscripts(i.indkey, 1) s ORDER BY s) AS descs,
    ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END FROM generate_subscripts(i.indclass, 1) s
      JOIN pg_opclass oc ON oc.oid = i.indclass[s] ORDER BY s) AS opclasses
  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
  WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid) ORDER BY ic.relname`;

/** Reads every table of the database `client` is connected to (but PostgreSQL's own and Prisma's bookkeeping). */
export async function readBuiltTables(client: pg.ClientBase): Promise<PrismaBuiltSchema> {
  const tables = (await client.query<{ oid: number; schema: string; name: string }>(TABLES_SQL)).rows;
  const byOid = new Map<number, { columns: BuiltColumn[]; constraints: BuiltConstraint[]; indexes: BuiltIndex[] }>(
    tables.map((t) => [t.oid, { columns: [], constraints: [], indexes: [] }]),
  );
  for (const row of (await client.query(COLUMNS_SQL)).rows) {
    const r = row as Record<string, unknown> & { oid: number };
    byOid.get(r.oid)?.columns.push(toColumn(r));
  }
  for (const row of (await client.query(CONSTRAINTS_SQL)).rows) {
    const r = row as Record<string, unknown> & { oid: number };
    byOid.get(r.oid)?.constraints.push(toConstraint(r));
  }
  for (const row of (await client.query(INDEXES_SQL)).rows) {
    const r = row as Record<string, unknown> & { oid: number };
    byOid.get(r.oid)?.indexes.push(toIndex(r));
  }
  return new Map(
    tables.map((t) => [builtKey(t.schema, t.name), { schema: t.schema, name: t.name, ...byOid.get(t.oid)! }]),
  );
}

function toColumn(r: Record<string, unknown>): BuiltColumn {
  return {
    name: r.name as string,
    type: r.type as string,
    notNull: r.notNull as boolean,
    default: (r.default as string | null) ?? null,
    serial: r.serial as boolean,
    enumType: r.enumName ? { schema: r.enumSchema as string, name: r.enumName as string } : null,
    isArray: r.isArray as boolean,
  };
}

function toConstraint(r: Record<string, unknown>): BuiltConstraint {
  const columns = r.columns as string[];
  if (r.type !== "f") return { name: r.name as string, kind: r.type === "p" ? "primary" : "other", columns };
  return {
    name: r.name as string,
    kind: "foreign",
    columns,
    target: { schema: r.targetSchema as string, table: r.targetTable as string, columns: r.targetColumns as string[] },
    onDelete: ACTIONS[r.onDelete as string],
    onUpdate: ACTIONS[r.onUpdate as string],
  };
}

function toIndex(r: Record<string, unknown>): BuiltIndex {
  const names = r.columns as string[];
  const descs = r.descs as boolean[];
  const opclasses = r.opclasses as (string | null)[];
  return {
    name: r.name as string,
    unique: r.unique as boolean,
    method: r.method as string,
    plain: (r.plain as boolean) && names.length === descs.length,
    columns: names.map((name, i) => ({ name, desc: descs[i] ?? false, opclass: opclasses[i] ?? null })),
  };
}

/**
 * Builds `schemaPath`'s database with Prisma's SQL from empty in a scratch database on
 * `serverUrl` (with `extensions` created first), reads its tables, drops it.
 */
export async function readPrismaBuiltSchema(
  schemaPath: string,
  serverUrl: string,
  extensions: readonly string[] = [],
): Promise<PrismaBuiltSchema> {
  const prepare = async (url: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const e of extensions) await client.query(`CREATE EXTENSION IF NOT EXISTS "${e}"`);
      const sql = await prismaSqlFromEmpty(schemaPath, url);
      if (sql !== "") await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return withScratchDatabase(serverUrl, { prefix: "orm_switch_schema_read_test", prepare }, async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await readBuiltTables(client);
    } finally {
      await client.end();
    }
  });
}
