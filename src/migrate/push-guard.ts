/**
 * `npm run db:push`: Prisma's `db push` syncs a database to the schema without a migration and
 * drops whatever stands in the way; run against shared databases it is one of the source incidents'
 * ways to lose data. Here it is refused for every target except a disposable local test database
 * that nothing marks as production-like. On such a target it applies `prisma/migrations` (Prisma's
 * native engine, which `db push` needs, cannot run on this platform), which gives the same schema.
 */
import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "../db/embedded.ts";
import { pooledReason, selectTargetUrl, type SelectedUrl } from "../db/target-url.ts";
import { createDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { applyMigrationsPlain } from "./apply-sql.ts";
import { guardTarget } from "./guard.ts";
import { isLocalHost, refusalLine, TargetRefusedError, type TargetInfo } from "./target.ts";

const PUSH_HELP = `Usage: npm run db:push

Refuses every target except a disposable local test database: the host is this machine and the
database name contains test, tmp or scratch (e.g. app_test), and nothing marks it production-like
(APP_ENV/NODE_ENV, ORM_SWITCH_PRODUCTION_HOSTS, orm-switch.config.json). For everything else use
a migration:
  npm run db:migrate:new -- <name>     writes prisma/migrations/<timestamp>_<name>/migration.sql
  npm run db:migrate:apply             applies it (banner, --yes for production-like, backup, lock)

Target: DIRECT_DATABASE_URL, else DATABASE_URL; a pooled URL (pgbouncer=true, port 6543, a Neon
-pooler host) is refused. The target is judged on what the server says it is after connecting.

On an accepted target it applies the pending migrations of prisma/migrations (not a schema diff:
Prisma's native engine, which 'prisma db push' needs, cannot run here). With DATABASE_URL unset it
does so in a new test database on a throwaway embedded PostgreSQL, which shows the migrations apply.

Options:
  -h, --help     this help

Exit codes: 0 schema applied; 1 target refused; 2 bad usage or could not run.`;

/** Whether `db:push` may touch `target`, and if not, the full explanation to print. */
function checkPushTarget(target: TargetInfo): { allowed: true } | { allowed: false; message: string } {
  const why: string[] = [];
  if (!target.disposableTest) {
    why.push(
      isLocalHost(target.host)
        ? `database "${target.database}" is not named as a test database (its name must contain test, tmp or scratch, e.g. app_test)`
        : `host ${target.host} is not this machine`,
    );
  }
  if (target.productionLike) why.push(...target.reasons.map((r) => `it looks production-like: ${r}`));
  if (why.length === 0) return { allowed: true };
  return {
    allowed: false,
    message: [
      `db:push only touches disposable local test databases, and ${target.database} on ${target.host} is not one:`,
      ...why.map((w) => `  - ${w}`),
      `db push rewrites a schema without a migration and drops what stands in the way. Change the schema with a migration instead:`,
      `  npm run db:migrate:new -- <name>     (writes and lints prisma/migrations/<timestamp>_<name>/migration.sql)`,
      `  npm run db:migrate:apply             (names the target, backs it up, applies under a lock)`,
    ].join("\n"),
  };
}

type Print = (line: string) => void;

/** Runs `db:push`; returns the exit code documented in {@link PUSH_HELP}. */
export async function runPushCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Print = (l) => process.stdout.write(`${l}\n`),
  err: Print = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let help: boolean;
  try {
    help = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { help: { type: "boolean", short: "h", default: false } },
    }).values.help;
  } catch (error) {
    err(`db:push: ${(error as Error).message}; see --help`);
    return 2;
  }
  if (help) {
    out(PUSH_HELP);
    return 0;
  }
  const given = selectTargetUrl(env);
  const pooled = given && pooledReason(given.url, env);
  if (pooled) {
    err(
      `db:push: refused: ${given.variable} goes through a connection pooler (${pooled}); db:push needs a direct connection to a disposable local test database`,
    );
    return 1;
  }
  const embedded = given ? undefined : await startEmbeddedPostgres();
  try {
    const selected: SelectedUrl = given ?? {
      url: await createDatabase(embedded!.url, uniqueTestDatabaseName("orm_switch_push_test")),
      variable: "throwaway embedded PostgreSQL",
    };
    const target = await guardTarget({
      command: "db:push",
      title: embedded ? "db:push (throwaway embedded PostgreSQL)" : "db:push",
      selected,
      yes: false,
      extraRule: (t) => {
        const verdict = checkPushTarget(t);
        return verdict.allowed ? undefined : verdict.message;
      },
      env,
      out: err,
    });
    out(
      "db:push: applying prisma/migrations (the native engine's schema push cannot run here; migrations give the same schema)",
    );
    const applied = await applyMigrationsPlain(target.url);
    out(
      applied.length
        ? `db:push: applied ${applied.length} migration(s): ${applied.join(", ")}`
        : "db:push: schema already up to date (no pending migrations)",
    );
    return 0;
  } catch (error) {
    if (error instanceof TargetRefusedError) {
      err(refusalLine("db:push", error));
      return 1;
    }
    err(`db:push: could not run: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await embedded?.stop();
  }
}
