/**
 * The throughput run (`npm run bench -- --load`): for each path, start what the path needs, open
 * every implementation with a pool of `poolSize`, warm each up, then sweep the concurrencies. At
 * each concurrency, every round runs every implementation for `durationMs` one after another, in
 * an order that rotates from round to round, so a slow moment of the shared machine hits them
 * alike. No latency is injected: under load the question is what client and server sustain.
 */
import { IMPLEMENTATIONS, type ImplementationName, type Repositories } from "../../repositories/index.ts";
import { benchEnvironment } from "../environment.ts";
import { benchOperations } from "../operations.ts";
import {
  openOnPath,
  PathUnavailableError,
  startPathServer,
  supports,
  type PathName,
  type PathServer,
} from "../paths/index.ts";
import { captureRoundTrips, nextIteration } from "../run.ts";
import { roundOrder, withTimeout } from "../sampler.ts";
import { slowedDown, type Slowdown } from "../slowdown.ts";
import { analyzeLoad, type MeasuredCell } from "./analysis.ts";
import { runClosedLoop } from "./driver.ts";
import { LOAD_FORMAT_VERSION, type LoadResults, type LoadSkip } from "./results.ts";

/** The defaults `npm run bench -- --load` documents. */
export const LOAD_DEFAULTS = {
  operation: "projects.getDetail",
  paths: ["pg", "pgbouncer", "neon-ws"] as PathName[],
  concurrencies: [1, 8, 32, 64],
  durationMs: 3000,
  rounds: 2,
  poolSize: 10,
  warmupMs: 500,
  callTimeoutMs: 10_000,
};

export interface LoadOptions {
  /** A migrated and seeded database the run may write to (its own scratch database). */
  databaseUrl: string;
  server: "embedded" | "DATABASE_URL";
  operation?: string;
  implementations?: ImplementationName[];
  paths?: PathName[];
  concurrencies?: number[];
  durationMs?: number;
  rounds?: number;
  poolSize?: number;
  warmupMs?: number;
  callTimeoutMs?: number;
  seedScale?: number;
  slowdown?: Slowdown;
  argv?: string[];
  log?: (line: string) => void;
}

type Settings = LoadResults["settings"];

function settingsOf(options: LoadOptions): Settings {
  const d = LOAD_DEFAULTS;
  return {
    operation: options.operation ?? d.operation,
    implementations: options.implementations ?? [...IMPLEMENTATIONS],
    paths: options.paths ?? d.paths,
    concurrencies: options.concurrencies ?? d.concurrencies,
    durationMs: options.durationMs ?? d.durationMs,
    rounds: options.rounds ?? d.rounds,
    poolSize: options.poolSize ?? d.poolSize,
    warmupMs: options.warmupMs ?? d.warmupMs,
    callTimeoutMs: options.callTimeoutMs ?? d.callTimeoutMs,
    slowdown: options.slowdown ?? null,
    argv: options.argv ?? [],
  };
}

const reasonOf = (error: unknown): string => String(error instanceof Error ? error.message : error).split("\n")[0]!;

/** Runs the sweep on one path's opened implementations; appends a MeasuredCell per implementation × concurrency. */
async function sweepPath(
  path: string,
  opened: Map<ImplementationName, (i: number) => Promise<unknown>>,
  s: Settings,
  out: MeasuredCell[],
  log: (line: string) => void,
): Promise<void> {
  const names = [...opened.keys()];
  for (const name of names)
    await runClosedLoop(opened.get(name)!, {
      concurrency: s.poolSize,
      durationMs: s.warmupMs,
      callTimeoutMs: s.callTimeoutMs,
    });
  for (const [index, concurrency] of s.concurrencies.entries()) {
    const cells = new Map<ImplementationName, MeasuredCell>(
      names.map((implementation) => [implementation, { path, implementation, concurrency, windows: [] }]),
    );
    for (let round = 0; round < s.rounds; round++) {
      for (const name of roundOrder(names, round + index)) {
        cells.get(name)!.windows.push(
          await runClosedLoop(opened.get(name)!, {
            concurrency,
            durationMs: s.durationMs,
            callTimeoutMs: s.callTimeoutMs,
          }),
        );
      }
    }
    out.push(...cells.values());
    const reqPerSec = (windows: MeasuredCell["windows"]) =>
      Math.round(
        (windows.reduce((a, w) => a + w.requests, 0) * 1000) /
          Math.max(
            1,
            windows.reduce((a, w) => a + w.elapsedMs, 0),
          ),
      );
    log(
      `bench --load: ${path} × ${concurrency}: ${names.map((n) => `${n} ${reqPerSec(cells.get(n)!.windows)} req/s`).join(", ")}`,
    );
  }
}

