/**
 * `db:restore`: puts a backup's rows back into a database whose schema already exists (build it
 * with the migrations first), then proves it did.
 *
 * How, and why this way:
 * - Everything happens in ONE transaction: `TRUNCATE` of every table in the backup (no CASCADE: a
 *   table outside the backup that references them makes the restore fail instead of silently
 *   emptying it), the reload, sequence resets and the verification. Any failure rolls back to the
 *   data that was there before.
 * - Load order: parents before children, from the target's foreign keys. This needs no special
 *   privilege (managed hosts such as Neon do not allow `session_replication_role`), and the foreign
 *   keys keep checking the backup's integrity while it loads. Only when that order cannot work (a
 *   foreign-key cycle or self-reference) or user triggers would fire and change the rows, the
 *   restore sets `session_replication_role = replica`, which needs a superuser; it says so if denied.
 * - `copy` backups: the data files are checked against the manifest's SHA-256 and row counts before
 *   anything is touched; rows are inserted in batches, each column cast from its text representation
 *   to the column's type; every sequence owned by a restored column is set to the larger of the
 *   column's max and the value recorded at backup time, so new ids continue after the restored ones.
 * - `pg_dump` backups: `pg_restore --data-only` (tables in the same load order, via `-L`) piped into
 *   `psql` inside the same kind of transaction; the archive restores its own sequence values, then
 *   any sequence below its column's max is moved up to it, as for `copy`.
 * - Verification: inside the transaction, `count(*)` of every table must equal the manifest's count,
 *   otherwise everything is rolled back and {@link RestoreVerificationError} is thrown.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { listPublicTables, planLoad, qualified } from "./backup-catalog.ts";
import { type BackupManifest, type ManifestTable, readManifest, sha256OfFile } from "./backup-manifest.ts";
import { clientMajorVersion, libpqConnection, run } from "./pg-tools.ts";
import { prepareSchema, type SchemaOptions } from "./restore-schema.ts";

/** Rows per INSERT statement. */
const INSERT_BATCH = 1000;

/** The backup does not match itself or the restored database: nothing was changed. */
export class RestoreVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreVerificationError";
  }
}

/** Options of {@link restoreDatabase}; the schema options are described in restore-schema.ts. */
export interface RestoreOptions extends SchemaOptions {
  onProgress?: (event: { table: string; rows: number }) => void;
}

/** What a restore did. */
export interface RestoreResult {
  method: BackupManifest["method"];
  /** Tables in the order they were loaded, with the verified row counts. */
  tables: { name: string; rows: number }[];
  /** Set when `session_replication_role = replica` was needed, with the reasons. */
  replicaRole: string[];
  /** True when the schema differed from the backup's and was rebuilt (`replaceSchema`). */
  schemaReplaced?: boolean;
}

/** Checks each `copy` data file's checksum and line count against the manifest. */
async function verifyCopyFiles(dir: string, manifest: BackupManifest): Promise<void> {
  const problems: string[] = [];
  for (const table of manifest.tables) {
    if (!table.file || !table.sha256) {
      problems.push(`${table.name}: no data file in the manifest`);
      continue;
    }
    const path = join(dir, table.file);
    const sha = await sha256OfFile(path).catch(() => undefined);
    if (sha === undefined) problems.push(`${table.name}: ${table.file} is missing`);
    else if (sha !== table.sha256)
      problems.push(
        `${table.name}: ${table.file} has SHA-256 ${sha}, the manifest says ${table.sha256} (the file was changed or damaged)`,
      );
    else {
      let lines = 0;
      for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity }))
        if (line) lines++;
      if (lines !== table.rows)
        problems.push(`${table.name}: ${table.file} has ${lines} rows, the manifest says ${table.rows}`);
    }
  }
  if (problems.length)
    throw new RestoreVerificationError(
      `backup ${dir} does not match its manifest; nothing was restored:\n  ${problems.join("\n  ")}`,
    );
}

