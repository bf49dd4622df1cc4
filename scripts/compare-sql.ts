/** `npm run compare-sql`: the side-by-side SQL comparison (see src/compare/cli.ts, `--help`). */
import { runCompareCli } from "../src/compare/cli.ts";
import { runCommand } from "../src/cli/command.ts";

await runCommand("compare-sql", () => runCompareCli(process.argv.slice(2)));
