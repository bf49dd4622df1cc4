/** `npm run db:drizzle:baseline`: logic in src/migrate/cli/drizzle-baseline.ts (`--help`). */
import { runDrizzleBaselineCli } from "../src/migrate/cli/drizzle-baseline.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runDrizzleBaselineCli(process.argv.slice(2)));
