/**
 * Reading `prisma/migrations` in Prisma's own format: one folder per migration,
 * `<timestamp>_<name>/migration.sql`, applied in folder-name order, identified in
 * `_prisma_migrations` by folder name and the SHA-256 of the file.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

export const DEFAULT_MIGRATIONS_DIR = resolve(import.meta.dirname, "../../prisma/migrations");

export interface MigrationOnDisk {
  /** The folder name, e.g. `20261122100000_init`. */
  name: string;
  /** Path of `migration.sql`. */
  path: string;
  sql: string;
  /** SHA-256 hex of the file's bytes, as Prisma records it. */
  checksum: string;
}

function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Every migration folder, in the order they apply. */
export async function readMigrationsDir(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationOnDisk[]> {
  const entries = await readdir(dir);
  const out: MigrationOnDisk[] = [];
  for (const name of entries.sort()) {
    const folder = join(dir, name);
    if (!(await stat(folder)).isDirectory()) continue;
    const path = join(folder, "migration.sql");
    const sql = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      throw new Error(
        `migration folder ${folder} has no migration.sql: every folder in ${dir} must hold one (complete it or remove the folder)`,
        { cause: error },
      );
    });
    out.push({ name, path, sql, checksum: checksumOf(sql) });
  }
  return out;
}
