/** `npm run evaluate`: the main job (see src/evaluate/cli.ts, `--help`). */
import { runEvaluateCli } from "../src/evaluate/cli.ts";
import { exitWith } from "../src/cli/exit.ts";
import { writeReport } from "../src/report/index.ts";

await exitWith(await runEvaluateCli(process.argv.slice(2), { writeReport }));
