/** Downloads through Drizzle: ON CONFLICT upsert, DISTINCT ON, an atomic in-place increment. */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { notFound } from "../domain/errors.ts";
import type { DownloadRepository } from "../repositories/downloads.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toDownload } from "./mappers.ts";
import { downloads } from "./schema.ts";
import { excluded, placeholderOf } from "./sql-helpers.ts";

/** The download repository on `ctx`. */
export function drizzleDownloads({ db, prepared }: DrizzleContext): DownloadRepository {
  // Prepared once (DrizzleContext.prepared). The increment sets `updatedAt` itself: an $onUpdate
  // value would be computed once, when the statement is built.
  const latest = () =>
    prepared("downloads.latestPerPlatform", (name) =>
      db
        .selectDistinctOn([downloads.platform])
        .from(downloads)
        .orderBy(asc(downloads.platform), desc(downloads.releasedAt), desc(downloads.version))
        .prepare(name),
    );
  const increment = () =>
    prepared("downloads.recordDownload", (name) =>
      db
        .update(downloads)
        .set({ count: sql`${downloads.count} + 1`, updatedAt: placeholderOf(downloads.updatedAt, "now") })
        .where(
          and(eq(downloads.version, sql.placeholder("version")), eq(downloads.platform, sql.placeholder("platform"))),
        )
        .returning({ count: downloads.count })
        .prepare(name),
    );
  return {
    // One statement, race-free: the unique (version, platform) index arbitrates. `count` is not in
    // the SET list, so it survives; `updatedAt` is set by hand because $onUpdate applies to update()
    // only, not to ON CONFLICT DO UPDATE.
    upsertRelease: (input) =>
      translateErrors(async () => {
        const [row] = await db
          .insert(downloads)
          .values({ version: input.version, platform: input.platform, url: input.url, releasedAt: input.releasedAt })
          .onConflictDoUpdate({
            target: [downloads.version, downloads.platform],
            set: { url: excluded(downloads.url), releasedAt: excluded(downloads.releasedAt), updatedAt: new Date() },
          })
          .returning();
        return toDownload(row!);
      }),

    latestPerPlatform: () =>
      translateErrors(async () => {
        const rows = await latest().execute();
        return rows.map(toDownload);
      }),

    // `count = count + 1` in the database: concurrent calls serialize on the row lock and none is lost.
    recordDownload: (input) =>
      translateErrors(async () => {
        const [row] = await increment().execute({ version: input.version, platform: input.platform, now: new Date() });
        if (!row) throw notFound("Download", { version: input.version, platform: input.platform });
        return row.count;
      }),
  };
}
