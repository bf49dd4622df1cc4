/** `npm run evaluate` argument parsing, help and the closing lines; the work is in run.ts. */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseImplementations, parseList } from "../cli/args.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";
import { CRITERIA, DEFAULT_CONFIG, DEFAULT_CONFIG_FILE, loadConfig } from "./config.ts";
import { type ProjectInputs, type ProjectOptions, resolveProject } from "./project.ts";
import {
  APP_STEP_IDS,
  type AppStepId,
  DEFAULT_APP_FUZZ_RUNS,
  DEFAULT_REPORT_DIR,
  runEvaluate,
  STEP_IDS,
  type StepId,
  type WriteReport,
} from "./run.ts";

const EVALUATE_HELP = `Usage: npm run evaluate -- [options]

Produces the evidence for "should we move from Prisma to Drizzle?" and writes report/:
results.json (every figure, versioned), report.md and index.html (self-contained, opens offline).
Steps: apply migrations, seed, schema parity, contract smoke check, SQL comparison, benchmark
(quick profile unless --full), cold start and bundle size, call-site inventory; then the decision.
A failed step is reported and the others still run.

Your app (--project <dir>): adds, on your app, (1) schema:drizzle on your schema (written to
<out>/drizzle/schema.ts and compat.ts), (2) schema:parity of that Drizzle schema against your
migrations (or Prisma's SQL for the schema when there are none), (3) a short compat:fuzz (the
facade against real Prisma Client on your schema; fixed seed), (4) the replay of your recorded
workload when --workload is given (<out>/replay/), and points the call-site inventory at your
source. Latency and round trips then come from your replayed calls, migration cost from your
source, risk from your schema checks and replay plus the reference checks; cold start and bundle
size stay this repo's reference operations. The report marks each criterion "your app" or
"reference". Nothing is written outside --out (generated clients live in temporary folders,
deleted at the end); your project folder is only read.

Server:
  DATABASE_URL unset   a throwaway embedded PostgreSQL
  DATABASE_URL set     new databases named *_test_* on that server, dropped at the end; no other
                       database is read or written (the user needs CREATEDB)

Options:
  --rtt <ms>           your application's round-trip time to the database (default ${DEFAULT_CONFIG.rttMs}; overrides the config)
  --config <file>      JSON config: rttMs, weights {${CRITERIA.join(", ")}},
                       switchThreshold, stayThreshold, inventoryDir (default: ./${DEFAULT_CONFIG_FILE} if present;
                       see docs/decision.md)
  --full               the benchmark's whole matrix (slow) instead of the quick profile
  --scale <n>          seed size (default 1)
  --impls <a,b>        implementations (default all: ${IMPLEMENTATIONS.join(", ")})
  --skip <steps>       steps not to run: ${STEP_IDS.join(", ")},
                       and with --project: ${APP_STEP_IDS.join(", ")}
  --out <dir>          report directory (default report/; with --project, report/ in the working
                       directory)
  --project <dir>      evaluate your app in <dir> (see above); defaults below are looked up in <dir>
  --schema <path>      your schema.prisma or folder (default: prisma.config.ts's schema, else
                       package.json's prisma.schema, else prisma/schema.prisma, prisma/schema/ or
                       schema.prisma; prisma.config.ts is read, never run)
  --migrations <dir>   your migration history (default: prisma.config.ts's migrations.path, else
                       migrations/ beside the schema, if any)
  --src <dir>          your source for the inventory (default: src/, else <dir>)
  --workload <file>    a workload recorded with recordWorkload (docs/replay.md), replayed on
                       synthetic rows from your schema; without it the replay step is skipped
  --fuzz-runs <n>      compat:fuzz operations on your schema (default ${DEFAULT_APP_FUZZ_RUNS})
  -h, --help           this help

Exit codes: 0 report written and every step ran; 1 report written but a step failed;
2 bad usage or config; 3 no report (no server could be started or reached).`;

export interface EvaluateArgs {
  help: boolean;
  rtt?: number;
  config?: string;
  full: boolean;
  scale: number;
  impls?: ImplementationName[];
  skip: (StepId | AppStepId)[];
  out: string;
  /** `--project` and its overrides, unresolved. */
  project?: ProjectOptions;
  fuzzRuns?: number;
}

