/** `npm run db:migrate:resolve` and `npm run db:baseline`: see the HELP texts. */
import { shadowFromEnv, type ClosableShadowProvider } from "../engine/shadow.ts";
import { baselineDatabase, BaselineRefusedError, markApplied, markRolledBack } from "../resolve.ts";
import { onGuardedTarget, parseCommandArgs, runCommand, stderrOut, UsageError, type Out } from "./common.ts";

export const RESOLVE_HELP = `Usage: npm run db:migrate:resolve -- (--applied <name> | --rolled-back <name>) [--yes]
                                   [--migrations dir] [--schema path]

Changes the migration history without running any migration (Prisma's migrate resolve):
  --applied <name>       record <name> as applied: you made the change yourself, or the database
                         already had it
  --rolled-back <name>   mark the FAILED attempt of <name> as rolled back, so db:migrate:apply
                         runs it again (fix the cause first)
  --migrations <dir>     the migrations folder (default prisma/migrations); must exist
  --schema <path>        the Prisma schema (default prisma/schema.prisma)
Target: DIRECT_DATABASE_URL, else DATABASE_URL (never a pooled URL), judged as the server reports it.
Production-like targets need --yes. Exit codes: 0 done, 1 refused or failed, 2 bad usage.`;

const BASELINE_HELP = `Usage: npm run db:baseline [-- --yes] [--schema path] [--migrations dir]

Adopts a database that already has its tables but no migration history (created with db push, by
hand, or by another tool), without running anything on it:
- with migrations in prisma/migrations: checks that they produce exactly the live schema, then
  marks every one applied; any difference is printed and nothing is marked;
- with no migrations: writes prisma/migrations/0_baseline/migration.sql from the live schema (an
  empty-database diff) and marks it applied.
Production-like targets need --yes. Exit codes: 0 done, 1 refused or failed, 2 bad usage.`;

export async function runResolveCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = stderrOut,
): Promise<number> {
  return runCommand("db:migrate:resolve", RESOLVE_HELP, out, async () => {
    const { values } = parseCommandArgs(argv, {
      applied: { type: "string" },
      "rolled-back": { type: "string" },
      yes: { type: "boolean" },
      schema: { type: "string" },
      migrations: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      out(RESOLVE_HELP);
      return 0;
    }
    const applied = values.applied;
    const rolledBack = values["rolled-back"];
    if ((applied === undefined) === (rolledBack === undefined))
      throw new UsageError("give exactly one of --applied <name> or --rolled-back <name>");
    const context = { env, out, requireMigrationsDir: true };
    return onGuardedTarget("db:migrate:resolve", values, context, async (info, project) => {
      if (applied !== undefined) await markApplied(info.url, project, applied);
      else await markRolledBack(info.url, project, rolledBack!);
      out(
        applied !== undefined
          ? `db:migrate:resolve: ${applied} recorded as applied (nothing was run).`
          : `db:migrate:resolve: ${rolledBack} marked rolled back; npm run db:migrate:apply will run it again.`,
      );
      return 0;
    });
  });
}

export async function runBaselineCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = stderrOut,
): Promise<number> {
  return runCommand("db:baseline", BASELINE_HELP, out, async () => {
    const { values } = parseCommandArgs(argv, {
      yes: { type: "boolean" },
      schema: { type: "string" },
      migrations: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      out(BASELINE_HELP);
      return 0;
    }
    const context = { env, out, requireMigrationsDir: false };
    return onGuardedTarget("db:baseline", values, context, async (info, project) => {
      let shadow: ClosableShadowProvider | undefined;
      try {
        shadow = await shadowFromEnv(env, { command: "db:baseline", targetUrl: info.url, out });
        const outcome = await baselineDatabase(info.url, project, shadow);
        if (outcome.written) out(`db:baseline: wrote ${outcome.written} from the live schema.`);
        out(`db:baseline: marked applied without running: ${outcome.marked.join(", ")}`);
        if (outcome.schemaDiffers)
          out(
            `db:baseline: note: schema.prisma differs from the live schema; the next db:migrate:new will contain:\n${outcome.schemaDiffers}`,
          );
        return 0;
      } catch (error) {
        if (error instanceof BaselineRefusedError) {
          out(`db:baseline: refused: ${error.message}`);
          return 1;
        }
        throw error;
      } finally {
        await shadow?.close();
      }
    });
  });
}
