/**
 * The schema of a database as PostgreSQL's catalog describes it, in a form two databases can be
 * compared by. One comparison serves `db:parity` (drizzle/ against prisma/migrations), the evaluate
 * job, the Drizzle cutover's safety check and the parity tests.
 *
 * Each kind maps an object's name to one line describing it. What is compared, and why:
 * - tables with their kind and persistence;
 * - columns by their POSITION among live columns (column order shows in `SELECT *` and `COPY`),
 *   type with modifiers, nullability, default expression as PostgreSQL prints it (so `now()` and
 *   `CURRENT_TIMESTAMP` differ: they are different defaults), identity, generated, collation;
 * - constraints by name with their definition and deferrability (names matter: Prisma's error
 *   handling and ours map constraint names to fields). PostgreSQL 18 also lists NOT NULL as
 *   constraints (contype 'n'); they are left out, being the columns' nullability already, so a
 *   catalog read on 18 compares equal to one read on 15;
 * - indexes by name with their full definition (method, columns, predicate);
 * - enum labels in order (order is what `ORDER BY` and comparisons use);
 * - sequences with their parameters and the column owning them;
 * - functions, triggers and schemas, so an extra object on either side is seen.
 * Bookkeeping is left out: `_prisma_migrations`, the `drizzle` schema, and this tool's `orm_switch`
 * schema (commit markers, engine/commit-marker.ts).
 */
import pg from "pg";

export type CatalogKind =
  "table" | "column" | "constraint" | "index" | "enum" | "sequence" | "function" | "trigger" | "schema";
export type Catalog = Record<CatalogKind, Map<string, string>>;

const BOOKKEEPING = `('_prisma_migrations', '__drizzle_migrations')`;

/** The schemas read when none are named: the application schema of a plain Prisma database. */
export const DEFAULT_SCHEMAS: readonly string[] = ["public"];

/** The name of the namespace with oid `oid` (an SQL expression), unquoted (regnamespace::text quotes). */
function nspName(oid: string): string {
  return `(SELECT n.nspname::text FROM pg_namespace n WHERE n.oid = ${oid})`;
}

/** `'a', 'b'` for an `IN (...)` list; schema names are quoted as SQL literals. */
function literalList(values: readonly string[]): string {
  return values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ");
}

/**
 * Reads the application schemas (`public` unless told: multiSchema databases name theirs) of the
 * database `client` is connected to. Objects in `public` keep their bare names (so catalogs stored
 * before multiSchema compare equal); objects in any other schema are keyed `schema.name`.
 */
