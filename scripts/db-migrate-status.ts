/** `npm run db:migrate:status`: logic in src/migrate/cli/status.ts (`--help`). */
import { runStatusCli } from "../src/migrate/cli/status.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runStatusCli(process.argv.slice(2)));
