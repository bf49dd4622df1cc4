/**
 * `npm run compare-sql`: chooses the server (embedded by default, DATABASE_URL's otherwise), runs
 * the comparison and writes report/sql/comparison.json and comparison.md.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { parseImplementations, parseList } from "../cli/args.ts";
import { type CommandServer, openCommandServer } from "../cli/server.ts";
import { describeTarget } from "../db/urls.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";
import { registeredImplementation, runComparison } from "./index.ts";
import { renderMarkdown } from "./markdown.ts";
import type { ComparisonReport } from "./types.ts";

const DEFAULT_OUT_DIR = resolve(import.meta.dirname, "../../report/sql");

const COMPARE_HELP = `Usage: npm run compare-sql -- [options]

Seeds a database, runs every repository operation through every implementation with identical
inputs (each implementation on its own copy of the seeded database), captures the SQL at the
driver, EXPLAINs it, checks the results agree, and writes comparison.json and comparison.md.

Server:
  DATABASE_URL unset   an embedded PostgreSQL, thrown away afterwards
  DATABASE_URL set     new test-named databases on that server (dropped afterwards); the
                       URL's own database is only used to create them

Options:
  --impls <a,b,...>    implementations to compare (default: every registered one that loads:
                       ${IMPLEMENTATIONS.join(", ")})
  --scale <n>          seed size (default 1; see npm run db:seed -- --help)
  --analyze            EXPLAIN ANALYZE (actual times of a rolled-back replay)
  --only <prefixes>    only scenarios whose name starts with one of these (comma-separated)
  --out <dir>          output directory (default report/sql)
  -h, --help           this help
`;

export interface CompareCliOptions {
  impls: ImplementationName[] | null;
  scale: number;
  analyze: boolean;
  only: string[];
  out: string;
  help: boolean;
}

/** Parses `compare-sql` arguments; throws with a readable message on bad input. */
function parseCompareArgs(argv: string[]): CompareCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      impls: { type: "string" },
      scale: { type: "string" },
      analyze: { type: "boolean", default: false },
      only: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const impls = parseImplementations(values.impls) ?? null;
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new Error(`--scale must be a number in (0, 100], got "${values.scale}"`);
  return {
    impls,
    scale,
    analyze: values.analyze,
    only: parseList(values.only) ?? [],
    out: values.out ? resolve(values.out) : DEFAULT_OUT_DIR,
    help: values.help,
  };
}

/** Writes both files; returns their paths. */
export async function writeComparison(
  report: ComparisonReport,
  dir: string,
): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, "comparison.json");
  const markdown = join(dir, "comparison.md");
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderMarkdown(report));
  return { json, markdown };
}

/** Runs the command; returns the process exit code. */
export async function runCompareCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let options: CompareCliOptions;
  try {
    options = parseCompareArgs(argv);
  } catch (error) {
    out(`compare-sql: ${(error as Error).message}\n\n${COMPARE_HELP}`);
    return 2;
  }
  if (options.help) {
    out(COMPARE_HELP);
    return 0;
  }
  const started = performance.now();
  let server: CommandServer | undefined;
  try {
    server = await openCommandServer(env.DATABASE_URL);
    if (server.kind === "embedded")
      out(`[compare] embedded PostgreSQL started: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    else
      out(`[compare] server ${server.description} (new test databases next to ${describeTarget(server.url).database})`);
    const names = options.impls ?? [...IMPLEMENTATIONS];
    const report = await runComparison({
      serverUrl: server.url,
      server: server.kind,
      implementations: names.map(registeredImplementation),
      optional: options.impls === null,
      scale: options.scale,
      analyze: options.analyze,
      only: options.only,
      log: out,
    });
    const files = await writeComparison(report, options.out);
    const equal = report.operations.filter((o) => o.results_equal).length;
    const flagged = Object.entries(report.totals)
      .map(([n, t]) => `${n} ${t.flagged}`)
      .join(", ");
    out(
      `[compare] ${report.operations.length} operations × ${report.implementations.length} implementations (${report.implementations.join(", ")}); results equal on ${equal}/${report.operations.length}; flagged operations: ${flagged}`,
    );
    if (!report.state.equal)
      out(`[compare] database state after the run differs in: ${report.state.differing.join(", ")}`);
    out(
      `[compare] wrote ${files.json} and ${files.markdown} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return equal === report.operations.length && report.state.equal ? 0 : 1;
  } catch (error) {
    out(`compare-sql: failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    await server?.stop();
  }
}