/** Inserts one batch of text-represented rows, casting each column to its type. */
async function insertBatch(client: pg.ClientBase, table: ManifestTable, rows: (string | null)[][]): Promise<void> {
  const columns = table.columns.map((c) => pg.escapeIdentifier(c.name)).join(", ");
  const aliases = table.columns.map((_, i) => `c${i}`).join(", ");
  const casts = table.columns.map((c, i) => `u.c${i}::${c.type}`).join(", ");
  const params = table.columns.map((_, i) => rows.map((r) => r[i] ?? null));
  const unnest = table.columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
  // OVERRIDING SYSTEM VALUE: identity columns (GENERATED ALWAYS) take the backed-up ids as they were.
  await client.query(
    `INSERT INTO ${qualified(table.name)} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${casts} FROM unnest(${unnest}) AS u(${aliases})`,
    params,
  );
}

async function loadCopyTable(client: pg.ClientBase, dir: string, table: ManifestTable): Promise<void> {
  if (table.columns.length === 0) return;
  let batch: (string | null)[][] = [];
  for await (const line of createInterface({ input: createReadStream(join(dir, table.file!)), crlfDelay: Infinity })) {
    if (!line) continue;
    const row = JSON.parse(line) as (string | null)[];
    if (!Array.isArray(row) || row.length !== table.columns.length) {
      throw new RestoreVerificationError(
        `${table.file}: a row has ${Array.isArray(row) ? row.length : "no"} values, the table has ${table.columns.length} columns`,
      );
    }
    batch.push(row);
    if (batch.length >= INSERT_BATCH) {
      await insertBatch(client, table, batch);
      batch = [];
    }
  }
  if (batch.length) await insertBatch(client, table, batch);
}

/** Sets every sequence owned by a restored column past the restored ids (and not below the backup's value). */
async function resetOwnedSequences(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  const recorded = new Map(manifest.sequences.map((s) => [s.name, s.lastValue]));
  for (const table of manifest.tables) {
    for (const column of table.columns) {
      const { rows } = await client.query<{ seq: string | null }>(`SELECT pg_get_serial_sequence($1, $2) AS seq`, [
        qualified(table.name),
        column.name,
      ]);
      const seq = rows[0]?.seq;
      if (!seq) continue;
      const seqName = seq
        .replace(/^public\./, "")
        .replace(/^"(.*)"$/, "$1")
        .replaceAll('""', '"');
      const backedUp = recorded.get(seqName) ?? null;
      await client.query(
        `SELECT setval($1::regclass, v, true) FROM (SELECT GREATEST((SELECT max(${pg.escapeIdentifier(column.name)})::bigint FROM ${qualified(table.name)}), $2::bigint) AS v) s WHERE v IS NOT NULL`,
        [seq, backedUp],
      );
    }
  }
}

/**
 * Fails before anything is written when the target lacks a table or column the backup holds: a
 * restore fills an existing schema, it does not create one.
 */
