/** `npm run db:migrate:status`: see HELP. */
import { shadowFromEnv, type ClosableShadowProvider } from "../engine/shadow.ts";
import { loadMigrationProject } from "../project.ts";
import { formatStatus, readMigrationStatus, STATUS_EXIT, statusExitCode } from "../status.ts";
import { describeTarget } from "../../db/urls.ts";
import { parseCommandArgs, resolveMigrateTarget, runCommand, stderrOut, type Out } from "./common.ts";

const STATUS_HELP = `Usage: npm run db:migrate:status [-- --json] [--schema path] [--migrations dir]

Read-only. Compares the database (DIRECT_DATABASE_URL, else DATABASE_URL) with prisma/migrations:
pending, applied, failed, edited after they were applied (checksum mismatch), applied but missing
on disk, and drift: the live schema differs from what the applied migrations produce (a manual
ALTER TABLE, a dropped enum type). Drift is found by replaying the applied migrations in a shadow
database (throwaway embedded PostgreSQL, or SHADOW_DATABASE_URL) and diffing with Prisma's engine.

Exit codes (the most severe wins): 0 up to date, 1 pending migrations, 2 could not run,
3 drift (or a database with tables but no history: needs db:baseline), 4 history differs
(edited or missing migrations), 5 a failed migration blocks applies, 6 a migration is being
applied right now by another run (it holds the migration lock; the holder's pid is printed).

A migration started but never finished is diagnosed from the live schema, not from its history
row: its effect present (the script committed, the process died before the row was finished:
resolve --applied), absent (rolled back: resolve --rolled-back, then apply), or partly present
(manual repair). The exact command is printed.`;

export async function runStatusCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = stderrOut,
): Promise<number> {
  return runCommand(
    "db:migrate:status",
    STATUS_HELP,
    out,
    async () => {
      const { values } = parseCommandArgs(argv, {
        json: { type: "boolean" },
        schema: { type: "string" },
        migrations: { type: "string" },
        help: { type: "boolean", short: "h" },
      });
      if (values.help) {
        out(STATUS_HELP);
        return 0;
      }
      const project = await loadMigrationProject({ schemaPath: values.schema, migrationsDir: values.migrations });
      const target = await resolveMigrateTarget(env, out);
      let shadow: ClosableShadowProvider | undefined;
      try {
        shadow = await shadowFromEnv(env, { command: "db:migrate:status", targetUrl: target.url, out });
        const t = describeTarget(target.url);
        out(
          `db:migrate:status: ${t.user}@${t.host}:${t.port}/${t.database} against ${project.migrations.length} migration(s) in ${project.migrationsDir}`,
        );
        // Repeated in the printed commands, so a hint works as printed for a non-default project.
        const flags = [
          ...(values.schema ? ["--schema", values.schema] : []),
          ...(values.migrations ? ["--migrations", values.migrations] : []),
        ];
        const status = await readMigrationStatus(target.url, project, shadow, flags);
        if (values.json)
          process.stdout.write(`${JSON.stringify({ ...status, exitCode: statusExitCode(status) }, null, 2)}\n`);
        out(formatStatus(status));
        return statusExitCode(status);
      } finally {
        await shadow?.close();
        await target.close();
      }
    },
    STATUS_EXIT.couldNotRun,
  );
}
