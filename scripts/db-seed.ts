/** `npm run db:seed`: deterministic, idempotent seed data (see src/seed/cli.ts, `--help`). */
import { runSeedCli } from "../src/seed/cli.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runSeedCli(process.argv.slice(2)));
