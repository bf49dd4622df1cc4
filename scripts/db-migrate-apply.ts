/** `npm run db:migrate:apply`: logic in src/migrate/cli/apply.ts (`--help`). */
import { runApplyCli } from "../src/migrate/cli/apply.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runApplyCli(process.argv.slice(2)));
