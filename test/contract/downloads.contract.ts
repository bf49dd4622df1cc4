import { describe, expect, it } from "vitest";
import { type ContractContext, countRows, expectCode, expectNotFound } from "./context.ts";

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

export function downloadsContract(ctx: ContractContext): void {
  describe("downloads", () => {
    it("upsertRelease is idempotent and keeps the download count", async () => {
      const input = {
        version: "1.0.0",
        platform: "linux-x64",
        url: "https://example.com/1.0.0/linux",
        releasedAt: day(1),
      };
      const created = await ctx.repos.downloads.upsertRelease(input);
      expect(created).toMatchObject({ ...input, count: 0 });
      expect(await ctx.repos.downloads.recordDownload({ version: "1.0.0", platform: "linux-x64" })).toBe(1);
      const again = await ctx.repos.downloads.upsertRelease({ ...input, url: "https://mirror.example.com/linux" });
      expect(again).toMatchObject({ id: created.id, url: "https://mirror.example.com/linux", count: 1 });
      await ctx.repos.downloads.upsertRelease({ ...input, url: "https://mirror.example.com/linux" });
      expect(await countRows(ctx.db, "downloads")).toBe(1);
    });

    it("latestPerPlatform returns each platform's newest release, ties broken by the highest version", async () => {
      const up = (version: string, platform: string, releasedAt: Date) =>
        ctx.repos.downloads.upsertRelease({
          version,
          platform,
          url: `https://example.com/${version}/${platform}`,
          releasedAt,
        });
      await up("1.0.0", "darwin-arm64", day(1));
      const macLatest = await up("1.1.0", "darwin-arm64", day(5));
      await up("1.0.0", "linux-x64", day(1));
      await up("1.0.1", "linux-x64", day(3));
      const linuxLatest = await up("1.0.2", "linux-x64", day(3));
      const winOnly = await up("0.9.0", "win32-x64", day(2));
      expect(await ctx.repos.downloads.latestPerPlatform()).toEqual([macLatest, linuxLatest, winOnly]);
    });

    it("50 concurrent recordDownload calls lose no increment", async () => {
      await ctx.repos.downloads.upsertRelease({
        version: "2.0.0",
        platform: "linux-x64",
        url: "https://example.com/2",
      });
      const counts = await Promise.all(
        Array.from({ length: 50 }, () =>
          ctx.repos.downloads.recordDownload({ version: "2.0.0", platform: "linux-x64" }),
        ),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const [row] = await ctx.db.query<{ count: number }>("SELECT count FROM downloads WHERE version = '2.0.0'");
      expect(row!.count).toBe(50);
    });

    it("recordDownload of an unknown release is NOT_FOUND; bad URLs are VALIDATION", async () => {
      await expectNotFound(ctx.repos.downloads.recordDownload({ version: "9.9.9", platform: "linux-x64" }), "Download");
      await expectCode(
        ctx.repos.downloads.upsertRelease({ version: "1", platform: "p", url: "javascript:alert(1)" }),
        "VALIDATION",
      );
      await expectCode(
        ctx.repos.downloads.upsertRelease({ version: "1", platform: "p", url: "not a url" }),
        "VALIDATION",
      );
      expect(await countRows(ctx.db, "downloads")).toBe(0);
    });
  });
}
