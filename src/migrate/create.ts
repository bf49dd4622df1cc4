/**
 * `db:migrate:new`: the non-interactive half of `prisma migrate dev`. It asks the schema engine for
 * the SQL that takes the migration history to `schema.prisma`, replaying the history in a shadow
 * database, and writes it as a new Prisma migration folder. It never connects to the target
 * database (the engine session has no target at all), and it never prompts.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openEngineSession } from "./engine/session.ts";
import type { ShadowDatabaseProvider } from "./engine/pg-migration-adapter.ts";
import { schemaTarget } from "./engine/schema-engine.ts";
import { ensureLockfile, type MigrationProject } from "./project.ts";

export interface NewMigration {
  /** The generated SQL; "" when schema.prisma already matches the history. */
  sql: string;
  /** Folder name written, e.g. `20261122143000_add_due_dates`; null when nothing was written. */
  name: string | null;
  /** Path of the written migration.sql; null when nothing was written. */
  path: string | null;
}

/** `Add due dates!` → `add_due_dates`; throws on a name with nothing usable in it. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`migration name "${name}" has no letters or digits; use something like "add_due_dates"`);
  if (slug.length > 200) throw new Error("migration name is longer than 200 characters");
  return slug;
}

function timestampOf(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * The folder name for a new migration: UTC timestamp + slug, always sorting after every existing
 * migration (two migrations made in the same second, or a clock behind the newest folder, would
 * otherwise apply in the wrong order).
 */
export function nextMigrationName(slug: string, existing: readonly string[], now: Date): string {
  let stamp = timestampOf(now);
  const newest = existing
    .map((n) => n.slice(0, 14))
    .filter((s) => /^\d{14}$/.test(s))
    .sort()
    .at(-1);
  if (newest && stamp <= newest) stamp = String(BigInt(newest) + 1n);
  return `${stamp}_${slug}`;
}

/** Generates the next migration and writes it unless it is empty. */
export async function createMigration(
  project: MigrationProject,
  name: string,
  shadow: ShadowDatabaseProvider,
  now = new Date(),
): Promise<NewMigration> {
  const slug = migrationSlug(name);
  if (project.lockfile !== null && !/provider\s*=\s*"postgresql"/.test(project.lockfile)) {
    throw new Error(
      `${join(project.migrationsDir, "migration_lock.toml")} is not for postgresql; this tool only handles PostgreSQL migrations`,
    );
  }
  const session = await openEngineSession(project, null, shadow);
  let sql: string;
  try {
    sql = await session.diff({ tag: "migrations", ...project.list() }, schemaTarget(project.schema));
  } finally {
    await session.close();
  }
  if (sql === "") return { sql, name: null, path: null };
  const folder = nextMigrationName(
    slug,
    project.migrations.map((m) => m.name),
    now,
  );
  const dir = join(project.migrationsDir, folder);
  await mkdir(dir, { recursive: true });
  const path = join(dir, "migration.sql");
  // `wx`: never overwrite a migration that is already there.
  await writeFile(path, sql, { flag: "wx" });
  await ensureLockfile(project);
  return { sql, name: folder, path };
}
