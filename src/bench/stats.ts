/**
 * Statistics for the benchmark: order statistics, a bootstrap confidence interval for the median,
 * ratios between implementations measured side by side, and the least-squares line
 * `latency ≈ serverTime + roundTrips × RTT` fitted over the simulated round-trip times.
 */

/** The q-quantile (0..1) by linear interpolation between order statistics. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error("quantile of no samples");
  if (q < 0 || q > 1) throw new Error(`quantile must be in 0..1, got ${q}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/**
 * A small, seedable PRNG (mulberry32): a report's intervals are reproducible from its samples, and
 * the sampler's shuffled orders from their round numbers.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap interval of `statistic` (default: the median): resample with replacement
 * `resamples` times and take the (1-level)/2 and (1+level)/2 quantiles of the statistic.
 */
export function bootstrapInterval(
  samples: readonly number[],
  options: { level?: number; resamples?: number; seed?: number; statistic?: (xs: number[]) => number } = {},
): { low: number; high: number } {
  if (samples.length === 0) throw new Error("bootstrap of no samples");
  const { level = 0.95, resamples = 1000, seed = 1, statistic = median } = options;
  const random = seededRandom(seed);
  const estimates: number[] = [];
  const draw = new Array<number>(samples.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < samples.length; i++) draw[i] = samples[Math.floor(random() * samples.length)]!;
    estimates.push(statistic(draw));
  }
  return { low: quantile(estimates, (1 - level) / 2), high: quantile(estimates, (1 + level) / 2) };
}

/** Median, p95, p99 and the median's 95% bootstrap interval of one cell's samples. */
export function summarize(samples: readonly number[]): {
  n: number;
  median: number;
  p95: number;
  p99: number;
  ci95: { low: number; high: number };
} {
  return {
    n: samples.length,
    median: median(samples),
    p95: quantile(samples, 0.95),
    p99: quantile(samples, 0.99),
    ci95: bootstrapInterval(samples),
  };
}

/**
 * Ordinary least squares of y on x: the benchmark fits median latency against RTT, so the slope is
 * the number of sequential round trips the operation waits for and the intercept its time at RTT 0.
 */
export function fitLine(points: readonly { x: number; y: number }[]): {
  intercept: number;
  slope: number;
  predict: (x: number) => number;
} {
  if (points.length < 2) throw new Error("a line needs at least two points");
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  if (sxx === 0) throw new Error("a line needs at least two distinct x values");
  const slope = points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0) / sxx;
  const intercept = meanY - slope * meanX;
  return { intercept, slope, predict: (x) => intercept + slope * x };
}

/**
 * 95% bootstrap interval of median(a) / median(b), the two sample sets resampled independently
 * (they come from different implementations, so there is no pairing to keep).
 */
export function ratioInterval(
  a: readonly number[],
  b: readonly number[],
  options: { resamples?: number; seed?: number } = {},
): { low: number; high: number } {
  if (a.length === 0 || b.length === 0) throw new Error("ratio of no samples");
  const { resamples = 1000, seed = 7 } = options;
  const random = seededRandom(seed);
  const draw = (xs: readonly number[]) =>
    median(Array.from({ length: xs.length }, () => xs[Math.floor(random() * xs.length)]!));
  const ratios: number[] = [];
  for (let r = 0; r < resamples; r++) ratios.push(draw(a) / draw(b));
  return { low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}
