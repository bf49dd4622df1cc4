/**
 * Cold start and bundle size, measured the way a serverless deployment pays them: each
 * implementation's entry is bundled with esbuild (minified, every dependency included, as a
 * function bundle would be), and the bundle is started in a fresh `node` process that opens the
 * repositories and runs one query. Samples are interleaved across implementations so machine
 * noise hits every one alike.
 *
 * The benchmark runs it per path (`measureEntries`); the evaluation calls `measureColdStart` for its
 * own measurement on the pg/TCP path, used when the benchmark's full matrix is not run.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import type { ImplementationName } from "../repositories/index.ts";
import { type BundleGroups, bundleGroups } from "./bundle-attribution.ts";

const run = promisify(execFile);

/** Cold starts as results.json records them: median time to the first query, per implementation. */
export interface ColdStartSection {
  path: string;
  note: string;
  implementations: Record<
    string,
    {
      medianMs: number;
      samples: number;
      importMs?: number;
      firstQueryMs?: number;
      samplesMs?: number[];
      /** Per sample: process start to the bundle evaluated (the rest of `samplesMs` is the first query). */
      importSamplesMs?: number[];
    }
  >;
}

/** Bundle sizes as results.json records them, per implementation. */
export interface BundleSection {
  note: string;
  implementations: Record<string, { rawBytes: number; gzipBytes: number; entry?: string; groups?: BundleGroups }>;
}

const SRC = resolve(import.meta.dirname, "..");

/** Each implementation's factory: the module and the function an application would import. */
const ENTRIES: Record<ImplementationName, { module: string; factory: string }> = {
  prisma: { module: "prisma/repositories.ts", factory: "createPrismaRepositories" },
  drizzle: { module: "drizzle/repositories.ts", factory: "createDrizzleRepositories" },
  sql: { module: "sql/repositories.ts", factory: "createSqlRepositories" },
  "prisma-on-drizzle": { module: "compat/prisma-on-drizzle.ts", factory: "createPrismaOnDrizzleRepositories" },
};

/**
 * The entry: open the repositories on the URL given as argument, read one (absent) user, and
 * print the times since the process started. `performance.now()` counts from the process's time
 * origin, so the first figure includes Node's own start and the bundle's evaluation.
 */
function entrySource(name: ImplementationName): string {
  const { module, factory } = ENTRIES[name];
  return `import { ${factory} } from ${JSON.stringify(join(SRC, module))};
const loaded = performance.now();
const repos = ${factory}({ url: process.argv[2] });
await repos.users.findById("ccoldstart000000000000000");
const done = performance.now();
await repos.close();
process.stdout.write(JSON.stringify({ importMs: loaded, totalMs: done }));
`;
}

export interface ColdStartMeasurement {
  coldStart: ColdStartSection;
  bundle: BundleSection;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (x: number): number => Math.round(x * 10) / 10;

/** One program to bundle and start: `source` is an entry module printing `{ importMs, totalMs }`. */
export interface ColdStartEntry {
  key: string;
  source: string;
}

/** Per entry: bundle size and the cold-start samples. */
export interface EntryMeasurement {
  rawBytes: number;
  gzipBytes: number;
  /** Minified bytes per npm package or source folder, from esbuild's metafile. */
  groups: BundleGroups;
  importMs: number[];
  totalMs: number[];
}

/**
 * Bundles `entry` into `outfile` as a serverless function bundle would be: ESM for Node 20,
 * minified, every dependency included. Returns esbuild's metafile (which input files went in, and
 * through which imports), the evidence for what a bundle carries.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    metafile: true,
    logLevel: "silent",
    // CommonJS dependencies (pg) call require() for Node's built-ins; an ES module has none.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return result.metafile;
}

/**
 * Bundles each entry with esbuild (ESM for Node 20, minified, every dependency included) and starts
 * each bundle `samples` times in a fresh `node` process with `args`, interleaved across entries.
 */
export async function measureEntries(
  entries: ColdStartEntry[],
  args: string[],
  options: { samples?: number; progress?: (line: string) => void } = {},
): Promise<Map<string, EntryMeasurement>> {
  const samples = options.samples ?? 5;
  const dir = await mkdtemp(join(tmpdir(), "orm-switch-cold-"));
  try {
    const out = new Map<string, EntryMeasurement & { file: string }>();
    for (const [index, e] of entries.entries()) {
      const entry = join(dir, `entry-${index}.ts`);
      const outfile = join(dir, `bundle-${index}.mjs`);
      await writeFile(entry, e.source);
      const metafile = await bundleForNode(entry, outfile);
      const bytes = await readFile(outfile);
      out.set(e.key, {
        file: outfile,
        rawBytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
        groups: bundleGroups(metafile),
        importMs: [],
        totalMs: [],
      });
      options.progress?.(`bundled ${e.key}: ${Math.round(bytes.length / 1024)} KiB minified`);
    }
    for (let i = 0; i < samples; i++) {
      // Interleaved: A B C D, A B C D, ... so a slow moment on the machine is shared.
      for (const m of out.values()) {
        const { stdout } = await run(process.execPath, [m.file, ...args], { timeout: 60_000 });
        const sample = JSON.parse(stdout) as { importMs: number; totalMs: number };
        m.importMs.push(sample.importMs);
        m.totalMs.push(sample.totalMs);
      }
      options.progress?.(`cold-start round ${i + 1}/${samples}`);
    }
    return new Map([...out].map(([key, { file: _file, ...m }]) => [key, m]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bundles every implementation and starts each bundle `samples` times against `url`. */
export async function measureColdStart(
  url: string,
  implementations: ImplementationName[],
  options: { samples?: number; progress?: (line: string) => void } = {},
): Promise<ColdStartMeasurement> {
  const samples = options.samples ?? 5;
  const measured = await measureEntries(
    implementations.map((name) => ({ key: name, source: entrySource(name) })),
    [url],
    { samples, progress: options.progress },
  );
  const bundle: BundleSection = {
    note: `esbuild ${(await import("esbuild")).version}, ESM for Node 20, minified, every dependency included (gzip level 9).`,
    implementations: {},
  };
  const coldStart: ColdStartSection = {
    path: "pg (TCP)",
    note: `${samples} fresh node ${process.version} processes per implementation, interleaved, each running its minified bundle against this run's database: process start to bundle loaded, then client creation, connection and the first query's result.`,
    implementations: {},
  };
  for (const name of implementations) {
    const m = measured.get(name)!;
    bundle.implementations[name] = {
      rawBytes: m.rawBytes,
      gzipBytes: m.gzipBytes,
      entry: `src/${ENTRIES[name].module} (${ENTRIES[name].factory})`,
      groups: m.groups,
    };
    const importMs = median(m.importMs);
    const totalMs = median(m.totalMs);
    coldStart.implementations[name] = {
      medianMs: round(totalMs),
      samples: m.totalMs.length,
      importMs: round(importMs),
      firstQueryMs: round(totalMs - importMs),
      samplesMs: m.totalMs.map(round),
      importSamplesMs: m.importMs.map(round),
    };
  }
  return { coldStart, bundle };
}
