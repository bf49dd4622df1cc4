/** `npm run bench`: the latency benchmark (see src/bench/cli.ts, `--help`). */
import { runBenchCli } from "../src/bench/cli.ts";
import { runCommand } from "../src/cli/command.ts";

await runCommand("bench", () => runBenchCli(process.argv.slice(2)));
