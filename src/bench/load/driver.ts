/**
 * The closed-loop driver: `concurrency` workers each call the operation again as soon as the
 * previous call returned, until the window's duration is over. Throughput is what the system
 * (client, pool, server) sustains at that concurrency; latency is each call's own time. Bounded:
 * no call is started after the deadline and a call that takes longer than `callTimeoutMs` counts
 * as an error, so a window lasts at most duration + timeout.
 */
import { withTimeout } from "../sampler.ts";

export interface LoadWindowPlan {
  concurrency: number;
  durationMs: number;
  callTimeoutMs: number;
}

/** What one window measured. */
export interface LoadWindow {
  requests: number;
  errors: number;
  firstError: string | null;
  /** Latency of every successful call (ms). */
  latenciesMs: number[];
  /** From the first call's start to the last call's end (ms). */
  elapsedMs: number;
  /** This process's CPU time over the window (µs, user + system). */
  cpuMicros: number;
}

const firstLine = (error: unknown): string => String(error instanceof Error ? error.message : error).split("\n")[0]!;

/** Runs `call` closed-loop per `plan`; `call` receives a number unique within the window. */
export async function runClosedLoop(call: (i: number) => Promise<unknown>, plan: LoadWindowPlan): Promise<LoadWindow> {
  if (!Number.isInteger(plan.concurrency) || plan.concurrency < 1)
    throw new Error(`concurrency must be a positive integer, got ${plan.concurrency}`);
  const window: LoadWindow = { requests: 0, errors: 0, firstError: null, latenciesMs: [], elapsedMs: 0, cpuMicros: 0 };
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + plan.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await withTimeout(call(next++), plan.callTimeoutMs, "the call");
        window.latenciesMs.push(performance.now() - t0);
        window.requests++;
      } catch (error) {
        window.errors++;
        window.firstError ??= firstLine(error);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  window.elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  window.cpuMicros = used.user + used.system;
  return window;
}
