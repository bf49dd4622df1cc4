/** `npm run db:migrate:apply`: logic in src/migrate/cli/apply.ts (`--help`). */
import { runApplyCli } from "../src/migrate/cli/apply.ts";

process.exitCode = await runApplyCli(process.argv.slice(2));
