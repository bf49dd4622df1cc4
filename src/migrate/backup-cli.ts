/** `npm run db:backup` and `npm run db:restore`: argument parsing, banner, guard, exit codes. */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase, defaultBackupDir } from "./backup.ts";
import { RestoreVerificationError, restoreDatabase } from "./restore.ts";
import { RestoreSchemaMismatchError } from "./restore-schema.ts";
import { selectTargetUrl, type SelectedUrl } from "../db/target-url.ts";
import { guardTarget } from "./guard.ts";
import { refusalLine, TargetRefusedError, type TargetInfo } from "./target.ts";

const BACKUP_HELP = `Usage: npm run db:backup -- [--out <dir>] [--format pg_dump|copy]

Backs up every table of the public schema (including _prisma_migrations) of DIRECT_DATABASE_URL,
else DATABASE_URL (the database db:migrate:apply migrates), as one
consistent snapshot (a single REPEATABLE READ READ ONLY transaction), prints each table's row
count and stores the counts in <dir>/manifest.json beside the data. Nothing is written to the
database.

Formats:
  pg_dump   a custom-format pg_dump archive of that snapshot (pg_dump --snapshot); the default when
            a pg_dump of the server's major version or newer is on the PATH
  copy      the project's own portable format (one NDJSON file per table, values in PostgreSQL's
            text representation); the default otherwise

Options:
  --out <dir>        backup folder (default backups/<database>-<UTC timestamp>/)
  --format <f>       force pg_dump or copy
  -h, --help         this help

DIRECT_DATABASE_URL or DATABASE_URL must be set: the embedded default server is empty and
temporary, so there is nothing to back up in it. The banner shows what the server says it is.

Exit codes: 0 backup written; 1 the backup could not be verified; 2 bad usage or could not connect.`;

const RESTORE_HELP = `Usage: npm run db:restore -- <backup dir> [--yes] [--replace-schema] [--migrations dir]

Replaces the rows of every table in the backup with the backup's rows, in the database of
DIRECT_DATABASE_URL, else DATABASE_URL,
whose schema must already exist (apply the migrations first). One transaction: TRUNCATE, reload in
foreign-key order, sequences set past the restored ids, then every table's row count is compared
with the manifest; any mismatch rolls everything back. Data files are checked against the
manifest's SHA-256 before anything is touched.

Schema: the backup records its snapshot's schema. When the live schema differs from it (typically
a migration ran after the backup), restore refuses and lists the differences: rows alone would
rewind _prisma_migrations while the later schema stays. With --replace-schema it drops the public
schema and rebuilds it from the migrations the backup recorded (read from prisma/migrations, or
--migrations dir; checksums must match), checks the result equals the snapshot's schema, then loads
the rows, all in the same transaction. Objects no migration made (hand-made views, functions,
grants on the public schema) are not rebuilt: the check then fails and nothing is changed.

This deletes the target's current rows. A banner names the target first; --yes is required unless
the target is a disposable local test database (local host, name containing test/tmp/scratch) that
does not look production-like, judged on what the server says it is after connecting. A URL whose
parameters or PG* variables could send the restore elsewhere is refused.

Options:
  --yes             confirm the target named in the banner
  --replace-schema  rebuild the schema from the backup's recorded migrations when it differs
  --migrations dir  where those migrations are (default prisma/migrations)
  -h, --help     this help

Exit codes: 0 restored and verified; 1 verification failed or the schema differs (nothing changed); 2 bad usage, refused
target or could not connect.`;

type Print = (line: string) => void;
const stdout: Print = (l) => process.stdout.write(`${l}\n`);
const stderr: Print = (l) => process.stderr.write(`${l}\n`);

function requireDatabaseUrl(env: NodeJS.ProcessEnv, command: string): SelectedUrl {
  const selected = selectTargetUrl(env);
  if (!selected) {
    throw new UsageError(
      `${command}: DATABASE_URL is not set (nor DIRECT_DATABASE_URL). Without them, orm-switch commands use a throwaway embedded PostgreSQL, which is empty and deleted on exit: there is nothing to ${command === "db:backup" ? "back up" : "restore into"}. Set DATABASE_URL to the database you mean.`,
    );
  }
  return selected;
}

