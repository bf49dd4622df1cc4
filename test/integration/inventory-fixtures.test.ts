/**
 * The inventory against apps written for it with known answers (test/fixtures/apps/): every call
 * site carries a trailing `// expect: <verdict> ...` comment (one word per call site starting on
 * that line, left to right; `none` when the calls there are not Prisma's; `$extends` for the
 * verdict the capability table gives `$extends`). The inventory's call sites, verdicts and counts
 * must equal those answers exactly: no extra site, no missing one.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNSUPPORTED_FEATURES } from "../../src/compat/capabilities.ts";
import { inventoryMain } from "../../src/inventory/cli.ts";
import { isTestFile } from "../../src/inventory/files.ts";
import {
  INVENTORY_FORMAT_VERSION,
  type Inventory,
  renderMarkdown,
  runInventory,
  type VerdictCounts,
} from "../../src/inventory/index.ts";

const APPS = resolve(import.meta.dirname, "../fixtures/apps");

/** The verdict the facade's table gives `$extends` (another change may make it supported). */
const EXTENDS_VERDICT = UNSUPPORTED_FEATURES.$extends ? "blocked" : "movable";

interface Answer {
  location: string;
  verdicts: string[];
}

/** The `// expect:` answers of every source file under `dir`. */
function answers(dir: string, root = dir): Answer[] {
  const out: Answer[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...answers(path, root));
    else if (/\.(ts|mjs)$/.test(entry.name)) {
      readFileSync(path, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const match = line.match(/\/\/ expect: (.+)$/);
          if (match)
            out.push({
              location: `${relative(root, path).split("\\").join("/")}:${i + 1}`,
              verdicts: match[1]!
                .trim()
                .split(/\s+/)
                .map((v) => (v === "$extends" ? EXTENDS_VERDICT : v)),
            });
        });
    }
  }
  return out;
}

/** The inventory's answer in the same form: verdicts per line, left to right. */
function found(inventory: Inventory): Map<string, string[]> {
  const byLine = new Map<string, string[]>();
  for (const e of inventory.entries) byLine.set(e.location, [...(byLine.get(e.location) ?? []), e.verdict]);
  return byLine;
}

function expectedCounts(list: Answer[], tests: boolean): VerdictCounts {
  const verdicts = list
    .filter((a) => isTestFile(a.location.replace(/:\d+$/, "")) === tests)
    .flatMap((a) => a.verdicts)
    .filter((v) => v !== "none");
  const n = (v: string): number => verdicts.filter((x) => x === v).length;
  return { total: verdicts.length, movable: n("movable"), blocked: n("blocked"), review: n("review") };
}

function compare(inventory: Inventory, dir: string): void {
  const known = answers(dir);
  const got = found(inventory);
  const want = new Map(known.filter((a) => a.verdicts[0] !== "none").map((a) => [a.location, a.verdicts]));
  expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
  const s = inventory.summary;
  expect({ total: s.total, movable: s.movable, blocked: s.blocked, review: s.review }).toEqual(
    expectedCounts(known, false),
  );
  expect(s.tests).toEqual(expectedCounts(known, true));
}

