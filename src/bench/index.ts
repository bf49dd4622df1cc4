/**
 * The latency benchmark (`npm run bench`): operations × implementations × paths × RTTs, interleaved
 * sampling, ratios to sql, fitted latency lines, cold starts, and the CI gate. The evaluate job
 * calls {@link runBench} for its benchmark step.
 */
export { runBench, type BenchOptions } from "./run.ts";
export { checkTargets, type TargetCheck } from "./analysis.ts";
export { checkFacadeTargets, FACADE_TARGET_LIMITS, type FacadeTargetLimits } from "./facade-targets.ts";
export { benchTargets } from "./targets.ts";
export { renderBenchMarkdown } from "./markdown.ts";
export type { BenchCell, BenchFit, BenchResults } from "./results.ts";