async function assertSchemaHoldsBackup(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  const live = new Map((await listPublicTables(client)).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const missing: string[] = [];
  for (const table of manifest.tables) {
    const columns = live.get(table.name);
    if (!columns) missing.push(`table ${table.name}`);
    else for (const c of table.columns) if (!columns.has(c.name)) missing.push(`column ${table.name}.${c.name}`);
  }
  if (missing.length) {
    throw new Error(
      `the target database's schema does not hold this backup (missing ${missing.join(", ")}); nothing was changed. Build the schema the backup was taken from first (e.g. apply prisma/migrations with npm run db:migrate:apply), then restore.`,
    );
  }
}

/** Compares `count(*)` of every table with the manifest, inside the restore transaction. */
async function verifyCounts(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  const problems: string[] = [];
  for (const table of manifest.tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(table.name)}`);
    const n = Number(rows[0]!.n);
    if (n !== table.rows) problems.push(`${table.name}: ${n} rows after restore, the manifest says ${table.rows}`);
  }
  if (problems.length)
    throw new RestoreVerificationError(`restore verification failed, rolled back:\n  ${problems.join("\n  ")}`);
}

async function restoreCopy(
  url: string,
  dir: string,
  manifest: BackupManifest,
  options: RestoreOptions,
): Promise<RestoreResult> {
  await verifyCopyFiles(dir, manifest);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    try {
      // A missing table is named plainly first; any other difference is for prepareSchema.
      if (!options.replaceSchema) await assertSchemaHoldsBackup(client, manifest);
      const rebuilt = await prepareSchema(client, manifest, options);
      await assertSchemaHoldsBackup(client, manifest);
      const plan = await planLoad(
        client,
        manifest.tables.map((t) => t.name),
      );
      if (plan.needsReplicaRole.length) await setReplicaRole(client, plan.needsReplicaRole);
      if (manifest.tables.length)
        await client.query(`TRUNCATE ${manifest.tables.map((t) => qualified(t.name)).join(", ")}`);
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      for (const name of plan.order) {
        const table = byName.get(name)!;
        await loadCopyTable(client, dir, table);
        options.onProgress?.({ table: name, rows: table.rows });
      }
      await resetOwnedSequences(client, manifest);
      await verifyCounts(client, manifest);
      await client.query("COMMIT");
      return {
        method: "copy",
        tables: plan.order.map((name) => ({ name, rows: byName.get(name)!.rows })),
        replicaRole: plan.needsReplicaRole,
        schemaReplaced: rebuilt !== "",
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
  }
}

async function setReplicaRole(client: pg.ClientBase, reasons: string[]): Promise<void> {
  try {
    await client.query("SET LOCAL session_replication_role = replica");
  } catch (error) {
    throw new Error(
      `this schema cannot be reloaded table by table (${reasons.join("; ")}), and disabling triggers and foreign-key checks with session_replication_role = replica was refused: ${(error as Error).message}. Restore as a superuser.`,
      { cause: error },
    );
  }
}

/**
 * SQL that moves every sequence owned by a column of `tables` up to the column's max when it is
 * below it (pg_dump archives restore the sequence value recorded at dump time, which can be below
 * ids inserted explicitly): new rows then never collide with restored ones.
 */
function sequencesPastMaxBlock(tables: string[]): string {
  const names = tables.map((t) => `'${t.replaceAll("'", "''")}'`).join(", ");
  return `DO $orm_switch_sequences$
DECLARE r record; m bigint;
BEGIN
  FOR r IN SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(format('public.%I', c.relname), a.attname) AS seq
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relname = ANY (ARRAY[${names}]::text[]) LOOP
    CONTINUE WHEN r.seq IS NULL;
    EXECUTE format('SELECT max(%I)::bigint FROM public.%I', r.col, r.tbl) INTO m;
    IF m IS NOT NULL AND m > coalesce(pg_sequence_last_value(r.seq::regclass), 0) THEN PERFORM setval(r.seq::regclass, m, true); END IF;
  END LOOP;
END
$orm_switch_sequences$;
`;
}

/** The SQL that checks every table's count inside psql's transaction and aborts it on a mismatch. */
function verificationBlock(manifest: BackupManifest): string {
  const checks = manifest.tables
    .map((t) => {
      const name = t.name.replaceAll("'", "''");
      return `  SELECT count(*) INTO n FROM ${qualified(t.name)};\n  IF n <> ${t.rows} THEN RAISE EXCEPTION 'orm-switch restore verification: table % has % rows after restore, the manifest says %', '${name}', n, ${t.rows}; END IF;`;
    })
    .join("\n");
  return `DO $orm_switch_verify$\nDECLARE n bigint;\nBEGIN\n${checks}\nEND\n$orm_switch_verify$;\n`;
}

async function restorePgDump(
  url: string,
  dir: string,
  manifest: BackupManifest,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const archive = join(dir, manifest.pgDump!.file);
  const sha = await sha256OfFile(archive).catch(() => undefined);
  if (sha !== manifest.pgDump!.sha256) {
    throw new RestoreVerificationError(
      `${archive} ${sha ? `has SHA-256 ${sha}, the manifest says ${manifest.pgDump!.sha256}` : "is missing"}; nothing was restored`,
    );
  }
  for (const program of ["pg_restore", "psql"] as const) {
    if (!clientMajorVersion(program))
      throw new Error(`this backup was written by pg_dump; restoring it needs ${program} on the PATH`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let plan;
  let rebuilt: string;
  try {
    // A dry run in a transaction that is rolled back: the schema (rebuilt if asked) is checked and
    // the load planned on it; psql then runs the same rebuild in the transaction that loads.
    await client.query("BEGIN");
    if (!options.replaceSchema) await assertSchemaHoldsBackup(client, manifest);
    rebuilt = await prepareSchema(client, manifest, options);
    await assertSchemaHoldsBackup(client, manifest);
    plan = await planLoad(
      client,
      manifest.tables.map((t) => t.name),
    );
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
  }
  const conn = libpqConnection(url);
  const work = await mkdtemp(join(tmpdir(), "orm-switch-restore-"));
  try {
    // pg_restore -L restores the listed entries in the list's order: table data parents first, then sequences.
    const { stdout: toc } = await run("pg_restore", ["--list", archive], conn.env);
    const lines = toc.split("\n");
    const dataLines = plan.order.map((name) => {
      const line = lines.find((l) => l.includes(` TABLE DATA public ${name} `));
      if (!line) throw new RestoreVerificationError(`${archive} has no data for table ${name} listed in the manifest`);
      return line;
    });
    const sequenceLines = lines.filter((l) => / SEQUENCE SET public /.test(l));
    const listFile = join(work, "restore.list");
    await writeFile(listFile, [...dataLines, ...sequenceLines].join("\n") + "\n");

    const prefix = [
      "BEGIN;",
      rebuilt,
      plan.needsReplicaRole.length ? "SET LOCAL session_replication_role = replica;" : "",
      manifest.tables.length ? `TRUNCATE ${manifest.tables.map((t) => qualified(t.name)).join(", ")};` : "",
      "",
    ].join("\n");
    const suffix = `\n${manifest.tables.length ? sequencesPastMaxBlock(manifest.tables.map((t) => t.name)) : ""}${verificationBlock(manifest)}COMMIT;\n`;
    await pipeRestore(archive, listFile, conn, prefix, suffix);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  for (const t of plan.order) options.onProgress?.({ table: t, rows: manifest.tables.find((m) => m.name === t)!.rows });
  return {
    method: "pg_dump",
    tables: plan.order.map((name) => ({ name, rows: manifest.tables.find((m) => m.name === name)!.rows })),
    replicaRole: plan.needsReplicaRole,
    schemaReplaced: rebuilt !== "",
  };
}

/** `prefix`, then `pg_restore --data-only` output, then `suffix`, into `psql` with ON_ERROR_STOP. */
function pipeRestore(
  archive: string,
  listFile: string,
  conn: { dbname: string; env: NodeJS.ProcessEnv },
  prefix: string,
  suffix: string,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const psql = spawn(
      "psql",
      ["--no-psqlrc", "--quiet", "--no-password", "-v", "ON_ERROR_STOP=1", `--dbname=${conn.dbname}`, "-f", "-"],
      {
        env: conn.env,
        stdio: ["pipe", "ignore", "pipe"],
      },
    );
    const restore = spawn("pg_restore", ["--data-only", "--no-owner", "-L", listFile, "-f", "-", archive], {
      env: conn.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let psqlErr = "";
    let restoreErr = "";
    psql.stderr.on("data", (d: Buffer) => (psqlErr += d.toString()));
    restore.stderr.on("data", (d: Buffer) => (restoreErr += d.toString()));
    psql.stdin.on("error", () => {}); // psql stops reading when it hits an error; its exit code tells.
    psql.stdin.write(prefix);
    restore.stdout.pipe(psql.stdin, { end: false });
    let restoreCode: number | null = null;
    restore.on("close", (code) => {
      restoreCode = code;
      psql.stdin.end(code === 0 ? suffix : "ROLLBACK;\n");
    });
    restore.on("error", reject);
    psql.on("error", reject);
    psql.on("close", (code) => {
      // psql first: when it stops on an error, pg_restore's failure is only the broken pipe that follows.
      if (code !== 0) {
        const message = psqlErr.trim();
        if (message.includes("orm-switch restore verification"))
          return reject(new RestoreVerificationError(`restore verification failed, rolled back: ${message}`));
        return reject(new Error(`psql failed (exit ${code}), rolled back: ${message}`));
      }
      if (restoreCode !== 0)
        return reject(new Error(`pg_restore failed (exit ${restoreCode}), rolled back: ${restoreErr.trim()}`));
      resolvePromise();
    });
  });
}

/**
 * Restores the backup in `backupDir` into the database at `url`, replacing the rows of every table
 * the backup holds, and verifies the row counts. Throws {@link RestoreVerificationError} when the
 * backup does not match its manifest or the result does not match the counts (nothing is changed
 * then). The caller is responsible for the banner and the `--yes` guard (see target.ts).
 */
export async function restoreDatabase(
  url: string,
  backupDir: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const dir = resolve(backupDir);
  const manifest = await readManifest(dir);
  return manifest.method === "pg_dump"
    ? restorePgDump(url, dir, manifest, options)
    : restoreCopy(url, dir, manifest, options);
}
