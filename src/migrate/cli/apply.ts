/** `npm run db:migrate:apply`: see HELP. */
import { resolve } from "node:path";
import { applyPendingMigrations, MigrationApplyError } from "../apply.ts";
import { backupDatabase, defaultBackupDir } from "../backup.ts";
import { LockTimeoutError } from "../lock.ts";
import {
  onGuardedTarget,
  parseCommandArgs,
  projectArgs,
  runCommand,
  stderrOut,
  UsageError,
  type Out,
} from "./common.ts";

export const APPLY_HELP = `Usage: npm run db:migrate:apply [-- --yes] [--no-backup] [--backup-dir dir] [--lock-timeout seconds]
                                [--migrations dir] [--schema path]

Applies pending migrations from prisma/migrations (Prisma's migrate deploy, with guards):
  1. prints the target (host, database, user, environment) before doing anything;
  2. production-like targets (see src/migrate/target.ts) are refused without --yes;
  3. takes the migrate lock (a PostgreSQL advisory lock): a concurrent run waits, then applies
     nothing that is already applied;
  4. backs the database up first when anything is pending (skip with --no-backup);
  5. applies each pending migration with Prisma's schema engine and records it in
     _prisma_migrations exactly as Prisma does; stops at the first failure, which is recorded,
     and prints the recovery commands.
Target: DIRECT_DATABASE_URL, else DATABASE_URL (never a pooled URL). The URL is refused when its
query parameters or PG* variables could send node-postgres and libpq tools to different databases;
the banner shows what the server itself says it is, and that is what the guard judges.

Options:
  --yes                   confirm a production-like target named in the banner
  --no-backup             skip the backup before applying
  --backup-dir <dir>      where backups go (default backups/)
  --lock-timeout <s>      how long to wait for another run's lock (default 600)
  --migrations <dir>      the migrations folder (default prisma/migrations); must exist
  --schema <path>         the Prisma schema (default prisma/schema.prisma)
  -h, --help              this help

Exit codes: 0 applied or nothing pending, 1 a migration failed / refused / lock timeout, 2 bad usage.`;

export async function runApplyCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = stderrOut,
): Promise<number> {
  return runCommand("db:migrate:apply", APPLY_HELP, out, async () => {
    const { values } = parseCommandArgs(argv, {
      yes: { type: "boolean" },
      "no-backup": { type: "boolean" },
      "backup-dir": { type: "string" },
      "lock-timeout": { type: "string" },
      schema: { type: "string" },
      migrations: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      out(APPLY_HELP);
      return 0;
    }
    const lockTimeout = values["lock-timeout"] === undefined ? 600 : Number(values["lock-timeout"]);
    if (!Number.isFinite(lockTimeout) || lockTimeout <= 0)
      throw new UsageError(`--lock-timeout must be a positive number of seconds, got "${values["lock-timeout"]}"`);
    const context = { env, out, requireMigrationsDir: true };
    return onGuardedTarget("db:migrate:apply", values, context, async (info, project) => {
      try {
        const backupRoot = resolve(values["backup-dir"] ?? "backups");
        const outcome = await applyPendingMigrations({
          url: info.url,
          project,
          lock: {
            timeoutMs: lockTimeout * 1000,
            onWait: (holder) =>
              out(
                `db:migrate:apply: another migration run holds the lock (${holder}); waiting up to ${lockTimeout} s...`,
              ),
          },
          log: (line) => out(`db:migrate:apply: ${line}`),
          hintArgs: projectArgs(values),
          // db:restore wants --yes for anything but a disposable local test database (its own rule).
          restoreArgs: `${info.disposableTest && !info.productionLike ? "" : " --yes"}${projectArgs({ migrations: values.migrations })}`,
          backup: values["no-backup"]
            ? undefined
            : async () => {
                const dir = defaultBackupDir(info.url, backupRoot);
                out(`db:migrate:apply: backing up to ${dir} first (--no-backup skips this)`);
                const backup = await backupDatabase(info.url, dir, {
                  onProgress: (e) => out(`  ${e.table.padEnd(20)} ${e.rows} rows`),
                });
                out(
                  `db:migrate:apply: backup done (${backup.method}: ${backup.tables.reduce((n, t) => n + t.rows, 0)} rows in ${backup.tables.length} tables)`,
                );
                return backup.dir;
              },
        });
        for (const warning of outcome.warnings) out(`db:migrate:apply: warning: ${warning}`);
        if (outcome.applied.length === 0) {
          out(
            `db:migrate:apply: nothing to apply: the database has every migration${outcome.lockWaitedMs > 1000 ? " (another run applied them while this one waited)" : ""}.`,
          );
        } else {
          out(
            `db:migrate:apply: applied ${outcome.applied.length}: ${outcome.applied.join(", ")}${outcome.backupDir ? `; backup in ${outcome.backupDir}` : ""}`,
          );
        }
        return 0;
      } catch (error) {
        if (error instanceof MigrationApplyError || error instanceof LockTimeoutError) {
          out(`db:migrate:apply: ${error.message}`);
          return 1;
        }
        throw error;
      }
    });
  });
}