/** Opens every implementation that runs on `path`; the ones that cannot are recorded in `skipped`. */
async function openAll(
  path: PathName,
  server: PathServer,
  options: LoadOptions,
  s: Settings,
  skipped: LoadSkip[],
): Promise<Map<ImplementationName, Repositories>> {
  const opened = new Map<ImplementationName, Repositories>();
  for (const implementation of s.implementations as ImplementationName[]) {
    const support = supports(implementation, path);
    if (support !== true) {
      skipped.push({ path, implementation, reason: support });
      continue;
    }
    try {
      opened.set(
        implementation,
        await openOnPath(implementation, path, options.databaseUrl, server.endpoint, { poolSize: s.poolSize }),
      );
    } catch (error) {
      skipped.push({ path, implementation, reason: `could not open: ${reasonOf(error)}` });
    }
  }
  return opened;
}

/** Runs the load benchmark; see {@link LoadOptions} and the module comment. */
export async function runLoad(options: LoadOptions): Promise<LoadResults> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const s = settingsOf(options);
  const found = benchOperations(options.seedScale ?? 1).find((o) => o.name === s.operation);
  if (!found) throw new Error(`unknown operation "${s.operation}"; see npm run bench -- --list`);
  const op = found;
  // Iteration numbers per write lane, shared by the capture and the sweep: writes use them as keys.
  const counters = new Map<string, number>();
  // What one call sends per implementation: two implementations can differ there, not only in speed.
  const captures = await captureRoundTrips(
    options.databaseUrl,
    s.implementations as ImplementationName[],
    [op],
    counters,
  );
  const measured: MeasuredCell[] = [];
  const skipped: LoadSkip[] = [];
  const pathDescriptions: Record<string, string> = {};
  // A driver that throws from its own socket handler (the Neon driver did once in the latency run)
  // would end the process: while this run lasts, it fails the current path's calls (counted as
  // errors, with the reason) and the next path starts afresh.
  let crash: Error | undefined;
  const onCrash = (error: unknown) => {
    crash ??= new Error(`a driver crashed: ${reasonOf(error)}`, { cause: error });
    log(`bench --load: ${crash.message}`);
  };
  process.on("uncaughtException", onCrash);
  try {
    for (const path of s.paths as PathName[]) {
      crash = undefined;
      await loadPath(path);
      if (crash) skipped.push({ path, implementation: null, reason: `stopped: ${(crash as Error).message}` });
    }
  } finally {
    process.off("uncaughtException", onCrash);
  }
  return results();

  /** Starts the path, opens every implementation on it, sweeps, closes. */
  async function loadPath(path: PathName): Promise<void> {
    let server: PathServer;
    try {
      server = await startPathServer(path, options.databaseUrl);
    } catch (error) {
      if (!(error instanceof PathUnavailableError)) throw error;
      skipped.push({ path, implementation: null, reason: error.reason });
      log(`bench --load: ${path}: skipped: ${error.reason}`);
      return;
    }
    pathDescriptions[path] = `${server.description}; a pool of at most ${s.poolSize} connections per implementation`;
    const opened = await openAll(path, server, options, s, skipped);
    try {
      const calls = new Map(
        [...opened].map(([name, repos]) => {
          const lane = IMPLEMENTATIONS.indexOf(name);
          const call: () => Promise<unknown> = () =>
            crash ? Promise.reject(crash) : op.run(repos, nextIteration(counters, op.name, lane), lane);
          return [name, slowedDown(call, s.slowdown ?? undefined, name)] as const;
        }),
      );
      await sweepPath(path, calls, s, measured, log);
    } finally {
      for (const [name, repos] of opened)
        await withTimeout(repos.close(), 30_000, `closing ${name} on ${path}`).catch((error: unknown) =>
          log(`bench --load: ${reasonOf(error)}`),
        );
      await server.close();
    }
  }

  /** The run's results from what was measured. */
  async function results(): Promise<LoadResults> {
    return {
      formatVersion: LOAD_FORMAT_VERSION,
      generatedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      settings: s,
      environment: await benchEnvironment(options, pathDescriptions),
      pathDescriptions,
      cells: analyzeLoad(measured),
      captures,
      skipped,
    };
  }
}
