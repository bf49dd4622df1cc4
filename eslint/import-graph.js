/**
 * The project's import graph, read with the `typescript` package (no extra dependency): relative
 * imports only (static `import`/`export ... from` and `import("...")`), type-only ones included,
 * because a type-only cycle still ties two modules (and two folders) together.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const CANDIDATES = ["", ".ts", ".tsx", ".js", "/index.ts", "/index.js"];

/** The file a relative specifier names, or undefined (a package, or a file that does not exist). */
export function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  return CANDIDATES.map((ext) => base + ext).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** The relative imports in `text` (the content of `file`), resolved, in source order. */
export function importsIn(file, text) {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.flatMap((ref) => {
    const target = resolveImport(file, ref.fileName);
    return target ? [{ specifier: ref.fileName, target }] : [];
  });
}

/** `src/<folder>` for a file in a folder under `root/src`; the file's own path for anything else. */
export function folderOf(root, file) {
  const parts = relative(root, file).split(sep);
  return parts[0] === "src" && parts.length > 2 ? `src/${parts[1]}` : parts.join("/");
}

/** Files below `dir` with a TypeScript extension. */
function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** A path from `from` to `goal` in a graph given by `next`, as the nodes after `from`; or undefined. */
function pathTo(from, goal, next) {
  const seen = new Set([from]);
  const stack = [[from, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop();
    for (const target of next(node)) {
      if (target === goal) return [...path, target];
      if (seen.has(target)) continue;
      seen.add(target);
      stack.push([target, [...path, target]]);
    }
  }
  return undefined;
}

/** The import graph of the project at `root`: files on disk, read once per lint run. */
export class ProjectGraph {
  #root;
  #edges = new Map();
  #folders;

  constructor(root) {
    this.#root = root;
  }

  /** The files `file` imports. */
  targetsOf(file) {
    let targets = this.#edges.get(file);
    if (!targets) {
      targets = existsSync(file) ? importsIn(file, readFileSync(file, "utf8")).map((edge) => edge.target) : [];
      this.#edges.set(file, targets);
    }
    return targets;
  }

  /** Files from `from` (exclusive) to `goal` along imports, or undefined when `goal` is not reachable. */
  filePath(from, goal) {
    return from === goal ? [] : pathTo(from, goal, (file) => this.targetsOf(file));
  }

  /** Folder-level dependencies of everything under src/: folder -> the folders it imports from. */
  #folderGraph() {
    if (!this.#folders) {
      this.#folders = new Map();
      for (const file of sourceFiles(join(this.#root, "src"))) {
        const from = folderOf(this.#root, file);
        const targets = this.#folders.get(from) ?? new Set();
        for (const target of this.targetsOf(file)) {
          const to = folderOf(this.#root, target);
          if (to !== from) targets.add(to);
        }
        this.#folders.set(from, targets);
      }
    }
    return this.#folders;
  }

  /** Folders from `from` (exclusive) to `goal` along folder dependencies, or undefined. */
  folderPath(from, goal) {
    const graph = this.#folderGraph();
    return pathTo(from, goal, (folder) => graph.get(folder) ?? []);
  }

  folderOf(file) {
    return folderOf(this.#root, file);
  }

  relative(file) {
    return relative(this.#root, file).split(sep).join("/");
  }
}
