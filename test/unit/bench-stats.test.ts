import { describe, expect, it } from "vitest";
import { bootstrapInterval, fitLine, median, quantile, summarize } from "../../src/bench/stats.ts";

describe("benchmark statistics", () => {
  it("computes interpolated quantiles", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(quantile([5], 0.99)).toBe(5);
    expect(() => quantile([], 0.5)).toThrow();
  });

  it("gives a bootstrap interval that contains the median, is reproducible, and narrows with more samples", () => {
    const few = [10, 12, 11, 13, 50, 9, 11, 12];
    const a = bootstrapInterval(few);
    expect(bootstrapInterval(few)).toEqual(a);
    expect(a.low).toBeLessThanOrEqual(median(few));
    expect(a.high).toBeGreaterThanOrEqual(median(few));
    const many = Array.from({ length: 400 }, (_, i) => 10 + (i % 5));
    const b = bootstrapInterval(many);
    expect(b.high - b.low).toBeLessThanOrEqual(a.high - a.low);
  });

  it("summarizes a cell", () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toMatchObject({ n: 100, median: 50.5 });
    expect(s.p95).toBeCloseTo(95.05, 5);
    expect(s.p99).toBeCloseTo(99.01, 5);
  });

  it("recovers server time and round trips from latency at several RTTs", () => {
    // An operation with 3 sequential round trips and 2 ms of server time.
    const line = fitLine([0, 5, 25, 80].map((rtt) => ({ x: rtt, y: 2 + 3 * rtt })));
    expect(line.slope).toBeCloseTo(3, 10);
    expect(line.intercept).toBeCloseTo(2, 10);
    expect(line.predict(40)).toBeCloseTo(122, 10);
    expect(() =>
      fitLine([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toThrow();
  });
});
