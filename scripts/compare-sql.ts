/** `npm run compare-sql`: the side-by-side SQL comparison (see src/compare/cli.ts, `--help`). */
import { runCompareCli } from "../src/compare/cli.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runCompareCli(process.argv.slice(2)));
