/**
 * The report's latency section from a benchmark run: per operation × implementation × path, the
 * fitted line (server time + round trips × RTT), the measured medians as points, and predictions
 * where a charted RTT (the team's) was not measured. Replaces the estimate from captured
 * statements whenever the benchmark ran.
 */
import type { BenchResults } from "../bench/index.ts";
import { chartRtts } from "./evidence.ts";
import type { LatencySection } from "./results.ts";

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The section for `bench`, predicted at `teamRtt`; the reference path is node-postgres over TCP. */
export function latencyFromBench(bench: BenchResults, teamRtt: number, referencePath = "pg"): LatencySection {
  const rtts = chartRtts(bench.settings.rtts, teamRtt);
  const cells: LatencySection["cells"] = [];
  for (const fit of bench.fits) {
    const measured = bench.cells.filter(
      (c) => c.operation === fit.operation && c.implementation === fit.implementation && c.path === fit.path,
    );
    const at0 = measured.find((c) => c.rttMs === 0);
    const predict = (rtt: number) => fit.serverMs + fit.roundTripsFitted * rtt;
    cells.push({
      operation: fit.operation,
      implementation: fit.implementation,
      path: fit.path,
      roundTrips: fit.roundTripsCaptured ?? round(fit.roundTripsFitted, 2),
      serverMs: fit.serverMs,
      p50Ms: at0?.medianMs ?? null,
      p95Ms: at0?.p95Ms ?? null,
      ratioToSql: at0?.ratioToSql ?? null,
      predictedMs: round(predict(teamRtt)),
      points: rtts.map((rttMs) => {
        const cell = measured.find((c) => c.rttMs === rttMs);
        return cell
          ? { rttMs, ms: cell.medianMs, measured: true }
          : { rttMs, ms: round(predict(rttMs)), measured: false };
      }),
    });
  }
  const paths = [...new Set(cells.map((c) => c.path))];
  return {
    source: "benchmark",
    note: `Measured by the benchmark (${bench.settings.profile} profile): medians of ${bench.settings.minSamples}–${bench.settings.maxSamples} interleaved calls per cell at RTT ${bench.settings.rtts.join(", ")} ms injected by a TCP proxy, with a least-squares line per operation; points at other RTTs are predicted from that line. Paths: ${paths.map((p) => `${p} = ${bench.pathDescriptions[p] ?? p}`).join("; ")}.`,
    referencePath: paths.includes(referencePath) ? referencePath : (paths[0] ?? referencePath),
    paths,
    rtts,
    cells,
  };
}
