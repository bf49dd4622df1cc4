/**
 * `db:backup`: a consistent snapshot of every table of the `public` schema (including
 * `_prisma_migrations`), with the row counts printed and stored beside the data.
 *
 * Consistency: everything is read inside one `REPEATABLE READ READ ONLY` transaction, so every
 * table is seen as of the same instant however long the backup takes and whatever commits meanwhile.
 *
 * Two methods:
 * - `pg_dump` (default when a `pg_dump` of the server's major version or newer is on the PATH): the
 *   transaction exports its snapshot (`pg_export_snapshot()`), counts every table's rows in it, and
 *   `pg_dump --snapshot` dumps exactly that snapshot into a custom-format archive, so the counts in the
 *   manifest describe the archive's data exactly.
 * - `copy` (otherwise, e.g. the embedded PostgreSQL 18 with Debian's pg_dump 15): the project's own
 *   portable format. node-postgres has no COPY support without `pg-copy-streams`, so rows are read
 *   through a cursor in batches with every column cast to `::text`, i.e. PostgreSQL's own text
 *   representation, which its input functions read back exactly (jsonb, arrays, timestamps, enums,
 *   bigints, bytea as hex). Each table becomes `data/NNN_<table>.ndjson`: one JSON array per row,
 *   `null` for NULL, in the column order the manifest lists with each column's type.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import pg from "pg";
import { describeTarget } from "../db/urls.ts";
import { type BackupTable, listPublicTables, qualified } from "./backup-catalog.ts";
import {
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  MANIFEST_FILE,
  type BackupMethod,
  type ManifestSequence,
  type ManifestTable,
  sha256OfFile,
  writeManifest,
} from "./backup-manifest.ts";
import { clientMajorVersion, libpqConnection, run } from "./pg-tools.ts";
import { readSnapshotSchema } from "./restore-schema.ts";

/** Rows fetched from the cursor per round trip. */
const FETCH_BATCH = 2000;

/** Options of {@link backupDatabase}. */
export interface BackupOptions {
  /** `auto` (default): pg_dump when a compatible one is on the PATH, else copy. */
  format?: "auto" | BackupMethod;
  /**
   * Called after each table is counted or written, inside the snapshot; awaited, so a caller (or a
   * test) may do work while the snapshot is held.
   */
  onProgress?: (event: { table: string; rows: number }) => void | Promise<void>;
}

/** What a backup produced. */
export interface BackupResult {
  /** The backup folder (absolute). */
  dir: string;
  method: BackupMethod;
  tables: { name: string; rows: number }[];
  manifest: BackupManifest;
  /** Why this method was chosen (e.g. "pg_dump 15 cannot dump a PostgreSQL 18 server"). */
  methodReason: string;
}

/** Decides the method for a server of major version `serverMajor`. */
function chooseBackupMethod(
  serverMajor: number,
  requested: BackupOptions["format"] = "auto",
): { method: BackupMethod; reason: string } {
  const dump = clientMajorVersion("pg_dump");
  if (requested === "copy") return { method: "copy", reason: "--format copy" };
  if (requested === "pg_dump") {
    if (!dump) throw new Error("--format pg_dump: no pg_dump on the PATH");
    if (dump.major < serverMajor)
      throw new Error(
        `--format pg_dump: pg_dump ${dump.major} cannot dump a PostgreSQL ${serverMajor} server (it needs pg_dump ${serverMajor} or newer)`,
      );
    return { method: "pg_dump", reason: "--format pg_dump" };
  }
  if (!dump) return { method: "copy", reason: "no pg_dump on the PATH" };
  if (dump.major < serverMajor)
    return { method: "copy", reason: `pg_dump ${dump.major} cannot dump a PostgreSQL ${serverMajor} server` };
  return { method: "pg_dump", reason: `pg_dump ${dump.major} is compatible with PostgreSQL ${serverMajor}` };
}

/** `backups/<database>-<UTC timestamp>` under `base`. */
export function defaultBackupDir(url: string, base = "backups", now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const database = describeTarget(url).database.replace(/[^A-Za-z0-9_.-]/g, "_");
  return join(base, `${database}-${stamp}`);
}

/** File name of a table's data inside `data/`: numbered, so odd table names cannot collide. */
function dataFileName(index: number, table: string): string {
  return `data/${String(index).padStart(3, "0")}_${table.replace(/[^A-Za-z0-9_.-]/g, "_")}.ndjson`;
}

/** Streams one table's rows through a cursor into an NDJSON file; returns row count and checksum. */
async function writeTableData(
  client: pg.Client,
  table: BackupTable,
  path: string,
): Promise<{ rows: number; sha256: string }> {
  const hash = createHash("sha256");
  const file = await open(path, "wx");
  let rows = 0;
  try {
    const select = table.columns.length
      ? table.columns.map((c) => `${pg.escapeIdentifier(c.name)}::text`).join(", ")
      : "";
    await client.query(`DECLARE orm_switch_backup NO SCROLL CURSOR FOR SELECT ${select} FROM ${qualified(table.name)}`);
    for (;;) {
      const batch = await client.query<unknown[]>({
        text: `FETCH ${FETCH_BATCH} FROM orm_switch_backup`,
        rowMode: "array",
      });
      if (batch.rows.length === 0) break;
      const chunk = batch.rows.map((r) => `${JSON.stringify(r)}\n`).join("");
      hash.update(chunk, "utf8");
      await file.write(chunk, null, "utf8");
      rows += batch.rows.length;
    }
    await client.query("CLOSE orm_switch_backup");
  } finally {
    await file.close();
  }
  return { rows, sha256: hash.digest("hex") };
}