/** --project's options; the overrides without --project are an error (they would be ignored). */
function projectOptions(values: Record<string, string | boolean | undefined>): ProjectOptions | undefined {
  const overrides = ["schema", "migrations", "src", "workload", "fuzz-runs"].filter((k) => values[k] !== undefined);
  if (typeof values.project !== "string") {
    if (overrides.length > 0) throw new Error(`--${overrides[0]} needs --project <dir>`);
    return undefined;
  }
  const text = (key: string): string | undefined => (typeof values[key] === "string" ? values[key] : undefined);
  return {
    dir: values.project,
    schema: text("schema"),
    migrations: text("migrations"),
    src: text("src"),
    workload: text("workload"),
  };
}

function fuzzRunsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new Error(`--fuzz-runs must be an integer in [1, 100000], got "${value}"`);
  return n;
}

/** Parses the arguments; throws with a readable message on bad input. */
function parseEvaluateArgs(argv: string[]): EvaluateArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: "boolean", short: "h", default: false },
      rtt: { type: "string" },
      config: { type: "string" },
      full: { type: "boolean", default: false },
      scale: { type: "string" },
      impls: { type: "string" },
      skip: { type: "string" },
      out: { type: "string" },
      project: { type: "string" },
      schema: { type: "string" },
      migrations: { type: "string" },
      src: { type: "string" },
      workload: { type: "string" },
      "fuzz-runs": { type: "string" },
    },
  });
  const rtt = values.rtt === undefined ? undefined : Number(values.rtt);
  if (rtt !== undefined && (!Number.isFinite(rtt) || rtt < 0 || rtt > 10_000))
    throw new Error(`--rtt must be milliseconds in [0, 10000], got "${values.rtt}"`);
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new Error(`--scale must be a number in (0, 100], got "${values.scale}"`);
  const impls = parseImplementations(values.impls);
  const skip = parseList(values.skip) ?? [];
  const known: readonly string[] = [...STEP_IDS, ...APP_STEP_IDS];
  for (const id of skip)
    if (!known.includes(id)) throw new Error(`--skip: unknown step "${id}"; expected ${known.join(", ")}`);
  return {
    help: values.help,
    rtt,
    config: values.config,
    full: values.full,
    scale,
    impls,
    skip: skip as (StepId | AppStepId)[],
    // An installed package's own folder is no place for a team's report: with --project it goes
    // to report/ in the working directory.
    out: values.out ?? (values.project === undefined ? DEFAULT_REPORT_DIR : resolve("report")),
    project: projectOptions(values),
    fuzzRuns: fuzzRunsOption(values["fuzz-runs"]),
  };
}

/** What the command writes to and reads from; everything but `writeReport` defaults to the process's own. */
export interface EvaluateCliIo {
  /** src/report's `writeReport` (see `EvaluateOptions.writeReport` in run.ts). */
  writeReport: WriteReport;
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  progress?: (line: string) => void;
}

/** Runs the command; returns the exit code documented in the help. */
export async function runEvaluateCli(argv: string[], io: EvaluateCliIo): Promise<number> {
  const {
    writeReport,
    env = process.env,
    out = (l) => process.stdout.write(`${l}\n`),
    progress = (l) => process.stderr.write(`${l}\n`),
  } = io;
  let args: EvaluateArgs;
  let config;
  let project: ProjectInputs | undefined;
  try {
    args = parseEvaluateArgs(argv);
    if (args.help) {
      out(EVALUATE_HELP);
      return 0;
    }
    config = await loadConfig({ file: args.config, rttMs: args.rtt });
    project = args.project ? resolveProject(args.project) : undefined;
  } catch (error) {
    progress(`evaluate: ${(error as Error).message}\n\nRun npm run evaluate -- --help for the options.`);
    return 2;
  }
  let outcome;
  try {
    outcome = await runEvaluate({
      config,
      full: args.full,
      skip: args.skip,
      implementations: args.impls,
      scale: args.scale,
      outDir: args.out,
      project,
      fuzzRuns: args.fuzzRuns,
      databaseUrl: env.DATABASE_URL || undefined,
      argv,
      write: progress,
      writeReport,
    });
  } catch (error) {
    progress(`evaluate: no report: ${(error as Error).stack ?? String(error)}`);
    return 3;
  }
  const { results, files } = outcome;
  const failed = results.steps.filter((s) => s.status === "failed");
  const shown = (path: string) =>
    relative(process.cwd(), path).startsWith("..") ? path : relative(process.cwd(), path);
  out("");
  out(`Report: ${shown(files.html)}  (also ${shown(files.markdown)} and ${shown(files.json)})`);
  out("");
  out(results.decision.verdict);
  if (failed.length)
    out(
      `\n${failed.length} step(s) failed: ${failed.map((s) => `${s.title} (${s.error?.split("\n")[0]})`).join("; ")}`,
    );
  return failed.length ? 1 : 0;
}
