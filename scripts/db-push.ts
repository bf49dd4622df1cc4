/** `npm run db:push`: refused except on disposable local test databases (see src/migrate/push-guard.ts, `--help`). */
import { runPushCli } from "../src/migrate/push-guard.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runPushCli(process.argv.slice(2)));
