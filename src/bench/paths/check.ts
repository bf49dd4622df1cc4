/**
 * A quick check of every (implementation, path) pair, for people setting up the benchmark and for
 * the lead's README: does it open, how long do the first read (which includes opening the
 * connection: TCP + startup, WebSocket upgrade, or one HTTP request) and the warm reads take at a
 * given simulated RTT, and does an interactive unit of work run. Not the benchmark: no warm-up
 * rounds, no interleaving, no intervals; one pair at a time.
 */
import { startLatencyProxy } from "../net/latency-proxy.ts";
import type { ImplementationName } from "../../repositories/index.ts";
import { openOnPath } from "./open.ts";
import { startPathServer } from "./server.ts";
import { notSupportedOnPath, supports } from "./support.ts";
import { type PathName, PathUnavailableError } from "./types.ts";

/** What {@link checkPaths} checks, where, and how. */
export interface PathCheckOptions {
  /** A migrated database the check may write users into. */
  databaseUrl: string;
  paths: readonly PathName[];
  impls: readonly ImplementationName[];
  /** Simulated round-trip time in ms, injected between client and path server. */
  rttMs: number;
  /** Warm reads per pair (the median is reported). */
  samples: number;
  /** Called after each pair, for progress output. */
  onResult?: (result: PathCheckResult) => void;
}

/** One pair's outcome. Times in milliseconds, wall clock, on this machine. */
export interface PathCheckResult {
  impl: ImplementationName;
  path: PathName;
  status: "ok" | "unsupported" | "unavailable" | "failed";
  /** Why not ok. */
  reason?: string;
  /** The path server's description (what was measured). */
  description?: string;
  openMs?: number;
  /** `users.findByEmail` on a fresh instance: includes opening the first connection. */
  firstReadMs?: number;
  /** Median of `samples` further `users.findByEmail` calls. */
  warmReadMedianMs?: number;
  /** "ok", "not supported on this path" (a NotSupportedOnPathError), or "failed: <error>". */
  unitOfWork?: string;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const round = (ms: number): number => Math.round(ms * 100) / 100;

async function checkPair(
  impl: ImplementationName,
  path: PathName,
  databaseUrl: string,
  endpoint: { host: string; port: number },
  samples: number,
): Promise<Omit<PathCheckResult, "impl" | "path" | "description">> {
  const t0 = performance.now();
  const repos = await openOnPath(impl, path, databaseUrl, endpoint);
  try {
    const openMs = performance.now() - t0;
    const email = `paths-check-${impl}-${path}-${process.pid}-${Date.now()}@example.com`;
    const t1 = performance.now();
    await repos.users.findByEmail(email);
    const firstReadMs = performance.now() - t1;
    await repos.users.create({ email, name: "Paths Check" });
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await repos.users.findByEmail(email);
      times.push(performance.now() - t);
    }
    let unitOfWork = "ok";
    try {
      await repos.transaction(async (tx) => {
        const user = await tx.users.findByEmail(email);
        if (user) await tx.users.update(user.id, { name: "Paths Check (in a unit of work)" });
      });
    } catch (error) {
      const notSupported = notSupportedOnPath(error);
      unitOfWork = notSupported
        ? "not supported on this path"
        : `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    return {
      status: "ok",
      openMs: round(openMs),
      firstReadMs: round(firstReadMs),
      warmReadMedianMs: round(median(times)),
      unitOfWork,
    };
  } finally {
    await repos.close();
  }
}

/** Checks every requested pair, path by path (each path's server started once, then stopped). */
export async function checkPaths(options: PathCheckOptions): Promise<PathCheckResult[]> {
  const results: PathCheckResult[] = [];
  const record = (result: PathCheckResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  for (const path of options.paths) {
    let server;
    try {
      server = await startPathServer(path, options.databaseUrl);
    } catch (error) {
      if (!(error instanceof PathUnavailableError)) throw error;
      for (const impl of options.impls) record({ impl, path, status: "unavailable", reason: error.reason });
      continue;
    }
    const proxy = await startLatencyProxy(server.endpoint, options.rttMs);
    try {
      for (const impl of options.impls) {
        const supported = supports(impl, path);
        if (supported !== true) {
          record({ impl, path, status: "unsupported", reason: supported, description: server.description });
          continue;
        }
        try {
          const outcome = await checkPair(
            impl,
            path,
            options.databaseUrl,
            { host: "127.0.0.1", port: proxy.port },
            options.samples,
          );
          record({ impl, path, description: server.description, ...outcome });
        } catch (error) {
          record({
            impl,
            path,
            status: "failed",
            reason: error instanceof Error ? error.message : String(error),
            description: server.description,
          });
        }
      }
    } finally {
      await proxy.close();
      await server.close();
    }
  }
  return results;
}

/** The results as a Markdown table (one row per pair) with the paths' descriptions below it. */
export function renderPathCheck(results: readonly PathCheckResult[], rttMs: number, samples: number): string {
  const fmt = (ms: number | undefined) => (ms === undefined ? "" : ms.toFixed(2));
  const lines = [
    `RTT ${rttMs} ms (user-space latency proxy), ${samples} warm reads per pair; wall-clock ms on this machine, one run, no intervals.`,
    "",
    "| path | implementation | status | open | first read | warm read (median) | unit of work |",
    "| --- | --- | --- | ---: | ---: | ---: | --- |",
  ];
  for (const r of results) {
    const status = r.status === "ok" ? "ok" : `${r.status}: ${r.reason ?? ""}`;
    lines.push(
      `| ${r.path} | ${r.impl} | ${status.replace(/\|/g, "\\|")} | ${fmt(r.openMs)} | ${fmt(r.firstReadMs)} | ${fmt(r.warmReadMedianMs)} | ${(r.unitOfWork ?? "").replace(/\|/g, "\\|")} |`,
    );
  }
  const descriptions = new Map(results.filter((r) => r.description).map((r) => [r.path, r.description!]));
  if (descriptions.size > 0) {
    lines.push("");
    for (const [path, description] of descriptions) lines.push(`- ${path}: ${description}`);
  }
  return lines.join("\n");
}
