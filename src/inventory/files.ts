/**
 * Which files of a codebase the inventory reads, and what each is: application code or a test,
 * and which package of a monorepo it belongs to. A real checkout holds dangling symlinks
 * (`apps/web/.env -> ../../.env`), unreadable folders and symlink loops: none of them may stop a
 * scan, so every file-system error here skips the entry and records it.
 */
import { type Dirent, existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** Folders never scanned: dependencies, build output, caches. */
export const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  "dist",
  "build",
  "coverage",
  ".next",
  ".turbo",
  ".tmp",
  ".vercel",
  ".output",
  ".svelte-kit",
]);

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/;

/** What a directory walk found, and what it had to skip (with why). */
export interface SourceListing {
  files: string[];
  skipped: { path: string; reason: string }[];
}

/** Every source file under `dir` (TypeScript and JavaScript), skipping what cannot be read. */
export function listSources(
  dir: string,
  exclude: (relativePath: string) => boolean,
  root = dir,
  out: SourceListing = { files: [], skipped: [] },
): SourceListing {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    out.skipped.push({ path: relative(root, dir), reason: errorCode(error) });
    return out;
  }
  for (const entry of entries.sort()) {
    if (SKIP_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    const rel = toPosix(relative(root, path));
    if (exclude(rel)) continue;
    const kind = entryKind(path);
    if (typeof kind === "object") out.skipped.push({ path: rel, reason: kind.reason });
    else if (kind === "dir") listSources(path, exclude, root, out);
    else if (kind === "file" && SOURCE_FILE.test(entry) && !DECLARATION_FILE.test(entry)) out.files.push(path);
  }
  return out;
}

/** A directory, a file, or why the entry cannot be used (a dangling link; a linked folder, which could loop). */
function entryKind(path: string): "dir" | "file" | "other" | { reason: string } {
  try {
    const link = lstatSync(path);
    if (link.isSymbolicLink()) {
      const target = statSync(path);
      // Linked folders are not followed: they can form loops and usually point outside the app.
      return target.isDirectory() ? { reason: "symlinked folder (not followed)" } : target.isFile() ? "file" : "other";
    }
    return link.isDirectory() ? "dir" : link.isFile() ? "file" : "other";
  } catch (error) {
    return { reason: errorCode(error) === "ENOENT" ? "dangling symlink" : errorCode(error) };
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

export function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** Turns a glob (`**`, `*`, `?`) into a matcher of slash-separated relative paths. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const regexes = patterns.map((pattern) => {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "*" && pattern[i + 1] === "*") {
        // `**/` matches any number of folders, including none.
        source += pattern[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += pattern[i + 2] === "/" ? 2 : 1;
      } else if (c === "*") source += "[^/]*";
      else if (c === "?") source += "[^/]";
      else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    // A pattern without a slash names a file or folder at any depth, as .gitignore does.
    const anywhere = !pattern.includes("/");
    return new RegExp(`^${anywhere ? "(?:.*/)?" : ""}${source}(?:/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

/** Test, spec and end-to-end files: counted apart, since moving them is not moving the app. */
const TEST_PATH =
  /(^|\/)(__tests__|__mocks__|tests?|e2e|cypress|playwright|spec)\/|\.(test|spec|e2e|e2e-spec)\.[cm]?[jt]sx?$/;

export function isTestFile(relativePath: string): boolean {
  return TEST_PATH.test(relativePath);
}

/**
 * The package a file belongs to: the nearest folder (up to the scanned root) holding a
 * package.json, named by its `name` field, else by its path. "." when it is the root's.
 */
export class PackageLocator {
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly root: string) {}

  packageOf(file: string): string {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const rel = relative(this.root, dir);
      if (rel.startsWith("..")) return ".";
      const name = this.nameAt(dir);
      if (name !== undefined) return name;
      if (rel === "") return ".";
    }
  }

  private nameAt(dir: string): string | undefined {
    if (this.cache.has(dir)) return this.cache.get(dir);
    let name: string | undefined;
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const rel = toPosix(relative(this.root, dir)) || ".";
      try {
        const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
        name = typeof parsed.name === "string" && parsed.name ? parsed.name : rel;
      } catch {
        name = rel;
      }
    }
    this.cache.set(dir, name);
    return name;
  }
}

/** The `name` of every package.json under `root`: the monorepo's own packages (imports of them are app code). */
export function localPackageNames(root: string): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIP_DIRS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "package.json") {
        try {
          const name = (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown }).name;
          if (typeof name === "string" && name) names.add(name);
        } catch {
          // An unreadable manifest names no package.
        }
      }
    }
  };
  walk(root);
  return names;
}
