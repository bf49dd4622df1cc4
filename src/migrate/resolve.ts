/**
 * `db:migrate:resolve` and `db:baseline`: changing the migration history without running
 * migrations, through the schema engine's own `markMigrationApplied` / `markMigrationRolledBack`
 * so the rows are what `prisma migrate resolve` writes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ShadowDatabaseProvider } from "./engine/pg-migration-adapter.ts";
import { openEngineSession } from "./engine/session.ts";
import { schemaTarget } from "./engine/schema-engine.ts";
import { isFailed, readMigrationRecords } from "./history.ts";
import { withMigrateLock } from "./lock.ts";
import { ensureLockfile, loadMigrationProject, type MigrationProject } from "./project.ts";

/** Marks `name` applied (it must exist on disk and not be applied already). */
export async function markApplied(url: string, project: MigrationProject, name: string): Promise<void> {
  if (!project.migrations.some((m) => m.name === name)) {
    throw new Error(
      `no migration "${name}" in ${project.migrationsDir}; known: ${project.migrations.map((m) => m.name).join(", ") || "(none)"}`,
    );
  }
  await withMigrateLock(url, async () => {
    const session = await openEngineSession(project, url);
    try {
      await session.engine.markMigrationApplied({ migrationName: name, migrationsList: project.list() });
    } catch (error) {
      throw new Error(`could not mark ${name} applied: ${session.explain(error)}`, { cause: error });
    } finally {
      await session.close();
    }
  });
}

/** Marks the failed attempt of `name` rolled back, so apply will run it again. */
export async function markRolledBack(url: string, project: MigrationProject, name: string): Promise<void> {
  const records = await readMigrationRecords(url);
  if (!records.some((r) => r.name === name && isFailed(r))) {
    throw new Error(
      `migration "${name}" is not in a failed state in _prisma_migrations; only a failed migration can be marked rolled back`,
    );
  }
  await withMigrateLock(url, async () => {
    const session = await openEngineSession(project, url);
    try {
      await session.engine.markMigrationRolledBack({ migrationName: name });
    } catch (error) {
      throw new Error(`could not mark ${name} rolled back: ${session.explain(error)}`, { cause: error });
    } finally {
      await session.close();
    }
  });
}

export interface BaselineOutcome {
  /** Migrations marked applied without running. */
  marked: string[];
  /** The migration written from the live schema, when the folder had none. */
  written?: string;
  /** How schema.prisma differs from the live schema just baselined ("" or absent when it matches). */
  schemaDiffers?: string;
}

export class BaselineRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineRefusedError";
  }
}

/**
 * Adopts a database that has the schema but no migration history (made with `db push`, by hand,
 * or by another tool):
 * - with migrations on disk, it checks that they produce exactly the live schema, then marks every
 *   one applied without running it; any difference refuses, printing it;
 * - with no migrations on disk, it writes `0_baseline` from an empty-database diff of the LIVE
 *   schema (what is really there, not what schema.prisma wishes) and marks it applied.
 * A database that already has history is refused: it needs status/apply, not a baseline.
 */
export async function baselineDatabase(
  url: string,
  project: MigrationProject,
  shadow: ShadowDatabaseProvider,
): Promise<BaselineOutcome> {
  if ((await readMigrationRecords(url)).length > 0) {
    throw new BaselineRefusedError(
      "the database already has a migration history (_prisma_migrations has rows); use npm run db:migrate:status instead",
    );
  }
  return withMigrateLock(url, async () => {
    const session = await openEngineSession(project, url, shadow);
    try {
      if (project.migrations.length === 0) {
        const sql = await session.diff({ tag: "empty" }, session.live);
        if (sql === "")
          throw new BaselineRefusedError(
            "the database is empty: nothing to baseline; create a first migration with npm run db:migrate:new instead",
          );
        const name = "0_baseline";
        await mkdir(join(project.migrationsDir, name), { recursive: true });
        await writeFile(join(project.migrationsDir, name, "migration.sql"), sql, { flag: "wx" });
        await ensureLockfile(project);
        const reloaded = await loadMigrationProject({
          schemaPath: project.schema.path,
          migrationsDir: project.migrationsDir,
        });
        await session.engine.markMigrationApplied({ migrationName: name, migrationsList: reloaded.list() });
        const toSchema = await session.summary(session.live, schemaTarget(project.schema));
        return { marked: [name], written: join(project.migrationsDir, name, "migration.sql"), schemaDiffers: toSchema };
      }
      const difference = await session.summary({ tag: "migrations", ...project.list() }, session.live);
      if (difference !== "") {
        throw new BaselineRefusedError(
          `the live schema is not what ${project.migrationsDir} produces, so marking those migrations applied would hide the difference:\n${difference}`,
        );
      }
      for (const m of project.migrations)
        await session.engine.markMigrationApplied({ migrationName: m.name, migrationsList: project.list() });
      return { marked: project.migrations.map((m) => m.name) };
    } finally {
      await session.close();
    }
  });
}
