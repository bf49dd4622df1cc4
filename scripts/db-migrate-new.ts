/** `npm run db:migrate:new`: logic in src/migrate/cli/new.ts (`--help`). */
import { runNewMigrationCli } from "../src/migrate/cli/new.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runNewMigrationCli(process.argv.slice(2)));
