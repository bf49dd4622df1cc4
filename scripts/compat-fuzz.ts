/**
 * `npm run compat:fuzz -- --schema <schema.prisma> --drizzle <dir>/schema.ts [--runs N] [--seed S]`:
 * the facade fuzzed against real Prisma Client on a team's own schema. Logic in src/fuzz/run.ts.
 */
import { parseArgs } from "node:util";
import { runCommand } from "../src/cli/command.ts";
import { withCommandServer } from "../src/cli/server.ts";
import { type FuzzReport, runCompatFuzz } from "../src/fuzz/run.ts";
import { SchemaLoadError } from "../src/schema/dmmf.ts";

const HELP = `Usage: npm run compat:fuzz -- --schema <path/schema.prisma | folder> --drizzle <dir>/schema.ts [--runs N] [--seed S] [--rows N]

Proves the Prisma-shaped facade answers as Prisma Client does on this schema:
  1. generates the schema's Prisma Client into a temporary folder (offline)
  2. builds a scratch database with Prisma's SQL for the schema and seeds synthetic rows (--rows
     per model, default 6) through Prisma Client, respecting uniques, foreign keys and enums
  3. generates --runs random operations (default 200) from the schema: find*/count/aggregate/
     groupBy with where, select/include, orderBy, take/skip/cursor; create/createMany/update/
     updateMany/upsert/delete/deleteMany with nested writes; each runs through real Prisma Client
     and through the facade over --drizzle (and the compat.ts beside it, both from schema:drizzle),
     writes inside transactions that roll back
  4. compares results (types kept), errors (class, code, whole meta) and the database state after
     each write; prints counts and each mismatch, minimized (fast-check shrinking)
Operations the facade refuses ("not supported yet") are counted apart, with the reason; they are
not mismatches. The same --seed replays the same operations. With DATABASE_URL unset it runs on a
throwaway embedded PostgreSQL; with it set, in an orm_switch_compat_fuzz_test_* database it creates
on that server and drops again. Nothing else is read or written.

Exit codes: 0 no mismatch (and something compared), 1 mismatches found or nothing could be
compared, 2 usage error, invalid schema or could not run.`;

function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option} must be a positive integer, not "${value}"`);
  return n;
}

function printReport(report: FuzzReport): void {
  const refused = [...report.refusals.values()].reduce((a, b) => a + b, 0);
  console.log(
    `compat:fuzz: ${report.compared} compared, ${report.equal} equal, ${report.mismatchCount} mismatches, ${refused} refused by the facade`,
  );
  for (const [reason, n] of [...report.refusals].sort((a, b) => b[1] - a[1])) console.log(`  refused ${n}x: ${reason}`);
  for (const [model, message] of report.unreadable)
    console.log(`  not fuzzed: Prisma Client itself cannot read ${model} back: ${message}`);
  for (const m of report.mismatches) {
    console.log(
      `mismatch ${m.signature}\n  call:   ${m.call}\n  prisma: ${JSON.stringify(m.prisma)}\n  facade: ${JSON.stringify(m.facade)}`,
    );
    for (const message of m.messages) console.log(`  ${message}`);
  }
  if (report.signatures.length > report.mismatches.length)
    console.log(
      `  mismatch kinds not minimized: ${report.signatures.filter((s) => !report.mismatches.some((m) => m.signature === s)).join("; ")}`,
    );
  if (report.mismatchCount > report.mismatches.length)
    console.log(
      `  (${report.mismatches.length} minimized of ${report.mismatchCount} mismatching operations: the first of each model, operation and kind)`,
    );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      schema: { type: "string" },
      drizzle: { type: "string" },
      runs: { type: "string" },
      seed: { type: "string" },
      rows: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.schema || !values.drizzle) {
    console.error("compat:fuzz: --schema <path> and --drizzle <schema.ts> are required (see --help)");
    return 2;
  }
  let runs: number, rows: number, seed: number;
  try {
    runs = positiveInteger(values.runs, "--runs", 200);
    rows = positiveInteger(values.rows, "--rows", 6);
    seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  } catch (error) {
    console.error(`compat:fuzz: ${(error as Error).message}`);
    return 2;
  }
  const { schema: schemaPath, drizzle: drizzlePath } = values;
  return withCommandServer(process.env.DATABASE_URL, async (server) => {
    const log = (line: string): void => void process.stderr.write(`compat:fuzz: ${line}\n`);
    log(
      `seed ${seed}, ${runs} operations, on ${server.kind === "embedded" ? "a throwaway embedded PostgreSQL" : server.description}`,
    );
    try {
      const report = await runCompatFuzz({
        schemaPath,
        drizzlePath,
        serverUrl: server.url,
        runs,
        seed,
        rowsPerModel: rows,
        log,
      });
      printReport(report);
      // Nothing compared proves nothing: a schema whose models Prisma itself cannot read fails too.
      return report.mismatchCount === 0 && report.compared > 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof SchemaLoadError) {
        console.error(`compat:fuzz: Prisma rejected the schema:\n${error.message}`);
        return 2;
      }
      throw error;
    }
  });
}

await runCommand("compat:fuzz", main);
