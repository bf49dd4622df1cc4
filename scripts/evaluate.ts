/** `npm run evaluate`: the main job (see src/evaluate/cli.ts, `--help`). */
import { runEvaluateCli } from "../src/evaluate/cli.ts";

process.exitCode = await runEvaluateCli(process.argv.slice(2));
