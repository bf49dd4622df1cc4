/** `npm run db:migrate:new`: logic in src/migrate/cli/new.ts (`--help`). */
import { runNewMigrationCli } from "../src/migrate/cli/new.ts";

process.exitCode = await runNewMigrationCli(process.argv.slice(2));
