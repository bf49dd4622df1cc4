/**
 * The benchmark run: for each path, start what the path needs (src/bench/paths), put the latency
 * proxy in front of it, open every implementation through it, then for each RTT sample every
 * operation × implementation interleaved. Round trips are also counted from the statements each
 * implementation sends (captured on the pg path), so the fitted slope can be checked against them.
 */
import { createCapturedPool, QueryCapture } from "../capture/index.ts";
import { ownPool } from "../db/pool.ts";
import { measureEntries } from "./cold-start.ts";
import { benchEnvironment } from "./environment.ts";
import { openRepositories } from "../implementations.ts";
import { IMPLEMENTATIONS, type ImplementationName, type Repositories } from "../repositories/index.ts";
import { startLatencyProxy, type LatencyProxy } from "./net/latency-proxy.ts";
import { benchOperations, type BenchOperation } from "./operations.ts";
import {
  notSupportedOnPath,
  openOnPath,
  PathUnavailableError,
  startPathServer,
  supports,
  type PathName,
  type PathServer,
} from "./paths/index.ts";
import {
  BENCH_FORMAT_VERSION,
  type BenchCapture,
  type BenchCell,
  type BenchResults,
  type BenchSkip,
  type ColdStartCell,
  type ShippedColdStart,
} from "./results.ts";
import { analyzeCells } from "./analysis.ts";
import { sampleInterleaved, withTimeout, type CellSamples, type SamplingCell } from "./sampler.ts";
import { slowedDown, type Slowdown } from "./slowdown.ts";
import { median, summarize } from "./stats.ts";
import { measureServerTimes } from "./server-time.ts";

export interface BenchOptions {
  /** A migrated and seeded database the benchmark may write to (its own scratch database). */
  databaseUrl: string;
  /** How the database was obtained, for the environment section. */
  server: "embedded" | "DATABASE_URL";
  operations?: string[];
  implementations?: ImplementationName[];
  paths?: PathName[];
  rtts?: number[];
  /** Unrecorded rounds before each RTT's samples (connections, prepared statements). */
  warmup?: number;
  /**
   * Unrecorded rounds of every cell before the first path's first RTT (default
   * {@link JIT_WARMUP_ROUNDS}): the steady state a server reaches after running its hot paths many
   * times, once V8 has compiled them with its optimizing tiers. Without it the few samples of a cell
   * measure code still being interpreted, which weighs on whichever implementation runs more
   * JavaScript per call. Later paths run the same implementations' code (only the driver differs).
   */
  jitWarmup?: number;
  minSamples?: number;
  maxSamples?: number;
  /** Time to spend per cell per RTT beyond the minimum samples (ms). */
  cellBudgetMs?: number;
  predictRttMs?: number;
  /** Fresh processes per implementation × path for cold starts; 0 skips them. */
  coldStartSamples?: number;
  /** Probed calls per operation × implementation for the server time (EXPLAIN ANALYZE); 0 skips it. */
  serverTimeSamples?: number;
  /** A real Neon endpoint for the neon-ws and neon-http paths (no injected latency then). */
  neonUrl?: string;
  seedScale?: number;
  profile?: string;
  argv?: string[];
  progress?: (event: { done: number; total: number; label: string }) => void;
  log?: (line: string) => void;
  /** A deliberate slowdown of one implementation (BENCH_SLOWDOWN), to show the gate fails on one. */
  slowdown?: Slowdown;
}

/** Default {@link BenchOptions.jitWarmup}: enough for V8 to optimize every operation's hot functions. */
export const JIT_WARMUP_ROUNDS = 25;

/** Fewest fresh processes per implementation for the bundled-alone cold start (the facade's ratio target). */
const SHIPPED_COLD_START_MIN_SAMPLES = 9;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The cell key used in maps: path, RTT, operation, implementation. */
const cellKey = (path: string, rtt: number, operation: string, implementation: string) =>
  `${path}|${rtt}|${operation}|${implementation}`;

function reasonOf(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!;
}

/** Counts statements and sequential round trips per operation × implementation on node-postgres. */
export async function captureRoundTrips(
  databaseUrl: string,
  implementations: ImplementationName[],
  operations: BenchOperation[],
  counters: Map<string, number>,
): Promise<BenchCapture[]> {
  const out: BenchCapture[] = [];
  for (const implementation of implementations) {
    const capture = new QueryCapture();
    const { pool, close } = ownPool(createCapturedPool(capture, { connectionString: databaseUrl, max: 4 }));
    const repos = await openRepositories(implementation, { pool });
    try {
      const lane = IMPLEMENTATIONS.indexOf(implementation);
      for (const op of operations) {
        const next = () => nextIteration(counters, op.name, lane);
        try {
          await op.run(repos, next(), lane); // warm: prepared statements, metadata
          const { statements, summary } = await capture.record(() => op.run(repos, next(), lane));
          out.push({
            operation: op.name,
            implementation,
            statements: summary.statements,
            sequentialRoundTrips: summary.sequentialRoundTrips,
            sql: statements.map((s) => s.text),
          });
        } catch {
          // The sampling reports the error; a capture needs a successful call.
        }
      }
    } finally {
      await repos.close();
      await close();
    }
  }
  return out;
}

