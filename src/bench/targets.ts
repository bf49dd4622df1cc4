/**
 * Every target the benchmark prints and writes into results.md: the Drizzle-vs-sql targets
 * (analysis.ts) and the facade-vs-Drizzle targets (facade-targets.ts), in that order.
 */
import { checkTargets, type TargetCheck } from "./analysis.ts";
import { checkFacadeTargets } from "./facade-targets.ts";
import type { BenchResults } from "./results.ts";

/** All targets checked against `results`. */
export function benchTargets(
  results: Pick<BenchResults, "cells" | "fits" | "captures" | "bundle" | "coldStartShipped"> &
    Partial<Pick<BenchResults, "serverTimes">>,
): TargetCheck[] {
  return [...checkTargets(results), ...checkFacadeTargets(results)];
}
