/** The inventory's file rules: --exclude globs, test-file classification, the safe directory walk. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { globMatcher, isTestFile, listSources } from "../../src/inventory/files.ts";
import { parseModels } from "../../src/inventory/schema.ts";

describe("inventory files", () => {
  it("matches globs as .gitignore does: no slash = any depth, ** = any folders", () => {
    const match = globMatcher(["*.stories.tsx", "scripts/**", "apps/*/e2e"]);
    expect(["a/b/c.stories.tsx", "scripts/x.ts", "scripts/a/b.ts", "apps/web/e2e/login.ts"].map(match)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["src/scripts.ts", "apps/web/src/e2e.ts", "c.stories.ts"].map(match)).toEqual([false, false, false]);
  });

  it("tells test, spec and e2e files from application code", () => {
    expect(
      [
        "src/a.test.ts",
        "src/a.spec.tsx",
        "e2e/login.ts",
        "apps/web/__tests__/x.ts",
        "packages/app-tests/e2e/a.ts",
        "test/x.mjs",
      ].map(isTestFile),
    ).toEqual([true, true, true, true, true, true]);
    expect(["src/testing-utils.ts", "src/contest.ts", "src/latest/x.ts"].map(isTestFile)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("skips dangling symlinks and linked folders instead of failing", () => {
    const dir = mkdtempSync(join(tmpdir(), "inventory-files-"));
    try {
      mkdirSync(join(dir, "apps/web"), { recursive: true });
      writeFileSync(join(dir, "apps/web/page.ts"), "export {};\n");
      symlinkSync("../../.env", join(dir, "apps/web/.env"));
      symlinkSync("..", join(dir, "apps/loop"));
      const listing = listSources(dir, () => false);
      expect(listing.files.map((f) => f.slice(dir.length + 1))).toEqual(["apps/web/page.ts"]);
      expect(listing.skipped).toEqual([
        { path: "apps/loop", reason: "symlinked folder (not followed)" },
        { path: "apps/web/.env", reason: "dangling symlink" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads model delegates and field kinds from schema text", () => {
    const models = parseModels(
      `model BlogPost {\n id String @id\n tags String[]\n meta Json?\n day DateTime @db.Date\n author User? @relation(fields: [a], references: [id])\n a String?\n}\nmodel User {\n id String @id\n posts BlogPost[] // the posts\n}`,
    );
    const post = models.get("blogPost")!;
    expect(Object.fromEntries(post.fields)).toEqual({
      id: "scalar",
      tags: "list",
      meta: "json",
      day: "unsupported",
      author: "relation",
      a: "scalar",
    });
    expect([...post.nullable].sort()).toEqual(["a", "author", "meta"]);
    expect([...models.get("user")!.toMany]).toEqual(["posts"]);
  });
});
