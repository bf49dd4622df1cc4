/** `npm run db:backup`: a consistent snapshot of the database (see src/migrate/backup-cli.ts, `--help`). */
import { runBackupCli } from "../src/migrate/backup-cli.ts";

process.exitCode = await runBackupCli(process.argv.slice(2));
