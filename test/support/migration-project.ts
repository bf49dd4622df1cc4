/**
 * A scratch copy of the project's `prisma/` folder (schema + migrations) in a temp directory, so a
 * test can add migrations or edit the schema without touching the repository's own files.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach } from "vitest";
import { loadMigrationProject, type MigrationProject } from "../../src/migrate/project.ts";

const PRISMA_DIR = resolve(import.meta.dirname, "../../prisma");

export interface ScratchProject {
  readonly dir: string;
  readonly schemaPath: string;
  readonly migrationsDir: string;
  /** Adds `<name>/migration.sql`. */
  addMigration(name: string, sql: string): Promise<void>;
  /** Rewrites a file of the project (relative to the scratch prisma/ folder). */
  write(relative: string, content: string): Promise<void>;
  read(relative: string): Promise<string>;
  load(): Promise<MigrationProject>;
  remove(): Promise<void>;
}

/** Copies prisma/ (or only schema.prisma when `withMigrations` is false) to a temp directory. */
export async function scratchProject(options: { withMigrations?: boolean } = {}): Promise<ScratchProject> {
  const dir = await mkdtemp(join(tmpdir(), "orm-switch-prisma-"));
  await cp(join(PRISMA_DIR, "schema.prisma"), join(dir, "schema.prisma"));
  if (options.withMigrations ?? true)
    await cp(join(PRISMA_DIR, "migrations"), join(dir, "migrations"), { recursive: true });
  else await mkdir(join(dir, "migrations"));
  const schemaPath = join(dir, "schema.prisma");
  const migrationsDir = join(dir, "migrations");
  return {
    dir,
    schemaPath,
    migrationsDir,
    async addMigration(name, sql) {
      await mkdir(join(migrationsDir, name));
      await writeFile(join(migrationsDir, name, "migration.sql"), sql);
    },
    write: (relative, content) => writeFile(join(dir, relative), content),
    read: (relative) => readFile(join(dir, relative), "utf8"),
    load: () => loadMigrationProject({ schemaPath, migrationsDir }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Registers cleanup after each test and returns a function that makes a scratch project. */
export function useScratchProjects(): (options?: { withMigrations?: boolean }) => Promise<ScratchProject> {
  const made: ScratchProject[] = [];
  afterEach(async () => {
    for (const p of made.splice(0)) await p.remove();
  });
  return async (options) => {
    const p = await scratchProject(options);
    made.push(p);
    return p;
  };
}
