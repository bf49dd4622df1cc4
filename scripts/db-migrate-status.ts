/** `npm run db:migrate:status`: logic in src/migrate/cli/status.ts (`--help`). */
import { runStatusCli } from "../src/migrate/cli/status.ts";

process.exitCode = await runStatusCli(process.argv.slice(2));
