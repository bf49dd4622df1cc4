/**
 * The call-site inventory: how much of a codebase's Prisma usage the compat facade runs today.
 * `runInventory(dir)` scans with the TypeScript compiler API; scripts/inventory.ts is the CLI.
 */
import { relative } from "node:path";
import { findCallSites } from "./detect.ts";
import { loadProgram } from "./program.ts";
import { type Inventory, judge, summarize } from "./report.ts";

export type { Inventory, InventoryEntry, InventorySummary, Verdict } from "./report.ts";
export { renderMarkdown } from "./report.ts";

/** Scans `dir` (a TypeScript codebase, compiling or not) and judges every Prisma call site. */
export function runInventory(dir: string, options: { now?: Date } = {}): Inventory {
  const loaded = loadProgram(dir);
  const entries = loaded.files
    .flatMap((file) => findCallSites(file, loaded.checker, relative(loaded.root, file.fileName).split("\\").join("/")))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
    .map(judge);
  return {
    root: dir,
    generatedAt: (options.now ?? new Date()).toISOString(),
    files: loaded.files.length,
    fileSource: loaded.source,
    compilerDiagnostics: loaded.diagnostics,
    summary: summarize(entries),
    entries,
  };
}
