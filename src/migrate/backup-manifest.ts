/**
 * `manifest.json`, written beside every backup's data: what was backed up, from which server, how,
 * and how many rows each table had in the snapshot. Restore trusts nothing else: it checks the data
 * files against the manifest's checksums before loading and the loaded row counts after.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BackupColumn } from "./backup-catalog.ts";
import type { CatalogKind } from "./catalog.ts";

/** Bumped whenever the layout changes incompatibly; restore refuses versions it does not know. */
export const BACKUP_FORMAT_VERSION = 1;

export const MANIFEST_FILE = "manifest.json";

/** How the data was written: `copy` is this project's NDJSON format, `pg_dump` a custom-format archive. */
export type BackupMethod = "pg_dump" | "copy";

/** One table in a backup. */
export interface ManifestTable {
  name: string;
  /** Rows in the snapshot the backup was taken from. */
  rows: number;
  columns: BackupColumn[];
  /** `copy` only: the NDJSON file (relative to the backup folder) and its SHA-256. */
  file?: string;
  sha256?: string;
}

/** A sequence's state when the backup was taken (`copy` only; pg_dump archives carry their own). */
export interface ManifestSequence {
  name: string;
  /** `null` when nextval was never called. */
  lastValue: string | null;
}

/** The whole manifest. */
export interface BackupManifest {
  formatVersion: number;
  tool: "orm-switch";
  method: BackupMethod;
  /** ISO time the snapshot was taken. */
  createdAt: string;
  source: { host: string; port: string; database: string; user: string };
  server: { version: string; versionNum: number };
  tables: ManifestTable[];
  sequences: ManifestSequence[];
  /** `pg_dump` only: the archive, its SHA-256 and the pg_dump that wrote it. */
  pgDump?: { file: string; sha256: string; version: string };
  /**
   * The snapshot's schema (catalog and applied migrations), so restore can tell when the live schema
   * has moved on and can rebuild it (restore-schema.ts). Absent in backups written before it existed.
   */
  schema?: SnapshotSchema;
  /** How the row counts relate to the data (printed by restore, kept for whoever reads the folder). */
  notes: string[];
}

/** Writes `manifest.json` into `dir`. */
export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and sanity-checks `dir/manifest.json`; throws with a message naming the problem. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new Error(`${path} not found: is ${dir} a folder written by db:backup?`);
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (manifest.tool !== "orm-switch" || !Array.isArray(manifest.tables))
    throw new Error(`${path} is not an orm-switch backup manifest`);
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new Error(
      `${path} has format version ${manifest.formatVersion}; this version of orm-switch reads ${BACKUP_FORMAT_VERSION}`,
    );
  }
  return manifest;
}

/** SHA-256 hex of a file, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A catalog as JSON can hold it: per kind, [name, description] pairs. */
export type StoredCatalog = Partial<Record<CatalogKind, [string, string][]>>;

/** What a backup records about its snapshot's schema (read inside the snapshot's transaction). */
export interface SnapshotSchema {
  catalog: StoredCatalog;
  /** Migrations finished and not rolled back, oldest first, with their checksums. */
  migrations: { name: string; checksum: string }[];
}