async function countRows(client: pg.Client, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(table)}`);
  return Number(rows[0]!.n);
}

async function readSequences(client: pg.Client): Promise<ManifestSequence[]> {
  const { rows } = await client.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return rows.map((r) => ({ name: r.name, lastValue: r.last_value }));
}

/**
 * Backs up every table of the `public` schema of the database at `url` into `outDir` (created when
 * missing; it must not already hold a backup). Returns the tables with their row counts.
 */
export async function backupDatabase(url: string, outDir: string, options: BackupOptions = {}): Promise<BackupResult> {
  const dir = resolve(outDir);
  if (existsSync(join(dir, MANIFEST_FILE)))
    throw new Error(`${dir} already holds a backup; choose another --out folder`);
  const createdDir = !existsSync(dir);
  const before = new Set(createdDir ? [] : readdirSync(dir));
  try {
    return await writeBackup(url, dir, options);
  } catch (error) {
    // A failed backup must not leave a folder that looks like one (an empty dump, no manifest);
    // in a folder that existed before, only what this backup wrote is removed.
    if (createdDir) await rm(dir, { recursive: true, force: true });
    else
      for (const entry of ["data", PG_DUMP_FILE, MANIFEST_FILE])
        if (!before.has(entry)) await rm(join(dir, entry), { recursive: true, force: true });
    throw error;
  }
}

/** Name of the pg_dump archive inside a backup folder. */
const PG_DUMP_FILE = "database.dump";

async function writeBackup(url: string, dir: string, options: BackupOptions): Promise<BackupResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: version } = await client.query<{ server_version: string; num: string }>(
      `SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS num`,
    );
    const versionNum = Number(version[0]!.num);
    const { method, reason } = chooseBackupMethod(Math.floor(versionNum / 10000), options.format);
    await mkdir(method === "copy" ? join(dir, "data") : dir, { recursive: true });

    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      // The snapshot is taken by the first statement of the transaction; export it before anything else.
      const snapshot =
        method === "pg_dump"
          ? (await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id
          : undefined;
      const createdAt = new Date().toISOString();
      const tables = await listPublicTables(client);
      const sequences = await readSequences(client);
      const schema = await readSnapshotSchema(client);
      const manifestTables: ManifestTable[] = [];
      for (const [index, table] of tables.entries()) {
        if (method === "copy") {
          const file = dataFileName(index, table.name);
          const { rows, sha256 } = await writeTableData(client, table, join(dir, file));
          manifestTables.push({ name: table.name, rows, columns: table.columns, file, sha256 });
          await options.onProgress?.({ table: table.name, rows });
        } else {
          const rows = await countRows(client, table.name);
          manifestTables.push({ name: table.name, rows, columns: table.columns });
          await options.onProgress?.({ table: table.name, rows });
        }
      }
      const source = describeTarget(url);
      const manifest: BackupManifest = {
        formatVersion: BACKUP_FORMAT_VERSION,
        tool: "orm-switch",
        method,
        createdAt,
        source,
        server: { version: version[0]!.server_version, versionNum },
        tables: manifestTables,
        sequences,
        schema,
        notes: [],
      };
      if (method === "pg_dump") {
        const file = PG_DUMP_FILE;
        const conn = libpqConnection(url);
        if (conn.dropped.length)
          manifest.notes.push(
            `URL parameters not passed to pg_dump (not libpq parameters): ${conn.dropped.join(", ")}`,
          );
        // The exported snapshot stays valid only while this transaction is open: pg_dump runs inside it.
        await run(
          "pg_dump",
          [
            "--format=custom",
            `--snapshot=${snapshot}`,
            "--no-password",
            `--file=${join(dir, file)}`,
            `--dbname=${conn.dbname}`,
          ],
          conn.env,
        );
        manifest.pgDump = {
          file,
          sha256: await sha256OfFile(join(dir, file)),
          version: clientMajorVersion("pg_dump")!.version,
        };
        manifest.notes.push(
          "row counts were taken in the snapshot that pg_dump dumped (pg_export_snapshot + pg_dump --snapshot)",
        );
      } else {
        manifest.notes.push(
          "rows were read in one REPEATABLE READ READ ONLY transaction; values are PostgreSQL's text representation (::text)",
        );
      }
      manifest.notes.push(
        "sequence values are read outside MVCC (sequences are not transactional): they are at least the snapshot's values",
      );
      await writeManifest(dir, manifest);
      return {
        dir,
        method,
        methodReason: reason,
        tables: manifestTables.map((t) => ({ name: t.name, rows: t.rows })),
        manifest,
      };
    } finally {
      await client.query("ROLLBACK").catch(() => {});
    }
  } finally {
    await client.end();
  }
}
