/** `npm run db:baseline`: logic in src/migrate/cli/resolve.ts (`--help`). */
import { runBaselineCli } from "../src/migrate/cli/resolve.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runBaselineCli(process.argv.slice(2)));
