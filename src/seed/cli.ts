/**
 * `npm run db:seed`: argument parsing, target selection (DATABASE_URL or a throwaway embedded
 * PostgreSQL), progress and the closing summary. The seeding itself is in index.ts.
 */
import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "../db/embedded.ts";
import { selectTargetUrl } from "../db/target-url.ts";
import { createDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { guardTarget } from "../migrate/guard.ts";
import { refusalLine, TargetRefusedError } from "../migrate/target.ts";
import { DEMO_SESSION_TOKEN, demoAllowed, plannedRows, seedDatabase, type SeedReport } from "./index.ts";

const SEED_HELP = `Usage: npm run db:seed -- [options]

Writes the deterministic seed data set: the same ids and rows on every run. Running it twice
changes nothing (rows are upserted and only rewritten when they differ from the seed).

Target:
  DIRECT_DATABASE_URL, else DATABASE_URL, set
                       seeds that database (it must already be migrated), after the same guard as
                       every writing command: a banner with what the server says it is, and
                       --yes for a production-like target (see docs/safe-migrations.md).
  neither set          starts an embedded PostgreSQL, applies prisma/migrations, seeds it, and
                       THROWS IT AWAY at exit: a demonstration only.

Options:
  --scale <n>        size multiplier (default 1: ~5 organizations, ~1k users, ~10k tasks;
                     --scale 10 gives ten times that; fractions such as 0.1 are allowed)
  --batch-size <n>   rows per INSERT statement (default 2000)
  --dry-run          print the row counts it would write and stop
  --quiet            no progress output
  --yes              confirm a production-like target named in the banner
  -h, --help         this help

Demo-only rows (a demo organization and a login with a known session token) are written only
when NODE_ENV or APP_ENV is "development" or "test". Refuses to run when either is "production".
`;

export interface SeedCliOptions {
  scale: number;
  batchSize: number;
  dryRun: boolean;
  quiet: boolean;
  yes: boolean;
  help: boolean;
}

/** Parses `db:seed` arguments; throws with a readable message on bad input. */
export function parseSeedArgs(argv: string[]): SeedCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: "string" },
      "batch-size": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      yes: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
    throw new Error(`--scale must be a number in (0, 1000], got "${values.scale}"`);
  const batchSize = values["batch-size"] === undefined ? 2000 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
    throw new Error(`--batch-size must be an integer from 1 to 50000, got "${values["batch-size"]}"`);
  return { scale, batchSize, dryRun: values["dry-run"], quiet: values.quiet, yes: values.yes, help: values.help };
}

/** One line per table and an overall verdict. */
function formatSeedReport(report: SeedReport): string {
  const lines = report.tables.map(
    (t) =>
      `  ${t.table.padEnd(14)} ${String(t.rows).padStart(8)} rows  ${String(t.inserted).padStart(8)} inserted  ${String(t.updated).padStart(6)} updated  ${String(t.unchanged).padStart(8)} unchanged`,
  );
  const verdict =
    report.changed === 0 ? "nothing changed: the database already held this seed" : `${report.changed} rows written`;
  return [
    ...lines,
    `  ${verdict} (scale ${report.scale}${report.demo ? ", with demo rows" : ""}, ${(report.durationMs / 1000).toFixed(1)} s)`,
  ].join("\n");
}

/** Runs the command; returns the process exit code. */
export async function runSeedCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let options: SeedCliOptions;
  try {
    options = parseSeedArgs(argv);
  } catch (error) {
    out(`db:seed: ${(error as Error).message}\n\n${SEED_HELP}`);
    return 2;
  }
  if (options.help) {
    out(SEED_HELP);
    return 0;
  }
  if ([env.NODE_ENV, env.APP_ENV].includes("production")) {
    out(
      "db:seed: refusing to seed with NODE_ENV/APP_ENV=production: seed data does not belong in a production database.",
    );
    return 1;
  }
  const demo = demoAllowed(env);
  if (options.dryRun) {
    out(`db:seed --dry-run (scale ${options.scale}${demo ? ", with demo rows" : ""}):`);
    for (const [table, n] of Object.entries(plannedRows(options.scale, demo)))
      out(`  ${table.padEnd(14)} ${String(n).padStart(8)} rows`);
    return 0;
  }

  const external = selectTargetUrl(env);
  const embedded = external ? undefined : await startEmbeddedPostgres();
  try {
    if (embedded)
      out(
        "db:seed: DATABASE_URL is not set: seeding a throwaway embedded PostgreSQL. It is deleted when this command exits (a demonstration only).",
      );
    // The throwaway database passes the same guard and prints the same banner as any target.
    const selected = external ?? {
      url: await createDatabase(embedded!.url, uniqueTestDatabaseName("orm_switch_seed_tmp")),
      variable: "throwaway embedded PostgreSQL",
    };
    const url = (await guardTarget({ command: "db:seed", selected, yes: options.yes, env, out })).url;
    if (embedded) {
      const applied = await applyMigrationsPlain(url);
      out(`db:seed: applied ${applied.length} migration(s)`);
    }
    let lastTable = "";
    const report = await seedDatabase(url, {
      scale: options.scale,
      demo,
      batchSize: options.batchSize,
      onProgress: options.quiet
        ? undefined
        : (p) => {
            // On a terminal one line per table is rewritten in place; in logs each batch is a line.
            if (process.stderr.isTTY)
              process.stderr.write(`\r  ${p.table.padEnd(14)} ${p.done}/${p.total}${p.done === p.total ? "\n" : ""}`);
            else if (p.table !== lastTable || p.done === p.total) out(`  ${p.table.padEnd(14)} ${p.done}/${p.total}`);
            lastTable = p.table;
          },
    });
    out(formatSeedReport(report));
    if (demo) out(`db:seed: demo login: user demo@orm-switch.dev, bearer token "${DEMO_SESSION_TOKEN}"`);
    return 0;
  } catch (error) {
    if (error instanceof TargetRefusedError) {
      out(refusalLine("db:seed", error));
      return 1;
    }
    const message = (error as Error).message;
    const hint = /relation "[a-z_]+" does not exist/.test(message)
      ? " (is the database migrated? run the migrations first)"
      : "";
    out(`db:seed: failed: ${message}${hint}`);
    return 1;
  } finally {
    await embedded?.stop();
  }
}
