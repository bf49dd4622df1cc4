/** `npm run db:backup`: a consistent snapshot of the database (see src/migrate/backup-cli.ts, `--help`). */
import { runBackupCli } from "../src/migrate/backup-cli.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runBackupCli(process.argv.slice(2)));
