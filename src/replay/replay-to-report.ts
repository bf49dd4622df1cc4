/**
 * Replays a workload on an opened environment and builds its report, with progress every 100
 * calls: the last step of `npm run replay`, on this repo's schema (run.ts) and on any (any-schema.ts).
 */
import { type ReplayEnvironment, replayLines } from "./engine.ts";
import { type ReplayReport, buildReplayReport } from "./report.ts";
import { type ReplayOptions, describeData } from "./data.ts";
import type { WorkloadLine } from "./workload-file.ts";

export async function replayToReport(
  env: ReplayEnvironment,
  lines: readonly WorkloadLine[],
  options: ReplayOptions,
  say: (line: string) => void,
): Promise<ReplayReport> {
  const calls = await replayLines(env, lines, (done, total) => {
    if (done % 100 === 0 || done === total) say(`replay: ${done}/${total} calls`);
  });
  return buildReplayReport({
    workload: options.workload,
    schema: options.schema,
    data: describeData(options.data),
    rttMs: options.rttMs,
    resets: lines.filter((l) => l.kind === "reset").length,
    calls,
  });
}