export async function readCatalog(
  client: pg.ClientBase | pg.Pool,
  schemas: readonly string[] = DEFAULT_SCHEMAS,
): Promise<Catalog> {
  const keyed = async (sql: string): Promise<Map<string, string>> =>
    new Map((await client.query<{ key: string; value: string }>(sql)).rows.map((r) => [r.key, r.value ?? ""]));
  const inSchemas = literalList(schemas);
  /** The key prefix of an object in namespace `nsp` (an SQL expression of the namespace's name). */
  const prefix = (nsp: string) => `(CASE WHEN ${nsp} = 'public' THEN '' ELSE ${nsp} || '.' END)`;
  const relNsp = nspName("c.relnamespace");
  const appTables = `${relNsp} IN (${inSchemas}) AND c.relname NOT IN ${BOOKKEEPING}`;
  return {
    table: await keyed(
      `SELECT ${prefix(relNsp)} || c.relname AS key, concat_ws(' ', c.relkind::text, c.relpersistence::text) AS value FROM pg_class c WHERE ${appTables} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    ),
    column: await keyed(`SELECT ${prefix(relNsp)} || c.relname || '.' || a.attname AS key,
        concat_ws(' | ', 'position ' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), format_type(a.atttypid, a.atttypmod),
          CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, 'default ' || pg_get_expr(d.adbin, d.adrelid),
          'identity ' || NULLIF(a.attidentity::text, ''), 'generated ' || NULLIF(a.attgenerated::text, ''), 'collate ' || co.collname) AS value
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0 AND co.collname <> 'default'
      WHERE ${appTables} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`),
    constraint: await keyed(`SELECT ${prefix(relNsp)} || c.relname || '.' || con.conname AS key,
        concat_ws(' ', pg_get_constraintdef(con.oid), CASE WHEN con.condeferrable THEN 'DEFERRABLE' END, CASE WHEN con.condeferred THEN 'INITIALLY DEFERRED' END) AS value
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE ${appTables} AND con.contype <> 'n'`),
    index: await keyed(
      `SELECT ${prefix("schemaname::text")} || indexname AS key, indexdef AS value FROM pg_indexes WHERE schemaname IN (${inSchemas}) AND tablename NOT IN ${BOOKKEEPING}`,
    ),
    enum: await keyed(`SELECT ${prefix(nspName("t.typnamespace"))} || t.typname AS key, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS value
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE ${nspName("t.typnamespace")} IN (${inSchemas}) GROUP BY t.typnamespace, t.typname`),
    sequence: await keyed(`SELECT ${prefix("s.schemaname::text")} || s.sequencename AS key,
        concat_ws(' ', s.data_type::text, 'start', s.start_value, 'increment', s.increment_by, 'min', s.min_value, 'max', s.max_value, 'cache', s.cache_size, CASE WHEN s.cycle THEN 'cycle' END,
          'owned by ' || (SELECT a.attrelid::regclass::text || '.' || a.attname FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.objid = (quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass AND d.deptype IN ('a', 'i') LIMIT 1)) AS value
      FROM pg_sequences s WHERE s.schemaname IN (${inSchemas}) AND s.sequencename NOT LIKE '\\_prisma%'`),
    function:
      await keyed(`SELECT ${prefix(nspName("p.pronamespace"))} || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS key, pg_get_function_result(p.oid) AS value
      FROM pg_proc p WHERE ${nspName("p.pronamespace")} IN (${inSchemas})`),
    trigger:
      await keyed(`SELECT t.tgrelid::regclass::text || '.' || t.tgname AS key, pg_get_triggerdef(t.oid) AS value FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND ${appTables}`),
    schema: await keyed(
      `SELECT nspname AS key, '' AS value FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'drizzle', 'orm_switch')`,
    ),
  };
}

/** The schemas of a database other than PostgreSQL's own and the bookkeeping schemas (drizzle-kit's, this tool's). */
export async function applicationSchemas(client: pg.ClientBase | pg.Pool): Promise<string[]> {
  const result = await client.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'drizzle', 'orm_switch') ORDER BY nspname`,
  );
  return result.rows.map((r) => r.nspname);
}

/**
 * Reads the catalog of the database at `url`: of `schemas`, or of every application schema when
 * `schemas` is "all" (a scratch database, where every schema is the schema's own).
 */
export async function readCatalogAt(
  url: string,
  schemas: readonly string[] | "all" = DEFAULT_SCHEMAS,
): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await readCatalog(client, schemas === "all" ? await applicationSchemas(client) : schemas);
  } finally {
    await client.end();
  }
}

/** One object that differs: its kind, name, and its description on each side (undefined: absent). */
export interface CatalogDifference {
  kind: CatalogKind;
  key: string;
  expected: string | undefined;
  actual: string | undefined;
}

/** Every object that differs, sorted by kind then name. */
export function catalogDifferences(expected: Catalog, actual: Catalog): CatalogDifference[] {
  const out: CatalogDifference[] = [];
  for (const kind of Object.keys(expected) as CatalogKind[]) {
    const a = expected[kind];
    const b = actual[kind] ?? new Map<string, string>();
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const left = a.get(key);
      const right = b.get(key);
      if (left !== right) out.push({ kind, key, expected: left, actual: right });
    }
  }
  return out;
}

/** A difference as one line: `kind name: expected -> actual`. */
export function describeDifference(d: CatalogDifference): string {
  return `${d.kind} ${d.key}: ${d.expected ?? "(missing)"} -> ${d.actual ?? "(missing)"}`;
}

/** Every difference, `kind name: expected -> actual`, sorted by kind then name. */
export function diffCatalogs(expected: Catalog, actual: Catalog): string[] {
  return catalogDifferences(expected, actual).map(describeDifference);
}

/** Objects per kind: a guard against comparing two empty catalogs. */
export function catalogCounts(catalog: Catalog): Record<string, number> {
  return Object.fromEntries(Object.entries(catalog).map(([kind, map]) => [kind, map.size]));
}
