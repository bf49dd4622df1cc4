/** `npm run db:migrate:resolve`: logic in src/migrate/cli/resolve.ts (`--help`). */
import { runResolveCli } from "../src/migrate/cli/resolve.ts";

process.exitCode = await runResolveCli(process.argv.slice(2));
