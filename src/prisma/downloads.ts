import type { DownloadRepository } from "../repositories/downloads.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";

export function prismaDownloads({ db }: PrismaContext): DownloadRepository {
  return {
    upsertRelease: ({ version, platform, url, releasedAt }) =>
      translating("Download", "write", () =>
        db.download.upsert({
          where: { version_platform: { version, platform } },
          create: { version, platform, url, releasedAt },
          update: { url, releasedAt },
        }),
      ),
    latestPerPlatform: () =>
      translating("Download", "write", () =>
        db.download.findMany({
          distinct: ["platform"],
          orderBy: [{ platform: "asc" }, { releasedAt: "desc" }, { version: "desc" }],
        }),
      ),
    recordDownload: ({ version, platform }) =>
      translating("Download", "write", async () => {
        const row = await db.download.update({
          where: { version_platform: { version, platform } },
          data: { count: { increment: 1 } },
          select: { count: true },
        });
        return row.count;
      }),
  };
}
