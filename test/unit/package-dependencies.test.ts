/**
 * The packed package runs its own code (bin/, scripts/, src/) in a team's project, where only
 * `dependencies` are installed. A package imported there but listed under `devDependencies` works
 * in this repo and fails in theirs (`orm-switch inventory` needs typescript, compat:fuzz fast-check,
 * schema:parity drizzle-kit, the cold-start step esbuild). Every bare import of shipped code must
 * name a dependency.
 */
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  files: string[];
  dependencies: Record<string, string>;
};

/** Source files of the shipped folders (`files` in package.json) that run: .ts, .js, .mjs. */
function shippedSources(): string[] {
  return manifest.files
    .map((entry) => path.join(ROOT, entry))
    .filter((p) => fs.existsSync(p) && fs.statSync(p).isDirectory())
    .flatMap((dir) =>
      fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .map((rel) => path.join(dir, rel))
        .filter((p) => /\.(ts|mts|js|mjs)$/.test(p) && !p.includes(`${path.sep}generated${path.sep}`)),
    );
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null for others. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) return null;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

/** Static and dynamic import specifiers of a module's text (type-only imports excluded). */
function importsOf(source: string): string[] {
  // Comments first: prose such as "the schema the applied history ... from" is no import.
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  const patterns = [
    /^\s*import\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm,
    /^\s*export\s+(?!type\s)[^"';]*?\sfrom\s+["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

describe("the package's dependencies", () => {
  it("lists every package that shipped code imports under dependencies", () => {
    const missing = new Map<string, string>();
    for (const file of shippedSources()) {
      for (const specifier of importsOf(fs.readFileSync(file, "utf8"))) {
        const name = packageOf(specifier);
        if (name && !(name in manifest.dependencies)) missing.set(name, path.relative(ROOT, file));
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
  });

  it("reads imports as the check needs (a self-test of the reader)", () => {
    const text = [
      'import ts from "typescript";',
      'import type { X } from "vitest";',
      'import { a, type B } from "@scope/pkg/sub";',
      'export { c } from "./local.ts";',
      'const m = await import("fast-check");',
      'import "node:fs";',
      "/** a comment: import x from the history */",
      '// import y from "not-imported"',
    ].join("\n");
    const named = importsOf(text).map(packageOf);
    expect(named.filter((n) => n !== null).sort()).toEqual(["@scope/pkg", "fast-check", "typescript"]);
    expect(named).toHaveLength(5);
  });
});
