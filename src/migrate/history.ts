/**
 * Reading `_prisma_migrations` directly, for what the engine's diagnosis does not say: which
 * migration is failed right now and when each one was applied.
 */
import pg from "pg";

/** One row of Prisma's bookkeeping table. */
export interface MigrationRecord {
  name: string;
  checksum: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
}

/** Every row, oldest first; [] when the table does not exist. */
export async function readMigrationRecords(url: string): Promise<MigrationRecord[]> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
    if (!exists.rows[0]?.t) return [];
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      started_at: Date;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
    }>(
      `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
    );
    return rows.map((r) => ({
      name: r.migration_name,
      checksum: r.checksum,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      rolledBackAt: r.rolled_back_at,
      logs: r.logs,
    }));
  } finally {
    await client.end();
  }
}

/** Prisma's definition of failed: started, never finished, not marked rolled back. */
export function isFailed(record: MigrationRecord): boolean {
  return record.finishedAt === null && record.rolledBackAt === null;
}

/**
 * What to run after `name` failed; printed by apply. `projectArgs` (e.g. ` --migrations dir
 * --schema path`, see cli/common.ts `projectArgs`) is repeated in every command, so a hint followed
 * as printed works on the same project. `failedOnError` is true when the engine got an error back
 * from PostgreSQL and wrote it to the row's `logs`: the script's implicit transaction was then
 * rolled back (unless the file commits by itself). Without it (the connection or the process died)
 * nobody knows whether PostgreSQL committed, so the hint sends the user to `db:migrate:status`,
 * which compares the live schema with the migration's effect. `restoreArgs` (` --yes` for a target
 * that is not a disposable test database, ` --migrations dir`) makes the restore line work as printed.
 */
export function recoveryHint(
  name: string,
  backupDir?: string,
  projectArgs = "",
  failedOnError = true,
  restoreArgs = "",
): string {
  const apply = projectArgs ? `npm run db:migrate:apply --${projectArgs}` : "npm run db:migrate:apply";
  const status = projectArgs ? `npm run db:migrate:status --${projectArgs}` : "npm run db:migrate:status";
  // --replace-schema: migrations applied earlier in this run (or a committed part of this one)
  // moved the schema on from the backup's; restore refuses to rewind the history without it.
  const backup = backupDir
    ? [
        `  The backup taken before this run is in ${backupDir}; to go back to it (rows, history and schema): npm run db:restore -- ${shellWord(backupDir)}${restoreArgs} --replace-schema`,
      ]
    : [];
  if (!failedOnError) {
    return [
      `Migration ${name} is recorded as started but not finished, and no error from PostgreSQL was recorded: the connection or the process ended, so the script may or may not have committed.`,
      `  Run ${status}: it compares the live schema with this migration's effect and names the command to run (resolve --applied, or --rolled-back then apply).`,
      ...backup,
    ].join("\n");
  }
  return [
    `Migration ${name} failed on an error from PostgreSQL. Its file ran as one transaction, so its statements were rolled back unless the file commits by itself (npm run db:migrate:status checks the live schema and says which).`,
    "To continue:",
    `  1. fix the cause (the migration file, or the data it tripped over);`,
    `  2. npm run db:migrate:resolve -- --rolled-back ${name}${projectArgs}   (marks the failed attempt as rolled back)`,
    `  3. ${apply}                           (applies it again)`,
    `  Or, if you completed the change by hand: npm run db:migrate:resolve -- --applied ${name}${projectArgs}`,
    ...backup,
  ].join("\n");
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
