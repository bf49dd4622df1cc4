/**
 * `db:migrate:apply` (Prisma's `migrate deploy`, guarded): under the migrate lock, find what is
 * pending, back up first, then let Prisma's own schema engine apply and record each migration, so
 * `_prisma_migrations` holds exactly what the official CLI would have written. The target banner
 * and the production guard run before this (cli/apply.ts).
 */
import { ensureMarkerTableAt } from "./engine/commit-marker.ts";
import { NO_FILTERS, openEngineSession } from "./engine/session.ts";
import { isFailed, readMigrationRecords, recoveryHint } from "./history.ts";
import { withMigrateLock, type LockOptions } from "./lock.ts";
import type { MigrationProject } from "./project.ts";

export interface ApplyOptions {
  url: string;
  project: MigrationProject;
  /** Called once, under the lock, only when something is pending; returns where the backup went. */
  backup?: () => Promise<string>;
  lock?: LockOptions;
  log?: (line: string) => void;
  /** ` --migrations dir --schema path` as given to the command, repeated in recovery hints. */
  hintArgs?: string;
  /** What `db:restore` needs for this target (` --yes`, ` --migrations dir`), repeated in the backup hint. */
  restoreArgs?: string;
}

export interface ApplyOutcome {
  /** Pending before this run, in order. */
  pending: string[];
  applied: string[];
  backupDir?: string;
  /** How long this run waited for another run's lock. */
  lockWaitedMs: number;
  /** Migrations edited after they were applied, or applied but missing on disk: reported, not fatal. */
  warnings: string[];
}

/** Applying stopped: a migration failed (recorded as such), or a failed one blocks the history. */
export class MigrationApplyError extends Error {
  constructor(
    message: string,
    readonly failedMigration: string | null,
    readonly applied: string[],
    readonly backupDir: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationApplyError";
  }
}

/** Applies every pending migration; see {@link ApplyOutcome}. */
export async function applyPendingMigrations(options: ApplyOptions): Promise<ApplyOutcome> {
  const log = options.log ?? (() => {});
  return withMigrateLock(
    options.url,
    async (lockWaitedMs) => {
      const session = await openEngineSession(options.project, options.url);
      try {
        const list = options.project.list();
        const diagnosis = await session.engine.diagnoseMigrationHistory({
          migrationsList: list,
          optInToShadowDatabase: false,
          filters: NO_FILTERS,
        });
        const warnings: string[] = [];
        if (diagnosis.failedMigrationNames.length > 0) {
          const name = diagnosis.failedMigrationNames[0]!;
          const record = (await readMigrationRecords(options.url)).find((r) => r.name === name && isFailed(r));
          throw new MigrationApplyError(
            `nothing applied: a failed migration blocks the history.\n${recoveryHint(name, undefined, options.hintArgs, Boolean(record?.logs))}`,
            name,
            [],
            undefined,
          );
        }
        for (const name of diagnosis.editedMigrationNames)
          warnings.push(
            `${name} was edited after it was applied (its checksum differs); the database has the old version`,
          );
        const history = diagnosis.history;
        if (history && history.diagnostic !== "databaseIsBehind") {
          warnings.push(
            `applied migrations missing from ${options.project.migrationsDir}: ${history.unpersistedMigrationNames.join(", ")}`,
          );
        }
        const pending =
          history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
        if (pending.length === 0) return { pending, applied: [], lockWaitedMs, warnings };
        log(`${pending.length} pending: ${pending.join(", ")}`);
        const backupDir = options.backup ? await options.backup() : undefined;
        // Before any script: every script from here on can leave its commit marker (status reads it).
        await ensureMarkerTableAt(options.url);
        try {
          const result = await session.engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS });
          return { pending, applied: result.appliedMigrationNames, backupDir, lockWaitedMs, warnings };
        } catch (error) {
          // Which migration stopped, read back from the bookkeeping (on a fresh connection: the
          // engine's may be the one that died).
          const records = await readMigrationRecords(options.url).catch(() => []);
          const failedRecord = records.filter(isFailed).at(-1);
          const failed = failedRecord?.name ?? null;
          const done = records.filter((r) => r.finishedAt && pending.includes(r.name)).map((r) => r.name);
          const where = failedRecord
            ? `\n${recoveryHint(failedRecord.name, backupDir, options.hintArgs, Boolean(failedRecord.logs), options.restoreArgs)}`
            : "\nThe failing migration could not be read back from _prisma_migrations; run npm run db:migrate:status.";
          throw new MigrationApplyError(
            `applying stopped: ${session.explain(error)}${where}`,
            failed,
            done,
            backupDir,
            { cause: error },
          );
        }
      } finally {
        await session.close();
      }
    },
    options.lock,
  );
}
