/** `npm run db:migrate:resolve`: logic in src/migrate/cli/resolve.ts (`--help`). */
import { runResolveCli } from "../src/migrate/cli/resolve.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runResolveCli(process.argv.slice(2)));
