/**
 * `replay` command: options, help, exit codes. Used by scripts/replay.ts and the `orm-switch replay`
 * bin. Logic in run.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { withCommandServer } from "../cli/server.ts";
import { replayMarkdown } from "./report.ts";
import { PROJECT_SCHEMA, type ReplayData, assertDataFitsSchema, isProjectSchema, runReplay } from "./run.ts";

export const REPLAY_HELP = `Usage: replay --workload <file.jsonl> [--schema <schema.prisma | folder>]
              [--data <backup dir> | --synthetic <scale> | --rows <n> | --empty] [--rtt <ms>] [--out <dir>]

Replays a workload recorded with recordWorkload (a Prisma Client extension exported by this
package) through real Prisma Client and through the Prisma facade on Drizzle, each on a scratch
database loaded with the same data, and reports per call shape (Model.operation + argument shape):
results equal / differ / error differs / refused by the facade (with the reason), statements and
round trips on each side, and latency predicted at --rtt.

  --workload <file>    the JSON Lines workload (required)
  --schema <path>      the app's schema.prisma or folder of .prisma files (default: this package's
                       prisma/schema.prisma). Any other PostgreSQL schema: its Prisma Client is
                       generated offline and its Drizzle schema by schema:drizzle's generator (into
                       temporary folders, deleted at the end); both databases are built with
                       Prisma's SQL for the schema
  --data <dir>         load a db:backup snapshot into both databases (taken from a database with
                       this schema)
  --synthetic <scale>  this repo's schema: its synthetic seed (src/seed) at this scale (default data,
                       scale 0.05)
  --rows <n>           another schema: n synthetic rows per model derived from the schema (as
                       compat:fuzz seeds them, through real Prisma Client; default data, n = 6)
  --empty              load nothing: the workload creates its own rows (a test suite's workload)
  --rtt <ms>           the team's round-trip time to the database for the latency column (default 20)
  --out <dir>          writes replay.json and replay.md there (default ./replay-report)

Reset lines in the workload (appendResetMarker) empty both databases and load the data again.
With DATABASE_URL unset it runs on a throwaway embedded PostgreSQL; with it set, in
orm_switch_replay_test_* databases it creates on that server and drops again.

Exit codes: 0 no call differs, 1 some call differs or fails differently, 2 usage error or could not run.
Calls the facade refuses are reported but do not change the exit code.`;

function dataOption(
  values: { data?: string; synthetic?: string; rows?: string; empty?: boolean },
  projectSchema: boolean,
): ReplayData {
  const given = [
    values.data !== undefined,
    values.synthetic !== undefined,
    values.rows !== undefined,
    values.empty === true,
  ].filter(Boolean).length;
  if (given > 1) throw new Error("give one of --data, --synthetic, --rows, --empty");
  if (values.data !== undefined) {
    if (!fs.existsSync(path.join(values.data, "manifest.json")))
      throw new Error(`--data ${values.data}: not a db:backup folder (no manifest.json)`);
    return { kind: "backup", dir: values.data };
  }
  if (values.empty) return { kind: "empty" };
  if (values.rows !== undefined || (!projectSchema && values.synthetic === undefined)) {
    const perModel = Number(values.rows ?? "6");
    if (!Number.isInteger(perModel) || perModel < 1)
      throw new Error(`--rows must be a positive integer, got ${values.rows}`);
    return { kind: "rows", perModel };
  }
  const scale = Number(values.synthetic ?? "0.05");
  if (!(scale > 0)) throw new Error(`--synthetic must be a positive number, got ${values.synthetic}`);
  return { kind: "synthetic", scale };
}

function rttOption(value: string | undefined): number {
  const rtt = Number(value ?? "20");
  if (!(rtt >= 0) || !Number.isFinite(rtt))
    throw new Error(`--rtt must be a number of milliseconds >= 0, got ${value}`);
  return rtt;
}

/** Runs the command on `argv`; returns the exit code. Usage errors throw a UsageError-like message with code 2. */
export async function replayCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        workload: { type: "string" },
        schema: { type: "string" },
        data: { type: "string" },
        synthetic: { type: "string" },
        rows: { type: "string" },
        empty: { type: "boolean" },
        rtt: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`replay: ${error instanceof Error ? error.message.split("\n")[0] : String(error)} (see --help)`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(REPLAY_HELP);
    return 0;
  }
  let data: ReplayData;
  let rttMs: number;
  try {
    if (!values.workload) throw new Error("--workload <file.jsonl> is required");
    if (!fs.existsSync(values.workload)) throw new Error(`--workload ${values.workload}: no such file`);
    const schemaPath = values.schema ?? PROJECT_SCHEMA;
    data = dataOption(values, isProjectSchema(schemaPath));
    assertDataFitsSchema(schemaPath, data);
    rttMs = rttOption(values.rtt);
  } catch (error) {
    console.error(`replay: ${error instanceof Error ? error.message : String(error)} (see --help)`);
    return 2;
  }
  const workload = values.workload;
  const schema = values.schema ?? PROJECT_SCHEMA;
  const out = values.out ?? "replay-report";
  return withCommandServer(process.env.DATABASE_URL, async (server) => {
    const report = await runReplay({
      workload,
      schema,
      data,
      rttMs,
      serverUrl: server.url,
      onProgress: (m) => console.error(m),
    });
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "replay.json"), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(out, "replay.md"), replayMarkdown(report));
    const t = report.totals;
    console.log(
      `replay: ${report.calls} calls: ${t.equal} equal, ${t.differ} differ, ${t["error-differs"]} error differs, ${t.refused} refused, ${t["not-replayable"]} not replayable; ${path.join(out, "replay.md")}`,
    );
    return t.differ + t["error-differs"] > 0 ? 1 : 0;
  });
}
