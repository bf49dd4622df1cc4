/**
 * A deliberate slowdown of one implementation, so the CI gate and the load targets can be shown to
 * fail when an implementation really gets slower (a gate that never fails proves nothing).
 * `BENCH_SLOWDOWN=drizzle:3` stretches every drizzle call to 3× its own measured time by waiting
 * after it; multiplying (not adding a fixed delay) keeps the regression the same size at every RTT.
 */

/** One implementation whose calls are stretched by `factor` (≥ 1). */
export interface Slowdown {
  implementation: string;
  factor: number;
}

/** The environment variable that injects a {@link Slowdown} into `npm run bench`. */
export const SLOWDOWN_ENV = "BENCH_SLOWDOWN";

/** Parses `impl:factor`; undefined for an empty value; throws a one-line error on anything else. */
export function parseSlowdown(value: string | undefined): Slowdown | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const match = /^([a-z-]+):(\d+(?:\.\d+)?)$/.exec(value.trim());
  const factor = match ? Number(match[2]) : NaN;
  if (!match || !(factor >= 1))
    throw new Error(`${SLOWDOWN_ENV} must look like "drizzle:3" (an implementation and a factor ≥ 1), got "${value}"`);
  return { implementation: match[1]!, factor };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `run`, stretched by the slowdown when it names `implementation`; `run` itself otherwise. */
export function slowedDown<T>(
  run: () => Promise<T>,
  slowdown: Slowdown | undefined,
  implementation: string,
): () => Promise<T> {
  if (!slowdown || slowdown.implementation !== implementation || slowdown.factor === 1) return run;
  return async () => {
    const started = performance.now();
    const value = await run();
    await sleep((slowdown.factor - 1) * (performance.now() - started));
    return value;
  };
}
