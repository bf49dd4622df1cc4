/**
 * `db:migrate:status`: where the target stands against `prisma/migrations`, read-only. The history
 * part is Prisma's own diagnosis (the schema engine's `diagnoseMigrationHistory`); drift is the
 * engine's diff between what the APPLIED migrations produce (replayed in a shadow database) and the
 * live schema, so a pending migration is not mistaken for drift, and a manual `ALTER TABLE` or a
 * missing enum type is.
 */
import type { ShadowDatabaseProvider } from "./engine/pg-migration-adapter.ts";
import { NO_FILTERS, openEngineSession } from "./engine/session.ts";
import { isFailed, readMigrationRecords } from "./history.ts";
import type { MigrationProject } from "./project.ts";

export interface MigrationStatus {
  hasMigrationsTable: boolean;
  applied: string[];
  pending: string[];
  failed: string[];
  /** Applied, then changed on disk (checksum mismatch). */
  edited: string[];
  /** Recorded as applied in the database, but no folder on disk. */
  missingOnDisk: string[];
  /** The engine's summary of how the live schema differs from the applied history; "" when none. */
  drift: string;
  /** SQL that would bring the live schema back to the history (for the report; never run). */
  driftRepair: string;
  /** Objects exist but no history was ever recorded: the database needs `db:baseline`. */
  needsBaseline: boolean;
}

/**
 * Exit codes, most severe first when several apply. CI can tell "deploy needed" (1) from "someone
 * changed the database by hand" (3) and "history broken" (4, 5).
 */
export const STATUS_EXIT = { ok: 0, pending: 1, couldNotRun: 2, drift: 3, historyMismatch: 4, failed: 5 } as const;

export function statusExitCode(status: MigrationStatus): number {
  if (status.failed.length > 0) return STATUS_EXIT.failed;
  if (status.edited.length > 0 || status.missingOnDisk.length > 0) return STATUS_EXIT.historyMismatch;
  if (status.drift !== "" || status.needsBaseline) return STATUS_EXIT.drift;
  if (status.pending.length > 0) return STATUS_EXIT.pending;
  return STATUS_EXIT.ok;
}

/** Reads the status of the database at `url`. `shadow` is needed for the drift check. */
export async function readMigrationStatus(url: string, project: MigrationProject, shadow: ShadowDatabaseProvider): Promise<MigrationStatus> {
  const records = await readMigrationRecords(url);
  const session = await openEngineSession(project, url, shadow);
  try {
    const diagnosis = await session.engine.diagnoseMigrationHistory({ migrationsList: project.list(), optInToShadowDatabase: false, filters: NO_FILTERS });
    const history = diagnosis.history;
    const pending = history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
    const missingOnDisk = history && history.diagnostic !== "databaseIsBehind" ? history.unpersistedMigrationNames : [];
    const appliedNames = new Set(records.filter((r) => r.finishedAt && !r.rolledBackAt).map((r) => r.name));
    const appliedOnDisk = (name: string) => appliedNames.has(name);
    const from = { tag: "migrations" as const, ...project.list(appliedOnDisk) };
    const drift = await session.summary(from, session.live);
    const driftRepair = drift === "" ? "" : await session.diff(session.live, from);
    return {
      hasMigrationsTable: diagnosis.hasMigrationsTable,
      applied: project.migrations.map((m) => m.name).filter(appliedOnDisk),
      pending,
      failed: [...new Set([...diagnosis.failedMigrationNames, ...records.filter(isFailed).map((r) => r.name)])],
      edited: diagnosis.editedMigrationNames,
      missingOnDisk,
      drift: appliedNames.size === 0 && !diagnosis.hasMigrationsTable ? "" : drift,
      driftRepair: appliedNames.size === 0 && !diagnosis.hasMigrationsTable ? "" : driftRepair,
      needsBaseline: !diagnosis.hasMigrationsTable && drift !== "",
    };
  } finally {
    await session.close();
  }
}

/** The status as the lines the command prints. */
export function formatStatus(status: MigrationStatus): string {
  const lines: string[] = [];
  const list = (label: string, names: string[]) => {
    if (names.length > 0) lines.push(`${label} (${names.length}):`, ...names.map((n) => `  ${n}`));
  };
  if (status.needsBaseline) {
    lines.push("The database has tables but no migration history (_prisma_migrations is missing).", "Adopt it with: npm run db:baseline");
  }
  list("Failed", status.failed);
  list("Edited after they were applied (checksum differs)", status.edited);
  list("Applied in the database but missing on disk", status.missingOnDisk);
  list("Pending", status.pending);
  list("Applied", status.applied);
  if (status.drift !== "" && !status.needsBaseline) {
    lines.push("Drift: the live schema differs from what the applied migrations produce:", ...status.drift.split("\n").map((l) => `  ${l}`));
    lines.push("SQL that would bring the database back to the history (NOT run; review it, then make it a migration or undo the manual change):");
    lines.push(...status.driftRepair.split("\n").map((l) => `  ${l}`));
  }
  const code = statusExitCode(status);
  const verdict: Record<number, string> = {
    0: "Database schema is up to date.",
    1: "Pending migrations: run npm run db:migrate:apply.",
    3: status.needsBaseline ? "No history: run npm run db:baseline." : "Drift detected.",
    4: "Migration history differs between the database and prisma/migrations.",
    5: "A failed migration blocks further applies: see npm run db:migrate:resolve -- --help.",
  };
  lines.push(verdict[code] ?? "");
  return lines.join("\n");
}