/** db:restore's own rule on top of the production guard: replacing rows of anything but a disposable test database needs --yes. */
function restoreRule(yes: boolean, backupDir: string) {
  return (target: TargetInfo): string | undefined =>
    target.disposableTest || yes
      ? undefined
      : `restore deletes the current rows of ${target.database} on ${target.host}, which is not a disposable local test database; --yes is required. If that is what you want: npm run db:restore -- ${backupDir} --yes`;
}

class UsageError extends Error {}

/** Runs `db:backup`; returns the exit code documented in {@link BACKUP_HELP}. */
export async function runBackupCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Print = stdout,
  err: Print = stderr,
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h", default: false },
        out: { type: "string" },
        format: { type: "string" },
      },
    });
    if (values.help) {
      out(BACKUP_HELP);
      return 0;
    }
    if (values.format !== undefined && values.format !== "copy" && values.format !== "pg_dump")
      throw new UsageError(`--format must be pg_dump or copy, got "${values.format}"`);
    const selected = requireDatabaseUrl(env, "db:backup");
    const target = await guardTarget({
      command: "db:backup",
      title: "db:backup (read-only)",
      selected,
      yes: false,
      readOnly: true,
      env,
      out: err,
    });
    const dir = values.out ?? defaultBackupDir(target.url);
    const result = await backupDatabase(target.url, dir, {
      format: values.format,
      onProgress: ({ table, rows }) => err(`  ${table}: ${rows} rows`),
    });
    const total = result.tables.reduce((n, t) => n + t.rows, 0);
    out(`db:backup: ${result.tables.length} tables, ${total} rows, method ${result.method} (${result.methodReason})`);
    const shown = relative(process.cwd(), result.dir);
    out(
      `db:backup: written to ${shown && !shown.startsWith("..") ? shown : result.dir} (manifest.json holds the row counts)`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof TargetRefusedError) err(refusalLine("db:backup", error));
    else err(error instanceof UsageError || error instanceof TypeError ? message : `db:backup: failed: ${message}`);
    return 2;
  }
}

/** Runs `db:restore`; returns the exit code documented in {@link RESTORE_HELP}. */
export async function runRestoreCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Print = stdout,
  err: Print = stderr,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h", default: false },
        yes: { type: "boolean", default: false },
        "replace-schema": { type: "boolean", default: false },
        migrations: { type: "string" },
      },
    });
    if (values.help) {
      out(RESTORE_HELP);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(`db:restore needs exactly one backup folder (got ${positionals.length}); see --help`);
    const selected = requireDatabaseUrl(env, "db:restore");
    const target = await guardTarget({
      command: "db:restore",
      title: "db:restore (replaces every row of the backed-up tables)",
      selected,
      yes: values.yes,
      extraRule: restoreRule(values.yes, positionals[0]!),
      env,
      out: err,
    });
    const result = await restoreDatabase(target.url, positionals[0]!, {
      replaceSchema: values["replace-schema"],
      migrationsDir: values.migrations,
      onProgress: ({ table, rows }) => err(`  ${table}: ${rows} rows`),
    });
    if (result.schemaReplaced)
      err(
        "db:restore: the schema differed from the backup's and was rebuilt from its recorded migrations (verified against the snapshot's catalog)",
      );
    if (result.replicaRole.length)
      err(`db:restore: loaded with session_replication_role = replica because ${result.replicaRole.join("; ")}`);
    const total = result.tables.reduce((n, t) => n + t.rows, 0);
    out(`db:restore: restored and verified ${result.tables.length} tables, ${total} rows (method ${result.method})`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RestoreVerificationError || error instanceof RestoreSchemaMismatchError) {
      err(`db:restore: ${message}`);
      return 1;
    }
    if (error instanceof TargetRefusedError) err(refusalLine("db:restore", error));
    else err(error instanceof UsageError || error instanceof TypeError ? message : `db:restore: failed: ${message}`);
    return 2;
  }
}
