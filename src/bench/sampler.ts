/**
 * Interleaved sampling: within one round every (operation, implementation) cell runs once, in an
 * order shuffled afresh every round (seeded, so a run can be repeated), so a slow moment of the
 * machine, a checkpoint or a vacuum hits every implementation alike instead of whichever ran then.
 *
 * Shuffled, not rotated: a rotation (A B C, B C A, ...) keeps every cell's predecessor fixed, and a
 * call's time depends on the call before it. Right after the same operation through another
 * implementation (the same rows just read, the same pages hot) it is faster. Measured here with only
 * Drizzle and sql, 23 operations, geometric mean: listed drizzle, sql (sql always second on each
 * operation), Drizzle came out at 1.06× sql; listed sql, drizzle, at 0.86×. With the facade listed
 * third the swing was 1.10× against 0.84×; shuffled, 0.99× and 1.00×.
 */
import { seededRandom } from "./stats.ts";

/** One cell: an operation through an implementation, on the current path and RTT. */
export interface SamplingCell {
  key: string;
  run(iteration: number): Promise<unknown>;
}

export interface SamplingPlan {
  warmup: number;
  rounds: number;
  /** Number of the first round, for the shuffles' seeds: a continuation of an earlier sampling passes its count. */
  firstRound?: number;
  /**
   * A call taking longer than this fails its cell ("timed out") and the run moves on, so one stuck
   * connection cannot stall a benchmark of hundreds of cells. Default: no limit.
   */
  callTimeoutMs?: number;
}

/** Rejects when `work` has not settled within `ms` (the work itself cannot be cancelled). */
export function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms)} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface CellSamples {
  samples: number[];
  /**
   * Client CPU per recorded call, µs (user + system of this process, `process.cpuUsage`), in the
   * order of `samples`. Calls run one at a time, so only this call's work (driver, ORM, and the
   * in-process latency proxy, alike for every implementation) is in it.
   */
  cpuUs: number[];
  /** The first error, when the cell failed (its later rounds are skipped). */
  error?: unknown;
}

/** The cells' order in round `round`: the list rotated by `round` places. */
export function roundOrder<T>(cells: readonly T[], round: number): T[] {
  if (cells.length === 0) return [];
  const shift = round % cells.length;
  return [...cells.slice(shift), ...cells.slice(0, shift)];
}

/** The cells in the order of round `round`: a Fisher-Yates shuffle seeded by the round. */
export function shuffledOrder<T>(cells: readonly T[], round: number): T[] {
  const random = seededRandom(0x9e3779b9 ^ round);
  const order = [...cells];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Runs `plan.warmup` unrecorded rounds, then `plan.rounds` recorded ones, timing each call with
 * `performance.now()`. A cell that throws is recorded with its error and left out afterwards.
 * `onRound` is told after each recorded round (for a progress bar).
 */
export async function sampleInterleaved(
  cells: readonly SamplingCell[],
  plan: SamplingPlan,
  onRound?: (done: number) => void,
): Promise<Map<string, CellSamples>> {
  const results = new Map<string, CellSamples>(cells.map((c) => [c.key, { samples: [], cpuUs: [] }]));
  let iteration = 0;
  for (let round = 0; round < plan.warmup + plan.rounds; round++) {
    for (const cell of shuffledOrder(cells, round + (plan.firstRound ?? 0))) {
      const result = results.get(cell.key)!;
      if (result.error !== undefined) continue;
      const cpu = process.cpuUsage();
      const started = performance.now();
      try {
        await withTimeout(cell.run(iteration++), plan.callTimeoutMs, "the call");
      } catch (error) {
        result.error = error;
        continue;
      }
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (round >= plan.warmup) {
        result.samples.push(elapsed);
        result.cpuUs.push(used.user + used.system);
      }
    }
    if (round >= plan.warmup) onRound?.(round - plan.warmup + 1);
  }
  return results;
}
