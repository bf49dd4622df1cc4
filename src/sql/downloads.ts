/** Downloads in hand-written SQL: ON CONFLICT upsert, DISTINCT ON, an in-place atomic increment. */
import { notFound } from "../domain/errors.ts";
import type { DownloadRepository } from "../repositories/downloads.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { newId } from "../domain/ids.ts";
import { type DownloadRow, onlyRow, toDownload } from "./rows.ts";

// The unique (version, platform) index arbitrates concurrent upserts. `count` is not in the SET list,
// so it survives; on conflict the new id ($1) is simply discarded.
const UPSERT_RELEASE = named(
  "orm_switch.sql.downloads.upsert_release",
  `
  INSERT INTO downloads (id, version, platform, url, count, released_at, updated_at)
  VALUES ($1, $2, $3, $4, 0, $5, $6)
  ON CONFLICT (version, platform) DO UPDATE
  SET url         = EXCLUDED.url,
      released_at = EXCLUDED.released_at,
      updated_at  = EXCLUDED.updated_at
  RETURNING id, version, platform, url, count, released_at, updated_at`,
);

// One row per platform: the first in (released_at DESC, version DESC) order.
const LATEST_PER_PLATFORM = named(
  "orm_switch.sql.downloads.latest_per_platform",
  `
  SELECT DISTINCT ON (platform) id, version, platform, url, count, released_at, updated_at
  FROM downloads
  ORDER BY platform, released_at DESC, version DESC`,
);

// `count + 1` is computed under the row lock the UPDATE takes, so concurrent calls queue and none is
// lost. updated_at moves too, as Prisma's @updatedAt does on every update.
const RECORD_DOWNLOAD = named(
  "orm_switch.sql.downloads.record_download",
  `
  UPDATE downloads
  SET count = count + 1, updated_at = $3
  WHERE version = $1 AND platform = $2
  RETURNING count`,
);

/** The download repository on `db`. */
export function sqlDownloads(db: SqlExecutor): DownloadRepository {
  return {
    upsertRelease: (input) =>
      translateErrors(async () => {
        const now = new Date();
        const { rows } = await db.query<DownloadRow>(UPSERT_RELEASE, [
          newId(),
          input.version,
          input.platform,
          input.url,
          input.releasedAt ?? now,
          now,
        ]);
        return toDownload(onlyRow(rows));
      }),

    latestPerPlatform: () =>
      translateErrors(async () => {
        const { rows } = await db.query<DownloadRow>(LATEST_PER_PLATFORM);
        return rows.map(toDownload);
      }),

    recordDownload: (input) =>
      translateErrors(async () => {
        const { rows } = await db.query<{ count: number }>(RECORD_DOWNLOAD, [
          input.version,
          input.platform,
          new Date(),
        ]);
        if (!rows[0]) throw notFound("Download", { version: input.version, platform: input.platform });
        return rows[0].count;
      }),
  };
}