/** Iteration numbers unique per operation and write lane across the whole run (writes use them as keys). */
export function nextIteration(counters: Map<string, number>, operation: string, lane: number): number {
  const key = `${operation}|${lane}`;
  const n = counters.get(key) ?? 0;
  counters.set(key, n + 1);
  return n;
}

/** The cold-start entry for `implementation` over `path`: open, one read, close, print the times. */
function coldStartSource(implementation: ImplementationName, path: PathName): string {
  const open = new URL("./paths/open.ts", import.meta.url).pathname;
  return `import { openOnPath } from ${JSON.stringify(open)};
const loaded = performance.now();
const [url, host, port] = process.argv.slice(2);
const repos = await openOnPath(${JSON.stringify(implementation)}, ${JSON.stringify(path)}, url, { host, port: Number(port) });
await repos.users.findById("ccoldstart000000000000000");
const done = performance.now();
await repos.close();
process.stdout.write(JSON.stringify({ importMs: loaded, totalMs: done }));
`;
}

/** Runs the benchmark; see {@link BenchOptions}. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const allOperations = benchOperations(options.seedScale ?? 1);
  const operations = options.operations
    ? options.operations.map(
        (name) => allOperations.find((o) => o.name === name) ?? unknownOperation(name, allOperations),
      )
    : allOperations;
  const implementations = options.implementations ?? [...IMPLEMENTATIONS];
  const paths = options.paths ?? (["pg", "postgres-js", "neon-ws", "neon-http", "pgbouncer"] as PathName[]);
  const rtts = options.rtts ?? [0, 5, 25, 80];
  const warmup = options.warmup ?? 2;
  const jitWarmup = Math.max(warmup, options.jitWarmup ?? JIT_WARMUP_ROUNDS);
  let jitWarmed = false;
  const minSamples = options.minSamples ?? 5;
  const maxSamples = options.maxSamples ?? 40;
  const cellBudgetMs = options.cellBudgetMs ?? 300;
  const predictRttMs = options.predictRttMs ?? 40;
  const coldStartSamples = options.coldStartSamples ?? 3;

  const counters = new Map<string, number>();
  const cells: BenchCell[] = [];
  const rawSamples = new Map<string, number[]>();
  const skipped: BenchSkip[] = [];
  const pathDescriptions: Record<string, string> = {};
  const coldStart: ColdStartCell[] = [];
  let bundle: BenchResults["bundle"] = {};

  log(
    `bench: capturing statements per operation on node-postgres (${implementations.length} implementations × ${operations.length} operations)`,
  );
  const captures = await captureRoundTrips(options.databaseUrl, implementations, operations, counters);
  const serverTimeSamples = options.serverTimeSamples ?? 5;
  if (serverTimeSamples > 0)
    log(
      `bench: server time per call: EXPLAIN ANALYZE of every statement, ${serverTimeSamples} calls per operation × implementation`,
    );
  const serverTimes =
    serverTimeSamples > 0
      ? await measureServerTimes(
          options.databaseUrl,
          implementations,
          operations,
          (op, lane) => nextIteration(counters, op, lane),
          serverTimeSamples,
        )
      : [];

  // Progress counts cells × RTTs over the paths that can run.
  const total = paths.length * rtts.length;
  let done = 0;
  // A driver that throws from its own socket handler (seen once: the Neon driver's
  // "_handleParseComplete" on a null query) would otherwise kill the whole run. While the benchmark
  // runs, such an exception stops the current path only: its remaining cells fail fast with the
  // reason, the path is recorded as failed, and the next path starts.
  let crash: Error | undefined;
  const onCrash = (error: unknown) => {
    crash ??= new Error(`a driver crashed: ${reasonOf(error)}`, { cause: error });
    log(`bench: ${crash.message}`);
  };
  process.on("uncaughtException", onCrash);
  try {
    for (const path of paths) {
      crash = undefined;
      const real = options.neonUrl !== undefined && (path === "neon-ws" || path === "neon-http");
      let server: PathServer | undefined;
      let proxy: LatencyProxy | undefined;
      const opened = new Map<ImplementationName, Repositories>();
      try {
        if (!real) {
          try {
            server = await startPathServer(path, options.databaseUrl);
          } catch (error) {
            if (!(error instanceof PathUnavailableError)) throw error;
            skipped.push({
              operation: null,
              implementation: null,
              path,
              rttMs: null,
              kind: "unavailable",
              reason: error.reason,
            });
            log(`bench: ${path}: skipped: ${error.reason}`);
            done += rtts.length;
            continue;
          }
          proxy = await startLatencyProxy(server.endpoint, rtts[0] ?? 0);
          pathDescriptions[path] = server.description;
        } else {
          pathDescriptions[path] =
            `${path === "neon-ws" ? "Neon WebSocket" : "Neon HTTP"} against NEON_DATABASE_URL (a real endpoint: no injected latency; its RTT is the network's)`;
        }
        for (const implementation of implementations) {
          const support = supports(implementation, path);
          if (support !== true) {
            skipped.push({ operation: null, implementation, path, rttMs: null, kind: "unsupported", reason: support });
            continue;
          }
          try {
            const endpoint = proxy ? { host: "127.0.0.1", port: proxy.port } : { host: "", port: 0 };
            opened.set(
              implementation,
              await openOnPath(implementation, path, real ? options.neonUrl! : options.databaseUrl, endpoint, { real }),
            );
          } catch (error) {
            skipped.push({
              operation: null,
              implementation,
              path,
              rttMs: null,
              kind: "failed",
              reason: `could not open: ${reasonOf(error)}`,
            });
          }
        }
        const failed = new Set<string>();
        for (const rtt of real ? [0] : rtts) {
          if (proxy) proxy.rttMs = rtt;
          const samplingCells: SamplingCell[] = [];
          for (const op of operations) {
            for (const [implementation, repos] of opened) {
              if (failed.has(`${op.name}|${implementation}`)) continue;
              const lane = IMPLEMENTATIONS.indexOf(implementation);
              samplingCells.push({
                key: cellKey(path, rtt, op.name, implementation),
                run: slowedDown(
                  () => (crash ? Promise.reject(crash) : op.run(repos, nextIteration(counters, op.name, lane), lane)),
                  options.slowdown,
                  implementation,
                ),
              });
            }
          }
          const label = `${path} @ ${rtt} ms RTT`;
          options.progress?.({ done, total, label });
          // Generous: the slowest operation makes about 8 sequential round trips.
          const callTimeoutMs = 30_000 + 20 * rtt;
          // The first path's first RTT warms the JIT too (BenchOptions.jitWarmup), outside the time
          // budget. A cell that fails here fails again below, with its error.
          if (!jitWarmed && jitWarmup > warmup) {
            jitWarmed = true;
            await sampleInterleaved(samplingCells, { warmup: jitWarmup - warmup, rounds: 0, callTimeoutMs });
          }
          // Minimum samples first; then as many more rounds as the time budget allows.
          const t0 = performance.now();
          const first = await sampleInterleaved(samplingCells, { warmup, rounds: minSamples, callTimeoutMs }, (r) =>
            options.progress?.({ done: done + (r / (minSamples + 1)) * 0.5, total, label }),
          );
          const perRound = (performance.now() - t0) / (warmup + minSamples);
          const extraRounds = Math.max(
            0,
            Math.min(
              maxSamples - minSamples,
              Math.floor((cellBudgetMs * samplingCells.length - (performance.now() - t0)) / Math.max(perRound, 1e-3)),
            ),
          );
          const live = samplingCells.filter((c) => first.get(c.key)!.error === undefined);
          const more =
            extraRounds > 0
              ? await sampleInterleaved(
                  live,
                  { warmup: 0, rounds: extraRounds, firstRound: warmup + minSamples, callTimeoutMs },
                  (r) => options.progress?.({ done: done + 0.5 + (r / extraRounds) * 0.5, total, label }),
                )
              : new Map<string, CellSamples>();
          for (const cell of samplingCells) {
            const [, , operation, implementation] = cell.key.split("|") as [string, string, string, ImplementationName];
            const result = first.get(cell.key)!;
            if (result.error !== undefined) {
              failed.add(`${operation}|${implementation}`);
              const unsupported = notSupportedOnPath(result.error);
              skipped.push({
                operation,
                implementation,
                path,
                rttMs: rtt,
                kind: unsupported ? "unsupported" : "failed",
                reason: unsupported ? unsupported.reason : reasonOf(result.error),
              });
              continue;
            }
            const samples = [...result.samples, ...(more.get(cell.key)?.samples ?? [])];
            const cpuUs = [...result.cpuUs, ...(more.get(cell.key)?.cpuUs ?? [])];
            rawSamples.set(cell.key, samples);
            const s = summarize(samples);
            cells.push({
              operation,
              kind: operations.find((o) => o.name === operation)!.kind,
              implementation,
              path: real ? `${path} (real)` : path,
              rttMs: rtt,
              n: s.n,
              medianMs: round3(s.median),
              p95Ms: round3(s.p95),
              p99Ms: round3(s.p99),
              ci95: { low: round3(s.ci95.low), high: round3(s.ci95.high) },
              ratioToSql: null,
              ratioCi95: null,
              samples: samples.map(round3),
              clientCpuUs: cpuUs.length === 0 ? null : Math.round(median(cpuUs)),
            });
          }
          done += 1;
          log(`bench: ${label}: ${live.length} cells, ${minSamples + extraRounds} samples each`);
        }
        if (coldStartSamples > 0 && proxy && opened.size > 0) {
          proxy.rttMs = 0;
          log(`bench: ${path}: cold start, ${coldStartSamples} fresh processes per implementation`);
          const entries = [...opened.keys()].map((implementation) => ({
            key: implementation,
            source: coldStartSource(implementation, path),
          }));
          try {
            const measured = await measureEntries(entries, [options.databaseUrl, "127.0.0.1", String(proxy.port)], {
              samples: coldStartSamples,
            });
            for (const [implementation, m] of measured) {
              const s = summarize(m.totalMs);
              const imp = summarize(m.importMs);
              coldStart.push({
                implementation,
                path,
                samples: s.n,
                medianMs: round3(s.median),
                importMs: round3(imp.median),
                firstQueryMs: round3(s.median - imp.median),
              });
            }
          } catch (error) {
            skipped.push({
              operation: null,
              implementation: null,
              path,
              rttMs: null,
              kind: "failed",
              reason: `cold start: ${reasonOf(error)}`,
            });
          }
        }
      } finally {
        for (const [implementation, repos] of opened) {
          await withTimeout(repos.close(), 30_000, `closing ${implementation} on ${path}`).catch((error: unknown) =>
            log(`bench: ${reasonOf(error)}`),
          );
        }
        await proxy?.close();
        await server?.close();
      }
      if (crash)
        skipped.push({
          operation: null,
          implementation: null,
          path,
          rttMs: null,
          kind: "failed",
          reason: `stopped: ${crash.message}`,
        });
    }
  } finally {
    process.off("uncaughtException", onCrash);
  }
  options.progress?.({ done: total, total, label: "done" });

  let coldStartShipped: ShippedColdStart[] | undefined;
  if (coldStartSamples > 0) {
    // Bundle size and cold start per implementation: its pg-path factory alone, as an application
    // would ship it (the per-path bundles above carry every driver). Enough samples for the
    // facade's cold-start ratio to have an interval worth printing.
    const { measureColdStart } = await import("./cold-start.ts");
    const samples = Math.max(coldStartSamples, SHIPPED_COLD_START_MIN_SAMPLES);
    log(`bench: cold start of each implementation bundled alone, ${samples} fresh processes each`);
    const measured = await measureColdStart(options.databaseUrl, implementations, { samples });
    bundle = Object.fromEntries(
      Object.entries(measured.bundle.implementations).map(([k, v]) => [
        k,
        { rawBytes: v.rawBytes, gzipBytes: v.gzipBytes, ...(v.groups ? { groups: v.groups } : {}) },
      ]),
    );
    coldStartShipped = Object.entries(measured.coldStart.implementations).map(([implementation, c]) => ({
      implementation,
      medianMs: c.medianMs,
      samplesMs: c.samplesMs ?? [],
      ...(c.importSamplesMs ? { importSamplesMs: c.importSamplesMs } : {}),
    }));
  }

  const analysis = analyzeCells(cells, rawSamples, captures, predictRttMs, (c) =>
    cellKey(c.path.replace(" (real)", ""), c.rttMs, c.operation, c.implementation),
  );
  return {
    formatVersion: BENCH_FORMAT_VERSION,
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    settings: {
      operations: operations.map((o) => o.name),
      implementations,
      paths,
      rtts,
      warmup,
      jitWarmup,
      minSamples,
      maxSamples,
      cellBudgetMs,
      predictRttMs,
      profile: options.profile ?? "custom",
      argv: options.argv ?? [],
    },
    environment: await benchEnvironment(options, pathDescriptions),
    pathDescriptions,
    cells: analysis.cells,
    skipped,
    fits: analysis.fits,
    captures,
    coldStart,
    bundle,
    ...(coldStartShipped ? { coldStartShipped } : {}),
    serverTimes,
  };
}

function unknownOperation(name: string, all: BenchOperation[]): never {
  throw new Error(`unknown operation "${name}"; known: ${all.map((o) => o.name).join(", ")}`);
}
