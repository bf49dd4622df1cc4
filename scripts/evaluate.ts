/** `npm run evaluate`: the main job (see src/evaluate/cli.ts, `--help`). */
import { runEvaluateCli } from "../src/evaluate/cli.ts";
import { runCommand } from "../src/cli/command.ts";
import { writeReport } from "../src/report/index.ts";

await runCommand("evaluate", () => runEvaluateCli(process.argv.slice(2), { writeReport }));
