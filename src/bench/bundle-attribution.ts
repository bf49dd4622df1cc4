/**
 * What a bundle is made of, and what one bundle adds over another, from esbuild's metafile: the
 * minified bytes each input contributed to the output (`bytesInOutput`), summed per npm package
 * or per source folder. This is the measured cause printed beside a missed bundle-size target.
 */
import type { Metafile } from "esbuild";

/** Minified bytes in the bundle per group (an npm package, or a folder of this repository's src/). */
export type BundleGroups = Record<string, number>;

/** The entry module the benchmark writes into a temporary folder: its own few bytes. */
const ENTRY_GROUP = "(entry)";

/**
 * The group of one metafile input path: the package for anything under node_modules
 * (`@prisma/debug`, `pg`), the folder for this repository's sources (`src/compat/nested`).
 */
export function inputGroup(path: string): string {
  const packagePath = path.split("node_modules/").at(-1)!;
  if (packagePath !== path) {
    const parts = packagePath.split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  // Paths are relative to where esbuild ran: `src/compat/x.ts`, or `../repo/src/compat/x.ts`.
  const start = path.startsWith("src/") ? 0 : path.lastIndexOf("/src/") + 1;
  return start === 0 && !path.startsWith("src/") ? ENTRY_GROUP : path.slice(start, path.lastIndexOf("/"));
}

/** Minified bytes per group over every output of `metafile` (one output: the bundle). */
export function bundleGroups(metafile: Metafile): BundleGroups {
  const groups: BundleGroups = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const group = inputGroup(path);
      groups[group] = (groups[group] ?? 0) + input.bytesInOutput;
    }
  }
  return groups;
}

/** One group's share of the difference between two bundles. */
export interface GroupDifference {
  group: string;
  /** Minified bytes in the first bundle, in the second, and the difference (first − second). */
  bytes: number;
  baseBytes: number;
  addedBytes: number;
}

/**
 * How `bundle` differs from `base`, per group (in either bundle), largest addition first and largest
 * reduction last; groups of equal size are left out.
 */
export function bundleDifferences(bundle: BundleGroups, base: BundleGroups): GroupDifference[] {
  const groups = new Set([...Object.keys(bundle), ...Object.keys(base)]);
  return [...groups]
    .map((group) => {
      const bytes = bundle[group] ?? 0;
      const baseBytes = base[group] ?? 0;
      return { group, bytes, baseBytes, addedBytes: bytes - baseBytes };
    })
    .filter((d) => d.addedBytes !== 0)
    .sort((a, b) => b.addedBytes - a.addedBytes || a.group.localeCompare(b.group));
}