describe("inventory of the fixture apps", () => {
  let scratch = "";
  let untypedDir = "";
  let untyped: Inventory;

  beforeAll(() => {
    // A copy, so the dangling symlink real checkouts hold (`apps/web/.env -> ../../.env`) can be added.
    scratch = mkdtempSync(join(tmpdir(), "inventory-fixtures-"));
    untypedDir = join(scratch, "untyped");
    cpSync(join(APPS, "untyped"), untypedDir, { recursive: true });
    mkdirSync(join(untypedDir, "apps/web"), { recursive: true });
    symlinkSync("../../.env", join(untypedDir, "apps/web/.env"));
    untyped = runInventory(untypedDir);
  }, 120_000);
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("untyped app: every call site and verdict equals the known answers", () => {
    compare(untyped, untypedDir);
  });

  it("untyped app: says types did not resolve, and why call sites need review, grouped", () => {
    const s = untyped.summary;
    expect(s.typesResolved).toBe("no");
    expect(s.typesNote).toMatch(/did not resolve/);
    expect(s.detection.type).toBe(0);
    expect(s.reviewReasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        "filter or data assembled by mutation (`x.key = ...`, `.push(...)`)",
        "filter value of unknown shape (relation or Json field)",
      ]),
    );
    expect(s.topBlockers[0]!.callSites).toBeGreaterThanOrEqual(s.topBlockers.at(-1)!.callSites);
    expect(untyped.skipped).toEqual([{ path: "apps/web/.env", reason: "dangling symlink" }]);
    expect(untyped.schemaFiles).toEqual(["prisma/schema.prisma"]);
    expect(untyped.formatVersion).toBe(INVENTORY_FORMAT_VERSION);
  });

  it("untyped app: names the facade's refusal for each blocked call site", () => {
    const reasons = (needle: string): string[] => untyped.entries.find((e) => e.snippet.includes(needle))!.reasons;
    expect(reasons("take: -5")).toEqual(["groupBy with a negative take"]);
    expect(reasons("having:")).toEqual(["having on `…` at the top level"]);
    // A cursor over a nullable field runs on the facade: movable, with nothing to report.
    expect(reasons("cursor: { id }")).toEqual([]);
    expect(reasons("document.findMany")).toEqual(['reading the … column "…"']);
    expect(reasons("{ where })")).toEqual(["Json path filters"]);
  });

  it("--exclude leaves files out entirely", () => {
    const without = runInventory(untypedDir, { exclude: ["e2e/**", "*.spec.ts", "src/sdk.ts"] });
    expect(without.summary.tests.total).toBe(0);
    expect(without.summary.total).toBe(untyped.summary.total);
    expect(without.excluded).toEqual(["e2e/**", "*.spec.ts", "src/sdk.ts"]);
  });

  it("monorepo: verdicts equal the answers, rolled up per package", () => {
    const dir = join(APPS, "monorepo");
    const inventory = runInventory(dir);
    compare(inventory, dir);
    const pkg = inventory.summary.byPackage;
    expect(Object.keys(pkg)).toEqual(["@acme/api", "@acme/worker"]);
    expect(pkg["@acme/api"]).toMatchObject({ total: 3, movable: 2, blocked: 1, review: 0 });
    expect(pkg["@acme/worker"]).toMatchObject({ total: 3, movable: 2, blocked: 0, review: 1 });
    const md = renderMarkdown(inventory);
    expect(md).toContain("| @acme/api | 3 | 2 | 1 | 0 | 66.7 % |");
    expect(md).toContain("## Top blockers");
    expect(md).toContain("## Why call sites need review");
  });

  it("JSON output is stable: two runs differ in nothing but generatedAt", () => {
    const dir = join(APPS, "monorepo");
    const now = new Date("2026-01-01T00:00:00Z");
    expect(JSON.stringify(runInventory(dir, { now }))).toBe(JSON.stringify(runInventory(dir, { now })));
  });

  it("typed app: Omit-typed transaction clients and $extends results found by type", () => {
    const dir = join(APPS, "typed");
    const inventory = runInventory(dir);
    compare(inventory, dir);
    expect(inventory.summary.typesResolved).toBe("yes");
  }, 60_000);
});

describe("inventory command line", () => {
  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = "";
    let err = "";
    const code = await inventoryMain(argv, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  };

  it("--help prints the usage and the exit codes", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: npm run inventory/);
    expect(out).toMatch(/Exit codes: 0 .*; 1 .*; 2 /s);
  });

  it("bad input is one line on stderr and exit code 2", async () => {
    for (const argv of [["--bogus"], [], [join(APPS, "does-not-exist")], [join(APPS, "untyped/package.json")]]) {
      const { code, err } = await run(...argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(err.trim().split("\n")).toHaveLength(1);
      expect(err).not.toMatch(/\bat .*:\d+:\d+/);
    }
  });

  it("writes inventory.json with its format version and prints the summary line", async () => {
    const out = mkdtempSync(join(tmpdir(), "inventory-out-"));
    try {
      const { code, out: stdout } = await run(join(APPS, "monorepo"), "--out", out);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^4\/6 Prisma call sites movable/);
      const json = JSON.parse(readFileSync(join(out, "inventory.json"), "utf8")) as Inventory;
      expect(json.formatVersion).toBe(INVENTORY_FORMAT_VERSION);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
