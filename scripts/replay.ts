/** `npm run replay -- --workload <file.jsonl> ...`: see src/replay/cli.ts (and --help). */
import { exitWith } from "../src/cli/exit.ts";
import { replayCommand } from "../src/replay/cli.ts";

replayCommand(process.argv.slice(2)).then(exitWith, async (error: unknown) => {
  console.error(`replay: could not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  await exitWith(2);
});
