/** `npm run db:migrate:new -- <name>`: see HELP. */
import { createMigration } from "../create.ts";
import { selectTargetUrl } from "../../db/target-url.ts";
import { shadowFromEnv } from "../engine/shadow.ts";
import { formatFindings, lintMigrationSql, lintSummary } from "../lint/index.ts";
import { loadMigrationProject } from "../project.ts";
import { parseCommandArgs, runCommand, stderrOut, UsageError, type Out } from "./common.ts";

const NEW_HELP = `Usage: npm run db:migrate:new -- <name> [--schema prisma/schema.prisma] [--migrations prisma/migrations]

Creates the next migration, without prompts: the SQL that takes the migration history to
schema.prisma, computed by Prisma's schema engine (Wasm build) replaying the history in a shadow
database. Writes prisma/migrations/<timestamp>_<name>/migration.sql, prints it, and lints it.

It never writes to your database: the shadow database is a throwaway embedded PostgreSQL on this
machine, or SHADOW_DATABASE_URL when set. That database is EMPTIED before use, so it is guarded
like every target: refused when production-like, and refused when it is the database that
DIRECT_DATABASE_URL / DATABASE_URL names (both servers are asked who they are: the only connection
made to your database).
When schema.prisma already matches the history it says so and writes nothing.

Exit codes: 0 written or nothing to do, 1 written but the linter found errors, 2 could not run.`;

/** Runs the command; returns the exit code. */
export async function runNewMigrationCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = stderrOut,
): Promise<number> {
  return runCommand(
    "db:migrate:new",
    NEW_HELP,
    out,
    async () => {
      const { values, positionals } = parseCommandArgs(
        argv,
        { schema: { type: "string" }, migrations: { type: "string" }, help: { type: "boolean", short: "h" } },
        true,
      );
      if (values.help) {
        out(NEW_HELP);
        return 0;
      }
      if (positionals.length !== 1)
        throw new UsageError("give exactly one migration name, e.g. npm run db:migrate:new -- add_due_dates");
      const project = await loadMigrationProject({ schemaPath: values.schema, migrationsDir: values.migrations });
      out(
        `db:migrate:new: schema ${project.schema.path}; ${project.migrations.length} migration(s) in ${project.migrationsDir}`,
      );
      const shadow = await shadowFromEnv(env, {
        command: "db:migrate:new",
        targetUrl: selectTargetUrl(env)?.url,
        out,
      });
      try {
        const created = await createMigration(project, positionals[0]!, shadow);
        if (!created.path) {
          out("db:migrate:new: no changes: schema.prisma already matches the migration history. Nothing written.");
          return 0;
        }
        out(`db:migrate:new: wrote ${created.path}\n\n${created.sql}`);
        return lintNewMigration(created.sql, created.path, out);
      } finally {
        await shadow.close();
      }
    },
    2,
  );
}

/** Lints the new file; the linter lives in ../lint (db:migrate:lint). */
function lintNewMigration(sql: string, path: string, out: Out): number {
  const findings = lintMigrationSql(sql, { file: path });
  out(findings.length === 0 ? "db:migrate:lint: no findings." : formatFindings(findings));
  const summary = lintSummary(findings);
  if (summary.failed)
    out(
      `db:migrate:lint: ${summary.errors} error(s). Review the migration: make it safe, or acknowledge each finding with an inline marker (npm run db:migrate:lint -- --help).`,
    );
  return summary.failed ? 1 : 0;
}
