/**
 * The call-site inventory: how much of a codebase's Prisma usage the compat facade runs today.
 * `runInventory(dir)` scans with the TypeScript compiler API; scripts/inventory.ts is the CLI.
 */
import { relative } from "node:path";
import { findCallSites } from "./detect.ts";
import { globMatcher, isTestFile, localPackageNames, PackageLocator, toPosix } from "./files.ts";
import { loadProgram } from "./program.ts";
import { INVENTORY_FORMAT_VERSION, type Inventory, judge, summarize } from "./report.ts";
import { loadAppSchema } from "./schema.ts";

export type { Inventory, InventoryEntry, InventorySummary, Verdict, VerdictCounts } from "./report.ts";
export { INVENTORY_FORMAT_VERSION, renderMarkdown } from "./report.ts";

/** Options of {@link runInventory}. */
export interface InventoryOptions {
  /** Timestamp to report (tests pin it). */
  now?: Date;
  /** Globs of files or folders to leave out entirely (`**\/*.stories.ts`, `scripts/`). */
  exclude?: readonly string[];
  /** schema.prisma file or folder; default: every .prisma file under `dir`. */
  schema?: string;
}

/** Scans `dir` (a TypeScript or JavaScript codebase, compiling or not) and judges every Prisma call site. */
export function runInventory(dir: string, options: InventoryOptions = {}): Inventory {
  const exclude = options.exclude ?? [];
  const loaded = loadProgram(dir, globMatcher(exclude));
  const schema = loadAppSchema(loaded.root, options.schema);
  const packages = new PackageLocator(loaded.root);
  const localPackages = localPackageNames(loaded.root);
  const entries = loaded.files
    .flatMap((file) => {
      const rel = toPosix(relative(loaded.root, file.fileName));
      const place = {
        kind: isTestFile(rel) ? ("test" as const) : ("source" as const),
        package: packages.packageOf(file.fileName),
      };
      return findCallSites(file, loaded.checker, rel, schema, localPackages).map((site) => ({ site, place }));
    })
    .sort(
      (a, b) => a.site.file.localeCompare(b.site.file) || a.site.line - b.site.line || a.site.column - b.site.column,
    )
    .map(({ site, place }) => judge(site, place));
  return {
    formatVersion: INVENTORY_FORMAT_VERSION,
    root: dir,
    generatedAt: (options.now ?? new Date()).toISOString(),
    files: loaded.files.length,
    fileSource: loaded.source,
    compilerDiagnostics: loaded.diagnostics,
    schemaFiles: (schema?.files ?? []).map((f) => toPosix(relative(loaded.root, f))),
    skipped: loaded.skipped,
    excluded: [...exclude],
    summary: summarize(entries),
    entries,
  };
}
