import type { Download } from "../domain/types.ts";

export interface ReleaseInput {
  version: string;
  platform: string;
  /** An http(s) URL. */
  url: string;
  /** Default: now. */
  releasedAt?: Date;
}

/** Downloads: idempotent upsert, DISTINCT ON-style reads, atomic counters. */
export interface DownloadRepository {
  /**
   * Creates the release or updates its url and releasedAt; the download count is kept.
   * Calling it twice with the same input leaves one row.
   */
  upsertRelease(input: ReleaseInput): Promise<Download>;
  /** For each platform, its most recently released download (ties: highest version), by platform. */
  latestPerPlatform(): Promise<Download[]>;
  /** Atomically adds one to the count and returns the new count. @throws NOT_FOUND no such release. */
  recordDownload(input: { version: string; platform: string }): Promise<number>;
}
