/** `npm run db:restore`: verified restore of a db:backup folder (see src/migrate/backup-cli.ts, `--help`). */
import { runRestoreCli } from "../src/migrate/backup-cli.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runRestoreCli(process.argv.slice(2)));
