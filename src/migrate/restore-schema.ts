/**
 * The schema side of backup and restore. A backup records, from its snapshot, the schema's catalog
 * (catalog.ts) and the migrations applied (`_prisma_migrations`). Restore compares the live schema
 * with that record before touching anything:
 * - equal: rows only, as before;
 * - different (typically ahead: a migration ran after the backup) and not asked to replace it:
 *   refused, naming the differences. Restoring rows alone would rewind `_prisma_migrations` while
 *   the later schema stays, and the next status/apply would then fight it;
 * - asked to replace it (`--replace-schema`): inside the restore's single transaction, the `public`
 *   schema is dropped and rebuilt by running the migrations the backup recorded, from
 *   prisma/migrations (each file's checksum must match the recorded one), then the catalog must
 *   equal the snapshot's before the rows are loaded. Any failure rolls everything back.
 */
import type pg from "pg";
import { listPublicTables } from "./backup-catalog.ts";
import type { BackupManifest, SnapshotSchema, StoredCatalog } from "./backup-manifest.ts";

export type { SnapshotSchema, StoredCatalog };
import { type Catalog, type CatalogKind, diffCatalogs, readCatalog } from "./catalog.ts";
import { PRISMA_MIGRATIONS_TABLE_DDL } from "./apply-sql.ts";
import { splitStatements } from "./lint/split.ts";
import { readMigrationsDir, type MigrationOnDisk } from "./migrations-dir.ts";

/** Reads the schema record of the database `client` is connected to (call inside the snapshot). */
export async function readSnapshotSchema(client: pg.ClientBase): Promise<SnapshotSchema> {
  const catalog = await readCatalog(client);
  const stored = Object.fromEntries(
    Object.entries(catalog).map(([kind, map]) => [kind, [...map.entries()]]),
  ) as StoredCatalog;
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations')::text AS t`);
  const migrations = exists.rows[0]?.t
    ? (
        await client.query<{ name: string; checksum: string }>(
          `SELECT migration_name AS name, checksum FROM public."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY finished_at, migration_name`,
        )
      ).rows
    : [];
  return { catalog: stored, migrations };
}

function toCatalog(stored: StoredCatalog): Catalog {
  const kinds: CatalogKind[] = [
    "table",
    "column",
    "constraint",
    "index",
    "enum",
    "sequence",
    "function",
    "trigger",
    "schema",
  ];
  return Object.fromEntries(kinds.map((k) => [k, new Map(stored[k] ?? [])])) as Catalog;
}

/** Refused: the live schema is not the backup's; nothing was changed. */
export class RestoreSchemaMismatchError extends Error {
  constructor(readonly differences: string[]) {
    super(
      [
        `the live schema differs from the schema this backup was taken with (${differences.length} difference(s), snapshot -> live):`,
        ...differences.slice(0, 20).map((d) => `  ${d}`),
        ...(differences.length > 20 ? [`  ... and ${differences.length - 20} more`] : []),
        "Restoring only the rows would rewind _prisma_migrations to the backup while the later schema stays (status would then call it drift and apply would fail). Nothing was changed.",
        "Either run again with --replace-schema (drops the public schema and rebuilds it from the migrations the backup recorded, in the same transaction as the rows), or restore into an empty database migrated up to the backup's last migration.",
      ].join("\n"),
    );
    this.name = "RestoreSchemaMismatchError";
  }
}

/**
 * How the live schema differs from the backup's: by catalog when the backup recorded one; for older
 * backups, tables and columns the live database has beyond the backup's (what a later migration adds).
 */
