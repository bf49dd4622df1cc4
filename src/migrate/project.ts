/**
 * The migration project on disk: `prisma/schema.prisma` and `prisma/migrations/` (Prisma's own
 * layout, so the official CLI and this project read and write the same files).
 */
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { migrationList } from "./engine/schema-engine.ts";
import { DEFAULT_MIGRATIONS_DIR, readMigrationsDir, type MigrationOnDisk } from "./migrations-dir.ts";

export const DEFAULT_SCHEMA_PATH = resolve(import.meta.dirname, "../../prisma/schema.prisma");

export interface MigrationProject {
  readonly schema: { path: string; content: string };
  readonly migrationsDir: string;
  readonly migrations: MigrationOnDisk[];
  /** `migration_lock.toml`, or null when the folder has none yet. */
  readonly lockfile: string | null;
  /** The engine's view of the folder, optionally limited to some migrations (by name). */
  list(only?: (name: string) => boolean): MigrationList;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Reads the schema and every migration. Missing schema file: an error naming the path. */
export async function loadMigrationProject(options: { schemaPath?: string; migrationsDir?: string } = {}): Promise<MigrationProject> {
  const schemaPath = resolve(options.schemaPath ?? DEFAULT_SCHEMA_PATH);
  const migrationsDir = resolve(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const content = await readIfExists(schemaPath);
  if (content === null) throw new Error(`no Prisma schema at ${schemaPath}`);
  const migrations = (await dirExists(migrationsDir)) ? await readMigrationsDir(migrationsDir) : [];
  const lockfile = await readIfExists(join(migrationsDir, "migration_lock.toml"));
  return {
    schema: { path: schemaPath, content },
    migrationsDir,
    migrations,
    lockfile,
    list: (only) => migrationList(migrationsDir, only ? migrations.filter((m) => only(m.name)) : migrations, lockfile),
  };
}

async function dirExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
