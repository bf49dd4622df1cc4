/** `npm run db:baseline`: logic in src/migrate/cli/resolve.ts (`--help`). */
import { runBaselineCli } from "../src/migrate/cli/resolve.ts";

process.exitCode = await runBaselineCli(process.argv.slice(2));
