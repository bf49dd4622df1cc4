/** `npm run db:push`: refused except on disposable local test databases (see src/migrate/push-guard.ts, `--help`). */
import { runPushCli } from "../src/migrate/push-guard.ts";

process.exitCode = await runPushCli(process.argv.slice(2));