async function schemaDifferences(client: pg.ClientBase, manifest: BackupManifest): Promise<string[]> {
  if (manifest.schema) return diffCatalogs(toCatalog(manifest.schema.catalog), await readCatalog(client));
  const backedUp = new Map(manifest.tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const out: string[] = [];
  for (const table of await listPublicTables(client)) {
    const columns = backedUp.get(table.name);
    if (!columns) out.push(`table ${table.name}: (missing) -> present`);
    else
      for (const c of table.columns)
        if (!columns.has(c.name)) out.push(`column ${table.name}.${c.name}: (missing) -> present`);
  }
  return out;
}

/** The recorded migrations from `migrationsDir`, each checked against the recorded checksum. */
async function recordedMigrations(manifest: BackupManifest, migrationsDir?: string): Promise<MigrationOnDisk[]> {
  if (!manifest.schema)
    throw new Error(
      'this backup predates schema records (no "schema" in its manifest): it cannot rebuild the schema; restore it into a database migrated up to its last migration instead',
    );
  const onDisk = new Map((await readMigrationsDir(migrationsDir)).map((m) => [m.name, m]));
  return manifest.schema.migrations.map((recorded) => {
    const m = onDisk.get(recorded.name);
    if (!m)
      throw new Error(
        `the backup's schema was built by migration ${recorded.name}, which is not in ${migrationsDir ?? "prisma/migrations"}; nothing was changed`,
      );
    if (m.checksum !== recorded.checksum)
      throw new Error(
        `migration ${recorded.name} was edited since the backup was taken (checksum differs), so it would not rebuild the backup's schema; nothing was changed`,
      );
    return m;
  });
}

/**
 * A migration's statements for running inside the restore's transaction. Prisma wraps enum
 * changes in BEGIN; ... COMMIT;: a COMMIT there would commit the DROP SCHEMA half way, so top-level
 * BEGIN/START TRANSACTION/COMMIT/END are left out (the outer transaction covers them), and a file
 * with ROLLBACK or SAVEPOINT is refused.
 */
function statementsForTransaction(m: MigrationOnDisk): string[] {
  const out: string[] = [];
  for (const st of splitStatements(m.sql).statements) {
    const first = st.tokens[0]?.value;
    if (
      first === "begin" ||
      first === "commit" ||
      first === "end" ||
      (first === "start" && st.tokens[1]?.value === "transaction")
    )
      continue;
    if (first === "rollback" || first === "savepoint" || first === "release")
      throw new Error(
        `migration ${m.name} controls its own transaction (${first.toUpperCase()}); it cannot be replayed inside the restore's transaction; nothing was changed`,
      );
    out.push(`${st.text};`);
  }
  return out;
}

/** SQL that drops `public` and rebuilds it from the recorded migrations (for a transaction the caller holds). */
async function rebuildSchemaSql(manifest: BackupManifest, migrationsDir?: string): Promise<string> {
  const migrations = await recordedMigrations(manifest, migrationsDir);
  // _prisma_migrations is recreated empty; the backup's rows go back into it with the others.
  return [
    "DROP SCHEMA public CASCADE;",
    "CREATE SCHEMA public;",
    ...migrations.flatMap(statementsForTransaction),
    `${PRISMA_MIGRATIONS_TABLE_DDL};`,
  ].join("\n");
}

/** What restore may do to the schema. */
export interface SchemaOptions {
  /** Drop and rebuild `public` from the recorded migrations when it differs from the backup's. */
  replaceSchema?: boolean;
  /** Where the recorded migrations are read from (default prisma/migrations). */
  migrationsDir?: string;
}

/**
 * Inside the caller's transaction: nothing when the live schema is the backup's; else refuses
 * ({@link RestoreSchemaMismatchError}) or, with `replaceSchema`, rebuilds it and proves the result.
 * Returns the SQL it ran ("" when none), so a psql-driven restore can run the same.
 */
export async function prepareSchema(
  client: pg.ClientBase,
  manifest: BackupManifest,
  options: SchemaOptions = {},
): Promise<string> {
  const differences = await schemaDifferences(client, manifest);
  if (differences.length === 0) return "";
  if (!options.replaceSchema) throw new RestoreSchemaMismatchError(differences);
  const sql = await rebuildSchemaSql(manifest, options.migrationsDir);
  await client.query(sql);
  await assertRebuiltSchema(client, manifest);
  return sql;
}

/** Proves the rebuilt schema is the snapshot's, else throws (the caller's transaction rolls back). */
async function assertRebuiltSchema(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  const differences = await schemaDifferences(client, manifest);
  if (differences.length > 0)
    throw new Error(
      `rebuilding the schema from the recorded migrations did not give the backup's schema (rolled back; nothing changed):\n  ${differences.slice(0, 20).join("\n  ")}`,
    );
}
