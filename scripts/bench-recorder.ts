/**
 * `npm run bench:recorder [-- --iterations N]`: the workload recorder's per-call overhead, plain vs
 * recorder modes side by side (src/replay/overhead.ts). Runs in a scratch database on a throwaway
 * embedded PostgreSQL, or on DATABASE_URL's server when set. Exit codes: 0 measured, 2 usage error
 * or could not run.
 */
import { parseArgs } from "node:util";
import { exitWith } from "../src/cli/exit.ts";
import { withCommandServer, withScratchDatabase } from "../src/cli/server.ts";
import { applyMigrationsPlain } from "../src/migrate/apply-sql.ts";
import { measureRecorderOverhead, overheadMarkdown } from "../src/replay/overhead.ts";

const HELP = `Usage: npm run bench:recorder -- [--iterations <n>] [--json]

Measures the per-call overhead of recordWorkload: the same calls through one PrismaClient plain and
with the recorder (sampleRate 0; redact by field name; placeholders), interleaved, on a scratch
database seeded with the synthetic data. Prints the median per call and the ratio to plain with a
95% bootstrap interval, side by side (--json: the figures as JSON).

  --iterations <n>   calls per operation and mode (default 300)

Exit codes: 0 measured, 2 usage error or could not run.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { iterations: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const iterations = Number(values.iterations ?? "300");
  if (!Number.isInteger(iterations) || iterations < 10) {
    console.error("bench:recorder: --iterations must be an integer >= 10 (see --help)");
    return 2;
  }
  return withCommandServer(process.env.DATABASE_URL, (server) =>
    withScratchDatabase(
      server.url,
      { prefix: "orm_switch_recorder_bench_test", prepare: (url) => applyMigrationsPlain(url) },
      async (url) => {
        const result = await measureRecorderOverhead(url, iterations);
        console.log(values.json ? JSON.stringify(result, null, 2) : overheadMarkdown(result));
        return 0;
      },
    ),
  );
}

main().then(exitWith, async (error: unknown) => {
  console.error(
    `bench:recorder: could not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
  await exitWith(2);
});
