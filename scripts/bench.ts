/** `npm run bench`: the latency benchmark (see src/bench/cli.ts, `--help`). */
import { runBenchCli } from "../src/bench/cli.ts";
import { exitWith } from "../src/cli/exit.ts";

await exitWith(await runBenchCli(process.argv.slice(2)));
