/** `npm run db:seed`: deterministic, idempotent seed data (see src/seed/cli.ts, `--help`). */
import { runSeedCli } from "../src/seed/cli.ts";

process.exitCode = await runSeedCli(process.argv.slice(2));
