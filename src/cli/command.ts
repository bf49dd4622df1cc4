/**
 * How a command entry point (scripts/*.ts) runs: its main function returns the exit code, an
 * exception is "could not run" (exit 2), and the process ends through {@link exitWith} so the
 * embedded server's exit hook cannot turn a failure into success.
 */
import { exitWith } from "./exit.ts";

/** A command's body: the exit code, or nothing when it keeps serving until a signal ends it. */
export type CommandMain = () => Promise<number | void>;

/**
 * Runs `main` and exits with its code; an error it throws is printed as `<name>: could not run:
 * <message>` and exits 2. When `main` resolves without a code (a server), the process keeps running.
 */
export async function runCommand(name: string, main: CommandMain): Promise<void> {
  let code: number | void;
  try {
    code = await main();
  } catch (error) {
    process.stderr.write(`${name}: could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 2;
  }
  if (typeof code === "number") await exitWith(code);
}
