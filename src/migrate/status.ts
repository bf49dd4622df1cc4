/**
 * `db:migrate:status`: where the target stands against `prisma/migrations`, read-only. The history
 * part is Prisma's own diagnosis (the schema engine's `diagnoseMigrationHistory`); drift is the
 * engine's diff between what the APPLIED migrations produce (replayed in a shadow database) and the
 * live schema, so a pending migration is not mistaken for drift, and a manual `ALTER TABLE` or a
 * missing enum type is.
 */
import pg from "pg";
import type { ShadowDatabaseProvider } from "./engine/pg-migration-adapter.ts";
import { NO_FILTERS, openEngineSession, type EngineSession } from "./engine/session.ts";
import { readCommitMark, transactionControlIn } from "./engine/commit-marker.ts";
import {
  compareEffect,
  diagnoseInProgress,
  judgeEffect,
  type FailedDiagnosis,
  type MarkerEvidence,
} from "./failed-diagnosis.ts";
import { isFailed, readMigrationRecords, type MigrationRecord } from "./history.ts";
import type { MigrationProject } from "./project.ts";

export interface MigrationStatus {
  hasMigrationsTable: boolean;
  applied: string[];
  pending: string[];
  /** Started, never finished, and no apply is running them: each has a diagnosis in `diagnoses`. */
  failed: string[];
  /** Started, not finished, while another apply holds a migration lock: being applied right now. */
  inProgress: string[];
  /** For every failed or in-progress migration: what really happened and the command to run. */
  diagnoses: FailedDiagnosis[];
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
export const STATUS_EXIT = {
  ok: 0,
  pending: 1,
  couldNotRun: 2,
  drift: 3,
  historyMismatch: 4,
  failed: 5,
  inProgress: 6,
} as const;

export function statusExitCode(status: MigrationStatus): number {
  if (status.inProgress.length > 0) return STATUS_EXIT.inProgress;
  if (status.failed.length > 0) return STATUS_EXIT.failed;
  if (status.edited.length > 0 || status.missingOnDisk.length > 0) return STATUS_EXIT.historyMismatch;
  if (status.drift !== "" || status.needsBaseline) return STATUS_EXIT.drift;
  if (status.pending.length > 0) return STATUS_EXIT.pending;
  return STATUS_EXIT.ok;
}

/** Reads the status of the database at `url`. `shadow` is needed for the drift check. `flags` are repeated in the printed commands. */
export async function readMigrationStatus(
  url: string,
  project: MigrationProject,
  shadow: ShadowDatabaseProvider,
  flags: string[] = [],
): Promise<MigrationStatus> {
  const records = await readMigrationRecords(url);
  const unfinished = [...new Set(records.filter(isFailed).map((r) => r.name))];
  // Asked before the engine opens its own connections, so only the other run's sessions show.
  const running = unfinished.length > 0 ? await withClient(url, (c) => diagnoseInProgress(c, unfinished)) : undefined;
  const session = await openEngineSession(project, url, shadow);
  try {
    const diagnosis = await session.engine.diagnoseMigrationHistory({
      migrationsList: project.list(),
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const history = diagnosis.history;
    const pending =
      history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
    const missingOnDisk = history && history.diagnostic !== "databaseIsBehind" ? history.unpersistedMigrationNames : [];
    const appliedNames = new Set(records.filter((r) => r.finishedAt && !r.rolledBackAt).map((r) => r.name));
    const appliedOnDisk = (name: string) => appliedNames.has(name);
    const failedNames = [...new Set([...diagnosis.failedMigrationNames, ...unfinished])];
    const markers = running
      ? new Map<string, MarkerEvidence>()
      : await withClient(url, (c) => markerEvidence(c, project, records));
    const diagnoses = running ?? (await diagnoseFailed(session, appliedOnDisk, failedNames, flags, markers));
    // A failed migration whose effect is there is part of what the live schema should be: not drift.
    const effective = new Set(diagnoses.filter((d) => d.verdict === "applied").map((d) => d.name));
    const from = { tag: "migrations" as const, ...project.list((n) => appliedOnDisk(n) || effective.has(n)) };
    // While a migration runs, its session holds ACCESS EXCLUSIVE locks that reading the live schema
    // would wait on (for as long as the script runs), and drift would say nothing new anyway.
    const drift = running ? "" : await session.summary(from, session.live);
    const driftRepair = drift === "" ? "" : await session.diff(session.live, from);
    const noHistory = appliedNames.size === 0 && !diagnosis.hasMigrationsTable;
    return {
      hasMigrationsTable: diagnosis.hasMigrationsTable,
      applied: project.migrations.map((m) => m.name).filter(appliedOnDisk),
      pending: pending.filter((n) => !failedNames.includes(n)),
      failed: running ? [] : failedNames,
      inProgress: running ? failedNames : [],
      diagnoses,
      edited: diagnosis.editedMigrationNames,
      missingOnDisk,
      // While a migration runs or a failed one is unexplained, drift says nothing new.
      drift: noHistory || running || diagnoses.some((d) => d.verdict !== "applied") ? "" : drift,
      driftRepair: noHistory || running || diagnoses.some((d) => d.verdict !== "applied") ? "" : driftRepair,
      needsBaseline: !diagnosis.hasMigrationsTable && drift !== "",
    };
  } finally {
    await session.close();
  }
}

async function diagnoseFailed(
  session: EngineSession,
  applied: (name: string) => boolean,
  names: string[],
  flags: string[],
  markers: Map<string, MarkerEvidence>,
): Promise<FailedDiagnosis[]> {
  const out: FailedDiagnosis[] = [];
  for (const name of names) {
    const onDisk = session.project.migrations.some((m) => m.name === name);
    const effect = onDisk ? await compareEffect(session, applied, name) : undefined;
    out.push(judgeEffect(name, effect, flags, markers.get(name)));
  }
  return out;
}

/** The commit-marker evidence for each unfinished migration on disk (its latest unfinished row). */
async function markerEvidence(
  client: pg.ClientBase,
  project: MigrationProject,
  records: MigrationRecord[],
): Promise<Map<string, MarkerEvidence>> {
  const evidence = new Map<string, MarkerEvidence>();
  for (const record of records.filter(isFailed)) {
    const file = project.migrations.find((m) => m.name === record.name);
    if (!file) continue;
    const mark = await readCommitMark(client, record.checksum, record.startedAt);
    evidence.set(record.name, { mark, control: transactionControlIn(file.sql) });
  }
  return evidence;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "orm-switch db:migrate:status" });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const VERDICT_TEXT: Record<FailedDiagnosis["verdict"], string> = {
  "in-progress": "IN PROGRESS: another run holds the migration lock and is applying it (do not resolve it).",
  applied: "its effect IS in the database (the script committed; only the history row is unfinished).",
  "rolled-back": "its effect is NOT in the database (rolled back or never ran).",
  partial: "PARTIALLY APPLIED: manual repair needed.",
  undetermined: "cannot be decided from the schema.",
};

/** The status as the lines the command prints. */
export function formatStatus(status: MigrationStatus): string {
  const lines: string[] = [];
  const list = (label: string, names: string[]) => {
    if (names.length > 0) lines.push(`${label} (${names.length}):`, ...names.map((n) => `  ${n}`));
  };
  if (status.needsBaseline) {
    lines.push(
      "The database has tables but no migration history (_prisma_migrations is missing).",
      "Adopt it with: npm run db:baseline",
    );
  }
  list("Being applied right now by another run (not failed)", status.inProgress);
  list("Failed (started, never finished)", status.failed);
  for (const d of status.diagnoses) {
    lines.push(`${d.name}: ${VERDICT_TEXT[d.verdict]}`, ...d.detail.map((l) => `  ${l}`));
    if (d.commands.length > 0) lines.push("  Next:", ...d.commands.map((c) => `    ${c}`));
  }
  list("Edited after they were applied (checksum differs)", status.edited);
  list("Applied in the database but missing on disk", status.missingOnDisk);
  list("Pending", status.pending);
  list("Applied", status.applied);
  if (status.drift !== "" && !status.needsBaseline) {
    lines.push(
      "Drift: the live schema differs from what the applied migrations produce:",
      ...status.drift.split("\n").map((l) => `  ${l}`),
    );
    lines.push(
      "SQL that would bring the database back to the history (NOT run; review it, then make it a migration or undo the manual change):",
    );
    lines.push(...status.driftRepair.split("\n").map((l) => `  ${l}`));
  }
  const code = statusExitCode(status);
  const verdict: Record<number, string> = {
    0: "Database schema is up to date.",
    1: "Pending migrations: run npm run db:migrate:apply.",
    3: status.needsBaseline ? "No history: run npm run db:baseline." : "Drift detected.",
    4: "Migration history differs between the database and prisma/migrations.",
    5: "A failed migration blocks further applies: run the command named above for it.",
    6: "A migration is being applied right now: wait for that run to finish, then run db:migrate:status again.",
  };
  lines.push(verdict[code] ?? "");
  return lines.join("\n");
}
