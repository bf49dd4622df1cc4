/** `npm run db:restore`: verified restore of a db:backup folder (see src/migrate/backup-cli.ts, `--help`). */
import { runRestoreCli } from "../src/migrate/backup-cli.ts";

process.exitCode = await runRestoreCli(process.argv.slice(2));
