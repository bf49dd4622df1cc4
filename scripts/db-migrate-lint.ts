/**
 * `npm run db:migrate:lint -- [files...] [--json] [--database [url]]`: reviews migration SQL for
 * destructive or locking statements. The logic lives in src/migrate/lint/; see --help.
 */
import { runLintCli } from "../src/migrate/lint/cli.ts";

runLintCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db:migrate:lint: could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
